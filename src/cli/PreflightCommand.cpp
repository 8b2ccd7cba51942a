#include "PreflightCommand.h"

#include "CliContext.h"
#include "PreflightPrinter.h"
#include "db/PgConnection.h"
#include "migration/MigrationSource.h"
#include "preflight/Preflight.h"

#include <QJsonDocument>

int PreflightCommand::run(const QStringList &args)
{
    if (!args.isEmpty())
        return m_cli.usage(QStringLiteral("preflight takes no arguments (use --to NAME)"));
    // What up and down would run: .sql files, or a TypeORM project's migrations.
    Result<MigrationSource::Scan> scan = m_cli.scanMigrations();
    if (!scan)
        return m_cli.fail(scan.error());
    Result<ConnectionSettings> settings = m_cli.connectionSettings();
    if (!settings)
        return m_cli.fail(settings.error());
    PreflightOptions options;
    if (m_cli.parser().isSet(QStringLiteral("down"))) {
        const Result<DownOptions> down = m_cli.downOptions();
        if (!down)
            return m_cli.usage(down.error().message);
        options = m_cli.preflightOptions(*down);
    } else {
        if (m_cli.parser().isSet(QStringLiteral("count")))
            return m_cli.usage(QStringLiteral("--count is for a revert: preflight --down --count N"));
        options = m_cli.preflightOptions(m_cli.upOptions());
    }
    PreflightReport report;
    Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(*settings);
    if (connection) {
        report = Preflight::run(**connection, *scan, options);
    } else {
        // Not a failure of the command: the pre-flight's answer is "cannot connect".
        report = Preflight::run(*settings, scan, options);
    }
    if (m_cli.json())
        m_cli.out() << QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented);
    else
        PreflightPrinter::print(m_cli.out(), report);
    m_cli.out().flush();
    return report.hasBlockers() ? CheckFailed : Success;
}
