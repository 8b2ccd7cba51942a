#include "lint/MigrationLinter.h"
#include "db/PgConnection.h"
#include "lint/LintConfig.h"
#include "lint/LintRule.h"
#include "lint/SarifWriter.h"
#include "lint/TableSizes.h"
#include "migration/MigrationFileParser.h"
#include "support/TestCluster.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

const QString filePath = QStringLiteral("/project/migrations/1700000000000-Change.sql");

Migration migration(const QByteArray &up, const QByteArray &down, const QByteArray &upOptions = {})
{
    const QByteArray text = "-- migrate:up" + (upOptions.isEmpty() ? QByteArray() : " " + upOptions) + "\n"
        + up + "\n\n-- migrate:down\n" + down + "\n";
    Result<Migration> m = MigrationFileParser::parse(filePath, text);
    EXPECT_TRUE(m.ok()) << (m.ok() ? std::string() : m.error().toString().toStdString());
    return m.ok() ? *m : Migration {};
}

// A harmless down so tests of other rules see no empty-down or down-does-not-undo.
LintFindingList lintUp(const QByteArray &up, const LintContext &context = {})
{
    return MigrationLinter::lint(migration(up, "SELECT 1;"), context);
}

QStringList ids(const LintFindingList &findings)
{
    QStringList result;
    for (const LintFinding &f : findings)
        result.append(f.ruleId);
    return result;
}

const LintFinding *find(const LintFindingList &findings, const QString &id)
{
    for (const LintFinding &f : findings)
        if (f.ruleId == id)
            return &f;
    return nullptr;
}

#define EXPECT_RULE(findings, id)                                                                            \
    EXPECT_TRUE(ids(findings).contains(QStringLiteral(id)))                                                  \
        << ids(findings).join(QLatin1Char(' ')).toStdString()
#define EXPECT_NO_RULE(findings, id)                                                                         \
    EXPECT_FALSE(ids(findings).contains(QStringLiteral(id)))                                                 \
        << ids(findings).join(QLatin1Char(' ')).toStdString()

} // namespace

TEST(LintRule, CatalogueHasEveryRuleOnceWithAnExplanation)
{
    const QStringList expected { QStringLiteral("drop-table"), QStringLiteral("drop-column"),
        QStringLiteral("drop-schema"), QStringLiteral("truncate"), QStringLiteral("delete-without-where"),
        QStringLiteral("update-without-where"), QStringLiteral("index-not-concurrent"),
        QStringLiteral("fk-not-valid"), QStringLiteral("check-not-valid"), QStringLiteral("set-not-null"),
        QStringLiteral("alter-column-type"), QStringLiteral("volatile-default"),
        QStringLiteral("vacuum-full"), QStringLiteral("cluster"), QStringLiteral("rename-table"),
        QStringLiteral("rename-column"), QStringLiteral("empty-down"), QStringLiteral("down-does-not-undo"),
        QStringLiteral("non-transactional-statement"), QStringLiteral("older-than-applied"),
        QStringLiteral("prefer-text"), QStringLiteral("timestamp-without-time-zone"),
        QStringLiteral("prefer-identity"), QStringLiteral("missing-if-exists"),
        QStringLiteral("generated-column-rewrite"), QStringLiteral("validate-in-same-transaction"),
        QStringLiteral("transaction-control"), QStringLiteral("unique-without-index"),
        QStringLiteral("add-not-null-without-default"), QStringLiteral("missing-lock-timeout"),
        QStringLiteral("drop-index-not-concurrent"), QStringLiteral("reindex-not-concurrent"),
        QStringLiteral("detach-partition-not-concurrent"), QStringLiteral("prefer-bigint-key"),
        QStringLiteral("domain-constraint"), QStringLiteral("enum-value-out-of-order"),
        QStringLiteral("identifier-too-long"), QStringLiteral("duplicate-column-assignment"),
        QStringLiteral("statement-after-access-exclusive") };
    EXPECT_EQ(LintRule::all().size(), expected.size());
    for (const QString &id : expected) {
        const LintRule *r = LintRule::find(id);
        ASSERT_NE(r, nullptr) << id.toStdString();
        EXPECT_FALSE(r->shortDescription.isEmpty());
        EXPECT_GT(r->explanation.size(), 80) << id.toStdString();
    }
    EXPECT_EQ(LintRule::find(QStringLiteral("no-such-rule")), nullptr);
}

TEST(MigrationLinter, DropTableInUpButNotInDown)
{
    const LintFindingList f = lintUp("DROP TABLE billing.old_invoices;");
    EXPECT_RULE(f, "drop-table");
    const LintFinding *d = find(f, QStringLiteral("drop-table"));
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->severity, LintFinding::Severity::Error);
    EXPECT_EQ(d->table, QStringLiteral("billing.old_invoices"));
    EXPECT_EQ(d->section, QStringLiteral("up"));
    EXPECT_FALSE(d->explanation.isEmpty());

    const LintFindingList down
        = MigrationLinter::lint(migration("CREATE TABLE t (id int);", "DROP TABLE IF EXISTS t;"), {});
    EXPECT_NO_RULE(down, "drop-table");
    EXPECT_NO_RULE(down, "missing-if-exists");
    EXPECT_NO_RULE(down, "down-does-not-undo");
}

TEST(MigrationLinter, DropColumnAndSchema)
{
    EXPECT_RULE(lintUp("ALTER TABLE t DROP COLUMN c;"), "drop-column");
    EXPECT_NO_RULE(lintUp("ALTER TABLE t ADD COLUMN c int;"), "drop-column");
    EXPECT_RULE(lintUp("DROP SCHEMA reporting CASCADE;"), "drop-schema");
    EXPECT_NO_RULE(lintUp("DROP VIEW v;"), "drop-schema");
    EXPECT_NO_RULE(lintUp("DROP VIEW v;"), "drop-table");
}

TEST(MigrationLinter, TruncateDeleteUpdate)
{
    EXPECT_RULE(lintUp("TRUNCATE sessions;"), "truncate");
    EXPECT_RULE(lintUp("DELETE FROM sessions;"), "delete-without-where");
    EXPECT_NO_RULE(lintUp("DELETE FROM sessions WHERE expires < now();"), "delete-without-where");
    EXPECT_RULE(lintUp("UPDATE users SET active = true;"), "update-without-where");
    EXPECT_NO_RULE(lintUp("UPDATE users SET active = true WHERE id = 1;"), "update-without-where");
    // Destructive rules look at up only: a down may well empty what up filled.
    const LintFindingList down = MigrationLinter::lint(
        migration("INSERT INTO roles VALUES ('admin');", "DELETE FROM roles;\nTRUNCATE roles;"), {});
    EXPECT_NO_RULE(down, "delete-without-where");
    EXPECT_NO_RULE(down, "truncate");
}

TEST(MigrationLinter, IndexConcurrently)
{
    EXPECT_RULE(lintUp("CREATE INDEX users_email ON users (email);"), "index-not-concurrent");
    EXPECT_NO_RULE(
        lintUp("CREATE INDEX CONCURRENTLY users_email ON users (email);", {}), "index-not-concurrent");
    // An index on a table the same migration creates locks nobody.
    EXPECT_NO_RULE(lintUp("CREATE TABLE users (email text);\nCREATE INDEX users_email ON users (email);"),
        "index-not-concurrent");
}

TEST(MigrationLinter, ConstraintsNotValid)
{
    EXPECT_RULE(lintUp("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);"),
        "fk-not-valid");
    EXPECT_NO_RULE(lintUp("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) "
                          "NOT VALID;"),
        "fk-not-valid");
    EXPECT_RULE(lintUp("ALTER TABLE orders ADD CONSTRAINT positive CHECK (total > 0);"), "check-not-valid");
    EXPECT_NO_RULE(
        lintUp("ALTER TABLE orders ADD CONSTRAINT positive CHECK (total > 0) NOT VALID;"), "check-not-valid");
    EXPECT_NO_RULE(lintUp("ALTER TABLE orders VALIDATE CONSTRAINT positive;"), "check-not-valid");
}

TEST(MigrationLinter, SetNotNullAndAlterType)
{
    EXPECT_RULE(lintUp("ALTER TABLE users ALTER COLUMN email SET NOT NULL;"), "set-not-null");
    EXPECT_NO_RULE(lintUp("ALTER TABLE users ALTER COLUMN email DROP NOT NULL;"), "set-not-null");
    EXPECT_RULE(lintUp("ALTER TABLE users ALTER COLUMN id TYPE bigint;"), "alter-column-type");
    EXPECT_NO_RULE(lintUp("ALTER TABLE users ALTER COLUMN id SET DEFAULT 0;"), "alter-column-type");
}

TEST(MigrationLinter, VolatileDefault)
{
    EXPECT_RULE(
        lintUp("ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();"), "volatile-default");
    EXPECT_RULE(lintUp("ALTER TABLE users ADD COLUMN r float8 DEFAULT (random() * 10);"), "volatile-default");
    // Constants and stable functions are stored once since PostgreSQL 11.
    EXPECT_RULE(lintUp("ALTER TABLE users ADD COLUMN n bigserial;"), "volatile-default");
    EXPECT_NO_RULE(lintUp("CREATE TABLE users (n bigserial);"), "volatile-default");
    EXPECT_NO_RULE(lintUp("ALTER TABLE users ADD COLUMN n int DEFAULT 0;"), "volatile-default");
    EXPECT_NO_RULE(lintUp("ALTER TABLE users ADD COLUMN at timestamptz DEFAULT now();"), "volatile-default");
}

TEST(MigrationLinter, VacuumFullAndCluster)
{
    EXPECT_RULE(lintUp("VACUUM FULL users;", {}), "vacuum-full");
    EXPECT_NO_RULE(lintUp("VACUUM users;"), "vacuum-full");
    EXPECT_RULE(lintUp("CLUSTER users USING users_pkey;"), "cluster");
    EXPECT_NO_RULE(lintUp("ANALYZE users;"), "cluster");
}

TEST(MigrationLinter, Renames)
{
    EXPECT_RULE(lintUp("ALTER TABLE users RENAME TO accounts;"), "rename-table");
    EXPECT_RULE(lintUp("ALTER TABLE users RENAME COLUMN mail TO email;"), "rename-column");
    EXPECT_NO_RULE(lintUp("ALTER TABLE users RENAME COLUMN mail TO email;"), "rename-table");
    EXPECT_NO_RULE(lintUp("ALTER INDEX users_mail RENAME TO users_email;"), "rename-table");
}

TEST(MigrationLinter, EmptyDown)
{
    const LintFindingList empty
        = MigrationLinter::lint(migration("CREATE TABLE t (id int);", "-- nothing"), {});
    EXPECT_RULE(empty, "empty-down");
    EXPECT_NO_RULE(empty, "down-does-not-undo"); // one finding for one problem
    const LintFinding *e = find(empty, QStringLiteral("empty-down"));
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->section, QStringLiteral("down"));
    EXPECT_EQ(e->line, 5); // the line after -- migrate:down (line 4)

    Result<Migration> noDown = MigrationFileParser::parse(filePath, "-- migrate:up\nSELECT 1;\n");
    ASSERT_TRUE(noDown.ok());
    EXPECT_RULE(MigrationLinter::lint(*noDown, {}), "empty-down");
    EXPECT_NO_RULE(lintUp("CREATE TABLE t (id int);"), "empty-down");
}

TEST(MigrationLinter, DownDoesNotUndo)
{
    const QByteArray up = "CREATE TABLE app.t (id int);\n"
                          "CREATE INDEX t_id ON other (id);\n"
                          "CREATE TYPE mood AS ENUM ('ok');\n"
                          "CREATE VIEW v AS SELECT 1;";
    const LintFindingList partial = MigrationLinter::lint(migration(up, "DROP TABLE IF EXISTS app.t;"), {});
    QStringList messages;
    for (const LintFinding &f : partial)
        if (f.ruleId == QLatin1String("down-does-not-undo"))
            messages.append(f.message);
    EXPECT_EQ(messages.size(), 3) << messages.join(QLatin1Char('\n')).toStdString();
    const LintFinding *first = find(partial, QStringLiteral("down-does-not-undo"));
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first->line, 3); // CREATE INDEX, the first object left behind

    const LintFindingList full = MigrationLinter::lint(
        migration(up,
            "DROP VIEW IF EXISTS v;\nDROP TYPE IF EXISTS mood;\nDROP INDEX IF EXISTS t_id;\n"
            "DROP TABLE IF EXISTS app.t;"),
        {});
    EXPECT_NO_RULE(full, "down-does-not-undo");
    // Dropping the table drops its indexes.
    EXPECT_NO_RULE(MigrationLinter::lint(migration("CREATE TABLE t (id int);\nCREATE INDEX t_id ON t (id);",
                                             "DROP TABLE IF EXISTS t;"),
                       {}),
        "down-does-not-undo");
}

TEST(MigrationLinter, NonTransactionalStatement)
{
    const LintFindingList f = lintUp("CREATE INDEX CONCURRENTLY i ON users (email);");
    EXPECT_RULE(f, "non-transactional-statement");
    EXPECT_TRUE(find(f, QStringLiteral("non-transactional-statement"))
                    ->message.contains(QStringLiteral("CREATE INDEX CONCURRENTLY")));
    const LintFindingList marked
        = MigrationLinter::lint(migration("CREATE INDEX CONCURRENTLY i ON users (email);",
                                    "DROP INDEX CONCURRENTLY IF EXISTS i;", "transaction:false"),
            {});
    EXPECT_NO_RULE(marked, "non-transactional-statement");
    EXPECT_NO_RULE(marked, "index-not-concurrent");
}

TEST(MigrationLinter, OlderThanApplied)
{
    LintContext context;
    context.newestAppliedTimestamp = 1800000000000;
    EXPECT_RULE(lintUp("SELECT 1;", context), "older-than-applied");
    context.newestAppliedTimestamp = 1600000000000;
    EXPECT_NO_RULE(lintUp("SELECT 1;", context), "older-than-applied");
    context.newestAppliedTimestamp = 0; // unknown
    EXPECT_NO_RULE(lintUp("SELECT 1;", context), "older-than-applied");
    // An applied migration is not out of order relative to itself.
    context.newestAppliedTimestamp = 1800000000000;
    context.appliedNames.insert(QStringLiteral("Change1700000000000"));
    EXPECT_NO_RULE(lintUp("SELECT 1;", context), "older-than-applied");
}

TEST(MigrationLinter, ColumnTypes)
{
    const LintFindingList f = lintUp("CREATE TABLE t (a varchar(20), b timestamp, c bigserial);");
    EXPECT_RULE(f, "prefer-text");
    EXPECT_RULE(f, "timestamp-without-time-zone");
    EXPECT_RULE(f, "prefer-identity");
    EXPECT_RULE(
        lintUp("ALTER TABLE t ADD COLUMN d timestamp(3) without time zone;"), "timestamp-without-time-zone");
    const LintFindingList clean = lintUp("CREATE TABLE t (a varchar, b text, c timestamptz, "
                                         "d timestamp with time zone, "
                                         "e bigint GENERATED ALWAYS AS IDENTITY);");
    EXPECT_NO_RULE(clean, "prefer-text");
    EXPECT_NO_RULE(clean, "timestamp-without-time-zone");
    EXPECT_NO_RULE(clean, "prefer-identity");
}

TEST(MigrationLinter, MissingIfExistsInDown)
{
    const LintFindingList f
        = MigrationLinter::lint(migration("CREATE TABLE t (id int);\nALTER TABLE u ADD c int;",
                                    "ALTER TABLE u DROP COLUMN c;\nDROP TABLE t;"),
            {});
    EXPECT_EQ(ids(f).count(QStringLiteral("missing-if-exists")), 2);
    EXPECT_EQ(find(f, QStringLiteral("missing-if-exists"))->severity, LintFinding::Severity::Info);
    EXPECT_EQ(find(f, QStringLiteral("missing-if-exists"))->message,
        QStringLiteral("DROP COLUMN c without IF EXISTS in the down section"));
    EXPECT_EQ(f.constLast().message, QStringLiteral("DROP TABLE t without IF EXISTS in the down section"));
}

TEST(MigrationLinter, PositionsPointAtTheStatement)
{
    // Line 1 is the up marker; the DROP starts at line 4, column 3.
    const LintFindingList f = lintUp("SELECT 1;\n-- a comment\n  DROP TABLE t;");
    const LintFinding *d = find(f, QStringLiteral("drop-table"));
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->file, filePath);
    EXPECT_EQ(d->line, 4);
    EXPECT_EQ(d->column, 3);

    const LintFindingList down
        = MigrationLinter::lint(migration("CREATE TABLE t (id int);", "DROP TABLE t;"), {});
    const LintFinding *m = find(down, QStringLiteral("missing-if-exists"));
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->section, QStringLiteral("down"));
    EXPECT_EQ(m->line, 5);
    EXPECT_EQ(m->column, 1);
}

TEST(MigrationLinter, DisableCommentsAndProjectSettings)
{
    const QByteArray up
        = "-- strata:disable drop-table, truncate\nDROP TABLE t;\nTRUNCATE u;\nDELETE FROM v;";
    const LintFindingList f = lintUp(up);
    EXPECT_NO_RULE(f, "drop-table");
    EXPECT_NO_RULE(f, "truncate");
    EXPECT_RULE(f, "delete-without-where");
    // Not the directive: a different word, or the text inside a statement.
    EXPECT_RULE(lintUp("-- strata:disabled drop-table\nDROP TABLE t;"), "drop-table");

    LintContext context;
    context.disabledRules.insert(QStringLiteral("delete-without-where"));
    EXPECT_NO_RULE(lintUp("DELETE FROM v;", context), "delete-without-where");

    QTemporaryDir project;
    ASSERT_TRUE(QDir(project.path()).mkdir(QStringLiteral("migrations")));
    QFile ini(project.filePath(QStringLiteral("strata.ini")));
    ASSERT_TRUE(ini.open(QIODevice::WriteOnly));
    ini.write("[lint]\ndisable=prefer-text,prefer-identity\nlarge_table_bytes=4096\n");
    ini.close();
    const LintConfig config = LintConfig::load(project.filePath(QStringLiteral("migrations")));
    EXPECT_EQ(config.path, project.filePath(QStringLiteral("strata.ini")));
    EXPECT_EQ(config.largeTableBytes, 4096);
    EXPECT_TRUE(config.disabledRules.contains(QStringLiteral("prefer-text")));
    EXPECT_TRUE(config.disabledRules.contains(QStringLiteral("prefer-identity")));
    LintContext fromConfig;
    config.applyTo(fromConfig);
    EXPECT_NO_RULE(lintUp("CREATE TABLE t (a varchar(3), b serial);", fromConfig), "prefer-text");

    const LintConfig none = LintConfig::load(QStringLiteral("/nonexistent/migrations"));
    EXPECT_TRUE(none.path.isEmpty());
    EXPECT_EQ(none.largeTableBytes, LintContext::defaultLargeTableBytes);
}

TEST(MigrationLinter, SyntaxErrorGivesNoFindingsForThatSection)
{
    const LintFindingList f = lintUp("DROP TABLE t;\nSELEC 1;");
    EXPECT_NO_RULE(f, "drop-table");
}

TEST(MigrationLinter, LargeTableEscalatesLockingFindings)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings settings = TestCluster::freshDatabase(QStringLiteral("lint"));
    Result<std::unique_ptr<PgConnection>> c = PgConnection::open(settings);
    ASSERT_TRUE(c.ok()) << c.error().toString().toStdString();
    PgConnection &db = **c;
    ASSERT_TRUE(db.run("CREATE SCHEMA shop;"
                       "CREATE TABLE shop.orders (id bigint, note text);"
                       "INSERT INTO shop.orders SELECT g, repeat('x', 100) FROM generate_series(1, 5000) g;"
                       "CREATE TABLE tiny (id int);"
                       "ANALYZE shop.orders; ANALYZE tiny;")
                    .ok());

    const QByteArray up = "CREATE INDEX orders_note ON shop.orders (note);\n"
                          "CREATE INDEX tiny_id ON tiny (id);\n"
                          "DROP TABLE shop.orders;";
    const LintFindingList first = lintUp(up);
    QStringList tables;
    for (const LintFinding &f : first)
        if (!f.table.isEmpty() && !tables.contains(f.table))
            tables.append(f.table);
    tables.append(QStringLiteral("no_such_table"));
    Result<QHash<QString, TableSize>> sizes = TableSizes::fetch(db, tables);
    ASSERT_TRUE(sizes.ok()) << sizes.error().toString().toStdString();
    ASSERT_TRUE(sizes->contains(QStringLiteral("shop.orders")));
    ASSERT_TRUE(sizes->contains(QStringLiteral("tiny")));
    EXPECT_FALSE(sizes->contains(QStringLiteral("no_such_table")));
    EXPECT_GT(sizes->value(QStringLiteral("shop.orders")).bytes, 100000);
    EXPECT_EQ(sizes->value(QStringLiteral("shop.orders")).rows, 5000);

    LintContext context;
    context.tableSizes = *sizes;
    context.largeTableBytes = 64 * 1024;
    const LintFindingList second = lintUp(up, context);
    const LintFinding *big = nullptr;
    const LintFinding *small = nullptr;
    for (const LintFinding &f : second) {
        if (f.ruleId == QLatin1String("index-not-concurrent"))
            (f.table == QLatin1String("tiny") ? small : big) = &f;
    }
    ASSERT_NE(big, nullptr);
    ASSERT_NE(small, nullptr);
    EXPECT_EQ(big->severity, LintFinding::Severity::Error);
    EXPECT_TRUE(big->message.contains(QStringLiteral("shop.orders"))) << big->message.toStdString();
    EXPECT_TRUE(big->message.contains(QStringLiteral("5000 rows"))) << big->message.toStdString();
    EXPECT_TRUE(big->message.contains(QStringLiteral("KiB")) || big->message.contains(QStringLiteral("MiB")))
        << big->message.toStdString();
    EXPECT_EQ(big->tableRows, 5000);
    EXPECT_EQ(small->severity, LintFinding::Severity::Warning);
    EXPECT_EQ(small->tableRows, 0);
    // Only locking rules escalate: drop-table was an error already, and its
    // message is not about lock time.
    const LintFinding *drop = find(second, QStringLiteral("drop-table"));
    ASSERT_NE(drop, nullptr);
    EXPECT_FALSE(drop->message.contains(QStringLiteral("large table")));
}

TEST(SarifWriter, HasEveryRequiredProperty)
{
    const LintFindingList findings = lintUp("DROP TABLE t;\nCREATE TABLE u (a varchar(3));");
    ASSERT_FALSE(findings.isEmpty());
    const QJsonObject log = SarifWriter::write(findings, QStringLiteral("/project"));
    // sarifLog: version (required) and runs (required); $schema recommended.
    EXPECT_EQ(log.value(QStringLiteral("version")).toString(), QStringLiteral("2.1.0"));
    EXPECT_TRUE(log.value(QStringLiteral("$schema")).toString().contains(QStringLiteral("sarif")));
    const QJsonArray runs = log.value(QStringLiteral("runs")).toArray();
    ASSERT_EQ(runs.size(), 1);
    const QJsonObject run = runs.at(0).toObject();
    // run: tool (required) with driver (required) with name (required).
    const QJsonObject driver
        = run.value(QStringLiteral("tool")).toObject().value(QStringLiteral("driver")).toObject();
    EXPECT_EQ(driver.value(QStringLiteral("name")).toString(), QStringLiteral("strata"));
    EXPECT_FALSE(driver.value(QStringLiteral("version")).toString().isEmpty());
    const QJsonArray rules = driver.value(QStringLiteral("rules")).toArray();
    EXPECT_EQ(rules.size(), LintRule::all().size());
    for (const QJsonValue &v : rules) {
        // reportingDescriptor: id (required).
        const QJsonObject r = v.toObject();
        EXPECT_FALSE(r.value(QStringLiteral("id")).toString().isEmpty());
        EXPECT_FALSE(r.value(QStringLiteral("shortDescription"))
                         .toObject()
                         .value(QStringLiteral("text"))
                         .toString()
                         .isEmpty());
        EXPECT_FALSE(r.value(QStringLiteral("fullDescription"))
                         .toObject()
                         .value(QStringLiteral("text"))
                         .toString()
                         .isEmpty());
        const QString level = r.value(QStringLiteral("defaultConfiguration"))
                                  .toObject()
                                  .value(QStringLiteral("level"))
                                  .toString();
        EXPECT_TRUE(
            QStringList({ QStringLiteral("error"), QStringLiteral("warning"), QStringLiteral("note") })
                .contains(level));
    }
    const QJsonArray results = run.value(QStringLiteral("results")).toArray();
    ASSERT_EQ(results.size(), findings.size());
    bool sawNote = false;
    for (const QJsonValue &v : results) {
        // result: message (required) with text; ruleId, level, locations.
        const QJsonObject r = v.toObject();
        EXPECT_FALSE(
            r.value(QStringLiteral("message")).toObject().value(QStringLiteral("text")).toString().isEmpty());
        const QString ruleId = r.value(QStringLiteral("ruleId")).toString();
        ASSERT_NE(LintRule::find(ruleId), nullptr);
        EXPECT_EQ(rules.at(r.value(QStringLiteral("ruleIndex")).toInt())
                      .toObject()
                      .value(QStringLiteral("id"))
                      .toString(),
            ruleId);
        const QString level = r.value(QStringLiteral("level")).toString();
        EXPECT_TRUE(
            QStringList({ QStringLiteral("error"), QStringLiteral("warning"), QStringLiteral("note") })
                .contains(level));
        sawNote = sawNote || level == QLatin1String("note");
        const QJsonArray locations = r.value(QStringLiteral("locations")).toArray();
        ASSERT_EQ(locations.size(), 1);
        const QJsonObject physical
            = locations.at(0).toObject().value(QStringLiteral("physicalLocation")).toObject();
        EXPECT_EQ(physical.value(QStringLiteral("artifactLocation"))
                      .toObject()
                      .value(QStringLiteral("uri"))
                      .toString(),
            QStringLiteral("migrations/1700000000000-Change.sql"));
        const QJsonObject region = physical.value(QStringLiteral("region")).toObject();
        EXPECT_GE(region.value(QStringLiteral("startLine")).toInt(), 1);
        EXPECT_GE(region.value(QStringLiteral("startColumn")).toInt(), 1);
    }
    EXPECT_TRUE(sawNote); // prefer-text is Info, which SARIF calls note
    // Outside the base folder: an absolute file: URI.
    const QJsonObject elsewhere = SarifWriter::write(findings, QStringLiteral("/other"));
    EXPECT_EQ(elsewhere
                  .value(QStringLiteral("runs"))[0][QStringLiteral("results")][0][QStringLiteral("locations")]
                                                [0][QStringLiteral("physicalLocation")]
                                                [QStringLiteral("artifactLocation")][QStringLiteral("uri")]
                  .toString(),
        QStringLiteral("file:///project/migrations/1700000000000-Change.sql"));
}
