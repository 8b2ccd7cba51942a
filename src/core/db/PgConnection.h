#pragma once

#include "ConnectionSettings.h"
#include "PgResult.h"

#include <QByteArrayList>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

class SshTunnel;
struct pg_conn;
struct pg_cancel;

// A database connection for one thread, straight on libpq. (Through Qt's QPSQL
// driver it cost a plugin load and five round trips of session set-up on every
// connection, and a migration runner needs what QPSQL does not expose anyway:
// error position, detail, hint, notices, cancellation, pipelining.)
//
// With settings.ssh it connects through the shared SSH tunnel to the bastion
// (SshTunnelRegistry): libpq's hostaddr is the tunnel's end on 127.0.0.1 and
// its host the server's real name, so verify-full still checks that name.
//
// Create, use and destroy it on one thread (libpq connections are not
// thread-safe). Only cancel() may be called from another thread.
class PgConnection
{
public:
    static Result<std::unique_ptr<PgConnection>> open(const ConnectionSettings &settings);
    ~PgConnection();

    PgConnection(const PgConnection &) = delete;
    PgConnection &operator=(const PgConnection &) = delete;

    // Runs one SQL string through the simple query protocol.
    PgResult exec(const QByteArray &sql);
    // Runs one statement with text parameters ($1, $2 ...); a null QByteArray is SQL NULL.
    PgResult execParams(const QByteArray &sql, const QByteArrayList &params);
    // exec() for statements whose failure is an error without further context.
    Status run(const QByteArray &sql);

    // One command of a pipeline: a single statement with text parameters.
    struct Command
    {
        QByteArray sql;
        QByteArrayList params; // a null QByteArray is SQL NULL
    };
    // Sends every command at once in libpq's pipeline mode (one round trip
    // instead of one per command) and returns one result per command, in
    // order. The server runs them in order; after the first failure it runs
    // none of the rest, whose results are then not ok() ("aborted"). An open
    // transaction stays open, aborted after a failure: the caller ends it.
    // `onResult` sees each result as it arrives, while later commands may
    // still run. The error is the connection's when the pipeline itself broke.
    using ResultHandler = std::function<void(int index, const PgResult &result)>;
    Result<std::vector<PgResult>> execPipeline(
        const QList<Command> &commands, const ResultHandler &onResult = {});

    // Asks the server to cancel the statement running now. Safe from any thread.
    bool cancel();

    // Receives NOTICE, WARNING, INFO ... (RAISE output) for this connection.
    using NoticeHandler = std::function<void(const QString &severity, const QString &message)>;
    void setNoticeHandler(NoticeHandler handler);

    bool isAlive() const;
    // Whether a transaction is open on the connection (libpq's PQtransactionStatus).
    enum class TransactionStatus { Idle, InTransaction, Failed, Active, Unknown };
    TransactionStatus transactionStatus() const;
    int serverVersion() const; // e.g. 150018
    QString serverVersionString() const; // e.g. "15.18"
    int backendPid() const;
    const ConnectionSettings &settings() const { return m_settings; }
    // The SSH tunnel this connection goes through (settings().ssh), or null.
    std::shared_ptr<SshTunnel> tunnel() const { return m_tunnel; }

    static QString quoteIdentifier(const QString &identifier);

private:
    PgConnection() = default;
    static void noticeReceiver(void *self, const struct pg_result *result);

    // Declared first, so it is released last: after the connection on it is closed.
    std::shared_ptr<SshTunnel> m_tunnel;
    ConnectionSettings m_settings;
    pg_conn *m_conn = nullptr;
    NoticeHandler m_noticeHandler;
    std::mutex m_cancelMutex;
    pg_cancel *m_cancel = nullptr;
};
