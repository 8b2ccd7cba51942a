// The worker the GUI runs on a QThread, against a real PostgreSQL: slots
// invoked queued from this (the "GUI") thread, answers received queued, progress
// in order, cancellation from this thread while the worker is busy, and how
// long this thread's event loop stalls while a migration runs.
#include "service/MigrationWorker.h"
#include "runner/MigrationLock.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/QtPrinters.h"
#include "support/TestCluster.h"

#include <QElapsedTimer>
#include <QMetaMethod>
#include <QSignalSpy>
#include <QThread>
#include <QTimer>

#include <gtest/gtest.h>

#include <cstdio>

namespace {

// Lives on the test thread and repeats the worker's signals, so they arrive
// queued, as they do in the GUI. (QSignalSpy connects directly: spying on the
// worker itself would append from the worker thread.) Also keeps one log of
// every signal in arrival order.
class WorkerEvents : public QObject
{
    Q_OBJECT
public:
    explicit WorkerEvents(MigrationWorker *worker)
    {
        connect(worker, &MigrationWorker::statusLoaded, this, &WorkerEvents::statusLoaded);
        connect(worker, &MigrationWorker::statusFailed, this, &WorkerEvents::statusFailed);
        connect(worker, &MigrationWorker::lockWaiting, this, &WorkerEvents::lockWaiting);
        connect(worker, &MigrationWorker::migrationStarted, this, &WorkerEvents::migrationStarted);
        connect(worker, &MigrationWorker::statementStarted, this, &WorkerEvents::statementStarted);
        connect(worker, &MigrationWorker::statementFinished, this, &WorkerEvents::statementFinished);
        connect(worker, &MigrationWorker::migrationFinished, this, &WorkerEvents::migrationFinished);
        connect(worker, &MigrationWorker::noticeReceived, this, &WorkerEvents::noticeReceived);
        connect(worker, &MigrationWorker::runFinished, this, &WorkerEvents::runFinished);

        connect(this, &WorkerEvents::lockWaiting, this,
            [this](quint64 id, const QString &) { m_log << QStringLiteral("%1 lockWaiting").arg(id); });
        connect(this, &WorkerEvents::migrationStarted, this,
            [this](quint64 id, int index, int count, const QString &name, bool up) {
                m_log << QStringLiteral("%1 migrationStarted %2/%3 %4 %5")
                             .arg(id)
                             .arg(index)
                             .arg(count)
                             .arg(name, up ? QStringLiteral("up") : QStringLiteral("down"));
            });
        connect(this, &WorkerEvents::statementStarted, this,
            [this](quint64 id, int migration, int statement, int statementCount, const QString &, int line) {
                m_log << QStringLiteral("%1 statementStarted %2.%3/%4 line %5")
                             .arg(id)
                             .arg(migration)
                             .arg(statement)
                             .arg(statementCount)
                             .arg(line);
            });
        connect(this, &WorkerEvents::statementFinished, this,
            [this](quint64 id, int migration, int statement, qint64) {
                m_log << QStringLiteral("%1 statementFinished %2.%3").arg(id).arg(migration).arg(statement);
            });
        connect(this, &WorkerEvents::migrationFinished, this,
            [this](quint64 id, int index, const QString &name, qint64) {
                m_log << QStringLiteral("%1 migrationFinished %2 %3").arg(id).arg(index).arg(name);
            });
        connect(this, &WorkerEvents::noticeReceived, this,
            [this](quint64 id, const QString &severity, const QString &message) {
                m_log << QStringLiteral("%1 noticeReceived %2 %3").arg(id).arg(severity, message);
            });
        connect(this, &WorkerEvents::runFinished, this, [this](quint64 id, const RunReport &report) {
            m_log << QStringLiteral("%1 runFinished %2")
                         .arg(id)
                         .arg(report.ok() ? QStringLiteral("ok") : report.error->message);
        });
    }

    QStringList log() const { return m_log; }

Q_SIGNALS:
    void statusLoaded(quint64 requestId, const MigrationStatusList &statuses,
        const QList<StrataError> &problems, const QString &serverVersion);
    void statusFailed(quint64 requestId, const StrataError &error);
    void lockWaiting(quint64 runId, const QString &holder);
    void migrationStarted(quint64 runId, int index, int count, const QString &name, bool up);
    void statementStarted(quint64 runId, int migrationIndex, int statementIndex, int statementCount,
        const QString &summary, int line);
    void statementFinished(quint64 runId, int migrationIndex, int statementIndex, qint64 elapsedMs);
    void migrationFinished(quint64 runId, int index, const QString &name, qint64 elapsedMs);
    void noticeReceived(quint64 runId, const QString &severity, const QString &message);
    void runFinished(quint64 runId, const RunReport &report);

private:
    QStringList m_log;
};

// Waits (running this thread's event loop) until `spy` holds `count` signals.
bool waitFor(QSignalSpy &spy, int count = 1, int timeoutMs = 30000)
{
    QElapsedTimer timer;
    timer.start();
    while (spy.count() < count) {
        const int left = timeoutMs - int(timer.elapsed());
        if (left <= 0)
            return false;
        spy.wait(left);
    }
    return true;
}

std::string describe(const RunReport &r)
{
    return r.error ? r.error->toString().toStdString() : std::string("ok");
}

class MigrationWorkerTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        m_settings = TestCluster::freshDatabase(QStringLiteral("worker"));
        m_probe = std::make_unique<DbProbe>(m_settings);
        ASSERT_TRUE(m_probe->ok());
        m_worker = new MigrationWorker;
        m_events = std::make_unique<WorkerEvents>(m_worker);
        m_worker->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
        m_thread.start();
    }

    void TearDown() override
    {
        if (m_thread.isRunning()) {
            // A failed test may leave a run going; do not wait for its pg_sleep.
            m_worker->cancel();
            m_thread.quit();
            m_thread.wait();
        } else {
            delete m_worker;
        }
        m_worker = nullptr;
    }

    // What the GUI does: queue the call to the worker's thread and return.
    void loadStatus(quint64 id, const QString &directory = {})
    {
        MigrationWorker *worker = m_worker;
        const ConnectionSettings settings = m_settings;
        const QString dir = directory.isEmpty() ? m_folder.path() : directory;
        QMetaObject::invokeMethod(
            worker, [=] { worker->loadStatus(id, settings, HistoryTable {}, dir); }, Qt::QueuedConnection);
    }

    void runUp(quint64 id, const UpOptions &upOptions = {})
    {
        MigrationWorker *worker = m_worker;
        const ConnectionSettings settings = m_settings;
        const QString dir = m_folder.path();
        QMetaObject::invokeMethod(
            worker, [=] { worker->runUp(id, settings, RunOptions {}, dir, upOptions); },
            Qt::QueuedConnection);
    }

    void runDown(quint64 id, const DownOptions &downOptions)
    {
        MigrationWorker *worker = m_worker;
        const ConnectionSettings settings = m_settings;
        const QString dir = m_folder.path();
        QMetaObject::invokeMethod(
            worker, [=] { worker->runDown(id, settings, RunOptions {}, dir, downOptions); },
            Qt::QueuedConnection);
    }

    // Other sessions on the test database: the worker's, while it has one open.
    int otherSessions()
    {
        return m_probe
            ->scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                     "AND pid <> pg_backend_pid()")
            .toInt();
    }

    ConnectionSettings m_settings;
    std::unique_ptr<DbProbe> m_probe;
    MigrationFolder m_folder;
    QThread m_thread;
    MigrationWorker *m_worker = nullptr;
    std::unique_ptr<WorkerEvents> m_events;
};

} // namespace

TEST(MigrationWorkerMetaTypes, EverySignalAndSlotTypeIsRegisteredByName)
{
    MigrationWorker::registerMetaTypes();
    const QMetaObject &meta = MigrationWorker::staticMetaObject;
    QStringList unregistered;
    for (int m = meta.methodOffset(); m < meta.methodCount(); ++m) {
        const QMetaMethod method = meta.method(m);
        for (int p = 0; p < method.parameterCount(); ++p) {
            const QByteArray name = method.parameterTypeName(p);
            if (!QMetaType::fromName(name).isValid())
                unregistered << QString::fromLatin1(method.methodSignature()) + QStringLiteral(": ")
                        + QString::fromLatin1(name);
        }
    }
    EXPECT_TRUE(unregistered.isEmpty()) << unregistered.join(QLatin1Char('\n')).toStdString();
    EXPECT_TRUE(QMetaType::fromName("MigrationStatusList").isValid());
    EXPECT_TRUE(QMetaType::fromName("QList<StrataError>").isValid());
    EXPECT_EQ(QMetaType::fromName("MigrationStatusList"), QMetaType::fromType<MigrationStatusList>());
}

TEST_F(MigrationWorkerTest, LoadStatusReportsPendingThenAppliedAfterRunUp)
{
    m_folder.add(
        1700000000001, QStringLiteral("CreateUsers"), "CREATE TABLE users (id int);", "DROP TABLE users;");
    m_folder.add(1700000000002, QStringLiteral("AddEmail"), "ALTER TABLE users ADD email text;",
        "ALTER TABLE users DROP email;");
    QSignalSpy loaded(m_events.get(), &WorkerEvents::statusLoaded);
    QSignalSpy finished(m_events.get(), &WorkerEvents::runFinished);

    loadStatus(1);
    ASSERT_TRUE(waitFor(loaded));
    EXPECT_EQ(loaded.at(0).at(0).value<quint64>(), 1u);
    MigrationStatusList statuses = loaded.at(0).at(1).value<MigrationStatusList>();
    ASSERT_EQ(statuses.size(), 2);
    EXPECT_EQ(statuses[0].state, MigrationState::Pending);
    EXPECT_EQ(statuses[1].state, MigrationState::Pending);
    EXPECT_TRUE(loaded.at(0).at(2).value<QList<StrataError>>().isEmpty());
    EXPECT_EQ(loaded.at(0).at(3).toString(), m_probe->connection().serverVersionString());
    // Reading the status creates nothing.
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("migrations")));

    runUp(2);
    ASSERT_TRUE(waitFor(finished));
    const RunReport report = finished.at(0).at(1).value<RunReport>();
    ASSERT_TRUE(report.ok()) << describe(report);
    EXPECT_EQ(report.completed.size(), 2);

    // Two requests queued back to back are answered in order, each with its id.
    loadStatus(3);
    loadStatus(4);
    ASSERT_TRUE(waitFor(loaded, 3));
    EXPECT_EQ(loaded.at(1).at(0).value<quint64>(), 3u);
    EXPECT_EQ(loaded.at(2).at(0).value<quint64>(), 4u);
    statuses = loaded.at(2).at(1).value<MigrationStatusList>();
    ASSERT_EQ(statuses.size(), 2);
    EXPECT_EQ(statuses[0].state, MigrationState::Applied);
    EXPECT_EQ(statuses[1].state, MigrationState::Applied);
    ASSERT_TRUE(statuses[1].applied.has_value());
    EXPECT_TRUE(statuses[1].applied->hasDetails);
}

TEST_F(MigrationWorkerTest, RunUpReportsProgressInOrder)
{
    m_folder.add(1700000000001, QStringLiteral("A"), "CREATE TABLE a (id int);", "DROP TABLE a;");
    m_folder.add(1700000000002, QStringLiteral("B"),
        "CREATE TABLE b (id int);\nDO $$ BEGIN RAISE NOTICE 'hello from b'; END $$;", "DROP TABLE b;");
    QSignalSpy finished(m_events.get(), &WorkerEvents::runFinished);
    runUp(7);
    ASSERT_TRUE(waitFor(finished));
    const RunReport report = finished.at(0).at(1).value<RunReport>();
    ASSERT_TRUE(report.ok()) << describe(report);
    EXPECT_EQ(report.plan.size(), 2);
    EXPECT_EQ(m_events->log(),
        QStringList({
            QStringLiteral("7 migrationStarted 0/2 A1700000000001 up"),
            QStringLiteral("7 statementStarted 0.0/1 line 2"),
            QStringLiteral("7 statementFinished 0.0"),
            QStringLiteral("7 migrationFinished 0 A1700000000001"),
            QStringLiteral("7 migrationStarted 1/2 B1700000000002 up"),
            QStringLiteral("7 statementStarted 1.0/2 line 2"),
            QStringLiteral("7 statementFinished 1.0"),
            QStringLiteral("7 statementStarted 1.1/2 line 3"),
            QStringLiteral("7 noticeReceived NOTICE hello from b"),
            QStringLiteral("7 statementFinished 1.1"),
            QStringLiteral("7 migrationFinished 1 B1700000000002"),
            QStringLiteral("7 runFinished ok"),
        }))
        << m_events->log().join(QLatin1Char('\n')).toStdString();
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("b")));
    EXPECT_EQ(m_probe->historyCount(), 2);

    // And back down, with the direction in the signals.
    DownOptions down;
    down.count = 1;
    runDown(8, down);
    ASSERT_TRUE(waitFor(finished, 2));
    const RunReport reverted = finished.at(1).at(1).value<RunReport>();
    ASSERT_TRUE(reverted.ok()) << describe(reverted);
    EXPECT_TRUE(m_events->log().contains(QStringLiteral("8 migrationStarted 0/1 B1700000000002 down")))
        << m_events->log().join(QLatin1Char('\n')).toStdString();
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("b")));
    EXPECT_EQ(m_probe->historyCount(), 1);
}

TEST_F(MigrationWorkerTest, ConnectionIsClosedWhenTheSlotReturns)
{
    m_folder.add(1700000000001, QStringLiteral("A"), "CREATE TABLE a (id int);", "DROP TABLE a;");
    QSignalSpy finished(m_events.get(), &WorkerEvents::runFinished);
    QSignalSpy loaded(m_events.get(), &WorkerEvents::statusLoaded);
    runUp(1);
    ASSERT_TRUE(waitFor(finished));
    loadStatus(2);
    ASSERT_TRUE(waitFor(loaded));
    // The client closed its connections before answering; the server notices
    // the goodbye a moment later.
    QElapsedTimer timer;
    timer.start();
    int sessions = otherSessions();
    while (sessions != 0 && timer.elapsed() < 5000) {
        QThread::msleep(20);
        sessions = otherSessions();
    }
    EXPECT_EQ(sessions, 0);
}

TEST_F(MigrationWorkerTest, MalformedFolderIsAProblemForStatusAndStopsARunBeforeConnecting)
{
    m_folder.add(1700000000001, QStringLiteral("A"), "CREATE TABLE a (id int);", "DROP TABLE a;");
    m_folder.write(
        QStringLiteral("not-a-migration.sql"), "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n");
    QSignalSpy loaded(m_events.get(), &WorkerEvents::statusLoaded);
    QSignalSpy finished(m_events.get(), &WorkerEvents::runFinished);

    loadStatus(1);
    ASSERT_TRUE(waitFor(loaded));
    EXPECT_EQ(loaded.at(0).at(1).value<MigrationStatusList>().size(), 1);
    const QList<StrataError> problems = loaded.at(0).at(2).value<QList<StrataError>>();
    ASSERT_EQ(problems.size(), 1);
    EXPECT_TRUE(problems[0].file.endsWith(QStringLiteral("not-a-migration.sql")))
        << problems[0].toString().toStdString();

    runUp(2);
    ASSERT_TRUE(waitFor(finished));
    const RunReport report = finished.at(0).at(1).value<RunReport>();
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error->kind, StrataError::Kind::Source) << describe(report);
    EXPECT_TRUE(report.error->message.startsWith(QStringLiteral("1 malformed"))) << describe(report);
    EXPECT_TRUE(report.error->detail.contains(QStringLiteral("not-a-migration.sql"))) << describe(report);
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("migrations")));
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("a")));
}

TEST_F(MigrationWorkerTest, LoadStatusFailsForAMissingFolderOrServer)
{
    QSignalSpy failed(m_events.get(), &WorkerEvents::statusFailed);
    loadStatus(1, m_folder.path() + QStringLiteral("/nope"));
    ASSERT_TRUE(waitFor(failed));
    EXPECT_EQ(failed.at(0).at(0).value<quint64>(), 1u);
    EXPECT_EQ(failed.at(0).at(1).value<StrataError>().kind, StrataError::Kind::Io);

    m_settings.database = QStringLiteral("no_such_database");
    loadStatus(2);
    ASSERT_TRUE(waitFor(failed, 2));
    EXPECT_EQ(failed.at(1).at(0).value<quint64>(), 2u);
    const StrataError e = failed.at(1).at(1).value<StrataError>();
    EXPECT_EQ(e.kind, StrataError::Kind::Connection) << e.toString().toStdString();
}

TEST_F(MigrationWorkerTest, CancelFromTheGuiThreadStopsTheRunningStatement)
{
    m_folder.add(1700000000001, QStringLiteral("Slow"), "CREATE TABLE slow (id int);\nSELECT pg_sleep(60);",
        "DROP TABLE slow;");
    QSignalSpy started(m_events.get(), &WorkerEvents::statementStarted);
    QSignalSpy finished(m_events.get(), &WorkerEvents::runFinished);
    runUp(21);

    // Wait for the sleep's statementStarted, then for the server to be running it:
    // the signal leaves just before the statement is sent.
    auto sleepStarted = [&] {
        for (const QList<QVariant> &args : std::as_const(started))
            if (args.at(2).toInt() == 1)
                return true;
        return false;
    };
    QElapsedTimer timer;
    timer.start();
    while (!sleepStarted() && timer.elapsed() < 30000)
        started.wait(1000);
    ASSERT_TRUE(sleepStarted());
    while (m_probe->scalar("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                           "AND query LIKE 'SELECT pg_sleep(60)%'")
            != QLatin1String("1")
        && timer.elapsed() < 30000)
        QThread::msleep(10);

    QElapsedTimer cancelTimer;
    cancelTimer.start();
    m_worker->cancel(); // directly: the worker thread is busy inside runUp
    ASSERT_TRUE(waitFor(finished));
    const qint64 cancelMs = cancelTimer.elapsed();
    std::printf("[ measure  ] cancel() to runFinished: %lld ms\n", static_cast<long long>(cancelMs));
    EXPECT_LT(cancelMs, 10000);

    EXPECT_EQ(finished.at(0).at(0).value<quint64>(), 21u);
    const RunReport report = finished.at(0).at(1).value<RunReport>();
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error->kind, StrataError::Kind::Cancelled) << describe(report);
    EXPECT_TRUE(report.completed.isEmpty());
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("slow")));
    EXPECT_EQ(m_probe->historyCount(), 0);
}

TEST_F(MigrationWorkerTest, CancelWhileWaitingForTheLockEndsTheRun)
{
    m_folder.add(1700000000001, QStringLiteral("A"), "CREATE TABLE a (id int);", "DROP TABLE a;");
    MigrationLock held(m_probe->connection(), HistoryTable {}.lockName(QStringLiteral("public")));
    const std::atomic_bool never { false };
    ASSERT_TRUE(held.acquire(0, never).ok());
    QSignalSpy waiting(m_events.get(), &WorkerEvents::lockWaiting);
    QSignalSpy finished(m_events.get(), &WorkerEvents::runFinished);
    runUp(5);
    ASSERT_TRUE(waitFor(waiting));
    m_worker->cancel();
    ASSERT_TRUE(waitFor(finished, 1, 10000));
    const RunReport report = finished.at(0).at(1).value<RunReport>();
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error->kind, StrataError::Kind::Cancelled) << describe(report);
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("a")));
    held.release();
}

TEST_F(MigrationWorkerTest, CancelWhileIdleDoesNotCancelTheNextRun)
{
    m_folder.add(1700000000001, QStringLiteral("A"), "CREATE TABLE a (id int);", "DROP TABLE a;");
    m_worker->cancel();
    QSignalSpy finished(m_events.get(), &WorkerEvents::runFinished);
    runUp(1);
    ASSERT_TRUE(waitFor(finished));
    const RunReport report = finished.at(0).at(1).value<RunReport>();
    EXPECT_TRUE(report.ok()) << describe(report);
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("a")));
}

// Not a pass/fail check: how long this (the GUI) thread's event loop goes
// without running while the worker applies a 3-second migration.
TEST_F(MigrationWorkerTest, GuiThreadEventLoopKeepsRunningDuringALongMigration)
{
    m_folder.add(1700000000001, QStringLiteral("Sleepy"), "SELECT pg_sleep(3);", "SELECT 1;");
    QSignalSpy finished(m_events.get(), &WorkerEvents::runFinished);

    QElapsedTimer clock;
    qint64 last = -1;
    qint64 maxGap = 0;
    int ticks = 0;
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(10);
    QObject::connect(&timer, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        if (last >= 0)
            maxGap = std::max(maxGap, now - last);
        last = now;
        ++ticks;
    });
    clock.start();
    timer.start();
    runUp(31);
    ASSERT_TRUE(waitFor(finished));
    timer.stop();
    const qint64 total = clock.elapsed();
    const RunReport report = finished.at(0).at(1).value<RunReport>();
    ASSERT_TRUE(report.ok()) << describe(report);
    std::printf(
        "[ measure  ] GUI thread during a %lld ms run: %d ticks of a 10 ms timer, longest gap %lld ms\n",
        static_cast<long long>(total), ticks, static_cast<long long>(maxGap));
    EXPECT_GE(total, 3000);
}

#include "MigrationWorkerTest.moc"
