#include "HistoryTable.h"

#include "db/PgConnection.h"

#include <QCryptographicHash>

namespace {
// NAMEDATALEN - 1: longer identifiers are truncated by the server.
constexpr qsizetype MaxIdentifierBytes = 63;

// The longest prefix of `text` of at most `bytes` bytes of UTF-8, whole characters only.
QString utf8Prefix(const QString &text, qsizetype bytes)
{
    QString prefix;
    qsizetype used = 0;
    for (qsizetype i = 0; i < text.size();) {
        const qsizetype width = text.at(i).isHighSurrogate() && i + 1 < text.size() ? 2 : 1;
        const QString character = text.mid(i, width);
        used += character.toUtf8().size();
        if (used > bytes)
            break;
        prefix += character;
        i += width;
    }
    return prefix;
}

QString qualify(const QString &schema, const QString &name)
{
    if (schema.isEmpty())
        return PgConnection::quoteIdentifier(name);
    return PgConnection::quoteIdentifier(schema) + QLatin1Char('.') + PgConnection::quoteIdentifier(name);
}
} // namespace

QString HistoryTable::companionTable() const
{
    const QString simple = table + QStringLiteral("_strata");
    if (simple.toUtf8().size() <= MaxIdentifierBytes)
        return simple;
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash(table.toUtf8(), QCryptographicHash::Sha256).toHex().left(8));
    const QString suffix = QLatin1Char('_') + hash + QStringLiteral("_strata");
    return utf8Prefix(table, MaxIdentifierBytes - suffix.size()) + suffix;
}

QString HistoryTable::problem() const
{
    if (table.isEmpty())
        return QStringLiteral("the history table name is empty");
    if (table.toUtf8().size() > MaxIdentifierBytes)
        return QStringLiteral(
            "the history table name '%1' is %2 bytes long; PostgreSQL keeps only %3 bytes of a "
            "name and would truncate it (choose a shorter --table)")
            .arg(table)
            .arg(table.toUtf8().size())
            .arg(MaxIdentifierBytes);
    if (schema.toUtf8().size() > MaxIdentifierBytes)
        return QStringLiteral(
            "the history schema name '%1' is %2 bytes long; PostgreSQL keeps only %3 bytes of a "
            "name and would truncate it (choose a shorter --schema)")
            .arg(schema)
            .arg(schema.toUtf8().size())
            .arg(MaxIdentifierBytes);
    return {};
}

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
