// strata-cli preflight and the pre-flight before `up` on staging/production,
// as a user runs them: real processes, a real server, a session in the way.
#include "db/PgConnection.h"
#include "integration/CliProcess.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

namespace {

class PreflightCliTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        m_settings = TestCluster::freshDatabase(QStringLiteral("preflightcli"));
        m_probe = std::make_unique<DbProbe>(m_settings);
        ASSERT_TRUE(m_probe->exec("CREATE TABLE accounts (id int PRIMARY KEY);"));
        ConnectionSettings other = m_settings;
        other.applicationName = QStringLiteral("other-app");
        Result<std::unique_ptr<PgConnection>> c = PgConnection::open(other);
        ASSERT_TRUE(c.ok());
        m_other = std::move(c).value();
        m_folder.add(1700000000001, QStringLiteral("AddEmail"), "ALTER TABLE accounts ADD COLUMN email text;",
            "ALTER TABLE accounts DROP COLUMN email;");
        m_env = TestCluster::childEnvironment(m_settings);
        m_env << QStringLiteral("XDG_CONFIG_HOME=") + m_config.path();
    }

    CliResult cli(QStringList args)
    {
        args.prepend(m_folder.path());
        args.prepend(QStringLiteral("--migrations"));
        return CliProcess::run(args, m_env);
    }

    void holdLock()
    {
        ASSERT_TRUE(m_other->run("BEGIN").ok());
        ASSERT_TRUE(m_other->run("LOCK TABLE accounts IN ACCESS SHARE MODE").ok());
    }

    ConnectionSettings m_settings;
    std::unique_ptr<DbProbe> m_probe;
    std::unique_ptr<PgConnection> m_other;
    MigrationFolder m_folder;
    QTemporaryDir m_config;
    QStringList m_env;
};

} // namespace

TEST_F(PreflightCliTest, ExitsZeroWhenNothingBlocksAndThreeWithTheBlockingSession)
{
    CliResult clear = cli({ QStringLiteral("preflight") });
    EXPECT_EQ(clear.exitCode, 0) << clear.describe();
    EXPECT_TRUE(clear.out.contains(QLatin1String("1 migration to apply"))) << clear.describe();
    EXPECT_TRUE(clear.out.contains(QLatin1String("Sessions in the way"))) << clear.describe();

    holdLock();
    const QString pid = QString::number(m_other->backendPid());
    CliResult blocked = cli({ QStringLiteral("preflight") });
    EXPECT_EQ(blocked.exitCode, 3) << blocked.describe();
    EXPECT_TRUE(blocked.out.contains(QStringLiteral("pid %1 (").arg(pid))) << blocked.describe();
    EXPECT_TRUE(blocked.out.contains(QLatin1String("LOCK TABLE accounts IN ACCESS SHARE MODE")))
        << blocked.describe();
    EXPECT_TRUE(blocked.out.contains(QLatin1String("BLOCKER"))) << blocked.describe();

    CliResult json = cli({ QStringLiteral("--json"), QStringLiteral("preflight") });
    EXPECT_EQ(json.exitCode, 3) << json.describe();
    const QJsonObject root = QJsonDocument::fromJson(json.out.toUtf8()).object();
    EXPECT_FALSE(root.value(QLatin1String("ok")).toBool()) << json.describe();
    bool found = false;
    for (const QJsonValue &c : root.value(QLatin1String("checks")).toArray()) {
        const QJsonObject check = c.toObject();
        if (check.value(QLatin1String("id")).toString() != QLatin1String("blockers"))
            continue;
        EXPECT_EQ(check.value(QLatin1String("severity")).toString(), QStringLiteral("blocker"));
        for (const QJsonValue &s : check.value(QLatin1String("sessions")).toArray())
            found = found || s.toObject().value(QLatin1String("pid")).toInt() == m_other->backendPid();
    }
    EXPECT_TRUE(found) << json.describe();
    ASSERT_TRUE(m_other->run("ROLLBACK").ok());
}

TEST_F(PreflightCliTest, AnUnreachableServerIsABlockerNotACrash)
{
    QStringList env = m_env;
    for (QString &e : env)
        if (e.startsWith(QLatin1String("PGPASSWORD=")))
            e = QStringLiteral("PGPASSWORD=wrong");
    const CliResult r = CliProcess::run({ QStringLiteral("--migrations"), m_folder.path(),
                                            QStringLiteral("--json"), QStringLiteral("preflight") },
        env);
    EXPECT_EQ(r.exitCode, 3) << r.describe();
    const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
    EXPECT_EQ(root.value(QLatin1String("checks"))
                  .toArray()
                  .first()
                  .toObject()
                  .value(QLatin1String("id"))
                  .toString(),
        QStringLiteral("connection"))
        << r.describe();
    EXPECT_FALSE(r.out.contains(QLatin1String("wrong")) || r.err.contains(QLatin1String("PGPASSWORD")));
}

TEST_F(PreflightCliTest, UpOnProductionRefusesOnBlockersUnlessForced)
{
    holdLock();
    CliResult refused
        = cli({ QStringLiteral("--environment"), QStringLiteral("production"), QStringLiteral("up") });
    EXPECT_EQ(refused.exitCode, 3) << refused.describe();
    EXPECT_TRUE(refused.err.contains(QStringLiteral("pid %1 (").arg(m_other->backendPid())))
        << refused.describe();
    EXPECT_TRUE(refused.err.contains(QLatin1String("--force"))) << refused.describe();
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("migrations"))) << "nothing may run";

    // Development runs without the pre-flight; with lock_timeout it fails on the lock.
    CliResult dev = cli({ QStringLiteral("--lock-timeout"), QStringLiteral("100ms"), QStringLiteral("up") });
    EXPECT_EQ(dev.exitCode, 1) << dev.describe();
    EXPECT_FALSE(dev.err.contains(QLatin1String("Pre-flight"))) << dev.describe();
    EXPECT_TRUE(dev.err.contains(QLatin1String("55P03")) || dev.err.contains(QLatin1String("lock timeout")))
        << dev.describe();

    // --force: the pre-flight is printed, the run goes ahead, and with retries
    // it completes once the other session ends (ended when the first retry is announced).
    auto process = CliProcess::start(
        { QStringLiteral("--migrations"), m_folder.path(), QStringLiteral("--environment"),
            QStringLiteral("production"), QStringLiteral("--confirm-database"), m_settings.database,
            QStringLiteral("--force"), QStringLiteral("--lock-timeout"), QStringLiteral("100ms"),
            QStringLiteral("--lock-timeout-retry"), QStringLiteral("10"), QStringLiteral("up") },
        m_settings);
    QString err;
    QDeadlineTimer deadline(60000);
    while (!err.contains(QLatin1String("retry 1 of 10")) && !deadline.hasExpired()) {
        process->waitForReadyRead(200);
        err += QString::fromUtf8(process->readAllStandardError());
    }
    ASSERT_TRUE(err.contains(QLatin1String("retry 1 of 10"))) << err.toStdString();
    ASSERT_TRUE(m_other->run("ROLLBACK").ok());
    CliResult forced = CliProcess::finish(*process);
    forced.err.prepend(err);
    EXPECT_EQ(forced.exitCode, 0) << forced.describe();
    EXPECT_TRUE(forced.err.contains(QLatin1String("--force"))) << forced.describe();
    EXPECT_EQ(m_probe->historyCount(), 1);
}

TEST_F(PreflightCliTest, DownOnProductionRunsThePreflightAndRefusesOnBlockersUnlessForced)
{
    CliResult up = cli({ QStringLiteral("up") });
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    holdLock();
    CliResult refused
        = cli({ QStringLiteral("--environment"), QStringLiteral("production"), QStringLiteral("down") });
    EXPECT_EQ(refused.exitCode, 3) << refused.describe();
    EXPECT_TRUE(refused.err.contains(QLatin1String("1 migration to revert"))) << refused.describe();
    EXPECT_TRUE(refused.err.contains(QStringLiteral("pid %1 (").arg(m_other->backendPid())))
        << refused.describe();
    EXPECT_TRUE(refused.err.contains(QLatin1String("--force"))) << refused.describe();
    EXPECT_EQ(m_probe->historyCount(), 1) << "nothing may be reverted";

    // The same report on its own, before deciding: preflight --down.
    CliResult report = cli({ QStringLiteral("preflight"), QStringLiteral("--down") });
    EXPECT_EQ(report.exitCode, 3) << report.describe();
    EXPECT_TRUE(report.out.contains(QLatin1String("Migrations to revert"))) << report.describe();
    EXPECT_TRUE(report.out.contains(QStringLiteral("pid %1 (").arg(m_other->backendPid())))
        << report.describe();
    EXPECT_EQ(
        cli({ QStringLiteral("preflight"), QStringLiteral("--count"), QStringLiteral("1") }).exitCode, 2);

    // Development reverts without asking the pre-flight.
    ASSERT_TRUE(m_other->run("ROLLBACK").ok());
    CliResult dev = cli({ QStringLiteral("down") });
    EXPECT_EQ(dev.exitCode, 0) << dev.describe();
    EXPECT_FALSE(dev.err.contains(QLatin1String("Pre-flight"))) << dev.describe();
    EXPECT_EQ(m_probe->historyCount(), 0);

    // --force on production: printed, then reverted, with the blocker gone by
    // then (the blocker here is only the missing backup).
    ASSERT_EQ(cli({ QStringLiteral("up") }).exitCode, 0);
    CliResult forced = cli(
        { QStringLiteral("--environment"), QStringLiteral("production"), QStringLiteral("--confirm-database"),
            m_settings.database, QStringLiteral("--force"), QStringLiteral("down") });
    EXPECT_EQ(forced.exitCode, 0) << forced.describe();
    EXPECT_TRUE(forced.err.contains(QLatin1String("Pre-flight for"))) << forced.describe();
    EXPECT_TRUE(forced.err.contains(QLatin1String("--force"))) << forced.describe();
    EXPECT_EQ(m_probe->historyCount(), 0);
}

TEST_F(PreflightCliTest, ProductionWantsTheDatabaseNameTypedAsTheAppDoes)
{
    // No terminal here (CI): the name comes as --confirm-database, and nothing
    // runs without it or with another name.
    const QStringList production { QStringLiteral("--environment"), QStringLiteral("production"),
        QStringLiteral("--force") };
    CliResult none = cli(production + QStringList { QStringLiteral("up") });
    EXPECT_EQ(none.exitCode, 2) << none.describe();
    EXPECT_TRUE(none.err.contains(QStringLiteral("pass --confirm-database %1").arg(m_settings.database)))
        << none.describe();
    CliResult wrong = cli(production
        + QStringList { QStringLiteral("--confirm-database"), m_settings.database + QStringLiteral("x"),
            QStringLiteral("up") });
    EXPECT_EQ(wrong.exitCode, 2) << wrong.describe();
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("migrations"))) << "nothing may run";
    // A dry run changes nothing and asks nothing.
    EXPECT_EQ(
        cli(production + QStringList { QStringLiteral("--dry-run"), QStringLiteral("up") }).exitCode, 0);

    CliResult confirmed = cli(production
        + QStringList { QStringLiteral("--confirm-database"), m_settings.database, QStringLiteral("up") });
    EXPECT_EQ(confirmed.exitCode, 0) << confirmed.describe();
    EXPECT_EQ(m_probe->historyCount(), 1);
    // The revert asks the same.
    CliResult down = cli(production + QStringList { QStringLiteral("down") });
    EXPECT_EQ(down.exitCode, 2) << down.describe();
    EXPECT_EQ(m_probe->historyCount(), 1);

    // Staging: the pre-flight passing is the go-ahead; no name is asked.
    CliResult staging
        = cli({ QStringLiteral("--environment"), QStringLiteral("staging"), QStringLiteral("down") });
    EXPECT_EQ(staging.exitCode, 0) << staging.describe();
    EXPECT_EQ(m_probe->historyCount(), 0);
}

TEST_F(PreflightCliTest, ProfileEnvironmentTurnsThePreflightOnAndTheLockWaitIsPrinted)
{
    CliResult save
        = CliProcess::run({ QStringLiteral("--migrations"), m_folder.path(), QStringLiteral("--host"),
                              m_settings.host, QStringLiteral("--port"), QString::number(m_settings.port),
                              QStringLiteral("-U"), m_settings.user, QStringLiteral("-d"),
                              m_settings.database, QStringLiteral("--environment"), QStringLiteral("staging"),
                              QStringLiteral("profile"), QStringLiteral("save"), QStringLiteral("stage") },
            m_env);
    ASSERT_EQ(save.exitCode, 0) << save.describe();
    CliResult list = CliProcess::run({ QStringLiteral("profile"), QStringLiteral("list") }, m_env);
    EXPECT_TRUE(list.out.contains(QLatin1String("staging"))) << list.describe();

    // Nothing in the way at pre-flight time (an advisory lock is not a lock on
    // a table the plan touches); the run's second migration then waits for it,
    // and the lock-wait watch says who holds it.
    m_folder.add(
        1700000000002, QStringLiteral("WaitForTheOther"), "SELECT pg_advisory_xact_lock(777);", "SELECT 1;");
    ASSERT_TRUE(m_other->run("SELECT pg_advisory_lock(777)").ok());
    auto process = std::make_unique<QProcess>();
    process->setProgram(QStringLiteral(STRATA_CLI_PATH));
    process->setArguments({ QStringLiteral("--profile"), QStringLiteral("stage"), QStringLiteral("up") });
    process->setEnvironment(m_env);
    process->start();
    QString err;
    QDeadlineTimer deadline(60000);
    while (!err.contains(QLatin1String("blocked by:")) && process->state() != QProcess::NotRunning
        && !deadline.hasExpired()) {
        process->waitForReadyRead(100);
        err += QString::fromUtf8(process->readAllStandardError());
    }
    ASSERT_TRUE(m_other->run("SELECT pg_advisory_unlock(777)").ok());
    CliResult run = CliProcess::finish(*process);
    run.err.prepend(err);
    EXPECT_EQ(run.exitCode, 0) << run.describe();
    EXPECT_TRUE(run.err.contains(QLatin1String("Pre-flight for"))) << run.describe();
    EXPECT_TRUE(run.err.contains(QStringLiteral("pid %1 (").arg(m_other->backendPid()))) << run.describe();
    EXPECT_TRUE(run.err.contains(QLatin1String("pg_advisory_lock(777)"))) << run.describe();
    EXPECT_TRUE(run.err.contains(QLatin1String("no longer blocked"))) << run.describe();
    EXPECT_EQ(run.err.count(QLatin1String("blocked by:")), 1) << "once per change" << run.describe();
    EXPECT_EQ(m_probe->historyCount(), 2);
}
