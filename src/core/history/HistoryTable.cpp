#include "HistoryTable.h"

#include "db/PgConnection.h"

#include <QCryptographicHash>

namespace {
QString qualify(const QString &schema, const QString &name)
{
    if (schema.isEmpty())
        return PgConnection::quoteIdentifier(name);
    return PgConnection::quoteIdentifier(schema) + QLatin1Char('.') + PgConnection::quoteIdentifier(name);
}
} // namespace

QString HistoryTable::qualifiedTable() const
{
    return qualify(schema, table);
}

QString HistoryTable::qualifiedCompanion() const
{
    return qualify(schema, companionTable());
}

QString HistoryTable::typeOrmPrimaryKeyName() const
{
    const QByteArray key = (table + QStringLiteral("_id")).toUtf8();
    return QStringLiteral("PK_")
        + QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex().left(27));
}

QString HistoryTable::lockName(const QString &resolvedSchema) const
{
    // Quoted, so that a schema or table holding a '.' cannot make two different
    // tables share a name.
    return QStringLiteral("strata:") + PgConnection::quoteIdentifier(resolvedSchema) + QLatin1Char('.')
        + PgConnection::quoteIdentifier(table);
}
