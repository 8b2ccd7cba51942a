#pragma once

#include "LintChecker.h"
#include "LintFinding.h"

// Writes the safe rewrite of a locking statement, the way a careful engineer
// would by hand: the index built CONCURRENTLY in a transaction:false migration
// of its own, a constraint added NOT VALID and validated by a later migration,
// NOT NULL through a validated check, a lock_timeout before the first lock.
// Only for Strata .sql files (a TypeORM file's text is TypeScript) and only
// when the statement says everything the rewrite needs (one subcommand, a
// named constraint); otherwise no fix, and the rule's explanation says how.
class LintFixWriter
{
public:
    static QList<LintFix> fixesFor(const QString &ruleId, const Migration &migration,
        const LintStatement &statement, const QString &section);
};
