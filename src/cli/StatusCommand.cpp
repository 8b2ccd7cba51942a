#include "StatusCommand.h"

#include "CliContext.h"
#include "StatusPrinter.h"
#include "db/PgConnection.h"
#include "git/MigrationGitState.h"
#include "migration/MigrationSource.h"
#include "typeorm/TypeOrmProject.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

int StatusCommand::run(const QStringList &args)
{
    if (!args.isEmpty())
        return m_cli.usage(QStringLiteral("status takes no arguments"));
    Result<CliContext::Snapshot> snapshot = m_cli.readSnapshot(false, MigrationSource::ScanDepth::ForStatus);
    if (!snapshot)
        return m_cli.fail(snapshot.error());
    const MigrationSource::Scan &scan = snapshot->scan;
    const MigrationStatusList &statuses = snapshot->statuses;
    StatusPrinter::Context context { snapshot->connection->settings().describe(),
        snapshot->connection->serverVersionString(), m_cli.historyTable().qualifiedTable(), scan.directory };
    if (m_cli.json()) {
        QJsonObject root = StatusPrinter::statusJson(
            context, statuses, scan.problems, MigrationGitState::forFolder(scan.directory));
        if (const TypeOrmProject *typeOrm = m_cli.project() ? m_cli.project()->typeOrm() : nullptr) {
            QJsonObject project;
            project[QLatin1String("configFile")] = typeOrm->configFile();
            project[QLatin1String("migrationGlobs")] = QJsonArray::fromStringList(typeOrm->migrationGlobs());
            project[QLatin1String("transactionMode")] = typeOrm->transactionModeName();
            QJsonArray notes;
            for (const TypeOrmProblem &note : typeOrm->notes())
                notes.append(note.toString());
            project[QLatin1String("notes")] = notes;
            root[QLatin1String("typeormProject")] = project;
        }
        m_cli.out() << QJsonDocument(root).toJson(QJsonDocument::Indented);
    } else {
        StatusPrinter::printTable(m_cli.out(), context, statuses);
    }
    m_cli.out().flush();
    for (const StrataError &problem : scan.problems)
        m_cli.err() << "error: " << problem.toString() << '\n';
    m_cli.err().flush();
    if (!scan.problems.isEmpty())
        return m_cli.parser().isSet(QStringLiteral("exit-code")) ? CheckFailed : Failure;
    if (m_cli.parser().isSet(QStringLiteral("exit-code"))) {
        for (const MigrationStatus &s : statuses)
            if (s.state != MigrationState::Applied)
                return CheckFailed;
    }
    return Success;
}
