#pragma once

#include "AppliedMigration.h"
#include "HistoryTable.h"
#include "common/StrataError.h"
#include "db/PgConnection.h"
#include "migration/Migration.h"

#include <optional>

// Reads and writes the history: TypeORM's `migrations` table, created exactly as
// TypeORM's MigrationExecutor creates it so that the TypeORM CLI and Strata see
// what the other applied, and Strata's companion table with what TypeORM lacks.
class HistoryStore
{
public:
    HistoryStore(PgConnection &connection, HistoryTable table);

    // The name of the migration lock (MigrationLock) for this history table, keyed
    // on the schema the server resolves it to: the schema holding the table if it
    // exists (a table found further down the search_path included), otherwise the
    // schema it would be created in. Reads the catalog; takes nothing.
    Result<QString> lockName();
    // Whether the history table exists; reading never creates anything.
    Result<bool> exists();
    // Creates both tables when missing. Call with the migration lock held.
    Status ensureTables();
    // Every applied migration in id order: which tables exist, then one query.
    Result<AppliedMigrationList> read(bool withSql = false);
    // The recorded SQL of one applied migration.
    Result<std::optional<AppliedMigration>> readOne(const QString &name);

    // Both rows, in the caller's open transaction (the migration's own).
    Status recordApplied(const Migration &migration, qint64 durationMs);
    // Removes the history row with `id` (TypeORM's revert takes the highest id)
    // and the companion row, in the caller's open transaction.
    Status recordReverted(const AppliedMigration &applied);
    // The statements the two above run, for a caller that pipelines them with
    // the migration's own. A negative durationMs has the server measure it:
    // from the start of the transaction to the recording.
    PgConnection::Command appliedCommand(const Migration &migration, qint64 durationMs) const;
    PgConnection::Command revertedCommand(const AppliedMigration &applied) const;

    const HistoryTable &table() const { return m_table; }

private:
    PgConnection &m_connection;
    HistoryTable m_table;
};
