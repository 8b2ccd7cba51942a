#pragma once

#include "history/HistoryTable.h"
#include "planner/MigrationPlanner.h"

#include <QMetaType>
#include <QString>

#include <optional>

// What the pre-flight checks against: the run that is planned, and the
// thresholds that turn a finding into a warning or a blocker.
struct PreflightOptions
{
    HistoryTable history;
    UpOptions up; // the planned `up` (target, out of order, drift accepted)
    // Set: the planned run is a revert (`down`) instead, and the checks are
    // about the migrations it reverts and the tables their down sections touch.
    std::optional<DownOptions> down;

    // A session holding a lock that conflicts with the plan's is a blocker when
    // it is idle in a transaction, or its transaction is at least this old; a
    // younger one is a warning (busy tables always show short queries).
    int blockerAgeSeconds = 5;
    // Any transaction open longer than this is reported (a warning; it holds
    // back vacuum, and locks it took stay until it ends).
    int longTransactionSeconds = 300;

    // Where this profile's backups are (BackupCatalog); empty: not checked.
    QString backupFolder;
    QString backupProfile; // the profile part of the dump names; empty: any
    // A newer backup than this counts as recent.
    int backupMaxAgeHours = 24;
    // No recent backup is a blocker (production: "always back up first"),
    // otherwise a warning. `up --backup` makes one just before the pre-flight.
    bool backupRequired = false;
    // The run makes its own backup first (the app's Backup & Migrate, which
    // asks for the pre-flight before the dump so a blocker costs no dump):
    // the check then says so instead of judging the older backups.
    bool backupBeforeRun = false;

    // For lint: the run sets lock_timeout itself (--lock-timeout), and the
    // PostgreSQL version pinned by --pg-version (0: strata.ini, else the server).
    bool runnerSetsLockTimeout = false;
    int lintServerVersion = 0;
};

Q_DECLARE_METATYPE(PreflightOptions)
