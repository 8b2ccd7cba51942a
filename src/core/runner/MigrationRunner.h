#pragma once

#include "LockWait.h"
#include "RunOptions.h"
#include "StatementProgress.h"
#include "db/PgResult.h"
#include "planner/MigrationPlanner.h"
#include "sql/SqlStatement.h"

#include <QObject>

#include <atomic>
#include <memory>
#include <optional>

class LockWaitWatcher;
class PgConnection;

// A plan step with its statements split and checked, ready to run.
struct PreparedStep
{
    PlanStep step;
    QList<SqlStatement> statements;
};

struct StepReport
{
    QString name; // history name
    PlanStep::Direction direction = PlanStep::Direction::Up;
    int statementCount = 0;
    qint64 durationMs = 0;
};

// What a run did: the plan, the migrations completed (committed), and the error
// that stopped it, if any. On error, `completed` says exactly what was committed
// (and completedDurable whether that is known to be on disk).
struct RunReport
{
    QList<PreparedStep> plan;
    QList<StepReport> completed;
    std::optional<StrataError> error;
    bool dryRun = false;
    qint64 durationMs = 0;
    // After a failure: whether the migrations in `completed` are known to be on
    // disk. Their commits may have been asynchronous (several migrations in one
    // run); the runner then flushes them with a synchronous commit, and if that
    // fails (the connection or the server is gone), a server crash may have lost
    // them even though each reported success. `durabilityProblem` says why.
    bool completedDurable = true;
    QString durabilityProblem {};

    bool ok() const { return !error.has_value(); }
};

// Runs migrations on one connection, on the thread that owns the connection:
// refuses a read-only standby or a transaction pooler (RunTargetCheck), takes
// the migration lock, creates the history tables, re-reads the history
// under the lock, plans, checks every statement with libpg_query before the
// first one runs, then applies each migration in its own transaction (or all in
// one with singleTransaction) together with its history rows.
//
// Progress is reported through signals emitted on the running thread; the GUI
// runs this inside a worker object on a QThread and receives them queued.
class MigrationRunner : public QObject
{
    Q_OBJECT
public:
    MigrationRunner(PgConnection &connection, RunOptions options, QObject *parent = nullptr);
    ~MigrationRunner() override;

    RunReport up(const MigrationList &files, const UpOptions &options);
    RunReport down(const MigrationList &files, const DownOptions &options);

    // Splits and checks a plan without touching the database.
    static Result<QList<PreparedStep>> prepare(const Plan &plan, bool singleTransaction);

    // Stops the run: between statements through a flag, and inside a running
    // statement by asking the server to cancel it. Safe from any thread.
    void cancel();

Q_SIGNALS:
    void lockWaiting(const QString &holder);
    void planned(int migrationCount);
    void migrationStarted(int index, int count, const QString &name, bool up);
    void statementStarted(
        int migrationIndex, int statementIndex, int statementCount, const QString &summary, int line);
    void statementFinished(int migrationIndex, int statementIndex, qint64 elapsedMs);
    void migrationFinished(int index, const QString &name, qint64 elapsedMs);
    void noticeReceived(const QString &severity, const QString &message);
    // Who blocks the running statement (RunOptions::watchLockWaits): emitted when
    // the blockers change, and with an empty LockWait when that statement ends.
    // Emitted from the lock-watch thread (the running thread is inside the
    // statement), except the clearing one: connect with Qt::DirectConnection,
    // or to a receiver whose thread runs an event loop, never queued to the
    // running thread, which would see it only after the statement.
    void lockWaitChanged(const LockWait &wait);
    // How far the running statement has got by the server's own report
    // (CREATE INDEX, VACUUM, CLUSTER, ANALYZE, COPY; RunOptions::watchLockWaits),
    // when it changes, and empty when that statement ends. Emitted from the
    // same threads as lockWaitChanged, with the same advice.
    void statementProgressChanged(const StatementProgress &progress);
    // A statement hit lock_timeout and will be tried again in `retryInMs`
    // (attempt of retries, RunOptions::lockTimeoutRetries); `whole`: the
    // migration's transaction was rolled back and the whole migration (with
    // --single-transaction: the whole run) is retried, else only the statement.
    void lockTimedOut(int migrationIndex, int statementIndex, int attempt, int retries, qint64 retryInMs,
        bool whole, const QString &message);

private:
    enum class Direction { Up, Down };
    RunReport run(
        Direction direction, const MigrationList &files, const UpOptions &up, const DownOptions &down);
    Status configureSession(bool asynchronousCommits);
    Status execute(const QList<PreparedStep> &steps, RunReport &report);
    Status executeSingleTransaction(const QList<PreparedStep> &steps, RunReport &report);
    PgResult execStatement(const SqlStatement &statement);
    bool retryAllowed(const StrataError &error, int attempt) const;
    bool waitBeforeRetry(int attempt);
    static qint64 retryDelayMs(int attempt);
    QString concurrentIndexLeftBehind(const SqlStatement &statement);
    Status executeStep(int index, int count, const PreparedStep &prepared, bool insideTransaction,
        bool synchronousCommit, qint64 *elapsedMs);
    Status recordHistory(const PreparedStep &prepared, qint64 elapsedMs);
    static bool pipelinable(const PreparedStep &prepared);
    Status executeStepPipelined(
        int index, const PreparedStep &prepared, bool synchronousCommit, qint64 *elapsedMs);
    StrataError statementError(
        const PreparedStep &prepared, int statementIndex, const class PgResult &result);
    Status makeDurable(const QString &lastAppliedName);
    void rollback();

    PgConnection &m_connection;
    RunOptions m_options;
    std::atomic_bool m_cancelled { false };
    bool m_asynchronousCommits = false;
    std::unique_ptr<LockWaitWatcher> m_watcher; // during execute() only
};
