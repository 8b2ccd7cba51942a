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
