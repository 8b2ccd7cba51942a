// Strata against a hot standby of the test cluster (pg_basebackup, streaming,
// started by the test): up and down are refused with a message that says to
// connect to the primary, and nothing changes; status and diff read and work.
#include "integration/CliProcess.h"
#include "runner/RunTargetCheck.h"
#include "service/MigrationWorker.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"
#include "support/TestStandby.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

// One standby for the whole binary: pg_basebackup copies the whole cluster.
class StandbyTest : public ::testing::Test
{
protected:
    static void TearDownTestSuite() { s_standby.reset(); }

    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        if (!s_standby && s_problem.isEmpty()) {
            Result<std::unique_ptr<TestStandby>> started = TestStandby::start(TestCluster::instance());
            if (started)
                s_standby = std::move(started).value();
            else
                s_problem = started.error().toString();
        }
        if (!s_standby) {
            if (TestCluster::required())
                FAIL() << "the hot standby did not start: " << s_problem.toStdString();
            GTEST_SKIP() << "no hot standby (this would fail with CI=true): " << s_problem.toStdString();
        }
    }

    // A database on the primary with the first two of three migrations
    // applied, replayed on the standby.
    void prepare(const QString &prefix)
    {
        m_primary = TestCluster::freshDatabase(prefix);
        m_folder.add(1700000000001, QStringLiteral("CreateUsers"), "CREATE TABLE users (id int PRIMARY KEY);",
            "DROP TABLE users;");
        m_folder.add(1700000000002, QStringLiteral("AddEmail"), "ALTER TABLE users ADD COLUMN email text;",
            "ALTER TABLE users DROP COLUMN email;");
        m_folder.add(1700000000003, QStringLiteral("CreateItems"), "CREATE TABLE items (id int);",
            "DROP TABLE items;");
        const CliResult applied
            = CliProcess::run({ QStringLiteral("--migrations"), m_folder.path(), QStringLiteral("up"),
                                  QStringLiteral("--to"), QStringLiteral("1700000000002") },
                m_primary);
        ASSERT_EQ(applied.exitCode, 0) << applied.describe();
        const Status caughtUp = s_standby->catchUp();
        ASSERT_TRUE(caughtUp.ok()) << caughtUp.error().toString().toStdString();
        m_standby = s_standby->connectionSettings(m_primary.database);
    }

    QStringList args(std::initializer_list<QString> more) const
    {
        QStringList list { QStringLiteral("--migrations"), m_folder.path() };
        list.append(QStringList(more));
        return list;
    }

    static inline std::unique_ptr<TestStandby> s_standby;
    static inline QString s_problem;
    ConnectionSettings m_primary;
    ConnectionSettings m_standby;
    MigrationFolder m_folder;
};

} // namespace

TEST_F(StandbyTest, TheCheckNamesAStandby)
{
    prepare(QStringLiteral("sbcheck"));
    Result<std::unique_ptr<PgConnection>> c = PgConnection::open(m_standby);
    ASSERT_TRUE(c.ok()) << c.error().toString().toStdString();
    Result<RunTargetCheck::Finding> found = RunTargetCheck::inspect(**c);
    ASSERT_TRUE(found.ok()) << found.error().toString().toStdString();
    EXPECT_EQ(found->endpoint, RunTargetCheck::Endpoint::Standby);
}

TEST_F(StandbyTest, UpAndDownAreRefusedAndNothingChanges)
{
    prepare(QStringLiteral("sbrun"));
    DbProbe primary(m_primary);
    const QString before = primary.schemaFingerprint();

    const CliResult up = CliProcess::run(args({ QStringLiteral("up") }), m_standby);
    EXPECT_EQ(up.exitCode, 1) << up.describe();
    EXPECT_TRUE(up.err.contains(QLatin1String("is a read-only standby"))) << up.describe();
    EXPECT_TRUE(up.err.contains(QLatin1String("connect to the primary"))) << up.describe();
    EXPECT_TRUE(up.err.contains(QStringLiteral("%1:%2").arg(m_standby.host).arg(m_standby.port)))
        << up.describe();
    EXPECT_FALSE(up.out.contains(QLatin1String("CreateItems"))) << up.describe();

    const CliResult down = CliProcess::run(args({ QStringLiteral("down") }), m_standby);
    EXPECT_EQ(down.exitCode, 1) << down.describe();
    EXPECT_TRUE(down.err.contains(QLatin1String("connect to the primary"))) << down.describe();

    EXPECT_EQ(primary.historyCount(), 2);
    EXPECT_FALSE(primary.tableExists(QStringLiteral("items")));
    EXPECT_EQ(primary.schemaFingerprint(), before);
}

TEST_F(StandbyTest, StatusAndDiffWork)
{
    prepare(QStringLiteral("sbread"));
    const CliResult status
        = CliProcess::run(args({ QStringLiteral("--json"), QStringLiteral("status") }), m_standby);
    EXPECT_EQ(status.exitCode, 0) << status.describe();
    EXPECT_EQ(status.out.count(QLatin1String("\"state\": \"applied\"")), 2) << status.describe();
    EXPECT_EQ(status.out.count(QLatin1String("\"state\": \"pending\"")), 1) << status.describe();

    // The migrations (replayed into a shadow, which cannot go on a read-only
    // standby and goes to a local sandbox) against the standby's schema: the
    // pending CreateItems is the difference.
    const CliResult diff = CliProcess::run(
        args({ QStringLiteral("--json"), QStringLiteral("diff"), QStringLiteral("--from"),
            QStringLiteral("connection"), QStringLiteral("--to"), QStringLiteral("migrations") }),
        m_standby);
    EXPECT_EQ(diff.exitCode, 0) << diff.describe();
    EXPECT_TRUE(diff.out.contains(QLatin1String("items"))) << diff.describe();
    EXPECT_FALSE(diff.out.contains(QLatin1String("email"))) << diff.describe();
}

// The app's run path (MigrationWorker, in core) goes through the same check.
TEST_F(StandbyTest, TheWorkerRefusesRunsOnAStandby)
{
    prepare(QStringLiteral("sbworker"));
    MigrationWorker worker;
    QSignalSpy finished(&worker, &MigrationWorker::runFinished);
    worker.runUp(3, m_standby, RunOptions {}, m_folder.path(), UpOptions {});
    ASSERT_EQ(finished.count(), 1);
    const RunReport report = finished.at(0).at(1).value<RunReport>();
    ASSERT_TRUE(report.error.has_value());
    EXPECT_TRUE(report.error->message.contains(QLatin1String("connect to the primary")))
        << report.error->toString().toStdString();
    EXPECT_TRUE(report.completed.isEmpty());
    DbProbe primary(m_primary);
    EXPECT_FALSE(primary.tableExists(QStringLiteral("items")));
}

// Backup then run: refused before the dump, which would otherwise be taken
// (and would try to create the history tables on the standby) for nothing.
TEST_F(StandbyTest, TheWorkersBackupThenUpIsRefusedBeforeTheDump)
{
    prepare(QStringLiteral("sbbackup"));
    QTemporaryDir backups;
    ASSERT_TRUE(backups.isValid());
    MigrationWorker worker;
    QSignalSpy started(&worker, &MigrationWorker::backupStarted);
    QSignalSpy finished(&worker, &MigrationWorker::runFinished);
    BackupOptions backup;
    backup.folder = backups.path();
    worker.backupThenUp(4, m_standby, RunOptions {}, m_folder.path(), UpOptions {}, backup);
    ASSERT_EQ(finished.count(), 1);
    const RunReport report = finished.at(0).at(1).value<RunReport>();
    ASSERT_TRUE(report.error.has_value());
    EXPECT_TRUE(report.error->message.contains(QLatin1String("is a read-only standby")))
        << report.error->toString().toStdString();
    EXPECT_EQ(started.count(), 0);
    EXPECT_TRUE(QDir(backups.path()).isEmpty());
}
