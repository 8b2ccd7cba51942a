#include "BackupsCommand.h"

#include "CliContext.h"
#include "CliText.h"
#include "backup/BackupCatalog.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

int BackupsCommand::run(const QStringList &args)
{
    if (args.size() > 1)
        return m_cli.usage(QStringLiteral("backups takes at most one folder"));
    const QString folder = args.isEmpty() ? m_cli.backupFolder() : args.first();
    Result<ConnectionSettings> settings = m_cli.connectionSettings();
    if (!settings)
        return m_cli.fail(settings.error());
    // Without a connection: the database is what the connection would use.
    QString database = settings->database;
    if (database.isEmpty())
        database = qEnvironmentVariable("PGDATABASE");
    const BackupFileList backups = BackupCatalog::list(folder, m_cli.backupProfileLabel(), database);
    if (m_cli.json()) {
        QJsonArray list;
        for (const BackupFile &b : backups)
            list.append(QJsonObject { { QStringLiteral("path"), b.path },
                { QStringLiteral("createdAt"), b.createdAt.toString(Qt::ISODate) },
                { QStringLiteral("sizeBytes"), b.sizeBytes }, { QStringLiteral("profile"), b.profile },
                { QStringLiteral("database"), b.database } });
        QJsonObject root { { QStringLiteral("ok"), true }, { QStringLiteral("folder"), folder },
            { QStringLiteral("backups"), list } };
        m_cli.out() << QJsonDocument(root).toJson(QJsonDocument::Indented);
        return Success;
    }
    if (backups.isEmpty()) {
        m_cli.out() << "No backups of " << (database.isEmpty() ? QStringLiteral("any database") : database)
                    << " in " << QDir::toNativeSeparators(folder) << ".\n";
        return Success;
    }
    for (const BackupFile &b : backups)
        m_cli.out() << b.createdAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")) << "  "
                    << CliText::humanAge(b.createdAt).leftJustified(12)
                    << CliText::humanSize(b.sizeBytes).rightJustified(11) << "  "
                    << QDir::toNativeSeparators(b.path) << '\n';
    return Success;
}
