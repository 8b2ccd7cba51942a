// The pre-flight's blocker scan, the runner's lock-wait watch and
// --lock-timeout-retry against a real PostgreSQL, with a second session that
// holds a lock the way an application or a forgotten psql does.
#include "preflight/Preflight.h"
#include "backup/BackupCatalog.h"
#include "db/PgConnection.h"
#include "migration/MigrationSource.h"
#include "runner/MigrationLock.h"
#include "runner/MigrationRunner.h"
#include "sql/ExtensionUse.h"
#include "sql/StatementRelations.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QThread>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace {

using Severity = PreflightCheck::Severity;

// Every wait in these tests is for a condition, with a deadline far beyond what
// it needs: the deadline only turns a hang into a failure.
constexpr int generousMs = 60000;

// Another client of the database: holds a lock inside an open transaction
// until the test ends it.
class OtherSession
{
public:
    explicit OtherSession(ConnectionSettings settings)
    {
        settings.applicationName = QStringLiteral("other-app");
        Result<std::unique_ptr<PgConnection>> c = PgConnection::open(settings);
        if (c)
            m_connection = std::move(c).value();
    }
    bool ok() const { return m_connection != nullptr; }
    int pid() const { return m_connection->backendPid(); }
    bool run(const QByteArray &sql) { return m_connection->run(sql).ok(); }

private:
    std::unique_ptr<PgConnection> m_connection;
};

// Runs a migration on a thread of its own (its own connection), as the GUI's
// worker does, and records what the runner reports from any thread.
class BackgroundRun
{
public:
    BackgroundRun(const ConnectionSettings &settings, const MigrationList &files, const RunOptions &options)
        : m_thread([this, settings, files, options] {
            Result<std::unique_ptr<PgConnection>> c = PgConnection::open(settings);
            if (!c) {
                finish(RunReport { {}, {}, c.error(), false, 0 });
                return;
            }
            MigrationRunner runner(**c, options);
            QObject::connect(
                &runner, &MigrationRunner::lockWaitChanged, &runner,
                [this](const LockWait &wait) {
                    std::lock_guard lock(m_mutex);
                    m_waits.append(wait);
                    m_changed.notify_all();
                },
                Qt::DirectConnection);
            QObject::connect(
                &runner, &MigrationRunner::lockTimedOut, &runner,
                [this](int, int statement, int attempt, int, qint64, bool whole, const QString &) {
                    std::lock_guard lock(m_mutex);
                    m_timeouts.append({ statement, attempt, whole });
                    m_changed.notify_all();
                },
                Qt::DirectConnection);
            finish(runner.up(files, {}));
        })
    {
    }
    ~BackgroundRun()
    {
        if (m_thread.joinable())
            m_thread.join();
    }

    struct Timeout
    {
        int statement;
        int attempt;
        bool whole;
    };

    template<typename Predicate> bool waitFor(Predicate done)
    {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, std::chrono::milliseconds(generousMs), [&] { return done(); });
    }
    bool waitForBlocker(int pid)
    {
        return waitFor([&] {
            for (const LockWait &w : m_waits)
                for (const BackendSession &s : w.blockers)
                    if (s.pid == pid)
                        return true;
            return false;
        });
    }
    bool waitForTimeouts(qsizetype count)
    {
        return waitFor([&] { return m_timeouts.size() >= count; });
    }
    RunReport report()
    {
        waitFor([&] { return m_finished; });
        m_thread.join();
        return m_report;
    }
    QList<LockWait> waits()
    {
        std::lock_guard lock(m_mutex);
        return m_waits;
    }
    QList<Timeout> timeouts()
    {
        std::lock_guard lock(m_mutex);
        return m_timeouts;
    }

private:
    void finish(const RunReport &report)
    {
        std::lock_guard lock(m_mutex);
        m_report = report;
        m_finished = true;
        m_changed.notify_all();
    }

    std::mutex m_mutex;
    std::condition_variable m_changed;
    QList<LockWait> m_waits;
    QList<Timeout> m_timeouts;
    RunReport m_report;
    bool m_finished = false;
    std::thread m_thread;
};

class PreflightTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        m_settings = TestCluster::freshDatabase(QStringLiteral("preflight"));
        m_probe = std::make_unique<DbProbe>(m_settings);
        ASSERT_TRUE(m_probe->exec("CREATE TABLE accounts (id int PRIMARY KEY, note text);"
                                  "INSERT INTO accounts SELECT g, 'n' FROM generate_series(1, 100) g;"
                                  "CREATE TABLE audit (id int);"));
        m_other = std::make_unique<OtherSession>(m_settings);
        ASSERT_TRUE(m_other->ok());
    }

    MigrationSource::Scan scan()
    {
        Result<MigrationSource::Scan> s = MigrationSource::scan(m_folder.path());
        EXPECT_TRUE(s.ok());
        return s.ok() ? *s : MigrationSource::Scan {};
    }

    PreflightReport preflight(const PreflightOptions &options = {})
    {
        Result<std::unique_ptr<PgConnection>> c = PgConnection::open(m_settings);
        EXPECT_TRUE(c.ok());
        if (!c)
            return {};
        return Preflight::run(**c, scan(), options);
    }

    static std::string dump(const PreflightReport &r)
    {
        QString text;
        for (const PreflightCheck &c : r.checks) {
            text += QStringLiteral("%1 %2: %3\n")
                        .arg(PreflightCheck::severityName(c.severity), c.id, c.message);
            for (const BackendSession &s : c.sessions)
                text += QStringLiteral("    %1\n").arg(s.describe());
        }
        return text.toStdString();
    }

    static const BackendSession *sessionWithPid(const PreflightCheck *check, int pid)
    {
        if (!check)
            return nullptr;
        for (const BackendSession &s : check->sessions)
            if (s.pid == pid)
                return &s;
        return nullptr;
    }

    int historyRows() { return m_probe->scalar("SELECT count(*) FROM migrations").toInt(); }

    ConnectionSettings m_settings;
    std::unique_ptr<DbProbe> m_probe;
    std::unique_ptr<OtherSession> m_other;
    MigrationFolder m_folder;
};

} // namespace

TEST(StatementRelationsTest, NamesAndLockModesFromTheParseTree)
{
    using Mode = StatementRelations::LockMode;
    auto of = [](const char *sql) { return StatementRelations::of(QByteArray(sql)); };
    QList<StatementRelations::Relation> r = of("ALTER TABLE billing.invoices ADD COLUMN paid boolean");
    ASSERT_EQ(r.size(), 1);
    EXPECT_EQ(r[0].name, QStringLiteral("billing.invoices"));
    EXPECT_EQ(r[0].mode, Mode::AccessExclusive);
    r = of("CREATE INDEX CONCURRENTLY idx ON orders (created_at)");
    ASSERT_EQ(r.size(), 1);
    EXPECT_EQ(r[0].mode, Mode::ShareUpdateExclusive);
    r = of("INSERT INTO audit SELECT id FROM accounts a JOIN \"Users\" u USING (id)");
    EXPECT_EQ(r.size(), 3);
    EXPECT_EQ(r[0].mode, Mode::RowExclusive);
    r = of("DROP TABLE a, s.b");
    ASSERT_EQ(r.size(), 2);
    EXPECT_EQ(r[1].name, QStringLiteral("s.b"));
    EXPECT_TRUE(of("this is not sql").isEmpty());
    EXPECT_EQ(StatementRelations::concurrentIndexName("CREATE INDEX CONCURRENTLY i ON s.t (x)"),
        QStringLiteral("s.i"));
    EXPECT_TRUE(StatementRelations::concurrentIndexName("CREATE INDEX CONCURRENTLY ON t (x)").isEmpty());
    EXPECT_TRUE(StatementRelations::conflicts(Mode::AccessShare, Mode::AccessExclusive));
    EXPECT_FALSE(StatementRelations::conflicts(Mode::AccessShare, Mode::Share));
    EXPECT_TRUE(StatementRelations::conflicts(Mode::RowExclusive, Mode::Share));
    EXPECT_FALSE(StatementRelations::conflicts(Mode::ShareUpdateExclusive, Mode::RowExclusive));
    for (int a = 0; a < 8; ++a)
        for (int b = 0; b < 8; ++b)
            EXPECT_EQ(StatementRelations::conflicts(Mode(a), Mode(b)),
                StatementRelations::conflicts(Mode(b), Mode(a)))
                << a << " " << b;
}

TEST_F(PreflightTest, ASessionHoldingALockOnAnAlteredTableIsABlockerWithItsPidAndQuery)
{
    m_folder.add(1700000000001, QStringLiteral("AddEmail"), "ALTER TABLE accounts ADD COLUMN email text;",
        "ALTER TABLE accounts DROP COLUMN email;");
    ASSERT_TRUE(m_other->run("BEGIN"));
    ASSERT_TRUE(m_other->run("LOCK TABLE accounts IN ACCESS SHARE MODE"));

    PreflightReport report = preflight();
    EXPECT_TRUE(report.hasBlockers()) << dump(report);
    const PreflightCheck *blockers = report.find(QStringLiteral("blockers"));
    ASSERT_NE(blockers, nullptr) << dump(report);
    EXPECT_EQ(blockers->severity, Severity::Blocker) << dump(report);
    const BackendSession *s = sessionWithPid(blockers, m_other->pid());
    ASSERT_NE(s, nullptr) << dump(report);
    EXPECT_TRUE(s->query.contains(QLatin1String("LOCK TABLE accounts"))) << s->query.toStdString();
    EXPECT_EQ(s->application, QStringLiteral("other-app"));
    EXPECT_TRUE(s->isIdleInTransaction());
    EXPECT_TRUE(s->locks.join(QLatin1Char(' ')).contains(QLatin1String("AccessShareLock on accounts")))
        << s->describe().toStdString();
    EXPECT_EQ(report.find(QStringLiteral("pending"))->severity, Severity::Ok);
    EXPECT_EQ(report.find(QStringLiteral("connection"))->severity, Severity::Ok);
    EXPECT_EQ(report.find(QStringLiteral("migration-lock"))->severity, Severity::Ok);
    EXPECT_EQ(report.find(QStringLiteral("transactions")), nullptr) << "no CONCURRENTLY statement planned";

    ASSERT_TRUE(m_other->run("COMMIT"));
    report = preflight();
    EXPECT_FALSE(report.hasBlockers()) << dump(report);
    EXPECT_EQ(report.find(QStringLiteral("blockers"))->severity, Severity::Ok) << dump(report);
}

TEST_F(PreflightTest, ALockThatDoesNotConflictWithThePlansIsNotReported)
{
    // CREATE INDEX takes SHARE, which readers' ACCESS SHARE does not conflict with.
    m_folder.add(1700000000001, QStringLiteral("IndexNote"), "CREATE INDEX accounts_note ON accounts (note);",
        "DROP INDEX accounts_note;");
    ASSERT_TRUE(m_other->run("BEGIN"));
    ASSERT_TRUE(m_other->run("SELECT count(*) FROM accounts"));
    const PreflightReport report = preflight();
    const PreflightCheck *blockers = report.find(QStringLiteral("blockers"));
    ASSERT_NE(blockers, nullptr);
    EXPECT_EQ(blockers->severity, Severity::Ok) << dump(report);
    EXPECT_EQ(sessionWithPid(blockers, m_other->pid()), nullptr) << dump(report);
}

TEST_F(PreflightTest, UnqualifiedNamesAreResolvedThroughTheSearchPath)
{
    ASSERT_TRUE(m_probe->exec("CREATE SCHEMA app; CREATE TABLE app.orders (id int);"));
    ASSERT_TRUE(m_probe->exec(QStringLiteral("ALTER DATABASE %1 SET search_path = app, public")
                                  .arg(PgConnection::quoteIdentifier(m_settings.database))
                                  .toUtf8()));
    m_folder.add(1700000000001, QStringLiteral("AddTotal"), "ALTER TABLE orders ADD COLUMN total numeric;",
        "ALTER TABLE orders DROP COLUMN total;");
    ASSERT_TRUE(m_other->run("BEGIN"));
    ASSERT_TRUE(m_other->run("LOCK TABLE app.orders IN ROW EXCLUSIVE MODE"));
    const PreflightReport report = preflight();
    const PreflightCheck *blockers = report.find(QStringLiteral("blockers"));
    ASSERT_NE(blockers, nullptr);
    EXPECT_NE(sessionWithPid(blockers, m_other->pid()), nullptr) << dump(report);
    EXPECT_TRUE(blockers->message.contains(QLatin1String("orders"))) << dump(report);
    ASSERT_TRUE(m_other->run("ROLLBACK"));
}

TEST_F(PreflightTest, AnOpenTransactionIsACreateIndexConcurrentlyBlocker)
{
    m_folder.add(1700000000001, QStringLiteral("IndexNote"),
        "CREATE INDEX CONCURRENTLY accounts_note ON accounts (note);",
        "DROP INDEX CONCURRENTLY accounts_note;", " transaction:false");
    // A transaction that touched another table: no lock on accounts at all,
    // yet CREATE INDEX CONCURRENTLY would wait for it to end.
    ASSERT_TRUE(m_other->run("BEGIN"));
    ASSERT_TRUE(m_other->run("SELECT count(*) FROM audit"));
    const PreflightReport report = preflight();
    const PreflightCheck *waiting = report.find(QStringLiteral("transactions"));
    ASSERT_NE(waiting, nullptr) << dump(report);
    EXPECT_EQ(waiting->severity, Severity::Blocker) << dump(report);
    const BackendSession *s = sessionWithPid(waiting, m_other->pid());
    ASSERT_NE(s, nullptr) << dump(report);
    EXPECT_TRUE(s->query.contains(QLatin1String("audit")));
    EXPECT_TRUE(waiting->details.join(QLatin1Char(' ')).contains(QLatin1String("CREATE INDEX CONCURRENTLY")));
    EXPECT_EQ(report.find(QStringLiteral("blockers"))->severity, Severity::Ok) << dump(report);

    ASSERT_TRUE(m_other->run("COMMIT"));
    const PreflightReport after = preflight();
    EXPECT_EQ(after.find(QStringLiteral("transactions"))->severity, Severity::Ok) << dump(after);
}

TEST_F(PreflightTest, FilesDriftLintAndTheMigrationLockAreChecked)
{
    m_folder.add(1700000000001, QStringLiteral("First"), "CREATE TABLE first (id int);", "DROP TABLE first;");
    {
        Result<std::unique_ptr<PgConnection>> c = PgConnection::open(m_settings);
        ASSERT_TRUE(c.ok());
        MigrationRunner runner(**c, RunOptions {});
        ASSERT_TRUE(runner.up(scan().migrations, {}).ok());
    }
    // Edited after it was applied, and a pending one with a lint error.
    m_folder.add(
        1700000000001, QStringLiteral("First"), "CREATE TABLE first (id bigint);", "DROP TABLE first;");
    m_folder.add(
        1700000000002, QStringLiteral("DropAudit"), "DROP TABLE audit;", "CREATE TABLE audit (id int);");
    m_folder.write(QStringLiteral("1700000000003-Broken.sql"), "no sections here\n");
    // Another runner's lock, held by the other session.
    ASSERT_TRUE(
        m_other->run(QStringLiteral("SELECT pg_advisory_lock(%1)")
                         .arg(MigrationLock::keyFor(HistoryTable {}.lockName(QStringLiteral("public"))))
                         .toUtf8()));

    PreflightReport report = preflight();
    EXPECT_EQ(report.find(QStringLiteral("files"))->severity, Severity::Blocker) << dump(report);
    EXPECT_EQ(report.find(QStringLiteral("drift"))->severity, Severity::Blocker) << dump(report);
    EXPECT_EQ(report.find(QStringLiteral("pending"))->severity, Severity::Blocker) << dump(report);
    const PreflightCheck *lock = report.find(QStringLiteral("migration-lock"));
    EXPECT_EQ(lock->severity, Severity::Blocker) << dump(report);
    EXPECT_TRUE(lock->message.contains(QStringLiteral("pid %1").arg(m_other->pid()))) << dump(report);

    PreflightOptions accepting;
    accepting.up.ignoreDrift = true;
    report = preflight(accepting);
    EXPECT_EQ(report.find(QStringLiteral("drift"))->severity, Severity::Warning) << dump(report);
    const PreflightCheck *lint = report.find(QStringLiteral("lint"));
    EXPECT_NE(lint->severity, Severity::Ok) << dump(report);
    EXPECT_TRUE(lint->details.join(QLatin1Char('\n')).contains(QLatin1String("drop-table"))) << dump(report);
}

TEST_F(PreflightTest, ARevertIsCheckedAgainstItsDownSectionAndTheTablesThatTouches)
{
    m_folder.add(1700000000001, QStringLiteral("AddEmail"), "ALTER TABLE accounts ADD COLUMN email text;",
        "ALTER TABLE accounts DROP COLUMN email;");
    m_folder.add(1700000000002, QStringLiteral("AuditNote"), "ALTER TABLE audit ADD COLUMN note text;",
        "ALTER TABLE audit DROP COLUMN IF EXISTS note;");
    {
        Result<std::unique_ptr<PgConnection>> c = PgConnection::open(m_settings);
        ASSERT_TRUE(c.ok());
        MigrationRunner runner(**c, RunOptions {});
        ASSERT_TRUE(runner.up(scan().migrations, {}).ok());
    }
    // A malformed file elsewhere does not stop a revert (it is a warning).
    m_folder.write(QStringLiteral("1700000000003-Broken.sql"), "no sections here\n");
    ASSERT_TRUE(m_other->run("BEGIN"));
    ASSERT_TRUE(m_other->run("LOCK TABLE accounts IN ACCESS SHARE MODE"));

    // Reverting the newest touches only audit: the session on accounts is not in the way.
    // The run sets lock_timeout itself (--lock-timeout): the ALTERs need no SET of their own.
    PreflightOptions revertLast;
    revertLast.runnerSetsLockTimeout = true;
    revertLast.down = DownOptions {};
    PreflightReport report = preflight(revertLast);
    EXPECT_FALSE(report.hasBlockers()) << dump(report);
    const PreflightCheck *pending = report.find(QStringLiteral("pending"));
    EXPECT_EQ(pending->title, QStringLiteral("Migrations to revert"));
    EXPECT_EQ(pending->message, QStringLiteral("1 migration to revert")) << dump(report);
    EXPECT_EQ(pending->details, QStringList { QStringLiteral("1700000000002-AuditNote.sql") });
    EXPECT_EQ(report.find(QStringLiteral("files"))->severity, Severity::Warning) << dump(report);
    EXPECT_EQ(report.find(QStringLiteral("lint"))->severity, Severity::Ok) << dump(report);

    // Reverting down to AddEmail drops accounts.email: the session holding
    // accounts is a blocker, and the down section's lint finding (DROP COLUMN
    // without IF EXISTS, an info) is listed.
    PreflightOptions revertBoth;
    revertBoth.runnerSetsLockTimeout = true;
    revertBoth.down = DownOptions {};
    revertBoth.down->target = QStringLiteral("AddEmail");
    report = preflight(revertBoth);
    EXPECT_EQ(report.find(QStringLiteral("pending"))->message, QStringLiteral("2 migrations to revert"))
        << dump(report);
    const PreflightCheck *blockers = report.find(QStringLiteral("blockers"));
    ASSERT_NE(blockers, nullptr) << dump(report);
    EXPECT_EQ(blockers->severity, Severity::Blocker) << dump(report);
    EXPECT_NE(sessionWithPid(blockers, m_other->pid()), nullptr) << dump(report);
    const PreflightCheck *lint = report.find(QStringLiteral("lint"));
    EXPECT_EQ(lint->severity, Severity::Ok) << "an info finding" << dump(report);
    EXPECT_EQ(lint->message, QStringLiteral("only 1 note in the down sections to run")) << dump(report);
    EXPECT_TRUE(lint->details.join(QLatin1Char('\n')).contains(QLatin1String("missing-if-exists")))
        << dump(report);
    // Without it, the revert's ALTER TABLE would wait for that lock with no limit.
    revertBoth.runnerSetsLockTimeout = false;
    report = preflight(revertBoth);
    EXPECT_TRUE(report.find(QStringLiteral("lint"))
                    ->details.join(QLatin1Char('\n'))
                    .contains(QLatin1String("missing-lock-timeout")))
        << dump(report);
    ASSERT_TRUE(m_other->run("ROLLBACK"));
}

TEST_F(PreflightTest, APreparedTransactionHoldingALockOnAnAlteredTableIsABlocker)
{
    m_folder.add(1700000000001, QStringLiteral("AddEmail"), "ALTER TABLE accounts ADD COLUMN email text;",
        "ALTER TABLE accounts DROP COLUMN email;");
    // What a transaction manager that died between PREPARE and COMMIT leaves:
    // no session, and its locks stay.
    const QString gid = QStringLiteral("strata-test-%1").arg(m_other->pid());
    ASSERT_TRUE(m_other->run("BEGIN"));
    ASSERT_TRUE(m_other->run("LOCK TABLE accounts IN ROW EXCLUSIVE MODE"));
    ASSERT_TRUE(m_other->run(QStringLiteral("PREPARE TRANSACTION '%1'").arg(gid).toUtf8()));
    struct EndPrepared
    {
        DbProbe *probe;
        QString gid;
        ~EndPrepared()
        {
            if (!gid.isEmpty())
                probe->exec(QStringLiteral("ROLLBACK PREPARED '%1'").arg(gid).toUtf8());
        }
    } endPrepared { m_probe.get(), gid };

    PreflightReport report = preflight();
    const PreflightCheck *prepared = report.find(QStringLiteral("prepared"));
    ASSERT_NE(prepared, nullptr) << dump(report);
    EXPECT_EQ(prepared->severity, Severity::Blocker) << dump(report);
    ASSERT_EQ(prepared->details.size(), 1) << dump(report);
    const QString detail = prepared->details.first();
    EXPECT_TRUE(detail.startsWith(QStringLiteral("'%1', prepared ").arg(gid))) << detail.toStdString();
    EXPECT_TRUE(detail.contains(QLatin1String("holds RowExclusiveLock on accounts"))) << detail.toStdString();
    EXPECT_TRUE(detail.contains(QStringLiteral("ROLLBACK PREPARED '%1'").arg(gid))) << detail.toStdString();
    EXPECT_EQ(report.find(QStringLiteral("blockers"))->severity, Severity::Ok)
        << "no session is behind it" << dump(report);

    // A plan that does not touch accounts: still listed, as a warning.
    m_folder.add(1700000000001, QStringLiteral("AddEmail"), "ALTER TABLE audit ADD COLUMN note text;",
        "ALTER TABLE audit DROP COLUMN note;");
    report = preflight();
    prepared = report.find(QStringLiteral("prepared"));
    ASSERT_NE(prepared, nullptr) << dump(report);
    EXPECT_EQ(prepared->severity, Severity::Warning) << dump(report);
    EXPECT_FALSE(prepared->details.first().contains(QLatin1String("holds"))) << dump(report);

    ASSERT_TRUE(m_probe->exec(QStringLiteral("ROLLBACK PREPARED '%1'").arg(gid).toUtf8()));
    endPrepared.gid.clear();
    report = preflight();
    EXPECT_EQ(report.find(QStringLiteral("prepared")), nullptr)
        << "shown only when there are any" << dump(report);
}

TEST_F(PreflightTest, AnUnreachableServerIsTheConnectionBlocker)
{
    ConnectionSettings wrong = m_settings;
    wrong.password = QStringLiteral("not-the-password");
    const PreflightReport report = Preflight::run(wrong, MigrationSource::scan(m_folder.path()), {});
    ASSERT_EQ(report.checks.size(), 1);
    EXPECT_EQ(report.checks[0].id, QStringLiteral("connection"));
    EXPECT_EQ(report.checks[0].severity, Severity::Blocker);
    EXPECT_FALSE(report.toJson().value(QLatin1String("ok")).toBool());
}

TEST_F(PreflightTest, TheLockWaitWatchReportsTheBlockingSessionLiveAndClearsIt)
{
    m_folder.add(1700000000001, QStringLiteral("AddEmail"), "ALTER TABLE accounts ADD COLUMN email text;",
        "ALTER TABLE accounts DROP COLUMN email;");
    ASSERT_TRUE(m_other->run("BEGIN"));
    ASSERT_TRUE(m_other->run("LOCK TABLE accounts IN ACCESS SHARE MODE"));

    BackgroundRun run(m_settings, scan().migrations, RunOptions {}); // no lock_timeout: it waits
    ASSERT_TRUE(run.waitForBlocker(m_other->pid()));
    LockWait seen;
    for (const LockWait &w : run.waits())
        if (!w.isEmpty())
            seen = w;
    ASSERT_EQ(seen.blockers.size(), 1);
    const BackendSession &blocker = seen.blockers.first();
    EXPECT_EQ(blocker.pid, m_other->pid());
    EXPECT_EQ(blocker.application, QStringLiteral("other-app"));
    EXPECT_TRUE(blocker.query.contains(QLatin1String("LOCK TABLE accounts"))) << blocker.query.toStdString();
    EXPECT_TRUE(blocker.isIdleInTransaction());
    EXPECT_TRUE(blocker.transactionStart.isValid());
    EXPECT_TRUE(seen.waitingFor.contains(QLatin1String("AccessExclusiveLock on accounts")))
        << seen.waitingFor.toStdString();
    EXPECT_TRUE(seen.statement.contains(QLatin1String("ALTER TABLE accounts")));
    EXPECT_NE(seen.waiterPid, 0);
    // The watch has its own connection while the run waits.
    EXPECT_EQ(
        m_probe->scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE '%(lock watch)'"),
        QStringLiteral("1"));

    ASSERT_TRUE(m_other->run("ROLLBACK"));
    const RunReport report = run.report();
    ASSERT_TRUE(report.ok()) << report.error->toString().toStdString();
    const QList<LockWait> waits = run.waits();
    ASSERT_FALSE(waits.isEmpty());
    EXPECT_TRUE(waits.last().isEmpty()) << "cleared when the statement finished";
    // Once per change, not once per reading: the blocker did not change while it waited.
    int nonEmpty = 0;
    for (const LockWait &w : waits)
        nonEmpty += !w.isEmpty();
    EXPECT_EQ(nonEmpty, 1);

    // The watch's connection is closed when the run returns.
    QDeadlineTimer deadline(generousMs);
    QString left;
    do {
        left = m_probe->scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE '%(lock watch)'");
        if (left == QLatin1String("0"))
            break;
        QThread::msleep(20);
    } while (!deadline.hasExpired());
    EXPECT_EQ(left, QStringLiteral("0"));
}

TEST_F(PreflightTest, WithoutRetryALockTimeoutFailsAndNothingIsApplied)
{
    m_folder.add(1700000000001, QStringLiteral("AddEmail"), "ALTER TABLE accounts ADD COLUMN email text;",
        "ALTER TABLE accounts DROP COLUMN email;");
    ASSERT_TRUE(m_other->run("BEGIN"));
    ASSERT_TRUE(m_other->run("LOCK TABLE accounts IN ACCESS SHARE MODE"));
    RunOptions options;
    options.lockTimeout = QStringLiteral("100ms");
    Result<std::unique_ptr<PgConnection>> c = PgConnection::open(m_settings);
    ASSERT_TRUE(c.ok());
    MigrationRunner runner(**c, options);
    int timeouts = 0;
    QObject::connect(&runner, &MigrationRunner::lockTimedOut, [&timeouts] { ++timeouts; });
    const RunReport report = runner.up(scan().migrations, {});
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error->sqlState, QStringLiteral("55P03"));
    EXPECT_TRUE(report.error->hint.contains(QLatin1String("--lock-timeout-retry")))
        << report.error->toString().toStdString();
    EXPECT_EQ(timeouts, 0);
    EXPECT_EQ(historyRows(), 0);
    EXPECT_EQ(m_probe->scalar("SELECT count(*) FROM information_schema.columns WHERE column_name = 'email'"),
        QStringLiteral("0"));
    ASSERT_TRUE(m_other->run("ROLLBACK"));
}

TEST_F(PreflightTest, WithRetryTheMigrationCompletesOnceTheBlockerEndsAndIsAppliedOnce)
{
    m_folder.add(1700000000001, QStringLiteral("AddEmail"),
        "ALTER TABLE accounts ADD COLUMN email text;\nUPDATE accounts SET email = 'x' || id;",
        "ALTER TABLE accounts DROP COLUMN email;");
    ASSERT_TRUE(m_other->run("BEGIN"));
    ASSERT_TRUE(m_other->run("LOCK TABLE accounts IN ACCESS SHARE MODE"));
    RunOptions options;
    options.lockTimeout = QStringLiteral("100ms");
    options.lockTimeoutRetries = 8;
    BackgroundRun run(m_settings, scan().migrations, options);
    ASSERT_TRUE(run.waitForTimeouts(1));
    ASSERT_TRUE(m_other->run("COMMIT"));
    const RunReport report = run.report();
    ASSERT_TRUE(report.ok()) << report.error->toString().toStdString();
    const QList<BackgroundRun::Timeout> timeouts = run.timeouts();
    ASSERT_FALSE(timeouts.isEmpty());
    EXPECT_TRUE(timeouts.first().whole) << "a transactional migration is retried whole";
    EXPECT_EQ(timeouts.first().attempt, 1);
    EXPECT_EQ(historyRows(), 1);
    EXPECT_EQ(m_probe->scalar("SELECT count(*) FROM migrations_strata"), QStringLiteral("1"));
    EXPECT_EQ(
        m_probe->scalar("SELECT count(*) FROM accounts WHERE email = 'x' || id"), QStringLiteral("100"));
}

TEST_F(PreflightTest, WithRetryATransactionFalseMigrationRetriesOnlyTheStatementThatTimedOut)
{
    // The first statement commits on its own; were the whole migration retried,
    // CREATE TABLE side would fail with "already exists".
    m_folder.add(1700000000001, QStringLiteral("SideAndEmail"),
        "CREATE TABLE side (id int);\nALTER TABLE accounts ADD COLUMN email text;",
        "ALTER TABLE accounts DROP COLUMN email;\nDROP TABLE side;", " transaction:false");
    ASSERT_TRUE(m_other->run("BEGIN"));
    ASSERT_TRUE(m_other->run("LOCK TABLE accounts IN ACCESS SHARE MODE"));
    RunOptions options;
    options.lockTimeout = QStringLiteral("100ms");
    options.lockTimeoutRetries = 8;
    BackgroundRun run(m_settings, scan().migrations, options);
    ASSERT_TRUE(run.waitForTimeouts(1));
    ASSERT_TRUE(m_other->run("COMMIT"));
    const RunReport report = run.report();
    ASSERT_TRUE(report.ok()) << report.error->toString().toStdString();
    const BackgroundRun::Timeout first = run.timeouts().first();
    EXPECT_FALSE(first.whole);
    EXPECT_EQ(first.statement, 1) << "the ALTER, the second statement";
    EXPECT_EQ(historyRows(), 1);
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("side")));
}

TEST_F(PreflightTest, ACreateIndexConcurrentlyThatLeftItsIndexIsNotRetried)
{
    // CIC's last phase waits for older transactions: with lock_timeout it fails
    // after the index exists (INVALID). Running it again would not repair that.
    m_folder.add(1700000000001, QStringLiteral("IndexNote"),
        "CREATE INDEX CONCURRENTLY accounts_note ON accounts (note);",
        "DROP INDEX CONCURRENTLY accounts_note;", " transaction:false");
    ASSERT_TRUE(m_other->run("BEGIN ISOLATION LEVEL REPEATABLE READ"));
    ASSERT_TRUE(m_other->run("SELECT count(*) FROM audit"));
    RunOptions options;
    options.lockTimeout = QStringLiteral("200ms");
    options.lockTimeoutRetries = 3;
    Result<std::unique_ptr<PgConnection>> c = PgConnection::open(m_settings);
    ASSERT_TRUE(c.ok());
    MigrationRunner runner(**c, options);
    int timeouts = 0;
    QObject::connect(&runner, &MigrationRunner::lockTimedOut, [&timeouts] { ++timeouts; });
    const RunReport report = runner.up(scan().migrations, {});
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error->sqlState, QStringLiteral("55P03"));
    EXPECT_EQ(timeouts, 0);
    EXPECT_TRUE(report.error->detail.contains(QLatin1String("INVALID index accounts_note")))
        << report.error->toString().toStdString();
    EXPECT_EQ(historyRows(), 0);
    ASSERT_TRUE(m_other->run("ROLLBACK"));
}

TEST_F(PreflightTest, TheLastBackupsAgeIsAWarningOrOnProductionABlocker)
{
    m_folder.add(1700000000001, QStringLiteral("First"), "CREATE TABLE first (id int);", "DROP TABLE first;");
    QTemporaryDir backups;
    PreflightOptions options;
    options.backupFolder = backups.path();
    options.backupProfile = QStringLiteral("prod");
    auto backupCheck = [&](bool required) {
        options.backupRequired = required;
        const PreflightReport report = preflight(options);
        const PreflightCheck *c = report.find(QStringLiteral("backup"));
        EXPECT_NE(c, nullptr) << dump(report);
        return c ? *c : PreflightCheck {};
    };
    auto writeDump = [&](const QString &database, qint64 secondsAgo) {
        const QString name = BackupCatalog::fileNameFor(backups.path(), QStringLiteral("prod"), database,
            QDateTime::currentDateTimeUtc().addSecs(-secondsAgo));
        QFile f(QDir(backups.path()).filePath(name));
        EXPECT_TRUE(f.open(QIODevice::WriteOnly));
        return name;
    };

    EXPECT_EQ(backupCheck(false).severity, Severity::Warning);
    EXPECT_EQ(backupCheck(true).severity, Severity::Blocker);
    writeDump(QStringLiteral("another_database"), 60);
    EXPECT_EQ(backupCheck(true).severity, Severity::Blocker) << "a dump of another database does not count";
    writeDump(m_settings.database, 3 * 24 * 3600);
    PreflightCheck old = backupCheck(true);
    EXPECT_EQ(old.severity, Severity::Blocker);
    EXPECT_TRUE(old.message.contains(QLatin1String("older than 24 h"))) << old.message.toStdString();
    const QString fresh = writeDump(m_settings.database, 600);
    const PreflightCheck recent = backupCheck(true);
    EXPECT_EQ(recent.severity, Severity::Ok) << recent.message.toStdString();
    EXPECT_TRUE(recent.message.contains(fresh)) << recent.message.toStdString();
}

TEST(ExtensionUseTest, CallsAndTypesOfKnownExtensionsAndWhatTheSqlCreates)
{
    ExtensionUse::Found f = ExtensionUse::of(
        "CREATE TABLE t (id uuid DEFAULT uuid_generate_v4(), email citext, pw text DEFAULT crypt('x', "
        "gen_salt('bf')), n int DEFAULT length('x'));"
        "ALTER TABLE t ADD COLUMN k uuid DEFAULT public.uuid_generate_v1mc();");
    QStringList names;
    for (const ExtensionUse::Use &u : f.uses)
        names << u.extension + QLatin1Char(':') + u.object;
    EXPECT_EQ(names.join(QLatin1Char(' ')),
        QStringLiteral("uuid-ossp:uuid_generate_v4() citext:type citext pgcrypto:crypt() pgcrypto:gen_salt() "
                       "uuid-ossp:uuid_generate_v1mc()"));
    f = ExtensionUse::of("CREATE SCHEMA ext; CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" SCHEMA ext;"
                         "CREATE FUNCTION similarity(a text, b text) RETURNS real LANGUAGE sql AS 'SELECT 1';"
                         "SELECT similarity('a', 'b'), ST_MakePoint(1, 2);");
    EXPECT_EQ(f.createdExtensions, QStringList { QStringLiteral("uuid-ossp") });
    EXPECT_EQ(f.createdSchemas, QStringList { QStringLiteral("ext") });
    EXPECT_EQ(f.plainlyCreatedSchemas, QStringList { QStringLiteral("ext") });
    EXPECT_TRUE(ExtensionUse::of("CREATE SCHEMA IF NOT EXISTS ext").plainlyCreatedSchemas.isEmpty());
    ASSERT_EQ(f.uses.size(), 1) << "its own similarity() is not pg_trgm's";
    EXPECT_EQ(f.uses[0].extension, QStringLiteral("postgis"));
    EXPECT_TRUE(ExtensionUse::of("not sql at all").uses.isEmpty());
}

TEST_F(PreflightTest, AFunctionOfAnExtensionThatIsNotInstalledIsNamedWithTheFix)
{
    m_folder.add(1700000000001, QStringLiteral("CreatePosts"),
        "CREATE TABLE posts (id uuid NOT NULL DEFAULT uuid_generate_v4(), title text);", "DROP TABLE posts;");
    PreflightReport report = preflight();
    const PreflightCheck *extensions = report.find(QStringLiteral("extensions"));
    ASSERT_NE(extensions, nullptr) << dump(report);
    EXPECT_EQ(extensions->severity, Severity::Blocker);
    EXPECT_TRUE(extensions->message.contains(QLatin1String("\"uuid-ossp\""))) << dump(report);
    ASSERT_EQ(extensions->details.size(), 1);
    EXPECT_TRUE(extensions->details[0].contains(QLatin1String("1700000000001-CreatePosts.sql:")))
        << dump(report);
    EXPECT_TRUE(extensions->details[0].contains(QLatin1String("uuid_generate_v4()"))) << dump(report);
    EXPECT_TRUE(
        extensions->details[0].contains(QLatin1String("CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\";")))
        << extensions->details[0].toStdString();

    // Installed on the database: nothing to say.
    ASSERT_TRUE(m_probe->exec("CREATE EXTENSION \"uuid-ossp\""));
    report = preflight();
    EXPECT_EQ(report.find(QStringLiteral("extensions")), nullptr) << dump(report);
}

TEST_F(PreflightTest, AnExtensionAnEarlierMigrationOfThePlanCreatesIsNotReported)
{
    m_folder.add(1700000000001, QStringLiteral("UuidOssp"), "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\";",
        "DROP EXTENSION \"uuid-ossp\";");
    m_folder.add(1700000000002, QStringLiteral("CreatePosts"),
        "CREATE TABLE posts (id uuid NOT NULL DEFAULT uuid_generate_v4(), title text);", "DROP TABLE posts;");
    // A later one uses pgcrypto, which nothing creates: only that is named.
    m_folder.add(1700000000003, QStringLiteral("AddPassword"),
        "ALTER TABLE posts ADD COLUMN secret text DEFAULT crypt('x', gen_salt('bf'));",
        "ALTER TABLE posts DROP COLUMN secret;");
    PreflightReport report = preflight();
    const PreflightCheck *extensions = report.find(QStringLiteral("extensions"));
    ASSERT_NE(extensions, nullptr) << dump(report);
    EXPECT_TRUE(extensions->message.contains(QLatin1String("\"pgcrypto\""))) << dump(report);
    EXPECT_FALSE(extensions->message.contains(QLatin1String("uuid-ossp"))) << dump(report);
    ASSERT_EQ(extensions->details.size(), 2) << extensions->details.join(QLatin1Char('\n')).toStdString();
    EXPECT_TRUE(extensions->details[0].contains(QLatin1String("1700000000003-AddPassword.sql:")));
    EXPECT_TRUE(extensions->details[0].contains(QLatin1String("crypt()")));

    m_folder.remove(QStringLiteral("1700000000003-AddPassword.sql"));
    report = preflight();
    EXPECT_EQ(report.find(QStringLiteral("extensions")), nullptr) << dump(report);
    EXPECT_FALSE(report.hasBlockers()) << dump(report);
}
