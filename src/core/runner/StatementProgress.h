#pragma once

#include <QMetaType>
#include <QString>

// The server's own report of how far the runner's statement has got, from the
// pg_stat_progress_* views (CREATE INDEX, VACUUM, CLUSTER / VACUUM FULL,
// ANALYZE, COPY), as the lock-wait watch reads it on its own connection while
// a statement runs long. Empty: no such report (any more).
struct StatementProgress
{
    QString statement; // the migration statement (its first line)
    QString command; // "CREATE INDEX", "VACUUM", "CLUSTER", "VACUUM FULL", "ANALYZE", "COPY FROM" ...
    QString phase; // the view's phase, e.g. "building index: scanning table"
    qint64 done = 0;
    qint64 total = 0; // 0: not known in this phase
    QString unit; // "blocks", "tuples", "bytes"
    qint64 secondsLeft = -1; // from this phase's rate so far; -1: not known yet
    qint64 elapsedMs = 0; // how long the statement had run at this reading

    bool isEmpty() const { return command.isEmpty(); }
    // 0-100, or -1 when the total is not known.
    int percent() const;
    // "CREATE INDEX: building index: scanning table, 45% (1200 of 2600 blocks), about 8 s left"
    QString describe() const;
};

Q_DECLARE_METATYPE(StatementProgress)
