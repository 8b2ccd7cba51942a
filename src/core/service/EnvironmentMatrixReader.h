#pragma once

#include "db/ConnectionSettings.h"
#include "history/HistoryTable.h"
#include "migration/Migration.h"
#include "planner/EnvironmentMatrix.h"

#include <QList>
#include <QString>

// Reads an EnvironmentMatrix: each target's history on a connection of its
// own, several at once but never more than `concurrency`, so a matrix of many
// targets neither takes minutes nor opens a connection per target at once.
// A target that cannot be reached becomes an unreachable column with the
// reason; it never stops the others.
class EnvironmentMatrixReader
{
public:
    struct Target
    {
        QString label;
        QString environment;
        ConnectionSettings settings; // with the password, when there is one
        HistoryTable history;
    };

    static EnvironmentMatrix read(
        const MigrationList &files, const QList<Target> &targets, int concurrency = 8);

    // One target (also what read() runs for each).
    static EnvironmentMatrix::Target readTarget(const MigrationList &files, const Target &target);
};
