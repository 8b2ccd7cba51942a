#include "HistoryStore.h"

#include "common/Logging.h"
#include "common/Version.h"
#include "db/PgConnection.h"

#include <QSysInfo>

#include <pwd.h>
#include <unistd.h>

namespace {

QByteArray sql(const QString &text)
{
    return text.toUtf8();
}

QString quoteLiteral(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

// Who ran it, as the person at the keyboard knows themselves: the OS account and
// machine; the database role is recorded beside it by the server (db_user).
Status usable(const HistoryTable &table)
{
    if (const QString problem = table.problem(); !problem.isEmpty())
        return StrataError::make(StrataError::Kind::Usage, problem);
    return Ok {};
}

QString localIdentity()
{
    const passwd *account = getpwuid(geteuid());
    QString user = account ? QString::fromLocal8Bit(account->pw_name) : qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = QStringLiteral("unknown");
    return user + QLatin1Char('@') + QSysInfo::machineHostName();
}

} // namespace

HistoryStore::HistoryStore(PgConnection &connection, HistoryTable table)
    : m_connection(connection)
    , m_table(std::move(table))
{
}

Result<QString> HistoryStore::lockName()
{
    if (Status s = usable(m_table); !s)
        return s.error();
    PgResult r = m_connection.execParams(
        "SELECT coalesce((SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.oid = to_regclass($1)), $2, current_schema())",
        { m_table.qualifiedTable().toUtf8(),
            m_table.schema.isEmpty() ? QByteArray() : m_table.schema.toUtf8() });
    if (!r.ok())
        return r.error();
    if (r.isNull(0, 0))
        return StrataError::make(StrataError::Kind::Usage,
            QStringLiteral("no schema to keep the history table %1 in: none of the search_path exists (set "
                           "--schema or the connection's search_path)")
                .arg(m_table.qualifiedTable()));
    return m_table.lockName(r.value(0, 0));
}

Result<bool> HistoryStore::exists()
{
    if (Status s = usable(m_table); !s)
        return s.error();
    PgResult r = m_connection.execParams("SELECT to_regclass($1) IS NOT NULL, to_regclass($2) IS NOT NULL",
        { m_table.qualifiedTable().toUtf8(), m_table.qualifiedCompanion().toUtf8() });
    if (!r.ok())
        return r.error();
    return r.value(0, 0) == QLatin1String("t");
}

Status HistoryStore::ensureTables()
{
    if (Status s = usable(m_table); !s)
        return s.error();
    // Usually both exist: check first, so a run does not rewrite the catalog
    // (and wait for a WAL flush) just to learn that.
    PgResult present
        = m_connection.execParams("SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NOT NULL",
            { m_table.qualifiedTable().toUtf8(), m_table.qualifiedCompanion().toUtf8() });
    if (present.ok() && present.value(0, 0) == QLatin1String("t"))
        return Ok {};

    // The history table exactly as TypeORM's MigrationExecutor creates it for
    // PostgreSQL (a Table with id int generated "increment" primary, timestamp
    // bigint, name varchar), including its primary key's generated name.
    QString ddl;
    if (!m_table.schema.isEmpty())
        ddl += QStringLiteral("CREATE SCHEMA IF NOT EXISTS %1;\n")
                   .arg(PgConnection::quoteIdentifier(m_table.schema));
    ddl += QStringLiteral(
        "CREATE TABLE IF NOT EXISTS %1 (\"id\" SERIAL NOT NULL, \"timestamp\" bigint NOT NULL, "
        "\"name\" character varying NOT NULL, CONSTRAINT %2 PRIMARY KEY (\"id\"));\n")
               .arg(m_table.qualifiedTable(), PgConnection::quoteIdentifier(m_table.typeOrmPrimaryKeyName()));
    ddl += QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (\n"
                          "  \"name\" character varying PRIMARY KEY,\n"
                          "  \"checksum\" text NOT NULL,\n"
                          "  \"up_sql\" text NOT NULL,\n"
                          "  \"down_sql\" text NOT NULL,\n"
                          "  \"transactional\" boolean NOT NULL DEFAULT true,\n"
                          "  \"applied_at\" timestamptz NOT NULL DEFAULT clock_timestamp(),\n"
                          "  \"applied_by\" text NOT NULL,\n"
                          "  \"db_user\" text NOT NULL DEFAULT current_user,\n"
                          "  \"duration_ms\" bigint NOT NULL,\n"
                          "  \"tool_version\" text NOT NULL);\n"
                          "COMMENT ON TABLE %1 IS %2;\n")
               .arg(m_table.qualifiedCompanion(),
                   quoteLiteral(
                       QStringLiteral("Strata's record of each migration in %1: checksum, SQL as applied, "
                                      "who, when, how long. Keyed by the migration name.")
                           .arg(m_table.table)));
    // One simple-query message is one implicit transaction: both or neither.
    PgResult r = m_connection.exec(sql(ddl));
    if (!r.ok()) {
        StrataError e = r.error();
        e.message = QStringLiteral("cannot create the history tables %1 and %2: %3")
                        .arg(m_table.qualifiedTable(), m_table.qualifiedCompanion(), e.message);
        return e;
    }
    return Ok {};
}

Result<AppliedMigrationList> HistoryStore::read(bool withSql)
{
    if (Status s = usable(m_table); !s)
        return s.error();
    auto readFailed = [this](StrataError e) {
        e.message
            = QStringLiteral("cannot read the history table %1: %2").arg(m_table.qualifiedTable(), e.message);
        return e;
    };
    AppliedMigrationList rows;
    const QString withDetails
        = QStringLiteral(
            "SELECT h.\"id\", h.\"timestamp\", h.\"name\", c.\"name\" IS NOT NULL, c.\"checksum\", "
            "(extract(epoch FROM c.\"applied_at\") * 1000)::bigint, c.\"applied_by\", c.\"duration_ms\", "
            "c.\"tool_version\", c.\"transactional\"%3 "
            "FROM %1 h LEFT JOIN %2 c ON c.\"name\" = h.\"name\" ORDER BY h.\"id\"")
              .arg(m_table.qualifiedTable(), m_table.qualifiedCompanion(),
                  withSql ? QStringLiteral(", c.\"up_sql\", c.\"down_sql\"") : QString());
    // Which tables exist decides the query: asked first, so that a database
    // without the companion (a TypeORM history Strata only reads) never sees a
    // failed statement. Trying the join and falling back on undefined_table
    // saved this round trip but wrote an ERROR into the server's log on every
    // status and every refresh of the app, which log monitoring rightly
    // reports.
    PgResult present
        = m_connection.execParams("SELECT to_regclass($1) IS NOT NULL, to_regclass($2) IS NOT NULL",
            { m_table.qualifiedTable().toUtf8(), m_table.qualifiedCompanion().toUtf8() });
    if (!present.ok())
        return present.error();
    if (present.value(0, 0) != QLatin1String("t"))
        return rows;
    const bool companion = present.value(0, 1) == QLatin1String("t");
    PgResult r = m_connection.exec(sql(companion
            ? withDetails
            : QStringLiteral("SELECT \"id\", \"timestamp\", \"name\", false FROM %1 ORDER BY \"id\"")
                  .arg(m_table.qualifiedTable())));
    if (!r.ok())
        return readFailed(r.error());
    rows.reserve(r.rowCount());
    for (int i = 0; i < r.rowCount(); ++i) {
        AppliedMigration a;
        a.id = r.toInt64(i, 0);
        a.timestamp = r.toInt64(i, 1);
        a.name = r.value(i, 2);
        a.hasDetails = r.value(i, 3) == QLatin1String("t");
        if (a.hasDetails) {
            a.checksum = r.value(i, 4);
            a.appliedAt = QDateTime::fromMSecsSinceEpoch(r.toInt64(i, 5), Qt::UTC);
            a.appliedBy = r.value(i, 6);
            a.durationMs = r.toInt64(i, 7);
            a.toolVersion = r.value(i, 8);
            a.transactional = r.value(i, 9) == QLatin1String("t");
            if (withSql) {
                a.upSql = r.bytes(i, 10);
                a.downSql = r.bytes(i, 11);
            }
        }
        rows.append(std::move(a));
    }
    qCDebug(lcHistory) << "read" << rows.size() << "history rows from" << m_table.qualifiedTable();
    return rows;
}

Result<std::optional<AppliedMigration>> HistoryStore::readOne(const QString &name)
{
    Result<AppliedMigrationList> all = read(true);
    if (!all)
        return all.error();
    for (const AppliedMigration &a : *all) {
        if (a.name == name)
            return std::optional<AppliedMigration>(a);
    }
    return std::optional<AppliedMigration>();
}

PgConnection::Command HistoryStore::appliedCommand(const Migration &migration, qint64 durationMs) const
{
    // One statement for both rows: the history row exactly as TypeORM inserts
    // it, and the companion row (replacing one left behind by a TypeORM revert,
    // which knows nothing of the companion table).
    const QString statement = QStringLiteral(
        "WITH history AS (INSERT INTO %1 (\"timestamp\", \"name\") VALUES ($1, $2)) "
        "INSERT INTO %2 (\"name\", \"checksum\", \"up_sql\", \"down_sql\", \"transactional\", "
        "\"applied_by\", \"duration_ms\", \"tool_version\") "
        "VALUES ($2, $3, $4, $5, $6, $7, "
        "COALESCE($8::bigint, (extract(epoch FROM clock_timestamp() - transaction_timestamp()) * "
        "1000)::bigint), "
        "$9) "
        "ON CONFLICT (\"name\") DO UPDATE SET \"checksum\" = EXCLUDED.\"checksum\", "
        "\"up_sql\" = EXCLUDED.\"up_sql\", \"down_sql\" = EXCLUDED.\"down_sql\", "
        "\"transactional\" = EXCLUDED.\"transactional\", \"applied_at\" = clock_timestamp(), "
        "\"applied_by\" = EXCLUDED.\"applied_by\", \"db_user\" = current_user, "
        "\"duration_ms\" = EXCLUDED.\"duration_ms\", \"tool_version\" = EXCLUDED.\"tool_version\"")
                                  .arg(m_table.qualifiedTable(), m_table.qualifiedCompanion());
    return { sql(statement),
        { QByteArray::number(migration.timestamp), migration.historyName().toUtf8(),
            migration.checksum.toUtf8(), migration.up.sql.isNull() ? QByteArray("") : migration.up.sql,
            migration.down.sql.isNull() ? QByteArray("") : migration.down.sql,
            migration.transactional ? QByteArray("true") : QByteArray("false"), localIdentity().toUtf8(),
            durationMs < 0 ? QByteArray() : QByteArray::number(durationMs), strataVersion().toUtf8() } };
}

PgConnection::Command HistoryStore::revertedCommand(const AppliedMigration &applied) const
{
    const QString statement = QStringLiteral("WITH history AS (DELETE FROM %1 WHERE \"id\" = $1) "
                                             "DELETE FROM %2 WHERE \"name\" = $2")
                                  .arg(m_table.qualifiedTable(), m_table.qualifiedCompanion());
    return { sql(statement), { QByteArray::number(applied.id), applied.name.toUtf8() } };
}

Status HistoryStore::recordApplied(const Migration &migration, qint64 durationMs)
{
    const PgConnection::Command command = appliedCommand(migration, durationMs);
    PgResult r = m_connection.execParams(command.sql, command.params);
    if (!r.ok()) {
        StrataError e = r.error();
        e.message
            = QStringLiteral("cannot record %1 in the history: %2").arg(migration.historyName(), e.message);
        return e;
    }
    return Ok {};
}

Status HistoryStore::recordReverted(const AppliedMigration &applied)
{
    const PgConnection::Command command = revertedCommand(applied);
    PgResult r = m_connection.execParams(command.sql, command.params);
    if (!r.ok()) {
        StrataError e = r.error();
        e.message = QStringLiteral("cannot remove %1 from the history: %2").arg(applied.name, e.message);
        return e;
    }
    return Ok {};
}
