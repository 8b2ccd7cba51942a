#include "MigrationWorker.h"
#include "BackupThenMigrate.h"

#include "git/GitRepository.h"
#include "git/MigrationGitState.h"
#include "project/Project.h"
#include "project/TypeOrmShadowReader.h"

#include "common/Logging.h"
#include "db/PgConnection.h"
#include "history/HistoryStore.h"
#include "migration/MigrationSource.h"

#include <QElapsedTimer>

namespace {

StrataError cancelledBeforeStart()
{
    return StrataError::make(StrataError::Kind::Cancelled,
        QStringLiteral("cancelled before the first migration started; nothing was run"));
}

} // namespace

MigrationWorker::MigrationWorker(QObject *parent)
    : QObject(parent)
{
    registerMetaTypes();
}

MigrationWorker::~MigrationWorker() = default;

void MigrationWorker::registerMetaTypes()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // By type, and by the (typedef) names moc writes into the signatures,
        // so queued connections and invokeMethod by name both find them.
        qRegisterMetaType<StrataError>("StrataError");
        qRegisterMetaType<QList<StrataError>>("QList<StrataError>");
        qRegisterMetaType<MigrationStatus>("MigrationStatus");
        qRegisterMetaType<MigrationStatusList>("MigrationStatusList");
        qRegisterMetaType<ConnectionSettings>("ConnectionSettings");
        qRegisterMetaType<HistoryTable>("HistoryTable");
        qRegisterMetaType<RunOptions>("RunOptions");
        qRegisterMetaType<UpOptions>("UpOptions");
        qRegisterMetaType<DownOptions>("DownOptions");
        qRegisterMetaType<RunReport>("RunReport");
        qRegisterMetaType<LockWait>("LockWait");
        qRegisterMetaType<StatementProgress>("StatementProgress");
        qRegisterMetaType<PreflightOptions>("PreflightOptions");
        qRegisterMetaType<PreflightReport>("PreflightReport");
        qRegisterMetaType<QHash<QString, QString>>("QHash<QString,QString>");
        qRegisterMetaType<QSet<QString>>("QSet<QString>");
        qRegisterMetaType<BackupOptions>("BackupOptions");
        qRegisterMetaType<BackupResult>("BackupResult");
        qRegisterMetaType<RestoreOptions>("RestoreOptions");
        qRegisterMetaType<RestoreResult>("RestoreResult");
        qRegisterMetaType<BackupFile>("BackupFile");
        qRegisterMetaType<BackupFileList>("BackupFileList");
    });
}

void MigrationWorker::cancel()
{
    std::lock_guard lock(m_runnerMutex);
    if (m_cancelJob)
        m_cancelJob();
    if (!m_running)
        return;
    m_cancelRequested.store(true);
    if (m_runner)
        m_runner->cancel();
}

void MigrationWorker::setRunner(MigrationRunner *runner)
{
    std::lock_guard lock(m_runnerMutex);
    m_runner = runner;
}

Result<MigrationSource::Scan> MigrationWorker::scanProject(
    const QString &folder, const ConnectionSettings &settings, MigrationSource::ScanDepth depth)
{
    Result<Project> project = Project::open(folder);
    if (!project)
        return project.error();
    Result<MigrationSource::Scan> scan = project->scan(depth);
    if (!scan || !project->isTypeOrm())
        return scan;
    QString key = folder;
    bool refused = false;
    for (const Migration &m : std::as_const(scan->migrations)) {
        key += QLatin1Char('\n') + m.filePath + QLatin1Char(' ') + m.checksum;
        refused = refused || !m.refusal.isEmpty();
    }
    if (!refused)
        return scan;
    if (key == m_typeOrmReadingKey)
        return m_typeOrmReading;
    TypeOrmShadowReader::Options options;
    options.target = &settings;
    Result<TypeOrmShadowReader::Reading> reading
        = TypeOrmShadowReader::read(*project, std::move(scan).value(), options);
    if (!reading)
        return reading.error();
    for (const QString &note : std::as_const(reading->notes))
        qCInfo(lcRunner) << note;
    m_typeOrmReadingKey = key;
    m_typeOrmReading = reading->scan;
    return std::move(reading->scan);
}

void MigrationWorker::loadStatus(quint64 requestId, const ConnectionSettings &settings,
    const HistoryTable &history, const QString &migrationsDirectory)
{
    qCDebug(lcRunner) << "status" << requestId << settings.describe() << migrationsDirectory;
    Result<MigrationSource::Scan> scan
        = scanProject(migrationsDirectory, settings, MigrationSource::ScanDepth::ForStatus);
    if (!scan) {
        Q_EMIT statusFailed(requestId, scan.error());
        return;
    }
    MigrationStatusList statuses;
    QString serverVersion;
    {
        Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(settings);
        if (!connection) {
            Q_EMIT statusFailed(requestId, connection.error());
            return;
        }
        HistoryStore store(**connection, history);
        Result<AppliedMigrationList> applied = store.read();
        if (!applied) {
            Q_EMIT statusFailed(requestId, applied.error());
            return;
        }
        serverVersion = (*connection)->serverVersionString();
        statuses = MigrationPlanner::statuses(scan->migrations, *applied);
        // The connection closes here, on this thread, before the answer leaves.
    }
    Q_EMIT statusLoaded(requestId, statuses, scan->problems, serverVersion);
}

void MigrationWorker::runUp(quint64 runId, const ConnectionSettings &settings, const RunOptions &options,
    const QString &migrationsDirectory, const UpOptions &upOptions)
{
    const RunReport report
        = run(runId, Direction::Up, settings, options, migrationsDirectory, upOptions, DownOptions {});
    Q_EMIT runFinished(runId, report);
}

void MigrationWorker::runDown(quint64 runId, const ConnectionSettings &settings, const RunOptions &options,
    const QString &migrationsDirectory, const DownOptions &downOptions)
{
    const RunReport report
        = run(runId, Direction::Down, settings, options, migrationsDirectory, UpOptions {}, downOptions);
    Q_EMIT runFinished(runId, report);
}

RunReport MigrationWorker::run(quint64 runId, Direction direction, const ConnectionSettings &settings,
    const RunOptions &options, const QString &migrationsDirectory, const UpOptions &upOptions,
    const DownOptions &downOptions)
{
    qCDebug(lcRunner) << "run" << runId << (direction == Direction::Up ? "up" : "down") << settings.describe()
                      << migrationsDirectory;
    {
        std::lock_guard lock(m_runnerMutex);
        m_running = true;
        m_cancelRequested.store(false);
    }
    // Whatever way this returns, cancel() must find no run afterwards.
    struct Finish
    {
        MigrationWorker *worker;
        ~Finish()
        {
            std::lock_guard lock(worker->m_runnerMutex);
            worker->m_runner = nullptr;
            worker->m_running = false;
        }
    } finish { this };

    QElapsedTimer total;
    total.start();
    RunReport report;
    report.dryRun = options.dryRun;
    auto fail = [&](StrataError e) {
        report.error = std::move(e);
        report.durationMs = total.elapsed();
        return report;
    };

    Result<MigrationSource::Scan> scan = scanProject(migrationsDirectory, settings);
    if (!scan)
        return fail(scan.error());
    if (!scan->problems.isEmpty())
        return fail(BackupThenMigrate::malformedFolder(*scan));
    if (m_cancelRequested.load())
        return fail(cancelledBeforeStart());

    Result<std::unique_ptr<PgConnection>> opened = PgConnection::open(settings);
    if (!opened)
        return fail(opened.error());
    std::unique_ptr<PgConnection> connection = std::move(opened).value();
    {
        // In its own scope: the runner is gone before its connection closes.
        MigrationRunner runner(*connection, options);
        forwardSignals(runId, runner);
        setRunner(&runner);
        if (m_cancelRequested.load()) {
            setRunner(nullptr);
            return fail(cancelledBeforeStart());
        }
        report = direction == Direction::Up ? runner.up(scan->migrations, upOptions)
                                            : runner.down(scan->migrations, downOptions);
        // cancel() waits on the mutex while it is inside the runner, so after
        // this line nothing on another thread touches the runner or the connection.
        setRunner(nullptr);
    }
    connection.reset();
    report.durationMs = total.elapsed();
    return report;
}

void MigrationWorker::forwardSignals(quint64 runId, MigrationRunner &runner)
{
    // The runner emits on this thread, so these lambdas run directly; the
    // worker's own signals then reach the GUI queued.
    //
    // MigrationRunner::up() and down() clear their cancel flag on entry, so a
    // cancel() that lands between setRunner() and that reset would be lost.
    // The first things a run reports (lockWaiting, planned) come before the
    // first statement and re-apply it.
    auto reapplyCancel = [this, &runner] {
        if (m_cancelRequested.load())
            runner.cancel();
    };
    connect(
        &runner, &MigrationRunner::lockWaiting, this, [this, runId, reapplyCancel](const QString &holder) {
            reapplyCancel();
            Q_EMIT lockWaiting(runId, holder);
        });
    connect(&runner, &MigrationRunner::planned, this, [reapplyCancel](int) { reapplyCancel(); });
    connect(&runner, &MigrationRunner::migrationStarted, this,
        [this, runId](int index, int count, const QString &name, bool up) {
            Q_EMIT migrationStarted(runId, index, count, name, up);
        });
    connect(&runner, &MigrationRunner::statementStarted, this,
        [this, runId](
            int migrationIndex, int statementIndex, int statementCount, const QString &summary, int line) {
            Q_EMIT statementStarted(runId, migrationIndex, statementIndex, statementCount, summary, line);
        });
    connect(&runner, &MigrationRunner::statementFinished, this,
        [this, runId](int migrationIndex, int statementIndex, qint64 elapsedMs) {
            Q_EMIT statementFinished(runId, migrationIndex, statementIndex, elapsedMs);
        });
    connect(&runner, &MigrationRunner::migrationFinished, this,
        [this, runId](int index, const QString &name, qint64 elapsedMs) {
            Q_EMIT migrationFinished(runId, index, name, elapsedMs);
        });
    connect(&runner, &MigrationRunner::noticeReceived, this,
        [this, runId](const QString &severity, const QString &message) {
            Q_EMIT noticeReceived(runId, severity, message);
        });
    // Direct: the watch reports from its own thread while this one is inside
    // the statement; a queued call to this thread would arrive after it.
    connect(
        &runner, &MigrationRunner::lockWaitChanged, this,
        [this, runId](const LockWait &wait) { Q_EMIT lockWaitChanged(runId, wait); }, Qt::DirectConnection);
    connect(
        &runner, &MigrationRunner::statementProgressChanged, this,
        [this, runId](
            const StatementProgress &progress) { Q_EMIT statementProgressChanged(runId, progress); },
        Qt::DirectConnection);
    connect(&runner, &MigrationRunner::lockTimedOut, this,
        [this, runId](int migrationIndex, int, int attempt, int retries, qint64 retryInMs, bool,
            const QString &message) {
            Q_EMIT lockTimedOut(runId, migrationIndex, attempt, retries, retryInMs, message);
        });
}

void MigrationWorker::runPreflight(quint64 requestId, const ConnectionSettings &settings,
    const QString &migrationsDirectory, const PreflightOptions &options)
{
    qCDebug(lcRunner) << "pre-flight" << requestId << settings.describe() << migrationsDirectory;
    // The connection opens and closes inside Preflight::run, on this thread.
    // The folder as the app lists it: .sql files, or a TypeORM project's migrations.
    const PreflightReport report
        = Preflight::run(settings, scanProject(migrationsDirectory, settings), options);
    Q_EMIT preflightFinished(requestId, report);
}

void MigrationWorker::loadGitStates(quint64 requestId, const QString &migrationsDirectory)
{
    QHash<QString, QString> states;
    QSet<QString> committedAndChanged;
    if (const auto git = MigrationGitState::forFolder(migrationsDirectory)) {
        for (auto it = git->cbegin(); it != git->cend(); ++it) {
            states.insert(it.key(), MigrationGitState::name(it.value()));
            if (GitRepository::isCommittedAndModified(it.value()))
                committedAndChanged.insert(it.key());
        }
    }
    Q_EMIT gitStatesLoaded(requestId, states, committedAndChanged);
}

void MigrationWorker::setJobCanceller(std::function<void()> canceller)
{
    std::lock_guard lock(m_runnerMutex);
    m_cancelJob = std::move(canceller);
}

void MigrationWorker::backupThenUp(quint64 runId, const ConnectionSettings &settings,
    const RunOptions &options, const QString &migrationsDirectory, const UpOptions &upOptions,
    const BackupOptions &backup)
{
    qCDebug(lcRunner) << "backup then up" << runId << settings.describe() << backup.folder;
    QElapsedTimer total;
    total.start();
    auto failed = [](StrataError e) {
        RunReport report;
        report.error = std::move(e);
        return report;
    };
    RunReport report = [&]() -> RunReport {
        Result<MigrationSource::Scan> scan = scanProject(migrationsDirectory, settings);
        if (!scan)
            return failed(scan.error());
        Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(settings);
        if (!connection)
            return failed(connection.error());
        BackupThenMigrate flow(settings, options, backup);
        connect(&flow, &BackupThenMigrate::dumpStarted, this,
            [this, runId](const QString &path, int tables) { Q_EMIT backupStarted(runId, path, tables); });
        connect(&flow, &BackupThenMigrate::tableDumped, this,
            [this, runId](const QString &table, int done, int count) {
                Q_EMIT backupTableDumped(runId, table, done, count);
            });
        connect(&flow, &BackupThenMigrate::backupFinished, this,
            [this, runId](const BackupResult &result) { Q_EMIT backupFinished(runId, result); });
        BackupThenMigrate::Steps steps;
        steps.attachRunner = [this, runId](MigrationRunner &runner) { forwardSignals(runId, runner); };
        setJobCanceller([&flow] { flow.cancel(); });
        BackupThenMigrate::Outcome outcome = flow.run(**connection, *scan, upOptions, steps);
        // cancel() holds the mutex while it calls into the workflow: after this, nothing touches it.
        setJobCanceller({});
        return std::move(outcome.report);
    }();
    report.durationMs = total.elapsed();
    Q_EMIT runFinished(runId, report);
}

void MigrationWorker::restoreBackup(
    quint64 runId, const ConnectionSettings &settings, const RestoreOptions &options)
{
    qCDebug(lcRunner) << "restore" << runId << settings.describe() << options.dumpPath << options.newDatabase;
    RestoreJob job(settings, options);
    connect(&job, &RestoreJob::tableRestored, this, [this, runId](const QString &table, int done, int count) {
        Q_EMIT restoreTableRestored(runId, table, done, count);
    });
    setJobCanceller([&job] { job.cancel(); });
    Result<RestoreResult> restored = job.run();
    setJobCanceller({});
    if (restored)
        Q_EMIT restoreFinished(runId, true, *restored, StrataError {});
    else
        Q_EMIT restoreFinished(runId, false, RestoreResult {}, restored.error());
}

void MigrationWorker::listBackups(
    quint64 requestId, const QString &folder, const QString &profile, const QString &database)
{
    Q_EMIT backupsListed(requestId, BackupCatalog::list(folder, profile, database));
}
