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
    // Plan, parse and print; write nothing.
    bool dryRun = false;
};
