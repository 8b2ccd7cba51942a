// strata-cli verify, diff and generate as a user runs them: real processes,
// shadow databases on the test cluster, pg_dump as the judge of "same schema".
#include "integration/CliProcess.h"
#include "sandbox/SandboxCluster.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QUrl>

namespace {

class SchemaCliTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        m_settings = TestCluster::freshDatabase(QStringLiteral("schemacli"));
        m_probe = std::make_unique<DbProbe>(m_settings);
        ASSERT_TRUE(m_probe->ok());
    }

    CliResult cli(QStringList args, const ConnectionSettings &connection, const QString &folder)
    {
        args.prepend(folder);
        args.prepend(QStringLiteral("--migrations"));
        return CliProcess::run(args, connection);
    }

    QStringList shadowsOnServer()
    {
        return m_probe->column("SELECT datname FROM pg_database WHERE datname LIKE 'strata\\_shadow\\_%'");
    }

    // pg_dump --schema-only without the history tables, comments, blank lines
    // and the random \restrict key: equal text means equal schemas.
    static QString normalizedDump(const ConnectionSettings &s)
    {
        QProcess dump;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGPASSWORD"), s.password);
        dump.setProcessEnvironment(env);
        dump.start(SandboxCluster::postgresBinDir() + QStringLiteral("/pg_dump"),
            { QStringLiteral("--schema-only"), QStringLiteral("--no-owner"), QStringLiteral("-T"),
                QStringLiteral("migrations*"), QStringLiteral("-h"), s.host, QStringLiteral("-p"),
                QString::number(s.port), QStringLiteral("-U"), s.user, s.database });
        if (!dump.waitForFinished(60000) || dump.exitCode() != 0) {
            ADD_FAILURE() << "pg_dump failed: " << dump.readAllStandardError().toStdString();
            return {};
        }
        QStringList kept;
        for (const QString &line : QString::fromUtf8(dump.readAllStandardOutput()).split(QLatin1Char('\n'))) {
            if (line.isEmpty() || line.startsWith(QLatin1String("--"))
                || line.startsWith(QLatin1String("\\restrict"))
                || line.startsWith(QLatin1String("\\unrestrict")))
                continue;
            kept << line;
        }
        return kept.join(QLatin1Char('\n'));
    }

    ConnectionSettings m_settings;
    std::unique_ptr<DbProbe> m_probe;
};

QJsonObject jsonOf(const CliResult &r)
{
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

} // namespace

TEST_F(SchemaCliTest, VerifyPassesTheSampleProject)
{
    const QString sample = QStringLiteral(STRATA_SOURCE_DIR "/migrations");
    CliResult r = cli({ QStringLiteral("verify") }, m_settings, sample);
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_TRUE(r.out.contains(QLatin1String("3 migration(s) verified: 3 ok, 0 failed"))) << r.describe();
    EXPECT_TRUE(r.out.contains(QLatin1String("strata_shadow_"))) << r.describe();
    EXPECT_TRUE(shadowsOnServer().isEmpty());
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("migrations"))) << "verify must not touch the database";
}

TEST_F(SchemaCliTest, AFolderOfTypeOrmMigrationsIsReadAndNeverGetsASqlFile)
{
    // A folder of TypeORM .ts migrations, as the app opens it: the second
    // forgets to drop its index in down.
    QTemporaryDir folder;
    auto write = [&folder](const char *name, const char *up, const char *down) {
        QFile file(QDir(folder.path()).filePath(QString::fromLatin1(name) + QStringLiteral(".ts")));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        const QByteArray className = QByteArray(name).split('-').last() + QByteArray(name).split('-').first();
        file.write("import { MigrationInterface, QueryRunner } from \"typeorm\";\n\nexport class " + className
            + " implements MigrationInterface {\n    public async up(queryRunner: QueryRunner): "
              "Promise<void> {\n"
              "        await queryRunner.query(`"
            + up
            + "`);\n    }\n    public async down(queryRunner: QueryRunner): Promise<void> {\n"
              "        await queryRunner.query(`"
            + down + "`);\n    }\n}\n");
    };
    write("1700000000000-CreateItems", "CREATE TABLE \"items\" (\"id\" integer PRIMARY KEY, \"sku\" text)",
        "DROP TABLE \"items\"");
    write("1700000000001-IndexSku", "CREATE INDEX \"IDX_sku\" ON \"items\" (\"sku\")", "SELECT 1");
    CliResult verify = cli({ QStringLiteral("verify") }, m_settings, folder.path());
    EXPECT_EQ(verify.exitCode, 3) << verify.describe();
    EXPECT_TRUE(verify.out.contains(QLatin1String("2 migration(s) verified: 1 ok, 1 failed")))
        << verify.describe();
    EXPECT_TRUE(verify.out.contains(QLatin1String("IDX_sku"))) << verify.describe();

    // The same folder replayed as a schema: it diffs empty against itself.
    CliResult diff
        = cli({ QStringLiteral("diff"), QStringLiteral("--from"), folder.path(), QStringLiteral("--to"),
                  QStringLiteral("migrations"), QStringLiteral("--exit-code") },
            m_settings, folder.path());
    EXPECT_EQ(diff.exitCode, 0) << diff.describe();
    EXPECT_TRUE(shadowsOnServer().isEmpty());

    // A .sql file would make it a Strata folder and hide the TypeORM
    // migrations: new and generate refuse, and say what to do instead.
    ASSERT_TRUE(
        m_probe->exec("CREATE TABLE \"items\" (\"id\" integer PRIMARY KEY, \"sku\" text, price int)"));
    for (const QStringList &args : { QStringList { QStringLiteral("new"), QStringLiteral("AddPrice") },
             QStringList { QStringLiteral("generate"), QStringLiteral("AddPrice"), QStringLiteral("--to"),
                 QStringLiteral("connection") } }) {
        CliResult refused = cli(args, m_settings, folder.path());
        EXPECT_EQ(refused.exitCode, 2) << refused.describe();
        EXPECT_TRUE(refused.err.contains(QLatin1String("this is a TypeORM migrations folder")))
            << refused.describe();
        EXPECT_TRUE(refused.err.contains(QLatin1String("import-typeorm"))) << refused.describe();
    }
    EXPECT_TRUE(QDir(folder.path()).entryList({ QStringLiteral("*.sql") }, QDir::Files).isEmpty());
}

TEST_F(SchemaCliTest, VerifyFlagsADownThatForgetsAnIndex)
{
    MigrationFolder folder;
    folder.add(1700000000000, QStringLiteral("CreateItems"),
        "CREATE TABLE items (id int PRIMARY KEY, sku text);", "DROP TABLE items;");
    folder.add(1700000000001, QStringLiteral("IndexSku"), "CREATE INDEX idx_items_sku ON items (sku);",
        "-- forgot: DROP INDEX idx_items_sku;\nSELECT 1;");
    folder.add(1700000000002, QStringLiteral("AddPrice"), "ALTER TABLE items ADD COLUMN price numeric;",
        "ALTER TABLE items DROP COLUMN price;");
    CliResult text = cli({ QStringLiteral("verify") }, m_settings, folder.path());
    EXPECT_EQ(text.exitCode, 3) << text.describe();
    EXPECT_TRUE(text.out.contains(QLatin1String("idx_items_sku"))) << text.describe();
    EXPECT_TRUE(text.out.contains(QLatin1String("down does not undo up"))) << text.describe();

    CliResult json = cli({ QStringLiteral("verify"), QStringLiteral("--json") }, m_settings, folder.path());
    EXPECT_EQ(json.exitCode, 3) << json.describe();
    const QJsonObject root = jsonOf(json);
    EXPECT_FALSE(root[QLatin1String("ok")].toBool());
    const QJsonArray list = root[QLatin1String("migrations")].toArray();
    ASSERT_EQ(list.size(), 3) << json.describe();
    EXPECT_EQ(list[0][QLatin1String("outcome")].toString(), QStringLiteral("ok"));
    EXPECT_EQ(list[1][QLatin1String("outcome")].toString(), QStringLiteral("down-does-not-undo"));
    EXPECT_TRUE(list[1][QLatin1String("differences")].toArray().first().toString().contains(
        QLatin1String("idx_items_sku")))
        << json.describe();
    EXPECT_EQ(list[2][QLatin1String("outcome")].toString(), QStringLiteral("ok"));
    EXPECT_EQ(root[QLatin1String("failures")].toInt(), 1);
    EXPECT_TRUE(shadowsOnServer().isEmpty());
}

TEST_F(SchemaCliTest, VerifyReportsMissingAndFailingDowns)
{
    MigrationFolder folder;
    folder.add(1700000000000, QStringLiteral("CreateA"), "CREATE TABLE a (id int);", "DROP TABLE a;");
    folder.write(QStringLiteral("1700000000001-NoDown.sql"), "-- migrate:up\nCREATE TABLE b (id int);\n");
    const QString bad = folder.add(
        1700000000002, QStringLiteral("BadDown"), "CREATE TABLE c (id int);", "DROP TABLE no_such_table;");
    CliResult json = cli({ QStringLiteral("verify"), QStringLiteral("--json") }, m_settings, folder.path());
    EXPECT_EQ(json.exitCode, 3) << json.describe();
    const QJsonArray list = jsonOf(json)[QLatin1String("migrations")].toArray();
    ASSERT_EQ(list.size(), 3) << json.describe();
    EXPECT_EQ(list[0][QLatin1String("outcome")].toString(), QStringLiteral("ok")) << json.describe();
    EXPECT_EQ(list[1][QLatin1String("outcome")].toString(), QStringLiteral("down-missing"));
    EXPECT_EQ(list[2][QLatin1String("outcome")].toString(), QStringLiteral("down-failed"));
    const QJsonObject error = list[2][QLatin1String("error")].toObject();
    EXPECT_EQ(error[QLatin1String("file")].toString(), bad) << json.describe();
    EXPECT_EQ(error[QLatin1String("line")].toInt(), 4) << json.describe();
    EXPECT_TRUE(shadowsOnServer().isEmpty());
}

TEST_F(SchemaCliTest, GenerateBringsTheMigrationsToAHandBuiltDatabaseAndBack)
{
    MigrationFolder folder;
    folder.copySampleMigrations();
    // The developer's database: the migrations applied, then changes by hand.
    ASSERT_EQ(cli({ QStringLiteral("up") }, m_settings, folder.path()).exitCode, 0);
    const QString baseline = normalizedDump(m_settings);
    ASSERT_TRUE(
        m_probe->exec("ALTER TABLE research_results ADD COLUMN priority integer NOT NULL DEFAULT 0;"
                      "CREATE INDEX idx_research_results_priority ON research_results (priority DESC);"));
    const QString handBuilt = normalizedDump(m_settings);
    ASSERT_NE(baseline, handBuilt);

    CliResult diff = cli({ QStringLiteral("diff"), QStringLiteral("--to"), QStringLiteral("connection"),
                             QStringLiteral("--exit-code") },
        m_settings, folder.path());
    EXPECT_EQ(diff.exitCode, 3) << diff.describe();
    EXPECT_TRUE(diff.out.contains(QLatin1String("priority"))) << diff.describe();
    EXPECT_TRUE(diff.out.contains(QLatin1String("idx_research_results_priority"))) << diff.describe();
    EXPECT_FALSE(diff.out.contains(QLatin1String("[DATA LOSS]"))) << diff.describe();

    CliResult generated = cli({ QStringLiteral("generate"), QStringLiteral("AddPriority"),
                                  QStringLiteral("--to"), QStringLiteral("connection") },
        m_settings, folder.path());
    ASSERT_EQ(generated.exitCode, 0) << generated.describe();
    const QStringList files = QDir(folder.path()).entryList({ QStringLiteral("*-AddPriority.sql") });
    ASSERT_EQ(files.size(), 1);
    QFile file(QDir(folder.path()).filePath(files.first()));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    EXPECT_TRUE(text.contains("-- migrate:up")) << text.toStdString();
    EXPECT_TRUE(text.contains("-- migrate:down")) << text.toStdString();
    // Only the down loses data: it drops the added column.
    EXPECT_GT(text.indexOf("-- WARNING: data loss"), text.indexOf("-- migrate:down")) << text.toStdString();

    // A fresh database migrated with the generated file has the hand-built
    // schema; its down brings it back to the migrations' schema.
    const ConnectionSettings fresh = TestCluster::freshDatabase(QStringLiteral("schemacli_fresh"));
    CliResult up = cli({ QStringLiteral("up") }, fresh, folder.path());
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    EXPECT_EQ(normalizedDump(fresh), handBuilt);
    CliResult down = cli({ QStringLiteral("down") }, fresh, folder.path());
    ASSERT_EQ(down.exitCode, 0) << down.describe();
    EXPECT_EQ(normalizedDump(fresh), baseline);

    // Nothing left to generate against the database it now matches.
    ASSERT_EQ(cli({ QStringLiteral("up") }, fresh, folder.path()).exitCode, 0);
    CliResult nothing = cli({ QStringLiteral("generate"), QStringLiteral("Nothing"), QStringLiteral("--to"),
                                QStringLiteral("connection") },
        fresh, folder.path());
    EXPECT_EQ(nothing.exitCode, 3) << nothing.describe();
    EXPECT_TRUE(nothing.err.contains(QLatin1String("no changes"))) << nothing.describe();
    EXPECT_TRUE(QDir(folder.path()).entryList({ QStringLiteral("*-Nothing.sql") }).isEmpty());
    EXPECT_TRUE(shadowsOnServer().isEmpty());
}

TEST_F(SchemaCliTest, AGeneratedMigrationRebuildsFunctionsAggregatesAndPoliciesAndListsTheRest)
{
    MigrationFolder folder;
    folder.add(1700000000000, QStringLiteral("Base"), "CREATE TABLE base (id integer PRIMARY KEY);",
        "DROP TABLE base;");
    ASSERT_EQ(cli({ QStringLiteral("up") }, m_settings, folder.path()).exitCode, 0);
    const QString baseline = normalizedDump(m_settings);
    // By hand: a function reading a table that sorts after it, one whose body
    // does not parse, an aggregate used by a view, row level security.
    ASSERT_TRUE(m_probe->exec(
        "SET check_function_bodies = false;"
        "CREATE FUNCTION a_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM public.z_items';"
        "CREATE FUNCTION broken() RETURNS integer LANGUAGE plpgsql AS $$ BEGIN RETURN ( ; END $$;"
        "CREATE TABLE z_items (id integer PRIMARY KEY, owner text) WITH (fillfactor = 60);"
        "CREATE FUNCTION add_int(integer, integer) RETURNS integer LANGUAGE sql AS 'SELECT $1 + $2';"
        "CREATE AGGREGATE total(integer) (SFUNC = add_int, STYPE = integer, INITCOND = '0');"
        "CREATE VIEW item_total AS SELECT total(id) FROM z_items;"
        "ALTER TABLE z_items ENABLE ROW LEVEL SECURITY;"
        "CREATE POLICY mine ON z_items USING (owner = current_user);"));
    const QString handBuilt = normalizedDump(m_settings);

    CliResult generated = cli({ QStringLiteral("generate"), QStringLiteral("ByHand"), QStringLiteral("--to"),
                                  QStringLiteral("connection") },
        m_settings, folder.path());
    ASSERT_EQ(generated.exitCode, 0) << generated.describe();
    const QStringList files = QDir(folder.path()).entryList({ QStringLiteral("*-ByHand.sql") });
    ASSERT_EQ(files.size(), 1);
    QFile file(QDir(folder.path()).filePath(files.first()));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    EXPECT_TRUE(text.contains("\nSET LOCAL check_function_bodies = false;\n")) << text.toStdString();

    const ConnectionSettings fresh = TestCluster::freshDatabase(QStringLiteral("schemacli_fresh"));
    CliResult up = cli({ QStringLiteral("up") }, fresh, folder.path());
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    EXPECT_EQ(normalizedDump(fresh), handBuilt);
    CliResult down = cli({ QStringLiteral("down") }, fresh, folder.path());
    ASSERT_EQ(down.exitCode, 0) << down.describe();
    EXPECT_EQ(normalizedDump(fresh), baseline);

    // What the model does not hold is listed, in the text and in the JSON.
    ASSERT_TRUE(m_probe->exec("CREATE RULE keep AS ON DELETE TO z_items DO INSTEAD NOTHING;"
                              "ALTER TABLE z_items REPLICA IDENTITY FULL;"));
    CliResult json = cli({ QStringLiteral("diff"), QStringLiteral("--to"), QStringLiteral("connection"),
                             QStringLiteral("--json") },
        m_settings, folder.path());
    const QJsonArray notCompared = jsonOf(json).value(QStringLiteral("notCompared")).toArray();
    EXPECT_TRUE(notCompared.contains(QStringLiteral("rule keep on public.z_items"))) << json.describe();
    EXPECT_TRUE(notCompared.contains(QStringLiteral("replica identity of public.z_items")))
        << json.describe();
    CliResult plain = cli({ QStringLiteral("diff"), QStringLiteral("--to"), QStringLiteral("connection") },
        m_settings, folder.path());
    EXPECT_TRUE(plain.out.contains(QLatin1String("--   replica identity of public.z_items")))
        << plain.describe();
    EXPECT_TRUE(shadowsOnServer().isEmpty());
}

TEST_F(SchemaCliTest, GenerateMarksDataLossAndTheLintFindingsItTriggers)
{
    MigrationFolder folder;
    folder.add(1700000000000, QStringLiteral("CreateItems"),
        "CREATE TABLE items (id int PRIMARY KEY, sku text, legacy_code text);", "DROP TABLE items;");
    ASSERT_EQ(cli({ QStringLiteral("up") }, m_settings, folder.path()).exitCode, 0);
    ASSERT_TRUE(m_probe->exec("ALTER TABLE items DROP COLUMN legacy_code"));

    CliResult diff = cli({ QStringLiteral("diff"), QStringLiteral("--to"), QStringLiteral("connection"),
                             QStringLiteral("--json") },
        m_settings, folder.path());
    ASSERT_EQ(diff.exitCode, 0) << diff.describe();
    const QJsonObject root = jsonOf(diff);
    EXPECT_TRUE(root[QLatin1String("dataLoss")].toBool()) << diff.describe();
    EXPECT_TRUE(root[QLatin1String("upSql")].toString().contains(QLatin1String("legacy_code")))
        << diff.describe();

    CliResult generated = cli({ QStringLiteral("generate"), QStringLiteral("DropLegacyCode"),
                                  QStringLiteral("--to"), QStringLiteral("connection") },
        m_settings, folder.path());
    ASSERT_EQ(generated.exitCode, 0) << generated.describe();
    EXPECT_TRUE(generated.out.contains(QLatin1String("[DATA LOSS]"))) << generated.describe();
    EXPECT_TRUE(generated.out.contains(QLatin1String("[drop-column]"))) << generated.describe();
    const QStringList files = QDir(folder.path()).entryList({ QStringLiteral("*-DropLegacyCode.sql") });
    ASSERT_EQ(files.size(), 1);
    QFile file(QDir(folder.path()).filePath(files.first()));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    const qsizetype warning = text.indexOf("-- WARNING: data loss");
    ASSERT_GE(warning, 0) << text.toStdString();
    EXPECT_LT(warning, text.indexOf("-- migrate:down")) << "the warning sits in the up section";
}

// diff --from DB --to DB reads both schemas at once, each on its own thread
// and connection; the result is the same diff, and a side that cannot be read
// is named, whichever thread read it.
TEST_F(SchemaCliTest, TwoLiveDatabasesAreReadAtOnceAndAFailingSideIsNamed)
{
    const ConnectionSettings other = TestCluster::freshDatabase(QStringLiteral("schemacli"));
    DbProbe otherProbe(other);
    ASSERT_TRUE(otherProbe.ok());
    ASSERT_TRUE(otherProbe.exec("CREATE TABLE public.accounts (id integer PRIMARY KEY)"));
    ASSERT_TRUE(m_probe->exec("CREATE TABLE public.accounts (id integer PRIMARY KEY, email text NOT NULL);"
                              "CREATE INDEX accounts_email ON public.accounts (email)"));
    // The cluster listens on a socket folder: the URI names it as a parameter.
    auto uri = [](const ConnectionSettings &s, const QString &database) {
        return QStringLiteral("postgresql:///%1?host=%2&port=%3&user=%4")
            .arg(database, QString::fromLatin1(QUrl::toPercentEncoding(s.host)), QString::number(s.port),
                QString::fromLatin1(QUrl::toPercentEncoding(s.user)));
    };
    MigrationFolder folder;
    CliResult diff = cli({ QStringLiteral("diff"), QStringLiteral("--from"), uri(other, other.database),
                             QStringLiteral("--to"), QStringLiteral("connection"), QStringLiteral("--down") },
        m_settings, folder.path());
    ASSERT_EQ(diff.exitCode, 0) << diff.describe();
    EXPECT_TRUE(diff.out.contains(QLatin1String("ADD COLUMN email text NOT NULL"))) << diff.describe();
    EXPECT_TRUE(diff.out.contains(QLatin1String("CREATE INDEX accounts_email"))) << diff.describe();
    EXPECT_TRUE(diff.out.contains(QLatin1String("DROP COLUMN email"))) << diff.describe();

    CliResult same
        = cli({ QStringLiteral("diff"), QStringLiteral("--from"), uri(other, other.database),
                  QStringLiteral("--to"), uri(other, other.database), QStringLiteral("--exit-code") },
            m_settings, folder.path());
    EXPECT_EQ(same.exitCode, 0) << same.describe();
    EXPECT_TRUE(same.out.contains(QLatin1String("No differences"))) << same.describe();

    const QString missing = uri(other, QStringLiteral("strata_no_such_database"));
    CliResult fromMissing = cli({ QStringLiteral("diff"), QStringLiteral("--from"), missing,
                                    QStringLiteral("--to"), QStringLiteral("connection") },
        m_settings, folder.path());
    EXPECT_EQ(fromMissing.exitCode, 1) << fromMissing.describe();
    EXPECT_TRUE(fromMissing.err.contains(QLatin1String("strata_no_such_database"))) << fromMissing.describe();
    CliResult toMissing = cli({ QStringLiteral("diff"), QStringLiteral("--from"),
                                  QStringLiteral("connection"), QStringLiteral("--to"), missing },
        m_settings, folder.path());
    EXPECT_EQ(toMissing.exitCode, 1) << toMissing.describe();
    EXPECT_TRUE(toMissing.err.contains(QLatin1String("strata_no_such_database"))) << toMissing.describe();
}

// Debian's PostgreSQL 15.20 records pg_attver=<n> in every column's attoptions,
// a different number in each database: the server's own entry, nobody's DDL.
// Written here into the catalog by hand, so the test says the same on any server.
TEST_F(SchemaCliTest, TheServersOwnColumnOptionsAreNoDifferenceAndAUsersAre)
{
    const ConnectionSettings other = TestCluster::freshDatabase(QStringLiteral("schemacli"));
    DbProbe otherProbe(other);
    ASSERT_TRUE(otherProbe.ok());
    for (DbProbe *probe : { &otherProbe, m_probe.get() })
        ASSERT_TRUE(probe->exec("CREATE TABLE public.accounts (id integer PRIMARY KEY, email text);"
                                "CREATE VIEW public.emails AS SELECT email FROM public.accounts"));
    ASSERT_TRUE(otherProbe.exec(
        "UPDATE pg_catalog.pg_attribute SET attoptions = pg_catalog.array_append(attoptions, "
        "'pg_attver=4711')"
        " WHERE attrelid IN ('public.accounts'::regclass, 'public.emails'::regclass) AND attnum > 0"));
    auto uri = [](const ConnectionSettings &s) {
        return QStringLiteral("postgresql:///%1?host=%2&port=%3&user=%4")
            .arg(s.database, QString::fromLatin1(QUrl::toPercentEncoding(s.host)), QString::number(s.port),
                QString::fromLatin1(QUrl::toPercentEncoding(s.user)));
    };
    MigrationFolder folder;
    const CliResult same
        = cli({ QStringLiteral("diff"), QStringLiteral("--from"), uri(other), QStringLiteral("--to"),
                  QStringLiteral("connection"), QStringLiteral("--exit-code") },
            m_settings, folder.path());
    EXPECT_EQ(same.exitCode, 0) << same.describe();
    EXPECT_TRUE(same.out.contains(QLatin1String("No differences"))) << same.describe();

    ASSERT_TRUE(otherProbe.exec("ALTER TABLE public.accounts ALTER COLUMN email SET (n_distinct = 100)"));
    const CliResult differs = cli({ QStringLiteral("diff"), QStringLiteral("--from"), uri(other),
                                      QStringLiteral("--to"), QStringLiteral("connection") },
        m_settings, folder.path());
    EXPECT_EQ(differs.exitCode, 0) << differs.describe();
    EXPECT_TRUE(differs.out.contains(QLatin1String("RESET (n_distinct)"))) << differs.describe();
    EXPECT_FALSE(differs.out.contains(QLatin1String("pg_attver"))) << differs.describe();
}

TEST_F(SchemaCliTest, BadSourcesAndRenamesAreUsageErrors)
{
    MigrationFolder folder;
    CliResult noTo = cli({ QStringLiteral("diff") }, m_settings, folder.path());
    EXPECT_EQ(noTo.exitCode, 2) << noTo.describe();
    EXPECT_TRUE(noTo.err.contains(QLatin1String("--to"))) << noTo.describe();
    CliResult missing
        = cli({ QStringLiteral("diff"), QStringLiteral("--to"), QStringLiteral("/nowhere/schema.sql") },
            m_settings, folder.path());
    EXPECT_NE(missing.exitCode, 0);
    EXPECT_TRUE(missing.err.contains(QLatin1String("/nowhere/schema.sql"))) << missing.describe();
    CliResult rename = cli({ QStringLiteral("diff"), QStringLiteral("--to"), QStringLiteral("connection"),
                               QStringLiteral("--rename"), QStringLiteral("a=b") },
        m_settings, folder.path());
    EXPECT_EQ(rename.exitCode, 2) << rename.describe();
    EXPECT_TRUE(rename.err.contains(QLatin1String("matches no rename candidate"))) << rename.describe();
    CliResult wrongCommand
        = cli({ QStringLiteral("status"), QStringLiteral("--from"), QStringLiteral("migrations") },
            m_settings, folder.path());
    EXPECT_EQ(wrongCommand.exitCode, 2);
}

TEST_F(SchemaCliTest, RenameCandidatesAreOfferedAndAppliedOnlyWhenAccepted)
{
    MigrationFolder folder;
    folder.add(1700000000000, QStringLiteral("CreatePeople"),
        "CREATE TABLE people (id int PRIMARY KEY, nick text);", "DROP TABLE people;");
    ASSERT_EQ(cli({ QStringLiteral("up") }, m_settings, folder.path()).exitCode, 0);
    ASSERT_TRUE(m_probe->exec("ALTER TABLE people RENAME COLUMN nick TO handle"));

    CliResult offered = cli({ QStringLiteral("diff"), QStringLiteral("--to"), QStringLiteral("connection") },
        m_settings, folder.path());
    ASSERT_EQ(offered.exitCode, 0) << offered.describe();
    EXPECT_TRUE(offered.out.contains(QLatin1String("Possible rename: column"))) << offered.describe();
    EXPECT_TRUE(offered.out.contains(QLatin1String("DROP COLUMN nick"))) << "not renamed unless accepted\n"
                                                                         << offered.describe();

    CliResult accepted = cli({ QStringLiteral("diff"), QStringLiteral("--to"), QStringLiteral("connection"),
                                 QStringLiteral("--rename"), QStringLiteral("people.nick=people.handle") },
        m_settings, folder.path());
    ASSERT_EQ(accepted.exitCode, 0) << accepted.describe();
    EXPECT_TRUE(accepted.out.contains(QLatin1String("RENAME COLUMN nick TO handle"))) << accepted.describe();
    EXPECT_FALSE(accepted.out.contains(QLatin1String("DROP COLUMN"))) << accepted.describe();
    EXPECT_FALSE(accepted.out.contains(QLatin1String("Possible rename"))) << accepted.describe();
}

// Issue 14: the rename DDL split the quoted name on its first '.', so a schema
// named `s.x; DROP TABLE victim; --` broke out of its quotes.
TEST_F(SchemaCliTest, RenameDdlKeepsAQuotedSchemaHoldingADotInItsQuotes)
{
    const QString schema = QStringLiteral("\"s.x; DROP TABLE victim; --\"");
    MigrationFolder folder;
    folder.add(1700000000000, QStringLiteral("CreateT"),
        QStringLiteral("CREATE SCHEMA %1;\nCREATE TABLE %1.t (id int, note text);").arg(schema).toUtf8(),
        QStringLiteral("DROP SCHEMA %1 CASCADE;").arg(schema).toUtf8());
    ASSERT_EQ(cli({ QStringLiteral("up") }, m_settings, folder.path()).exitCode, 0);
    ASSERT_TRUE(m_probe->exec(QStringLiteral("ALTER TABLE %1.t RENAME TO t2").arg(schema).toUtf8()));

    const CliResult r = cli({ QStringLiteral("diff"), QStringLiteral("--to"), QStringLiteral("connection"),
                                QStringLiteral("--rename"), QStringLiteral("%1.t=%1.t2").arg(schema) },
        m_settings, folder.path());
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    const QString rename = QStringLiteral("ALTER TABLE %1.t RENAME TO t2;").arg(schema);
    EXPECT_TRUE(r.out.contains(rename)) << r.describe();
    EXPECT_FALSE(r.out.contains(QLatin1String("RENAME TO x;"))) << r.describe();

    // Run where the migrations ran: it renames the table and drops nothing.
    const ConnectionSettings other = TestCluster::freshDatabase(QStringLiteral("renamed"));
    DbProbe probe(other);
    ASSERT_EQ(cli({ QStringLiteral("up") }, other, folder.path()).exitCode, 0);
    ASSERT_TRUE(probe.exec("CREATE TABLE victim (id int)"));
    EXPECT_TRUE(probe.exec(rename.toUtf8()));
    EXPECT_TRUE(probe.tableExists(QStringLiteral("victim")));
    EXPECT_EQ(probe.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 's.x; DROP TABLE victim; --' "
                           "AND tablename = 't2'"),
        QStringLiteral("1"));
}

TEST_F(SchemaCliTest, ASchemaFileFromPgDumpDiffsEmptyAgainstItsDatabase)
{
    // `varchar IN (...)` in a check, an index predicate and a view: the server
    // deparses them differently once reloaded from the dump, and still they
    // are the same (DeparseCanonicalizer).
    MigrationFolder folder;
    folder.add(1700000000000, QStringLiteral("Shop"),
        "CREATE TYPE state AS ENUM ('new', 'paid');\n"
        "CREATE TABLE customers (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE,\n"
        "    CONSTRAINT email_has_at CHECK (position('@' in email) > 0));\n"
        "CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers "
        "(id)\n"
        "    ON DELETE CASCADE, state state NOT NULL DEFAULT 'new', total numeric(12, 2),\n"
        "    updated_at timestamptz NOT NULL DEFAULT now(),\n"
        "    channel varchar(10) NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'shop', 'phone')));\n"
        "CREATE INDEX orders_open ON orders (customer_id) WHERE state = 'new';\n"
        "CREATE INDEX orders_remote ON orders (customer_id) WHERE channel IN ('web', 'phone');\n"
        "CREATE VIEW open_orders AS SELECT id, customer_id FROM orders WHERE state = 'new' AND channel IN "
        "('web', 'shop');\n"
        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); "
        "RETURN NEW; END $$;\n"
        "CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();",
        "DROP VIEW open_orders; DROP TABLE orders; DROP FUNCTION touch(); DROP TABLE customers; DROP TYPE "
        "state;");
    ASSERT_EQ(cli({ QStringLiteral("up") }, m_settings, folder.path()).exitCode, 0);
    QProcess dump;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGPASSWORD"), m_settings.password);
    dump.setProcessEnvironment(env);
    const QString schemaFile = QDir(folder.path()).filePath(QStringLiteral("dump/schema.sql"));
    QDir(folder.path()).mkdir(QStringLiteral("dump"));
    dump.start(SandboxCluster::postgresBinDir() + QStringLiteral("/pg_dump"),
        { QStringLiteral("--schema-only"), QStringLiteral("--no-owner"), QStringLiteral("-T"),
            QStringLiteral("migrations*"), QStringLiteral("-h"), m_settings.host, QStringLiteral("-p"),
            QString::number(m_settings.port), QStringLiteral("-U"), m_settings.user, QStringLiteral("-f"),
            schemaFile, m_settings.database });
    ASSERT_TRUE(dump.waitForFinished(60000));
    ASSERT_EQ(dump.exitCode(), 0) << dump.readAllStandardError().toStdString();

    CliResult same
        = cli({ QStringLiteral("diff"), QStringLiteral("--from"), schemaFile, QStringLiteral("--to"),
                  QStringLiteral("connection"), QStringLiteral("--exit-code") },
            m_settings, folder.path());
    EXPECT_EQ(same.exitCode, 0) << same.describe();
    EXPECT_TRUE(same.out.contains(QLatin1String("No differences"))) << same.describe();
    // And the migrations folder replayed equals the file too.
    CliResult replay
        = cli({ QStringLiteral("diff"), QStringLiteral("--to"), schemaFile, QStringLiteral("--exit-code") },
            m_settings, folder.path());
    EXPECT_EQ(replay.exitCode, 0) << replay.describe();
    EXPECT_TRUE(shadowsOnServer().isEmpty());
}

TEST_F(SchemaCliTest, VerifyAsARoleWithoutCreatedbUsesALocalSandbox)
{
    ASSERT_TRUE(m_probe->exec("CREATE ROLE verify_plain LOGIN PASSWORD 'plain-pw' NOCREATEDB"));
    ConnectionSettings plain = m_settings;
    plain.user = QStringLiteral("verify_plain");
    plain.password = QStringLiteral("plain-pw");
    CliResult r = cli({ QStringLiteral("verify") }, plain, QStringLiteral(STRATA_SOURCE_DIR "/migrations"));
    EXPECT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_TRUE(r.out.contains(QLatin1String("temporary local sandbox"))) << r.describe();
    EXPECT_TRUE(r.out.contains(QLatin1String("3 ok"))) << r.describe();
    EXPECT_TRUE(shadowsOnServer().isEmpty());
    m_probe->exec("DROP ROLE verify_plain");
}

TEST_F(SchemaCliTest, AShadowStartsWithTheTargetsExtensionsSoATypeOrmChainUsingUuidGenerateV4Verifies)
{
    // TypeORM's driver creates uuid-ossp when it connects; the migrations it
    // generates call uuid_generate_v4() without creating it. On a database
    // without it the failure names the extension and both fixes.
    const QString chain = QStringLiteral(STRATA_SOURCE_DIR "/tests/typeorm/compat/v0.3/migrations");
    CliResult missing = cli({ QStringLiteral("verify") }, m_settings, chain);
    EXPECT_EQ(missing.exitCode, 1) << missing.describe();
    EXPECT_TRUE(missing.err.contains(QLatin1String("function uuid_generate_v4() does not exist")))
        << missing.describe();
    EXPECT_TRUE(missing.err.contains(QLatin1String("it belongs to the extension \"uuid-ossp\"")))
        << missing.describe();
    EXPECT_TRUE(missing.err.contains(QLatin1String("CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\";")))
        << missing.describe();

    ASSERT_TRUE(m_probe->exec("CREATE EXTENSION \"uuid-ossp\""));
    CliResult verify = cli({ QStringLiteral("verify") }, m_settings, chain);
    ASSERT_EQ(verify.exitCode, 0) << verify.describe();
    EXPECT_TRUE(verify.out.contains(QLatin1String("4 migration(s) verified: 4 ok, 0 failed")))
        << verify.describe();
    EXPECT_TRUE(verify.out.contains(QLatin1String("starting from extensions uuid-ossp")))
        << verify.describe();
    EXPECT_TRUE(shadowsOnServer().isEmpty());

    // Replayed as a schema, both shadows start with uuid-ossp: the chain diffs
    // empty against itself, and the extension is no difference.
    CliResult diff = cli({ QStringLiteral("diff"), QStringLiteral("--from"), chain, QStringLiteral("--to"),
                             QStringLiteral("migrations"), QStringLiteral("--exit-code") },
        m_settings, chain);
    EXPECT_EQ(diff.exitCode, 0) << diff.describe();
    EXPECT_TRUE(shadowsOnServer().isEmpty());
}

TEST_F(SchemaCliTest, AnExtensionTheChainCreatesItselfIsLeftToTheChain)
{
    // The target has both; the chain relies on uuid-ossp and creates pg_trgm
    // itself, without IF NOT EXISTS: copying pg_trgm too would break it.
    ASSERT_TRUE(m_probe->exec("CREATE EXTENSION \"uuid-ossp\"; CREATE EXTENSION pg_trgm;"));
    MigrationFolder folder;
    folder.add(1700000000000, QStringLiteral("CreateItems"),
        "CREATE TABLE items (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), name text);",
        "DROP TABLE items;");
    folder.add(1700000000001, QStringLiteral("Trigram"),
        "CREATE EXTENSION pg_trgm;\nCREATE INDEX items_name_trgm ON items USING gin (name gin_trgm_ops);",
        "DROP INDEX items_name_trgm;\nDROP EXTENSION pg_trgm;");
    CliResult verify = cli({ QStringLiteral("verify") }, m_settings, folder.path());
    ASSERT_EQ(verify.exitCode, 0) << verify.describe();
    EXPECT_TRUE(verify.out.contains(QLatin1String("2 migration(s) verified: 2 ok, 0 failed")))
        << verify.describe();
    EXPECT_TRUE(verify.out.contains(QLatin1String("starting from extensions uuid-ossp")))
        << verify.describe();
    EXPECT_FALSE(verify.out.contains(QLatin1String("pg_trgm 1."))) << verify.describe();
    EXPECT_TRUE(shadowsOnServer().isEmpty());
}

TEST_F(SchemaCliTest, AnExtensionTheShadowsServerDoesNotHaveIsNamedWithWhatToDo)
{
    // A target on a server built with PostGIS, seen from one without it: this
    // server has no postgis, so an extension row is made to claim that name
    // (citext's, renamed in the catalog of this throwaway database).
    ASSERT_TRUE(m_probe->exec("CREATE EXTENSION citext"));
    ASSERT_TRUE(m_probe->exec("UPDATE pg_catalog.pg_extension SET extname = 'postgis', extversion = '3.4.2' "
                              "WHERE extname = 'citext'"));
    MigrationFolder folder;
    folder.add(1700000000000, QStringLiteral("CreateItems"), "CREATE TABLE items (id int PRIMARY KEY);",
        "DROP TABLE items;");
    CliResult verify = cli({ QStringLiteral("verify") }, m_settings, folder.path());
    EXPECT_EQ(verify.exitCode, 1) << verify.describe();
    EXPECT_TRUE(verify.err.contains(QLatin1String("the extension \"postgis\" (version 3.4.2)")))
        << verify.describe();
    EXPECT_TRUE(verify.err.contains(QLatin1String("not in pg_available_extensions"))) << verify.describe();
    EXPECT_TRUE(verify.err.contains(QLatin1String("install the extension's package"))) << verify.describe();
    EXPECT_TRUE(shadowsOnServer().isEmpty());
}
