// strata-cli fleet over tens of real databases of the test cluster: the
// bound on connections, canaries, a killed run resumed, shards, and a schema
// per tenant.
#include "integration/CliProcess.h"
#include "sandbox/SandboxCluster.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

namespace {

class FleetCliTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        ASSERT_TRUE(m_dir.isValid());
        m_prefix = QStringLiteral("fleet%1").arg(QRandomGenerator::system()->generate() % 100000);
        m_folder.add(1700000000001, QStringLiteral("CreateOrders"),
            "CREATE TABLE orders (id int PRIMARY KEY);", "DROP TABLE orders;");
        m_folder.add(1700000000002, QStringLiteral("AddTotal"),
            "SELECT pg_sleep(0.2);\nALTER TABLE orders ADD COLUMN total int;",
            "ALTER TABLE orders DROP COLUMN total;");
    }

    // `count` databases named <prefix>_NN, in name order.
    QList<ConnectionSettings> databases(int count)
    {
        QList<ConnectionSettings> list;
        for (int i = 0; i < count; ++i)
            list << TestCluster::freshDatabase(
                QStringLiteral("%1_%2").arg(m_prefix).arg(i, 2, 10, QLatin1Char('0')));
        return list;
    }

    // A targets file line naming every database of this test by pattern.
    QString patternLine(const ConnectionSettings &any, const QString &suffix = {}) const
    {
        return QStringLiteral("postgresql://%1@:%2/%3_%?host=%4%5\n")
            .arg(any.user)
            .arg(any.port)
            .arg(m_prefix, any.host, suffix);
    }

    QString writeTargets(const QString &text)
    {
        const QString path = m_dir.filePath(QStringLiteral("fleet-%1.txt").arg(++m_files));
        QFile f(path);
        EXPECT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(text.toUtf8());
        return path;
    }

    QStringList args(const QString &command, const QString &targets, const QStringList &more = {})
    {
        return QStringList { QStringLiteral("--migrations"), m_folder.path(), QStringLiteral("fleet"),
            command, QStringLiteral("--targets"), targets, QStringLiteral("--report"),
            m_dir.filePath(QStringLiteral("report.json")) }
        + more;
    }

    static int historyRows(const ConnectionSettings &s, const QString &table = QStringLiteral("migrations"))
    {
        DbProbe probe(s);
        if (!probe.tableExists(table))
            return 0;
        return probe.scalar(QStringLiteral("SELECT count(*) FROM %1").arg(table).toUtf8()).toInt();
    }

    QTemporaryDir m_dir;
    QString m_prefix;
    int m_files = 0;
    MigrationFolder m_folder;
};

} // namespace

TEST_F(FleetCliTest, UpOverTwentyDatabasesNeverOpensMoreThanTheBound)
{
    const QList<ConnectionSettings> fleet = databases(20);
    const QString targets
        = writeTargets(QStringLiteral("# every database of this test\n") + patternLine(fleet[0]));
    DbProbe watcher(TestCluster::freshDatabase(QStringLiteral("watcher")));

    std::unique_ptr<QProcess> process = CliProcess::start(
        args(QStringLiteral("up"), targets, { QStringLiteral("--concurrency"), QStringLiteral("3") }),
        fleet[0]);
    // Count the fleet's open connections while it runs.
    int most = 0;
    while (process->state() != QProcess::NotRunning) {
        const int now
            = watcher
                  .scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname LIKE '%1\\_%' "
                                         "AND application_name = 'strata'")
                              .arg(m_prefix)
                              .toUtf8())
                  .toInt();
        most = std::max(most, now);
        process->waitForFinished(20);
    }
    const CliResult result = CliProcess::finish(*process);
    ASSERT_EQ(result.exitCode, 0) << result.describe();
    EXPECT_LE(most, 3) << "more connections than --concurrency 3";
    EXPECT_GE(most, 2) << "the targets did not run side by side";
    for (const ConnectionSettings &s : fleet)
        EXPECT_EQ(historyRows(s), 2) << s.database.toStdString();
    EXPECT_TRUE(result.out.contains(QLatin1String("20 ok, 0 failed, 0 not started."))) << result.describe();
    EXPECT_TRUE(result.out.contains(QLatin1String("before  after  duration  result"))) << result.describe();

    // The report file says the same, target by target.
    QFile report(m_dir.filePath(QStringLiteral("report.json")));
    ASSERT_TRUE(report.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(report.readAll()).object();
    EXPECT_TRUE(root.value(QLatin1String("ok")).toBool());
    const QJsonArray list = root.value(QLatin1String("targets")).toArray();
    ASSERT_EQ(list.size(), 20);
    EXPECT_EQ(list[0].toObject().value(QLatin1String("appliedBefore")).toInt(), 0);
    EXPECT_EQ(list[0].toObject().value(QLatin1String("appliedAfter")).toInt(), 2);

    // Status afterwards: every target at 2, nothing to do.
    const CliResult status
        = CliProcess::run(args(QStringLiteral("status"), targets, { QStringLiteral("--json") }), fleet[0]);
    ASSERT_EQ(status.exitCode, 0) << status.describe();
    for (const QJsonValue &t :
        QJsonDocument::fromJson(status.out.toUtf8()).object().value(QLatin1String("targets")).toArray())
        EXPECT_EQ(t.toObject().value(QLatin1String("pendingBefore")).toInt(), 0);
}

TEST_F(FleetCliTest, AFailingCanaryStopsTheRest)
{
    const QList<ConnectionSettings> fleet = databases(6);
    // The first target in name order cannot take the first migration.
    ASSERT_TRUE(DbProbe(fleet[0]).exec("CREATE TABLE orders (id text)"));
    const QString targets = writeTargets(patternLine(fleet[0]));
    const CliResult result = CliProcess::run(
        args(QStringLiteral("up"), targets, { QStringLiteral("--canary"), QStringLiteral("2") }), fleet[0]);
    EXPECT_EQ(result.exitCode, 1) << result.describe();
    EXPECT_TRUE(result.out.contains(QLatin1String("1 ok, 1 failed, 4 not started."))) << result.describe();
    EXPECT_TRUE(result.err.contains(QLatin1String("already exists"))) << result.describe();
    EXPECT_EQ(historyRows(fleet[0]), 0) << "the failed migration left nothing behind";
    EXPECT_EQ(historyRows(fleet[1]), 2);
    for (int i = 2; i < 6; ++i)
        EXPECT_EQ(historyRows(fleet[i]), 0)
            << "ran after a failed canary: " << fleet[i].database.toStdString();
}

TEST_F(FleetCliTest, AKilledRunResumesAndShardsCoverTheFleetOnce)
{
    const QList<ConnectionSettings> fleet = databases(8);
    const QString targets = writeTargets(patternLine(fleet[0]));
    // One at a time, killed while the second or third target runs.
    std::unique_ptr<QProcess> process = CliProcess::start(
        args(QStringLiteral("up"), targets, { QStringLiteral("--concurrency"), QStringLiteral("1") }),
        fleet[0]);
    QElapsedTimer timer;
    timer.start();
    while (historyRows(fleet[1]) < 1 && timer.elapsed() < 30000)
        QThread::msleep(20);
    ::kill(pid_t(process->processId()), SIGKILL);
    process->waitForFinished();
    int done = 0;
    for (const ConnectionSettings &s : fleet) {
        const int rows = historyRows(s);
        EXPECT_TRUE(rows == 0 || rows == 1 || rows == 2) << s.database.toStdString();
        // Never half a migration: the table and its history row go together.
        DbProbe probe(s);
        EXPECT_EQ(probe.tableExists(QStringLiteral("orders")), rows >= 1) << s.database.toStdString();
        done += rows == 2 ? 1 : 0;
    }
    EXPECT_LT(done, 8) << "the kill came too late to prove anything";
    // The killed run's server session ends once it notices (its open
    // transaction rolled back, its migration lock released).
    DbProbe watcher(TestCluster::freshDatabase(QStringLiteral("watcher")));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return watcher
                       .scalar(
                           QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname LIKE '%1\\_%'")
                               .arg(m_prefix)
                               .toUtf8())
                       .toInt()
                == 0;
        },
        30000));

    // Two shards continue it: between them every target once, each at 2.
    const CliResult first
        = CliProcess::run(args(QStringLiteral("up"), targets,
                              { QStringLiteral("--shard"), QStringLiteral("1/2"), QStringLiteral("--json") }),
            fleet[0]);
    const CliResult second
        = CliProcess::run(args(QStringLiteral("up"), targets,
                              { QStringLiteral("--shard"), QStringLiteral("2/2"), QStringLiteral("--json") }),
            fleet[0]);
    ASSERT_EQ(first.exitCode, 0) << first.describe();
    ASSERT_EQ(second.exitCode, 0) << second.describe();
    QStringList seen;
    for (const CliResult *r : { &first, &second })
        for (const QJsonValue &t :
            QJsonDocument::fromJson(r->out.toUtf8()).object().value(QLatin1String("targets")).toArray())
            seen << t.toObject().value(QLatin1String("target")).toString();
    EXPECT_EQ(seen.size(), 8);
    seen.removeDuplicates();
    EXPECT_EQ(seen.size(), 8);
    for (const ConnectionSettings &s : fleet)
        EXPECT_EQ(historyRows(s), 2) << s.database.toStdString();
}

TEST_F(FleetCliTest, ASchemaPerTenantKeepsItsTablesAndHistoryInItsSchema)
{
    const ConnectionSettings saas = TestCluster::freshDatabase(QStringLiteral("saas"));
    DbProbe probe(saas);
    ASSERT_TRUE(probe.exec("CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b"));
    const QString base = QStringLiteral("postgresql://%1@:%2/%3?host=%4")
                             .arg(saas.user)
                             .arg(saas.port)
                             .arg(saas.database, saas.host);
    const QString targets = writeTargets(base + QStringLiteral(" schema=tenant_a label=a\n") + base
        + QStringLiteral(" schema=tenant_b label=b\n"));
    const CliResult result = CliProcess::run(args(QStringLiteral("up"), targets), saas);
    ASSERT_EQ(result.exitCode, 0) << result.describe();
    for (const char *schema : { "tenant_a", "tenant_b" }) {
        EXPECT_EQ(
            probe.scalar(
                QStringLiteral("SELECT count(*) FROM %1.migrations").arg(QLatin1String(schema)).toUtf8()),
            QStringLiteral("2"));
        EXPECT_EQ(probe.scalar(
                      QStringLiteral("SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                                     "'%1' AND table_name = 'orders'")
                          .arg(QLatin1String(schema))
                          .toUtf8()),
            QStringLiteral("2"));
    }
    EXPECT_FALSE(probe.tableExists(QStringLiteral("public.orders")));
    EXPECT_TRUE(result.out.contains(QLatin1String("2 ok, 0 failed"))) << result.describe();
}

TEST_F(FleetCliTest, CtrlCStopsStartingTargetsCancelsTheRunningOnesAndSaysWhereEachStands)
{
    // A slow second migration: Ctrl+C lands while it runs.
    m_folder.add(1700000000002, QStringLiteral("AddTotal"),
        "SELECT pg_sleep(2);\nALTER TABLE orders ADD COLUMN total int;",
        "ALTER TABLE orders DROP COLUMN total;");
    const QList<ConnectionSettings> fleet = databases(6);
    const QString targets = writeTargets(patternLine(fleet[0]));
    std::unique_ptr<QProcess> process = CliProcess::start(
        args(QStringLiteral("up"), targets, { QStringLiteral("--concurrency"), QStringLiteral("2") }),
        fleet[0]);
    QElapsedTimer timer;
    timer.start();
    // Both running targets are inside the slow migration once their first is in.
    while (historyRows(fleet[0]) + historyRows(fleet[1]) < 2 && timer.elapsed() < 30000)
        QThread::msleep(20);
    QThread::msleep(300);
    ::kill(pid_t(process->processId()), SIGINT);
    const CliResult result = CliProcess::finish(*process, 30000);
    EXPECT_EQ(result.exitCode, 1) << result.describe();
    EXPECT_LT(timer.elapsed(), 10000) << "Ctrl+C did not cancel the running statements";
    // The summary says where each target stands.
    EXPECT_TRUE(result.out.contains(QLatin1String("cancelled"))) << result.describe();
    EXPECT_TRUE(result.out.contains(QLatin1String("4 not started."))) << result.describe();
    for (const ConnectionSettings &s : fleet) {
        const int rows = historyRows(s);
        DbProbe probe(s);
        // Never half a migration: the first one whole, the slow one not at all.
        EXPECT_LE(rows, 1) << s.database.toStdString();
        EXPECT_EQ(probe.tableExists(QStringLiteral("orders")), rows >= 1) << s.database.toStdString();
        if (rows == 1) {
            EXPECT_EQ(
                probe.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders'"),
                QStringLiteral("1"))
                << s.database.toStdString();
        }
    }
}

namespace {

// Another cluster beside the shared one (trust authentication, fsync off).
std::unique_ptr<SandboxCluster> startCluster()
{
    SandboxCluster::Options options;
    options.initdbTemplateCache
        = QDir::tempPath() + QStringLiteral("/strata-test-initdb-%1").arg(::geteuid());
    Result<std::unique_ptr<SandboxCluster>> started = SandboxCluster::start(options);
    if (!started) {
        ADD_FAILURE() << started.error().toString().toStdString();
        return nullptr;
    }
    return std::move(started).value();
}

QString urlOf(const ConnectionSettings &s)
{
    return QStringLiteral("postgresql://%1@:%2/%3?host=%4").arg(s.user).arg(s.port).arg(s.database, s.host);
}

} // namespace

TEST_F(FleetCliTest, UpDownAndVerifyOverThreeClusters)
{
    // Three clusters: the shared one by a name pattern, the second by URLs,
    // the third by a pattern again.
    const std::unique_ptr<SandboxCluster> second = startCluster();
    const std::unique_ptr<SandboxCluster> third = startCluster();
    ASSERT_TRUE(second && third);
    const QList<ConnectionSettings> first = databases(4);
    QList<ConnectionSettings> all = first;
    QString text = patternLine(first[0]);
    for (int i = 0; i < 3; ++i) {
        const QString name = QStringLiteral("%1_two_%2").arg(m_prefix).arg(i);
        ASSERT_TRUE(second->createDatabase(name).ok());
        all << second->connectionSettings(name);
        text += urlOf(all.last()) + u'\n';
    }
    for (int i = 0; i < 3; ++i) {
        const QString name = QStringLiteral("%1_three_%2").arg(m_prefix).arg(i);
        ASSERT_TRUE(third->createDatabase(name).ok());
        all << third->connectionSettings(name);
    }
    ConnectionSettings thirdServer = third->connectionSettings(QStringLiteral("%1_three_0").arg(m_prefix));
    text += QStringLiteral("postgresql://%1@:%2/%3_three_%?host=%4\n")
                .arg(thirdServer.user)
                .arg(thirdServer.port)
                .arg(m_prefix, thirdServer.host);
    const QString targets = writeTargets(text);

    const CliResult up = CliProcess::run(
        args(QStringLiteral("up"), targets, { QStringLiteral("--concurrency"), QStringLiteral("4") }),
        first[0]);
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    EXPECT_TRUE(up.out.contains(QLatin1String("10 ok, 0 failed, 0 not started."))) << up.describe();
    for (const ConnectionSettings &s : all)
        EXPECT_EQ(historyRows(s), 2) << s.describe().toStdString();

    // Down one everywhere: the second migration's column goes, its row too.
    const CliResult down = CliProcess::run(
        args(QStringLiteral("down"), targets, { QStringLiteral("--count"), QStringLiteral("1") }), first[0]);
    ASSERT_EQ(down.exitCode, 0) << down.describe();
    EXPECT_TRUE(down.out.contains(QLatin1String("10 ok, 0 failed"))) << down.describe();
    for (const ConnectionSettings &s : all) {
        EXPECT_EQ(historyRows(s), 1) << s.describe().toStdString();
        EXPECT_EQ(
            DbProbe(s).scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders'"),
            QStringLiteral("1"))
            << s.describe().toStdString();
    }

    // The same file as the matrix's columns: one migration applied on each of the ten.
    const CliResult matrix
        = CliProcess::run({ QStringLiteral("--migrations"), m_folder.path(), QStringLiteral("matrix"),
                              QStringLiteral("--targets"), targets, QStringLiteral("--json") },
            first[0]);
    ASSERT_EQ(matrix.exitCode, 0) << matrix.describe();
    const QJsonObject columns = QJsonDocument::fromJson(matrix.out.toUtf8()).object();
    const QJsonArray matrixTargets = columns.value(QLatin1String("targets")).toArray();
    ASSERT_EQ(matrixTargets.size(), 10) << matrix.describe();
    for (const QJsonValue &t : matrixTargets) {
        EXPECT_TRUE(t.toObject().value(QLatin1String("reachable")).toBool()) << matrix.describe();
        EXPECT_EQ(t.toObject().value(QLatin1String("applied")).toInt(), 1) << matrix.describe();
    }

    // Verify: every target one migration behind the files is not a difference.
    const CliResult verify = CliProcess::run(args(QStringLiteral("verify"), targets), first[0]);
    EXPECT_EQ(verify.exitCode, 0) << verify.describe();
    EXPECT_TRUE(verify.out.contains(QLatin1String("10 ok, 0 differ, 0 failed"))) << verify.describe();
}

TEST_F(FleetCliTest, VerifyNamesEditedHistoryAndSchemaChangedOutsideTheMigrations)
{
    const QList<ConnectionSettings> fleet = databases(5);
    const QString targets = writeTargets(patternLine(fleet[0]));
    ASSERT_EQ(CliProcess::run(args(QStringLiteral("up"), targets), fleet[0]).exitCode, 0);
    // One agrees; each other one differs in one way.
    ASSERT_TRUE(DbProbe(fleet[1]).exec("CREATE TABLE notes (id int)"));
    ASSERT_TRUE(DbProbe(fleet[2]).exec("ALTER TABLE orders ALTER COLUMN total TYPE bigint"));
    ASSERT_TRUE(DbProbe(fleet[3]).exec("ALTER TABLE orders DROP COLUMN total"));
    ASSERT_TRUE(DbProbe(fleet[4]).exec(
        "UPDATE migrations_strata SET checksum = 'x' WHERE name LIKE 'CreateOrders%'"));

    const CliResult verify = CliProcess::run(
        args(QStringLiteral("verify"), targets, { QStringLiteral("--concurrency"), QStringLiteral("2") }),
        fleet[0]);
    EXPECT_EQ(verify.exitCode, 3) << verify.describe();
    EXPECT_TRUE(verify.out.contains(QLatin1String("1 ok, 4 differ, 0 failed"))) << verify.describe();
    EXPECT_TRUE(verify.out.contains(QLatin1String("notes: not made by any migration"))) << verify.describe();
    EXPECT_TRUE(verify.out.contains(QLatin1String("changed outside the migrations"))) << verify.describe();
    EXPECT_TRUE(verify.out.contains(QLatin1String("total: missing (made by AddTotal1700000000002)")))
        << verify.describe();
    EXPECT_TRUE(verify.out.contains(QLatin1String("edited: CreateOrders1700000000001"))) << verify.describe();

    // The report says which target differs how.
    QFile report(m_dir.filePath(QStringLiteral("report.json")));
    ASSERT_TRUE(report.open(QIODevice::ReadOnly));
    const QJsonArray list
        = QJsonDocument::fromJson(report.readAll()).object().value(QLatin1String("targets")).toArray();
    ASSERT_EQ(list.size(), 5);
    EXPECT_EQ(list[0].toObject().value(QLatin1String("result")).toString(), QStringLiteral("ok"));
    EXPECT_TRUE(list[0].toObject().value(QLatin1String("schemaCompared")).toBool());
    for (int i = 1; i < 5; ++i) {
        const QJsonObject t = list[i].toObject();
        EXPECT_EQ(t.value(QLatin1String("result")).toString(), QStringLiteral("differs")) << i;
        EXPECT_EQ(t.value(QLatin1String("problems")).toArray().size(), 1) << i;
    }
    // Verify changed nothing.
    EXPECT_TRUE(DbProbe(fleet[1]).tableExists(QStringLiteral("notes")));
    EXPECT_EQ(historyRows(fleet[4]), 2);
}

TEST_F(FleetCliTest, AProductionProfileWithoutARecentBackupIsBlockedAsASingleUpWouldBe)
{
    const QList<ConnectionSettings> fleet = databases(2);
    // fleet[0] is a production profile in the child's settings; fleet[1] a plain URL.
    QTemporaryDir config;
    QTemporaryDir backups; // empty: no backup of production yet
    ASSERT_TRUE(config.isValid() && backups.isValid());
    const QString id = m_prefix + QStringLiteral("-prod");
    {
        QSettings settings(config.filePath(QStringLiteral("Strata/strata.conf")), QSettings::IniFormat);
        settings.beginGroup(QStringLiteral("profiles"));
        settings.beginGroup(id);
        settings.setValue(QStringLiteral("name"), QStringLiteral("Production"));
        settings.setValue(QStringLiteral("host"), fleet[0].host);
        settings.setValue(QStringLiteral("port"), fleet[0].port);
        settings.setValue(QStringLiteral("database"), fleet[0].database);
        settings.setValue(QStringLiteral("user"), fleet[0].user);
        settings.setValue(QStringLiteral("environment"), QStringLiteral("production"));
        settings.setValue(QStringLiteral("backupDirectory"), backups.path());
        settings.sync();
        ASSERT_EQ(settings.status(), QSettings::NoError);
    }
    const QString targets = writeTargets(QStringLiteral("profile:%1\n%2\n").arg(id, urlOf(fleet[1])));
    const QStringList env = TestCluster::childEnvironment(fleet[0])
        << QStringLiteral("XDG_CONFIG_HOME=") + config.path();

    // Production needs --yes, as a single up does.
    const CliResult refused = CliProcess::run(args(QStringLiteral("up"), targets), env);
    EXPECT_EQ(refused.exitCode, 2) << refused.describe();
    EXPECT_TRUE(refused.err.contains(QLatin1String("--yes"))) << refused.describe();

    const CliResult run
        = CliProcess::run(args(QStringLiteral("up"), targets, { QStringLiteral("--yes") }), env);
    EXPECT_EQ(run.exitCode, 1) << run.describe();
    EXPECT_TRUE(run.out.contains(QLatin1String("1 ok, 1 failed"))) << run.describe();
    EXPECT_TRUE(run.err.contains(QLatin1String("pre-flight found"))) << run.describe();
    EXPECT_TRUE(run.err.contains(QLatin1String("Last backup"))) << run.describe();
    EXPECT_EQ(historyRows(fleet[0]), 0) << "production ran without a recent backup";
    EXPECT_EQ(historyRows(fleet[1]), 2);
}
