// The hazards squawk and eugene catch that Strata's first rules missed, the
// false alarms they raised, and the version- and database-dependent answers.
// Each rule: a statement that triggers it and a near miss that must not.
#include "db/PgConnection.h"
#include "lint/LintConfig.h"
#include "lint/LintDatabaseFacts.h"
#include "lint/LintRule.h"
#include "lint/MigrationLinter.h"
#include "lint/SarifWriter.h"
#include "migration/MigrationFileParser.h"
#include "support/TestCluster.h"

#include <QJsonArray>

#include <gtest/gtest.h>

namespace {

Migration migration(const QByteArray &up, const QByteArray &down = "SELECT 1;",
    const QByteArray &upOptions = {}, qint64 timestamp = 1700000000000)
{
    const QString path = QStringLiteral("/project/migrations/%1-Change.sql").arg(timestamp);
    const QByteArray text = "-- migrate:up" + (upOptions.isEmpty() ? QByteArray() : " " + upOptions) + "\n"
        + up + "\n\n-- migrate:down\n" + down + "\n";
    Result<Migration> m = MigrationFileParser::parse(path, text);
    EXPECT_TRUE(m.ok()) << (m.ok() ? std::string() : m.error().toString().toStdString());
    return m.ok() ? *m : Migration {};
}

LintFindingList lintUp(const QByteArray &up, const LintContext &context = {})
{
    return MigrationLinter::lint(migration(up), context);
}

QStringList ids(const LintFindingList &findings)
{
    QStringList result;
    for (const LintFinding &f : findings)
        result.append(f.ruleId);
    return result;
}

const LintFinding *find(const LintFindingList &findings, const char *id)
{
    for (const LintFinding &f : findings)
        if (f.ruleId == QLatin1String(id))
            return &f;
    return nullptr;
}

LintContext atVersion(int serverVersion)
{
    LintContext context;
    context.serverVersion = serverVersion;
    return context;
}

#define EXPECT_RULE(findings, id)                                                                            \
    EXPECT_TRUE(ids(findings).contains(QStringLiteral(id)))                                                  \
        << ids(findings).join(QLatin1Char(' ')).toStdString()
#define EXPECT_NO_RULE(findings, id)                                                                         \
    EXPECT_FALSE(ids(findings).contains(QStringLiteral(id)))                                                 \
        << ids(findings).join(QLatin1Char(' ')).toStdString()

} // namespace

// --- misses of the first rules -------------------------------------------

TEST(LintRules, AnUnknownOrUserFunctionInADefaultIsTakenAsVolatile)
{
    EXPECT_RULE(lintUp("ALTER TABLE t ADD COLUMN foo jsonb DEFAULT myjsonb();"), "volatile-default");
    EXPECT_RULE(
        lintUp("ALTER TABLE t ADD COLUMN foo uuid DEFAULT public.uuid_generate_v4();"), "volatile-default");
    // PostgreSQL's own stable and immutable functions are stored once.
    EXPECT_NO_RULE(
        lintUp("ALTER TABLE t ADD COLUMN foo jsonb DEFAULT jsonb_build_object('a', 1);"), "volatile-default");
    EXPECT_NO_RULE(lintUp("ALTER TABLE t ADD COLUMN foo text DEFAULT lower('A');"), "volatile-default");
    EXPECT_NO_RULE(
        lintUp("ALTER TABLE t ADD COLUMN at timestamptz DEFAULT CURRENT_TIMESTAMP;"), "volatile-default");
    // The connected database vouches for its own functions.
    LintContext connected;
    connected.functionIsVolatile.insert(QStringLiteral("myjsonb"), false);
    EXPECT_NO_RULE(
        lintUp("ALTER TABLE t ADD COLUMN foo jsonb DEFAULT myjsonb();", connected), "volatile-default");
}

TEST(LintRules, BeforeElevenAnyDefaultRewrites)
{
    const QByteArray up = "ALTER TABLE t ADD COLUMN n int DEFAULT 0;";
    EXPECT_RULE(lintUp(up, atVersion(100023)), "volatile-default");
    EXPECT_NO_RULE(lintUp(up, atVersion(110000)), "volatile-default");
    EXPECT_NO_RULE(lintUp(up), "volatile-default"); // the newest supported by default
}

TEST(LintRules, StoredGeneratedAndIdentityColumnsRewriteALiveTable)
{
    EXPECT_RULE(lintUp("ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (a * 2) STORED;"),
        "generated-column-rewrite");
    EXPECT_RULE(lintUp("ALTER TABLE t ADD COLUMN i bigint GENERATED ALWAYS AS IDENTITY;"),
        "generated-column-rewrite");
    EXPECT_NO_RULE(lintUp("CREATE TABLE t (a int, g int GENERATED ALWAYS AS (a * 2) STORED);"),
        "generated-column-rewrite");
    EXPECT_NO_RULE(lintUp("ALTER TABLE t ADD COLUMN g int;"), "generated-column-rewrite");
}

TEST(LintRules, AnInlineForeignKeyOnAddColumnIsValidatedUnderLock)
{
    EXPECT_RULE(
        lintUp("ALTER TABLE orders ADD COLUMN user_id bigint REFERENCES users (id);"), "fk-not-valid");
    EXPECT_NO_RULE(lintUp("CREATE TABLE orders (user_id bigint REFERENCES users (id));"), "fk-not-valid");
    EXPECT_NO_RULE(lintUp("ALTER TABLE orders ADD COLUMN user_id bigint;"), "fk-not-valid");
}

TEST(LintRules, ValidatingInTheTransactionThatAddedNotValidHoldsTheLock)
{
    const QByteArray both
        = "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT "
          "VALID;\nALTER TABLE orders VALIDATE CONSTRAINT fk;";
    EXPECT_RULE(lintUp(both), "validate-in-same-transaction");
    // In a later migration: the intended pattern.
    EXPECT_NO_RULE(lintUp("ALTER TABLE orders VALIDATE CONSTRAINT fk;"), "validate-in-same-transaction");
    // Outside a transaction each statement commits on its own.
    EXPECT_NO_RULE(MigrationLinter::lint(migration(both, "SELECT 1;", "transaction:false"), {}),
        "validate-in-same-transaction");
}

TEST(LintRules, TypeRulesSeeAlterColumnType)
{
    const LintFindingList f = lintUp("ALTER TABLE t ALTER COLUMN created_ts TYPE timestamp;");
    EXPECT_RULE(f, "timestamp-without-time-zone");
    EXPECT_RULE(f, "alter-column-type");
    EXPECT_RULE(lintUp("ALTER TABLE t ALTER COLUMN name TYPE varchar(40);"), "prefer-text");
    EXPECT_NO_RULE(
        lintUp("ALTER TABLE t ALTER COLUMN created_ts TYPE timestamptz;"), "timestamp-without-time-zone");
}

TEST(LintRules, TransactionStructureIsCheckedInTransactionFalseMigrations)
{
    const Migration wrapped = migration(
        "BEGIN;\nCREATE INDEX CONCURRENTLY i ON users (email);\nCOMMIT;", "SELECT 1;", "transaction:false");
    const LintFindingList f = MigrationLinter::lint(wrapped, {});
    const LintFinding *n = find(f, "non-transactional-statement");
    ASSERT_NE(n, nullptr) << ids(f).join(QLatin1Char(' ')).toStdString();
    EXPECT_EQ(n->line, 3);
    EXPECT_TRUE(n->message.contains(QLatin1String("follows a BEGIN"))) << n->message.toStdString();
    // After the COMMIT it is fine.
    EXPECT_NO_RULE(
        MigrationLinter::lint(migration("BEGIN;\nSELECT 1;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON "
                                        "users (email);",
                                  "SELECT 1;", "transaction:false"),
            {}),
        "non-transactional-statement");
    // In a migration Strata wraps, BEGIN/COMMIT themselves are the problem.
    EXPECT_RULE(lintUp("BEGIN;\nALTER TABLE t ADD COLUMN c text;\nCOMMIT;"), "transaction-control");
    EXPECT_NO_RULE(lintUp("ALTER TABLE t ADD COLUMN c text;"), "transaction-control");
}

// --- false alarms --------------------------------------------------------

TEST(LintRules, SetNotNullThroughAValidatedCheckIsNotFlagged)
{
    const QByteArray pattern
        = "ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;\n"
          "ALTER TABLE users VALIDATE CONSTRAINT email_nn;\n"
          "ALTER TABLE users ALTER COLUMN email SET NOT NULL;";
    EXPECT_NO_RULE(lintUp(pattern), "set-not-null");
    // Before PostgreSQL 12 the check does not spare the scan.
    EXPECT_RULE(lintUp(pattern, atVersion(110000)), "set-not-null");
    // A check on another column, or one never validated, proves nothing.
    EXPECT_RULE(lintUp("ALTER TABLE users ADD CONSTRAINT n CHECK (name IS NOT NULL) NOT VALID;\n"
                       "ALTER TABLE users VALIDATE CONSTRAINT n;\n"
                       "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"),
        "set-not-null");
    EXPECT_RULE(lintUp("ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;\n"
                       "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"),
        "set-not-null");
}

TEST(LintRules, SetNotNullThroughACheckValidatedInEarlierMigrations)
{
    const QList<Migration> chain {
        migration("ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;",
            "SELECT 1;", {}, 1700000000001),
        migration("ALTER TABLE users VALIDATE CONSTRAINT email_nn;", "SELECT 1;", {}, 1700000000002),
        migration("ALTER TABLE users ALTER COLUMN email SET NOT NULL;", "SELECT 1;", {}, 1700000000003),
    };
    EXPECT_NO_RULE(MigrationLinter::lintChain(chain, {}), "set-not-null");
    // Without the validating migration in between, the scan is still there.
    EXPECT_RULE(MigrationLinter::lintChain({ chain.at(0), chain.at(2) }, {}), "set-not-null");
    // Given out of order, the chain is still read in timestamp order.
    EXPECT_NO_RULE(MigrationLinter::lintChain({ chain.at(2), chain.at(1), chain.at(0) }, {}), "set-not-null");
}

TEST(LintRules, VacuumFullFalseIsAPlainVacuum)
{
    EXPECT_NO_RULE(lintUp("VACUUM (FULL FALSE) t;"), "vacuum-full");
    EXPECT_NO_RULE(lintUp("VACUUM (FULL off, ANALYZE) t;"), "vacuum-full");
    EXPECT_RULE(lintUp("VACUUM (FULL) t;"), "vacuum-full");
    EXPECT_RULE(lintUp("VACUUM (FULL true) t;"), "vacuum-full");
}

// --- hazards no rule covered ----------------------------------------------

TEST(LintRules, UniqueOrPrimaryKeyWithoutAPrebuiltIndex)
{
    EXPECT_RULE(lintUp("ALTER TABLE users ADD CONSTRAINT \"UQ_97672ac88f789774dd47f7c8be3\" UNIQUE (email);"),
        "unique-without-index");
    EXPECT_RULE(lintUp("ALTER TABLE users ADD PRIMARY KEY (id);"), "unique-without-index");
    EXPECT_RULE(lintUp("ALTER TABLE users ADD COLUMN id bigserial PRIMARY KEY;"), "unique-without-index");
    EXPECT_NO_RULE(lintUp("ALTER TABLE users ADD CONSTRAINT uq UNIQUE USING INDEX users_email_idx;"),
        "unique-without-index");
    EXPECT_NO_RULE(
        lintUp("CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE);"), "unique-without-index");
}

TEST(LintRules, NotNullColumnWithoutDefaultFailsOnATableWithRows)
{
    const QByteArray up = "ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;";
    const LintFindingList offline = lintUp(up);
    ASSERT_NE(find(offline, "add-not-null-without-default"), nullptr);
    EXPECT_EQ(find(offline, "add-not-null-without-default")->severity, LintFinding::Severity::Warning);
    LintContext withRows;
    withRows.tableSizes.insert(QStringLiteral("users"), TableSize { 8192, 12 });
    // Kept in a variable: find() points into the list (ASan saw the temporary freed).
    const LintFindingList online = lintUp(up, withRows);
    const LintFinding *f = find(online, "add-not-null-without-default");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->severity, LintFinding::Severity::Error);
    EXPECT_TRUE(f->message.contains(QLatin1String("about 12"))) << f->message.toStdString();
    EXPECT_NO_RULE(lintUp("ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL DEFAULT 0;"),
        "add-not-null-without-default");
    EXPECT_NO_RULE(lintUp("ALTER TABLE users ADD COLUMN tenant_id bigint;"), "add-not-null-without-default");
    EXPECT_NO_RULE(lintUp("CREATE TABLE users (id bigint);\nALTER TABLE users ADD COLUMN t bigint NOT NULL;"),
        "add-not-null-without-default");
}

TEST(LintRules, LockingDdlWithoutALockTimeout)
{
    const LintFindingList f
        = lintUp("ALTER TABLE users ADD COLUMN c text;\nALTER TABLE orders ADD COLUMN d text;");
    EXPECT_EQ(ids(f).count(QStringLiteral("missing-lock-timeout")), 1); // once per migration
    EXPECT_NO_RULE(
        lintUp("SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN c text;"), "missing-lock-timeout");
    EXPECT_NO_RULE(lintUp("SET LOCAL lock_timeout TO 1000;\nALTER TABLE users ADD COLUMN c text;"),
        "missing-lock-timeout");
    // Zero means wait forever.
    EXPECT_RULE(
        lintUp("SET lock_timeout = 0;\nALTER TABLE users ADD COLUMN c text;"), "missing-lock-timeout");
    LintContext runner;
    runner.runnerSetsLockTimeout = true;
    EXPECT_NO_RULE(lintUp("ALTER TABLE users ADD COLUMN c text;", runner), "missing-lock-timeout");
    EXPECT_NO_RULE(
        lintUp("CREATE TABLE users (id bigint);\nCREATE INDEX u_id ON users (id);"), "missing-lock-timeout");
    // A new table's foreign key locks the live table it references (SHARE ROW
    // EXCLUSIVE), inline or added after; to another new table it waits for nobody.
    EXPECT_RULE(
        lintUp("CREATE TABLE pipes (build_id bigint REFERENCES builds (id));"), "missing-lock-timeout");
    EXPECT_RULE(
        lintUp("CREATE TABLE comments (build_id bigint PRIMARY KEY);\n"
               "ALTER TABLE comments ADD CONSTRAINT fk FOREIGN KEY (build_id) REFERENCES builds (id);"),
        "missing-lock-timeout");
    EXPECT_NO_RULE(lintUp("CREATE TABLE builds (id bigint PRIMARY KEY);\n"
                          "CREATE TABLE pipes (build_id bigint REFERENCES builds (id));"),
        "missing-lock-timeout");
    // DROP TABLE and DROP TRIGGER take ACCESS EXCLUSIVE on a live table.
    EXPECT_RULE(lintUp("DROP TABLE old_tasks;"), "missing-lock-timeout");
    EXPECT_RULE(lintUp("DROP TRIGGER audit ON public.orders;"), "missing-lock-timeout");
    EXPECT_NO_RULE(
        lintUp("CREATE TABLE t (id bigint);\nDROP TRIGGER IF EXISTS audit ON t;"), "missing-lock-timeout");
}

TEST(LintRules, DropIndexReindexAndDetachWithoutConcurrently)
{
    EXPECT_RULE(lintUp("DROP INDEX users_email;"), "drop-index-not-concurrent");
    EXPECT_NO_RULE(
        MigrationLinter::lint(
            migration("DROP INDEX CONCURRENTLY users_email;", "SELECT 1;", "transaction:false"), {}),
        "drop-index-not-concurrent");
    EXPECT_RULE(lintUp("REINDEX TABLE users;"), "reindex-not-concurrent");
    EXPECT_NO_RULE(
        lintUp("REINDEX TABLE users;", atVersion(110000)), "reindex-not-concurrent"); // no CONCURRENTLY yet
    EXPECT_NO_RULE(MigrationLinter::lint(
                       migration("REINDEX TABLE CONCURRENTLY users;", "SELECT 1;", "transaction:false"), {}),
        "reindex-not-concurrent");
    EXPECT_RULE(
        lintUp("ALTER TABLE events DETACH PARTITION events_2020;"), "detach-partition-not-concurrent");
    EXPECT_NO_RULE(lintUp("ALTER TABLE events DETACH PARTITION events_2020;", atVersion(130000)),
        "detach-partition-not-concurrent");
    EXPECT_NO_RULE(
        MigrationLinter::lint(migration("ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;",
                                  "SELECT 1;", "transaction:false"),
            {}),
        "detach-partition-not-concurrent");
}

TEST(LintRules, IntegerKeysThatWillOverflow)
{
    EXPECT_RULE(lintUp("CREATE TABLE t (id serial PRIMARY KEY);"), "prefer-bigint-key");
    EXPECT_RULE(lintUp("CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY);"), "prefer-bigint-key");
    EXPECT_RULE(lintUp("CREATE TABLE t (id smallint, PRIMARY KEY (id));"), "prefer-bigint-key");
    EXPECT_RULE(lintUp("ALTER TABLE t ADD COLUMN id serial PRIMARY KEY;"), "prefer-bigint-key");
    EXPECT_NO_RULE(lintUp("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n int);"),
        "prefer-bigint-key");
    EXPECT_NO_RULE(lintUp("CREATE TABLE t (a int, b int, PRIMARY KEY (a, b));"), "prefer-bigint-key");
    // pg_dump's style: the key added after the table (concourse's initial schema).
    EXPECT_RULE(lintUp("CREATE TABLE builds (id integer NOT NULL);\n"
                       "ALTER TABLE ONLY builds ADD CONSTRAINT builds_pkey PRIMARY KEY (id);"),
        "prefer-bigint-key");
    EXPECT_NO_RULE(lintUp("CREATE TABLE builds (id bigint NOT NULL);\n"
                          "ALTER TABLE ONLY builds ADD CONSTRAINT builds_pkey PRIMARY KEY (id);"),
        "prefer-bigint-key");
}

TEST(LintRules, DomainsWithConstraints)
{
    EXPECT_RULE(lintUp("CREATE DOMAIN positive AS int CHECK (VALUE > 0);"), "domain-constraint");
    EXPECT_RULE(lintUp("ALTER DOMAIN positive ADD CONSTRAINT p CHECK (VALUE > 0);"), "domain-constraint");
    EXPECT_NO_RULE(
        lintUp("ALTER DOMAIN positive ADD CONSTRAINT p CHECK (VALUE > 0) NOT VALID;"), "domain-constraint");
    EXPECT_NO_RULE(lintUp("CREATE DOMAIN label AS text;"), "domain-constraint");
}

TEST(LintRules, EnumValuesAddedOutOfOrder)
{
    EXPECT_RULE(lintUp("ALTER TYPE mood ADD VALUE 'meh' BEFORE 'happy';"), "enum-value-out-of-order");
    EXPECT_RULE(lintUp("ALTER TYPE mood ADD VALUE 'meh' AFTER 'sad';"), "enum-value-out-of-order");
    EXPECT_NO_RULE(lintUp("ALTER TYPE mood ADD VALUE 'meh';"), "enum-value-out-of-order");
    EXPECT_NO_RULE(lintUp("ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';"), "enum-value-out-of-order");
    // Before 12, ADD VALUE cannot run in a transaction block at all.
    EXPECT_RULE(lintUp("ALTER TYPE mood ADD VALUE 'meh';", atVersion(110000)), "non-transactional-statement");
    EXPECT_NO_RULE(lintUp("ALTER TYPE mood ADD VALUE 'meh';"), "non-transactional-statement");
}

TEST(LintRules, IdentifiersLongerThan63Bytes)
{
    const QByteArray longName(64, 'a');
    EXPECT_RULE(lintUp("CREATE TABLE " + longName + " (id bigint);"), "identifier-too-long");
    EXPECT_RULE(lintUp("ALTER TABLE t ADD CONSTRAINT \"" + longName + "\" CHECK (id > 0) NOT VALID;"),
        "identifier-too-long");
    // 32 two-byte characters are 64 bytes.
    EXPECT_RULE(lintUp("CREATE TABLE \"" + QString(32, QChar(0x00e9)).toUtf8() + "\" (id bigint);"),
        "identifier-too-long");
    EXPECT_NO_RULE(lintUp("CREATE TABLE " + QByteArray(63, 'a') + " (id bigint);"), "identifier-too-long");
    // A long string is not a name.
    EXPECT_NO_RULE(
        lintUp("INSERT INTO t (note) VALUES ('" + QByteArray(200, 'x') + "');"), "identifier-too-long");
}

TEST(LintRules, DuplicateColumnAssignments)
{
    EXPECT_RULE(lintUp("UPDATE t SET a = 1, b = 2, a = 3 WHERE id = 1;"), "duplicate-column-assignment");
    EXPECT_RULE(lintUp("INSERT INTO t (a, b, a) VALUES (1, 2, 3);"), "duplicate-column-assignment");
    EXPECT_NO_RULE(lintUp("UPDATE t SET a[1] = 1, a[2] = 2 WHERE id = 1;"), "duplicate-column-assignment");
    EXPECT_NO_RULE(lintUp("INSERT INTO t (a, b) VALUES (1, 2);"), "duplicate-column-assignment");
}

TEST(LintRules, StatementsAfterAnAccessExclusiveLock)
{
    const LintFindingList f
        = lintUp("ALTER TABLE users ADD COLUMN c text;\nUPDATE orders SET x = 1 WHERE id < 10;");
    const LintFinding *e = find(f, "statement-after-access-exclusive");
    ASSERT_NE(e, nullptr) << ids(f).join(QLatin1Char(' ')).toStdString();
    EXPECT_EQ(e->line, 3);
    EXPECT_TRUE(e->message.contains(QLatin1String("line 2"))) << e->message.toStdString();
    // The lock last: nothing waits behind it.
    EXPECT_NO_RULE(lintUp("UPDATE orders SET x = 1 WHERE id < 10;\nALTER TABLE users ADD COLUMN c text;"),
        "statement-after-access-exclusive");
    // A table created in the same migration is nobody else's yet.
    EXPECT_NO_RULE(lintUp("CREATE TABLE t (id bigint);\nALTER TABLE t ADD COLUMN c text;\nSELECT 1;"),
        "statement-after-access-exclusive");
    // A dropped table is gone at commit: nobody waits long behind it.
    EXPECT_NO_RULE(lintUp("DROP TABLE old_tasks;\nSELECT 1;"), "statement-after-access-exclusive");
    // VALIDATE takes SHARE UPDATE EXCLUSIVE, which lets traffic through.
    EXPECT_NO_RULE(
        lintUp("ALTER TABLE t VALIDATE CONSTRAINT c;\nSELECT 1;"), "statement-after-access-exclusive");
}

TEST(LintRules, TargetVersionFromProjectSettings)
{
    EXPECT_EQ(LintConfig::parseServerVersion(QStringLiteral("13")), 130000);
    EXPECT_EQ(LintConfig::parseServerVersion(QStringLiteral("12.4")), 120004);
    EXPECT_EQ(LintConfig::parseServerVersion(QStringLiteral("9.6")), 90600);
    EXPECT_EQ(LintConfig::parseServerVersion(QStringLiteral("150018")), 150018);
    EXPECT_EQ(LintConfig::parseServerVersion(QStringLiteral("thirteen")), 0);
    EXPECT_EQ(LintConfig::parseServerVersion(QString()), 0);
}

TEST(LintRules, TheConnectedDatabaseDecidesVolatilityAndProvesNotNull)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings settings = TestCluster::freshDatabase(QStringLiteral("lintfacts"));
    Result<std::unique_ptr<PgConnection>> c = PgConnection::open(settings);
    ASSERT_TRUE(c.ok()) << c.error().toString().toStdString();
    PgConnection &db = **c;
    ASSERT_TRUE(
        db.run(
              "CREATE FUNCTION stable_settings() RETURNS jsonb LANGUAGE sql STABLE AS $$SELECT '{}'::jsonb$$;"
              "CREATE FUNCTION next_code() RETURNS text LANGUAGE sql AS $$SELECT md5(random()::text)$$;"
              "CREATE TABLE users (email text, name text);"
              "ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL);"
              "ALTER TABLE users ADD CONSTRAINT name_nn CHECK (name IS NOT NULL) NOT VALID;")
            .ok());
    LintContext context;
    ASSERT_FALSE(LintDatabaseFacts::read(db, context, false).has_value());
    EXPECT_EQ(context.serverVersion, db.serverVersion());

    EXPECT_NO_RULE(
        lintUp("ALTER TABLE t ADD COLUMN s jsonb DEFAULT stable_settings();", context), "volatile-default");
    EXPECT_RULE(lintUp("ALTER TABLE t ADD COLUMN s jsonb DEFAULT stable_settings();"), "volatile-default");
    EXPECT_RULE(
        lintUp("ALTER TABLE t ADD COLUMN code text DEFAULT next_code();", context), "volatile-default");

    EXPECT_NO_RULE(lintUp("ALTER TABLE users ALTER COLUMN email SET NOT NULL;", context), "set-not-null");
    EXPECT_RULE(lintUp("ALTER TABLE users ALTER COLUMN name SET NOT NULL;", context), "set-not-null");
    // The NOT VALID check in the database, validated by the migration.
    EXPECT_NO_RULE(lintUp("ALTER TABLE users VALIDATE CONSTRAINT name_nn;\n"
                          "ALTER TABLE users ALTER COLUMN name SET NOT NULL;",
                       context),
        "set-not-null");

    // A pinned version wins over the server's.
    LintContext pinned;
    pinned.serverVersion = 100000;
    ASSERT_FALSE(LintDatabaseFacts::read(db, pinned, true).has_value());
    EXPECT_EQ(pinned.serverVersion, 100000);
}

TEST(LintRules, FixesAreInTheFindingAndInSarif)
{
    const Migration m = migration("CREATE INDEX users_email ON users (email);");
    const LintFindingList f = MigrationLinter::lint(m, {});
    const LintFinding *index = find(f, "index-not-concurrent");
    ASSERT_NE(index, nullptr);
    ASSERT_EQ(index->fixes.size(), 1);
    const LintFix &fix = index->fixes.first();
    EXPECT_EQ(fix.newFileName, QStringLiteral("1700000000001-ChangeConcurrently.sql"));
    EXPECT_TRUE(
        fix.newFileText.contains("-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY users_email"))
        << fix.newFileText.toStdString();
    EXPECT_FALSE(fix.apply(m.text).contains("CREATE INDEX")); // moved out of this file

    const QJsonObject sarif = SarifWriter::write(f, QStringLiteral("/project"));
    bool sawFix = false;
    for (const QJsonValue &r : sarif[QStringLiteral("runs")][0][QStringLiteral("results")].toArray()) {
        if (r[QStringLiteral("ruleId")].toString() != QLatin1String("index-not-concurrent"))
            continue;
        const QJsonArray changes = r[QStringLiteral("fixes")][0][QStringLiteral("artifactChanges")].toArray();
        ASSERT_EQ(changes.size(), 2);
        EXPECT_EQ(changes.at(1)[QStringLiteral("artifactLocation")][QStringLiteral("uri")].toString(),
            QStringLiteral("migrations/1700000000001-ChangeConcurrently.sql"));
        sawFix = true;
    }
    EXPECT_TRUE(sawFix);
    // A TypeORM file's offsets are TypeScript's: no fix is offered there.
    Migration ts = m;
    ts.filePath = QStringLiteral("/project/migrations/1700000000000-Change.ts");
    EXPECT_TRUE(find(MigrationLinter::lint(ts, {}), "index-not-concurrent")->fixes.isEmpty());
}
