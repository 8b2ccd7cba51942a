#pragma once

#include "common/StrataError.h"

#include <QString>

class PgConnection;

// Whether a run may write through a connection. A run relies on its session:
// the migration lock is a session-level advisory lock held across the run's
// transactions, and lock_timeout, statement_timeout and synchronous_commit are
// set for the session. Two kinds of endpoint break that, and are refused:
//
// - a hot standby (pg_is_in_recovery()): read-only, every write would fail
//   part-way; status, diff and lint read and work there;
// - a pooler in transaction or statement pooling mode (PgBouncer, Odyssey,
//   pgcat ...): between two transactions the client may be handed another
//   server session, so the lock taken in one would not cover the next, and
//   another client handed the lock's session would find it already "held"
//   by itself (advisory locks are re-entrant) and apply the same migrations.
//
// A pooler in session mode is safe (one server session for the whole client
// connection) and is allowed.
//
// Detection: the backend key the server sent at login names its process id
// (PQbackendPID); a proxy that terminates the protocol sends its own key, so a
// pid that differs from pg_backend_pid() means something sits in between, and
// a direct connection costs nothing more than one query. Behind a proxy, a
// second connection through the same endpoint opens a transaction while ours
// is idle: in transaction mode the pooler hands it the server session we just
// used (PgBouncer reuses the most recently released one), or hands ours
// another; in session mode neither can happen. Three rounds, so that a busy
// pool's other clients do not hide it. A pooler that refuses the second
// connection's BEGIN is in statement mode.
//
// Tested with PgBouncer's LIFO and round-robin (server_round_robin) orders,
// with other clients idle and busy. What could still pass: a pool so busy that
// in each of the three rounds another client takes our released session and
// gives it back exactly between our queries. The README says to point runs
// at the server or a session pooler.
class RunTargetCheck
{
public:
    enum class Endpoint {
        Server, // connected to the server itself
        SessionPooler, // a proxy that keeps one server session per client connection
        TransactionPooler, // a proxy that moves the client between server sessions
        Standby, // a server in recovery (read-only)
    };

    struct Finding
    {
        Endpoint endpoint = Endpoint::Server;
        int serverPid = 0; // pg_backend_pid() of our server session
        QString serverPort; // the port the server itself listens on (current_setting('port'))
        QString evidence; // why a pooler was classified as it was
    };

    // What the connection leads to. Reads with one query; behind a proxy also
    // opens (and closes) a second connection with the same settings.
    static Result<Finding> inspect(PgConnection &connection);

    // Ok when a run may write through `connection`; otherwise the refusal,
    // naming the endpoint and what to connect to instead. Call it before the
    // migration lock is taken: through a transaction pooler the lock would stay
    // behind on a pooled server session. `serverPid` receives our server
    // session's pid, which behind a session pooler is not PQbackendPID().
    static Status requireWritable(PgConnection &connection, int *serverPid = nullptr);
};
