#pragma once

#include "TableSizes.h"

#include <QHash>
#include <QSet>
#include <QString>

// What the linter knows beyond the file itself: project settings and, when a
// database was reachable, the history and table sizes.
struct LintContext
{
    static constexpr qint64 defaultLargeTableBytes = qint64(1) << 30; // 1 GiB

    qint64 newestAppliedTimestamp = 0; // 0 = unknown
    QSet<QString> appliedNames; // historyName()s already applied: not "older than applied"
    QSet<QString> disabledRules; // project-wide (strata.ini)
    QHash<QString, TableSize> tableSizes; // keyed as LintFinding::table
    qint64 largeTableBytes = defaultLargeTableBytes;
};
