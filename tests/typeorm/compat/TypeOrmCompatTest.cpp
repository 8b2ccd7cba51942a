// Strata side by side with the real TypeORM CLI (installed from npm with the
// pinned lockfiles in tests/typeorm/compat/<version>/), on the test cluster:
// the TypeORM project in tests/typeorm/compat/common, its migrations generated
// by that TypeORM version itself (see the README there).
//
// (a) TypeORM runs half, Strata shows the states and runs the rest, TypeORM's
//     migration:show agrees;
// (b) Strata runs all, TypeORM's migration:revert reverts the last one;
// (c) the .sql files `strata-cli import-typeorm` writes, applied by Strata, give
//     the schema TypeORM's own run gives (pg_dump --schema-only).
#include "integration/CliProcess.h"
#include "sandbox/SandboxCluster.h"
#include "support/ChildProcess.h"
#include "support/DbProbe.h"
#include "support/QtPrinters.h"
#include "support/TestCluster.h"
#include "support/TestNode.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

const QString compatRoot = QStringLiteral(STRATA_SOURCE_DIR "/tests/typeorm/compat");
const QString cacheRoot = QStringLiteral(STRATA_TYPEORM_CACHE);

const ProcessResult &setUpNpm()
{
    return setUpTypeOrmInstalls(cacheRoot);
}

bool copyFile(const QString &from, const QString &to)
{
    QDir().mkpath(QFileInfo(to).absolutePath());
    QFile::remove(to);
    return QFile::copy(from, to);
}

QString normalizedDump(const QString &dump)
{
    QStringList kept;
    for (const QString &line : dump.split(QLatin1Char('\n'))) {
        // pg_dump 15.14+ brackets its output with a random \restrict key.
        if (line.startsWith(QLatin1String("\\restrict")) || line.startsWith(QLatin1String("\\unrestrict"))
            || line.startsWith(QLatin1String("--")) || line.trimmed().isEmpty())
            continue;
        kept.append(line);
    }
    return kept.join(QLatin1Char('\n'));
}

class TypeOrmCompatTest : public ::testing::TestWithParam<QString>
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        const ProcessResult &npm = setUpNpm();
        if (npm.exitCode != 0) {
            if (TestCluster::required())
                FAIL() << "the TypeORM CLI could not be set up (scripts/node-setup.sh, "
                          "typeorm-compat-setup.sh):\n"
                       << npm.describe();
            GTEST_SKIP() << "the TypeORM CLI could not be set up (this fails with CI=true):\n"
                         << npm.describe();
        }
        ASSERT_TRUE(m_project.isValid());
        m_migrations = QDir(compatRoot + QLatin1Char('/') + GetParam() + QStringLiteral("/migrations"))
                           .entryInfoList({ QStringLiteral("*.ts") }, QDir::Files, QDir::Name);
        ASSERT_EQ(m_migrations.size(), 4) << "the generated migrations of " << GetParam().toStdString();
        const QDir project(m_project.path());
        ASSERT_TRUE(copyFile(compatRoot + QStringLiteral("/common/tsconfig.json"),
            project.filePath(QStringLiteral("tsconfig.json"))));
        ASSERT_TRUE(copyFile(compatRoot + QStringLiteral("/common/src/data-source.ts"),
            project.filePath(QStringLiteral("src/data-source.ts"))));
        for (const QFileInfo &entity :
            QDir(compatRoot + QStringLiteral("/common/stages/4")).entryInfoList({ QStringLiteral("*.ts") }))
            ASSERT_TRUE(copyFile(entity.absoluteFilePath(),
                project.filePath(QStringLiteral("src/entity/") + entity.fileName())));
        QDir().mkpath(project.filePath(QStringLiteral("src/migrations")));
        ASSERT_TRUE(QFile::link(cacheRoot + QLatin1Char('/') + GetParam() + QStringLiteral("/node_modules"),
            project.filePath(QStringLiteral("node_modules"))));
        m_settings = TestCluster::freshDatabase(QStringLiteral("typeorm"));
    }

    // Puts the first `count` generated migrations into the project.
    void useMigrations(int count)
    {
        for (int i = 0; i < count; ++i)
            ASSERT_TRUE(copyFile(m_migrations[i].absoluteFilePath(),
                QDir(m_project.path())
                    .filePath(QStringLiteral("src/migrations/") + m_migrations[i].fileName())));
    }

    // The environment the project's data source reads: DB_* only, no PG*, so a
    // connection that works proves the data source was read (by TypeORM and by
    // Strata). The password travels in DB_PASSWORD, never in arguments.
    QProcessEnvironment dbEnvironment(const ConnectionSettings &s) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &key : env.keys())
            if (key.startsWith(QLatin1String("PG")) || key.startsWith(QLatin1String("DB_")))
                env.remove(key);
        env.insert(QStringLiteral("DB_HOST"), s.host);
        env.insert(QStringLiteral("DB_PORT"), QString::number(s.port));
        env.insert(QStringLiteral("DB_USERNAME"), s.user);
        env.insert(QStringLiteral("DB_PASSWORD"), s.password);
        env.insert(QStringLiteral("DB_DATABASE"), s.database);
        // Type checking is tsc's job, not the migration runner's; it triples start-up time.
        env.insert(QStringLiteral("TS_NODE_TRANSPILE_ONLY"), QStringLiteral("true"));
        return env;
    }

    ProcessResult typeorm(const QStringList &args, const ConnectionSettings &s)
    {
        QStringList all { QStringLiteral("node_modules/typeorm/cli-ts-node-commonjs.js") };
        all << args << QStringLiteral("-d") << QStringLiteral("src/data-source.ts");
        return runProcess(QStringLiteral("node"), all, m_project.path(), dbEnvironment(s));
    }

    CliResult strata(QStringList args, const ConnectionSettings &s)
    {
        args.prepend(m_project.path());
        args.prepend(QStringLiteral("--project"));
        return CliProcess::run(args, dbEnvironment(s).toStringList());
    }

    QJsonObject statusJson(const ConnectionSettings &s)
    {
        const CliResult r = strata({ QStringLiteral("status"), QStringLiteral("--json") }, s);
        EXPECT_EQ(r.exitCode, 0) << r.describe();
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }

    QString historyName(int index) const
    {
        // <timestamp>-<Name>.ts holds class <Name><timestamp>.
        const QString base = m_migrations[index].completeBaseName();
        return base.section(QLatin1Char('-'), 1) + base.section(QLatin1Char('-'), 0, 0);
    }

    QString schemaDump(const ConnectionSettings &s)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGPASSWORD"), s.password);
        const ProcessResult r = runProcess(SandboxCluster::postgresBinDir() + QStringLiteral("/pg_dump"),
            { QStringLiteral("--schema-only"), QStringLiteral("--no-owner"),
                QStringLiteral("--exclude-table=migrations*"), QStringLiteral("-h"), s.host,
                QStringLiteral("-p"), QString::number(s.port), QStringLiteral("-U"), s.user, s.database },
            m_project.path(), env);
        EXPECT_EQ(r.exitCode, 0) << r.describe();
        return normalizedDump(r.out);
    }

    QTemporaryDir m_project;
    QFileInfoList m_migrations;
    ConnectionSettings m_settings;
};

} // namespace

TEST_P(TypeOrmCompatTest, TypeOrmRunsHalfStrataRunsTheRest)
{
    useMigrations(2);
    const ProcessResult run = typeorm({ QStringLiteral("migration:run") }, m_settings);
    ASSERT_EQ(run.exitCode, 0) << run.describe();

    useMigrations(4);
    const QJsonObject before = statusJson(m_settings);
    const QJsonArray migrations = before.value(QLatin1String("migrations")).toArray();
    ASSERT_EQ(migrations.size(), 4) << QJsonDocument(before).toJson().toStdString();
    for (int i = 0; i < 4; ++i) {
        const QJsonObject m = migrations[i].toObject();
        EXPECT_EQ(m.value(QLatin1String("name")).toString(), historyName(i));
        EXPECT_EQ(m.value(QLatin1String("state")).toString(),
            i < 2 ? QStringLiteral("applied") : QStringLiteral("pending"));
        if (i < 2) { // TypeORM records no checksum; Strata says so rather than inventing one.
            EXPECT_EQ(m.value(QLatin1String("checksumState")).toString(), QStringLiteral("unknown"));
        }
    }
    EXPECT_EQ(before.value(QLatin1String("typeormProject"))
                  .toObject()
                  .value(QLatin1String("configFile"))
                  .toString(),
        QDir(m_project.path()).filePath(QStringLiteral("src/data-source.ts")));

    const CliResult up = strata({ QStringLiteral("up") }, m_settings);
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    const QJsonArray after = statusJson(m_settings).value(QLatin1String("migrations")).toArray();
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(after[i].toObject().value(QLatin1String("state")).toString(), QStringLiteral("applied"))
            << i;

    const ProcessResult show = typeorm({ QStringLiteral("migration:show") }, m_settings);
    ASSERT_EQ(show.exitCode, 0) << show.describe();
    for (int i = 0; i < 4; ++i)
        EXPECT_TRUE(show.out.contains(QStringLiteral("[X] %1 %2").arg(i + 1).arg(historyName(i))))
            << show.describe();
    EXPECT_FALSE(show.out.contains(QLatin1String("[ ]"))) << show.describe();

    // One row per migration, in the order they ran, as TypeORM writes them.
    DbProbe probe(m_settings);
    EXPECT_EQ(probe.column("SELECT id || ':' || \"timestamp\" || ':' || name FROM migrations ORDER BY id"),
        (QStringList { QStringLiteral("1:%1:%2").arg(historyName(0).right(13), historyName(0)),
            QStringLiteral("2:%1:%2").arg(historyName(1).right(13), historyName(1)),
            QStringLiteral("3:%1:%2").arg(historyName(2).right(13), historyName(2)),
            QStringLiteral("4:%1:%2").arg(historyName(3).right(13), historyName(3)) }));
}

TEST_P(TypeOrmCompatTest, StrataRunsAllTypeOrmRevertsTheLast)
{
    useMigrations(4);
    // TypeORM's driver creates uuid-ossp when it connects (its entities use
    // uuid_generate_v4()); Strata runs only what the migrations say, so the
    // test database gets the extension the way a TypeORM-managed one has it.
    DbProbe probe(m_settings);
    ASSERT_TRUE(probe.exec("CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\""));
    const CliResult up = strata({ QStringLiteral("up") }, m_settings);
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    EXPECT_EQ(probe.scalar("SELECT count(*) FROM pg_type WHERE typname = 'posts_status_enum'"),
        QStringLiteral("1"));

    const ProcessResult show = typeorm({ QStringLiteral("migration:show") }, m_settings);
    ASSERT_EQ(show.exitCode, 0) << show.describe();
    EXPECT_EQ(show.out.count(QLatin1String("[X]")), 4) << show.describe();

    const ProcessResult revert = typeorm({ QStringLiteral("migration:revert") }, m_settings);
    ASSERT_EQ(revert.exitCode, 0) << revert.describe();
    EXPECT_TRUE(revert.out.contains(historyName(3))) << revert.describe();
    // TypeORM ran its own down(): the enum of the last migration is gone.
    EXPECT_EQ(probe.scalar("SELECT count(*) FROM pg_type WHERE typname = 'posts_status_enum'"),
        QStringLiteral("0"));

    const QJsonArray status = statusJson(m_settings).value(QLatin1String("migrations")).toArray();
    ASSERT_EQ(status.size(), 4);
    EXPECT_EQ(status[2].toObject().value(QLatin1String("state")).toString(), QStringLiteral("applied"));
    EXPECT_EQ(status[3].toObject().value(QLatin1String("state")).toString(), QStringLiteral("pending"));

    // And Strata applies it again; TypeORM sees it applied once more.
    const CliResult again = strata({ QStringLiteral("up") }, m_settings);
    ASSERT_EQ(again.exitCode, 0) << again.describe();
    const ProcessResult showAgain = typeorm({ QStringLiteral("migration:show") }, m_settings);
    EXPECT_EQ(showAgain.out.count(QLatin1String("[X]")), 4) << showAgain.describe();
}

TEST_P(TypeOrmCompatTest, ImportedSqlGivesTypeOrmsSchema)
{
    useMigrations(4);
    const ProcessResult run = typeorm({ QStringLiteral("migration:run") }, m_settings);
    ASSERT_EQ(run.exitCode, 0) << run.describe();
    const QString typeOrmSchema = schemaDump(m_settings);
    ASSERT_TRUE(typeOrmSchema.contains(QLatin1String("CREATE TABLE public.post_tags")))
        << typeOrmSchema.toStdString();

    QTemporaryDir converted;
    const CliResult import = CliProcess::run(
        { QStringLiteral("import-typeorm"), QDir(m_project.path()).filePath(QStringLiteral("src/migrations")),
            converted.path() },
        TestCluster::childEnvironment(m_settings));
    ASSERT_EQ(import.exitCode, 0) << import.describe();
    EXPECT_EQ(QDir(converted.path()).entryList({ QStringLiteral("*.sql") }).size(), 4);

    const ConnectionSettings strataDb = TestCluster::freshDatabase(QStringLiteral("strata"));
    DbProbe probe(strataDb);
    ASSERT_TRUE(
        probe.exec("CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\"")); // what TypeORM's driver does on connect
    const CliResult up = CliProcess::run(
        { QStringLiteral("--migrations"), converted.path(), QStringLiteral("up") }, strataDb);
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    EXPECT_EQ(schemaDump(strataDb), typeOrmSchema);

    // The TypeORM files run by Strata directly (--project) give it too.
    const ConnectionSettings direct = TestCluster::freshDatabase(QStringLiteral("direct"));
    DbProbe directProbe(direct);
    ASSERT_TRUE(directProbe.exec("CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\""));
    const CliResult directUp = strata({ QStringLiteral("up") }, direct);
    ASSERT_EQ(directUp.exitCode, 0) << directUp.describe();
    EXPECT_EQ(schemaDump(direct), typeOrmSchema);
}

// The class names real projects use (camelCase and lower case, a `name`
// property, a zero-padded timestamp): TypeORM runs them, Strata imports them and
// sees them applied, and what Strata applies from the converted folder TypeORM
// shows as applied, with the same history rows.
TEST_P(TypeOrmCompatTest, EveryClassNameTypeOrmRunsKeepsItsHistoryRowThroughImport)
{
    const QDir migrations(QDir(m_project.path()).filePath(QStringLiteral("src/migrations")));
    auto writeMigration = [&](const QString &file, const QByteArray &className,
                              const QByteArray &nameProperty, const QByteArray &up, const QByteArray &down) {
        QFile f(migrations.filePath(file));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("import { MigrationInterface, QueryRunner } from \"typeorm\";\n\nexport class " + className
            + " implements MigrationInterface {\n"
            + (nameProperty.isEmpty() ? QByteArray() : "    name = '" + nameProperty + "'\n")
            + "    public async up(queryRunner: QueryRunner): Promise<void> {\n        await "
              "queryRunner.query(`"
            + up
            + "`);\n    }\n    public async down(queryRunner: QueryRunner): Promise<void> {\n"
              "        await queryRunner.query(`"
            + down + "`);\n    }\n}\n");
    };
    writeMigration(QStringLiteral("0000000000001-Initial.ts"), "Initial0000000000001", {},
        "CREATE TABLE \"accounts\" (\"id\" SERIAL PRIMARY KEY)", "DROP TABLE \"accounts\"");
    writeMigration(QStringLiteral("1611063162649-initialSchema.ts"), "initialSchema1611063162649", {},
        "ALTER TABLE \"accounts\" ADD \"email\" character varying",
        "ALTER TABLE \"accounts\" DROP COLUMN \"email\"");
    writeMigration(QStringLiteral("1612284947120-claims.ts"), "claims1612284947120", "claims1612284947120",
        "CREATE TABLE \"claims\" (\"id\" SERIAL PRIMARY KEY)", "DROP TABLE \"claims\"");
    const QStringList names { QStringLiteral("Initial0000000000001"),
        QStringLiteral("initialSchema1611063162649"), QStringLiteral("claims1612284947120") };

    const ProcessResult run = typeorm({ QStringLiteral("migration:run") }, m_settings);
    ASSERT_EQ(run.exitCode, 0) << run.describe();
    DbProbe probe(m_settings);
    const QByteArray rows = "SELECT \"timestamp\" || ':' || name FROM migrations ORDER BY \"timestamp\"";
    const QStringList typeOrmRows = probe.column(rows);
    EXPECT_EQ(typeOrmRows,
        (QStringList { QStringLiteral("1:Initial0000000000001"),
            QStringLiteral("1611063162649:initialSchema1611063162649"),
            QStringLiteral("1612284947120:claims1612284947120") }));

    QTemporaryDir converted;
    const CliResult import
        = CliProcess::run({ QStringLiteral("import-typeorm"), migrations.absolutePath(), converted.path() },
            TestCluster::childEnvironment(m_settings));
    ASSERT_EQ(import.exitCode, 0) << import.describe();
    EXPECT_EQ(QDir(converted.path()).entryList({ QStringLiteral("*.sql") }, QDir::Files, QDir::Name),
        (QStringList { QStringLiteral("0000000000001-Initial.sql"),
            QStringLiteral("1611063162649-initialSchema.sql"), QStringLiteral("1612284947120-claims.sql") }));

    auto strataStatus = [&] {
        const CliResult r = CliProcess::run({ QStringLiteral("--migrations"), converted.path(),
                                                QStringLiteral("status"), QStringLiteral("--json") },
            m_settings);
        EXPECT_EQ(r.exitCode, 0) << r.describe();
        return QJsonDocument::fromJson(r.out.toUtf8()).object().value(QLatin1String("migrations")).toArray();
    };
    QJsonArray status = strataStatus();
    ASSERT_EQ(status.size(), 3);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(status[i].toObject().value(QLatin1String("name")).toString(), names[i]);
        EXPECT_EQ(status[i].toObject().value(QLatin1String("state")).toString(), QStringLiteral("applied"))
            << i;
    }

    // TypeORM reverts the newest; Strata applies it again from the converted file.
    const ProcessResult revert = typeorm({ QStringLiteral("migration:revert") }, m_settings);
    ASSERT_EQ(revert.exitCode, 0) << revert.describe();
    EXPECT_EQ(
        strataStatus()[2].toObject().value(QLatin1String("state")).toString(), QStringLiteral("pending"));
    const CliResult up = CliProcess::run(
        { QStringLiteral("--migrations"), converted.path(), QStringLiteral("up") }, m_settings);
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    EXPECT_EQ(probe.column(rows), typeOrmRows);

    const ProcessResult show = typeorm({ QStringLiteral("migration:show") }, m_settings);
    ASSERT_EQ(show.exitCode, 0) << show.describe();
    for (const QString &name : names)
        EXPECT_TRUE(show.out.contains(QRegularExpression(QStringLiteral("\\[X\\] \\d+ ") + name)))
            << show.describe();
    EXPECT_FALSE(show.out.contains(QLatin1String("[ ]"))) << show.describe();
}

INSTANTIATE_TEST_SUITE_P(TypeOrmVersions, TypeOrmCompatTest,
    ::testing::Values(QStringLiteral("v0.3"), QStringLiteral("v1")),
    [](const ::testing::TestParamInfo<QString> &param) {
        return param.param == QLatin1String("v0.3") ? std::string("TypeOrm03") : std::string("TypeOrm1");
    });
