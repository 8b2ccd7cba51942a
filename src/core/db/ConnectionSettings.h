#pragma once

#include "common/StrataError.h"
#include "ssh/SshSettings.h"

#include <QString>

#include <optional>

// Where and how to connect. Empty fields are left to libpq, so its conventions
// keep working: PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, PGSSLMODE,
// PGSERVICE, ~/.pgpass and pg_service.conf.
struct ConnectionSettings
{
    QString host; // a host name, an address, or a Unix socket directory
    int port = 0; // 0: libpq's default
    QString database;
    QString user;
    QString password; // held in memory only; never written, logged or passed as an argument
    QString sslMode; // disable, allow, prefer, require, verify-ca, verify-full
    QString sslRootCert;
    QString service; // a pg_service.conf entry
    QString applicationName = QStringLiteral("strata");
    int connectTimeoutSeconds = 10;
    // The session's search_path (a schema per tenant: the migrations' unqualified
    // names land in it); empty: the database's or role's own setting.
    QString searchPath;
    // Set: the server is reached through an SSH tunnel to this bastion, and
    // host and port are the server as the bastion sees them (a TCP host: a
    // socket folder cannot be forwarded). PgConnection and PgToolProcess
    // connect through the shared tunnel (SshTunnelRegistry) by themselves.
    std::optional<SshSettings> ssh;

    // user@host:port/database, with libpq's defaults filled in from the
    // environment where a field is empty, then " via SSH bastion" when
    // tunnelled. Never includes a password or passphrase.
    QString describe() const;

    // postgresql://[user[:password]@][host][:port][/database][?sslmode=...]
    // Unix socket directories go in the `host` query parameter, as libpq does.
    static Result<ConnectionSettings> fromDsn(const QString &dsn);

    // A project's .env as the seed's data-source.ts reads it: DB_HOST, DB_PORT,
    // DB_USERNAME, DB_PASSWORD, DB_DATABASE (plus DB_SSLMODE). Keys that are
    // absent stay empty, leaving them to libpq.
    static Result<ConnectionSettings> fromEnvFile(const QString &path);

    // Fields of `other` that are set override this one's (its SSH settings as a whole).
    void overrideWith(const ConnectionSettings &other);

    // The host and port the SSH tunnel forwards to; an error when they cannot
    // be tunnelled (no host, a socket folder, a pg_service.conf entry).
    Status checkTunnelTarget() const;
    int portOrDefault() const { return port > 0 ? port : 5432; }
};
