#include "RestoreCommand.h"

#include "CliContext.h"
#include "CliInterruptWatcher.h"
#include "CliText.h"
#include "backup/BackupArchive.h"
#include "backup/BackupCatalog.h"
#include "backup/PgToolLocator.h"
#include "backup/RestoreJob.h"
#include "db/PgConnection.h"
#include "settings/EnvironmentPolicy.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

int RestoreCommand::run(const QStringList &args)
{
    if (args.size() != 1)
        return m_cli.usage(
            QStringLiteral("restore takes one dump file: strata-cli restore FILE [--into NEW_DATABASE]"));
    Result<ConnectionSettings> settings = m_cli.connectionSettings();
    if (!settings)
        return m_cli.fail(settings.error());
    RestoreOptions options;
    options.dumpPath = args.first();
    options.newDatabase = m_cli.parser().value(QStringLiteral("into"));
    options.pgBinDir = m_cli.pgBinDir();

    Result<PgTool> pgRestore = PgToolLocator::locate(QStringLiteral("pg_restore"), options.pgBinDir);
    if (!pgRestore)
        return m_cli.fail(pgRestore.error());
    Result<BackupArchive> archive = BackupArchive::read(options.dumpPath, *settings, pgRestore->path);
    if (!archive)
        return m_cli.fail(archive.error());
    BackupFile named;
    const QDateTime dumpedAt = BackupCatalog::parseFileName(QFileInfo(archive->path).fileName(), &named)
        ? named.createdAt
        : archive->createdAt;
    QString target = options.newDatabase;
    QString where;
    {
        Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(*settings);
        if (!connection)
            return m_cli.fail(connection.error());
        if (target.isEmpty()) {
            const PgResult current = (*connection)->exec(QByteArrayLiteral("SELECT current_database()"));
            if (!current.ok())
                return m_cli.fail(current.error());
            target = current.value(0, 0);
        }
        where = (*connection)->settings().describe();
    }

    // Restoring into a new database cannot overwrite anything (it must not
    // exist), so only a restore over the connected database asks; production
    // (the profile's, or --environment for a connection without one) wants
    // the name typed.
    if (options.newDatabase.isEmpty()) {
        const QString question
            = QStringLiteral(
                "Restore the database '%1' (%2) from the dump of '%3' taken %4 (%5)?\n"
                "Every object in the dump is dropped and recreated with the dump's data; changes "
                "made since then to those objects are lost.\n"
                "The safer choice is a new database: strata-cli restore FILE --into NEW_DATABASE\n")
                  .arg(target, where, archive->database.isEmpty() ? QStringLiteral("?") : archive->database,
                      dumpedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")),
                      CliText::humanAge(dumpedAt));
        if (const std::optional<int> refused
            = m_cli.confirmChange(EnvironmentPolicy::Action::Restore, target, question))
            return *refused;
    }

    RestoreJob job(*settings, options);
    if (!m_cli.json()) {
        QObject::connect(&job, &RestoreJob::restoreStarted, [this](const QString &database, int tables) {
            m_cli.err() << "Restoring " << tables << " table(s) into " << database << " (one transaction)\n";
            m_cli.err().flush();
        });
        QObject::connect(&job, &RestoreJob::tableRestored, [this](const QString &table, int done, int total) {
            m_cli.err() << QStringLiteral("  [%1/%2] %3\n").arg(done).arg(total).arg(table);
            m_cli.err().flush();
        });
    }
    Result<RestoreResult> result = [&job] {
        const CliInterruptWatcher watcher([&job] { job.cancel(); });
        return job.run();
    }();
    if (!result)
        return m_cli.fail(result.error());
    if (m_cli.json()) {
        QJsonObject root { { QStringLiteral("ok"), true }, { QStringLiteral("database"), result->database },
            { QStringLiteral("createdDatabase"), result->createdDatabase },
            { QStringLiteral("tables"), result->tableCount },
            { QStringLiteral("elapsedMs"), result->elapsedMs },
            { QStringLiteral("tablesNotInDump"), QJsonArray::fromStringList(result->tablesNotInDump) } };
        m_cli.out() << QJsonDocument(root).toJson(QJsonDocument::Indented);
    } else {
        m_cli.out() << "Restored " << QDir::toNativeSeparators(archive->path) << " into "
                    << (result->createdDatabase ? QStringLiteral("the new database ") : QString())
                    << result->database << " (" << result->tableCount << " table(s), "
                    << QString::number(double(result->elapsedMs) / 1000.0, 'f', 2) << " s).\n";
    }
    if (!result->tablesNotInDump.isEmpty())
        m_cli.err() << "warning: these tables were created after the dump and were left as they are: "
                    << result->tablesNotInDump.join(QStringLiteral(", "))
                    << "\n(drop them if the migration that made them is to be undone, or restore into a new "
                       "database "
                       "for an exact copy)\n";
    m_cli.out().flush();
    m_cli.err().flush();
    return Success;
}
