// strata-cli on a TypeORM project folder (--project, or found in the working
// folder): the data source's connection, history table and transaction mode,
// TypeORM's migrations as Strata's, and TypeORM's history behaviours. Real
// processes and the real server; the TypeORM CLI itself is in the compat tests.
#include "integration/CliProcess.h"
#include "support/DbProbe.h"
#include "support/TestCluster.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

QByteArray migrationTs(
    const QByteArray &className, const QList<QByteArray> &up, const QList<QByteArray> &down)
{
    QByteArray text = "import { MigrationInterface, QueryRunner } from \"typeorm\";\n\nexport class "
        + className + " implements MigrationInterface {\n    name = '" + className
        + "'\n\n    public async up(queryRunner: QueryRunner): Promise<void> {\n";
    for (const QByteArray &sql : up)
        text += "        await queryRunner.query(`" + sql + "`);\n";
    text += "    }\n\n    public async down(queryRunner: QueryRunner): Promise<void> {\n";
    for (const QByteArray &sql : down)
        text += "        await queryRunner.query(`" + sql + "`);\n";
    return text + "    }\n}\n";
}

class TypeOrmProjectCliTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        m_settings = TestCluster::freshDatabase(QStringLiteral("tproj"));
        m_probe = std::make_unique<DbProbe>(m_settings);
        writeDataSource({});
    }

    void write(const QString &relative, const QByteArray &bytes)
    {
        const QString path = QDir(m_dir.path()).filePath(relative);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
    }

    void writeDataSource(const QByteArray &extra)
    {
        write(QStringLiteral("src/data-source.ts"),
            "import 'reflect-metadata';\nimport { config } from 'dotenv';\nimport { DataSource } from "
            "'typeorm';\n\nconfig();\n\nexport const AppDataSource = new DataSource({\n  type: 'postgres',\n"
            "  host: process.env.DB_HOST || 'localhost',\n  port: parseInt(process.env.DB_PORT || '5432'),\n"
            "  username: process.env.DB_USERNAME || 'postgres',\n  password: process.env.DB_PASSWORD,\n"
            "  database: process.env.DB_DATABASE || 'app',\n  migrations: [__dirname + "
            "'/migrations/*{.ts,.js}'],\n"
                + extra + "});\n");
    }

    void addMigration(
        qint64 timestamp, const QByteArray &name, const QList<QByteArray> &up, const QList<QByteArray> &down)
    {
        write(QStringLiteral("src/migrations/%1-%2.ts").arg(timestamp).arg(QString::fromLatin1(name)),
            migrationTs(name + QByteArray::number(timestamp), up, down));
    }

    // The connection reaches Strata only through the data source: DB_* in the
    // environment (the password too), no PG* variables, no connection flags.
    QStringList environment() const
    {
        QStringList env;
        for (const QString &e : QProcessEnvironment::systemEnvironment().toStringList())
            if (!e.startsWith(QLatin1String("PG")) && !e.startsWith(QLatin1String("DB_")))
                env << e;
        env << QStringLiteral("DB_HOST=") + m_settings.host
            << QStringLiteral("DB_PORT=%1").arg(m_settings.port)
            << QStringLiteral("DB_USERNAME=") + m_settings.user
            << QStringLiteral("DB_DATABASE=") + m_settings.database
            << QStringLiteral("DB_PASSWORD=") + m_settings.password;
        return env;
    }

    CliResult cli(QStringList args)
    {
        args.prepend(m_dir.path());
        args.prepend(QStringLiteral("--project"));
        return CliProcess::run(args, environment());
    }

    QJsonArray statusMigrations()
    {
        const CliResult r = cli({ QStringLiteral("status"), QStringLiteral("--json") });
        EXPECT_EQ(r.exitCode, 0) << r.describe();
        return QJsonDocument::fromJson(r.out.toUtf8()).object().value(QLatin1String("migrations")).toArray();
    }

    static QString state(const QJsonArray &migrations, int i)
    {
        return migrations[i].toObject().value(QLatin1String("state")).toString();
    }

    QTemporaryDir m_dir;
    ConnectionSettings m_settings;
    std::unique_ptr<DbProbe> m_probe;
};

} // namespace

TEST_F(TypeOrmProjectCliTest, StatusUpDownThroughTheDataSource)
{
    addMigration(1700000000000, "AddUsers", { "CREATE TABLE \"users\" (\"id\" SERIAL PRIMARY KEY)" },
        { "DROP TABLE \"users\"" });
    addMigration(1700000000001, "AddPosts",
        { "CREATE TABLE \"posts\" (\"id\" SERIAL PRIMARY KEY, \"userId\" integer REFERENCES \"users\")",
            "CREATE INDEX \"IDX_posts_user\" ON \"posts\" (\"userId\")" },
        { "DROP INDEX \"IDX_posts_user\"", "DROP TABLE \"posts\"" });
    QJsonArray before = statusMigrations();
    ASSERT_EQ(before.size(), 2);
    EXPECT_EQ(before[0].toObject().value(QLatin1String("name")).toString(),
        QStringLiteral("AddUsers1700000000000"));
    EXPECT_EQ(state(before, 0), QStringLiteral("pending"));
    EXPECT_TRUE(before[0]
                    .toObject()
                    .value(QLatin1String("file"))
                    .toString()
                    .endsWith(QLatin1String("1700000000000-AddUsers.ts")));

    const CliResult up = cli({ QStringLiteral("up") });
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    EXPECT_TRUE(up.err.contains(QLatin1String("TypeORM project: "))) << up.describe();
    EXPECT_FALSE(up.out.contains(m_settings.password) || up.err.contains(m_settings.password));
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("posts")));
    EXPECT_EQ(m_probe->column("SELECT name FROM migrations ORDER BY id"),
        (QStringList { QStringLiteral("AddUsers1700000000000"), QStringLiteral("AddPosts1700000000001") }));
    const QJsonArray after = statusMigrations();
    EXPECT_EQ(state(after, 1), QStringLiteral("applied"));
    EXPECT_EQ(after[1].toObject().value(QLatin1String("checksumState")).toString(), QStringLiteral("ok"));

    const CliResult down = cli({ QStringLiteral("down") });
    ASSERT_EQ(down.exitCode, 0) << down.describe();
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("posts")));
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("users")));
}

TEST_F(TypeOrmProjectCliTest, PreflightChecksTheProjectsMigrations)
{
    addMigration(1700000000000, "AddUsers", { "CREATE TABLE \"users\" (\"id\" SERIAL PRIMARY KEY)" },
        { "DROP TABLE \"users\"" });
    const CliResult before = cli({ QStringLiteral("preflight") });
    EXPECT_EQ(before.exitCode, 0) << before.describe();
    EXPECT_TRUE(before.out.contains(QLatin1String("1 migration to apply"))) << before.describe();
    EXPECT_TRUE(before.out.contains(QLatin1String("1700000000000-AddUsers.ts"))) << before.describe();
    ASSERT_EQ(cli({ QStringLiteral("up") }).exitCode, 0);
    const CliResult revert = cli({ QStringLiteral("preflight"), QStringLiteral("--down") });
    EXPECT_EQ(revert.exitCode, 0) << revert.describe();
    EXPECT_TRUE(revert.out.contains(QLatin1String("1 migration to revert"))) << revert.describe();
    EXPECT_FALSE(revert.out.contains(QLatin1String("BLOCKER")))
        << "applied TypeORM migrations are not drift" << revert.describe();
}

TEST_F(TypeOrmProjectCliTest, HistoryTableAndSchemaFromTheDataSource)
{
    ASSERT_TRUE(m_probe->exec("CREATE SCHEMA app"));
    writeDataSource("  schema: 'app',\n  migrationsTableName: 'typeorm_history',\n");
    addMigration(1700000000000, "AddUsers", { "CREATE TABLE \"app\".\"users\" (\"id\" SERIAL PRIMARY KEY)" },
        { "DROP TABLE \"app\".\"users\"" });
    const CliResult up = cli({ QStringLiteral("up") });
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    EXPECT_EQ(
        m_probe->scalar("SELECT name FROM app.typeorm_history"), QStringLiteral("AddUsers1700000000000"));
    EXPECT_EQ(m_probe->scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'migrations'"),
        QStringLiteral("0"));
}

TEST_F(TypeOrmProjectCliTest, TransactionModeAllIsOneTransactionForTheBatch)
{
    addMigration(1700000000000, "AddUsers", { "CREATE TABLE \"users\" (\"id\" SERIAL PRIMARY KEY)" },
        { "DROP TABLE \"users\"" });
    addMigration(1700000000001, "Broken", { "ALTER TABLE \"nope\" ADD \"x\" integer" }, { "SELECT 1" });

    // Strata's default (and "each"): the first migration stays applied.
    const CliResult each = cli({ QStringLiteral("up") });
    EXPECT_EQ(each.exitCode, 1) << each.describe();
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("users")));
    EXPECT_EQ(m_probe->historyCount(), 1);
    ASSERT_EQ(cli({ QStringLiteral("down") }).exitCode, 0);

    // migrationsTransactionMode: 'all', as TypeORM: the failure takes the whole batch back.
    writeDataSource("  migrationsTransactionMode: 'all',\n");
    const CliResult all = cli({ QStringLiteral("up") });
    EXPECT_EQ(all.exitCode, 1) << all.describe();
    EXPECT_TRUE(all.err.contains(QLatin1String("transaction mode all"))) << all.describe();
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("users")));
    EXPECT_EQ(m_probe->historyCount(), 0);
}

TEST_F(TypeOrmProjectCliTest, ParametersAreShownAndRefused)
{
    addMigration(
        1700000000000, "AddRoles", { "CREATE TABLE \"roles\" (\"name\" text)" }, { "DROP TABLE \"roles\"" });
    write(QStringLiteral("src/migrations/1700000000001-SeedRoles.ts"),
        "export class SeedRoles1700000000001 {\n    async up(queryRunner) {\n"
        "        await queryRunner.query(`INSERT INTO \"roles\" VALUES ($1)`, ['admin']);\n    }\n"
        "    async down(queryRunner) {\n        await queryRunner.query(`DELETE FROM \"roles\"`);\n    "
        "}\n}\n");
    const QJsonArray status = statusMigrations();
    ASSERT_EQ(status.size(), 2);
    EXPECT_EQ(state(status, 1), QStringLiteral("pending"));
    EXPECT_TRUE(status[1]
                    .toObject()
                    .value(QLatin1String("refusal"))
                    .toString()
                    .contains(QLatin1String("parameters")));

    const CliResult up = cli({ QStringLiteral("up") });
    EXPECT_EQ(up.exitCode, 1) << up.describe();
    EXPECT_TRUE(up.err.contains(QLatin1String("1700000000001-SeedRoles.ts:3:"))) << up.describe();
    EXPECT_TRUE(up.err.contains(QLatin1String("SeedRoles1700000000001 cannot be run by Strata")))
        << up.describe();
    // Refused before anything ran.
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("roles")));

    // What comes before it can still be applied on its own.
    const CliResult first = cli({ QStringLiteral("up"), QStringLiteral("--to"), QStringLiteral("AddRoles") });
    EXPECT_EQ(first.exitCode, 0) << first.describe();
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("roles")));
}

TEST_F(TypeOrmProjectCliTest, TypeOrmsHistoryRowsAreReadAsTheyAre)
{
    addMigration(1700000000000, "AddUsers", { "CREATE TABLE \"users\" (\"id\" SERIAL PRIMARY KEY)" },
        { "DROP TABLE \"users\"" });
    addMigration(1700000000005, "AddPosts", { "CREATE TABLE \"posts\" (\"id\" SERIAL PRIMARY KEY)" },
        { "DROP TABLE \"posts\"" });
    addMigration(1700000000009, "AddTags", { "CREATE TABLE \"tags\" (\"id\" SERIAL PRIMARY KEY)" },
        { "DROP TABLE \"tags\"" });
    // What TypeORM's MigrationExecutor leaves: its table, its rows, no companion.
    // It applied AddTags, then (run from an older branch) AddUsers, out of order.
    ASSERT_TRUE(m_probe->exec(
        "CREATE TABLE \"migrations\" (\"id\" SERIAL NOT NULL, \"timestamp\" bigint NOT NULL, \"name\" "
        "character "
        "varying NOT NULL, CONSTRAINT \"PK_8c82d7f526340ab734260ea46be\" PRIMARY KEY (\"id\"));"
        "CREATE TABLE \"tags\" (\"id\" SERIAL PRIMARY KEY); CREATE TABLE \"users\" (\"id\" SERIAL PRIMARY "
        "KEY);"
        "INSERT INTO \"migrations\"(\"timestamp\", \"name\") VALUES (1700000000009, 'AddTags1700000000009');"
        "INSERT INTO \"migrations\"(\"timestamp\", \"name\") VALUES (1700000000000, "
        "'AddUsers1700000000000');"));
    const QJsonArray status = statusMigrations();
    ASSERT_EQ(status.size(), 3);
    EXPECT_EQ(state(status, 0), QStringLiteral("applied"));
    EXPECT_EQ(
        status[0].toObject().value(QLatin1String("checksumState")).toString(), QStringLiteral("unknown"));
    // TypeORM would run AddPosts silently; Strata calls it out of order and refuses unless asked.
    EXPECT_EQ(state(status, 1), QStringLiteral("out-of-order"));
    const CliResult refused = cli({ QStringLiteral("up") });
    EXPECT_NE(refused.exitCode, 0) << refused.describe();
    EXPECT_TRUE(refused.err.contains(QLatin1String("AddPosts"))) << refused.describe();
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("posts")));

    // Revert takes the row with the highest id, as TypeORM's does: AddUsers, not AddTags.
    const CliResult down = cli({ QStringLiteral("down") });
    ASSERT_EQ(down.exitCode, 0) << down.describe();
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("users")));
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("tags")));
    EXPECT_EQ(m_probe->column("SELECT name FROM migrations"),
        QStringList { QStringLiteral("AddTags1700000000009") });
}

TEST_F(TypeOrmProjectCliTest, FoundInTheWorkingFolder)
{
    addMigration(1700000000000, "AddUsers", { "CREATE TABLE \"users\" (\"id\" SERIAL PRIMARY KEY)" },
        { "DROP TABLE \"users\"" });
    QProcess p;
    p.setWorkingDirectory(m_dir.path());
    QProcessEnvironment env;
    for (const QString &e : environment())
        env.insert(e.section(QLatin1Char('='), 0, 0), e.section(QLatin1Char('='), 1));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(STRATA_CLI_PATH), { QStringLiteral("up") });
    ASSERT_TRUE(p.waitForFinished(120000));
    EXPECT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("users")));

    // A folder with .sql migrations stays a Strata project.
    QProcessEnvironment pgEnv;
    for (const QString &e : TestCluster::childEnvironment(m_settings))
        pgEnv.insert(e.section(QLatin1Char('='), 0, 0), e.section(QLatin1Char('='), 1));
    p.setProcessEnvironment(pgEnv);
    write(QStringLiteral("migrations/1700000000001-Native.sql"),
        "-- migrate:up\nCREATE TABLE native (id int);\n-- migrate:down\nDROP TABLE native;\n");
    p.start(QStringLiteral(STRATA_CLI_PATH), { QStringLiteral("status"), QStringLiteral("--json") });
    ASSERT_TRUE(p.waitForFinished(120000));
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    EXPECT_TRUE(out.contains(QLatin1String("Native1700000000001")))
        << out.toStdString() << p.readAllStandardError().toStdString();
}

// A folder of TypeORM migrations with no data source next to it, named the way
// real projects name them (camelCase classes, a zero-padded timestamp): every
// command reads it as the app does, given with --migrations or as the working
// folder, and the history rows are TypeORM's.
TEST_F(TypeOrmProjectCliTest, APlainFolderOfTypeOrmFilesIsReadByEveryCommand)
{
    const QString folder = QDir(m_dir.path()).filePath(QStringLiteral("plain"));
    write(QStringLiteral("plain/0000000000001-Initial.ts"),
        migrationTs("Initial0000000000001", { "CREATE TABLE \"accounts\" (\"id\" SERIAL PRIMARY KEY)" },
            { "DROP TABLE \"accounts\"" }));
    // No `name` property: TypeORM takes the class name.
    write(QStringLiteral("plain/1611063162649-initialSchema.ts"),
        "import {MigrationInterface, QueryRunner} from \"typeorm\";\n\n"
        "export class initialSchema1611063162649 implements MigrationInterface {\n"
        "    public async up(queryRunner: QueryRunner): Promise<void> {\n"
        "        await queryRunner.query(`ALTER TABLE \"accounts\" ADD \"email\" character varying`);\n"
        "    }\n\n"
        "    public async down(queryRunner: QueryRunner): Promise<void> {\n"
        "        await queryRunner.query(`ALTER TABLE \"accounts\" DROP COLUMN \"email\"`);\n"
        "    }\n}\n");
    const QStringList env = TestCluster::childEnvironment(m_settings);

    const CliResult status = CliProcess::run(
        { QStringLiteral("--migrations"), folder, QStringLiteral("status"), QStringLiteral("--json") }, env);
    ASSERT_EQ(status.exitCode, 0) << status.describe();
    const QJsonArray listed
        = QJsonDocument::fromJson(status.out.toUtf8()).object().value(QLatin1String("migrations")).toArray();
    ASSERT_EQ(listed.size(), 2) << status.describe();
    EXPECT_EQ(
        listed[0].toObject().value(QLatin1String("name")).toString(), QStringLiteral("Initial0000000000001"));
    EXPECT_EQ(listed[1].toObject().value(QLatin1String("name")).toString(),
        QStringLiteral("initialSchema1611063162649"));

    for (const QString &command : { QStringLiteral("validate"), QStringLiteral("lint") }) {
        const CliResult r = CliProcess::run({ QStringLiteral("--migrations"), folder, command }, env);
        EXPECT_EQ(r.exitCode, 0) << r.describe();
    }
    const CliResult created = CliProcess::run(
        { QStringLiteral("--migrations"), folder, QStringLiteral("new"), QStringLiteral("AddThing") }, env);
    EXPECT_EQ(created.exitCode, 2) << created.describe();
    EXPECT_TRUE(created.err.contains(QLatin1String("TypeORM migrations"))) << created.describe();

    // Inside the folder, no options: the working folder is the one read.
    QProcess p;
    p.setWorkingDirectory(folder);
    QProcessEnvironment processEnv;
    for (const QString &e : env)
        processEnv.insert(e.section(QLatin1Char('='), 0, 0), e.section(QLatin1Char('='), 1));
    p.setProcessEnvironment(processEnv);
    p.start(QStringLiteral(STRATA_CLI_PATH), { QStringLiteral("up") });
    ASSERT_TRUE(p.waitForFinished(120000));
    EXPECT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString()
                               << p.readAllStandardOutput().toStdString();
    // The rows TypeORM itself writes: timestamp 1 for Initial0000000000001.
    EXPECT_EQ(m_probe->column("SELECT \"timestamp\" || ':' || name FROM migrations ORDER BY id"),
        (QStringList { QStringLiteral("1:Initial0000000000001"),
            QStringLiteral("1611063162649:initialSchema1611063162649") }));

    const CliResult drift
        = CliProcess::run({ QStringLiteral("--migrations"), folder, QStringLiteral("drift") }, env);
    EXPECT_EQ(drift.exitCode, 0) << drift.describe();

    // One .sql file among them: refused, both kinds named.
    write(QStringLiteral("plain/1700000000000-Native.sql"), "-- migrate:up\nSELECT 1;\n");
    const CliResult mixed
        = CliProcess::run({ QStringLiteral("--migrations"), folder, QStringLiteral("status") }, env);
    EXPECT_EQ(mixed.exitCode, 1) << mixed.describe();
    EXPECT_TRUE(mixed.err.contains(QLatin1String("1700000000000-Native.sql"))
        && mixed.err.contains(QLatin1String("0000000000001-Initial.ts")))
        << mixed.describe();
}

// lireddit's MockPosts1597424501158 (tests/typeorm/corpus/SOURCES): its up()
// issues no SQL, and TypeORM records it all the same. So does Strata, read
// from the .ts file and from the converted .sql (`-- migrate:up empty:true`).
TEST_F(TypeOrmProjectCliTest, AMigrationWhoseUpRunsNoSqlIsRecordedAsTypeOrmRecordsIt)
{
    const QString chain = QStringLiteral(STRATA_SOURCE_DIR "/tests/typeorm/corpus/lireddit/migrations");
    const CliResult up
        = CliProcess::run({ QStringLiteral("--migrations"), chain, QStringLiteral("up") }, m_settings);
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    const QStringList rows { QStringLiteral("1597424501158:MockPosts1597424501158"),
        QStringLiteral("1597626060117:Initial1597626060117") };
    EXPECT_EQ(m_probe->column("SELECT \"timestamp\" || ':' || name FROM migrations ORDER BY id"), rows);

    QTemporaryDir converted;
    const CliResult import
        = CliProcess::run({ QStringLiteral("import-typeorm"), chain, converted.path() }, m_settings);
    ASSERT_EQ(import.exitCode, 0) << import.describe();
    QFile mock(QDir(converted.path()).filePath(QStringLiteral("1597424501158-MockPosts.sql")));
    ASSERT_TRUE(mock.open(QIODevice::ReadOnly));
    EXPECT_TRUE(mock.readAll().contains("-- migrate:up empty:true\n"));
    const ConnectionSettings other = TestCluster::freshDatabase(QStringLiteral("tprojsql"));
    const CliResult upSql
        = CliProcess::run({ QStringLiteral("--migrations"), converted.path(), QStringLiteral("up") }, other);
    ASSERT_EQ(upSql.exitCode, 0) << upSql.describe();
    EXPECT_EQ(DbProbe(other).column("SELECT \"timestamp\" || ':' || name FROM migrations ORDER BY id"), rows);
}

// A TypeORM migration's SQL is composed from its .ts file; the server's error
// position and lint findings are reported at the .ts line and column.
TEST_F(TypeOrmProjectCliTest, ServerErrorsAndLintFindingsNameTheTsLineAndColumn)
{
    addMigration(1700000000000, "AddUsers", { "CREATE TABLE \"users\" (\"id\" SERIAL PRIMARY KEY)" },
        { "DROP TABLE \"users\"" });
    addMigration(1700000000001, "FillUsers",
        { "DROP TABLE \"users\"", "INSERT INTO \"users\" (\"nope\") VALUES (1)" }, { "SELECT 1" });
    QFile file(QDir(m_dir.path()).filePath(QStringLiteral("src/migrations/1700000000001-FillUsers.ts")));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QString source = QString::fromUtf8(file.readAll());
    auto positionOf = [&](const QString &needle) {
        const qsizetype at = source.indexOf(needle);
        EXPECT_GE(at, 0);
        const qsizetype lineStart = source.lastIndexOf(QLatin1Char('\n'), at - 1) + 1;
        return QStringLiteral("1700000000001-FillUsers.ts:%1:%2:")
            .arg(source.left(at).count(QLatin1Char('\n')) + 1)
            .arg(at - lineStart + 1);
    };

    // The pre-flight's lint names the line of the .ts file (it prints no column).
    const CliResult preflight = cli({ QStringLiteral("preflight") });
    const QString drop = positionOf(QStringLiteral("DROP TABLE \"users\""));
    const QString dropLine = drop.section(QLatin1Char(':'), 0, 1) + QStringLiteral(": error [drop-table]");
    EXPECT_TRUE(preflight.out.contains(dropLine)) << qPrintable(dropLine) << preflight.describe();

    const CliResult first = cli({ QStringLiteral("up"), QStringLiteral("--to"), QStringLiteral("AddUsers") });
    ASSERT_EQ(first.exitCode, 0) << first.describe();
    // The DROP runs, then the server reports the INSERT's table, at its place in the .ts file.
    const CliResult up = cli({ QStringLiteral("up") });
    EXPECT_NE(up.exitCode, 0) << up.describe();
    EXPECT_TRUE(up.err.contains(positionOf(QStringLiteral("\"users\" (\"nope\")")))) << up.describe();
}

// Issue 14: the notes quoted the source text of a password or url expression
// Strata cannot evaluate, string literals (the secret itself) and all.
TEST_F(TypeOrmProjectCliTest, NotesNeverQuoteThePasswordOrUrlExpression)
{
    writeDataSource("  password: readSecret('hunter2-literal'),\n"
                    "  url: makeUrl('postgres://app:s3cr3t-in-url@db.example.com/app'),\n");
    for (const QStringList &args : { QStringList { QStringLiteral("status") },
             QStringList { QStringLiteral("status"), QStringLiteral("--json") } }) {
        const CliResult r = cli(args);
        EXPECT_EQ(r.exitCode, 0) << r.describe();
        const QString all = r.out + r.err;
        EXPECT_TRUE(all.contains(QLatin1String("password: its expression cannot be known"))) << r.describe();
        EXPECT_TRUE(all.contains(QLatin1String("url: its expression cannot be known"))) << r.describe();
        EXPECT_FALSE(all.contains(QLatin1String("hunter2-literal"))) << r.describe();
        EXPECT_FALSE(all.contains(QLatin1String("s3cr3t-in-url"))) << r.describe();
        EXPECT_FALSE(all.contains(QLatin1String("readSecret"))) << r.describe();
    }
}
