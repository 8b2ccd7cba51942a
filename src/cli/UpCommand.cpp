#include "UpCommand.h"

#include "CliContext.h"
#include "CliInterruptWatcher.h"
#include "CliText.h"
#include "RunPrinter.h"
#include "backup/BackupJob.h"
#include "db/PgConnection.h"
#include "migration/MigrationSource.h"
#include "preflight/Preflight.h"
#include "runner/MigrationRunner.h"
#include "runner/RunTargetCheck.h"

#include <QDir>

int UpCommand::run(const QStringList &args)
{
    if (!args.isEmpty())
        return m_cli.usage(QStringLiteral("up takes no arguments (use --to NAME)"));
    Result<MigrationSource::Scan> scan = m_cli.scanMigrations();
    if (!scan)
        return m_cli.fail(scan.error());
    if (!scan->problems.isEmpty()) {
        for (const StrataError &problem : scan->problems)
            m_cli.err() << "error: " << problem.toString() << '\n';
        StrataError e = StrataError::make(StrataError::Kind::Source,
            QStringLiteral("%1 malformed migration file(s); nothing was run").arg(scan->problems.size()),
            scan->directory);
        return m_cli.fail(e);
    }
    if (m_cli.parser().isSet(QStringLiteral("backup")) && m_cli.parser().isSet(QStringLiteral("dry-run")))
        return m_cli.usage(QStringLiteral(
            "--backup and --dry-run: a dry run changes nothing, so there is nothing to back up for"));
    Result<std::unique_ptr<PgConnection>> connection = m_cli.connect();
    if (!connection)
        return m_cli.fail(connection.error());

    const Result<RunOptions> runOptions = m_cli.runOptions();
    if (!runOptions)
        return m_cli.usage(runOptions.error().message);
    const RunOptions &options = *runOptions;
    const UpOptions up = m_cli.upOptions();

    // As the app does it: the pre-flight, then the confirmation, then the
    // backup (which the pre-flight counts as the recent one), then the run;
    // a refusal at any step costs no dump.
    if (!options.dryRun) {
        // The runner refuses a standby or a transaction pooler too; asking
        // first spares the pre-flight, the confirmation and the backup.
        if (Status s = RunTargetCheck::requireWritable(**connection); !s)
            return m_cli.fail(s.error());
        PreflightOptions preflight = m_cli.preflightOptions(up);
        preflight.backupBeforeRun = m_cli.parser().isSet(QStringLiteral("backup"));
        if (const std::optional<int> refused = m_cli.preflightBeforeRun(**connection, *scan, preflight))
            return *refused;
        if (const std::optional<int> refused = m_cli.confirmRun(**connection))
            return *refused;
    }
    if (m_cli.parser().isSet(QStringLiteral("backup")))
        if (const int code = runBackupBeforeUp(); code != Success)
            return code;

    MigrationRunner runner(**connection, options);
    RunPrinter printer(m_cli);
    printer.attach(runner, options.dryRun);
    RunReport report;
    {
        const CliInterruptWatcher watcher([&runner] { runner.cancel(); });
        report = runner.up(scan->migrations, up);
    }
    return printer.finish(report, true);
}

int UpCommand::runBackupBeforeUp()
{
    Result<ConnectionSettings> settings = m_cli.connectionSettings();
    if (!settings)
        return m_cli.fail(settings.error());
    BackupOptions options;
    options.folder = m_cli.backupFolder();
    options.profile = m_cli.backupProfileLabel();
    options.pgBinDir = m_cli.pgBinDir();
    // The dump must hold the history as it is before the run (see BackupOptions).
    options.createHistoryTables = true;
    options.history = m_cli.historyTable();
    BackupJob job(*settings, options);
    if (!m_cli.json()) {
        QObject::connect(&job, &BackupJob::dumpStarted, [this](const QString &path, int tables) {
            m_cli.err() << "Backing up " << tables << " table(s) to " << QDir::toNativeSeparators(path)
                        << '\n';
            m_cli.err().flush();
        });
        QObject::connect(&job, &BackupJob::tableDumped, [this](const QString &table, int done, int total) {
            m_cli.err() << QStringLiteral("  [%1/%2] %3\n").arg(done).arg(total).arg(table);
            m_cli.err().flush();
        });
        QObject::connect(&job, &BackupJob::verificationStarted, [this](const QString &) {
            m_cli.err() << "Verifying the dump with pg_restore --list\n";
            m_cli.err().flush();
        });
    }
    // Ctrl+C stops pg_dump (and removes its partial file) like it stops a run.
    Result<BackupResult> result = [&job] {
        const CliInterruptWatcher watcher([&job] { job.cancel(); });
        return job.run();
    }();
    if (!result)
        return m_cli.fail(result.error());
    m_cli.setBackupPath(result->path);
    m_cli.err() << "Backup verified: " << QDir::toNativeSeparators(result->path) << " ("
                << CliText::humanSize(result->sizeBytes) << ", " << result->tableCount << " table(s), "
                << QString::number(double(result->elapsedMs) / 1000.0, 'f', 2) << " s, pg_dump "
                << result->pgDumpVersion << ")\n";
    m_cli.err().flush();
    return Success;
}
