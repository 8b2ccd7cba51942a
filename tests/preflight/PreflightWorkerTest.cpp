// The GUI's path: MigrationWorker on its own thread answers the pre-flight and
// forwards the lock-wait watch to the GUI thread live; Cancel during a lock
// wait ends the run.
#include "db/PgConnection.h"
#include "service/MigrationWorker.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

namespace {

constexpr int generousMs = 60000;

class PreflightWorkerTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        m_settings = TestCluster::freshDatabase(QStringLiteral("preflightworker"));
        m_probe = std::make_unique<DbProbe>(m_settings);
        ASSERT_TRUE(m_probe->exec("CREATE TABLE accounts (id int PRIMARY KEY);"));
        ConnectionSettings other = m_settings;
        other.applicationName = QStringLiteral("other-app");
        Result<std::unique_ptr<PgConnection>> c = PgConnection::open(other);
        ASSERT_TRUE(c.ok());
        m_other = std::move(c).value();
        m_folder.add(1700000000001, QStringLiteral("AddEmail"), "ALTER TABLE accounts ADD COLUMN email text;",
            "ALTER TABLE accounts DROP COLUMN email;");

        m_worker = new MigrationWorker;
        m_worker->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
        m_thread.start();
        // Received on this (the "GUI") thread, queued, as the main window does.
        QObject::connect(m_worker, &MigrationWorker::lockWaitChanged, &m_receiver,
            [this](quint64 runId, const LockWait &wait) {
                EXPECT_EQ(QThread::currentThread(), m_receiver.thread());
                if (runId == 7)
                    m_waits.append(wait);
            });
        QObject::connect(m_worker, &MigrationWorker::runFinished, &m_receiver,
            [this](quint64, const RunReport &report) { m_report = report; });
        QObject::connect(m_worker, &MigrationWorker::preflightFinished, &m_receiver,
            [this](quint64 requestId, const PreflightReport &report) {
                if (requestId == 3)
                    m_preflight = report;
            });
    }

    void TearDown() override
    {
        if (m_thread.isRunning()) {
            m_worker->cancel();
            m_thread.quit();
            m_thread.wait();
        }
    }

    bool blockerSeen() const
    {
        for (const LockWait &w : m_waits)
            for (const BackendSession &s : w.blockers)
                if (s.pid == m_other->backendPid())
                    return true;
        return false;
    }

    ConnectionSettings m_settings;
    std::unique_ptr<DbProbe> m_probe;
    std::unique_ptr<PgConnection> m_other;
    MigrationFolder m_folder;
    QThread m_thread;
    MigrationWorker *m_worker = nullptr;
    QObject m_receiver;
    QList<LockWait> m_waits;
    std::optional<RunReport> m_report;
    std::optional<PreflightReport> m_preflight;
};

} // namespace

TEST_F(PreflightWorkerTest, PreflightAnswersOnTheGuiThreadWithTheBlocker)
{
    ASSERT_TRUE(m_other->run("BEGIN").ok());
    ASSERT_TRUE(m_other->run("LOCK TABLE accounts IN ACCESS SHARE MODE").ok());
    QMetaObject::invokeMethod(m_worker, "runPreflight", Qt::QueuedConnection, Q_ARG(quint64, 3),
        Q_ARG(ConnectionSettings, m_settings), Q_ARG(QString, m_folder.path()),
        Q_ARG(PreflightOptions, PreflightOptions {}));
    ASSERT_TRUE(QTest::qWaitFor([this] { return m_preflight.has_value(); }, generousMs));
    EXPECT_TRUE(m_preflight->hasBlockers());
    const PreflightCheck *blockers = m_preflight->find(QStringLiteral("blockers"));
    ASSERT_NE(blockers, nullptr);
    ASSERT_EQ(blockers->sessions.size(), 1);
    EXPECT_EQ(blockers->sessions.first().pid, m_other->backendPid());
    ASSERT_TRUE(m_other->run("ROLLBACK").ok());
}

TEST_F(PreflightWorkerTest, AFolderOfTypeOrmMigrationsIsCheckedAsTheAppListsIt)
{
    // The app opens a folder of TypeORM .ts migrations as it is; its pre-flight
    // must plan those, not look for .sql files that are not there.
    QTemporaryDir typeOrm;
    QFile file(QDir(typeOrm.path()).filePath(QStringLiteral("1700000000005-AddNotes.ts")));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(
        "import { MigrationInterface, QueryRunner } from \"typeorm\";\n\n"
        "export class AddNotes1700000000005 implements MigrationInterface {\n"
        "    public async up(queryRunner: QueryRunner): Promise<void> {\n"
        "        await queryRunner.query(`ALTER TABLE \"accounts\" ADD \"notes\" text`);\n    }\n"
        "    public async down(queryRunner: QueryRunner): Promise<void> {\n"
        "        await queryRunner.query(`ALTER TABLE \"accounts\" DROP COLUMN \"notes\"`);\n    }\n}\n");
    file.close();
    QMetaObject::invokeMethod(m_worker, "runPreflight", Qt::QueuedConnection, Q_ARG(quint64, 3),
        Q_ARG(ConnectionSettings, m_settings), Q_ARG(QString, typeOrm.path()),
        Q_ARG(PreflightOptions, PreflightOptions {}));
    ASSERT_TRUE(QTest::qWaitFor([this] { return m_preflight.has_value(); }, generousMs));
    const PreflightCheck *pending = m_preflight->find(QStringLiteral("pending"));
    ASSERT_NE(pending, nullptr);
    EXPECT_EQ(pending->message, QStringLiteral("1 migration to apply"));
    EXPECT_EQ(pending->details, QStringList { QStringLiteral("1700000000005-AddNotes.ts") });
    EXPECT_TRUE(m_preflight->find(QStringLiteral("blockers"))
                    ->details.join(u' ')
                    .contains(QLatin1String("accounts")));
}

TEST_F(PreflightWorkerTest, TheLockWaitReachesTheGuiThreadAndCancelEndsTheWait)
{
    ASSERT_TRUE(m_other->run("BEGIN").ok());
    ASSERT_TRUE(m_other->run("LOCK TABLE accounts IN ACCESS SHARE MODE").ok());
    QMetaObject::invokeMethod(m_worker, "runUp", Qt::QueuedConnection, Q_ARG(quint64, 7),
        Q_ARG(ConnectionSettings, m_settings), Q_ARG(RunOptions, RunOptions {}),
        Q_ARG(QString, m_folder.path()), Q_ARG(UpOptions, UpOptions {}));
    ASSERT_TRUE(QTest::qWaitFor([this] { return blockerSeen(); }, generousMs));
    m_worker->cancel(); // the run panel's Cancel: directly, the worker thread is inside the statement
    ASSERT_TRUE(QTest::qWaitFor([this] { return m_report.has_value(); }, generousMs));
    ASSERT_FALSE(m_report->ok());
    EXPECT_EQ(m_report->error->kind, StrataError::Kind::Cancelled)
        << m_report->error->toString().toStdString();
    // The clearing signal was queued before runFinished, so it is here too.
    ASSERT_FALSE(m_waits.isEmpty());
    EXPECT_TRUE(m_waits.last().isEmpty());
    EXPECT_EQ(m_probe->historyCount(), 0);
    ASSERT_TRUE(m_other->run("ROLLBACK").ok());
}
