#pragma once

#include "common/StrataError.h"
#include "db/ConnectionSettings.h"

#include <QString>
#include <QStringList>

#include <memory>

class QProcess;
class SandboxWatchdog;
class QTemporaryDir;

// A throwaway PostgreSQL cluster of our own: `strata-cli --sandbox`, the demo and
// the test suites run against one so that nobody needs a server set up by hand.
//
// Layout of the cluster folder:
//   data/        PGDATA
//   socket/      the Unix socket (the folder is 0700: only its owner and root get in)
//   server.log   the postmaster's stderr
//
// Authentication: with a superuser password the cluster uses scram-sha-256 and
// also listens on 127.0.0.1. Without one it uses trust, and then it listens on
// its private socket folder only and its pg_hba.conf trusts that socket only
// (no host lines), so that no other local user can walk in over TCP even if
// listen_addresses is changed. A persistent sandbox always uses trust: its
// password would otherwise have to be stored somewhere between runs.
//
// Running as root (CI, containers), initdb and postgres run as the `postgres`
// system user through runuser, and the cluster folder is chowned to it.
//
// Not a QObject, but it owns a QProcess (the watchdog): create, stop and destroy
// it on one thread.
class SandboxCluster
{
public:
    struct Options
    {
        // Empty: a new temporary folder, removed when the cluster stops.
        // Otherwise a persistent folder reused across runs: a running cluster in it
        // is attached to, a stopped one is started, an empty folder is initialised.
        QString directory;
        // Tests turn it off for speed (fsync, synchronous_commit and
        // full_page_writes all off); benchmarks turn it on.
        bool fsync = false;
        // Non-empty: scram-sha-256 for local and host connections with this
        // password. Empty: trust. Only for temporary clusters.
        QString superuserPassword;
        // True also arms a watchdog process that stops the server (and removes a
        // temporary folder) if this process dies without running the destructor.
        // False keeps the postmaster running after this object (and this process)
        // is gone: the persistent CLI and demo sandbox. Ignored for a temporary
        // folder, which can only be removed once the server is down.
        bool stopOnDestruction = true;
        // Tests only: a folder where the result of one initdb (trust, no password)
        // is kept, per server version, and copied for each new temporary cluster
        // instead of running initdb again; the password is then set in single-user
        // mode before the server first listens. initdb is most of a cluster's start
        // time, and every test process starts its own cluster.
        QString initdbTemplateCache;
        // More server settings ("name=value"), given to postgres as -c.
        QStringList serverSettings;
    };

    static Result<std::unique_ptr<SandboxCluster>> start(const Options &options);

    // The sandbox `strata-cli --sandbox`, `strata-cli sandbox start` and the
    // app's first start share: the persistent cluster in
    // defaultPersistentDirectory(), started if it is not running, with its
    // database `strata_sandbox` created if missing. Returns how to reach that
    // database; `dataDirectory`, when given, receives where the cluster lives.
    static Result<ConnectionSettings> startShared(QString *dataDirectory = nullptr);
    static QString sharedDatabaseName() { return QStringLiteral("strata_sandbox"); }
    ~SandboxCluster();

    SandboxCluster(const SandboxCluster &) = delete;
    SandboxCluster &operator=(const SandboxCluster &) = delete;

    QString directory() const { return m_directory; }
    QString dataDirectory() const;
    QString socketDirectory() const;
    QString logFile() const;
    int port() const { return m_port; }
    qint64 postmasterPid() const { return m_postmasterPid; }
    bool isRunning() const { return m_running; }
    QString superuser() const;

    // host = the socket directory, so no TCP and no other user's server is involved.
    ConnectionSettings connectionSettings(const QString &database = QStringLiteral("postgres")) const;

    Status createDatabase(const QString &name);
    // Connections still open to the database are terminated (DROP ... WITH (FORCE)).
    Status dropDatabase(const QString &name);

    // Fast shutdown, then removal of a temporary folder. Calling it again does nothing.
    Status stop();

    // $STRATA_PG_BINDIR if set, else the highest-version /usr/lib/postgresql/*/bin
    // holding `postgres`, else the folder of a `postgres` on PATH; empty if none.
    static QString postgresBinDir();
    // $STRATA_SANDBOX_DIR if set, else $XDG_RUNTIME_DIR/strata-sandbox for a normal user,
    // /tmp/strata-sandbox-<uid> otherwise (root's runtime folder is closed to the postgres user).
    static QString defaultPersistentDirectory();

private:
    SandboxCluster() = default;

    Result<bool> attachToRunningServer();
    bool serverAccepts(int port) const;
    Status initialise(const Options &options);
    Result<bool> initialiseFromTemplate(const QString &cacheFolder);
    Result<QString> ensureTemplate(const QString &cacheFolder);
    Status runInitdb(const QString &dataDirectory, const QStringList &extraArguments);
    Status launch(const Options &options);
    Status startWatchdog();
    // Tells the watchdog which process to stop: the server we started or checked.
    void tellWatchdog(qint64 postmasterPid);
    void stopWatchdog();
    Status runClient(const QString &tool, const QStringList &arguments, const QString &what);
    QString logTail(qint64 fromOffset) const;

    QString m_binDir;
    QString m_directory;
    std::unique_ptr<QTemporaryDir> m_temporary; // set for a temporary cluster
    QString m_password;
    int m_port = 0;
    qint64 m_postmasterPid = 0;
    qint64 m_ownerPid = 0; // a forked child (a death test) must not stop our server
    int m_majorVersion = 0;
    bool m_fsync = false;
    bool m_persistent = false;
    bool m_stopOnDestruction = true;
    bool m_running = false;
    std::unique_ptr<SandboxWatchdog> m_watchdog;
};
