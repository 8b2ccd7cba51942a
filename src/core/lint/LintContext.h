#pragma once

#include "TableSizes.h"

#include <QHash>
#include <QSet>
#include <QString>

// What the linter knows beyond the file itself: project settings and, when a
// database was reachable, the history, table sizes and catalog facts.
struct LintContext
{
    static constexpr qint64 defaultLargeTableBytes = qint64(1) << 30; // 1 GiB
    // The newest PostgreSQL Strata is tested against; the target when neither
    // the project nor a connection says otherwise.
    static constexpr int newestSupportedServerVersion = 170000;

    qint64 newestAppliedTimestamp = 0; // 0 = unknown
    QSet<QString> appliedNames; // historyName()s already applied: not "older than applied"
    QSet<QString> disabledRules; // project-wide (strata.ini)
    QHash<QString, TableSize> tableSizes; // keyed as LintFinding::table
    qint64 largeTableBytes = defaultLargeTableBytes;

    // server_version_num of the database the migration will meet (strata.ini
    // [lint] pg_version, --pg-version, else the connected server): rules whose
    // answer changed between versions (constant defaults before 11, SET NOT
    // NULL through a valid check from 12) answer for that one.
    int serverVersion = newestSupportedServerVersion;
    // From the connected database: function name -> whether any overload is
    // volatile. Names it does not list are PostgreSQL's own (a built-in table)
    // or, failing that, taken as volatile.
    QHash<QString, bool> functionIsVolatile;
    // "table.column" (table unqualified) with a validated CHECK (column IS NOT
    // NULL): in the database, or made by an earlier migration of the same run.
    QSet<QString> provenNotNull;
    // Constraint name -> "table.column" of a CHECK (column IS NOT NULL) added
    // NOT VALID and not validated yet: its VALIDATE proves the column.
    QHash<QString, QString> pendingNotNullChecks;
    // The runner sets lock_timeout for every statement (--lock-timeout, the
    // profile): a migration needs no SET lock_timeout of its own.
    bool runnerSetsLockTimeout = false;
};
