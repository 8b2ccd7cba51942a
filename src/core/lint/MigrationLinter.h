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

    // Rule ids named by `-- strata:disable rule-a,rule-b` comment lines in the file.
    static QSet<QString> disabledInFile(const QByteArray &text);
};
