#include "ShadowDatabase.h"

#include "common/Logging.h"
#include "db/PgConnection.h"
#include "sandbox/SandboxCluster.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRandomGenerator>
#include <QSysInfo>

namespace {

QString randomSuffix()
{
    // 12 hex digits: unique enough for concurrent runs on one server, short
    // enough to read in a database list.
    QString suffix;
    for (int i = 0; i < 12; ++i)
        suffix += QLatin1Char("0123456789abcdef"[QRandomGenerator::system()->bounded(16)]);
    return suffix;
}

// CREATEDB or superuser: the same test PostgreSQL applies to CREATE DATABASE.
// A hot standby is read-only whatever the role may do: diff and generate
// against one put their shadow in a local sandbox.
Result<bool> mayCreateDatabases(PgConnection &connection)
{
    PgResult r = connection.exec("SELECT (rolcreatedb OR rolsuper) AND NOT pg_is_in_recovery() "
                                 "FROM pg_catalog.pg_roles WHERE rolname = current_user");
    if (!r.ok())
        return r.error();
    return r.rowCount() == 1 && r.value(0, 0) == QLatin1String("t");
}

} // namespace

Result<std::unique_ptr<ShadowDatabase>> ShadowDatabase::create(const ConnectionSettings *server,
    std::shared_ptr<SandboxCluster> *sandbox, const ShadowBaseline &baseline)
{
    std::unique_ptr<ShadowDatabase> shadow(new ShadowDatabase);
    shadow->m_baseline = baseline;
    shadow->m_name = namePrefix() + randomSuffix();
    bool onServer = false;
    if (server) {
        Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(*server);
        if (!connection)
            return connection.error();
        Result<bool> may = mayCreateDatabases(**connection);
        if (!may)
            return may.error();
        onServer = *may;
        if (onServer) {
            shadow->m_server = *server;
        } else {
            qCInfo(lcShadow)
                << "the role of" << server->describe()
                << "may not create databases there (or it is a standby); the shadow goes to a local sandbox";
        }
    }
    if (!onServer) {
        if (sandbox && *sandbox) {
            shadow->m_sandbox = *sandbox;
        } else {
            SandboxCluster::Options options; // temporary, stopped and removed with the last user
            Result<std::unique_ptr<SandboxCluster>> started = SandboxCluster::start(options);
            if (!started) {
                StrataError e = started.error();
                e.message = QStringLiteral("a shadow database needs a server where this role may create "
                                           "databases, or a local sandbox cluster, which did not start: ")
                    + e.message;
                return e;
            }
            shadow->m_sandbox = std::shared_ptr<SandboxCluster>(std::move(started).value());
            if (sandbox)
                *sandbox = shadow->m_sandbox;
        }
        shadow->m_server = shadow->m_sandbox->connectionSettings();
    }
    shadow->m_server.applicationName = QStringLiteral("strata-shadow");
    if (Status s = shadow->createDatabase(); !s)
        return s.error();
    qCInfo(lcShadow) << "created" << shadow->describe();
    return shadow;
}

ShadowDatabase::~ShadowDatabase()
{
    if (Status s = drop(); !s)
        qCWarning(lcShadow).noquote()
            << "could not drop the shadow database" << m_name << ":" << s.error().toString();
}

ConnectionSettings ShadowDatabase::connectionSettings() const
{
    ConnectionSettings settings = m_server;
    settings.database = m_name;
    return settings;
}

QString ShadowDatabase::describe() const
{
    if (m_sandbox)
        return QStringLiteral("shadow database %1 in a temporary local sandbox cluster").arg(m_name);
    ConnectionSettings where = m_server;
    return QStringLiteral("shadow database %1 on %2").arg(m_name, where.describe());
}

Status ShadowDatabase::createDatabase()
{
    Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(m_server);
    if (!connection)
        return connection.error();
    const QString quoted = PgConnection::quoteIdentifier(m_name);
    // template0: never busy (it accepts no connections, unlike template1) and
    // holds nothing a site may have added to template1.
    if (Status s
        = (*connection)->run(QStringLiteral("CREATE DATABASE %1 TEMPLATE template0").arg(quoted).toUtf8());
        !s) {
        StrataError e = s.error();
        e.message = QStringLiteral("cannot create the shadow database %1: %2").arg(m_name, e.message);
        return e;
    }
    m_exists = true;
    // A leftover of a crashed run says what it is in \l+ and pgAdmin.
    const QString comment
        = QStringLiteral("Strata shadow database, made by process %1 on %2 at %3 UTC; safe to drop")
              .arg(QCoreApplication::applicationPid())
              .arg(QSysInfo::machineHostName(),
                  QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    PgResult r
        = (*connection)
              ->execParams(QStringLiteral(
                               "SELECT pg_catalog.format('COMMENT ON DATABASE %I IS %L', $1::text, $2::text)")
                               .toUtf8(),
                  { m_name.toUtf8(), comment.toUtf8() });
    if (r.ok() && r.rowCount() == 1)
        (*connection)->exec(r.value(0, 0).toUtf8()); // only a label: its failure changes nothing
    return applyBaseline(**connection);
}

Status ShadowDatabase::applyBaseline(PgConnection &maintenance)
{
    if (m_baseline.isEmpty())
        return Ok {};
    // The database's own settings first: every connection opened after this sees them.
    if (const QByteArray alter = m_baseline.alterDatabaseSql(m_name); !alter.isEmpty())
        if (Status s = maintenance.run(alter); !s) {
            StrataError e = s.error();
            e.message = QStringLiteral("cannot copy the search_path of %1 to the shadow database %2: %3")
                            .arg(m_baseline.source(), m_name, e.message);
            return e;
        }
    Result<std::unique_ptr<PgConnection>> shadow = PgConnection::open(connectionSettings());
    if (!shadow)
        return shadow.error();
    if (Status s = m_baseline.apply(**shadow, describe(), isInSandbox()); !s)
        return s;
    qCInfo(lcShadow).noquote() << "baseline applied to" << m_name << ":" << m_baseline.describe();
    return Ok {};
}

Status ShadowDatabase::dropDatabase()
{
    if (!m_exists)
        return Ok {};
    Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(m_server);
    if (!connection) {
        StrataError e = connection.error();
        e.message
            = QStringLiteral("cannot drop the shadow database %1 (drop it by hand: DROP DATABASE %1): %2")
                  .arg(m_name, e.message);
        return e;
    }
    // WITH (FORCE) ends a connection a failed step may have left behind (13+).
    const QString force
        = (*connection)->serverVersion() >= 130000 ? QStringLiteral(" WITH (FORCE)") : QString();
    if (Status s = (*connection)
                       ->run(QStringLiteral("DROP DATABASE IF EXISTS %1%2")
                                 .arg(PgConnection::quoteIdentifier(m_name), force)
                                 .toUtf8());
        !s) {
        StrataError e = s.error();
        e.message
            = QStringLiteral("cannot drop the shadow database %1 (drop it by hand: DROP DATABASE %1): %2")
                  .arg(m_name, e.message);
        return e;
    }
    m_exists = false;
    return Ok {};
}

Status ShadowDatabase::reset()
{
    if (Status s = dropDatabase(); !s)
        return s;
    return createDatabase();
}

Status ShadowDatabase::drop()
{
    Status dropped = dropDatabase();
    if (dropped)
        qCInfo(lcShadow) << "dropped" << m_name;
    // The sandbox stops when its last shadow lets go of it; a temporary
    // cluster's folder goes with it, database and all, even if the drop failed.
    m_sandbox.reset();
    return dropped;
}

Result<QStringList> ShadowDatabase::leftovers(PgConnection &connection)
{
    PgResult r = connection.execParams(
        "SELECT datname FROM pg_catalog.pg_database WHERE starts_with(datname, $1) ORDER BY datname",
        { namePrefix().toUtf8() });
    if (!r.ok())
        return r.error();
    QStringList names;
    for (int i = 0; i < r.rowCount(); ++i)
        names << r.value(i, 0);
    return names;
}
