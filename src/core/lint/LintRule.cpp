#include "LintRule.h"

namespace {

using Severity = LintFinding::Severity;

LintRule rule(const char *id, Severity severity, const char *shortDescription, const char *explanation,
    bool locking = false, bool destructive = false)
{
    LintRule r;
    r.id = QString::fromLatin1(id);
    r.defaultSeverity = severity;
    r.shortDescription = QString::fromUtf8(shortDescription);
    r.explanation = QString::fromUtf8(explanation);
    r.locking = locking;
    r.destructive = destructive;
    return r;
}

QList<LintRule> makeCatalogue()
{
    return {
        rule("drop-table", Severity::Error, "DROP TABLE in an up migration",
            "Dropping a table deletes its data for good, and code still deployed that reads it fails at "
            "once. Stop using the table in a release first, keep a backup, and drop it in a later "
            "migration; or rename it away and drop it once nothing broke.",
            false, true),
        rule("drop-column", Severity::Error, "DROP COLUMN in an up migration",
            "Dropping a column loses its data and breaks application versions that still select or "
            "insert it (ORMs often list every column). Stop reading and writing the column in one "
            "release, then drop it in a later migration.",
            false, true),
        rule("drop-schema", Severity::Error, "DROP SCHEMA in an up migration",
            "Dropping a schema removes every object in it (with CASCADE) or fails half-way through a "
            "deploy (without). Empty the schema in reviewed steps and drop it last.",
            false, true),
        rule("truncate", Severity::Error, "TRUNCATE in an up migration",
            "TRUNCATE deletes every row, takes an ACCESS EXCLUSIVE lock and cannot be undone by a down "
            "migration. If the data really is disposable, say so with a disable comment; otherwise "
            "delete in batches with a WHERE clause.",
            false, true),
        rule("delete-without-where", Severity::Error, "DELETE without WHERE",
            "A DELETE without WHERE removes every row of the table, usually by accident, and on a big "
            "table holds locks and bloats it for the whole transaction. Add the WHERE clause that says "
            "which rows go, and delete in batches on large tables.",
            false, true),
        rule("update-without-where", Severity::Warning, "UPDATE without WHERE",
            "An UPDATE without WHERE rewrites every row: it locks them all until commit, doubles the "
            "table's size in dead tuples and can block the application for minutes. Backfill in "
            "batches (WHERE id BETWEEN ...) outside the schema migration's transaction.",
            false, true),
        rule("index-not-concurrent", Severity::Warning, "CREATE INDEX without CONCURRENTLY",
            "CREATE INDEX blocks every write to the table until the index is built, which on a large "
            "table is minutes of failed inserts and updates. Use CREATE INDEX CONCURRENTLY in a "
            "migration marked transaction:false (an index on a table created in the same migration is "
            "fine).",
            true),
        rule("fk-not-valid", Severity::Warning, "FOREIGN KEY added without NOT VALID",
            "Adding a foreign key checks every existing row while holding a SHARE ROW EXCLUSIVE lock on "
            "both tables, blocking writes for the whole scan. Add it with NOT VALID (instant), then run "
            "ALTER TABLE ... VALIDATE CONSTRAINT, which takes only a weak lock, in a later migration.",
            true),
        rule("check-not-valid", Severity::Warning, "CHECK constraint added without NOT VALID",
            "Adding a CHECK constraint scans the whole table under an ACCESS EXCLUSIVE lock, blocking "
            "reads and writes. Add it with NOT VALID, then VALIDATE CONSTRAINT in a later migration "
            "(a SHARE UPDATE EXCLUSIVE lock that lets traffic through).",
            true),
        rule("set-not-null", Severity::Warning, "ALTER COLUMN ... SET NOT NULL",
            "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock. On PostgreSQL 12 and "
            "later, first add CHECK (col IS NOT NULL) NOT VALID, validate it, and then SET NOT NULL "
            "skips the scan; drop the check afterwards.",
            true),
        rule("alter-column-type", Severity::Warning, "ALTER COLUMN ... TYPE",
            "Changing a column's type usually rewrites the table and all its indexes under an ACCESS "
            "EXCLUSIVE lock. Add a new column, backfill it in batches, switch the application over, "
            "then drop the old column.",
            true),
        rule("volatile-default", Severity::Warning, "ADD COLUMN with a volatile DEFAULT",
            "Since PostgreSQL 11 a constant default is free, but a volatile one (random(), "
            "gen_random_uuid(), clock_timestamp(), nextval()...) is computed per row: the table is "
            "rewritten under an ACCESS EXCLUSIVE lock. Add the column without a default, set the "
            "default, and backfill existing rows in batches.",
            true),
        rule("vacuum-full", Severity::Warning, "VACUUM FULL",
            "VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock, blocking reads and writes "
            "for as long as the copy takes, and cannot run in a transaction. Plain VACUUM, or "
            "pg_repack run by an operator, reclaims space without the outage.",
            true),
        rule("cluster", Severity::Warning, "CLUSTER",
            "CLUSTER rewrites the table in index order under an ACCESS EXCLUSIVE lock, blocking reads "
            "and writes until done. It is maintenance, not schema: leave it to an operator (or "
            "pg_repack) outside deploys.",
            true),
        rule("rename-table", Severity::Warning, "ALTER TABLE ... RENAME TO",
            "Renaming a table breaks every deployed version of the application that still uses the "
            "old name, between the migration and the new code going live. Create a view with the old "
            "name, or copy the data to a new table and move the application over in steps."),
        rule("rename-column", Severity::Warning, "ALTER TABLE ... RENAME COLUMN",
            "Renaming a column breaks application versions that still use the old name while a "
            "deploy rolls out. Add the new column, write both, backfill, move reads over, then drop "
            "the old column."),
        rule("empty-down", Severity::Warning, "No down migration",
            "The down section is missing or has no statements, so this migration cannot be reverted "
            "with strata-cli down. Write the statements that undo the up section, or a comment that "
            "explains why it cannot be undone and disable this rule for the file."),
        rule("down-does-not-undo", Severity::Warning, "Down section does not drop what up creates",
            "The up section creates an object that the down section never drops, so reverting leaves "
            "it behind and applying the migration again fails with \"already exists\". Drop each "
            "created table, index, type, view, sequence or function in down, in reverse order."),
        rule("non-transactional-statement", Severity::Error, "Statement cannot run inside a transaction",
            "PostgreSQL refuses this statement inside a transaction block, and Strata runs a "
            "migration in one unless told otherwise, so the migration would fail. Put it in its own "
            "migration marked `-- migrate:up transaction:false`, with nothing else that needs "
            "atomicity."),
        rule("older-than-applied", Severity::Warning, "Older than the newest applied migration",
            "This migration's timestamp is older than one already applied, typically a branch merged "
            "late. It runs after newer migrations it was never tested with, and `up` refuses it "
            "without --allow-out-of-order. Rename it with a new timestamp."),
        rule("prefer-text", Severity::Info, "varchar(n) instead of text",
            "In PostgreSQL varchar(n) is text plus a length check: it is not faster, and raising the "
            "limit later is a schema change on a live table. Use text, with a CHECK (length(col) <= n) "
            "constraint where the limit is a real business rule."),
        rule("timestamp-without-time-zone", Severity::Warning, "timestamp without time zone",
            "timestamp without time zone stores wall-clock values with no zone, so the same column "
            "means different instants to servers and clients in different zones. Use timestamptz, "
            "which stores an instant and converts on display."),
        rule("prefer-identity", Severity::Info, "serial instead of an identity column",
            "serial and bigserial create a sequence the table does not really own (permissions, dumps "
            "and copies of the table go wrong). Use bigint GENERATED ALWAYS AS IDENTITY, the SQL "
            "standard form."),
        rule("missing-if-exists", Severity::Info, "DROP without IF EXISTS in a down section",
            "A down section runs against whatever state a failed or partial up left behind; a DROP "
            "without IF EXISTS then fails and blocks the revert. Write DROP ... IF EXISTS in down "
            "sections."),
        rule("generated-column-rewrite", Severity::Warning, "ADD COLUMN ... GENERATED ALWAYS AS (...) STORED",
            "A stored generated column is computed for every existing row when it is added: the whole "
            "table is rewritten under an ACCESS EXCLUSIVE lock. Add a plain column, backfill it in "
            "batches and keep it current with a trigger, or compute the value in a view.",
            true),
        rule("validate-in-same-transaction", Severity::Warning,
            "VALIDATE CONSTRAINT in the transaction that added it",
            "NOT VALID exists so the lock taken to add a constraint is brief; validating it in the same "
            "transaction keeps that ACCESS EXCLUSIVE (or SHARE ROW EXCLUSIVE) lock for the whole scan, "
            "which is exactly what NOT VALID was meant to avoid. Validate in a later migration.",
            true),
        rule("transaction-control", Severity::Error, "BEGIN, COMMIT or ROLLBACK in a migration",
            "Strata runs each migration in its own transaction with its history row and refuses to run "
            "one that says BEGIN, COMMIT or ROLLBACK itself (a COMMIT would record nothing and leave "
            "the rest outside the transaction). Leave transaction control to the runner; in "
            "a transaction:false migration, a statement that cannot run in a transaction block fails "
            "inside BEGIN ... COMMIT too.",
            false),
        rule("unique-without-index", Severity::Warning,
            "UNIQUE or PRIMARY KEY added without a prebuilt index",
            "Adding a UNIQUE constraint or PRIMARY KEY builds its index while holding an ACCESS "
            "EXCLUSIVE lock on the table: no reads or writes until the build ends. Build the index "
            "first with CREATE UNIQUE INDEX CONCURRENTLY (in a transaction:false migration), then "
            "ADD CONSTRAINT ... UNIQUE USING INDEX (or PRIMARY KEY USING INDEX), which is instant.",
            true),
        rule("add-not-null-without-default", Severity::Warning, "NOT NULL column added without a DEFAULT",
            "Adding a NOT NULL column with no default fails on any table that has rows (\"column "
            "contains null values\"), so the migration passes in development and fails in production. "
            "Give it a default, or add it nullable, backfill, and set NOT NULL through a validated check.",
            true),
        rule("missing-lock-timeout", Severity::Warning, "Locking DDL without a lock timeout",
            "A statement that needs a strong lock waits behind every running transaction on the table, "
            "and while it waits every new query queues behind it: one slow report stops the "
            "application. SET lock_timeout (e.g. '5s') at the start of the migration, or run with "
            "--lock-timeout (and --lock-timeout-retry), so it gives up instead of piling up traffic.",
            false),
        rule("drop-index-not-concurrent", Severity::Warning, "DROP INDEX without CONCURRENTLY",
            "DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table, waiting behind every "
            "query on it and blocking all that come after. Use DROP INDEX CONCURRENTLY in a "
            "transaction:false migration.",
            true),
        rule("reindex-not-concurrent", Severity::Warning, "REINDEX without CONCURRENTLY",
            "REINDEX blocks writes to the table (and reads that would use the index) until the rebuild "
            "ends. On PostgreSQL 12 and later use REINDEX ... CONCURRENTLY in a transaction:false "
            "migration.",
            true),
        rule("detach-partition-not-concurrent", Severity::Warning, "DETACH PARTITION without CONCURRENTLY",
            "DETACH PARTITION takes an ACCESS EXCLUSIVE lock on the partitioned table, stopping every "
            "query on all its partitions. On PostgreSQL 14 and later use DETACH PARTITION ... "
            "CONCURRENTLY in a transaction:false migration.",
            true),
        rule("prefer-bigint-key", Severity::Warning, "integer or smallint key",
            "A key of type integer (or serial) runs out at about 2.1 billion, smallint at 32,767; "
            "widening it later rewrites the table and every table that references it, under locks. "
            "Use bigint (bigint GENERATED ALWAYS AS IDENTITY) for keys from the start.",
            false),
        rule("domain-constraint", Severity::Warning, "CHECK constraint on a domain",
            "Adding a constraint to a domain checks every column of every table using it, under locks, "
            "with no NOT VALID escape for the tables; and changing a domain's constraint later is as "
            "hard. Put CHECK constraints on the tables' columns, where they can be added NOT VALID and "
            "validated separately.",
            true),
        rule("enum-value-out-of-order", Severity::Info, "Enum value added BEFORE or AFTER another",
            "A value added in the middle of an enum gets a fractional sort position, and comparisons "
            "and sorts on the type then look its order up in the catalog instead of using the OID. "
            "Add values at the end when order does not matter.",
            false),
        rule("identifier-too-long", Severity::Error, "Identifier longer than 63 bytes",
            "PostgreSQL truncates names to 63 bytes without an error, so two long names can become the "
            "same name, and the object exists under a name the migration never wrote (a later DROP or "
            "reference by the full name fails). Shorten the name.",
            false),
        rule("duplicate-column-assignment", Severity::Error, "A column assigned twice in one statement",
            "PostgreSQL refuses UPDATE ... SET a = 1, a = 2 and INSERT INTO t (a, a) with \"multiple "
            "assignments to same column\": the migration fails when it runs. Assign each column once.",
            false),
        rule("statement-after-access-exclusive", Severity::Warning,
            "Statements after an ACCESS EXCLUSIVE lock",
            "A migration runs in one transaction, so a lock taken by one statement is held until the "
            "migration commits. Every statement after an ACCESS EXCLUSIVE lock (ALTER TABLE, DROP, "
            "TRUNCATE, RENAME ...) on a live table keeps all reads and writes of that table waiting. "
            "Put the locking statement last, or in a migration of its own.",
            false),
    };
}

} // namespace

const QList<LintRule> &LintRule::all()
{
    static const QList<LintRule> catalogue = makeCatalogue();
    return catalogue;
}

const LintRule *LintRule::find(const QString &id)
{
    for (const LintRule &r : all())
        if (r.id == id)
            return &r;
    return nullptr;
}
