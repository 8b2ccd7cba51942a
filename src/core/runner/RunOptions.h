#pragma once

#include "history/HistoryTable.h"

#include <QString>

struct RunOptions
{
    HistoryTable history;
    // All migrations of the run in one transaction: all or nothing. The default
    // is one transaction per migration, so a failure keeps the ones before it.
    bool singleTransaction = false;
    // How long to wait for another runner's migration lock; 0 fails at once.
    int lockWaitSeconds = 30;
    // Server settings for the run's session, in PostgreSQL's units ("5s",
    // "2min"); empty leaves the server's default.
    QString lockTimeout;
    QString statementTimeout;
    // When a statement fails on lock_timeout (SQLSTATE 55P03), roll back and try
    // again up to this many times, waiting 0.5 s, 1 s, 2 s ... (at most 8 s) in
    // between. A migration in a transaction is retried whole; in a
    // transaction:false migration only the statement that timed out is (the
    // ones before it are committed). 0: fail at the first timeout.
    int lockTimeoutRetries = 0;
    // Report who blocks a statement that has run for more than a second
    // (MigrationRunner::lockWaitChanged), from a second connection.
    bool watchLockWaits = true;
    // Send each migration that has a transaction of its own as one pipeline
    // (libpq's pipeline mode): BEGIN, its statements, its history row and
    // COMMIT in one round trip rather than one per statement. Migrations
    // with COPY or transaction:false run statement by statement either way.
    bool pipeline = true;
    // Plan, parse and print; write nothing.
    bool dryRun = false;
    // A database only this run knows of (a shadow Strata created): no other
    // runner can race it, so no migration lock and no check of the endpoint
    // (RunTargetCheck). Replays into a shadow then work through a transaction
    // pooler too, where a session lock would stay behind on a pooled session
    // and make the next replay step wait for itself.
    bool privateDatabase = false;
};
