#include "NewCommand.h"

#include "CliContext.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>

int NewCommand::run(const QStringList &args)
{
    if (args.size() != 1)
        return m_cli.usage(QStringLiteral("new takes one PascalCase name, e.g. strata-cli new AddUserEmail"));
    Result<QString> path = m_cli.project()->createMigration(args.first());
    if (!path)
        return m_cli.fail(path.error());
    if (m_cli.json()) {
        QJsonObject o;
        o[QLatin1String("ok")] = true;
        o[QLatin1String("file")] = *path;
        m_cli.out() << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else {
        m_cli.out() << "Created " << QDir::toNativeSeparators(*path) << '\n';
    }
    return Success;
}
