#pragma once

#include "db/BackendSession.h"

#include <QMetaType>

// What the runner's statement is waiting for, and who is in its way: the
// lock-wait watch's reading (pg_blocking_pids of the runner's backend). Empty
// blockers: the statement is not (or no longer) waiting on a lock.
struct LockWait
{
    int waiterPid = 0; // the runner's backend
    QString statement; // the migration statement that waits (its first line)
    QString waitingFor; // e.g. "AccessExclusiveLock on public.orders"
    qint64 waitedMs = 0; // how long the statement had run at this reading
    BackendSessionList blockers;

    bool isEmpty() const { return blockers.isEmpty(); }
};

Q_DECLARE_METATYPE(LockWait)
