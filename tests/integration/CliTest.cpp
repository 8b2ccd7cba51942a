// strata-cli as a user runs it: real processes, real server, exit codes,
// messages and JSON.
#include "CliProcess.h"
#include "support/DbProbe.h"
#include "support/LongIndexBuild.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

namespace {

class CliTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        m_settings = TestCluster::freshDatabase(QStringLiteral("cli"));
        m_probe = std::make_unique<DbProbe>(m_settings);
    }

    CliResult cli(QStringList args, const QByteArray &input = {})
    {
        args.prepend(m_folder.path());
        args.prepend(QStringLiteral("--migrations"));
        return CliProcess::run(args, m_settings, input);
    }

    static QStringList environmentWithout(const QStringList &env, const QString &variable)
    {
        QStringList out;
        for (const QString &e : env)
            if (!e.startsWith(variable + QLatin1Char('=')))
                out << e;
        return out;
    }

    ConnectionSettings m_settings;
    std::unique_ptr<DbProbe> m_probe;
    MigrationFolder m_folder;
};

} // namespace

TEST_F(CliTest, StatusUpDownOnTheSampleProject)
{
    m_folder.copySampleMigrations();
    CliResult status = cli({ QStringLiteral("status") });
    ASSERT_EQ(status.exitCode, 0) << status.describe();
    EXPECT_EQ(status.out.count(QLatin1String("\npending ")), 3) << status.describe();
    EXPECT_EQ(cli({ QStringLiteral("status"), QStringLiteral("--exit-code") }).exitCode, 3);
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("migrations"))) << "status must not write";

    CliResult up = cli({ QStringLiteral("up") });
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    EXPECT_TRUE(up.out.contains(QLatin1String("Applied 3 migration(s)"))) << up.describe();
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("evaluation_records")));

    CliResult json = cli({ QStringLiteral("status"), QStringLiteral("--json") });
    ASSERT_EQ(json.exitCode, 0) << json.describe();
    const QJsonObject root = QJsonDocument::fromJson(json.out.toUtf8()).object();
    const QJsonArray migrations = root[QLatin1String("migrations")].toArray();
    ASSERT_EQ(migrations.size(), 3);
    for (const QJsonValue &m : migrations) {
        EXPECT_EQ(m[QLatin1String("state")].toString(), QStringLiteral("applied"));
        EXPECT_EQ(m[QLatin1String("checksumState")].toString(), QStringLiteral("ok"));
    }
    EXPECT_EQ(migrations[0][QLatin1String("name")].toString(), QStringLiteral("InitialSchema1764460800000"));
    EXPECT_EQ(root[QLatin1String("counts")][QLatin1String("applied")].toInt(), 3);
    EXPECT_EQ(cli({ QStringLiteral("status"), QStringLiteral("--exit-code") }).exitCode, 0);

    CliResult down = cli({ QStringLiteral("down") });
    ASSERT_EQ(down.exitCode, 0) << down.describe();
    EXPECT_TRUE(down.out.contains(QLatin1String("AddLogEntriesRequestId1765670400000"))) << down.describe();
    EXPECT_EQ(m_probe->historyCount(), 2);
    EXPECT_EQ(
        m_probe->scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'log_entries' "
                        "AND column_name = 'request_id'"),
        QStringLiteral("0"));
    CliResult twoMore = cli({ QStringLiteral("down"), QStringLiteral("--count"), QStringLiteral("2") });
    ASSERT_EQ(twoMore.exitCode, 0) << twoMore.describe();
    EXPECT_EQ(m_probe->historyCount(), 0);
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("log_entries")));
    EXPECT_EQ(cli({ QStringLiteral("up"), QStringLiteral("--to"), QStringLiteral("AddResearchResultTokens") })
                  .exitCode,
        0);
    EXPECT_EQ(m_probe->historyCount(), 2);
}

TEST_F(CliTest, StatusSeesAnEditItsChecksumCacheRemembersOtherwise)
{
    m_folder.copySampleMigrations();
    ASSERT_EQ(cli({ QStringLiteral("up") }).exitCode, 0);
    // Older than the cache's settling time, so `status` remembers them.
    QThread::sleep(3);
    CliResult first = cli({ QStringLiteral("status"), QStringLiteral("--exit-code") });
    ASSERT_EQ(first.exitCode, 0) << first.describe();

    // Same size, same modification time, other content: the file's change
    // time still tells, and status reads it again.
    const QString path = QDir(m_folder.path())
                             .entryInfoList({ QStringLiteral("*.sql") }, QDir::Files, QDir::Name)
                             .first()
                             .absoluteFilePath();
    const QDateTime modified = QFileInfo(path).lastModified();
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadWrite));
    QByteArray bytes = file.readAll();
    const qsizetype at = bytes.indexOf("CREATE TABLE");
    ASSERT_GE(at, 0);
    bytes.replace(at, 12, "create table");
    ASSERT_TRUE(file.seek(0));
    ASSERT_EQ(file.write(bytes), bytes.size());
    ASSERT_TRUE(file.flush()); // written before the time is put back
    ASSERT_TRUE(file.setFileTime(modified, QFileDevice::FileModificationTime));
    file.close();
    ASSERT_EQ(QFileInfo(path).lastModified(), modified);

    CliResult json = cli({ QStringLiteral("status"), QStringLiteral("--json") });
    ASSERT_EQ(json.exitCode, 0) << json.describe();
    const QJsonArray migrations
        = QJsonDocument::fromJson(json.out.toUtf8()).object()[QLatin1String("migrations")].toArray();
    ASSERT_EQ(migrations.size(), 3);
    EXPECT_EQ(migrations[0][QLatin1String("state")].toString(), QStringLiteral("edited")) << json.describe();
    EXPECT_EQ(migrations[1][QLatin1String("state")].toString(), QStringLiteral("applied"));
    EXPECT_EQ(cli({ QStringLiteral("status"), QStringLiteral("--exit-code") }).exitCode, 3);
}

TEST_F(CliTest, JsonRunsReportTheServersProgressOfALongStatement)
{
    ASSERT_TRUE(LongIndexBuild::prepare(*m_probe, m_folder));
    CliResult up = cli({ QStringLiteral("up"), QStringLiteral("--json") });
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    // stdout: the run's one JSON document; stderr: one JSON object per report.
    EXPECT_FALSE(QJsonDocument::fromJson(up.out.toUtf8()).isNull()) << up.describe();
    int progress = 0;
    bool ended = false;
    for (const QString &line : up.err.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QJsonObject event = QJsonDocument::fromJson(line.toUtf8()).object();
        if (event[QLatin1String("event")] == QLatin1String("progress")) {
            ++progress;
            EXPECT_EQ(event[QLatin1String("command")].toString(), QStringLiteral("CREATE INDEX"));
            EXPECT_FALSE(event[QLatin1String("phase")].toString().isEmpty());
            const qint64 done = event[QLatin1String("done")].toInteger();
            const qint64 total = event[QLatin1String("total")].toInteger();
            EXPECT_GE(done, 0);
            if (total > 0) {
                EXPECT_LE(done, total);
            }
            EXPECT_TRUE(
                event[QLatin1String("statement")].toString().startsWith(QLatin1String("CREATE INDEX big_t")));
        } else if (event[QLatin1String("event")] == QLatin1String("progressEnd")) {
            ended = true;
        }
    }
    EXPECT_GE(progress, 1) << up.describe();
    EXPECT_TRUE(ended) << up.describe();
}

TEST_F(CliTest, DryRunPrintsThePlanAndSqlAndChangesNothing)
{
    m_folder.copySampleMigrations();
    CliResult dry = cli({ QStringLiteral("up"), QStringLiteral("--dry-run") });
    ASSERT_EQ(dry.exitCode, 0) << dry.describe();
    EXPECT_TRUE(dry.out.contains(QLatin1String("CREATE TABLE log_entries"))) << dry.describe();
    EXPECT_TRUE(dry.out.contains(QLatin1String("transaction:false"))) << dry.describe();
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("log_entries")));
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("migrations")));
}

TEST_F(CliTest, FailingMigrationNamesFileLineAndColumn)
{
    m_folder.add(1700000000001, QStringLiteral("Good"), "CREATE TABLE good (id int);", "DROP TABLE good;");
    const QString bad = m_folder.add(1700000000002, QStringLiteral("Bad"),
        "CREATE TABLE bad (id int);\nSELECT nope FROM bad;", "DROP TABLE bad;");
    CliResult up = cli({ QStringLiteral("up") });
    EXPECT_EQ(up.exitCode, 1) << up.describe();
    EXPECT_TRUE(
        up.err.contains(bad + QStringLiteral(":3:8: column \"nope\" does not exist (SQLSTATE 42703)")))
        << up.describe();
    EXPECT_TRUE(up.err.contains(QLatin1String("Bad1700000000002 was rolled back"))) << up.describe();
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("good")));
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("bad")));
    CliResult json = cli({ QStringLiteral("up"), QStringLiteral("--json") });
    EXPECT_EQ(json.exitCode, 1);
    const QJsonObject error
        = QJsonDocument::fromJson(json.out.toUtf8()).object()[QLatin1String("error")].toObject();
    EXPECT_EQ(error[QLatin1String("line")].toInt(), 3);
    EXPECT_EQ(error[QLatin1String("column")].toInt(), 8);
    EXPECT_EQ(error[QLatin1String("sqlstate")].toString(), QStringLiteral("42703"));
}

TEST_F(CliTest, MalformedFilesStopUpAndEachIsNamed)
{
    m_folder.add(1700000000001, QStringLiteral("Good"), "CREATE TABLE good (id int);", "DROP TABLE good;");
    m_folder.write(QStringLiteral("1700000000002-NoSections.sql"), "CREATE TABLE x (id int);\n");
    m_folder.write(QStringLiteral("17000-ShortStamp.sql"), "-- migrate:up\nSELECT 1;\n");
    CliResult up = cli({ QStringLiteral("up") });
    EXPECT_EQ(up.exitCode, 1) << up.describe();
    EXPECT_TRUE(up.err.contains(QLatin1String("1700000000002-NoSections.sql:1: SQL before the")))
        << up.describe();
    EXPECT_TRUE(up.err.contains(QLatin1String("17000-ShortStamp.sql: bad timestamp"))) << up.describe();
    EXPECT_TRUE(up.err.contains(QLatin1String("nothing was run"))) << up.describe();
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("good")));
    CliResult validate = cli({ QStringLiteral("validate") });
    EXPECT_EQ(validate.exitCode, 3) << validate.describe();
}

TEST_F(CliTest, NewWritesATimestampedFileWithBothSections)
{
    CliResult created = cli({ QStringLiteral("new"), QStringLiteral("AddUserEmail") });
    ASSERT_EQ(created.exitCode, 0) << created.describe();
    const QStringList files = QDir(m_folder.path()).entryList({ QStringLiteral("*-AddUserEmail.sql") });
    ASSERT_EQ(files.size(), 1);
    EXPECT_EQ(files[0].section(QLatin1Char('-'), 0, 0).size(), 13);
    QFile f(QDir(m_folder.path()).filePath(files[0]));
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_EQ(f.readAll(), QByteArray("-- migrate:up\n\n\n-- migrate:down\n\n"));
    EXPECT_EQ(cli({ QStringLiteral("new"), QStringLiteral("not pascal") }).exitCode, 2);
}

TEST_F(CliTest, ConnectionFailuresAreOneClearLineWithoutThePassword)
{
    m_folder.add(1700000000001, QStringLiteral("A"), "SELECT 1;", "SELECT 1;");
    ConnectionSettings wrong = m_settings;
    wrong.password = QStringLiteral("Wr0ng-Secret");
    CliResult badPassword = CliProcess::run(
        { QStringLiteral("--migrations"), m_folder.path(), QStringLiteral("status") }, wrong);
    EXPECT_EQ(badPassword.exitCode, 1) << badPassword.describe();
    EXPECT_TRUE(badPassword.err.contains(QLatin1String("password authentication failed")))
        << badPassword.describe();
    EXPECT_EQ(badPassword.err.trimmed().count(QLatin1Char('\n')), 0) << badPassword.describe();
    EXPECT_FALSE((badPassword.out + badPassword.err).contains(QLatin1String("Wr0ng-Secret")));

    CliResult refused = cli({ QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
        QStringLiteral("1"), QStringLiteral("status") });
    EXPECT_EQ(refused.exitCode, 1) << refused.describe();
    EXPECT_TRUE(refused.err.contains(QLatin1String("cannot connect to"))) << refused.describe();
    EXPECT_TRUE(refused.err.contains(QLatin1String("Connection refused"))) << refused.describe();

    CliResult noDatabase
        = cli({ QStringLiteral("-d"), QStringLiteral("no_such_db"), QStringLiteral("status") });
    EXPECT_EQ(noDatabase.exitCode, 1) << noDatabase.describe();
    EXPECT_TRUE(noDatabase.err.contains(QLatin1String("database \"no_such_db\" does not exist")))
        << noDatabase.describe();
}

TEST_F(CliTest, PasswordsAreNeverTakenFromArguments)
{
    const QString dsn = QStringLiteral("postgresql://%1:Sup3rSecret@localhost/%2")
                            .arg(m_settings.user, m_settings.database);
    CliResult refused = cli({ QStringLiteral("--dsn"), dsn, QStringLiteral("status") });
    EXPECT_EQ(refused.exitCode, 2) << refused.describe();
    EXPECT_TRUE(refused.err.contains(QLatin1String("process list"))) << refused.describe();
    EXPECT_FALSE(refused.err.contains(QLatin1String("Sup3rSecret")));

    // The same DSN without the password, the password from stdin instead.
    const QString socketDsn = QStringLiteral("postgresql://%1@/%2?host=%3&port=%4")
                                  .arg(m_settings.user, m_settings.database, m_settings.host)
                                  .arg(m_settings.port);
    const QStringList env
        = environmentWithout(TestCluster::childEnvironment(m_settings), QStringLiteral("PGPASSWORD"));
    CliResult viaStdin
        = CliProcess::run({ QStringLiteral("--migrations"), m_folder.path(), QStringLiteral("--dsn"),
                              socketDsn, QStringLiteral("--password-stdin"), QStringLiteral("status") },
            env, m_settings.password.toUtf8() + '\n');
    EXPECT_EQ(viaStdin.exitCode, 0) << viaStdin.describe();
    CliResult noPassword = CliProcess::run({ QStringLiteral("--migrations"), m_folder.path(),
                                               QStringLiteral("--dsn"), socketDsn, QStringLiteral("status") },
        env);
    EXPECT_EQ(noPassword.exitCode, 1) << noPassword.describe();
}

TEST_F(CliTest, EnvFileWithTheSeedsVariables)
{
    QTemporaryDir project;
    QFile env(project.filePath(QStringLiteral(".env")));
    ASSERT_TRUE(env.open(QIODevice::WriteOnly));
    QString escaped = m_settings.password;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('"'), QLatin1String("\\\""));
    env.write(QStringLiteral("DB_HOST=%1\nDB_PORT=%2\nDB_USERNAME=%3\nDB_PASSWORD=\"%4\"\nDB_DATABASE=%5\n")
                  .arg(m_settings.host)
                  .arg(m_settings.port)
                  .arg(m_settings.user, escaped, m_settings.database)
                  .toUtf8());
    env.close();
    m_folder.add(
        1700000000001, QStringLiteral("A"), "CREATE TABLE from_env (id int);", "DROP TABLE from_env;");
    QStringList bare;
    for (const QString &e : QProcessEnvironment::systemEnvironment().toStringList())
        if (!e.startsWith(QLatin1String("PG")))
            bare << e;
    CliResult up = CliProcess::run({ QStringLiteral("--migrations"), m_folder.path(),
                                       QStringLiteral("--env-file"), env.fileName(), QStringLiteral("up") },
        bare);
    EXPECT_EQ(up.exitCode, 0) << up.describe();
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("from_env")));
}

TEST_F(CliTest, ProfilesHoldNoPassword)
{
    QTemporaryDir config;
    QStringList env = TestCluster::childEnvironment(m_settings);
    env << QStringLiteral("XDG_CONFIG_HOME=") + config.path();
    m_folder.add(
        1700000000001, QStringLiteral("A"), "CREATE TABLE via_profile (id int);", "DROP TABLE via_profile;");
    CliResult save = CliProcess::run(
        { QStringLiteral("--migrations"), m_folder.path(), QStringLiteral("--host"), m_settings.host,
            QStringLiteral("--port"), QString::number(m_settings.port), QStringLiteral("-U"), m_settings.user,
            QStringLiteral("-d"), m_settings.database, QStringLiteral("profile"), QStringLiteral("save"),
            QStringLiteral("local") },
        env);
    ASSERT_EQ(save.exitCode, 0) << save.describe();
    QStringList onlyPassword = environmentWithout(env, QStringLiteral("PGHOST"));
    onlyPassword = environmentWithout(onlyPassword, QStringLiteral("PGPORT"));
    onlyPassword = environmentWithout(onlyPassword, QStringLiteral("PGDATABASE"));
    CliResult up = CliProcess::run(
        { QStringLiteral("--profile"), QStringLiteral("local"), QStringLiteral("up") }, onlyPassword);
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("via_profile")));
    QFile settings(config.filePath(QStringLiteral("Strata/strata.conf")));
    ASSERT_TRUE(settings.open(QIODevice::ReadOnly));
    const QByteArray text = settings.readAll();
    EXPECT_TRUE(text.contains("local")) << text.constData();
    EXPECT_FALSE(text.contains(m_settings.password.toUtf8()));
    EXPECT_FALSE(text.toLower().contains("password"));
}

TEST_F(CliTest, SavingAProfileAgainKeepsWhatTheCommandDoesNotSet)
{
    QTemporaryDir config;
    QTemporaryDir backups;
    QStringList env = TestCluster::childEnvironment(m_settings);
    env << QStringLiteral("XDG_CONFIG_HOME=") + config.path();
    const QStringList server { QStringLiteral("--host"), m_settings.host, QStringLiteral("--port"),
        QString::number(m_settings.port), QStringLiteral("-U"), m_settings.user };
    CliResult first = CliProcess::run(server
            + QStringList { QStringLiteral("-d"), QStringLiteral("shop"), QStringLiteral("--migrations"),
                m_folder.path(), QStringLiteral("--environment"), QStringLiteral("production"),
                QStringLiteral("--table"), QStringLiteral("schema_history"), QStringLiteral("--pg-bin"),
                QStringLiteral("/usr/lib/postgresql/15/bin"), QStringLiteral("profile"),
                QStringLiteral("save"), QStringLiteral("prod"), QStringLiteral("--backup"), backups.path() },
        env);
    ASSERT_EQ(first.exitCode, 0) << first.describe();

    // Saved again with only a new database name: the rest stays, production above all.
    CliResult again = CliProcess::run(server
            + QStringList { QStringLiteral("-d"), QStringLiteral("shop2"), QStringLiteral("profile"),
                QStringLiteral("save"), QStringLiteral("prod") },
        env);
    ASSERT_EQ(again.exitCode, 0) << again.describe();
    CliResult list = CliProcess::run({ QStringLiteral("profile"), QStringLiteral("list") }, env);
    EXPECT_TRUE(list.out.contains(QLatin1String("/shop2\tproduction"))) << list.describe();
    QFile settings(config.filePath(QStringLiteral("Strata/strata.conf")));
    ASSERT_TRUE(settings.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(settings.readAll());
    EXPECT_TRUE(text.contains(backups.path())) << text.toStdString();
    EXPECT_TRUE(text.contains(QLatin1String("/usr/lib/postgresql/15/bin"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QLatin1String("schema_history"))) << text.toStdString();
    EXPECT_TRUE(text.contains(m_folder.path())) << text.toStdString();

    // --backup names a folder here; without one it is a usage error.
    CliResult bare = CliProcess::run(server
            + QStringList { QStringLiteral("profile"), QStringLiteral("save"), QStringLiteral("prod"),
                QStringLiteral("--backup") },
        env);
    EXPECT_EQ(bare.exitCode, 2) << bare.describe();
    EXPECT_TRUE(bare.err.contains(QLatin1String("name the folder"))) << bare.describe();
}

TEST_F(CliTest, UsageErrorsExitWithTwo)
{
    EXPECT_EQ(cli({}).exitCode, 2);
    EXPECT_EQ(cli({ QStringLiteral("frobnicate") }).exitCode, 2);
    EXPECT_EQ(cli({ QStringLiteral("up"), QStringLiteral("--count"), QStringLiteral("2") }).exitCode, 2);
    EXPECT_EQ(
        cli({ QStringLiteral("--port"), QStringLiteral("http"), QStringLiteral("status") }).exitCode, 2);
}

TEST_F(CliTest, NeedsNoQtPluginToReachTheServer)
{
    // A copy of the binary whose qt.conf points the plugin search elsewhere:
    // the connection is libpq's own, so no SQL driver plugin is looked for.
    QTemporaryDir dir;
    const QString copy = dir.filePath(QStringLiteral("strata-cli"));
    ASSERT_TRUE(QFile::copy(QStringLiteral(STRATA_CLI_PATH), copy));
    QFile conf(dir.filePath(QStringLiteral("qt.conf")));
    ASSERT_TRUE(conf.open(QIODevice::WriteOnly));
    conf.write("[Paths]\nPlugins = /nonexistent-plugins\n");
    conf.close();
    QStringList env
        = environmentWithout(TestCluster::childEnvironment(m_settings), QStringLiteral("QT_PLUGIN_PATH"));
    CliResult r = CliProcess::run(
        { QStringLiteral("--migrations"), m_folder.path(), QStringLiteral("status") }, env, {}, 60000, copy);
    EXPECT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_TRUE(r.out.contains(m_settings.database)) << r.describe();
}

TEST_F(CliTest, PgpassFileSuppliesThePassword)
{
    QTemporaryDir dir;
    const QString passfile = dir.filePath(QStringLiteral("pgpass"));
    QFile f(passfile);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    QString escaped = m_settings.password;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char(':'), QLatin1String("\\:"));
    f.write(QStringLiteral("*:*:%1:%2:%3\n").arg(m_settings.database, m_settings.user, escaped).toUtf8());
    f.close();
    ASSERT_TRUE(f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    QStringList env
        = environmentWithout(TestCluster::childEnvironment(m_settings), QStringLiteral("PGPASSWORD"));
    env << QStringLiteral("PGPASSFILE=") + passfile;
    m_folder.add(
        1700000000001, QStringLiteral("A"), "CREATE TABLE via_pgpass (id int);", "DROP TABLE via_pgpass;");
    CliResult up
        = CliProcess::run({ QStringLiteral("--migrations"), m_folder.path(), QStringLiteral("up") }, env);
    EXPECT_EQ(up.exitCode, 0) << up.describe();
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("via_pgpass")));
}

TEST(CliSandbox, UpAndStatusOnTheSandboxWithoutAnyDatabaseSetUp)
{
    QTemporaryDir dir;
    // As root the server runs as `postgres`, which must be able to reach the folder.
    QFile::setPermissions(dir.path(),
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ExeGroup
            | QFileDevice::ExeOther);
    QStringList env;
    for (const QString &e : QProcessEnvironment::systemEnvironment().toStringList())
        if (!e.startsWith(QLatin1String("PG")))
            env << e;
    env << QStringLiteral("STRATA_SANDBOX_DIR=") + dir.filePath(QStringLiteral("sandbox"));
    const QString sample = QStringLiteral(STRATA_SOURCE_DIR "/migrations");
    CliResult up = CliProcess::run(
        { QStringLiteral("--sandbox"), QStringLiteral("--migrations"), sample, QStringLiteral("up") }, env,
        {}, 180000);
    EXPECT_EQ(up.exitCode, 0) << up.describe();
    // A second process finds the same, still running, sandbox.
    CliResult status = CliProcess::run({ QStringLiteral("--sandbox"), QStringLiteral("--migrations"), sample,
                                           QStringLiteral("status"), QStringLiteral("--exit-code") },
        env);
    EXPECT_EQ(status.exitCode, 0) << status.describe();
    EXPECT_EQ(status.out.count(QLatin1String("\napplied ")), 3) << status.describe();
    CliResult stop = CliProcess::run({ QStringLiteral("sandbox"), QStringLiteral("stop") }, env);
    EXPECT_EQ(stop.exitCode, 0) << stop.describe();
}

// Issue 14: `eval "$(strata-cli sandbox start)"` must read the sandbox folder
// as data. A folder named with `$(...)`, backquotes, quotes and spaces gave the
// shell code to run before the exports were quoted.
TEST(CliSandbox, StartPrintsExportsTheShellReadsAsData)
{
    QTemporaryDir dir;
    QFile::setPermissions(dir.path(),
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ExeGroup
            | QFileDevice::ExeOther);
    const QString sandboxDir = dir.filePath(QStringLiteral("s $(touch a) `touch b` 'q\" x"));
    QStringList env;
    for (const QString &e : QProcessEnvironment::systemEnvironment().toStringList())
        if (!e.startsWith(QLatin1String("PG")))
            env << e;
    env << QStringLiteral("STRATA_SANDBOX_DIR=") + sandboxDir;
    CliResult start
        = CliProcess::run({ QStringLiteral("sandbox"), QStringLiteral("start") }, env, {}, 180000);
    ASSERT_EQ(start.exitCode, 0) << start.describe();

    QProcess shell;
    shell.setWorkingDirectory(dir.path());
    shell.start(QStringLiteral("/bin/sh"),
        { QStringLiteral("-c"), QStringLiteral("eval \"$1\" && printf '%s' \"$PGHOST\""),
            QStringLiteral("sh"), start.out });
    ASSERT_TRUE(shell.waitForFinished(60000));
    const QString host = QString::fromLocal8Bit(shell.readAllStandardOutput());
    EXPECT_EQ(shell.exitCode(), 0) << qPrintable(QString::fromLocal8Bit(shell.readAllStandardError()));
    EXPECT_TRUE(host.startsWith(sandboxDir)) << qPrintable(host) << "\n" << start.describe();
    EXPECT_FALSE(QFileInfo::exists(dir.filePath(QStringLiteral("a"))));
    EXPECT_FALSE(QFileInfo::exists(dir.filePath(QStringLiteral("b"))));

    CliResult stop = CliProcess::run({ QStringLiteral("sandbox"), QStringLiteral("stop") }, env);
    EXPECT_EQ(stop.exitCode, 0) << stop.describe();
}

// Issue 14: with a 63-byte history table name, `<table>_strata` was truncated by
// the server onto the history table itself and `up` broke.
TEST_F(CliTest, LongHistoryTableNamesGetTheirOwnCompanionOrAClearRefusal)
{
    m_folder.add(1700000000001, QStringLiteral("One"), "CREATE TABLE one (id int);", "DROP TABLE one;");
    m_folder.add(1700000000002, QStringLiteral("Two"), "CREATE TABLE two (id int);", "DROP TABLE two;");
    const QString longest(63, QLatin1Char('h'));
    const CliResult up = cli({ QStringLiteral("--table"), longest, QStringLiteral("up") });
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    EXPECT_EQ(m_probe->historyCount(longest), 2);
    // The companion is a table of its own, within 63 bytes, holding both rows.
    const QString companion = m_probe->scalar(
        "SELECT string_agg(relname, ',') FROM pg_class WHERE relname LIKE 'hhh%strata' AND relkind = 'r'");
    EXPECT_LE(companion.size(), 63) << companion.toStdString();
    EXPECT_NE(companion, longest);
    EXPECT_EQ(m_probe->historyCount(companion), 2) << companion.toStdString();
    const CliResult status = cli({ QStringLiteral("--table"), longest, QStringLiteral("status") });
    EXPECT_EQ(status.exitCode, 0) << status.describe();
    const CliResult down = cli({ QStringLiteral("--table"), longest, QStringLiteral("down") });
    EXPECT_EQ(down.exitCode, 0) << down.describe();
    EXPECT_EQ(m_probe->historyCount(longest), 1);

    // Longer than PostgreSQL keeps: refused before anything is created.
    const QString tooLong(64, QLatin1Char('x'));
    const CliResult refused = cli({ QStringLiteral("--table"), tooLong, QStringLiteral("up") });
    EXPECT_NE(refused.exitCode, 0) << refused.describe();
    EXPECT_TRUE(refused.err.contains(QLatin1String("is 64 bytes long; PostgreSQL keeps only 63 bytes")))
        << refused.describe();
    EXPECT_EQ(
        m_probe->scalar("SELECT count(*) FROM pg_class WHERE relname LIKE 'xxx%'"), QStringLiteral("0"));
}

// Issue 14: --password-stdin echoed the password on a terminal. `script` gives
// the CLI a real pseudo-terminal; what the terminal shows comes back on stdout.
TEST_F(CliTest, PasswordStdinDoesNotEchoOnATerminal)
{
    const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
    ASSERT_FALSE(script.isEmpty()) << "script (util-linux) is needed for a pseudo-terminal";
    m_folder.add(1700000000001, QStringLiteral("One"), "CREATE TABLE one (id int);", "DROP TABLE one;");
    QProcess terminal;
    terminal.setEnvironment(
        environmentWithout(TestCluster::childEnvironment(m_settings), QStringLiteral("PGPASSWORD")));
    terminal.start(script,
        { QStringLiteral("-qec"),
            QStringLiteral("'%1' --password-stdin --migrations '%2' status")
                .arg(QStringLiteral(STRATA_CLI_PATH), m_folder.path()),
            QStringLiteral("/dev/null") });
    ASSERT_TRUE(terminal.waitForStarted());
    // Typed only once the CLI asks: the terminal echoes whatever arrives while echo is on.
    QByteArray shown;
    for (int i = 0; i < 300 && !shown.contains("Password: "); ++i) {
        terminal.waitForReadyRead(100);
        shown += terminal.readAllStandardOutput();
    }
    ASSERT_TRUE(shown.contains("Password: ")) << shown.toStdString();
    terminal.write(m_settings.password.toUtf8() + '\n');
    ASSERT_TRUE(terminal.waitForFinished(60000));
    shown += terminal.readAllStandardOutput();
    EXPECT_EQ(terminal.exitCode(), 0) << shown.toStdString();
    EXPECT_TRUE(shown.contains("pending")) << shown.toStdString();
    EXPECT_FALSE(shown.contains(m_settings.password.toUtf8())) << "the password was echoed";
}

// Issue 14: a process holding passwords could dump core with them.
TEST_F(CliTest, TheCliCannotDumpCore)
{
    QProcess cli;
    cli.setEnvironment(
        environmentWithout(TestCluster::childEnvironment(m_settings), QStringLiteral("PGPASSWORD")));
    // It waits for the password on standard input, which stays open meanwhile.
    cli.start(QStringLiteral(STRATA_CLI_PATH),
        { QStringLiteral("--password-stdin"), QStringLiteral("--migrations"), m_folder.path(),
            QStringLiteral("status") });
    ASSERT_TRUE(cli.waitForStarted());
    const QRegularExpression none(QStringLiteral("Max core file size\\s+0\\s+0\\s"));
    QString limits;
    for (int i = 0; i < 300 && !none.match(limits).hasMatch(); ++i) {
        QThread::msleep(20);
        QFile f(QStringLiteral("/proc/%1/limits").arg(cli.processId()));
        if (f.open(QIODevice::ReadOnly))
            limits = QString::fromLatin1(f.readAll());
    }
    EXPECT_TRUE(none.match(limits).hasMatch()) << limits.toStdString();
    cli.write(m_settings.password.toUtf8() + '\n');
    cli.closeWriteChannel();
    ASSERT_TRUE(cli.waitForFinished(60000));
    EXPECT_EQ(cli.exitCode(), 0) << cli.readAllStandardError().toStdString();
}

// Issue 15: a psql user's first command. -h is the host and -p the port, as
// in psql and pg_dump; help is --help or -?.
TEST_F(CliTest, ConnectionOptionsFollowPsql)
{
    m_folder.add(1700000000001, QStringLiteral("One"), "CREATE TABLE one (id int);", "DROP TABLE one;");
    QStringList env = TestCluster::childEnvironment(m_settings);
    for (const char *variable : { "PGHOST", "PGPORT", "PGUSER", "PGDATABASE" })
        env = environmentWithout(env, QLatin1String(variable));
    const CliResult up = CliProcess::run(
        { QStringLiteral("-h"), m_settings.host, QStringLiteral("-p"), QString::number(m_settings.port),
            QStringLiteral("-U"), m_settings.user, QStringLiteral("-d"), m_settings.database,
            QStringLiteral("--migrations"), m_folder.path(), QStringLiteral("up") },
        env);
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("one")));

    for (const QString &help : { QStringLiteral("--help"), QStringLiteral("-?") }) {
        const CliResult r = CliProcess::run({ help }, env);
        EXPECT_EQ(r.exitCode, 0) << r.describe();
        EXPECT_TRUE(r.out.contains(QLatin1String("-h, --host <HOST>"))) << r.describe();
        EXPECT_TRUE(r.out.contains(QLatin1String("-p, --port <PORT>"))) << r.describe();
    }
}

// Issue 15: each command owns its options; another command's option is refused
// with the commands that take it.
TEST_F(CliTest, AnotherCommandsOptionIsRefusedWithItsOwners)
{
    const CliResult r = cli({ QStringLiteral("status"), QStringLiteral("--count"), QStringLiteral("2") });
    EXPECT_EQ(r.exitCode, 2) << r.describe();
    EXPECT_TRUE(r.err.contains(QLatin1String("--count is an option of down/preflight/fleet, not of status")))
        << r.describe();
    const CliResult lint = cli({ QStringLiteral("validate"), QStringLiteral("--dry-run") });
    EXPECT_EQ(lint.exitCode, 2) << lint.describe();
    EXPECT_TRUE(lint.err.contains(QLatin1String("--dry-run is an option of up/down, not of validate")))
        << lint.describe();
}

// Issue 15: validate and the editor share one check (MigrationCheck). validate
// used to parse the down section only, so a down that `down` would refuse
// (CONCURRENTLY inside the migration's transaction) passed it.
TEST_F(CliTest, ValidateChecksTheDownAsTheRunnerWould)
{
    m_folder.add(1700000000001, QStringLiteral("Index"), "CREATE TABLE t (id int);",
        "DROP INDEX CONCURRENTLY IF EXISTS t_id;\nDROP TABLE t;");
    const CliResult r = cli({ QStringLiteral("validate") });
    EXPECT_EQ(r.exitCode, 3) << r.describe();
    EXPECT_TRUE(r.err.contains(QLatin1String("1700000000001-Index.sql:"))) << r.describe();
    EXPECT_TRUE(r.err.contains(QLatin1String("CONCURRENTLY"))) << r.describe();
}
