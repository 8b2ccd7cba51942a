#pragma once

#include "common/StrataError.h"
#include "db/ConnectionSettings.h"
#include "history/HistoryTable.h"
#include "schema/SchemaModel.h"
#include "shadow/ShadowDatabase.h"

#include <QString>

#include <functional>
#include <memory>
#include <utility>

class MigrationRunner;
class PgConnection;
class SandboxCluster;

// One side of a schema comparison, as the user names it:
//
//   migrations        the project's migrations folder, replayed into a shadow database
//   DIR               another migrations folder (an existing directory), replayed the same way
//   FILE.sql          a schema file (e.g. pg_dump --schema-only), loaded into a shadow database
//   profile:NAME      the database of a saved connection profile
//   postgres://…      a DSN without a password (PGPASSWORD, ~/.pgpass supply it)
//   connection        the connection the caller already has (strata-cli's connection options)
//
// open() yields a connection to a database that holds the schema; for the
// first two kinds that database is a ShadowDatabase, dropped when the result
// goes away.
class SchemaSource
{
public:
    enum class Kind { MigrationsFolder, SqlFile, Profile, Dsn, Connection };

    // `projectMigrations` is what the word `migrations` means.
    static Result<SchemaSource> parse(const QString &spec, const QString &projectMigrations);
    static SchemaSource migrationsFolder(const QString &directory);
    static SchemaSource sqlFile(const QString &path);
    static SchemaSource connection(const ConnectionSettings &settings, const QString &label = {});

    Kind kind() const { return m_kind; }
    QString spec() const { return m_spec; }
    QString path() const { return m_path; } // folder or file, absolute
    QString profileId() const { return m_profileId; }
    // What it connects to (profile, DSN, connection kinds). The caller fills in
    // a password from its own secret store (the app's keychain) with setConnectionSettings.
    ConnectionSettings connectionSettings() const { return m_settings; }
    void setConnectionSettings(const ConnectionSettings &settings) { m_settings = settings; }
    // The history tables to leave out of the schema (and to replay with).
    HistoryTable history() const { return m_history; }
    void setHistory(const HistoryTable &history) { m_history = history; }
    bool needsShadow() const { return m_kind == Kind::MigrationsFolder || m_kind == Kind::SqlFile; }
    QString describe() const;

    struct Opened
    {
        // Declared first, destroyed last: the connection closes before the drop.
        std::unique_ptr<ShadowDatabase> shadow;
        std::unique_ptr<PgConnection> connection;
    };
    // `shadowServer`: where a shadow database may go (null: local sandbox);
    // `sandbox` is shared between the two sides of one comparison.
    // `progress`, if set, is connected to the replay's runner (its signals).
    // `baseline`: what a shadow starts with (the target's extensions), less
    // what this folder's migrations or this schema file create themselves.
    Result<Opened> open(const ConnectionSettings *shadowServer, std::shared_ptr<SandboxCluster> *sandbox,
        const std::function<void(MigrationRunner &)> &progress = {},
        const ShadowBaseline &baseline = {}) const;

    // The schemas of two sources that are databases (needsShadow() false),
    // read at once: each on its own thread with its own connection, so the two
    // catalog reads (and connection start-ups) overlap instead of adding up.
    // The history tables of each are left out, as DatabaseSchema::read does.
    static Result<std::pair<SchemaModel, SchemaModel>> readDatabases(
        const SchemaSource &from, const SchemaSource &to);

    // Runs a schema file statement by statement; a failure names the file,
    // line and column of the statement the server rejected.
    static Status loadSqlFile(PgConnection &connection, const QString &path);
    // Applies every migration of the folder (up) with the runner, history and all,
    // into a shadow database only this process knows of (no migration lock).
    static Status replayMigrations(PgConnection &connection, const QString &directory,
        const HistoryTable &history, const std::function<void(MigrationRunner &)> &progress = {});

private:
    Kind m_kind = Kind::Connection;
    QString m_spec;
    QString m_path;
    QString m_profileId;
    ConnectionSettings m_settings;
    HistoryTable m_history;
};
