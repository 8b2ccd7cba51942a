// Strata through PgBouncer (Debian's, started by the test in front of the test
// cluster): in transaction and statement pooling mode a run's session-level
// migration lock and settings do not survive, so runs are refused with a
// message that says to connect directly, and nothing is applied; reads
// (status) work; in session mode runs work.
#include "integration/CliProcess.h"
#include "runner/RunTargetCheck.h"
#include "service/MigrationWorker.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"
#include "support/TestPooler.h"

#include <QDeadlineTimer>
#include <QSignalSpy>

#include <gtest/gtest.h>

namespace {

// A pooler that cannot start fails the test in CI (CI=true) and skips it elsewhere.
#define STRATA_START_POOLER(var, mode)                                                                       \
    STRATA_REQUIRE_CLUSTER();                                                                                \
    Result<std::unique_ptr<TestPooler>> var##Started = TestPooler::start(TestCluster::instance(), mode);     \
    if (!var##Started) {                                                                                     \
        if (TestCluster::required())                                                                         \
            FAIL() << "PgBouncer did not start: " << var##Started.error().toString().toStdString();          \
        GTEST_SKIP() << "no PgBouncer (this would fail with CI=true): "                                      \
                     << var##Started.error().toString().toStdString();                                       \
    }                                                                                                        \
    TestPooler &var = **var##Started

void addTwoMigrations(MigrationFolder &folder)
{
    folder.add(1700000000001, QStringLiteral("CreateUsers"), "CREATE TABLE users (id int PRIMARY KEY);",
        "DROP TABLE users;");
    folder.add(1700000000002, QStringLiteral("CreateOrders"),
        "CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users);", "DROP TABLE orders;");
}

QString advisoryLocks(DbProbe &probe)
{
    return probe.scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'");
}

RunTargetCheck::Endpoint endpointOf(const ConnectionSettings &settings)
{
    Result<std::unique_ptr<PgConnection>> c = PgConnection::open(settings);
    EXPECT_TRUE(c.ok()) << (c ? std::string() : c.error().toString().toStdString());
    if (!c)
        return RunTargetCheck::Endpoint::Server;
    Result<RunTargetCheck::Finding> found = RunTargetCheck::inspect(**c);
    EXPECT_TRUE(found.ok()) << (found ? std::string() : found.error().toString().toStdString());
    return found ? found->endpoint : RunTargetCheck::Endpoint::Server;
}

} // namespace

TEST(RunTargetCheck, ADirectConnectionIsTheServer)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings direct = TestCluster::freshDatabase(QStringLiteral("direct"));
    EXPECT_EQ(endpointOf(direct), RunTargetCheck::Endpoint::Server);
}

TEST(RunTargetCheck, TellsThePoolingModes)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings direct = TestCluster::freshDatabase(QStringLiteral("modes"));
    STRATA_START_POOLER(session, TestPooler::Mode::Session);
    STRATA_START_POOLER(transaction, TestPooler::Mode::Transaction);
    STRATA_START_POOLER(statement, TestPooler::Mode::Statement);
    EXPECT_EQ(
        endpointOf(session.connectionSettings(direct.database)), RunTargetCheck::Endpoint::SessionPooler)
        << session.log().toStdString();
    EXPECT_EQ(endpointOf(transaction.connectionSettings(direct.database)),
        RunTargetCheck::Endpoint::TransactionPooler)
        << transaction.log().toStdString();
    EXPECT_EQ(endpointOf(statement.connectionSettings(direct.database)),
        RunTargetCheck::Endpoint::TransactionPooler)
        << statement.log().toStdString();
}

// The check holds when other clients use the pooler at the same time: a
// second client idle in its own session, another busy in a transaction.
TEST(RunTargetCheck, TellsTheModesWhileOtherClientsUseThePool)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings direct = TestCluster::freshDatabase(QStringLiteral("busy"));
    for (const TestPooler::Mode mode : { TestPooler::Mode::Session, TestPooler::Mode::Transaction }) {
        STRATA_START_POOLER(pooler, mode);
        const ConnectionSettings through = pooler.connectionSettings(direct.database);
        DbProbe idle(through);
        DbProbe busy(through);
        ASSERT_TRUE(idle.exec("SELECT 1"));
        ASSERT_TRUE(busy.exec("BEGIN"));
        ASSERT_TRUE(busy.exec("SELECT 1"));
        EXPECT_EQ(endpointOf(through),
            mode == TestPooler::Mode::Session ? RunTargetCheck::Endpoint::SessionPooler
                                              : RunTargetCheck::Endpoint::TransactionPooler)
            << pooler.log().toStdString();
        busy.exec("ROLLBACK");
    }
}

// PgBouncer's other order of handing out server sessions, with a pool warmed
// up to several idle ones.
TEST(RunTargetCheck, TellsTransactionModeWithRoundRobinSessions)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings direct = TestCluster::freshDatabase(QStringLiteral("rr"));
    Result<std::unique_ptr<TestPooler>> started = TestPooler::start(
        TestCluster::instance(), TestPooler::Mode::Transaction, { QStringLiteral("server_round_robin = 1") });
    ASSERT_TRUE(started.ok()) << started.error().toString().toStdString();
    const ConnectionSettings through = (*started)->connectionSettings(direct.database);
    {
        // Four server sessions at once, then idle in the pool.
        std::vector<std::unique_ptr<DbProbe>> clients;
        for (int i = 0; i < 4; ++i) {
            clients.push_back(std::make_unique<DbProbe>(through));
            ASSERT_TRUE(clients.back()->exec("BEGIN"));
            ASSERT_TRUE(clients.back()->exec("SELECT 1"));
        }
        for (auto &client : clients)
            client->exec("COMMIT");
    }
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(endpointOf(through), RunTargetCheck::Endpoint::TransactionPooler)
            << (*started)->log().toStdString();
}

TEST(PoolerCli, UpThroughATransactionPoolerIsRefusedAndAppliesNothing)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings direct = TestCluster::freshDatabase(QStringLiteral("txpool"));
    STRATA_START_POOLER(pooler, TestPooler::Mode::Transaction);
    MigrationFolder folder;
    addTwoMigrations(folder);
    const ConnectionSettings through = pooler.connectionSettings(direct.database);
    const CliResult up
        = CliProcess::run({ QStringLiteral("--migrations"), folder.path(), QStringLiteral("up") }, through);
    EXPECT_EQ(up.exitCode, 1) << up.describe();
    EXPECT_TRUE(up.err.contains(QLatin1String("connection pooler in transaction or statement pooling mode")))
        << up.describe();
    EXPECT_TRUE(up.err.contains(QLatin1String("connect directly to the server (not the pooler)")))
        << up.describe();
    // Names where it connected: the pooler's socket folder and port.
    EXPECT_TRUE(up.err.contains(QStringLiteral("%1:%2").arg(pooler.socketDirectory()).arg(pooler.port())))
        << up.describe();
    EXPECT_TRUE(up.err.contains(QStringLiteral("listens on port %1").arg(TestCluster::instance().port())))
        << up.describe();

    DbProbe probe(direct);
    EXPECT_FALSE(probe.tableExists(QStringLiteral("users")));
    EXPECT_FALSE(probe.tableExists(QStringLiteral("migrations")));
    // Refused before the lock: no advisory lock stays behind on a pooled session.
    EXPECT_EQ(advisoryLocks(probe), QLatin1String("0"));

    const CliResult down
        = CliProcess::run({ QStringLiteral("--migrations"), folder.path(), QStringLiteral("down") }, through);
    EXPECT_EQ(down.exitCode, 1) << down.describe();
    EXPECT_TRUE(down.err.contains(QLatin1String("connect directly to the server"))) << down.describe();
}

TEST(PoolerCli, UpThroughAStatementPoolerIsRefused)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings direct = TestCluster::freshDatabase(QStringLiteral("stpool"));
    STRATA_START_POOLER(pooler, TestPooler::Mode::Statement);
    MigrationFolder folder;
    addTwoMigrations(folder);
    const CliResult up
        = CliProcess::run({ QStringLiteral("--migrations"), folder.path(), QStringLiteral("up") },
            pooler.connectionSettings(direct.database));
    EXPECT_EQ(up.exitCode, 1) << up.describe();
    EXPECT_TRUE(up.err.contains(QLatin1String("refused a second client's BEGIN"))) << up.describe();
    EXPECT_TRUE(up.err.contains(QLatin1String("connect directly to the server"))) << up.describe();
    DbProbe probe(direct);
    EXPECT_FALSE(probe.tableExists(QStringLiteral("users")));
}

TEST(PoolerCli, StatusDryRunAndDiffThroughATransactionPoolerWork)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings direct = TestCluster::freshDatabase(QStringLiteral("txstatus"));
    STRATA_START_POOLER(pooler, TestPooler::Mode::Transaction);
    MigrationFolder folder;
    addTwoMigrations(folder);
    folder.add(
        1700000000003, QStringLiteral("CreateItems"), "CREATE TABLE items (id int);", "DROP TABLE items;");
    // Applied directly, as the message says to.
    const CliResult applied
        = CliProcess::run({ QStringLiteral("--migrations"), folder.path(), QStringLiteral("up"),
                              QStringLiteral("--to"), QStringLiteral("1700000000002") },
            direct);
    ASSERT_EQ(applied.exitCode, 0) << applied.describe();

    const ConnectionSettings through = pooler.connectionSettings(direct.database);
    const CliResult status = CliProcess::run(
        { QStringLiteral("--migrations"), folder.path(), QStringLiteral("--json"), QStringLiteral("status") },
        through);
    EXPECT_EQ(status.exitCode, 0) << status.describe();
    EXPECT_EQ(status.out.count(QLatin1String("\"state\": \"applied\"")), 2) << status.describe();
    EXPECT_EQ(status.out.count(QLatin1String("\"state\": \"pending\"")), 1) << status.describe();

    const CliResult dryRun = CliProcess::run(
        { QStringLiteral("--migrations"), folder.path(), QStringLiteral("up"), QStringLiteral("--dry-run") },
        through);
    EXPECT_EQ(dryRun.exitCode, 0) << dryRun.describe();
    EXPECT_TRUE(dryRun.out.contains(QLatin1String("CreateItems1700000000003"))) << dryRun.describe();
    DbProbe probe(direct);
    EXPECT_FALSE(probe.tableExists(QStringLiteral("items")));

    // The migrations replayed into a shadow database (created through the
    // pooler, the role may create databases) against the database: the
    // pending CreateItems is the difference.
    const CliResult diff
        = CliProcess::run({ QStringLiteral("--migrations"), folder.path(), QStringLiteral("--json"),
                              QStringLiteral("diff"), QStringLiteral("--from"), QStringLiteral("connection"),
                              QStringLiteral("--to"), QStringLiteral("migrations") },
            through);
    EXPECT_EQ(diff.exitCode, 0) << diff.describe();
    EXPECT_TRUE(diff.out.contains(QLatin1String("items"))) << diff.describe();
    EXPECT_FALSE(diff.out.contains(QLatin1String("orders"))) << diff.describe();
    EXPECT_TRUE(
        probe.column("SELECT datname FROM pg_database WHERE datname LIKE 'strata_shadow_%'").isEmpty());
}

TEST(PoolerCli, UpAndDownThroughASessionPoolerWork)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings direct = TestCluster::freshDatabase(QStringLiteral("sspool"));
    STRATA_START_POOLER(pooler, TestPooler::Mode::Session);
    MigrationFolder folder;
    addTwoMigrations(folder);
    const ConnectionSettings through = pooler.connectionSettings(direct.database);
    const CliResult up
        = CliProcess::run({ QStringLiteral("--migrations"), folder.path(), QStringLiteral("up") }, through);
    EXPECT_EQ(up.exitCode, 0) << up.describe() << pooler.log().toStdString();
    DbProbe probe(direct);
    EXPECT_TRUE(probe.tableExists(QStringLiteral("orders")));
    EXPECT_EQ(probe.historyCount(), 2);
    const CliResult down
        = CliProcess::run({ QStringLiteral("--migrations"), folder.path(), QStringLiteral("down") }, through);
    EXPECT_EQ(down.exitCode, 0) << down.describe();
    EXPECT_FALSE(probe.tableExists(QStringLiteral("orders")));
    EXPECT_EQ(probe.historyCount(), 1);
}

// Behind a session pooler our server session's pid is not the one the pooler
// sent at login; the lock-wait watch looks for the server's.
TEST(PoolerCli, ThroughASessionPoolerTheLockWaitWatchNamesTheBlocker)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings direct = TestCluster::freshDatabase(QStringLiteral("sswait"));
    STRATA_START_POOLER(pooler, TestPooler::Mode::Session);
    MigrationFolder folder;
    folder.add(
        1700000000001, QStringLiteral("WaitForTheOther"), "SELECT pg_advisory_xact_lock(777);", "SELECT 1;");
    DbProbe other(direct);
    ASSERT_TRUE(other.exec("SELECT pg_advisory_lock(777)"));
    auto process = CliProcess::start({ QStringLiteral("--migrations"), folder.path(), QStringLiteral("up") },
        pooler.connectionSettings(direct.database));
    QString err;
    const QDeadlineTimer deadline(60000);
    while (!err.contains(QLatin1String("blocked by:")) && process->state() != QProcess::NotRunning
        && !deadline.hasExpired()) {
        process->waitForReadyRead(100);
        err += QString::fromUtf8(process->readAllStandardError());
    }
    ASSERT_TRUE(other.exec("SELECT pg_advisory_unlock(777)"));
    CliResult run = CliProcess::finish(*process);
    run.err.prepend(err);
    EXPECT_EQ(run.exitCode, 0) << run.describe();
    EXPECT_TRUE(run.err.contains(QStringLiteral("pid %1 (").arg(other.connection().backendPid())))
        << run.describe();
    EXPECT_TRUE(run.err.contains(QLatin1String("no longer blocked"))) << run.describe();
    EXPECT_EQ(DbProbe(direct).historyCount(), 1);
}

// The app's run path (MigrationWorker, in core) goes through the same check.
TEST(PoolerWorker, RunsThroughATransactionPoolerAreRefused)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings direct = TestCluster::freshDatabase(QStringLiteral("txworker"));
    STRATA_START_POOLER(pooler, TestPooler::Mode::Transaction);
    MigrationFolder folder;
    addTwoMigrations(folder);
    MigrationWorker worker;
    QSignalSpy finished(&worker, &MigrationWorker::runFinished);
    RunOptions options;
    options.history = HistoryTable {};
    worker.runUp(7, pooler.connectionSettings(direct.database), options, folder.path(), UpOptions {});
    ASSERT_EQ(finished.count(), 1);
    const RunReport report = finished.at(0).at(1).value<RunReport>();
    ASSERT_TRUE(report.error.has_value());
    EXPECT_TRUE(report.error->message.contains(QLatin1String("connect directly to the server")))
        << report.error->toString().toStdString();
    EXPECT_TRUE(report.completed.isEmpty());
    DbProbe probe(direct);
    EXPECT_FALSE(probe.tableExists(QStringLiteral("users")));
    EXPECT_EQ(advisoryLocks(probe), QLatin1String("0"));
}
