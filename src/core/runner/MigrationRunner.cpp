#include "MigrationRunner.h"

#include "LockWaitWatcher.h"
#include "MigrationLock.h"
#include "RunTargetCheck.h"
#include "common/Logging.h"
#include "common/TextPosition.h"
#include "db/PgConnection.h"
#include "history/HistoryStore.h"
#include "sql/SqlScript.h"
#include "sql/StatementRelations.h"

#include <QElapsedTimer>
#include <QThread>

namespace {

const char *const queryCanceled = "57014";
const char *const lockNotAvailable = "55P03";

bool isLockTimeout(const StrataError &e)
{
    return e.sqlState == QLatin1String(lockNotAvailable);
}

void appendDetail(StrataError &e, const QString &more)
{
    e.detail = (e.detail.isEmpty() ? QString() : e.detail + QLatin1Char(' ')) + more;
}

// A cancel during the pause before a retry ends the run as cancelled, not as
// the lock timeout that caused the pause.
Status cancelledDuringRetry(Status s, bool cancelled)
{
    if (s || !cancelled || !isLockTimeout(s.error()))
        return s;
    StrataError e = s.error();
    e.kind = StrataError::Kind::Cancelled;
    e.message = QStringLiteral("cancelled while waiting to retry after: %1").arg(e.message);
    return e;
}

QString directionWord(PlanStep::Direction d)
{
    return d == PlanStep::Direction::Up ? QStringLiteral("up") : QStringLiteral("down");
}

} // namespace

MigrationRunner::MigrationRunner(PgConnection &connection, RunOptions options, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_options(std::move(options))
{
}

MigrationRunner::~MigrationRunner() = default;

void MigrationRunner::cancel()
{
    m_cancelled.store(true);
    m_connection.cancel();
}

RunReport MigrationRunner::up(const MigrationList &files, const UpOptions &options)
{
    return run(Direction::Up, files, options, {});
}

RunReport MigrationRunner::down(const MigrationList &files, const DownOptions &options)
{
    return run(Direction::Down, files, {}, options);
}

Result<QList<PreparedStep>> MigrationRunner::prepare(const Plan &plan, bool singleTransaction)
{
    QList<PreparedStep> prepared;
    prepared.reserve(plan.size());
    for (const PlanStep &step : plan) {
        // A plan built elsewhere than the planner gets the same refusals.
        if (std::optional<StrataError> refused = MigrationPlanner::refusal(step.migration, step.direction))
            return *refused;
        Result<QList<SqlStatement>> statements
            = SqlScript::parse(step.sql, step.source, step.sqlOffset, step.sourceName, step.sourceMap);
        if (!statements)
            return statements.error();
        if (statements->isEmpty() && !step.migration.emptyAllowed)
            return StrataError::make(StrataError::Kind::Source,
                QStringLiteral("the %1 section has no statements").arg(directionWord(step.direction)),
                step.sourceName);
        if (!step.transactional && singleTransaction)
            return StrataError::make(StrataError::Kind::Usage,
                QStringLiteral("this migration is marked transaction:false and cannot run inside "
                               "--single-transaction; run it on its own"),
                step.sourceName);
        if (step.transactional) {
            for (const SqlStatement &s : *statements) {
                StrataError e;
                if (!s.notInTransactionReason.isEmpty()) {
                    e = StrataError::make(StrataError::Kind::Source,
                        QStringLiteral("%1 cannot run inside a transaction block, and this migration "
                                       "runs in one")
                            .arg(s.notInTransactionReason),
                        step.sourceName);
                    e.hint = QStringLiteral("put it in a migration of its own marked `-- migrate:up "
                                            "transaction:false`");
                } else if (s.isTransactionControl) {
                    e = StrataError::make(StrataError::Kind::Source,
                        QStringLiteral("transaction control (%1) inside a migration: Strata runs "
                                       "each migration in its own transaction")
                            .arg(s.summary(30)),
                        step.sourceName);
                    e.hint = QStringLiteral(
                        "remove it, or mark the migration `-- migrate:up transaction:false` to "
                        "manage transactions yourself");
                } else {
                    continue;
                }
                e.line = s.line;
                e.column = s.column;
                return e;
            }
        }
        prepared.append(PreparedStep { step, std::move(statements).value() });
    }
    return prepared;
}

Status MigrationRunner::configureSession(bool asynchronousCommits)
{
    auto set = [this](const char *name, const QString &value) -> Status {
        PgResult r = m_connection.execParams(
            "SELECT set_config($1, $2, false)", { QByteArray(name), value.toUtf8() });
        if (!r.ok()) {
            StrataError e = r.error();
            e.message
                = QStringLiteral("cannot set %1 to '%2': %3").arg(QLatin1String(name), value, e.message);
            return e;
        }
        return Ok {};
    };
    if (!m_options.lockTimeout.isEmpty())
        if (Status s = set("lock_timeout", m_options.lockTimeout); !s)
            return s;
    if (!m_options.statementTimeout.isEmpty())
        if (Status s = set("statement_timeout", m_options.statementTimeout); !s)
            return s;
    // If the runner dies mid-statement, have the server notice within a second
    // and roll back, instead of only when the statement finishes (PG 14+).
    if (m_connection.serverVersion() >= 140000)
        if (Status s = set("client_connection_check_interval", QStringLiteral("1s")); !s)
            return s;
    // Each migration commits without waiting for its WAL flush; the run's last
    // commit waits, and WAL is flushed in order, so a run that reports success
    // is durable while a run of many small migrations is not bound by fsync.
    // A crash in between loses whole migrations (schema and history together),
    // never part of one.
    m_asynchronousCommits = asynchronousCommits;
    if (Status s
        = set("synchronous_commit", asynchronousCommits ? QStringLiteral("off") : QStringLiteral("on"));
        !s)
        return s;
    return Ok {};
}

RunReport MigrationRunner::run(Direction direction, const MigrationList &files, const UpOptions &upOptions,
    const DownOptions &downOptions)
{
    QElapsedTimer total;
    total.start();
    RunReport report;
    report.dryRun = m_options.dryRun;
    m_cancelled.store(false);
    auto fail = [&](StrataError e) {
        report.error = std::move(e);
        report.durationMs = total.elapsed();
        return report;
    };

    m_connection.setNoticeHandler([this](const QString &severity, const QString &message) {
        Q_EMIT noticeReceived(severity, message);
    });

    HistoryStore history(m_connection, m_options.history);
    std::optional<MigrationLock> lock;
    // The lock-wait watch looks for what blocks this session on the server.
    int serverPid = m_connection.backendPid();
    if (!m_options.dryRun && !m_options.privateDatabase) {
        // Before the lock: through a transaction pooler it would be left
        // behind on a pooled server session.
        if (Status s = RunTargetCheck::requireWritable(m_connection, &serverPid); !s)
            return fail(s.error());
        // Keyed on the table the server resolves, not on how this run names it.
        Result<QString> lockName = history.lockName();
        if (!lockName)
            return fail(lockName.error());
        lock.emplace(m_connection, *lockName);
        Status locked = lock->acquire(m_options.lockWaitSeconds, m_cancelled,
            [this](const QString &holder) { Q_EMIT lockWaiting(holder); });
        if (!locked)
            return fail(locked.error());
    }
    if (!m_options.dryRun) {
        if (Status s = history.ensureTables(); !s)
            return fail(s.error());
    }

    // Read the history under the lock: another runner may just have applied
    // what looked pending a moment ago.
    Result<AppliedMigrationList> applied = history.read(direction == Direction::Down);
    if (!applied)
        return fail(applied.error());
    const MigrationStatusList statuses = MigrationPlanner::statuses(files, *applied);
    Result<Plan> plan = direction == Direction::Up
        ? MigrationPlanner::planUp(statuses, upOptions)
        : MigrationPlanner::planDown(statuses, *applied, downOptions);
    if (!plan)
        return fail(plan.error());
    Result<QList<PreparedStep>> prepared = prepare(*plan, m_options.singleTransaction);
    if (!prepared)
        return fail(prepared.error());
    report.plan = *prepared;
    Q_EMIT planned(int(report.plan.size()));
    if (m_options.dryRun || report.plan.isEmpty()) {
        report.durationMs = total.elapsed();
        return report;
    }

    const bool asynchronous
        = direction == Direction::Up && !m_options.singleTransaction && report.plan.size() > 1;
    if (Status s = configureSession(asynchronous); !s)
        return fail(s.error());
    if (m_options.watchLockWaits)
        m_watcher = std::make_unique<LockWaitWatcher>(
            m_connection.settings(), serverPid,
            [this](const LockWait &wait) { Q_EMIT lockWaitChanged(wait); },
            [this](const StatementProgress &progress) { Q_EMIT statementProgressChanged(progress); });
    Status executed = execute(report.plan, report);
    // The watch ends (and closes its connection) before the run returns.
    m_watcher.reset();
    if (!executed)
        report.error = executed.error();
    report.durationMs = total.elapsed();
    return report;
}

Status MigrationRunner::execute(const QList<PreparedStep> &steps, RunReport &report)
{
    const int count = int(steps.size());
    if (m_options.singleTransaction) {
        for (int attempt = 1;; ++attempt) {
            Status s = executeSingleTransaction(steps, report);
            if (s || !retryAllowed(s.error(), attempt))
                return s;
            Q_EMIT lockTimedOut(-1, -1, attempt, m_options.lockTimeoutRetries, retryDelayMs(attempt), true,
                s.error().message);
            qCWarning(lcRunner).noquote() << "lock_timeout; the whole run is retried, attempt" << attempt
                                          << "of" << m_options.lockTimeoutRetries << ":" << s.error().message;
            if (!waitBeforeRetry(attempt))
                return cancelledDuringRetry(s, m_cancelled.load());
        }
    }

    QString lastAppliedName;
    for (int i = 0; i < count; ++i) {
        const PreparedStep &prepared = steps[i];
        const bool last = i == count - 1;
        qint64 elapsed = 0;
        Status s = executeStep(i, count, prepared, false, last || !m_asynchronousCommits, &elapsed);
        // A transaction:false migration retries inside executeStep, statement by statement.
        for (int attempt = 1; !s && prepared.step.transactional && retryAllowed(s.error(), attempt);
             ++attempt) {
            Q_EMIT lockTimedOut(
                i, -1, attempt, m_options.lockTimeoutRetries, retryDelayMs(attempt), true, s.error().message);
            qCWarning(lcRunner).noquote()
                << "lock_timeout in" << prepared.step.migration.historyName() << "(rolled back); retry"
                << attempt << "of" << m_options.lockTimeoutRetries << ":" << s.error().message;
            if (!waitBeforeRetry(attempt))
                break;
            s = executeStep(i, count, prepared, false, last || !m_asynchronousCommits, &elapsed);
        }
        s = cancelledDuringRetry(s, m_cancelled.load());
        if (!s) {
            if (m_asynchronousCommits && !lastAppliedName.isEmpty()) {
                if (Status durable = makeDurable(lastAppliedName); !durable) {
                    report.completedDurable = false;
                    report.durabilityProblem = durable.error().message;
                    qCWarning(lcRunner).noquote()
                        << "could not flush the migrations applied before the failure:"
                        << durable.error().message;
                }
            }
            return s;
        }
        if (prepared.step.direction == PlanStep::Direction::Up)
            lastAppliedName = prepared.step.migration.historyName();
        report.completed.append(StepReport { prepared.step.migration.historyName(), prepared.step.direction,
            int(prepared.statements.size()), elapsed });
        Q_EMIT migrationFinished(i, prepared.step.migration.historyName(), elapsed);
    }
    return Ok {};
}

Status MigrationRunner::executeSingleTransaction(const QList<PreparedStep> &steps, RunReport &report)
{
    const int count = int(steps.size());
    if (Status s = m_connection.run("BEGIN"); !s)
        return s;
    QList<StepReport> done;
    for (int i = 0; i < count; ++i) {
        qint64 elapsed = 0;
        if (Status s = executeStep(i, count, steps[i], true, true, &elapsed); !s) {
            rollback();
            StrataError e = s.error();
            appendDetail(e,
                QStringLiteral("--single-transaction: the whole run was rolled back, nothing was applied."));
            return e;
        }
        done.append(StepReport { steps[i].step.migration.historyName(), steps[i].step.direction,
            int(steps[i].statements.size()), elapsed });
    }
    PgResult commit = m_connection.exec("COMMIT");
    if (!commit.ok()) {
        StrataError e = commit.error();
        e.message = QStringLiteral("COMMIT failed: %1").arg(e.message);
        return e;
    }
    report.completed = done;
    for (int i = 0; i < count; ++i)
        Q_EMIT migrationFinished(i, done[i].name, done[i].durationMs);
    return Ok {};
}

PgResult MigrationRunner::execStatement(const SqlStatement &statement)
{
    if (m_watcher)
        m_watcher->statementStarted(statement.summary());
    PgResult result = m_connection.exec(statement.text);
    if (m_watcher)
        m_watcher->statementFinished();
    return result;
}

bool MigrationRunner::retryAllowed(const StrataError &error, int attempt) const
{
    return isLockTimeout(error) && attempt <= m_options.lockTimeoutRetries && !m_cancelled.load()
        && m_connection.isAlive();
}

qint64 MigrationRunner::retryDelayMs(int attempt)
{
    // 0.5 s, 1 s, 2 s, 4 s, then 8 s: long enough for a short transaction in
    // the way to end, short enough not to hold the run for nothing.
    return qMin<qint64>(8000, qint64(500) << qMin(attempt - 1, 4));
}

bool MigrationRunner::waitBeforeRetry(int attempt)
{
    QElapsedTimer waited;
    waited.start();
    const qint64 delay = retryDelayMs(attempt);
    while (waited.elapsed() < delay) {
        if (m_cancelled.load())
            return false;
        QThread::msleep(quint64(qMin<qint64>(50, delay - waited.elapsed() + 1)));
    }
    return !m_cancelled.load();
}

QString MigrationRunner::concurrentIndexLeftBehind(const SqlStatement &statement)
{
    // CREATE INDEX CONCURRENTLY that fails after its first phase leaves an
    // INVALID index behind; running it again would fail ("already exists") or,
    // with IF NOT EXISTS, succeed and keep the broken index. Retry only when the
    // index is not there. Without an explicit name nothing can be checked.
    if (statement.notInTransactionReason == QLatin1String("REINDEX CONCURRENTLY"))
        return QStringLiteral("REINDEX CONCURRENTLY leaves a *_ccnew index behind when it fails");
    if (statement.notInTransactionReason != QLatin1String("CREATE INDEX CONCURRENTLY"))
        return {};
    const QString name = StatementRelations::concurrentIndexName(statement.text);
    if (name.isEmpty())
        return QStringLiteral("the index has no name in the statement, so Strata cannot check whether the "
                              "failed attempt left an INVALID index");
    QStringList quoted;
    for (const QString &part : name.split(QLatin1Char('.')))
        quoted.append(PgConnection::quoteIdentifier(part));
    const PgResult r = m_connection.execParams(
        "SELECT to_regclass($1) IS NOT NULL", { quoted.join(QLatin1Char('.')).toUtf8() });
    if (!r.ok())
        return QStringLiteral("cannot check for a left-over index: %1").arg(r.error().message);
    if (r.value(0, 0) == QLatin1String("t"))
        return QStringLiteral("the failed attempt left the INVALID index %1; drop it with DROP INDEX "
                              "CONCURRENTLY and run again")
            .arg(name);
    return {};
}

Status MigrationRunner::executeStep(int index, int count, const PreparedStep &prepared,
    bool insideTransaction, bool synchronousCommit, qint64 *elapsedMs)
{
    const PlanStep &step = prepared.step;
    const QString name = step.migration.historyName();
    Q_EMIT migrationStarted(index, count, name, step.direction == PlanStep::Direction::Up);
    qCDebug(lcRunner) << directionWord(step.direction) << name;
    QElapsedTimer timer;
    timer.start();

    const bool ownTransaction = step.transactional && !insideTransaction;
    if (ownTransaction && m_options.pipeline && pipelinable(prepared))
        return executeStepPipelined(index, prepared, synchronousCommit, elapsedMs);
    if (ownTransaction)
        if (Status s = m_connection.run("BEGIN"); !s)
            return s;

    const int statementCount = int(prepared.statements.size());
    for (int k = 0; k < statementCount; ++k) {
        const SqlStatement &statement = prepared.statements[k];
        if (m_cancelled.load()) {
            if (ownTransaction)
                rollback();
            StrataError e = StrataError::make(StrataError::Kind::Cancelled,
                QStringLiteral("cancelled before statement %1 of %2; %3 was rolled back")
                    .arg(k + 1)
                    .arg(statementCount)
                    .arg(name),
                step.sourceName);
            e.line = statement.line;
            return e;
        }
        Q_EMIT statementStarted(index, k, statementCount, statement.summary(), statement.line);
        QElapsedTimer statementTimer;
        statementTimer.start();
        PgResult result = execStatement(statement);
        QString noRetry;
        // transaction:false: the statements before this one are committed, so
        // only this one is tried again. A statement that failed on lock_timeout
        // changed nothing (it ran in its own implicit transaction), except a
        // CONCURRENTLY index build, which is checked.
        for (int attempt = 1; !result.ok() && !step.transactional && !insideTransaction
             && retryAllowed(result.error(), attempt);
             ++attempt) {
            noRetry = concurrentIndexLeftBehind(statement);
            if (!noRetry.isEmpty())
                break;
            Q_EMIT lockTimedOut(index, k, attempt, m_options.lockTimeoutRetries, retryDelayMs(attempt), false,
                result.error().message);
            qCWarning(lcRunner).noquote()
                << "lock_timeout in" << name << "statement" << k + 1 << "; retry of that statement" << attempt
                << "of" << m_options.lockTimeoutRetries << ":" << result.error().message;
            if (!waitBeforeRetry(attempt))
                break;
            result = execStatement(statement);
        }
        if (!result.ok()) {
            StrataError e
                = cancelledDuringRetry(statementError(prepared, k, result), m_cancelled.load()).error();
            if (!noRetry.isEmpty())
                appendDetail(e, QStringLiteral("Not retried: %1.").arg(noRetry));
            if (ownTransaction)
                rollback();
            if (!step.transactional && k > 0)
                e.detail = (e.detail.isEmpty() ? QString() : e.detail + QLatin1Char(' '))
                    + QStringLiteral(
                        "This migration is transaction:false: its first %1 statement(s) stay applied "
                        "and it is not recorded as applied.")
                          .arg(k);
            return e;
        }
        Q_EMIT statementFinished(index, k, statementTimer.elapsed());
    }

    // A cancel that arrived while the last statement was on its way to the
    // server found nothing to cancel there; honour it before committing.
    if (m_cancelled.load() && step.transactional && !insideTransaction) {
        rollback();
        return StrataError::make(StrataError::Kind::Cancelled,
            QStringLiteral("cancelled; %1 was rolled back").arg(name), step.sourceName);
    }

    // transaction:false migrations are recorded only after all their statements
    // succeeded, in a transaction of their own.
    const bool recordSeparately = !step.transactional && !insideTransaction;
    if (recordSeparately)
        if (Status s = m_connection.run("BEGIN"); !s)
            return s;
    *elapsedMs = timer.elapsed();
    if (Status s = recordHistory(prepared, *elapsedMs); !s) {
        if (!insideTransaction)
            rollback();
        StrataError e = s.error();
        e.file = step.sourceName;
        return e;
    }
    if (!insideTransaction) {
        if (synchronousCommit && m_asynchronousCommits)
            if (Status s = m_connection.run("SET LOCAL synchronous_commit = on"); !s) {
                rollback();
                return s;
            }
        PgResult commit = m_connection.exec("COMMIT");
        if (!commit.ok()) {
            // Deferred constraints are checked here: the migration did not apply.
            StrataError e = commit.error();
            e.message = QStringLiteral("COMMIT of %1 failed: %2").arg(name, e.message);
            e.file = step.sourceName;
            return e;
        }
    }
    return Ok {};
}

bool MigrationRunner::pipelinable(const PreparedStep &prepared)
{
    // COPY needs the copy protocol, which a pipeline cannot carry; a statement
    // whose tree could not be read is not known to be anything else.
    for (const SqlStatement &s : prepared.statements)
        if (s.treeUnreadable || s.isTransactionControl || s.nodeType == QLatin1String("CopyStmt"))
            return false;
    return true;
}

Status MigrationRunner::executeStepPipelined(
    int index, const PreparedStep &prepared, bool synchronousCommit, qint64 *elapsedMs)
{
    const PlanStep &step = prepared.step;
    const QString name = step.migration.historyName();
    const int statementCount = int(prepared.statements.size());
    QElapsedTimer timer;
    timer.start();
    if (m_cancelled.load() && statementCount > 0) {
        StrataError e = StrataError::make(StrataError::Kind::Cancelled,
            QStringLiteral("cancelled before statement 1 of %1; %2 was not started")
                .arg(statementCount)
                .arg(name),
            step.sourceName);
        e.line = prepared.statements.first().line;
        return e;
    }

    // BEGIN, the statements, the history rows, [synchronous commit], COMMIT.
    QList<PgConnection::Command> commands;
    commands.reserve(statementCount + 4);
    commands.append(PgConnection::Command { "BEGIN", {} });
    for (const SqlStatement &statement : prepared.statements)
        commands.append(PgConnection::Command { statement.text, {} });
    const HistoryStore history(m_connection, m_options.history);
    const int historyCommand = int(commands.size());
    commands.append(step.direction == PlanStep::Direction::Up ? history.appliedCommand(step.migration, -1)
                                                              : history.revertedCommand(*step.applied));
    if (synchronousCommit && m_asynchronousCommits)
        commands.append(PgConnection::Command { "SET LOCAL synchronous_commit = on", {} });
    const int commitCommand = int(commands.size());
    commands.append(PgConnection::Command { "COMMIT", {} });

    // The server runs the statements one after the other as they arrive: the
    // result of one is the start of the next, which is what progress shows.
    QElapsedTimer statementTimer;
    auto startStatement = [&](int k) {
        const SqlStatement &statement = prepared.statements[k];
        Q_EMIT statementStarted(index, k, statementCount, statement.summary(), statement.line);
        if (m_watcher)
            m_watcher->statementStarted(statement.summary());
        statementTimer.start();
    };
    auto onResult = [&](int command, const PgResult &result) {
        const int k = command - 1; // the statement this result is of, if any
        if (k >= 0 && k < statementCount) {
            if (m_watcher)
                m_watcher->statementFinished();
            if (!result.ok())
                return;
            Q_EMIT statementFinished(index, k, statementTimer.elapsed());
        } else if (command != 0 || !result.ok()) {
            return;
        }
        if (k + 1 < statementCount)
            startStatement(k + 1);
    };
    Result<std::vector<PgResult>> results = m_connection.execPipeline(commands, onResult);
    if (m_watcher)
        m_watcher->statementFinished();
    if (!results) {
        // The connection itself failed: the server rolls the transaction back.
        StrataError e = results.error();
        e.file = step.sourceName;
        return e;
    }
    for (int i = 0; i < int(results->size()); ++i) {
        const PgResult &result = results->at(size_t(i));
        if (result.ok())
            continue;
        // The first failure; the server ran nothing after it.
        StrataError e;
        if (i == 0) {
            e = result.error();
        } else if (i <= statementCount) {
            e = statementError(prepared, i - 1, result);
        } else if (i == historyCommand) {
            e = result.error();
            e.message = step.direction == PlanStep::Direction::Up
                ? QStringLiteral("cannot record %1 in the history: %2").arg(name, e.message)
                : QStringLiteral("cannot remove %1 from the history: %2").arg(name, e.message);
            e.file = step.sourceName;
        } else if (i == commitCommand) {
            // Deferred constraints are checked here: the migration did not apply.
            e = result.error();
            e.message = QStringLiteral("COMMIT of %1 failed: %2").arg(name, e.message);
            e.file = step.sourceName;
        } else {
            e = result.error();
            e.file = step.sourceName;
        }
        // A failed COMMIT ends the transaction itself; anything before leaves it aborted.
        if (m_connection.transactionStatus() != PgConnection::TransactionStatus::Idle)
            rollback();
        return e;
    }
    *elapsedMs = timer.elapsed();
    return Ok {};
}

Status MigrationRunner::recordHistory(const PreparedStep &prepared, qint64 elapsedMs)
{
    HistoryStore history(m_connection, m_options.history);
    if (prepared.step.direction == PlanStep::Direction::Up)
        return history.recordApplied(prepared.step.migration, elapsedMs);
    return history.recordReverted(*prepared.step.applied);
}

StrataError MigrationRunner::statementError(
    const PreparedStep &prepared, int statementIndex, const PgResult &result)
{
    const SqlStatement &statement = prepared.statements[statementIndex];
    StrataError e = result.error();
    e.file = prepared.step.sourceName;
    // The server's position counts characters from 1 within the statement sent;
    // map it back into the file the statement came from.
    const int position = result.errorPosition();
    if (position > 0) {
        const qsizetype inStatement = TextPosition::byteOffsetOfCharacter(statement.text, position);
        const TextPosition at
            = prepared.step.sourceMap.position(prepared.step.source, statement.sourceOffset + inStatement);
        e.line = at.line;
        e.column = at.column;
    } else {
        e.line = statement.line;
        e.column = statement.column;
    }
    if (e.sqlState == QLatin1String(queryCanceled)) {
        if (m_cancelled.load()) {
            e.kind = StrataError::Kind::Cancelled;
            e.message = QStringLiteral("cancelled by the user while running statement %1 of %2")
                            .arg(statementIndex + 1)
                            .arg(prepared.statements.size());
        } else if (!m_options.statementTimeout.isEmpty()) {
            e.hint = QStringLiteral("the statement ran longer than statement_timeout (%1)")
                         .arg(m_options.statementTimeout);
        }
    } else if (e.sqlState == QLatin1String(lockNotAvailable) && !m_options.lockTimeout.isEmpty()) {
        e.hint
            = QStringLiteral("the statement waited longer than lock_timeout (%1) for a lock; another session "
                             "holds one on the same object")
                  .arg(m_options.lockTimeout);
        if (m_options.lockTimeoutRetries > 0)
            e.hint += QStringLiteral(" (--lock-timeout-retry %1)").arg(m_options.lockTimeoutRetries);
        else
            e.hint += QStringLiteral("; --lock-timeout-retry N tries again with backoff");
    } else if (e.kind == StrataError::Kind::Connection) {
        e.message
            = QStringLiteral("the connection broke while running the migration; the server rolls back its "
                             "open transaction: %1")
                  .arg(e.message);
    }
    return e;
}

void MigrationRunner::rollback()
{
    if (!m_connection.isAlive())
        return;
    PgResult r = m_connection.exec("ROLLBACK");
    if (!r.ok())
        qCWarning(lcRunner) << "ROLLBACK failed:" << r.error().message;
}

Status MigrationRunner::makeDurable(const QString &lastAppliedName)
{
    // A failed run keeps the migrations before the failure; their commits were
    // asynchronous, so write once more with a synchronous commit, which flushes
    // the WAL up to and including them. Only its success makes them durable.
    if (!m_connection.isAlive())
        return StrataError::make(
            StrataError::Kind::Connection, QStringLiteral("the connection to the server is lost"));
    HistoryTable table = m_options.history;
    if (Status s = m_connection.run("BEGIN"); !s)
        return s;
    if (Status s = m_connection.run("SET LOCAL synchronous_commit = on"); !s) {
        rollback();
        return s;
    }
    PgResult r = m_connection.execParams(
        QStringLiteral("UPDATE %1 SET \"applied_at\" = \"applied_at\" WHERE \"name\" = $1 RETURNING 1")
            .arg(table.qualifiedCompanion())
            .toUtf8(),
        { lastAppliedName.toUtf8() });
    if (!r.ok()) {
        rollback();
        return r.error();
    }
    // An UPDATE of no row assigns no transaction id, and such a commit flushes nothing.
    if (r.rowCount() != 1) {
        rollback();
        return StrataError::make(StrataError::Kind::Sql,
            QStringLiteral("the history row of %1 to flush is missing").arg(lastAppliedName));
    }
    return m_connection.run("COMMIT");
}
