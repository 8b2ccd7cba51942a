#pragma once

#include "ShadowBaseline.h"
#include "common/StrataError.h"
#include "db/ConnectionSettings.h"

#include <QString>
#include <QStringList>

#include <memory>

class PgConnection;
class SandboxCluster;

// A temporary database to load a schema into (a schema.sql file, the migrations
// folder replayed) or to try migrations in (verify). It lives on the server the
// caller names when the connected role may create databases (CREATEDB or
// superuser), so both sides of a comparison run on the same PostgreSQL version;
// otherwise on a temporary local sandbox cluster, which goes away with it.
//
// Always dropped: drop() reports a failure, and the destructor drops what
// drop() was not called for (logging a failure, since it cannot return one).
// The name is `strata_shadow_<random>` and the database carries a comment
// saying who made it, so a leftover from a crashed run is recognisable and
// listed by leftovers().
//
// Not thread-safe; create, use and destroy it on one thread.
class ShadowDatabase
{
public:
    static QString namePrefix() { return QStringLiteral("strata_shadow_"); }

    // `server`: where to create the shadow if the role may; null (or a role
    // without CREATEDB) means the local sandbox. `sandbox`, when given, is a
    // running sandbox to reuse (two shadows of one diff share one cluster); a
    // sandbox started here is stored back into it so the caller can pass it on.
    // `baseline`: what the shadow starts with (the target's extensions), applied
    // again by every reset().
    static Result<std::unique_ptr<ShadowDatabase>> create(const ConnectionSettings *server,
        std::shared_ptr<SandboxCluster> *sandbox = nullptr, const ShadowBaseline &baseline = {});

    ~ShadowDatabase();
    ShadowDatabase(const ShadowDatabase &) = delete;
    ShadowDatabase &operator=(const ShadowDatabase &) = delete;

    QString name() const { return m_name; }
    // How to reach the shadow: the server's settings with the shadow's database name.
    ConnectionSettings connectionSettings() const;
    bool isInSandbox() const { return m_sandbox != nullptr; }
    // "database strata_shadow_… on user@host:port" or "… in a local sandbox cluster".
    QString describe() const;

    ShadowBaseline baseline() const { return m_baseline; }

    // Drops and creates it again, with its baseline only (the verifier starts over after a
    // migration whose down left the schema in an unknown state).
    Status reset();
    // Drops the database (connections still open to it are terminated) and, for
    // a sandbox this object started, stops the cluster. Calling it again does nothing.
    Status drop();

    // strata_shadow_* databases on a server: leftovers of runs that crashed.
    static Result<QStringList> leftovers(PgConnection &connection);

private:
    ShadowDatabase() = default;
    Status createDatabase();
    Status dropDatabase();
    Status applyBaseline(PgConnection &maintenance);

    QString m_name;
    ConnectionSettings m_server; // the maintenance connection (the server's own database)
    std::shared_ptr<SandboxCluster> m_sandbox;
    ShadowBaseline m_baseline;
    bool m_exists = false;
};
