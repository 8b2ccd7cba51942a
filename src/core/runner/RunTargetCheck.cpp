#include "RunTargetCheck.h"

#include "common/Logging.h"
#include "db/PgConnection.h"

namespace {

Result<int> serverPid(PgConnection &connection)
{
    PgResult r = connection.exec("SELECT pg_backend_pid()");
    if (!r.ok())
        return r.error();
    return r.value(0, 0).toInt();
}

// Behind a proxy: does our client connection keep its server session between
// transactions? Tells session pooling from transaction and statement pooling.
Result<RunTargetCheck::Finding> classifyProxy(PgConnection &connection, RunTargetCheck::Finding finding)
{
    ConnectionSettings probeSettings = connection.settings();
    probeSettings.applicationName = QStringLiteral("strata pooler probe");
    Result<std::unique_ptr<PgConnection>> opened = PgConnection::open(probeSettings);
    if (!opened) {
        StrataError e = opened.error();
        e.message = QStringLiteral("a connection pooler or proxy is in front of %1, and a second connection "
                                   "to check whether it keeps a server session per client failed: %2")
                        .arg(connection.settings().describe(), e.message);
        return e;
    }
    PgConnection &probe = **opened;

    // A few rounds: another client of a busy transaction pooler can take our
    // released session between our query and the probe's, and give it back
    // before our next one. Session mode never shows a change, however many.
    constexpr int Rounds = 3;
    for (int round = 1; round <= Rounds; ++round) {
        // In transaction mode our session goes back to the pool when this
        // query ends, and is the most recently released one.
        const Result<int> before = serverPid(connection);
        if (!before)
            return before.error();
        PgResult begin = probe.exec("BEGIN");
        if (!begin.ok()) {
            finding.endpoint = RunTargetCheck::Endpoint::TransactionPooler;
            // PgBouncer closes the connection, and libpq's message spans lines.
            finding.evidence = QStringLiteral("it refused a second client's BEGIN (%1), as a pooler in "
                                              "statement pooling mode does")
                                   .arg(begin.error().message.section(QLatin1Char('\n'), 0, 0).trimmed());
            return finding;
        }
        const Result<int> probePid = serverPid(probe);
        const Result<int> after = probePid ? serverPid(connection) : Result<int>(0);
        probe.exec("ROLLBACK");
        if (!probePid)
            return probePid.error();
        if (!after)
            return after.error();
        if (*probePid == *before) {
            finding.endpoint = RunTargetCheck::Endpoint::TransactionPooler;
            finding.evidence = QStringLiteral("another client connection was handed our idle server session "
                                              "(backend pid %1)")
                                   .arg(*before);
            return finding;
        }
        if (*after != *before) {
            finding.endpoint = RunTargetCheck::Endpoint::TransactionPooler;
            finding.evidence = QStringLiteral(
                "our server session changed between two transactions (backend pid %1, then %2)")
                                   .arg(*before)
                                   .arg(*after);
            return finding;
        }
        finding.serverPid = *after;
        finding.endpoint = RunTargetCheck::Endpoint::SessionPooler;
        finding.evidence = QStringLiteral("our server session (backend pid %1) stayed ours while another "
                                          "client held a transaction (backend pid %2), %3 times")
                               .arg(*before)
                               .arg(*probePid)
                               .arg(Rounds);
    }
    return finding;
}

} // namespace

Result<RunTargetCheck::Finding> RunTargetCheck::inspect(PgConnection &connection)
{
    PgResult r = connection.exec("SELECT pg_is_in_recovery(), pg_backend_pid(), current_setting('port')");
    if (!r.ok())
        return r.error();
    Finding finding;
    finding.serverPid = r.value(0, 1).toInt();
    finding.serverPort = r.value(0, 2);
    if (r.value(0, 0) == QLatin1String("t")) {
        finding.endpoint = Endpoint::Standby;
        return finding;
    }
    // The server sends its own process id in the backend key at login; a
    // proxy answers the login itself and sends a key of its own.
    if (finding.serverPid == connection.backendPid())
        return finding;
    Result<Finding> classified = classifyProxy(connection, finding);
    if (classified)
        qCDebug(lcRunner).noquote() << connection.settings().describe()
                                    << "is a pooler:" << classified->evidence;
    return classified;
}

Status RunTargetCheck::requireWritable(PgConnection &connection, int *serverPid)
{
    Result<Finding> found = inspect(connection);
    if (!found)
        return found.error();
    if (serverPid)
        *serverPid = found->serverPid;
    const QString where = connection.settings().describe();
    switch (found->endpoint) {
    case Endpoint::Server:
    case Endpoint::SessionPooler:
        return Ok {};
    case Endpoint::Standby: {
        StrataError e = StrataError::make(StrataError::Kind::Connection,
            QStringLiteral("%1 is a read-only standby (the server is in recovery); migrations write, so "
                           "connect to the primary")
                .arg(where));
        e.hint = QStringLiteral("status, diff and lint work against a standby; up and down need the primary");
        return e;
    }
    case Endpoint::TransactionPooler: {
        StrataError e = StrataError::make(StrataError::Kind::Connection,
            QStringLiteral("%1 is a connection pooler in transaction or statement pooling mode: %2. A run "
                           "holds a session-level migration lock and session settings across its "
                           "transactions, which do not survive such a pooler; connect directly to the server "
                           "(not the pooler) for up and down")
                .arg(where, found->evidence));
        e.hint
            = QStringLiteral("the server behind it listens on port %1; a pooler in session mode also works. "
                             "status, diff and lint work through this one")
                  .arg(found->serverPort);
        return e;
    }
    }
    return Ok {};
}
