#include "PgConnection.h"

#include "common/Logging.h"
#include "ssh/SshTunnel.h"
#include "ssh/SshTunnelRegistry.h"

#include <QAtomicInteger>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QVariant>

#include <libpq-fe.h>

namespace {

QAtomicInteger<quint64> connectionCounter;

QString quoteOption(const QString &value)
{
    QString v = value;
    v.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    v.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + v + QLatin1Char('\'');
}

// libpq's messages span lines and repeat "FATAL:"; the CLI wants one clear line.
QString oneLine(QString message)
{
    static const QRegularExpression where(
        QStringLiteral("^connection to server (at|on socket) .*? failed: "));
    message.replace(QLatin1String("FATAL:  "), QString());
    message.replace(QLatin1String("ERROR:  "), QString());
    message = message.simplified();
    // The caller names the server already; keep libpq's reason only.
    message.remove(where);
    return message;
}

} // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::open(const ConnectionSettings &settings)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return StrataError::make(StrataError::Kind::Environment,
            QStringLiteral("the Qt PostgreSQL driver (QPSQL) is not installed; on Debian "
                           "install the package libqt6sql6-psql"));
    std::unique_ptr<PgConnection> connection(new PgConnection);
    connection->m_settings = settings;
    connection->m_connectionName = QStringLiteral("strata-%1").arg(connectionCounter.fetchAndAddRelaxed(1));

    if (settings.ssh) {
        if (Status s = settings.checkTunnelTarget(); !s)
            return s.error();
        Result<std::shared_ptr<SshTunnel>> tunnel = SshTunnelRegistry::acquire(
            *settings.ssh, settings.host, settings.portOrDefault(), settings.connectTimeoutSeconds);
        if (!tunnel) {
            StrataError e = tunnel.error();
            e.message = QStringLiteral("cannot connect to %1: %2").arg(settings.describe(), e.message);
            return e;
        }
        connection->m_tunnel = std::move(tunnel).value();
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection->m_connectionName);
    if (!settings.host.isEmpty())
        db.setHostName(settings.host);
    if (connection->m_tunnel)
        db.setPort(connection->m_tunnel->localPort());
    else if (settings.port > 0)
        db.setPort(settings.port);
    if (!settings.database.isEmpty())
        db.setDatabaseName(settings.database);
    if (!settings.user.isEmpty())
        db.setUserName(settings.user);
    // Empty: libpq falls back to PGPASSWORD and ~/.pgpass by itself.
    if (!settings.password.isEmpty())
        db.setPassword(settings.password);
    QStringList options;
    // Through the tunnel: libpq connects to hostaddr and keeps `host` for
    // verify-full's name check and ~/.pgpass.
    if (connection->m_tunnel)
        options << QStringLiteral("hostaddr=127.0.0.1");
    options << QStringLiteral("application_name=") + quoteOption(settings.applicationName);
    if (settings.connectTimeoutSeconds > 0)
        options << QStringLiteral("connect_timeout=%1").arg(settings.connectTimeoutSeconds);
    if (!settings.sslMode.isEmpty())
        options << QStringLiteral("sslmode=") + quoteOption(settings.sslMode);
    if (!settings.sslRootCert.isEmpty())
        options << QStringLiteral("sslrootcert=") + quoteOption(settings.sslRootCert);
    if (!settings.service.isEmpty())
        options << QStringLiteral("service=") + quoteOption(settings.service);
    if (!settings.searchPath.isEmpty()) {
        // libpq's `options` splits on blanks unless they are backslash-escaped.
        QString path = quoteIdentifier(settings.searchPath);
        path.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char(' '), QStringLiteral("\\ "));
        options << QStringLiteral("options=") + quoteOption(QStringLiteral("-csearch_path=") + path);
    }
    db.setConnectOptions(options.join(QLatin1Char(';')));

    if (!db.open()) {
        QString why = oneLine(db.lastError().databaseText());
        // A tunnel that died under the connection explains more than libpq's EOF.
        if (connection->m_tunnel && !connection->m_tunnel->isAlive())
            why = QStringLiteral("the SSH tunnel through %1 ended: %2")
                      .arg(settings.ssh->endpoint(), connection->m_tunnel->error());
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connection->m_connectionName);
        connection->m_connectionName.clear();
        return StrataError::make(StrataError::Kind::Connection,
            QStringLiteral("cannot connect to %1: %2").arg(settings.describe(), why));
    }
    // The documented way to reach the native handle (QSqlDriver::handle()).
    const QVariant handle = db.driver()->handle();
    // Qt names the type after the struct behind libpq's PGconn typedef.
    if (handle.isValid()
        && (qstrcmp(handle.typeName(), "PGconn*") == 0 || qstrcmp(handle.typeName(), "pg_conn*") == 0))
        connection->m_conn = *static_cast<PGconn *const *>(handle.constData());
    if (!connection->m_conn)
        return StrataError::make(
            StrataError::Kind::Environment, QStringLiteral("the QPSQL driver gave no PGconn handle"));
    // The cancel object is made here, on the connection's own thread, and used
    // from others under the mutex (PQgetCancel is not safe to race with PQfinish).
    connection->m_cancel = PQgetCancel(connection->m_conn);
    PQsetNoticeReceiver(connection->m_conn, &PgConnection::noticeReceiver, connection.get());
    qCDebug(lcDb) << "connected" << settings.describe() << "backend pid" << PQbackendPID(connection->m_conn);
    return connection;
}

PgConnection::~PgConnection()
{
    {
        std::lock_guard lock(m_cancelMutex);
        if (m_cancel)
            PQfreeCancel(m_cancel);
        m_cancel = nullptr;
    }
    if (m_conn)
        PQsetNoticeReceiver(m_conn, nullptr, nullptr);
    if (!m_connectionName.isEmpty()) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

PgResult PgConnection::exec(const QByteArray &sql)
{
    return PgResult(PQexec(m_conn, sql.constData()));
}

PgResult PgConnection::execParams(const QByteArray &sql, const QByteArrayList &params)
{
    std::vector<const char *> values;
    values.reserve(params.size());
    for (const QByteArray &p : params)
        values.push_back(p.isNull() ? nullptr : p.constData());
    return PgResult(PQexecParams(m_conn, sql.constData(), static_cast<int>(values.size()), nullptr,
        values.data(), nullptr, nullptr, 0));
}

Status PgConnection::run(const QByteArray &sql)
{
    PgResult result = exec(sql);
    if (!result.ok())
        return result.error();
    return Ok {};
}

bool PgConnection::cancel()
{
    std::lock_guard lock(m_cancelMutex);
    if (!m_cancel)
        return false;
    char errbuf[256] = {};
    const bool sent = PQcancel(m_cancel, errbuf, sizeof errbuf) == 1;
    if (!sent)
        qCWarning(lcDb) << "cancel request failed:" << errbuf;
    return sent;
}

void PgConnection::setNoticeHandler(NoticeHandler handler)
{
    m_noticeHandler = std::move(handler);
}

void PgConnection::noticeReceiver(void *self, const PGresult *result)
{
    auto *connection = static_cast<PgConnection *>(self);
    const QString severity = QString::fromUtf8(PQresultErrorField(result, PG_DIAG_SEVERITY));
    const QString message = QString::fromUtf8(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY));
    if (connection->m_noticeHandler)
        connection->m_noticeHandler(severity, message);
    else
        qCDebug(lcDb) << severity << message;
}

bool PgConnection::isAlive() const
{
    return m_conn && PQstatus(m_conn) == CONNECTION_OK;
}

int PgConnection::serverVersion() const
{
    return PQserverVersion(m_conn);
}

QString PgConnection::serverVersionString() const
{
    return QString::fromUtf8(PQparameterStatus(m_conn, "server_version")).section(QLatin1Char(' '), 0, 0);
}

int PgConnection::backendPid() const
{
    return PQbackendPID(m_conn);
}

QString PgConnection::quoteIdentifier(const QString &identifier)
{
    QString quoted = identifier;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}
