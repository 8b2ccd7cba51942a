#pragma once

#include "backup/BackupCatalog.h"
#include "backup/BackupJob.h"
#include "backup/RestoreJob.h"
#include "common/StrataError.h"
#include "db/ConnectionSettings.h"
#include "history/HistoryTable.h"
#include "planner/MigrationPlanner.h"
#include "planner/MigrationStatus.h"
#include "preflight/Preflight.h"
#include "runner/MigrationRunner.h"
#include "runner/RunOptions.h"

#include <QHash>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QSet>
#include <QString>

#include <atomic>
#include <functional>
#include <mutex>

// The engine as the GUI uses it: an object moved to a QThread whose slots are
// invoked queued from the GUI thread and answer with signals. Each slot opens
// its own PgConnection on the worker thread and destroys it before returning (a
// libpq connection belongs to one thread); only values cross threads.
//
// Every answer carries the request or run id the GUI passed in, so the GUI can
// drop signals that arrive late from a request it has since replaced.
//
// Each slot answers exactly once: loadStatus with statusLoaded or statusFailed,
// runUp and runDown with runFinished (after any progress signals).
class MigrationWorker : public QObject
{
    Q_OBJECT
public:
    explicit MigrationWorker(QObject *parent = nullptr);
    ~MigrationWorker() override;

    // Registers every type that crosses threads in these signals and slots, by
    // type and by the names moc uses. The constructor calls it; idempotent.
    static void registerMetaTypes();

    // Stops the run in progress, from any thread. It is a plain method, not a
    // slot: the worker thread is busy inside runUp() or runDown() and would only
    // see a queued call after the run. The run ends with runFinished and an
    // error of Kind::Cancelled; what committed before stays applied, as the
    // report's `completed` says. Does nothing while no run is in progress, so a
    // late click cannot cancel the next run.
    void cancel();

public Q_SLOTS:
    void loadStatus(quint64 requestId, const ConnectionSettings &settings, const HistoryTable &history,
        const QString &migrationsDirectory);
    void runUp(quint64 runId, const ConnectionSettings &settings, const RunOptions &options,
        const QString &migrationsDirectory, const UpOptions &upOptions);
    void runDown(quint64 runId, const ConnectionSettings &settings, const RunOptions &options,
        const QString &migrationsDirectory, const DownOptions &downOptions);
    // The pre-flight for a planned `up` (Preflight::run, its own connection);
    // answers with preflightFinished, whose report is the answer also when the
    // server cannot be reached.
    void runPreflight(quint64 requestId, const ConnectionSettings &settings,
        const QString &migrationsDirectory, const PreflightOptions &options);
    // The git state of every file in the folder (one libgit2 status scan, off
    // the GUI thread: a large repository takes a while). Answers with
    // gitStatesLoaded; outside a repository both sets are empty.
    void loadGitStates(quint64 requestId, const QString &migrationsDirectory);

    // Backup then migrate (BackupThenMigrate, as the CLI's `up --backup`):
    // pg_dump of the database, verified, and only then runUp's path. Answers with backupStarted,
    // backupTableDumped per table and backupFinished, then runUp's signals and runFinished. A failed or
    // cancelled backup, like a dry run, a malformed folder or a read-only
    // target refused before the dump, ends at once with runFinished carrying
    // its error (and an empty plan): no migration runs without its backup.
    void backupThenUp(quint64 runId, const ConnectionSettings &settings, const RunOptions &options,
        const QString &migrationsDirectory, const UpOptions &upOptions, const BackupOptions &backup);
    // pg_restore of a dump (RestoreJob); answers with restoreTableRestored per
    // table and restoreFinished. cancel() stops it (its transaction rolls back).
    void restoreBackup(quint64 runId, const ConnectionSettings &settings, const RestoreOptions &options);
    // The dumps in a backup folder, newest first (BackupCatalog::list); answers with backupsListed.
    void listBackups(
        quint64 requestId, const QString &folder, const QString &profile, const QString &database);

Q_SIGNALS:
    void statusLoaded(quint64 requestId, const MigrationStatusList &statuses,
        const QList<StrataError> &problems, const QString &serverVersion);
    void statusFailed(quint64 requestId, const StrataError &error);

    void lockWaiting(quint64 runId, const QString &holder);
    void migrationStarted(quint64 runId, int index, int count, const QString &name, bool up);
    void statementStarted(quint64 runId, int migrationIndex, int statementIndex, int statementCount,
        const QString &summary, int line);
    void statementFinished(quint64 runId, int migrationIndex, int statementIndex, qint64 elapsedMs);
    void migrationFinished(quint64 runId, int index, const QString &name, qint64 elapsedMs);
    void noticeReceived(quint64 runId, const QString &severity, const QString &message);
    void runFinished(quint64 runId, const RunReport &report);
    // The lock-wait watch (MigrationRunner::lockWaitChanged): who blocks the
    // running statement, live; an empty wait when it no longer waits. Emitted
    // from the watch's thread, so it reaches the GUI queued like the others.
    void lockWaitChanged(quint64 runId, const LockWait &wait);
    // The server's progress report of the running statement
    // (MigrationRunner::statementProgressChanged), from the watch's thread too.
    void statementProgressChanged(quint64 runId, const StatementProgress &progress);
    void lockTimedOut(quint64 runId, int migrationIndex, int attempt, int retries, qint64 retryInMs,
        const QString &message);

    void preflightFinished(quint64 requestId, const PreflightReport &report);
    // File path → state name (MigrationGitState::name), and the files committed and then changed.
    void gitStatesLoaded(
        quint64 requestId, const QHash<QString, QString> &states, const QSet<QString> &committedAndChanged);

    void backupStarted(quint64 runId, const QString &path, int tableTotal);
    void backupTableDumped(quint64 runId, const QString &table, int done, int total);
    void backupFinished(quint64 runId, const BackupResult &result);
    void restoreTableRestored(quint64 runId, const QString &table, int done, int total);
    // `error` is meaningful when !ok.
    void restoreFinished(quint64 runId, bool ok, const RestoreResult &result, const StrataError &error);
    void backupsListed(quint64 requestId, const BackupFileList &backups);

private:
    enum class Direction { Up, Down };
    RunReport run(quint64 runId, Direction direction, const ConnectionSettings &settings,
        const RunOptions &options, const QString &migrationsDirectory, const UpOptions &upOptions,
        const DownOptions &downOptions);
    void forwardSignals(quint64 runId, MigrationRunner &runner);
    void setRunner(MigrationRunner *runner);
    // The folder's migrations as the CLI reads them: what the static reader
    // cannot read exactly is asked of the project's TypeORM (TypeOrmShadowReader)
    // in a shadow of `settings`' database. The reading is kept while the files
    // stay the same, so a refresh does not run Node again.
    Result<MigrationSource::Scan> scanProject(const QString &folder, const ConnectionSettings &settings,
        MigrationSource::ScanDepth depth = MigrationSource::ScanDepth::Full);
    QString m_typeOrmReadingKey;
    MigrationSource::Scan m_typeOrmReading;

    // The run in progress, for cancel() from other threads. Set and cleared on
    // the worker thread; cancel() calls into the runner under the same mutex, so
    // the runner (and its connection) cannot be destroyed during that call.
    std::mutex m_runnerMutex;
    MigrationRunner *m_runner = nullptr;
    bool m_running = false; // a run slot is executing (guarded by m_runnerMutex)
    // Set by cancel() for the run in progress, also before its runner exists
    // (while scanning or connecting) and re-applied after the runner starts,
    // because MigrationRunner::up() and down() clear their own flag on entry.
    std::atomic_bool m_cancelRequested { false };
    // Cancels the backup or restore in progress (guarded by m_runnerMutex).
    std::function<void()> m_cancelJob;
    void setJobCanceller(std::function<void()> canceller);
};

Q_DECLARE_METATYPE(MigrationStatus)
Q_DECLARE_METATYPE(ConnectionSettings)
Q_DECLARE_METATYPE(HistoryTable)
Q_DECLARE_METATYPE(RunOptions)
Q_DECLARE_METATYPE(UpOptions)
Q_DECLARE_METATYPE(DownOptions)
Q_DECLARE_METATYPE(RunReport)
Q_DECLARE_METATYPE(BackupOptions)
Q_DECLARE_METATYPE(RestoreOptions)
