#include "sandbox/SandboxCluster.h"
#include "db/PgConnection.h"
#include "support/TestCluster.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <memory>

#include <unistd.h>

namespace {

// Why a query failed, or empty when `SELECT 1` returned 1.
QString selectOne(ConnectionSettings s)
{
    s.connectTimeoutSeconds = 10;
    Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(s);
    if (!connection)
        return connection.error().toString();
    PgResult result = (*connection)->exec("SELECT 1");
    if (!result.ok())
        return result.error().toString();
    if (result.value(0, 0) != QLatin1String("1"))
        return QStringLiteral("SELECT 1 returned %1").arg(result.value(0, 0));
    return {};
}

// kill(0) also reports zombies, and the PID 1 of a container may never reap them.
bool alive(qint64 pid)
{
    if (pid <= 0 || ::kill(static_cast<pid_t>(pid), 0) != 0)
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close < 0 || close + 2 >= text.size() || text.at(close + 2) != 'Z';
}

template<typename Predicate> bool eventually(Predicate predicate, int timeoutMs = 20'000)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!predicate()) {
        if (deadline.hasExpired())
            return false;
        QThread::msleep(100);
    }
    return true;
}

std::unique_ptr<SandboxCluster> startOrFail(const SandboxCluster::Options &options)
{
    Result<std::unique_ptr<SandboxCluster>> started = SandboxCluster::start(options);
    if (!started) {
        ADD_FAILURE() << started.error().toString().toStdString();
        return nullptr;
    }
    return std::move(started).value();
}

ConnectionSettings overTcp(ConnectionSettings s)
{
    s.host = QStringLiteral("127.0.0.1");
    return s;
}

} // namespace

TEST(SandboxClusterTest, FindsTheServerBinaries)
{
    const QString binDir = SandboxCluster::postgresBinDir();
    ASSERT_FALSE(binDir.isEmpty()) << "no PostgreSQL server installed";
    EXPECT_TRUE(QFileInfo(binDir + QLatin1String("/postgres")).isExecutable()) << binDir.toStdString();
    EXPECT_TRUE(QFileInfo(binDir + QLatin1String("/initdb")).isExecutable()) << binDir.toStdString();
}

// One password-protected cluster shared by the tests that only read from it.
class PasswordSandboxTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        SandboxCluster::Options options;
        options.superuserPassword = QStringLiteral("correct horse 'battery' \\staple");
        Result<std::unique_ptr<SandboxCluster>> started = SandboxCluster::start(options);
        if (started)
            s_cluster = std::move(started).value();
        else
            s_startError = started.error().toString();
    }
    static void TearDownTestSuite() { s_cluster.reset(); }

    void SetUp() override { ASSERT_TRUE(s_cluster) << s_startError.toStdString(); }

    static inline std::unique_ptr<SandboxCluster> s_cluster;
    static inline QString s_startError;
};

TEST_F(PasswordSandboxTest, AcceptsTheSuperuserPasswordOnTheSocketAndOverTcp)
{
    const ConnectionSettings s = s_cluster->connectionSettings();
    EXPECT_EQ(s.host, s_cluster->socketDirectory());
    EXPECT_EQ(s.port, s_cluster->port());
    EXPECT_EQ(s.user, QStringLiteral("strata"));
    EXPECT_EQ(s.database, QStringLiteral("postgres"));
    EXPECT_GE(s_cluster->port(), 20000);
    EXPECT_LE(s_cluster->port(), 60000);
    EXPECT_EQ(selectOne(s), QString()) << "over the socket";
    EXPECT_EQ(selectOne(overTcp(s)), QString()) << "over 127.0.0.1";
}

TEST_F(PasswordSandboxTest, RejectsAWrongOrMissingPassword)
{
    ConnectionSettings wrong = s_cluster->connectionSettings();
    wrong.password = QStringLiteral("not the password");
    const QString onSocket = selectOne(wrong);
    EXPECT_TRUE(onSocket.contains(QLatin1String("password authentication failed"))) << onSocket.toStdString();
    const QString onTcp = selectOne(overTcp(wrong));
    EXPECT_TRUE(onTcp.contains(QLatin1String("password authentication failed"))) << onTcp.toStdString();

    ConnectionSettings none = s_cluster->connectionSettings();
    none.password.clear();
    EXPECT_NE(selectOne(none), QString());
}

TEST_F(PasswordSandboxTest, LeavesNoPasswordFileBehind)
{
    EXPECT_FALSE(QFileInfo::exists(s_cluster->directory() + QLatin1String("/pwfile")));
    const QStringList entries = QDir(s_cluster->directory()).entryList(QDir::Files | QDir::Hidden);
    EXPECT_EQ(entries, QStringList { QStringLiteral("server.log") });
}

TEST_F(PasswordSandboxTest, CreatesConnectsToAndDropsADatabase)
{
    const QString name = QStringLiteral("sandbox_created");
    const Status created = s_cluster->createDatabase(name);
    ASSERT_TRUE(created) << created.error().toString().toStdString();
    EXPECT_EQ(selectOne(s_cluster->connectionSettings(name)), QString());

    const Status again = s_cluster->createDatabase(name);
    ASSERT_FALSE(again);
    EXPECT_TRUE(again.error().message.contains(QLatin1String("\"sandbox_created\"")))
        << again.error().toString().toStdString();
    EXPECT_TRUE(again.error().message.contains(QLatin1String("already exists")))
        << again.error().toString().toStdString();

    const Status dropped = s_cluster->dropDatabase(name);
    ASSERT_TRUE(dropped) << dropped.error().toString().toStdString();
    EXPECT_NE(selectOne(s_cluster->connectionSettings(name)), QString());

    const Status droppedAgain = s_cluster->dropDatabase(name);
    ASSERT_FALSE(droppedAgain);
    EXPECT_TRUE(droppedAgain.error().message.contains(QLatin1String("\"sandbox_created\"")));
}

TEST_F(PasswordSandboxTest, HandlesDatabaseNamesThatLookLikeOptions)
{
    const QString name = QStringLiteral("-strange name");
    const Status created = s_cluster->createDatabase(name);
    ASSERT_TRUE(created) << created.error().toString().toStdString();
    EXPECT_EQ(selectOne(s_cluster->connectionSettings(name)), QString());
    const Status dropped = s_cluster->dropDatabase(name);
    EXPECT_TRUE(dropped) << dropped.error().toString().toStdString();
}

TEST(SandboxClusterTest, WithoutAPasswordListensOnItsPrivateSocketOnly)
{
    const std::unique_ptr<SandboxCluster> cluster = startOrFail({});
    ASSERT_TRUE(cluster);
    EXPECT_TRUE(cluster->connectionSettings().password.isEmpty());
    EXPECT_EQ(selectOne(cluster->connectionSettings()), QString());
    EXPECT_NE(selectOne(overTcp(cluster->connectionSettings())), QString());
    EXPECT_EQ(QFileInfo(cluster->socketDirectory()).permissions()
            & (QFileDevice::ReadOther | QFileDevice::ExeOther | QFileDevice::ReadGroup
                | QFileDevice::ExeGroup),
        QFileDevice::Permissions());
}

TEST(SandboxClusterTest, TwoClustersRunSideBySideOnDifferentPorts)
{
    SandboxCluster::Options options;
    options.superuserPassword = QStringLiteral("pw");
    const std::unique_ptr<SandboxCluster> first = startOrFail(options);
    const std::unique_ptr<SandboxCluster> second = startOrFail(options);
    ASSERT_TRUE(first && second);
    EXPECT_NE(first->port(), second->port());
    EXPECT_NE(first->directory(), second->directory());
    EXPECT_EQ(selectOne(overTcp(first->connectionSettings())), QString());
    EXPECT_EQ(selectOne(overTcp(second->connectionSettings())), QString());
}

TEST(SandboxClusterTest, StopRemovesATemporaryClusterAndIsIdempotent)
{
    std::unique_ptr<SandboxCluster> cluster = startOrFail({});
    ASSERT_TRUE(cluster);
    const QString directory = cluster->directory();
    const QString data = cluster->dataDirectory();
    const qint64 pid = cluster->postmasterPid();
    ASSERT_TRUE(QFileInfo::exists(data + QLatin1String("/PG_VERSION")));
    ASSERT_TRUE(alive(pid));

    const Status stopped = cluster->stop();
    ASSERT_TRUE(stopped) << stopped.error().toString().toStdString();
    EXPECT_FALSE(cluster->isRunning());
    EXPECT_FALSE(QFileInfo::exists(data));
    EXPECT_FALSE(QFileInfo::exists(directory));
    EXPECT_TRUE(eventually([&] { return !alive(pid); }));
    EXPECT_TRUE(cluster->stop());
    EXPECT_FALSE(cluster->createDatabase(QStringLiteral("late")));
    cluster.reset();
}

TEST(SandboxClusterTest, DestructionStopsATemporaryCluster)
{
    std::unique_ptr<SandboxCluster> cluster = startOrFail({});
    ASSERT_TRUE(cluster);
    const QString directory = cluster->directory();
    const qint64 pid = cluster->postmasterPid();
    cluster.reset();
    EXPECT_FALSE(QFileInfo::exists(directory));
    EXPECT_TRUE(eventually([&] { return !alive(pid); }));
}

TEST(SandboxClusterTest, PersistentSandboxIsReattachedThenRestarted)
{
    QTemporaryDir parent;
    ASSERT_TRUE(parent.isValid());
    SandboxCluster::Options options;
    options.directory = parent.path();
    options.stopOnDestruction = false;

    std::unique_ptr<SandboxCluster> first = startOrFail(options);
    ASSERT_TRUE(first);
    const int port = first->port();
    const qint64 pid = first->postmasterPid();
    ASSERT_TRUE(first->createDatabase(QStringLiteral("kept")));
    first.reset();
    ASSERT_TRUE(alive(pid)) << "stopOnDestruction=false must leave the server running";

    // Still running: attached, not started again.
    std::unique_ptr<SandboxCluster> second = startOrFail(options);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->port(), port);
    EXPECT_EQ(second->postmasterPid(), pid);
    EXPECT_EQ(selectOne(second->connectionSettings(QStringLiteral("kept"))), QString());
    const Status stopped = second->stop();
    ASSERT_TRUE(stopped) << stopped.error().toString().toStdString();
    EXPECT_TRUE(eventually([&] { return !alive(pid); }));
    EXPECT_TRUE(QFileInfo::exists(parent.path() + QLatin1String("/data/PG_VERSION")))
        << "a persistent folder stays";
    second.reset();

    // Stopped: started again on the same data.
    options.stopOnDestruction = true;
    std::unique_ptr<SandboxCluster> third = startOrFail(options);
    ASSERT_TRUE(third);
    EXPECT_NE(third->postmasterPid(), pid);
    EXPECT_EQ(selectOne(third->connectionSettings(QStringLiteral("kept"))), QString());
    const qint64 thirdPid = third->postmasterPid();
    third.reset();
    EXPECT_TRUE(eventually([&] { return !alive(thirdPid); })) << "stopOnDestruction=true stops it";
    EXPECT_TRUE(QFileInfo::exists(parent.path() + QLatin1String("/data/PG_VERSION")));
}

TEST(SandboxClusterTest, PersistentSandboxRefusesAPassword)
{
    QTemporaryDir parent;
    ASSERT_TRUE(parent.isValid());
    SandboxCluster::Options options;
    options.directory = parent.path();
    options.superuserPassword = QStringLiteral("secret");
    const Result<std::unique_ptr<SandboxCluster>> started = SandboxCluster::start(options);
    ASSERT_FALSE(started);
    EXPECT_EQ(started.error().kind, StrataError::Kind::Usage);
}

TEST(SandboxClusterTest, AServerThatCannotStartIsReportedWithItsLog)
{
    QTemporaryDir parent;
    ASSERT_TRUE(parent.isValid());
    SandboxCluster::Options options;
    options.directory = parent.path();
    ASSERT_TRUE(startOrFail(options)); // initialised, then stopped on destruction

    QFile config(parent.path() + QLatin1String("/data/postgresql.conf"));
    ASSERT_TRUE(config.open(QIODevice::Append));
    config.write("shared_buffers = 'a lot'\n");
    config.close();

    const Result<std::unique_ptr<SandboxCluster>> started = SandboxCluster::start(options);
    ASSERT_FALSE(started);
    EXPECT_EQ(started.error().kind, StrataError::Kind::Environment);
    EXPECT_TRUE(started.error().message.contains(QLatin1String("shared_buffers")))
        << started.error().toString().toStdString();
}

TEST(SandboxClusterTest, MissingServerBinariesAreAnEnvironmentError)
{
    qputenv("STRATA_PG_BINDIR", "/nonexistent/strata/bin");
    const Result<std::unique_ptr<SandboxCluster>> started = SandboxCluster::start({});
    qunsetenv("STRATA_PG_BINDIR");
    ASSERT_FALSE(started);
    EXPECT_EQ(started.error().kind, StrataError::Kind::Environment);
    EXPECT_TRUE(started.error().message.contains(QLatin1String("/nonexistent/strata/bin")));
}

TEST(SandboxClusterTest, DefaultPersistentDirectoryIsPerUser)
{
    const QString dir = SandboxCluster::defaultPersistentDirectory();
    EXPECT_FALSE(dir.isEmpty());
    EXPECT_TRUE(dir.contains(QLatin1String("strata-sandbox")));
}

// Run in a child by the next test: starts a cluster, reports it, and dies the way
// a crashing or killed test binary does, without running a single destructor.
TEST(SandboxClusterTest, DISABLED_CrashHelper)
{
    if (qEnvironmentVariable("STRATA_SANDBOX_CRASH_HELPER") != QLatin1String("1"))
        GTEST_SKIP() << "only run by KilledProcessLeavesNoServerOrFolderBehind";
    SandboxCluster::Options options;
    options.superuserPassword = QStringLiteral("pw");
    std::unique_ptr<SandboxCluster> cluster = startOrFail(options);
    ASSERT_TRUE(cluster);
    std::printf("SANDBOX %lld %s\n", static_cast<long long>(cluster->postmasterPid()),
        qPrintable(cluster->directory()));
    std::fflush(stdout);
    ::kill(::getpid(), SIGKILL);
}

TEST(SandboxClusterTest, KilledProcessLeavesNoServerOrFolderBehind)
{
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("STRATA_SANDBOX_CRASH_HELPER"), QStringLiteral("1"));
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::SeparateChannels);
    child.start(QCoreApplication::applicationFilePath(),
        { QStringLiteral("--gtest_filter=SandboxClusterTest.DISABLED_CrashHelper"),
            QStringLiteral("--gtest_also_run_disabled_tests") });
    ASSERT_TRUE(child.waitForFinished(60'000));
    const QString output = QString::fromLocal8Bit(child.readAllStandardOutput());
    ASSERT_EQ(child.exitStatus(), QProcess::CrashExit) << output.toStdString();

    const qsizetype at = output.indexOf(QLatin1String("SANDBOX "));
    ASSERT_GE(at, 0) << output.toStdString()
                     << QString::fromLocal8Bit(child.readAllStandardError()).toStdString();
    const QStringList fields = output.mid(at).section(QLatin1Char('\n'), 0, 0).split(QLatin1Char(' '));
    ASSERT_EQ(fields.size(), 3);
    const qint64 pid = fields.at(1).toLongLong();
    const QString directory = fields.at(2);
    ASSERT_GT(pid, 0);
    ASSERT_TRUE(directory.contains(QLatin1String("strata-sandbox-")));

    EXPECT_TRUE(eventually([&] { return !alive(pid); })) << "postmaster " << pid << " survived its owner";
    EXPECT_TRUE(eventually([&] { return !QFileInfo::exists(directory); })) << directory.toStdString();
}

// Run in a child by the next test: starts a cluster, makes postmaster.pid name
// another process (as the postgres user, or a superuser's COPY ... TO, could),
// and dies without running a destructor.
TEST(SandboxClusterTest, DISABLED_DecoyHelper)
{
    const QString decoy = qEnvironmentVariable("STRATA_SANDBOX_DECOY_PID");
    if (decoy.isEmpty())
        GTEST_SKIP() << "only run by TheWatchdogStopsTheServerItStartedNotWhatThePidFileNames";
    SandboxCluster::Options options;
    options.superuserPassword = QStringLiteral("pw");
    std::unique_ptr<SandboxCluster> cluster = startOrFail(options);
    ASSERT_TRUE(cluster);
    QFile pidFile(cluster->dataDirectory() + QLatin1String("/postmaster.pid"));
    ASSERT_TRUE(pidFile.open(QIODevice::ReadOnly));
    QList<QByteArray> lines = pidFile.readAll().split('\n');
    pidFile.close();
    lines[0] = decoy.toLatin1();
    ASSERT_TRUE(pidFile.open(QIODevice::WriteOnly | QIODevice::Truncate));
    pidFile.write(lines.join('\n'));
    pidFile.close();
    std::printf("SANDBOX %lld %s\n", static_cast<long long>(cluster->postmasterPid()),
        qPrintable(cluster->directory()));
    std::fflush(stdout);
    ::kill(::getpid(), SIGKILL);
}

// Issue 14: the watchdog signalled whatever postmaster.pid named; run as root,
// that let the postgres user have any process killed.
TEST(SandboxClusterTest, TheWatchdogStopsTheServerItStartedNotWhatThePidFileNames)
{
    QProcess decoy;
    decoy.start(QStringLiteral("sleep"), { QStringLiteral("600") });
    ASSERT_TRUE(decoy.waitForStarted());
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("STRATA_SANDBOX_DECOY_PID"), QString::number(decoy.processId()));
    child.setProcessEnvironment(env);
    child.start(QCoreApplication::applicationFilePath(),
        { QStringLiteral("--gtest_filter=SandboxClusterTest.DISABLED_DecoyHelper"),
            QStringLiteral("--gtest_also_run_disabled_tests") });
    ASSERT_TRUE(child.waitForFinished(60'000));
    const QString output = QString::fromLocal8Bit(child.readAllStandardOutput());
    ASSERT_EQ(child.exitStatus(), QProcess::CrashExit) << output.toStdString();
    const qsizetype at = output.indexOf(QLatin1String("SANDBOX "));
    ASSERT_GE(at, 0) << output.toStdString();
    const QStringList fields = output.mid(at).section(QLatin1Char('\n'), 0, 0).split(QLatin1Char(' '));
    ASSERT_EQ(fields.size(), 3);
    const qint64 pid = fields.at(1).toLongLong();
    const QString directory = fields.at(2);

    EXPECT_TRUE(eventually([&] { return !alive(pid); })) << "postmaster " << pid << " survived its owner";
    // The folder goes last, after the watchdog signalled what it signals.
    EXPECT_TRUE(eventually([&] { return !QFileInfo::exists(directory); })) << directory.toStdString();
    EXPECT_TRUE(alive(decoy.processId())) << "the watchdog killed the process postmaster.pid named";
    decoy.kill();
    decoy.waitForFinished();
}

// Issue 14: the persistent (trust) sandbox's pg_hba.conf trusted 127.0.0.1 and
// ::1: anyone turning TCP on let every local user in as superuser.
TEST(SandboxClusterTest, ATrustSandboxTrustsOnlyItsPrivateSocket)
{
    QTemporaryDir parent;
    ASSERT_TRUE(parent.isValid());
    SandboxCluster::Options options;
    options.directory = parent.path();
    // Listening on TCP too, so that pg_hba.conf alone decides.
    options.serverSettings = { QStringLiteral("listen_addresses=127.0.0.1") };
    {
        std::unique_ptr<SandboxCluster> cluster = startOrFail(options);
        ASSERT_TRUE(cluster);
        EXPECT_EQ(selectOne(cluster->connectionSettings()), QString());
        const QString overTcpProblem = selectOne(overTcp(cluster->connectionSettings()));
        EXPECT_TRUE(overTcpProblem.contains(QLatin1String("pg_hba.conf"))) << overTcpProblem.toStdString();
    }
    // A folder an earlier version made, with its host trust lines: tightened on start.
    QFile hba(parent.path() + QLatin1String("/data/pg_hba.conf"));
    ASSERT_TRUE(hba.open(QIODevice::Append));
    hba.write("host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n");
    hba.close();
    std::unique_ptr<SandboxCluster> again = startOrFail(options);
    ASSERT_TRUE(again);
    EXPECT_EQ(selectOne(again->connectionSettings()), QString());
    const QString problem = selectOne(overTcp(again->connectionSettings()));
    EXPECT_TRUE(problem.contains(QLatin1String("pg_hba.conf"))) << problem.toStdString();
}

TEST(TestClusterTest, FreshDatabasesAreDistinctAndReachableWithThePassword)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings a = TestCluster::freshDatabase();
    const ConnectionSettings b = TestCluster::freshDatabase(QStringLiteral("Other"));
    EXPECT_NE(a.database, b.database);
    EXPECT_TRUE(b.database.startsWith(QLatin1String("other_")));
    EXPECT_FALSE(a.password.isEmpty());
    EXPECT_EQ(selectOne(a), QString());
    EXPECT_EQ(selectOne(overTcp(b)), QString());
}

TEST(TestClusterTest, ChildEnvironmentCarriesTheConnectionAndNoStrayPgVariables)
{
    STRATA_REQUIRE_CLUSTER();
    qputenv("PGSERVICE", "somebody-elses");
    const ConnectionSettings s = TestCluster::instance().connectionSettings();
    const QStringList env = TestCluster::childEnvironment(s);
    qunsetenv("PGSERVICE");
    EXPECT_TRUE(env.contains(QLatin1String("PGHOST=") + s.host));
    EXPECT_TRUE(env.contains(QLatin1String("PGPORT=") + QString::number(s.port)));
    EXPECT_TRUE(env.contains(QLatin1String("PGUSER=strata")));
    EXPECT_TRUE(env.contains(QLatin1String("PGDATABASE=postgres")));
    EXPECT_TRUE(env.contains(QLatin1String("PGPASSWORD=") + s.password));
    EXPECT_FALSE(env.filter(QStringLiteral("PGSERVICE=")).size() > 0);

    // psql, as a strata-cli child would, logs in with nothing but that environment.
    QProcess psql;
    psql.setEnvironment(env);
    psql.start(SandboxCluster::postgresBinDir() + QLatin1String("/psql"),
        { QStringLiteral("-w"), QStringLiteral("-XAtc"), QStringLiteral("SELECT current_user") });
    ASSERT_TRUE(psql.waitForFinished(30'000));
    EXPECT_EQ(psql.exitCode(), 0) << psql.readAllStandardError().toStdString();
    EXPECT_EQ(psql.readAllStandardOutput().trimmed(), QByteArray("strata"));
}
