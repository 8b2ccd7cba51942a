#pragma once

#include "LintContext.h"
#include "LintFinding.h"
#include "migration/Migration.h"

#include <QSet>

// Checks a migration against the rule catalogue (LintRule) by walking
// libpg_query's parse tree of each section: PostgreSQL's own grammar decides
// what a statement is, never a pattern over the SQL text.
class MigrationLinter
{
public:
    // Findings ordered by position. A section that does not parse gives no
    // findings for that section (validate reports syntax errors).
    static LintFindingList lint(const Migration &migration, const LintContext &context);
    // Every migration of a run or a folder, in timestamp order, each knowing
    // what the ones before it proved (a validated CHECK (col IS NOT NULL)
    // makes a later SET NOT NULL free). Findings in the order given.
    static LintFindingList lintChain(const QList<Migration> &migrations, const LintContext &context);

    // Rule ids named by `-- strata:disable rule-a,rule-b` comment lines in the file.
    static QSet<QString> disabledInFile(const QByteArray &text);

private:
    // `after`, when given, receives what this migration proved for the next.
    static LintFindingList lint(const Migration &migration, const LintContext &context, LintContext *after);
};
