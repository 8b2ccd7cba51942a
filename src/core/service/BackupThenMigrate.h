#pragma once

#include "backup/BackupJob.h"
#include "common/StrataError.h"
#include "db/ConnectionSettings.h"
#include "migration/MigrationSource.h"
#include "runner/MigrationRunner.h"
#include "runner/RunOptions.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>

class PgConnection;

// Backup then migrate, the one way both faces do it (`strata-cli up --backup`
// and MigrationWorker::backupThenUp for the app):
//
//   1. the refusals that cost no dump: a dry run, a malformed folder, a target
//      that cannot be written (a hot standby, a transaction pooler);
//   2. what the face asks before a run (Steps::beforeBackup: the CLI's
//      pre-flight and confirmation; the app asks them before calling its worker);
//   3. pg_dump of the database, verified with pg_restore --list (BackupJob),
//      with the history tables created first so the dump records what was
//      applied before the run;
//   4. only then the pending migrations, on the face's connection.
//
// A refusal or a failed or cancelled backup ends the workflow with no
// migration run. Progress reaches the face through the signals and the runner
// it gets in Steps::attachRunner; run() blocks, cancel() is for other threads.
class BackupThenMigrate : public QObject
{
    Q_OBJECT
public:
    struct Steps
    {
        // After the refusals, before the dump; an error stops the workflow
        // (nothing dumped, nothing run). May be empty.
        std::function<Status()> beforeBackup;
        // The runner of step 4, before it starts: the face connects its
        // progress to it. May be empty.
        std::function<void(MigrationRunner &)> attachRunner;
    };

    struct Outcome
    {
        std::optional<BackupResult> backup; // set once the dump is verified
        bool migrated = false; // the runner ran: `report` is its report
        // With !migrated, `report.error` says why the workflow stopped (its plan is empty).
        RunReport report;
    };

    BackupThenMigrate(
        ConnectionSettings settings, RunOptions options, BackupOptions backup, QObject *parent = nullptr);

    // Step 1: why the workflow must not start, or Ok.
    static Status refuseBeforeBackup(
        PgConnection &connection, const MigrationSource::Scan &scan, const RunOptions &options);
    // The refusal of a folder with malformed files, with each problem in its detail.
    static StrataError malformedFolder(const MigrationSource::Scan &scan);
    // Why a dry run is refused: the faces word their usage errors around it.
    static QString dryRunRefusal();

    // Steps 1 to 4 on `connection` (also the one the migrations run on).
    Outcome run(PgConnection &connection, const MigrationSource::Scan &scan, const UpOptions &up,
        const Steps &steps = {});

    // From any thread: stops pg_dump (its partial file is removed), or the
    // migration in progress (MigrationRunner::cancel); between the two, no
    // migration starts. Does nothing once run() has returned.
    void cancel();

Q_SIGNALS:
    void dumpStarted(const QString &path, int tableTotal);
    void tableDumped(const QString &table, int done, int total);
    void verificationStarted(const QString &path);
    void backupFinished(const BackupResult &result);

private:
    Result<BackupResult> backup();
    RunReport migrate(
        PgConnection &connection, const MigrationList &migrations, const UpOptions &up, const Steps &steps);

    ConnectionSettings m_settings;
    RunOptions m_options;
    BackupOptions m_backup;

    // What cancel() reaches, set and cleared on run()'s thread; cancel() calls
    // into them under the mutex, so neither is destroyed during that call.
    std::mutex m_mutex;
    BackupJob *m_job = nullptr;
    MigrationRunner *m_runner = nullptr;
    bool m_running = false;
    std::atomic_bool m_cancelled { false };
};
