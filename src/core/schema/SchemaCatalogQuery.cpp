#include "SchemaCatalogQuery.h"

#include "db/PgConnection.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace {

QByteArray arrayLiteral(const QStringList &values)
{
    QStringList quoted;
    for (QString v : values) {
        v.replace(u"\\"_s, u"\\\\"_s);
        v.replace(u"\""_s, u"\\\""_s);
        quoted << u'"' + v + u'"';
    }
    return (u'{' + quoted.join(u',') + u'}').toUtf8();
}

} // namespace

SchemaCatalogQuery::SchemaCatalogQuery(PgConnection &connection, const QStringList &schemas)
    : m_connection(connection)
    , m_schemas(arrayLiteral(schemas))
{
}

Result<PgResult> SchemaCatalogQuery::query(const QByteArray &sql, const char *what)
{
    PgResult r = m_connection.execParams(sql, { m_schemas });
    if (!r.ok()) {
        StrataError e = r.error();
        e.message = u"reading the schema (%1): %2"_s.arg(QLatin1String(what), e.message);
        return e;
    }
    return r;
}

QByteArray SchemaCatalogQuery::schemaFilter()
{
    return QByteArrayLiteral("n.nspname = ANY($1::text[])");
}

QByteArray SchemaCatalogQuery::userColumnOptions()
{
    return QByteArrayLiteral("(SELECT pg_catalog.array_agg(o) FROM pg_catalog.unnest(a.attoptions) AS o"
                             " WHERE o NOT LIKE 'pg\\_%')");
}

QByteArray SchemaCatalogQuery::notExtensionMember(const char *catalog, const char *oidColumn)
{
    return QByteArray("NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.")
        + catalog + "'::pg_catalog.regclass AND e.objid = " + oidColumn + " AND e.deptype = 'e')";
}

QJsonArray SchemaCatalogQuery::jsonArray(const PgResult &r, int row, int column)
{
    if (r.isNull(row, column))
        return {};
    return QJsonDocument::fromJson(r.bytes(row, column)).array();
}
