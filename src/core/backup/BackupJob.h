#pragma once

#include "common/StrataError.h"
#include "db/ConnectionSettings.h"
#include "history/HistoryTable.h"

#include <QDateTime>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <atomic>

struct BackupOptions
{
    QString folder; // created if missing; empty: BackupCatalog::defaultFolder(profile)
    QString profile; // the profile part of the file name; empty: BackupCatalog::noProfileLabel()
    QString pgBinDir; // the folder holding pg_dump and pg_restore; empty: PgToolLocator's search
    // Before a migration run: create the (empty) history tables before dumping,
    // once every check has passed, so that the dump records what was applied at
    // that moment. Otherwise a first run's history table would be missing from
    // the dump, survive a restore, and claim migrations whose effects it undid.
    bool createHistoryTables = false;
    HistoryTable history;
};

struct BackupResult
{
    QString path;
    qint64 sizeBytes = 0;
    qint64 elapsedMs = 0; // dump and verification
    int tableCount = 0; // tables whose data is in the dump
    QString database;
    QString serverVersion;
    QString pgDumpPath;
    QString pgDumpVersion;
    QDateTime createdAt; // UTC, as in the file name
};

// One `pg_dump --format=custom` of the connected database into the backup
// folder, verified with `pg_restore --list` before it gets its final name:
//
//   1. find pg_dump (and pg_restore beside it) and check it is not older than
//      the server: pg_dump refuses newer servers, so say so before starting;
//   2. count the tables whose data will be dumped (for progress); create the
//      history tables if asked (createHistoryTables);
//   3. dump into `<name>.dump.partial` (created 0600: a dump holds every row),
//      reporting each table from pg_dump's --verbose output;
//   4. read the archive's table of contents back with pg_restore --list and
//      check it holds every table pg_dump reported;
//   5. rename it to `<profile>-<database>-<UTC timestamp>.dump`.
//
// Any failure removes the partial file and names the cause and the fix. The
// password reaches pg_dump through PgToolProcess's private password file.
// run() blocks (the worker thread or the CLI call it); cancel() is for other threads.
class BackupJob : public QObject
{
    Q_OBJECT
public:
    BackupJob(ConnectionSettings settings, BackupOptions options, QObject *parent = nullptr);

    Result<BackupResult> run();
    void cancel() { m_cancelled.store(true); }

Q_SIGNALS:
    void dumpStarted(const QString &path, int tableTotal);
    // pg_dump is running (tests look at /proc/<pid> to check no password is exposed).
    void processStarted(qint64 pid);
    void tableDumped(const QString &table, int done, int total);
    void verificationStarted(const QString &path);

private:
    StrataError dumpFailure(const QString &outcomeText, const QString &folder) const;

    ConnectionSettings m_settings;
    BackupOptions m_options;
    std::atomic_bool m_cancelled { false };
};

Q_DECLARE_METATYPE(BackupResult)
