// The runner against a real PostgreSQL: transactions, history rows, errors with
// positions, refusals, locks, cancellation and notices.
#include "runner/MigrationRunner.h"
#include "db/PgConnection.h"
#include "history/HistoryStore.h"
#include "migration/MigrationSource.h"
#include "runner/MigrationLock.h"
#include "support/DbProbe.h"
#include "support/LongIndexBuild.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QSignalSpy>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

namespace {

class MigrationRunnerTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        m_settings = TestCluster::freshDatabase(QStringLiteral("runner"));
        Result<std::unique_ptr<PgConnection>> c = PgConnection::open(m_settings);
        ASSERT_TRUE(c.ok()) << c.error().toString().toStdString();
        m_connection = std::move(c).value();
        m_probe = std::make_unique<DbProbe>(m_settings);
    }

    MigrationList files()
    {
        Result<MigrationSource::Scan> scan = MigrationSource::scan(m_folder.path());
        EXPECT_TRUE(scan.ok());
        EXPECT_TRUE(scan->problems.isEmpty())
            << (scan->problems.isEmpty() ? std::string() : scan->problems[0].toString().toStdString());
        return scan->migrations;
    }

    RunReport up(const UpOptions &upOptions = {}, RunOptions options = {})
    {
        MigrationRunner runner(*m_connection, options);
        return runner.up(files(), upOptions);
    }

    RunReport down(const DownOptions &downOptions = {}, RunOptions options = {})
    {
        MigrationRunner runner(*m_connection, options);
        return runner.down(files(), downOptions);
    }

    static std::string describe(const RunReport &r)
    {
        return r.error ? r.error->toString().toStdString() : std::string("ok");
    }

    ConnectionSettings m_settings;
    std::unique_ptr<PgConnection> m_connection;
    std::unique_ptr<DbProbe> m_probe;
    MigrationFolder m_folder;
};

} // namespace

TEST_F(MigrationRunnerTest, UpCreatesTablesAndBothHistoryRows)
{
    const QString a = m_folder.add(1700000000001, QStringLiteral("CreateUsers"),
        "CREATE TABLE users (id int PRIMARY KEY);", "DROP TABLE users;");
    m_folder.add(1700000000002, QStringLiteral("CreatePosts"),
        "CREATE TABLE posts (id int PRIMARY KEY, user_id int REFERENCES users);", "DROP TABLE posts;");
    const RunReport report = up();
    ASSERT_TRUE(report.ok()) << describe(report);
    EXPECT_EQ(report.completed.size(), 2);
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("users")));
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("posts")));
    EXPECT_EQ(m_probe->column("SELECT \"timestamp\" || ' ' || name FROM migrations ORDER BY id"),
        QStringList({ QStringLiteral("1700000000001 CreateUsers1700000000001"),
            QStringLiteral("1700000000002 CreatePosts1700000000002") }));
    const MigrationList f = files();
    EXPECT_EQ(
        m_probe->scalar("SELECT checksum FROM migrations_strata WHERE name = 'CreateUsers1700000000001'"),
        f[0].checksum);
    EXPECT_EQ(m_probe->scalar("SELECT up_sql FROM migrations_strata WHERE name = 'CreateUsers1700000000001'"),
        QStringLiteral("CREATE TABLE users (id int PRIMARY KEY);\n"));
    EXPECT_EQ(
        m_probe->scalar("SELECT down_sql FROM migrations_strata WHERE name = 'CreateUsers1700000000001'"),
        QStringLiteral("DROP TABLE users;\n"));
    EXPECT_EQ(
        m_probe->scalar("SELECT count(*) FROM migrations_strata WHERE applied_by <> '' AND duration_ms >= 0 "
                        "AND tool_version <> '' AND db_user = current_user AND applied_at <= now()"),
        QStringLiteral("2"));
    // Running again finds nothing to do.
    const RunReport again = up();
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again.plan.isEmpty());
    EXPECT_EQ(m_probe->historyCount(), 2);
    Q_UNUSED(a);
}

TEST_F(MigrationRunnerTest, HistoryTableHasTypeOrmsExactLayout)
{
    m_folder.add(1700000000001, QStringLiteral("A"), "SELECT 1;", "SELECT 1;");
    ASSERT_TRUE(up().ok());
    EXPECT_EQ(m_probe->column("SELECT column_name || ' ' || data_type || ' ' || is_nullable || ' ' || "
                              "coalesce(column_default, '') FROM information_schema.columns "
                              "WHERE table_name = 'migrations' ORDER BY ordinal_position"),
        QStringList({ QStringLiteral("id integer NO nextval('migrations_id_seq'::regclass)"),
            QStringLiteral("timestamp bigint NO "), QStringLiteral("name character varying NO ") }));
    EXPECT_EQ(m_probe->scalar("SELECT conname FROM pg_constraint WHERE conrelid = 'migrations'::regclass "
                              "AND contype = 'p'"),
        QStringLiteral("PK_8c82d7f526340ab734260ea46be"));
}

TEST_F(MigrationRunnerTest, RowInsertedTheWayTypeOrmDoesIsReadAsApplied)
{
    // What TypeORM's MigrationExecutor does: create its table, run the
    // migration, insert ("timestamp", "name").
    ASSERT_TRUE(
        m_probe->exec("CREATE TABLE \"migrations\" (\"id\" SERIAL NOT NULL, \"timestamp\" bigint NOT NULL, "
                      "\"name\" character varying NOT NULL, CONSTRAINT \"PK_8c82d7f526340ab734260ea46be\" "
                      "PRIMARY KEY (\"id\"))"));
    ASSERT_TRUE(m_probe->exec("CREATE TABLE users (id int)"));
    PgResult insert = m_probe->connection().execParams(
        "INSERT INTO \"migrations\"(\"timestamp\", \"name\") VALUES ($1, $2)",
        { "1700000000001", "CreateUsers1700000000001" });
    ASSERT_TRUE(insert.ok());
    m_folder.add(
        1700000000001, QStringLiteral("CreateUsers"), "CREATE TABLE users (id int);", "DROP TABLE users;");
    m_folder.add(1700000000002, QStringLiteral("AddEmail"), "ALTER TABLE users ADD email text;",
        "ALTER TABLE users DROP email;");

    HistoryStore history(*m_connection, HistoryTable {});
    Result<AppliedMigrationList> applied = history.read();
    ASSERT_TRUE(applied.ok());
    const MigrationStatusList statuses = MigrationPlanner::statuses(files(), *applied);
    ASSERT_EQ(statuses.size(), 2);
    EXPECT_EQ(statuses[0].state, MigrationState::Applied);
    EXPECT_TRUE(statuses[0].checksumUnknown());
    EXPECT_EQ(statuses[1].state, MigrationState::Pending);

    const RunReport report = up();
    ASSERT_TRUE(report.ok()) << describe(report);
    ASSERT_EQ(report.completed.size(), 1);
    EXPECT_EQ(report.completed[0].name, QStringLiteral("AddEmail1700000000002"));
}

TEST_F(MigrationRunnerTest, FailureHalfwayLeavesNothingAndPointsAtLineAndColumn)
{
    m_folder.add(1700000000001, QStringLiteral("First"), "CREATE TABLE first (id int);", "DROP TABLE first;");
    const QString failing = m_folder.add(1700000000002, QStringLiteral("Broken"),
        "CREATE TABLE half (id int);\n"
        "INSERT INTO half (id)\n"
        "VALUES (1),\n"
        "       ('x');\n",
        "DROP TABLE half;");
    m_folder.add(1700000000003, QStringLiteral("Later"), "CREATE TABLE later (id int);", "DROP TABLE later;");
    const RunReport report = up();
    ASSERT_FALSE(report.ok());
    const StrataError &e = *report.error;
    EXPECT_EQ(e.file, failing);
    // The file: line 1 marker, 2 CREATE, 3 INSERT, 4 VALUES, 5 ('x').
    EXPECT_EQ(e.line, 5);
    EXPECT_EQ(e.column, 9);
    EXPECT_EQ(e.sqlState, QStringLiteral("22P02"));
    EXPECT_TRUE(e.message.contains(QLatin1String("invalid input syntax for type integer")))
        << e.message.toStdString();
    ASSERT_EQ(report.completed.size(), 1);
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("first")));
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("half")));
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("later")));
    EXPECT_EQ(
        m_probe->column("SELECT name FROM migrations"), QStringList { QStringLiteral("First1700000000001") });
    EXPECT_EQ(m_probe->scalar("SELECT count(*) FROM migrations_strata"), QStringLiteral("1"));
    // The lock was released: another run can start at once.
    RunOptions noWait;
    noWait.lockWaitSeconds = 0;
    const RunReport retry = up({}, noWait);
    ASSERT_FALSE(retry.ok());
    EXPECT_NE(retry.error->kind, StrataError::Kind::Lock);
}

TEST_F(MigrationRunnerTest, StatementByStatementAndPipelinedRunsAgree)
{
    // The same migrations, once each way: the same statements run, the same
    // history, and a failure named at the same line and column.
    m_folder.add(1700000000001, QStringLiteral("First"),
        "CREATE TABLE first (id int);\nDO $$ BEGIN RAISE NOTICE 'first'; END $$;", "DROP TABLE first;");
    m_folder.add(1700000000002, QStringLiteral("Broken"),
        "CREATE TABLE half (id int);\n"
        "INSERT INTO half (id)\n"
        "VALUES (1),\n"
        "       ('x');\n",
        "DROP TABLE half;");
    for (const bool pipeline : { true, false }) {
        SCOPED_TRACE(pipeline ? "pipelined" : "statement by statement");
        ASSERT_TRUE(
            m_connection->run("DROP TABLE IF EXISTS first, half, migrations, migrations_strata").ok());
        RunOptions options;
        options.pipeline = pipeline;
        MigrationRunner runner(*m_connection, options);
        QSignalSpy notices(&runner, &MigrationRunner::noticeReceived);
        QSignalSpy started(&runner, &MigrationRunner::statementStarted);
        QSignalSpy finished(&runner, &MigrationRunner::statementFinished);
        const RunReport report = runner.up(files(), {});
        ASSERT_FALSE(report.ok());
        EXPECT_EQ(report.error->line, 5);
        EXPECT_EQ(report.error->column, 9);
        EXPECT_EQ(report.error->sqlState, QStringLiteral("22P02"));
        ASSERT_EQ(report.completed.size(), 1);
        EXPECT_EQ(notices.count(), 1);
        EXPECT_EQ(started.count(), 4); // two of First, two of Broken
        EXPECT_EQ(finished.count(), 3); // the INSERT failed
        EXPECT_EQ(m_connection->transactionStatus(), PgConnection::TransactionStatus::Idle);
        EXPECT_TRUE(m_probe->tableExists(QStringLiteral("first")));
        EXPECT_FALSE(m_probe->tableExists(QStringLiteral("half")));
        EXPECT_EQ(m_probe->column("SELECT name FROM migrations"),
            QStringList { QStringLiteral("First1700000000001") });
        // The duration is recorded either way (measured by the server when pipelined).
        EXPECT_EQ(m_probe->scalar("SELECT count(*) FROM migrations_strata WHERE duration_ms >= 0"),
            QStringLiteral("1"));
    }
}

TEST_F(MigrationRunnerTest, ALongIndexBuildReportsTheServersProgress)
{
    ASSERT_TRUE(LongIndexBuild::prepare(*m_probe, m_folder));
    MigrationRunner runner(*m_connection, RunOptions {});
    std::mutex mutex;
    QList<StatementProgress> reports;
    QObject::connect(
        &runner, &MigrationRunner::statementProgressChanged, &runner,
        [&](const StatementProgress &progress) {
            std::lock_guard lock(mutex);
            reports.append(progress);
        },
        Qt::DirectConnection);
    const RunReport report = runner.up(files(), {});
    ASSERT_TRUE(report.ok()) << describe(report);
    std::lock_guard lock(mutex);
    ASSERT_GE(reports.size(), 2) << "no progress reported during a " << report.durationMs
                                 << " ms index build";
    EXPECT_TRUE(reports.last().isEmpty()) << "the report is cleared when the statement ends";
    int withTotal = 0;
    for (const StatementProgress &p : std::as_const(reports)) {
        if (p.isEmpty())
            continue;
        std::printf("[ progress ] %s\n", qPrintable(p.describe()));
        EXPECT_EQ(p.command, QStringLiteral("CREATE INDEX"));
        EXPECT_FALSE(p.phase.isEmpty());
        EXPECT_TRUE(p.statement.startsWith(QLatin1String("CREATE INDEX big_t ON big")))
            << qPrintable(p.statement);
        EXPECT_GE(p.done, 0);
        if (p.total > 0) {
            ++withTotal;
            EXPECT_LE(p.done, p.total);
            EXPECT_TRUE(p.describe().contains(QLatin1String("% ("))) << qPrintable(p.describe());
        }
    }
    EXPECT_GE(withTotal, 1);
}

TEST_F(MigrationRunnerTest, ServerErrorDetailAndHintAreKept)
{
    m_folder.add(1700000000001, QStringLiteral("Dup"),
        "CREATE TABLE d (id int UNIQUE);\nINSERT INTO d VALUES (1), (1);", "DROP TABLE d;");
    const RunReport report = up();
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error->sqlState, QStringLiteral("23505"));
    EXPECT_TRUE(report.error->detail.contains(QLatin1String("Key (id)=(1) already exists")))
        << describe(report);
    EXPECT_EQ(report.error->line, 3);
}

TEST_F(MigrationRunnerTest, SingleTransactionIsAllOrNothing)
{
    m_folder.add(1700000000001, QStringLiteral("A"), "CREATE TABLE a (id int);", "DROP TABLE a;");
    m_folder.add(1700000000002, QStringLiteral("B"), "CREATE TABLE b (id int);", "DROP TABLE b;");
    m_folder.add(1700000000003, QStringLiteral("C"), "CREATE TABLE a (id int);", "DROP TABLE a;");
    RunOptions options;
    options.singleTransaction = true;
    const RunReport report = up({}, options);
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error->sqlState, QStringLiteral("42P07"));
    EXPECT_TRUE(report.completed.isEmpty());
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("a")));
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("b")));
    EXPECT_EQ(m_probe->historyCount(), 0);
}

TEST_F(MigrationRunnerTest, ConcurrentIndexNeedsTransactionFalse)
{
    m_folder.add(1700000000001, QStringLiteral("CreateT"), "CREATE TABLE t (a int);", "DROP TABLE t;");
    const QString refused = m_folder.add(1700000000002, QStringLiteral("IndexT"),
        "-- build without blocking writes\nCREATE INDEX CONCURRENTLY t_a ON t (a);",
        "DROP INDEX CONCURRENTLY t_a;");
    const RunReport report = up();
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error->file, refused);
    EXPECT_EQ(report.error->line, 3);
    EXPECT_TRUE(report.error->toString().contains(QLatin1String("transaction:false"))) << describe(report);
    // Refused before anything ran, including the migration before it.
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("t")));

    m_folder.add(1700000000002, QStringLiteral("IndexT"), "CREATE INDEX CONCURRENTLY t_a ON t (a);",
        "DROP INDEX CONCURRENTLY t_a;", "transaction:false");
    const RunReport ok = up();
    ASSERT_TRUE(ok.ok()) << describe(ok);
    EXPECT_EQ(m_probe->scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_a'::regclass"),
        QStringLiteral("t"));
    EXPECT_EQ(
        m_probe->scalar("SELECT transactional FROM migrations_strata WHERE name = 'IndexT1700000000002'"),
        QStringLiteral("f"));
    const RunReport reverted = down();
    ASSERT_TRUE(reverted.ok()) << describe(reverted);
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("t_a")));
}

TEST_F(MigrationRunnerTest, FailedTransactionFalseMigrationIsNotRecorded)
{
    m_folder.add(1700000000001, QStringLiteral("Partly"),
        "CREATE TABLE p (a int);\nCREATE INDEX CONCURRENTLY p_b ON p (b);", "DROP TABLE p;",
        "transaction:false");
    const RunReport report = up();
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error->line, 3);
    EXPECT_TRUE(report.error->detail.contains(QLatin1String("stay applied"))) << describe(report);
    EXPECT_EQ(m_probe->historyCount(), 0);
}

TEST_F(MigrationRunnerTest, TransactionControlInsideAMigrationIsRefused)
{
    m_folder.add(
        1700000000001, QStringLiteral("Commits"), "CREATE TABLE c (a int);\nCOMMIT;", "DROP TABLE c;");
    const RunReport report = up();
    ASSERT_FALSE(report.ok());
    EXPECT_TRUE(report.error->message.contains(QLatin1String("transaction control"))) << describe(report);
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("c")));
}

TEST_F(MigrationRunnerTest, EditedAndMissingFilesStopUpAndRevertUsesRecordedSql)
{
    m_folder.add(1700000000001, QStringLiteral("A"), "CREATE TABLE a (id int);", "DROP TABLE a;");
    m_folder.add(1700000000002, QStringLiteral("B"), "CREATE TABLE b (id int);", "DROP TABLE b;");
    ASSERT_TRUE(up().ok());

    // Edited after apply.
    m_folder.add(1700000000001, QStringLiteral("A"), "CREATE TABLE a (id bigint);", "DROP TABLE a;");
    m_folder.add(1700000000003, QStringLiteral("C"), "CREATE TABLE c (id int);", "DROP TABLE c;");
    RunReport report = up();
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error->kind, StrataError::Kind::Drift);
    EXPECT_TRUE(report.error->message.contains(QLatin1String("1700000000001-A.sql"))) << describe(report);
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("c")));
    UpOptions ignore;
    ignore.ignoreDrift = true;
    ASSERT_TRUE(up(ignore).ok());
    ASSERT_TRUE(down().ok()); // C reverted again
    m_folder.add(1700000000001, QStringLiteral("A"), "CREATE TABLE a (id int);", "DROP TABLE a;");
    m_folder.remove(QStringLiteral("1700000000003-C.sql"));

    // B's file deleted: status says missing, up refuses, down uses the recorded SQL.
    ASSERT_TRUE(m_folder.remove(QStringLiteral("1700000000002-B.sql")));
    HistoryStore history(*m_connection, HistoryTable {});
    const MigrationStatusList statuses = MigrationPlanner::statuses(files(), *history.read());
    ASSERT_EQ(statuses.size(), 2);
    EXPECT_EQ(statuses[1].state, MigrationState::Missing);
    report = up();
    ASSERT_FALSE(report.ok());
    EXPECT_TRUE(report.error->message.contains(QLatin1String("B1700000000002"))) << describe(report);
    report = down();
    ASSERT_TRUE(report.ok()) << describe(report);
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("b")));
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("a")));
    EXPECT_EQ(m_probe->historyCount(), 1);
}

TEST_F(MigrationRunnerTest, DownRemovesTheRowWithTheHighestId)
{
    m_folder.add(1700000000002, QStringLiteral("B"), "CREATE TABLE b (id int);", "DROP TABLE b;");
    ASSERT_TRUE(up().ok());
    m_folder.add(1700000000001, QStringLiteral("A"), "CREATE TABLE a (id int);", "DROP TABLE a;");
    UpOptions allow;
    allow.allowOutOfOrder = true;
    ASSERT_TRUE(up(allow).ok());
    const RunReport report = down();
    ASSERT_TRUE(report.ok()) << describe(report);
    ASSERT_EQ(report.completed.size(), 1);
    EXPECT_EQ(report.completed[0].name, QStringLiteral("A1700000000001"));
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("a")));
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("b")));
    EXPECT_EQ(m_probe->scalar("SELECT count(*) FROM migrations_strata WHERE name = 'A1700000000001'"),
        QStringLiteral("0"));
}

TEST_F(MigrationRunnerTest, AnotherRunnersLockIsReportedWithItsHolder)
{
    m_folder.add(1700000000001, QStringLiteral("A"), "CREATE TABLE a (id int);", "DROP TABLE a;");
    MigrationLock held(m_probe->connection(), HistoryTable {}.lockName(QStringLiteral("public")));
    std::atomic_bool never { false };
    ASSERT_TRUE(held.acquire(0, never).ok());
    RunOptions options;
    options.lockWaitSeconds = 1;
    MigrationRunner runner(*m_connection, options);
    QSignalSpy waiting(&runner, &MigrationRunner::lockWaiting);
    const RunReport report = runner.up(files(), {});
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error->kind, StrataError::Kind::Lock);
    EXPECT_TRUE(report.error->message.contains(QLatin1String("another runner holds the migration lock")));
    EXPECT_TRUE(report.error->message.contains(QString::number(m_probe->connection().backendPid())))
        << describe(report);
    EXPECT_EQ(waiting.count(), 1);
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("a")));
    held.release();
    EXPECT_TRUE(up().ok());
}

TEST_F(MigrationRunnerTest, CancelStopsTheRunningStatementOnTheServer)
{
    m_folder.add(1700000000001, QStringLiteral("Slow"), "CREATE TABLE slow (id int);\nSELECT pg_sleep(60);",
        "DROP TABLE slow;");
    const MigrationList list = files();
    std::atomic<MigrationRunner *> running { nullptr };
    std::atomic_bool sleeping { false };
    RunReport report;
    // The runner and its connection live on their own thread, as in the GUI.
    std::thread worker([&] {
        Result<std::unique_ptr<PgConnection>> c = PgConnection::open(m_settings);
        ASSERT_TRUE(c.ok());
        MigrationRunner runner(**c, RunOptions {});
        QObject::connect(&runner, &MigrationRunner::statementStarted,
            [&](int, int statement, int, const QString &, int) { sleeping.store(statement == 1); });
        running.store(&runner);
        report = runner.up(list, {});
        running.store(nullptr);
    });
    QElapsedTimer timer;
    timer.start();
    while (!sleeping.load() && timer.elapsed() < 30000)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_TRUE(sleeping.load());
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (MigrationRunner *r = running.load())
        r->cancel();
    worker.join();
    EXPECT_LT(timer.elapsed(), 30000);
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error->kind, StrataError::Kind::Cancelled) << describe(report);
    EXPECT_EQ(report.error->sqlState, QStringLiteral("57014"));
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("slow")));
    EXPECT_EQ(m_probe->historyCount(), 0);
}

TEST_F(MigrationRunnerTest, StatementTimeoutIsNamedInTheError)
{
    m_folder.add(1700000000001, QStringLiteral("Slow"), "SELECT pg_sleep(5);", "SELECT 1;");
    RunOptions options;
    options.statementTimeout = QStringLiteral("200ms");
    const RunReport report = up({}, options);
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error->kind, StrataError::Kind::Sql);
    EXPECT_TRUE(report.error->hint.contains(QLatin1String("statement_timeout (200ms)"))) << describe(report);
    RunOptions bad;
    bad.lockTimeout = QStringLiteral("soon");
    const RunReport invalid = up({}, bad);
    ASSERT_FALSE(invalid.ok());
    EXPECT_TRUE(invalid.error->message.contains(QLatin1String("lock_timeout"))) << describe(invalid);
}

TEST_F(MigrationRunnerTest, NoticesAndProgressAreReported)
{
    m_folder.add(1700000000001, QStringLiteral("Noisy"),
        "CREATE TABLE n (id int);\nDO $$ BEGIN RAISE NOTICE 'hello from %', 'plpgsql'; END $$;",
        "DROP TABLE n;");
    MigrationRunner runner(*m_connection, RunOptions {});
    QSignalSpy notices(&runner, &MigrationRunner::noticeReceived);
    QSignalSpy statements(&runner, &MigrationRunner::statementFinished);
    QSignalSpy migrations(&runner, &MigrationRunner::migrationFinished);
    const RunReport report = runner.up(files(), {});
    ASSERT_TRUE(report.ok()) << describe(report);
    ASSERT_EQ(notices.count(), 1);
    EXPECT_EQ(notices[0][0].toString(), QStringLiteral("NOTICE"));
    EXPECT_EQ(notices[0][1].toString(), QStringLiteral("hello from plpgsql"));
    EXPECT_EQ(statements.count(), 2);
    EXPECT_EQ(migrations.count(), 1);
}

TEST_F(MigrationRunnerTest, CustomHistoryTableAndSchema)
{
    m_folder.add(1700000000001, QStringLiteral("A"), "CREATE TABLE a (id int);", "DROP TABLE a;");
    RunOptions options;
    options.history.schema = QStringLiteral("ops");
    options.history.table = QStringLiteral("schema_history");
    ASSERT_TRUE(up({}, options).ok());
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("ops.schema_history")));
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("ops.schema_history_strata")));
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("migrations")));
    EXPECT_EQ(m_probe->scalar("SELECT name FROM ops.schema_history"), QStringLiteral("A1700000000001"));
}

TEST_F(MigrationRunnerTest, DryRunChangesNothing)
{
    m_folder.add(1700000000001, QStringLiteral("A"), "CREATE TABLE a (id int);", "DROP TABLE a;");
    RunOptions options;
    options.dryRun = true;
    const RunReport report = up({}, options);
    ASSERT_TRUE(report.ok()) << describe(report);
    ASSERT_EQ(report.plan.size(), 1);
    EXPECT_EQ(report.plan[0].statements[0].text, QByteArray("CREATE TABLE a (id int)"));
    EXPECT_TRUE(report.completed.isEmpty());
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("a")));
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("migrations")));
}
