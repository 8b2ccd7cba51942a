#include "PgConnection.h"

#include "common/Logging.h"
#include "ssh/SshTunnel.h"
#include "ssh/SshTunnelRegistry.h"

#include <QList>
#include <QRegularExpression>

#include <vector>

#include <cerrno>

#include <poll.h>

#include <libpq-fe.h>

namespace {

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
    std::unique_ptr<PgConnection> connection(new PgConnection);
    connection->m_settings = settings;

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
    // Keyword/value pairs, so no value needs quoting. An empty setting is left
    // out: libpq then falls back to its own defaults (PGHOST, PGPASSWORD,
    // ~/.pgpass, the service file) by itself.
    QList<std::pair<const char *, QByteArray>> params;
    auto add = [&params](const char *keyword, const QString &value) {
        if (!value.isEmpty())
            params.append({ keyword, value.toUtf8() });
    };
    add("host", settings.host);
    // Through the tunnel: libpq connects to hostaddr and keeps `host` for
    // verify-full's name check and ~/.pgpass.
    if (connection->m_tunnel) {
        add("hostaddr", QStringLiteral("127.0.0.1"));
        add("port", QString::number(connection->m_tunnel->localPort()));
    } else if (settings.port > 0) {
        add("port", QString::number(settings.port));
    }
    add("dbname", settings.database);
    add("user", settings.user);
    add("password", settings.password);
    add("application_name", settings.applicationName);
    if (settings.connectTimeoutSeconds > 0)
        add("connect_timeout", QString::number(settings.connectTimeoutSeconds));
    add("sslmode", settings.sslMode);
    add("sslrootcert", settings.sslRootCert);
    add("service", settings.service);
    // Every text Strata sends and reads is UTF-8, whatever the server's encoding.
    add("client_encoding", QStringLiteral("UTF8"));
    if (!settings.searchPath.isEmpty()) {
        // libpq's `options` splits on blanks unless they are backslash-escaped.
        QString path = quoteIdentifier(settings.searchPath);
        path.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char(' '), QStringLiteral("\\ "));
        add("options", QStringLiteral("-csearch_path=") + path);
    }
    std::vector<const char *> keywords;
    std::vector<const char *> values;
    for (const auto &[keyword, value] : std::as_const(params)) {
        keywords.push_back(keyword);
        values.push_back(value.constData());
    }
    keywords.push_back(nullptr);
    values.push_back(nullptr);
    // expand_dbname 0: a database name is a name, never a connection string.
    connection->m_conn = PQconnectdbParams(keywords.data(), values.data(), 0);
    // The password's copy in params goes with them; libpq keeps its own.
    if (!connection->m_conn)
        return StrataError::make(StrataError::Kind::Environment,
            QStringLiteral("cannot connect to %1: out of memory").arg(settings.describe()));
    if (PQstatus(connection->m_conn) != CONNECTION_OK) {
        QString why = oneLine(QString::fromUtf8(PQerrorMessage(connection->m_conn)));
        // A tunnel that died under the connection explains more than libpq's EOF.
        if (connection->m_tunnel && !connection->m_tunnel->isAlive())
            why = QStringLiteral("the SSH tunnel through %1 ended: %2")
                      .arg(settings.ssh->endpoint(), connection->m_tunnel->error());
        return StrataError::make(StrataError::Kind::Connection,
            QStringLiteral("cannot connect to %1: %2").arg(settings.describe(), why));
    }
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
    if (m_conn) {
        PQsetNoticeReceiver(m_conn, nullptr, nullptr);
        PQfinish(m_conn);
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

Result<std::vector<PgResult>> PgConnection::execPipeline(
    const QList<Command> &commands, const ResultHandler &onResult)
{
    auto broken = [this](const QString &what) {
        return StrataError::make(StrataError::Kind::Connection,
            QStringLiteral("%1: %2").arg(what, oneLine(QString::fromUtf8(PQerrorMessage(m_conn)))));
    };
    if (PQenterPipelineMode(m_conn) != 1)
        return broken(QStringLiteral("cannot enter pipeline mode"));
    // Non-blocking while the commands go out, with results read as they come:
    // neither side can then stall on a full socket buffer (a big migration
    // sends megabytes while the server answers).
    PQsetnonblocking(m_conn, 1);
    struct Leave
    {
        pg_conn *conn;
        ~Leave()
        {
            // Possible only with every result read; after a failure of the
            // connection itself, drain what is left first.
            for (int i = 0; PQexitPipelineMode(conn) != 1 && i < 1000; ++i)
                if (PGresult *r = PQgetResult(conn))
                    PQclear(r);
            PQsetnonblocking(conn, 0);
        }
    } leave { m_conn };

    for (const Command &command : commands) {
        std::vector<const char *> values;
        values.reserve(command.params.size());
        for (const QByteArray &p : command.params)
            values.push_back(p.isNull() ? nullptr : p.constData());
        if (PQsendQueryParams(m_conn, command.sql.constData(), int(values.size()), nullptr, values.data(),
                nullptr, nullptr, 0)
            != 1)
            return broken(QStringLiteral("cannot send a statement"));
        // The server holds results back until a Sync unless asked to flush:
        // each result as it comes is what shows which statement runs now.
        if (PQsendFlushRequest(m_conn) != 1)
            return broken(QStringLiteral("cannot send a statement"));
    }
    if (PQpipelineSync(m_conn) != 1)
        return broken(QStringLiteral("cannot send the statements"));

    std::vector<PgResult> results;
    results.reserve(size_t(commands.size()));
    bool inCommand = false; // a result of the current command was read; NULL ends it
    for (;;) {
        const int flushed = PQflush(m_conn); // 0: all sent; 1: more to send
        if (flushed < 0)
            return broken(QStringLiteral("cannot send the statements"));
        if (!PQisBusy(m_conn)) {
            PGresult *raw = PQgetResult(m_conn);
            if (!raw) {
                // The end of a command's results; a second NULL in a row means
                // nothing is ready yet: wait below rather than spin.
                const bool ended = inCommand;
                inCommand = false;
                if (ended)
                    continue;
            } else if (PQresultStatus(raw) == PGRES_PIPELINE_SYNC) {
                PQclear(raw);
                break;
            } else if (inCommand) {
                // A command with several results: the last counts.
                results.back() = PgResult(raw);
                continue;
            } else {
                inCommand = true;
                results.emplace_back(raw);
                if (onResult)
                    onResult(int(results.size()) - 1, results.back());
                continue;
            }
        }
        pollfd fd { PQsocket(m_conn), short(POLLIN | (flushed == 1 ? POLLOUT : 0)), 0 };
        if (::poll(&fd, 1, -1) < 0 && errno != EINTR)
            return broken(QStringLiteral("cannot wait for the server"));
        if ((fd.revents & (POLLIN | POLLERR | POLLHUP)) && PQconsumeInput(m_conn) != 1)
            return broken(QStringLiteral("the connection broke"));
    }
    if (qsizetype(results.size()) != commands.size())
        return StrataError::make(StrataError::Kind::Connection,
            QStringLiteral("the server answered %1 of %2 statements")
                .arg(results.size())
                .arg(commands.size()));
    return Result<std::vector<PgResult>>(std::move(results));
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

PgConnection::TransactionStatus PgConnection::transactionStatus() const
{
    switch (PQtransactionStatus(m_conn)) {
    case PQTRANS_IDLE:
        return TransactionStatus::Idle;
    case PQTRANS_INTRANS:
        return TransactionStatus::InTransaction;
    case PQTRANS_INERROR:
        return TransactionStatus::Failed;
    case PQTRANS_ACTIVE:
        return TransactionStatus::Active;
    case PQTRANS_UNKNOWN:
        break;
    }
    return TransactionStatus::Unknown;
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
