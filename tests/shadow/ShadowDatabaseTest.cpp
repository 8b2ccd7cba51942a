// Shadow databases and schema sources against the real test cluster: where a
// shadow goes, that it is always dropped, and what each kind of source loads.
#include "shadow/ShadowDatabase.h"
#include "db/PgConnection.h"
#include "runner/MigrationRunner.h"
#include "sandbox/SandboxCluster.h"
#include "schema/SchemaDiff.h"
#include "service/SchemaSource.h"
#include "service/SchemaWorker.h"
#include "settings/ProfileStore.h"
#include "shadow/ShadowBaseline.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>

namespace {

class ShadowDatabaseTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        m_settings = TestCluster::freshDatabase(QStringLiteral("shadow"));
        m_probe = std::make_unique<DbProbe>(m_settings);
        ASSERT_TRUE(m_probe->ok());
    }

    QStringList shadowsOnServer()
    {
        return m_probe->column(
            "SELECT datname FROM pg_database WHERE datname LIKE 'strata\\_shadow\\_%' ORDER "
            "BY 1");
    }

    // The libpq environment a DSN or profile source relies on for the password.
    class PasswordEnvironment
    {
    public:
        explicit PasswordEnvironment(const QString &password) { qputenv("PGPASSWORD", password.toUtf8()); }
        ~PasswordEnvironment() { qunsetenv("PGPASSWORD"); }
    };

    ConnectionSettings m_settings;
    std::unique_ptr<DbProbe> m_probe;
};

} // namespace

TEST_F(ShadowDatabaseTest, SameServerShadowIsLabelledAndDropped)
{
    Result<std::unique_ptr<ShadowDatabase>> shadow = ShadowDatabase::create(&m_settings);
    ASSERT_TRUE(shadow) << shadow.error().toString().toStdString();
    const QString name = (*shadow)->name();
    EXPECT_TRUE(name.startsWith(QLatin1String("strata_shadow_"))) << name.toStdString();
    EXPECT_FALSE((*shadow)->isInSandbox()) << "the superuser may create databases on the server";
    EXPECT_EQ(shadowsOnServer(), QStringList { name });
    EXPECT_TRUE(m_probe
                    ->scalar(QStringLiteral("SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                                            "WHERE datname = '%1'")
                                 .arg(name)
                                 .toUtf8())
                    .startsWith(QLatin1String("Strata shadow database")));
    Result<QStringList> leftovers = ShadowDatabase::leftovers(m_probe->connection());
    ASSERT_TRUE(leftovers);
    EXPECT_EQ(*leftovers, QStringList { name });

    {
        // A connection still open to the shadow does not stop the drop.
        Result<std::unique_ptr<PgConnection>> inside = PgConnection::open((*shadow)->connectionSettings());
        ASSERT_TRUE(inside) << inside.error().toString().toStdString();
        ASSERT_TRUE((*inside)->run("CREATE TABLE t (id int)"));
        Status dropped = (*shadow)->drop();
        EXPECT_TRUE(dropped) << dropped.error().toString().toStdString();
    }
    EXPECT_TRUE(shadowsOnServer().isEmpty());
    EXPECT_TRUE((*shadow)->drop()) << "a second drop does nothing";
}

TEST_F(ShadowDatabaseTest, DestructorDropsTheShadow)
{
    QString name;
    {
        Result<std::unique_ptr<ShadowDatabase>> shadow = ShadowDatabase::create(&m_settings);
        ASSERT_TRUE(shadow) << shadow.error().toString().toStdString();
        name = (*shadow)->name();
        EXPECT_EQ(shadowsOnServer(), QStringList { name });
    }
    EXPECT_TRUE(shadowsOnServer().isEmpty());
}

TEST_F(ShadowDatabaseTest, RoleWithoutCreatedbGetsASandboxShadow)
{
    ASSERT_TRUE(m_probe->exec("CREATE ROLE shadow_plain LOGIN PASSWORD 'plain-pw' NOCREATEDB"));
    ConnectionSettings plain = m_settings;
    plain.user = QStringLiteral("shadow_plain");
    plain.password = QStringLiteral("plain-pw");
    QString sandboxFolder;
    {
        std::shared_ptr<SandboxCluster> sandbox;
        Result<std::unique_ptr<ShadowDatabase>> shadow = ShadowDatabase::create(&plain, &sandbox);
        ASSERT_TRUE(shadow) << shadow.error().toString().toStdString();
        EXPECT_TRUE((*shadow)->isInSandbox());
        ASSERT_TRUE(sandbox);
        sandboxFolder = sandbox->directory();
        EXPECT_TRUE(QFileInfo(sandboxFolder).isDir());
        EXPECT_TRUE(shadowsOnServer().isEmpty()) << "nothing may be created on the server";
        DbProbe inside((*shadow)->connectionSettings());
        ASSERT_TRUE(inside.ok());
        EXPECT_EQ(inside.scalar("SELECT current_database()"), (*shadow)->name());
        sandbox.reset(); // the shadow still holds the cluster
        EXPECT_TRUE((*shadow)->drop());
    }
    EXPECT_FALSE(QFileInfo::exists(sandboxFolder)) << "the temporary sandbox is removed with its last shadow";
    m_probe->exec("DROP ROLE shadow_plain");
}

TEST_F(ShadowDatabaseTest, SqlFileErrorNamesFileLineAndColumnAndDropsTheShadow)
{
    MigrationFolder folder;
    const QString path = folder.write(QStringLiteral("schema.sql"),
        "CREATE TABLE a (id int PRIMARY KEY);\n"
        "\n"
        "CREATE TABLE b (\n"
        "    id int,\n"
        "    a_id no_such_type\n"
        ");\n");
    Result<SchemaSource> source = SchemaSource::parse(path, {});
    ASSERT_TRUE(source) << source.error().toString().toStdString();
    EXPECT_EQ(source->kind(), SchemaSource::Kind::SqlFile);
    Result<SchemaSource::Opened> opened = source->open(&m_settings, nullptr);
    ASSERT_FALSE(opened);
    const StrataError &e = opened.error();
    EXPECT_EQ(e.file, path);
    EXPECT_EQ(e.line, 5);
    EXPECT_EQ(e.column, 10); // the type name in `    a_id no_such_type`, where the server points
    EXPECT_EQ(e.sqlState, QStringLiteral("42704")) << e.toString().toStdString();
    EXPECT_TRUE(e.toString().contains(path + QStringLiteral(":5:"))) << e.toString().toStdString();
    EXPECT_TRUE(shadowsOnServer().isEmpty()) << "the shadow is dropped after a failed load";
}

TEST_F(ShadowDatabaseTest, SqlFileRejectsUnknownMetaCommandsWithTheirLine)
{
    MigrationFolder folder;
    const QString path
        = folder.write(QStringLiteral("schema.sql"), "CREATE TABLE a (id int);\n\\connect other\n");
    Result<SchemaSource::Opened> opened = SchemaSource::sqlFile(path).open(&m_settings, nullptr);
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().line, 2);
    EXPECT_TRUE(opened.error().message.contains(QLatin1String("\\connect")))
        << opened.error().toString().toStdString();
    EXPECT_TRUE(shadowsOnServer().isEmpty());
}

TEST_F(ShadowDatabaseTest, PgDumpSchemaFileLoadsToTheSameSchema)
{
    ASSERT_TRUE(m_probe->exec("CREATE TYPE mood AS ENUM ('ok', 'sad');"
                              "CREATE TABLE person (id bigserial PRIMARY KEY, name text NOT NULL DEFAULT '', "
                              "mood mood, CONSTRAINT name_len CHECK (length(name) < 100));"
                              "CREATE INDEX person_lower_name ON person (lower(name)) WHERE mood IS NOT NULL;"
                              "CREATE VIEW sad_people AS SELECT id, name FROM person WHERE mood = 'sad';"));
    MigrationFolder folder;
    const QString path = QDir(folder.path()).filePath(QStringLiteral("schema.sql"));
    QProcess dump;
    dump.setProcessEnvironment([&] {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGPASSWORD"), m_settings.password);
        return env;
    }());
    dump.start(SandboxCluster::postgresBinDir() + QStringLiteral("/pg_dump"),
        { QStringLiteral("--schema-only"), QStringLiteral("--no-owner"), QStringLiteral("-h"),
            m_settings.host, QStringLiteral("-p"), QString::number(m_settings.port), QStringLiteral("-U"),
            m_settings.user, QStringLiteral("-f"), path, m_settings.database });
    ASSERT_TRUE(dump.waitForFinished(60000));
    ASSERT_EQ(dump.exitCode(), 0) << dump.readAllStandardError().toStdString();

    Result<SchemaSource::Opened> opened = SchemaSource::sqlFile(path).open(&m_settings, nullptr);
    ASSERT_TRUE(opened) << opened.error().toString().toStdString();
    DbProbe shadow(opened->shadow->connectionSettings());
    EXPECT_EQ(shadow.schemaFingerprint(), m_probe->schemaFingerprint());
    EXPECT_FALSE(shadow.schemaFingerprint().isEmpty());
}

TEST_F(ShadowDatabaseTest, MigrationsFolderIsReplayedIntoAShadow)
{
    MigrationFolder folder;
    folder.copySampleMigrations();
    Result<SchemaSource> source = SchemaSource::parse(QStringLiteral("migrations"), folder.path());
    ASSERT_TRUE(source);
    EXPECT_EQ(source->kind(), SchemaSource::Kind::MigrationsFolder);
    EXPECT_EQ(source->path(), QFileInfo(folder.path()).absoluteFilePath());
    int started = 0;
    Result<SchemaSource::Opened> opened = source->open(&m_settings, nullptr, [&](MigrationRunner &runner) {
        QObject::connect(&runner, &MigrationRunner::migrationStarted, [&] { ++started; });
    });
    ASSERT_TRUE(opened) << opened.error().toString().toStdString();
    EXPECT_EQ(started, 3);
    DbProbe shadow(opened->shadow->connectionSettings());
    EXPECT_TRUE(shadow.tableExists(QStringLiteral("evaluation_records")));
    EXPECT_EQ(shadow.historyCount(), 3);
    EXPECT_EQ(shadowsOnServer().size(), 1);
    opened = StrataError::make(StrataError::Kind::Usage, QStringLiteral("released"));
    EXPECT_TRUE(shadowsOnServer().isEmpty());
}

TEST_F(ShadowDatabaseTest, BrokenMigrationNamesItsFileAndDropsTheShadow)
{
    MigrationFolder folder;
    folder.add(1700000000000, QStringLiteral("First"), "CREATE TABLE a (id int);", "DROP TABLE a;");
    const QString bad
        = folder.add(1700000000001, QStringLiteral("Second"), "ALTER TABLE nope ADD x int;", "");
    Result<SchemaSource::Opened> opened
        = SchemaSource::migrationsFolder(folder.path()).open(&m_settings, nullptr);
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().file, bad);
    EXPECT_EQ(opened.error().line, 2);
    EXPECT_TRUE(shadowsOnServer().isEmpty());
}

TEST_F(ShadowDatabaseTest, DsnAndProfileSourcesConnectWithThePasswordFromTheEnvironment)
{
    PasswordEnvironment password(m_settings.password);
    const QString dsn = QStringLiteral("postgresql://%1@/%2?host=%3&port=%4")
                            .arg(m_settings.user, m_settings.database, m_settings.host)
                            .arg(m_settings.port);
    Result<SchemaSource> source = SchemaSource::parse(dsn, {});
    ASSERT_TRUE(source) << source.error().toString().toStdString();
    EXPECT_EQ(source->kind(), SchemaSource::Kind::Dsn);
    EXPECT_FALSE(source->needsShadow());
    Result<SchemaSource::Opened> opened = source->open(nullptr, nullptr);
    ASSERT_TRUE(opened) << opened.error().toString().toStdString();
    EXPECT_EQ(opened->connection->exec("SELECT current_database()").value(0, 0), m_settings.database);
    EXPECT_FALSE(opened->shadow);

    Result<SchemaSource> withPassword = SchemaSource::parse(
        QStringLiteral("postgresql://%1:secret@localhost/%2").arg(m_settings.user, m_settings.database), {});
    ASSERT_FALSE(withPassword);
    EXPECT_TRUE(withPassword.error().message.contains(QLatin1String("password")));
    EXPECT_FALSE(withPassword.error().toString().contains(QLatin1String("secret")));

    ConnectionProfile profile;
    profile.id = QStringLiteral("shadowtest");
    profile.name = profile.id;
    profile.connection = m_settings;
    profile.connection.password.clear();
    ASSERT_TRUE(ProfileStore().save(profile));
    Result<SchemaSource> fromProfile = SchemaSource::parse(QStringLiteral("profile:shadowtest"), {});
    ASSERT_TRUE(fromProfile) << fromProfile.error().toString().toStdString();
    EXPECT_EQ(fromProfile->kind(), SchemaSource::Kind::Profile);
    Result<SchemaSource::Opened> viaProfile = fromProfile->open(nullptr, nullptr);
    ASSERT_TRUE(viaProfile) << viaProfile.error().toString().toStdString();
    EXPECT_EQ(viaProfile->connection->exec("SELECT current_database()").value(0, 0), m_settings.database);
    ProfileStore().remove(profile.id);

    Result<SchemaSource> unknown = SchemaSource::parse(QStringLiteral("profile:nobody"), {});
    ASSERT_FALSE(unknown);
    EXPECT_TRUE(unknown.error().message.contains(QLatin1String("nobody")));
}

TEST(SchemaSourceParse, BadSpecsSayWhatIsWrong)
{
    Result<SchemaSource> missing = SchemaSource::parse(QStringLiteral("/nowhere/schema.sql"), {});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().file, QStringLiteral("/nowhere/schema.sql"));
    Result<SchemaSource> garbage = SchemaSource::parse(QStringLiteral("no-such-thing"), {});
    ASSERT_FALSE(garbage);
    EXPECT_TRUE(garbage.error().message.contains(QLatin1String("no-such-thing")));
    EXPECT_FALSE(SchemaSource::parse(QStringLiteral(" "), {}));
    Result<SchemaSource> connection = SchemaSource::parse(QStringLiteral("connection"), {});
    ASSERT_TRUE(connection);
    EXPECT_EQ(connection->kind(), SchemaSource::Kind::Connection);
}

TEST_F(ShadowDatabaseTest, AShadowStartsWithTheTargetsExtensionsSchemasAndSearchPathAlsoAfterAReset)
{
    // Supabase's layout: extensions in their own schema, found through the
    // database's search_path.
    ASSERT_TRUE(
        m_probe->exec("CREATE SCHEMA extensions; CREATE EXTENSION \"uuid-ossp\" WITH SCHEMA extensions;"
                      "CREATE EXTENSION pg_trgm;"));
    ASSERT_TRUE(m_probe->exec(QStringLiteral("ALTER DATABASE %1 SET search_path = public, extensions")
                                  .arg(PgConnection::quoteIdentifier(m_settings.database))
                                  .toUtf8()));
    Result<ShadowBaseline> baseline = ShadowBaseline::read(m_settings);
    ASSERT_TRUE(baseline) << baseline.error().toString().toStdString();
    EXPECT_TRUE(baseline->describe().contains(QLatin1String("uuid-ossp 1.1 (extensions)")))
        << baseline->describe().toStdString();

    // A migration that creates pg_trgm itself keeps it out of the baseline.
    MigrationList chain;
    Migration m;
    m.up.sql = "CREATE EXTENSION pg_trgm;";
    chain.append(m);
    // One that makes the extensions' schema only if missing does not.
    m.up.sql = "CREATE SCHEMA IF NOT EXISTS extensions;";
    chain.append(m);
    const ShadowBaseline start = baseline->without(chain);
    ASSERT_EQ(start.extensions().size(), 1);
    EXPECT_EQ(start.extensions()[0].name, QStringLiteral("uuid-ossp"));

    Result<std::unique_ptr<ShadowDatabase>> shadow = ShadowDatabase::create(&m_settings, nullptr, start);
    ASSERT_TRUE(shadow) << shadow.error().toString().toStdString();
    for (int round = 0; round < 2; ++round) {
        DbProbe inShadow((*shadow)->connectionSettings());
        ASSERT_TRUE(inShadow.ok());
        EXPECT_EQ(inShadow.column("SELECT extname || ' ' || extnamespace::regnamespace FROM pg_extension "
                                  "WHERE extname <> 'plpgsql'"),
            QStringList { QStringLiteral("uuid-ossp extensions") })
            << "round " << round;
        // Unqualified, as a migration calls it.
        EXPECT_EQ(inShadow.scalar("SELECT length(uuid_generate_v4()::text)").toInt(), 36)
            << "round " << round;
        if (round == 0) {
            ASSERT_TRUE((*shadow)->reset()); // the verifier's rebuild after a bad down
        }
    }
}

TEST_F(ShadowDatabaseTest, TheAppsVerifyDownsStartsFromTheConnectedDatabasesExtensions)
{
    ASSERT_TRUE(m_probe->exec("CREATE EXTENSION \"uuid-ossp\""));
    SchemaWorker worker;
    VerificationReport finished;
    QList<MigrationVerdict> verdicts;
    QObject::connect(&worker, &SchemaWorker::migrationVerified,
        [&verdicts](quint64, int, int, const MigrationVerdict &v) { verdicts.append(v); });
    QObject::connect(&worker, &SchemaWorker::verificationFinished,
        [&finished](quint64, const VerificationReport &r) { finished = r; });
    worker.verifyDowns(1, QStringLiteral(STRATA_SOURCE_DIR "/tests/typeorm/compat/v0.3/migrations"),
        HistoryTable {}, m_settings, true);
    ASSERT_FALSE(finished.failed) << finished.error.toString().toStdString();
    EXPECT_EQ(verdicts.size(), 4);
    EXPECT_EQ(finished.failureCount(), 0);
    EXPECT_TRUE(shadowsOnServer().isEmpty());
}

TEST_F(ShadowDatabaseTest, TheAppsGenerateMigrationReplaysATypeOrmChainOnTheDatabasesExtensions)
{
    // The Generate Migration dialog: the folder against the connected
    // database, which has uuid-ossp and nothing else; the chain's tables are
    // the whole difference, the extension is none.
    ASSERT_TRUE(m_probe->exec("CREATE EXTENSION \"uuid-ossp\""));
    SchemaWorker worker;
    SchemaComparison result;
    QObject::connect(&worker, &SchemaWorker::schemasCompared,
        [&result](quint64, const SchemaComparison &r) { result = r; });
    worker.compareSchemas(1,
        SchemaSource::migrationsFolder(
            QStringLiteral(STRATA_SOURCE_DIR "/tests/typeorm/compat/v0.3/migrations")),
        SchemaSource::connection(m_settings));
    ASSERT_FALSE(result.failed) << result.error.toString().toStdString();
    QStringList kinds;
    for (const SchemaChange &c : SchemaDiff::compare(result.from, result.to).changes())
        if (!kinds.contains(c.objectKind))
            kinds << c.objectKind;
    EXPECT_FALSE(kinds.contains(QStringLiteral("extension"))) << kinds.join(QLatin1Char(' ')).toStdString();
    EXPECT_TRUE(kinds.contains(QStringLiteral("table"))) << kinds.join(QLatin1Char(' ')).toStdString();
    EXPECT_TRUE(shadowsOnServer().isEmpty());
}
