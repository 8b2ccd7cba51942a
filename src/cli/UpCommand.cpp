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
#include "service/BackupThenMigrate.h"

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
    const bool withBackup = m_cli.parser().isSet(QStringLiteral("backup"));
    if (withBackup && m_cli.parser().isSet(QStringLiteral("dry-run")))
        return m_cli.usage(QStringLiteral("--backup and --dry-run: ") + BackupThenMigrate::dryRunRefusal());
    Result<std::unique_ptr<PgConnection>> connection = m_cli.connect();
    if (!connection)
        return m_cli.fail(connection.error());

    const Result<RunOptions> runOptions = m_cli.runOptions();
    if (!runOptions)
        return m_cli.usage(runOptions.error().message);
    const RunOptions &options = *runOptions;
    const UpOptions up = m_cli.upOptions();
    if (withBackup)
        return runWithBackup(**connection, *scan, options, up);

    // As the app does it: the pre-flight, then the confirmation, then the run;
    // a refusal at any step runs nothing.
    if (!options.dryRun) {
        // The runner refuses a standby or a transaction pooler too; asking
        // first spares the pre-flight and the confirmation.
        if (Status s = RunTargetCheck::requireWritable(**connection); !s)
            return m_cli.fail(s.error());
        if (const std::optional<int> refused = askBeforeRun(**connection, *scan, up, false))
            return *refused;
    }
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

std::optional<int> UpCommand::askBeforeRun(
    PgConnection &connection, const MigrationSource::Scan &scan, const UpOptions &up, bool withBackup)
{
    PreflightOptions preflight = m_cli.preflightOptions(up);
    // The backup about to be taken counts as the recent one.
    preflight.backupBeforeRun = withBackup;
    if (const std::optional<int> refused = m_cli.preflightBeforeRun(connection, scan, preflight))
        return refused;
    return m_cli.confirmRun(connection);
}

int UpCommand::runWithBackup(PgConnection &connection, const MigrationSource::Scan &scan,
    const RunOptions &options, const UpOptions &up)
{
    Result<ConnectionSettings> settings = m_cli.connectionSettings();
    if (!settings)
        return m_cli.fail(settings.error());
    BackupOptions backup;
    backup.folder = m_cli.backupFolder();
    backup.profile = m_cli.backupProfileLabel();
    backup.pgBinDir = m_cli.pgBinDir();
    // The app's workflow: the refusals, then (here) the pre-flight and the
    // confirmation, then the backup, then the run; a refusal costs no dump.
    BackupThenMigrate flow(*settings, options, backup);
    if (!m_cli.json()) {
        QObject::connect(&flow, &BackupThenMigrate::dumpStarted, [this](const QString &path, int tables) {
            m_cli.err() << "Backing up " << tables << " table(s) to " << QDir::toNativeSeparators(path)
                        << '\n';
            m_cli.err().flush();
        });
        QObject::connect(
            &flow, &BackupThenMigrate::tableDumped, [this](const QString &table, int done, int total) {
                m_cli.err() << QStringLiteral("  [%1/%2] %3\n").arg(done).arg(total).arg(table);
                m_cli.err().flush();
            });
        QObject::connect(&flow, &BackupThenMigrate::verificationStarted, [this](const QString &) {
            m_cli.err() << "Verifying the dump with pg_restore --list\n";
            m_cli.err().flush();
        });
    }
    QObject::connect(&flow, &BackupThenMigrate::backupFinished, [this](const BackupResult &result) {
        m_cli.setBackupPath(result.path);
        m_cli.err() << "Backup verified: " << QDir::toNativeSeparators(result.path) << " ("
                    << CliText::humanSize(result.sizeBytes) << ", " << result.tableCount << " table(s), "
                    << QString::number(double(result.elapsedMs) / 1000.0, 'f', 2) << " s, pg_dump "
                    << result.pgDumpVersion << ")\n";
        m_cli.err().flush();
    });

    // The pre-flight and the confirmation print their own refusal and exit code.
    std::optional<int> refusedCode;
    RunPrinter printer(m_cli);
    BackupThenMigrate::Steps steps;
    steps.beforeBackup = [&]() -> Status {
        refusedCode = askBeforeRun(connection, scan, up, true);
        if (refusedCode)
            return StrataError::make(
                StrataError::Kind::Cancelled, QStringLiteral("refused before the backup"));
        return Ok {};
    };
    steps.attachRunner = [&printer](MigrationRunner &runner) { printer.attach(runner, false); };
    BackupThenMigrate::Outcome outcome;
    {
        // Ctrl+C stops pg_dump (and removes its partial file) like it stops a run.
        const CliInterruptWatcher watcher([&flow] { flow.cancel(); });
        outcome = flow.run(connection, scan, up, steps);
    }
    if (refusedCode)
        return *refusedCode;
    if (!outcome.migrated)
        return m_cli.fail(*outcome.report.error);
    return printer.finish(outcome.report, true);
}
