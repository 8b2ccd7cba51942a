#include "DownCommand.h"

#include "CliContext.h"
#include "CliInterruptWatcher.h"
#include "RunPrinter.h"
#include "db/PgConnection.h"
#include "migration/MigrationSource.h"
#include "preflight/PreflightOptions.h"
#include "runner/MigrationRunner.h"
#include "runner/RunTargetCheck.h"

int DownCommand::run(const QStringList &args)
{
    if (!args.isEmpty())
        return m_cli.usage(QStringLiteral("down takes no arguments (use --count N or --to NAME)"));
    Result<MigrationSource::Scan> scan = m_cli.scanMigrations();
    if (!scan)
        return m_cli.fail(scan.error());
    // A malformed file elsewhere in the folder does not stop a revert of a
    // well-formed one; but if the migration to revert is malformed, its name is
    // unknown to the planner and its recorded SQL is used (or it is refused).
    for (const StrataError &problem : scan->problems)
        m_cli.err() << "warning: " << problem.toString() << '\n';
    Result<std::unique_ptr<PgConnection>> connection = m_cli.connect();
    if (!connection)
        return m_cli.fail(connection.error());

    const Result<RunOptions> runOptions = m_cli.runOptions();
    if (!runOptions)
        return m_cli.usage(runOptions.error().message);
    const RunOptions &options = *runOptions;
    const Result<DownOptions> downOptions = m_cli.downOptions();
    if (!downOptions)
        return m_cli.usage(downOptions.error().message);
    const DownOptions &down = *downOptions;
    if (!options.dryRun) {
        // The runner refuses a standby or a transaction pooler too; asking
        // first spares the pre-flight, the confirmation and the backup.
        if (Status s = RunTargetCheck::requireWritable(**connection); !s)
            return m_cli.fail(s.error());
        if (const std::optional<int> refused
            = m_cli.preflightBeforeRun(**connection, *scan, m_cli.preflightOptions(down)))
            return *refused;
        if (const std::optional<int> refused = m_cli.confirmRun(**connection))
            return *refused;
    }

    MigrationRunner runner(**connection, options);
    RunPrinter printer(m_cli);
    printer.attach(runner, options.dryRun);
    RunReport report;
    {
        const CliInterruptWatcher watcher([&runner] { runner.cancel(); });
        report = runner.down(scan->migrations, down);
    }
    return printer.finish(report, false);
}
