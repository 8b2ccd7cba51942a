#include "db/PgConnection.h"
#include "db/PgResult.h"
#include "integration/CliProcess.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>

#include <gtest/gtest.h>

namespace {

// This process's environment with no PG* or STRATA_DATABASE_URL: lint must not
// need (or try) a database then.
QStringList offlineEnvironment()
{
    QStringList env;
    for (const QString &e : QProcessEnvironment::systemEnvironment().toStringList())
        if (!e.startsWith(QLatin1String("PG")) && !e.startsWith(QLatin1String("STRATA_DATABASE_URL=")))
            env.append(e);
    return env;
}

QJsonObject json(const CliResult &r)
{
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

} // namespace

TEST(LintCli, CleanFolderExitsZero)
{
    MigrationFolder folder;
    folder.add(1700000000000, QStringLiteral("CreateUsers"),
        "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY, email text);",
        "SET lock_timeout = '5s';\nDROP TABLE IF EXISTS users;");
    const CliResult r = CliProcess::run(
        { QStringLiteral("lint"), QStringLiteral("--migrations"), folder.path() }, offlineEnvironment());
    EXPECT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_TRUE(r.out.contains(QStringLiteral("1 file(s) linted: 0 error(s), 0 warning(s)"))) << r.describe();
}

TEST(LintCli, ErrorFindingExitsThreeWithCompilerStyleLines)
{
    MigrationFolder folder;
    const QString file = folder.add(
        1700000000000, QStringLiteral("DropOld"), "SELECT 1;\nDROP TABLE old;", "CREATE TABLE old (id int);");
    const CliResult r = CliProcess::run(
        { QStringLiteral("lint"), QStringLiteral("--migrations"), folder.path() }, offlineEnvironment());
    EXPECT_EQ(r.exitCode, 3) << r.describe();
    EXPECT_TRUE(
        r.out.contains(QStringLiteral("1700000000000-DropOld.sql:3:1: error [drop-table] drops table old")))
        << r.describe();
    EXPECT_TRUE(r.err.isEmpty()) << r.describe(); // no connection attempted, so no warning

    // Only warnings: exit 0.
    MigrationFolder warnings;
    warnings.add(
        1700000000000, QStringLiteral("Index"), "CREATE INDEX i ON t (a);", "DROP INDEX IF EXISTS i;");
    const CliResult w = CliProcess::run(
        { QStringLiteral("lint"), QStringLiteral("--migrations"), warnings.path() }, offlineEnvironment());
    EXPECT_EQ(w.exitCode, 0) << w.describe();
    EXPECT_TRUE(w.out.contains(QStringLiteral("warning [index-not-concurrent]"))) << w.describe();
}

TEST(LintCli, NamedFilesAndDisableComment)
{
    MigrationFolder folder;
    const QString risky = folder.add(1700000000000, QStringLiteral("Risky"), "TRUNCATE t;", "SELECT 1;");
    const QString allowed = folder.add(
        1700000000001, QStringLiteral("Allowed"), "-- strata:disable truncate\nTRUNCATE t;", "SELECT 1;");
    const CliResult one = CliProcess::run({ QStringLiteral("lint"), allowed }, offlineEnvironment());
    EXPECT_EQ(one.exitCode, 0) << one.describe();
    const CliResult both = CliProcess::run({ QStringLiteral("lint"), allowed, risky }, offlineEnvironment());
    EXPECT_EQ(both.exitCode, 3) << both.describe();
    EXPECT_TRUE(both.out.contains(QStringLiteral("2 file(s) linted"))) << both.describe();
}

TEST(LintCli, ProjectConfigDisablesRules)
{
    MigrationFolder folder;
    folder.add(1700000000000, QStringLiteral("DropOld"), "DROP TABLE old;", "SELECT 1;");
    QFile ini(QDir(folder.path()).filePath(QStringLiteral("strata.ini")));
    ASSERT_TRUE(ini.open(QIODevice::WriteOnly));
    ini.write("[lint]\ndisable=drop-table\n");
    ini.close();
    const CliResult r = CliProcess::run(
        { QStringLiteral("lint"), QStringLiteral("--migrations"), folder.path() }, offlineEnvironment());
    EXPECT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_FALSE(r.out.contains(QStringLiteral("drop-table"))) << r.describe();
}

TEST(LintCli, BadFilesExitOne)
{
    MigrationFolder folder;
    folder.add(1700000000000, QStringLiteral("Broken"), "SELEC 1;", "SELECT 1;");
    const CliResult r = CliProcess::run(
        { QStringLiteral("lint"), QStringLiteral("--migrations"), folder.path() }, offlineEnvironment());
    EXPECT_EQ(r.exitCode, 1) << r.describe();
    EXPECT_TRUE(r.err.contains(QStringLiteral("syntax error"))) << r.describe();

    const CliResult missing = CliProcess::run(
        { QStringLiteral("lint"), QDir(folder.path()).filePath(QStringLiteral("1700000000009-Nope.sql")) },
        offlineEnvironment());
    EXPECT_EQ(missing.exitCode, 1) << missing.describe();

    const CliResult format = CliProcess::run(
        { QStringLiteral("lint"), QStringLiteral("--format"), QStringLiteral("xml") }, offlineEnvironment());
    EXPECT_EQ(format.exitCode, 2) << format.describe();
}

TEST(LintCli, JsonAndSarifFormats)
{
    MigrationFolder folder;
    folder.add(1700000000000, QStringLiteral("DropOld"), "DROP TABLE old;", "SELECT 1;");
    const QStringList base { QStringLiteral("lint"), QStringLiteral("--migrations"), folder.path() };

    const CliResult j = CliProcess::run(
        base + QStringList { QStringLiteral("--format"), QStringLiteral("json") }, offlineEnvironment());
    EXPECT_EQ(j.exitCode, 3) << j.describe();
    const QJsonObject o = json(j);
    EXPECT_FALSE(o.value(QStringLiteral("ok")).toBool());
    EXPECT_EQ(o.value(QStringLiteral("errors")).toInt(), 1);
    const QJsonObject finding = o.value(QStringLiteral("findings")).toArray().at(0).toObject();
    EXPECT_EQ(finding.value(QStringLiteral("ruleId")).toString(), QStringLiteral("drop-table"));
    EXPECT_EQ(finding.value(QStringLiteral("severity")).toString(), QStringLiteral("error"));
    EXPECT_EQ(finding.value(QStringLiteral("line")).toInt(), 2);
    EXPECT_EQ(finding.value(QStringLiteral("section")).toString(), QStringLiteral("up"));
    EXPECT_FALSE(finding.value(QStringLiteral("explanation")).toString().isEmpty());
    // --json alone means the json format.
    EXPECT_EQ(json(CliProcess::run(base + QStringList { QStringLiteral("--json") }, offlineEnvironment()))
                  .value(QStringLiteral("errors"))
                  .toInt(),
        1);

    const CliResult s = CliProcess::run(
        base + QStringList { QStringLiteral("--format"), QStringLiteral("sarif") }, offlineEnvironment());
    EXPECT_EQ(s.exitCode, 3) << s.describe();
    const QJsonObject sarif = json(s);
    EXPECT_EQ(sarif.value(QStringLiteral("version")).toString(), QStringLiteral("2.1.0"));
    const QJsonObject result
        = sarif.value(QStringLiteral("runs"))[0][QStringLiteral("results")][0].toObject();
    EXPECT_EQ(result.value(QStringLiteral("ruleId")).toString(), QStringLiteral("drop-table"));
    EXPECT_EQ(result.value(QStringLiteral("level")).toString(), QStringLiteral("error"));
    EXPECT_EQ(result
                  .value(QStringLiteral("locations"))[0][QStringLiteral("physicalLocation")]
                                                     [QStringLiteral("region")][QStringLiteral("startLine")]
                  .toInt(),
        2);
}

TEST(LintCli, UnreachableDatabaseIsOnlyAWarning)
{
    MigrationFolder folder;
    folder.add(1700000000000, QStringLiteral("Index"), "CREATE INDEX i ON t (a);", "DROP INDEX IF EXISTS i;");
    const CliResult r = CliProcess::run(
        { QStringLiteral("lint"), QStringLiteral("--migrations"), folder.path(), QStringLiteral("--host"),
            QStringLiteral("/nonexistent-socket-dir"), QStringLiteral("-d"), QStringLiteral("nothing") },
        offlineEnvironment());
    EXPECT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_TRUE(r.err.contains(QStringLiteral("warning: linting without the database"))) << r.describe();
}

TEST(LintCli, DatabaseGivesTableSizesAndHistory)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings settings = TestCluster::freshDatabase(QStringLiteral("lintcli"));
    MigrationFolder applied;
    applied.add(1800000000000, QStringLiteral("CreateOrders"),
        "CREATE TABLE orders (id bigint, note text);\n"
        "INSERT INTO orders SELECT g, repeat('x', 100) FROM generate_series(1, 3000) g;\n"
        "ANALYZE orders;",
        "DROP TABLE IF EXISTS orders;");
    const CliResult up
        = CliProcess::run({ QStringLiteral("up"), QStringLiteral("--migrations"), applied.path() }, settings);
    ASSERT_EQ(up.exitCode, 0) << up.describe();

    MigrationFolder pending;
    QFile ini(QDir(pending.path()).filePath(QStringLiteral("strata.ini")));
    ASSERT_TRUE(ini.open(QIODevice::WriteOnly));
    ini.write("[lint]\nlarge_table_bytes=65536\n");
    ini.close();
    pending.add(1700000000000, QStringLiteral("IndexOrders"), "CREATE INDEX orders_note ON orders (note);",
        "DROP INDEX IF EXISTS orders_note;");
    const CliResult r
        = CliProcess::run({ QStringLiteral("lint"), QStringLiteral("--migrations"), pending.path(),
                              QStringLiteral("--format"), QStringLiteral("json") },
            settings);
    EXPECT_EQ(r.exitCode, 3) << r.describe();
    const QJsonArray findings = json(r).value(QStringLiteral("findings")).toArray();
    bool escalated = false;
    bool older = false;
    for (const QJsonValue &v : findings) {
        const QJsonObject f = v.toObject();
        if (f.value(QStringLiteral("ruleId")).toString() == QLatin1String("index-not-concurrent")) {
            escalated = f.value(QStringLiteral("severity")).toString() == QLatin1String("error")
                && f.value(QStringLiteral("tableRows")).toInt() == 3000;
        }
        older = older || f.value(QStringLiteral("ruleId")).toString() == QLatin1String("older-than-applied");
    }
    EXPECT_TRUE(escalated) << r.describe();
    EXPECT_TRUE(older) << r.describe();
}

// Every fix lint offers, applied as the editor applies it (edits of the file,
// then the new migration beside it), gives migrations that run on a database
// with rows and lint clean for the rules they answer.
TEST(LintCli, EveryOfferedFixRunsAndLintsClean)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings settings = TestCluster::freshDatabase(QStringLiteral("lintfix"));
    {
        Result<std::unique_ptr<PgConnection>> c = PgConnection::open(settings);
        ASSERT_TRUE(c.ok()) << c.error().toString().toStdString();
        ASSERT_TRUE((*c)->run("CREATE TABLE owners (id bigint PRIMARY KEY);"
                              "INSERT INTO owners SELECT g FROM generate_series(1, 50) g;"
                              "CREATE TABLE accounts (id bigint PRIMARY KEY, owner_id bigint, email text);"
                              "INSERT INTO accounts SELECT g, g % 50 + 1, 'a' || g || '@x' "
                              "FROM generate_series(1, 500) g;")
                        .ok());
    }
    MigrationFolder folder;
    folder.add(1700000000010, QStringLiteral("IndexEmail"),
        "CREATE INDEX accounts_email ON accounts (email);\nALTER TABLE accounts ADD COLUMN note text;",
        "ALTER TABLE accounts DROP COLUMN IF EXISTS note;\nDROP INDEX IF EXISTS accounts_email;");
    folder.add(1700000000020, QStringLiteral("OwnerFk"),
        "ALTER TABLE accounts ADD CONSTRAINT accounts_owner_fk FOREIGN KEY (owner_id) REFERENCES owners "
        "(id);",
        "ALTER TABLE accounts DROP CONSTRAINT IF EXISTS accounts_owner_fk;");
    folder.add(1700000000030, QStringLiteral("EmailRequired"),
        "ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;",
        "ALTER TABLE accounts ALTER COLUMN email DROP NOT NULL;");
    folder.add(1700000000040, QStringLiteral("EmailUnique"),
        "ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE (email);",
        "ALTER TABLE accounts DROP CONSTRAINT IF EXISTS accounts_email_key;");
    const QStringList fixed { QStringLiteral("index-not-concurrent"), QStringLiteral("fk-not-valid"),
        QStringLiteral("set-not-null"), QStringLiteral("unique-without-index"),
        QStringLiteral("missing-lock-timeout") };
    const QStringList lint { QStringLiteral("lint"), QStringLiteral("--migrations"), folder.path(),
        QStringLiteral("--format"), QStringLiteral("json") };

    // One fix at a time, linting again after each (offsets move).
    QStringList titles;
    for (int round = 0; round < 20; ++round) {
        const QJsonArray findings
            = json(CliProcess::run(lint, offlineEnvironment())).value(QStringLiteral("findings")).toArray();
        QJsonObject finding;
        for (const QJsonValue &v : findings)
            if (fixed.contains(v[QStringLiteral("ruleId")].toString())
                && !v[QStringLiteral("fixes")].toArray().isEmpty()) {
                finding = v.toObject();
                break;
            }
        if (finding.isEmpty())
            break;
        const QJsonObject fix = finding.value(QStringLiteral("fixes"))[0].toObject();
        titles.append(fix.value(QStringLiteral("title")).toString());
        const QString file = finding.value(QStringLiteral("file")).toString();
        QFile f(file);
        ASSERT_TRUE(f.open(QIODevice::ReadOnly));
        QByteArray text = f.readAll();
        f.close();
        const QJsonArray edits = fix.value(QStringLiteral("edits")).toArray();
        for (qsizetype i = edits.size() - 1; i >= 0; --i) {
            const QJsonObject e = edits.at(i).toObject();
            const qsizetype start = e.value(QStringLiteral("start")).toInteger();
            text.replace(start, e.value(QStringLiteral("end")).toInteger() - start,
                e.value(QStringLiteral("replacement")).toString().toUtf8());
        }
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text);
        f.close();
        const QJsonObject newFile = fix.value(QStringLiteral("newFile")).toObject();
        if (!newFile.isEmpty())
            folder.write(newFile.value(QStringLiteral("name")).toString(),
                newFile.value(QStringLiteral("text")).toString().toUtf8());
    }
    EXPECT_GE(titles.size(), 8) << titles.join(QLatin1Char('\n')).toStdString();

    const QJsonObject after = json(CliProcess::run(lint, offlineEnvironment()));
    for (const QJsonValue &v : after.value(QStringLiteral("findings")).toArray())
        EXPECT_FALSE(fixed.contains(v[QStringLiteral("ruleId")].toString()))
            << v[QStringLiteral("file")].toString().toStdString() << ": "
            << v[QStringLiteral("message")].toString().toStdString();

    const CliResult up
        = CliProcess::run({ QStringLiteral("--migrations"), folder.path(), QStringLiteral("up") },
            TestCluster::childEnvironment(settings));
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    // The four, and the four migrations the fixes split off.
    EXPECT_TRUE(up.out.contains(QStringLiteral("Applied 8 migration(s)"))) << up.describe();
    Result<std::unique_ptr<PgConnection>> c = PgConnection::open(settings);
    ASSERT_TRUE(c.ok());
    const PgResult facts
        = (*c)->exec("SELECT (SELECT indisvalid FROM pg_index WHERE indexrelid = 'accounts_email'::regclass),"
                     "       (SELECT convalidated FROM pg_constraint WHERE conname = 'accounts_owner_fk'),"
                     "       (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND "
                     "attname = 'email'),"
                     "       (SELECT contype FROM pg_constraint WHERE conname = 'accounts_email_key'),"
                     "       (SELECT count(*) FROM pg_constraint WHERE conname = 'accounts_email_not_null')");
    ASSERT_TRUE(facts.ok()) << facts.error().toString().toStdString();
    EXPECT_EQ(facts.value(0, 0), QStringLiteral("t"));
    EXPECT_EQ(facts.value(0, 1), QStringLiteral("t"));
    EXPECT_EQ(facts.value(0, 2), QStringLiteral("t"));
    EXPECT_EQ(facts.value(0, 3), QStringLiteral("u"));
    EXPECT_EQ(facts.value(0, 4), QStringLiteral("0")); // the helper check is gone again

    // And all of it reverts.
    const CliResult down
        = CliProcess::run({ QStringLiteral("--migrations"), folder.path(), QStringLiteral("down"),
                              QStringLiteral("--count"), QStringLiteral("100") },
            TestCluster::childEnvironment(settings));
    EXPECT_EQ(down.exitCode, 0) << down.describe();
}

// Issue 14: a statement whose parse tree is nested deeper than the JSON reader
// reads made the whole section look empty: lint passed the DROP and TRUNCATE
// beside it, validate said "the up section has no statements".
TEST(LintCli, ATooDeeplyNestedStatementIsAProblemAndTheOthersAreStillLinted)
{
    MigrationFolder folder;
    QByteArray deep = "SELECT 1";
    for (int i = 0; i < 3000; ++i)
        deep += " + 1";
    folder.add(1700000000000, QStringLiteral("Deep"), "DROP TABLE users;\n" + deep + ";\nTRUNCATE orders;",
        "SELECT 1;");
    const QString where = QStringLiteral("1700000000000-Deep.sql:3:1: ");

    const CliResult r = CliProcess::run(
        { QStringLiteral("lint"), QStringLiteral("--migrations"), folder.path() }, offlineEnvironment());
    EXPECT_EQ(r.exitCode, 1) << r.describe();
    EXPECT_TRUE(r.out.contains(QStringLiteral("1700000000000-Deep.sql:2:1: error [drop-table]")))
        << r.describe();
    EXPECT_TRUE(r.out.contains(QStringLiteral("1700000000000-Deep.sql:4:1: error [truncate]")))
        << r.describe();
    EXPECT_TRUE(r.err.contains(where + QStringLiteral("this statement is nested too deeply")))
        << r.describe();

    const CliResult sarif
        = CliProcess::run({ QStringLiteral("lint"), QStringLiteral("--format"), QStringLiteral("sarif"),
                              QStringLiteral("--migrations"), folder.path() },
            offlineEnvironment());
    EXPECT_NE(sarif.exitCode, 0) << sarif.describe();
    const QJsonArray results = json(sarif)
                                   .value(QLatin1String("runs"))
                                   .toArray()
                                   .at(0)
                                   .toObject()
                                   .value(QLatin1String("results"))
                                   .toArray();
    QStringList rules;
    for (const QJsonValue &v : results)
        rules << v[QLatin1String("ruleId")].toString();
    EXPECT_TRUE(rules.contains(QLatin1String("drop-table"))) << sarif.describe();
    EXPECT_TRUE(rules.contains(QLatin1String("truncate"))) << sarif.describe();

    const CliResult validate = CliProcess::run(
        { QStringLiteral("validate"), QStringLiteral("--migrations"), folder.path() }, offlineEnvironment());
    EXPECT_NE(validate.exitCode, 0) << validate.describe();
    EXPECT_FALSE(validate.err.contains(QLatin1String("no statements"))) << validate.describe();
    EXPECT_TRUE(validate.err.contains(where + QStringLiteral("this statement is nested too deeply")))
        << validate.describe();
}
