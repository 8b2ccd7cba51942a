// Two runners at once, and a runner killed mid-migration: the history stays
// exact and the database keeps no trace of a half-applied migration.
#include "CliProcess.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

#include <csignal>

namespace {

bool waitFor(const std::function<bool()> &condition, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (condition())
            return true;
        QThread::msleep(50);
    }
    return condition();
}

} // namespace

TEST(CliConcurrency, TwoRunnersAtOnceApplyEachMigrationExactlyOnce)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings settings = TestCluster::freshDatabase(QStringLiteral("race"));
    DbProbe probe(settings);
    MigrationFolder folder;
    const int count = 20;
    for (int i = 0; i < count; ++i)
        folder.add(1700000000000 + i, QStringLiteral("Step%1").arg(i),
            QStringLiteral("CREATE TABLE step_%1 (id int);\nSELECT pg_sleep(0.02);").arg(i).toUtf8(),
            QStringLiteral("DROP TABLE step_%1;").arg(i).toUtf8());
    const QStringList args { QStringLiteral("--migrations"), folder.path(), QStringLiteral("up") };
    auto first = CliProcess::start(args, settings);
    auto second = CliProcess::start(args, settings);
    const CliResult a = CliProcess::finish(*first);
    const CliResult b = CliProcess::finish(*second);
    EXPECT_EQ(a.exitCode, 0) << a.describe();
    EXPECT_EQ(b.exitCode, 0) << b.describe();
    // Between them every migration was applied once: one applied all of them,
    // the other waited for the lock and found nothing left to do.
    EXPECT_EQ((a.out + b.out).count(QLatin1String(" ... ok")), count) << a.describe() << b.describe();
    EXPECT_TRUE((a.out + b.out).contains(QLatin1String("Nothing to apply"))) << a.describe() << b.describe();
    EXPECT_EQ(probe.historyCount(), count);
    EXPECT_EQ(probe.scalar("SELECT count(DISTINCT name) FROM migrations"), QString::number(count));
}

TEST(CliConcurrency, ALoserThatWillNotWaitReportsTheLockHolder)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings settings = TestCluster::freshDatabase(QStringLiteral("lock"));
    DbProbe probe(settings);
    MigrationFolder folder;
    folder.add(1700000000001, QStringLiteral("Slow"), "CREATE TABLE slow (id int);\nSELECT pg_sleep(3);",
        "DROP TABLE slow;");
    auto holder = CliProcess::start(
        { QStringLiteral("--migrations"), folder.path(), QStringLiteral("up") }, settings);
    ASSERT_TRUE(waitFor(
        [&] {
            return probe.scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")
                == QLatin1String("1");
        },
        20000));
    const CliResult loser
        = CliProcess::run({ QStringLiteral("--migrations"), folder.path(), QStringLiteral("--lock-wait"),
                              QStringLiteral("0"), QStringLiteral("up") },
            settings);
    EXPECT_EQ(loser.exitCode, 1) << loser.describe();
    EXPECT_TRUE(loser.err.contains(QLatin1String("another runner holds the migration lock")))
        << loser.describe();
    EXPECT_TRUE(loser.err.contains(QLatin1String("application 'strata-cli'"))) << loser.describe();
    const CliResult winner = CliProcess::finish(*holder);
    EXPECT_EQ(winner.exitCode, 0) << winner.describe();
    EXPECT_EQ(probe.historyCount(), 1);
}

TEST(CliConcurrency, KillDashNineMidMigrationLeavesNoTraceAndUpCompletesIt)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings settings = TestCluster::freshDatabase(QStringLiteral("kill"));
    DbProbe probe(settings);
    // The test controls how long the migration's middle statement sleeps.
    ASSERT_TRUE(probe.exec(
        "CREATE TABLE test_control (sleep_seconds float8); INSERT INTO test_control VALUES (600)"));
    MigrationFolder folder;
    folder.add(1700000000001, QStringLiteral("Before"), "CREATE TABLE before_kill (id int);",
        "DROP TABLE before_kill;");
    folder.add(1700000000002, QStringLiteral("Long"),
        "CREATE TABLE long_one (id int);\n"
        "INSERT INTO long_one SELECT generate_series(1, 1000);\n"
        "SELECT pg_sleep((SELECT sleep_seconds FROM test_control));\n"
        "CREATE INDEX long_one_id ON long_one (id);",
        "DROP TABLE long_one;");
    const QStringList args { QStringLiteral("--migrations"), folder.path(), QStringLiteral("up") };
    auto runner = CliProcess::start(args, settings);
    const auto sleepingPid = [&] {
        return probe.scalar(
            "SELECT coalesce(max(pid), 0) FROM pg_stat_activity WHERE application_name = 'strata-cli' "
            "AND query LIKE 'SELECT pg_sleep%' AND state = 'active'");
    };
    ASSERT_TRUE(waitFor([&] { return sleepingPid() != QLatin1String("0"); }, 30000));
    const QString backend = sleepingPid();
    // Mid-migration: its table exists inside its open transaction only.
    EXPECT_FALSE(probe.tableExists(QStringLiteral("long_one")));
    ::kill(pid_t(runner->processId()), SIGKILL);
    runner->waitForFinished();
    // The server notices the dead client (client_connection_check_interval)
    // and rolls the transaction back; the session lock goes with the session.
    ASSERT_TRUE(waitFor(
        [&] {
            return probe.scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = %1")
                                    .arg(backend)
                                    .toUtf8())
                == QLatin1String("0");
        },
        20000));
    EXPECT_FALSE(probe.tableExists(QStringLiteral("long_one")));
    EXPECT_TRUE(probe.tableExists(QStringLiteral("before_kill")));
    EXPECT_EQ(
        probe.column("SELECT name FROM migrations"), QStringList { QStringLiteral("Before1700000000001") });
    EXPECT_EQ(probe.scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"), QStringLiteral("0"));

    ASSERT_TRUE(probe.exec("UPDATE test_control SET sleep_seconds = 0"));
    const CliResult again = CliProcess::run(args, settings);
    EXPECT_EQ(again.exitCode, 0) << again.describe();
    EXPECT_TRUE(again.out.contains(QLatin1String("Applied 1 migration(s)"))) << again.describe();
    EXPECT_EQ(probe.scalar("SELECT count(*) FROM long_one"), QStringLiteral("1000"));
    EXPECT_EQ(probe.historyCount(), 2);
}

// Issue 14: the lock was keyed on the history table as written, so `up` (the
// table found through the search_path) and `--schema public up` (the same table,
// named) took different locks and both applied the migration.
TEST(CliConcurrency, RunnersNamingTheHistorySchemaDifferentlyShareOneLock)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings settings = TestCluster::freshDatabase(QStringLiteral("samelock"));
    DbProbe probe(settings);
    ASSERT_TRUE(probe.exec("CREATE TABLE gate (id int); CREATE TABLE applied_count (n int);"));
    // The migration stays in flight until the test lets it through: it waits
    // for the lock on `gate` that a third session holds.
    DbProbe gate(settings);
    ASSERT_TRUE(gate.exec("BEGIN; LOCK TABLE gate IN ACCESS EXCLUSIVE MODE"));
    MigrationFolder folder;
    folder.add(1700000000001, QStringLiteral("Slow"),
        "INSERT INTO applied_count SELECT count(*) FROM gate;\nSELECT pg_sleep(0.2);",
        "DELETE FROM applied_count;");
    const auto waitingOnGate = [&] {
        return probe
            .scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'strata-cli' "
                    "AND wait_event_type = 'Lock'")
            .toInt();
    };

    auto first = CliProcess::start(
        { QStringLiteral("--migrations"), folder.path(), QStringLiteral("up") }, settings);
    ASSERT_TRUE(waitFor([&] { return waitingOnGate() == 1; }, 30000));
    auto second
        = CliProcess::start({ QStringLiteral("--migrations"), folder.path(), QStringLiteral("--schema"),
                                QStringLiteral("public"), QStringLiteral("up") },
            settings);
    // The second runner either waits for the migration lock (it says so) or,
    // keyed on another name, gets into the migration too and waits on the gate.
    second->setReadChannel(QProcess::StandardError);
    ASSERT_TRUE(waitFor(
        [&] {
            second->waitForReadyRead(10);
            return second->peek(1 << 20).contains("waiting for the migration lock") || waitingOnGate() == 2;
        },
        30000));
    ASSERT_TRUE(gate.exec("COMMIT"));

    const CliResult a = CliProcess::finish(*first);
    const CliResult b = CliProcess::finish(*second);
    EXPECT_EQ(a.exitCode, 0) << a.describe();
    EXPECT_EQ(b.exitCode, 0) << b.describe();
    EXPECT_TRUE(b.err.contains(QLatin1String("waiting for the migration lock"))) << b.describe();
    EXPECT_TRUE(b.out.contains(QLatin1String("Nothing to apply"))) << b.describe();
    EXPECT_EQ(probe.scalar("SELECT count(*) FROM applied_count"), QStringLiteral("1"));
    EXPECT_EQ(probe.historyCount(), 1);
}

namespace {

// Three migrations; the third waits on a table lock the returned session holds.
void addThreeWithAGatedThird(MigrationFolder &folder)
{
    folder.add(1700000000001, QStringLiteral("One"), "CREATE TABLE one (id int);", "DROP TABLE one;");
    folder.add(1700000000002, QStringLiteral("Two"), "CREATE TABLE two (id int);", "DROP TABLE two;");
    folder.add(1700000000003, QStringLiteral("Three"),
        "CREATE TABLE three (id int);\nINSERT INTO three SELECT count(*) FROM gate;", "DROP TABLE three;");
}

} // namespace

// Issue 14: after a failure the CLI said the migrations before it "stay so" even
// when the synchronous flush that makes them durable failed with the connection.
TEST(CliConcurrency, ALostConnectionDoesNotClaimTheEarlierMigrationsAreDurable)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings settings = TestCluster::freshDatabase(QStringLiteral("flush"));
    DbProbe probe(settings);
    ASSERT_TRUE(probe.exec("CREATE TABLE gate (id int)"));
    DbProbe gate(settings);
    ASSERT_TRUE(gate.exec("BEGIN; LOCK TABLE gate IN ACCESS EXCLUSIVE MODE"));
    MigrationFolder folder;
    addThreeWithAGatedThird(folder);
    auto runner = CliProcess::start(
        { QStringLiteral("--json"), QStringLiteral("--migrations"), folder.path(), QStringLiteral("up") },
        settings);
    const auto blockedPid = [&] {
        return probe.scalar("SELECT coalesce(max(pid), 0) FROM pg_stat_activity WHERE application_name = "
                            "'strata-cli' AND wait_event_type = 'Lock'");
    };
    ASSERT_TRUE(waitFor([&] { return blockedPid() != QLatin1String("0"); }, 30000));
    // Migration 3 is in flight: its backend goes away (as in a server crash).
    ASSERT_EQ(probe.scalar(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(blockedPid()).toUtf8()),
        QStringLiteral("t"));
    const CliResult result = CliProcess::finish(*runner);
    ASSERT_TRUE(gate.exec("COMMIT"));

    EXPECT_EQ(result.exitCode, 1) << result.describe();
    EXPECT_FALSE(result.err.contains(QLatin1String("stay so"))) << result.describe();
    EXPECT_TRUE(
        result.err.contains(QLatin1String("2 migration(s) before it reported success, but could not be "
                                          "made durable")))
        << result.describe();
    const QJsonObject json = QJsonDocument::fromJson(result.out.toUtf8()).object();
    EXPECT_EQ(json.value(QLatin1String("completed")).toArray().size(), 2) << result.describe();
    EXPECT_EQ(json.value(QLatin1String("completedDurable")), QJsonValue(false)) << result.describe();
    EXPECT_FALSE(json.value(QLatin1String("durabilityProblem")).toString().isEmpty()) << result.describe();
}

// The same run failing on an SQL error keeps its connection: the flush works and
// the claim is made, in text and JSON.
TEST(CliConcurrency, AnSqlErrorStillClaimsTheFlushedEarlierMigrations)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings settings = TestCluster::freshDatabase(QStringLiteral("flushok"));
    DbProbe probe(settings);
    MigrationFolder folder;
    addThreeWithAGatedThird(folder); // no table `gate`: migration 3 fails
    const CliResult result = CliProcess::run(
        { QStringLiteral("--json"), QStringLiteral("--migrations"), folder.path(), QStringLiteral("up") },
        settings);
    EXPECT_EQ(result.exitCode, 1) << result.describe();
    EXPECT_TRUE(result.err.contains(QLatin1String("2 migration(s) before it were applied and stay so")))
        << result.describe();
    const QJsonObject json = QJsonDocument::fromJson(result.out.toUtf8()).object();
    EXPECT_EQ(json.value(QLatin1String("completedDurable")), QJsonValue(true)) << result.describe();
    EXPECT_EQ(probe.historyCount(), 2);
}
