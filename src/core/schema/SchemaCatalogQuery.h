#pragma once

#include "common/StrataError.h"
#include "db/PgResult.h"

#include <QByteArray>
#include <QJsonArray>
#include <QStringList>

class PgConnection;

// One catalog query of SchemaIntrospector's snapshot: every query's $1 is the
// text[] of the schemas read, and a failure names what was being read.
class SchemaCatalogQuery
{
public:
    SchemaCatalogQuery(PgConnection &connection, const QStringList &schemas);

    Result<PgResult> query(const QByteArray &sql, const char *what);

    // The condition on a namespace `n` that keeps the schemas read.
    static QByteArray schemaFilter();
    // Objects created by CREATE EXTENSION belong to the extension, not to the user.
    static QByteArray notExtensionMember(const char *catalog, const char *oidColumn);
    // The options a user set on column `a` (pg_attribute a): attoptions
    // without the server's own entries, NULL when none is left. Debian's
    // PostgreSQL 15.20 records an internal pg_attver=<n> on every column of
    // every relation, different in each database; it is nobody's DDL.
    static QByteArray userColumnOptions();
    // A json column as an array; empty for NULL.
    static QJsonArray jsonArray(const PgResult &r, int row, int column);

private:
    PgConnection &m_connection;
    QByteArray m_schemas;
};
