#include "ShadowBaseline.h"

#include "common/Logging.h"
#include "db/PgConnection.h"
#include "sql/ExtensionUse.h"

#include <QRegularExpression>

namespace {

void collect(const QByteArray &sql, QStringList *extensions, QStringList *schemas)
{
    const ExtensionUse::Found found = ExtensionUse::of(sql);
    *extensions += found.createdExtensions;
    // CREATE SCHEMA IF NOT EXISTS runs as well after the baseline made it.
    *schemas += found.plainlyCreatedSchemas;
}

} // namespace

Result<ShadowBaseline> ShadowBaseline::read(PgConnection &target)
{
    ShadowBaseline baseline;
    baseline.m_source = target.settings().describe();
    // plpgsql is in every new database (template0) already.
    PgResult r = target.exec("SELECT e.extname, n.nspname, e.extversion FROM pg_catalog.pg_extension e"
                             " JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace"
                             " WHERE e.extname <> 'plpgsql' ORDER BY e.oid");
    if (!r.ok())
        return r.error();
    for (int i = 0; i < r.rowCount(); ++i) {
        baseline.m_extensions.append(Extension { r.value(i, 0), r.value(i, 1), r.value(i, 2) });
        const QString schema = r.value(i, 1);
        if (schema != QLatin1String("public") && schema != QLatin1String("pg_catalog")
            && !baseline.m_schemas.contains(schema))
            baseline.m_schemas.append(schema);
    }
    PgResult path = target.exec(
        "SELECT substr(c, length('search_path=') + 1) FROM pg_catalog.pg_db_role_setting s,"
        " unnest(s.setconfig) AS c WHERE s.setrole = 0 AND starts_with(c, 'search_path=')"
        " AND s.setdatabase = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())");
    if (!path.ok())
        return path.error();
    if (path.rowCount() == 1)
        baseline.m_searchPath = path.value(0, 0);
    qCInfo(lcShadow).noquote() << "baseline of" << baseline.m_source << ":" << baseline.describe();
    return baseline;
}

Result<ShadowBaseline> ShadowBaseline::read(const ConnectionSettings &target)
{
    Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(target);
    if (!connection)
        return connection.error();
    return read(**connection);
}

ShadowBaseline ShadowBaseline::without(const MigrationList &chain) const
{
    QStringList extensions;
    QStringList schemas;
    for (const Migration &m : chain) {
        collect(m.up.sql, &extensions, &schemas);
        // A down that recreates an extension a later up dropped runs in the
        // verifier's second pass, and must find it gone as well.
        collect(m.down.sql, &extensions, &schemas);
    }
    return withoutCreated(extensions, schemas);
}

ShadowBaseline ShadowBaseline::without(const QList<SqlStatement> &statements) const
{
    QStringList extensions;
    QStringList schemas;
    for (const SqlStatement &s : statements)
        collect(s.text, &extensions, &schemas);
    return withoutCreated(extensions, schemas);
}

ShadowBaseline ShadowBaseline::withoutCreated(const QStringList &extensions, const QStringList &schemas) const
{
    ShadowBaseline kept;
    kept.m_searchPath = m_searchPath;
    kept.m_source = m_source;
    for (const Extension &e : m_extensions) {
        if (extensions.contains(e.name)) {
            qCInfo(lcShadow).noquote() << "baseline: extension" << e.name << "is created by a migration";
            continue;
        }
        // Its schema is the chain's to create (without IF NOT EXISTS): the
        // extension cannot come before it.
        if (schemas.contains(e.schema)) {
            qCInfo(lcShadow).noquote() << "baseline: extension" << e.name << "lives in schema" << e.schema
                                       << ", which a migration creates; left out";
            continue;
        }
        kept.m_extensions.append(e);
        if (e.schema != QLatin1String("public") && e.schema != QLatin1String("pg_catalog")
            && !kept.m_schemas.contains(e.schema))
            kept.m_schemas.append(e.schema);
    }
    return kept;
}

QString ShadowBaseline::describe() const
{
    if (isEmpty())
        return QStringLiteral("nothing");
    QStringList parts;
    QStringList names;
    for (const Extension &e : m_extensions)
        names << QStringLiteral("%1 %2 (%3)").arg(e.name, e.version, e.schema);
    if (!names.isEmpty())
        parts << QStringLiteral("extensions ") + names.join(QStringLiteral(", "));
    if (!m_searchPath.isEmpty())
        parts << QStringLiteral("search_path ") + m_searchPath;
    return parts.join(QStringLiteral("; "));
}

QByteArray ShadowBaseline::alterDatabaseSql(const QString &database) const
{
    if (m_searchPath.isEmpty())
        return {};
    // The setting as pg_db_role_setting prints it is valid SET syntax
    // ("app, public", "\"$user\", public").
    return QStringLiteral("ALTER DATABASE %1 SET search_path = %2")
        .arg(PgConnection::quoteIdentifier(database), m_searchPath)
        .toUtf8();
}

Status ShadowBaseline::apply(PgConnection &shadow, const QString &shadowDescription, bool inSandbox) const
{
    if (m_extensions.isEmpty())
        return Ok {};
    for (const QString &schema : m_schemas)
        if (Status s = shadow.run(QStringLiteral("CREATE SCHEMA IF NOT EXISTS %1")
                                      .arg(PgConnection::quoteIdentifier(schema))
                                      .toUtf8());
            !s) {
            StrataError e = s.error();
            e.message
                = QStringLiteral("cannot create schema %1 (the target %2 has extensions in it) in the %3: %4")
                      .arg(schema, m_source, shadowDescription, e.message);
            return e;
        }
    for (const Extension &extension : m_extensions) {
        // The target's version when this server has it, else its default:
        // sandbox and target may be different PostgreSQL builds.
        PgResult available = shadow.execParams(
            "SELECT bool_or(version = $2) FROM pg_catalog.pg_available_extension_versions WHERE name = $1",
            { extension.name.toUtf8(), extension.version.toUtf8() });
        if (!available.ok())
            return available.error();
        if (available.isNull(0, 0)) {
            StrataError e = StrataError::make(StrataError::Kind::Environment,
                QStringLiteral(
                    "the target %1 has the extension \"%2\" (version %3), which the server of the %4 "
                    "does not have (it is not in pg_available_extensions there), so the migrations "
                    "cannot run in it as they would on the target")
                    .arg(m_source, extension.name, extension.version, shadowDescription));
            e.hint = inSandbox
                ? QStringLiteral("install the extension's package for the PostgreSQL the sandbox runs (e.g. "
                                 "postgresql-contrib, postgresql-NN-postgis-3), or let the shadow go to the "
                                 "target's server: a role that may create databases there (CREATEDB)")
                : QStringLiteral("install the extension's package on that server (e.g. postgresql-contrib, "
                                 "postgresql-NN-postgis-3), or drop the extension from the target if nothing "
                                 "uses it");
            return e;
        }
        const bool sameVersion = available.value(0, 0) == QLatin1String("t");
        QString sql = QStringLiteral("CREATE EXTENSION IF NOT EXISTS %1 WITH SCHEMA %2")
                          .arg(PgConnection::quoteIdentifier(extension.name),
                              PgConnection::quoteIdentifier(extension.schema));
        if (sameVersion)
            sql += QStringLiteral(" VERSION ") + PgConnection::quoteIdentifier(extension.version);
        else
            qCInfo(lcShadow).noquote() << "baseline: version" << extension.version << "of" << extension.name
                                       << "is not available in the shadow's server; its default is used";
        if (Status s = shadow.run(sql.toUtf8()); !s) {
            StrataError e = s.error();
            e.message
                = QStringLiteral("cannot create the extension \"%1\" (the target %2 has it) in the %3: %4")
                      .arg(extension.name, m_source, shadowDescription, e.message);
            return e;
        }
    }
    return Ok {};
}

void ShadowBaseline::explainMissingExtension(StrataError *error)
{
    // 42883 undefined_function, 42704 undefined_object (a type).
    if (error->sqlState != QLatin1String("42883") && error->sqlState != QLatin1String("42704"))
        return;
    static const QRegularExpression function(QStringLiteral(R"re(function (?:[\w$]+\.)?([\w$]+)\()re"));
    static const QRegularExpression type(
        QStringLiteral(R"re(type "(?:[\w$]+\.)?([\w$]+)" does not exist)re"));
    QString extension;
    if (const QRegularExpressionMatch m = function.match(error->message); m.hasMatch())
        extension = ExtensionUse::extensionOfFunction(m.captured(1));
    else if (const QRegularExpressionMatch t = type.match(error->message); t.hasMatch())
        extension = ExtensionUse::extensionOfType(t.captured(1));
    if (extension.isEmpty())
        return;
    const QString hint = QStringLiteral(
        "it belongs to the extension \"%1\", which no migration creates: a shadow starts with the "
        "target's extensions when strata-cli is given the target's connection (-d, a DSN, "
        "PG* variables; in the app, a connected profile), or add `CREATE EXTENSION IF NOT EXISTS "
        "%2;` to the first migration")
                             .arg(extension, PgConnection::quoteIdentifier(extension));
    error->hint = error->hint.isEmpty() ? hint : error->hint + QStringLiteral("; ") + hint;
}
