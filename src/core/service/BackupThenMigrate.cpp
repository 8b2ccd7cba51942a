#include "BackupThenMigrate.h"

#include "db/PgConnection.h"
#include "runner/RunTargetCheck.h"

#include <QElapsedTimer>

BackupThenMigrate::BackupThenMigrate(
    ConnectionSettings settings, RunOptions options, BackupOptions backup, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_options(std::move(options))
    , m_backup(std::move(backup))
{
    // The dump must hold the history as it is before the run (see BackupOptions).
    m_backup.createHistoryTables = true;
    m_backup.history = m_options.history;
}

QString BackupThenMigrate::dryRunRefusal()
{
    return QStringLiteral("a dry run changes nothing, so there is nothing to back up for");
}

StrataError BackupThenMigrate::malformedFolder(const MigrationSource::Scan &scan)
{
    // The folder must be whole before a run: a malformed file could be a
    // migration that has to run before the others.
    StrataError e = StrataError::make(StrataError::Kind::Source,
        QStringLiteral("%1 malformed migration file(s); nothing was run").arg(scan.problems.size()),
        scan.directory);
    QStringList problems;
    problems.reserve(scan.problems.size());
    for (const StrataError &problem : scan.problems)
        problems << problem.toString();
    e.detail = problems.join(QLatin1Char('\n'));
    e.hint = QStringLiteral("fix or remove the files named above; `strata check` lists the same problems");
    return e;
}

Status BackupThenMigrate::refuseBeforeBackup(
    PgConnection &connection, const MigrationSource::Scan &scan, const RunOptions &options)
{
    if (options.dryRun)
        return StrataError::make(StrataError::Kind::Usage, dryRunRefusal());
    if (!scan.problems.isEmpty())
        return malformedFolder(scan);
    // The run would refuse a standby or a transaction pooler anyway; refused
    // here it costs no dump (and the dump would create the history tables).
    return RunTargetCheck::requireWritable(connection);
}

BackupThenMigrate::Outcome BackupThenMigrate::run(
    PgConnection &connection, const MigrationSource::Scan &scan, const UpOptions &up, const Steps &steps)
{
    {
        std::lock_guard lock(m_mutex);
        m_running = true;
        m_cancelled.store(false);
    }
    // Whatever way this returns, cancel() must find nothing to call afterwards.
    struct Finish
    {
        BackupThenMigrate *flow;
        ~Finish()
        {
            std::lock_guard lock(flow->m_mutex);
            flow->m_running = false;
        }
    } finish { this };

    QElapsedTimer total;
    total.start();
    Outcome outcome;
    auto stop = [&](StrataError e) {
        outcome.report.error = std::move(e);
        outcome.report.durationMs = total.elapsed();
        return outcome;
    };
    if (Status refused = refuseBeforeBackup(connection, scan, m_options); !refused)
        return stop(refused.error());
    if (steps.beforeBackup)
        if (Status refused = steps.beforeBackup(); !refused)
            return stop(refused.error());

    Result<BackupResult> dumped = backup();
    if (!dumped)
        return stop(dumped.error());
    outcome.backup = *dumped;
    Q_EMIT backupFinished(*dumped);
    if (m_cancelled.load())
        return stop(StrataError::make(StrataError::Kind::Cancelled,
            QStringLiteral("cancelled after the backup (%1); no migration ran").arg(dumped->path)));

    outcome.report = migrate(connection, scan.migrations, up, steps);
    outcome.migrated = true;
    return outcome;
}

Result<BackupResult> BackupThenMigrate::backup()
{
    BackupJob job(m_settings, m_backup);
    connect(&job, &BackupJob::dumpStarted, this, &BackupThenMigrate::dumpStarted);
    connect(&job, &BackupJob::tableDumped, this, &BackupThenMigrate::tableDumped);
    connect(&job, &BackupJob::verificationStarted, this, &BackupThenMigrate::verificationStarted);
    {
        std::lock_guard lock(m_mutex);
        if (m_cancelled.load())
            return StrataError::make(StrataError::Kind::Cancelled,
                QStringLiteral("cancelled before the backup; nothing was dumped or run"));
        m_job = &job;
    }
    Result<BackupResult> result = job.run();
    // cancel() holds the mutex while it calls into the job: after this, nothing touches it.
    std::lock_guard lock(m_mutex);
    m_job = nullptr;
    return result;
}

RunReport BackupThenMigrate::migrate(
    PgConnection &connection, const MigrationList &migrations, const UpOptions &up, const Steps &steps)
{
    MigrationRunner runner(connection, m_options);
    if (steps.attachRunner)
        steps.attachRunner(runner);
    // MigrationRunner::up() clears its cancel flag on entry, so a cancel() that
    // lands before it would be lost: the first things a run reports (lockWaiting,
    // planned) come before its first statement and re-apply it.
    auto reapplyCancel = [this, &runner] {
        if (m_cancelled.load())
            runner.cancel();
    };
    connect(&runner, &MigrationRunner::lockWaiting, this, reapplyCancel);
    connect(&runner, &MigrationRunner::planned, this, reapplyCancel);
    {
        std::lock_guard lock(m_mutex);
        m_runner = &runner;
    }
    RunReport report = runner.up(migrations, up);
    std::lock_guard lock(m_mutex);
    m_runner = nullptr;
    return report;
}

void BackupThenMigrate::cancel()
{
    std::lock_guard lock(m_mutex);
    if (!m_running)
        return;
    m_cancelled.store(true);
    if (m_job)
        m_job->cancel();
    if (m_runner)
        m_runner->cancel();
}
