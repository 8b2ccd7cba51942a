// The worker for the app's small requests (LookupWorker) on its own QThread,
// against a real PostgreSQL and the real pg_dump: invoked queued from this
// (the "GUI") thread, answered queued, each answer carrying its request id.
#include "service/LookupWorker.h"
#include "support/DbProbe.h"
#include "support/QtPrinters.h"
#include "support/TestCluster.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>

#include <gtest/gtest.h>

namespace {

// Repeats the worker's answers on this thread, as the GUI receives them.
class LookupEvents : public QObject
{
    Q_OBJECT
public:
    explicit LookupEvents(LookupWorker *worker)
    {
        connect(worker, &LookupWorker::connectionTested, this, &LookupEvents::connectionTested);
        connect(worker, &LookupWorker::pgToolLocated, this, &LookupEvents::pgToolLocated);
        connect(worker, &LookupWorker::lintFactsRead, this, &LookupEvents::lintFactsRead);
    }

Q_SIGNALS:
    void connectionTested(quint64 requestId, const ConnectionTest &test);
    void pgToolLocated(quint64 requestId, const PgToolLookup &lookup);
    void lintFactsRead(quint64 requestId, const LintLookup &lookup);
};

class LookupWorkerTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_settings = TestCluster::freshDatabase(QStringLiteral("lookup"));
        m_probe = std::make_unique<DbProbe>(m_settings);
        ASSERT_TRUE(m_probe->ok());
        m_worker = new LookupWorker;
        m_events = std::make_unique<LookupEvents>(m_worker);
        m_worker->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
        m_thread.start();
    }

    void TearDown() override
    {
        m_thread.quit();
        m_thread.wait();
    }

    template<typename Call> void invoke(Call call)
    {
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, call] { call(worker); }, Qt::QueuedConnection);
    }

    static bool waitFor(QSignalSpy &spy) { return spy.size() > 0 || spy.wait(30000); }

    ConnectionSettings m_settings;
    std::unique_ptr<DbProbe> m_probe;
    QThread m_thread;
    LookupWorker *m_worker = nullptr;
    std::unique_ptr<LookupEvents> m_events;
};

TEST_F(LookupWorkerTest, TestConnectionReportsTheServerVersion)
{
    QSignalSpy tested(m_events.get(), &LookupEvents::connectionTested);
    invoke([settings = m_settings](LookupWorker *w) { w->testConnection(1, settings); });
    ASSERT_TRUE(waitFor(tested));
    EXPECT_EQ(tested.at(0).at(0).value<quint64>(), 1u);
    const auto test = tested.at(0).at(1).value<ConnectionTest>();
    ASSERT_FALSE(test.error) << test.error->toString().toStdString();
    EXPECT_EQ(test.serverVersion, m_probe->connection().serverVersionString());
    EXPECT_EQ(test.serverVersionNumber, m_probe->connection().serverVersion());
    EXPECT_GE(test.serverVersionNumber, 150000);
}

TEST_F(LookupWorkerTest, TestConnectionWithAWrongPasswordReportsTheError)
{
    QSignalSpy tested(m_events.get(), &LookupEvents::connectionTested);
    ConnectionSettings wrong = m_settings;
    wrong.password = QStringLiteral("not-the-password");
    invoke([wrong](LookupWorker *w) { w->testConnection(2, wrong); });
    ASSERT_TRUE(waitFor(tested));
    EXPECT_EQ(tested.at(0).at(0).value<quint64>(), 2u);
    const auto test = tested.at(0).at(1).value<ConnectionTest>();
    ASSERT_TRUE(test.error);
    EXPECT_TRUE(test.serverVersion.isEmpty());
    EXPECT_EQ(test.error->kind, StrataError::Kind::Connection) << test.error->toString().toStdString();
    EXPECT_TRUE(test.error->message.contains(QStringLiteral("password")))
        << test.error->toString().toStdString();
    EXPECT_FALSE(test.error->toString().contains(wrong.password));
}

TEST_F(LookupWorkerTest, FindsPgDumpAndNamesAFolderWithoutOne)
{
    QSignalSpy located(m_events.get(), &LookupEvents::pgToolLocated);
    invoke([](LookupWorker *w) { w->locatePgTool(3, QStringLiteral("pg_dump"), QString()); });
    ASSERT_TRUE(waitFor(located));
    const auto found = located.at(0).at(1).value<PgToolLookup>();
    ASSERT_FALSE(found.error) << found.error->toString().toStdString();
    EXPECT_TRUE(found.tool.path.endsWith(QLatin1String("pg_dump"))) << found.tool.path.toStdString();
    EXPECT_GE(found.tool.versionNumber, 150000);

    QTemporaryDir empty;
    located.clear();
    invoke(
        [folder = empty.path()](LookupWorker *w) { w->locatePgTool(4, QStringLiteral("pg_dump"), folder); });
    ASSERT_TRUE(waitFor(located));
    EXPECT_EQ(located.at(0).at(0).value<quint64>(), 4u);
    const auto missing = located.at(0).at(1).value<PgToolLookup>();
    EXPECT_EQ(missing.folder, empty.path());
    ASSERT_TRUE(missing.error);
    EXPECT_TRUE(missing.error->toString().contains(empty.path())) << missing.error->toString().toStdString();
}

TEST_F(LookupWorkerTest, ReadsTheSizesOfTheTablesAskedAboutAndTheCatalogFacts)
{
    ASSERT_TRUE(m_probe->exec("CREATE TABLE orders (id bigint PRIMARY KEY); "
                              "INSERT INTO orders SELECT generate_series(1, 1000); ANALYZE orders"));
    QSignalSpy read(m_events.get(), &LookupEvents::lintFactsRead);
    invoke([settings = m_settings](LookupWorker *w) {
        w->readLintFacts(5, settings, { QStringLiteral("orders"), QStringLiteral("no_such_table") }, true);
    });
    ASSERT_TRUE(waitFor(read));
    const auto lookup = read.at(0).at(1).value<LintLookup>();
    ASSERT_FALSE(lookup.error) << lookup.error->toString().toStdString();
    ASSERT_TRUE(lookup.sizes.contains(QStringLiteral("orders")));
    EXPECT_FALSE(lookup.sizes.contains(QStringLiteral("no_such_table")));
    EXPECT_GT(lookup.sizes.value(QStringLiteral("orders")).bytes, 0);
    EXPECT_EQ(lookup.sizes.value(QStringLiteral("orders")).rows, 1000);
    ASSERT_TRUE(lookup.facts);
    EXPECT_EQ(lookup.facts->serverVersion, m_probe->connection().serverVersion());
}

} // namespace

#include "LookupWorkerTest.moc"
