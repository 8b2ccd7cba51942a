#include "LockWaitWatcher.h"

#include "common/Logging.h"
#include "db/PgConnection.h"

#include <QThread>

namespace {

// The lock the watched backend waits for, in words; and for each blocker the
// locks it holds on that same relation. pg_blocking_pids() is the server's own
// answer to "who is in the way" (lock holders, and waiters queued ahead).
QByteArray blockersQuery()
{
    return "WITH waiting AS (SELECT * FROM pg_locks WHERE pid = $1 AND NOT granted) "
           "SELECT "
        + BackendSession::selectList("a")
        + ", (SELECT string_agg(CASE w.locktype"
          "   WHEN 'relation' THEN w.mode || ' on ' || w.relation::regclass::text"
          "   WHEN 'tuple' THEN w.mode || ' on a row of ' || w.relation::regclass::text"
          "   WHEN 'transactionid' THEN 'the end of transaction ' || w.transactionid::text"
          "   WHEN 'virtualxid' THEN 'the end of transaction ' || w.virtualxid"
          "   ELSE w.mode || ' (' || w.locktype || ')' END, ', ') FROM waiting w), "
          " (SELECT string_agg(l.mode || ' on ' || l.relation::regclass::text, chr(10))"
          "    FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.locktype = 'relation'"
          "    AND l.relation IN (SELECT relation FROM waiting WHERE relation IS NOT NULL)) "
          "FROM unnest(pg_blocking_pids($1)) AS b(pid) JOIN pg_stat_activity a ON a.pid = b.pid "
          "ORDER BY a.pid";
}

// How far the watched backend's statement has got, from whichever progress
// view has a row for it (at most one does); the views a server lacks are left
// out. Each row: command, phase, done, total, unit.
QByteArray progressQuery(int serverVersion)
{
    QByteArrayList parts;
    parts << "SELECT 'VACUUM', phase, (CASE WHEN phase = 'vacuuming heap' THEN heap_blks_vacuumed "
             "ELSE heap_blks_scanned END)::bigint, heap_blks_total::bigint, 'blocks' "
             "FROM pg_stat_progress_vacuum WHERE pid = $1";
    if (serverVersion >= 120000) {
        parts << "SELECT command, phase, (CASE WHEN tuples_total > 0 THEN tuples_done "
                 "WHEN blocks_total > 0 THEN blocks_done ELSE lockers_done END)::bigint, "
                 "(CASE WHEN tuples_total > 0 THEN tuples_total WHEN blocks_total > 0 THEN blocks_total "
                 "ELSE lockers_total END)::bigint, "
                 "CASE WHEN tuples_total > 0 THEN 'tuples' WHEN blocks_total > 0 THEN 'blocks' "
                 "ELSE 'transactions' END "
                 "FROM pg_stat_progress_create_index WHERE pid = $1";
        parts << "SELECT command, phase, (CASE WHEN heap_blks_total > 0 THEN heap_blks_scanned "
                 "ELSE heap_tuples_written END)::bigint, heap_blks_total::bigint, "
                 "CASE WHEN heap_blks_total > 0 THEN 'blocks' ELSE 'tuples' END "
                 "FROM pg_stat_progress_cluster WHERE pid = $1";
    }
    if (serverVersion >= 130000)
        parts << "SELECT 'ANALYZE', phase, sample_blks_scanned::bigint, sample_blks_total::bigint, 'blocks' "
                 "FROM pg_stat_progress_analyze WHERE pid = $1";
    if (serverVersion >= 140000)
        parts << "SELECT command, type, (CASE WHEN bytes_total > 0 THEN bytes_processed "
                 "ELSE tuples_processed END)::bigint, bytes_total::bigint, "
                 "CASE WHEN bytes_total > 0 THEN 'bytes' ELSE 'rows' END "
                 "FROM pg_stat_progress_copy WHERE pid = $1";
    return parts.join(" UNION ALL ") + " LIMIT 1";
}

bool sameProgress(const StatementProgress &a, const StatementProgress &b)
{
    return a.command == b.command && a.phase == b.phase && a.done == b.done && a.total == b.total
        && a.secondsLeft == b.secondsLeft;
}

bool sameBlockers(const LockWait &a, const LockWait &b)
{
    if (a.blockers.size() != b.blockers.size() || a.waitingFor != b.waitingFor)
        return false;
    for (qsizetype i = 0; i < a.blockers.size(); ++i)
        if (!a.blockers[i].sameAs(b.blockers[i]))
            return false;
    return true;
}

} // namespace

LockWaitWatcher::LockWaitWatcher(ConnectionSettings settings, int watchedPid, Report report,
    ProgressReport progress, int delayMs, int intervalMs)
    : m_settings(std::move(settings))
    , m_watchedPid(watchedPid)
    , m_report(std::move(report))
    , m_progress(std::move(progress))
    , m_delayMs(delayMs)
    , m_intervalMs(intervalMs)
{
    // Named so the server's pg_stat_activity tells it apart from the run itself.
    m_settings.applicationName = m_settings.applicationName + QStringLiteral(" (lock watch)");
    m_thread.reset(QThread::create([this] { watch(); }));
    m_thread->setObjectName(QStringLiteral("strata lock watch"));
    m_thread->start();
}

LockWaitWatcher::~LockWaitWatcher()
{
    stop();
}

void LockWaitWatcher::statementStarted(const QString &summary)
{
    std::lock_guard lock(m_mutex);
    ++m_statementNumber;
    m_statementRunning = true;
    m_statementStart = std::chrono::steady_clock::now();
    m_statement = summary;
    m_wake.notify_all();
}

void LockWaitWatcher::statementFinished()
{
    std::lock_guard lock(m_mutex);
    ++m_statementNumber;
    m_statementRunning = false;
    if (!m_reported.isEmpty()) {
        m_reported = LockWait {};
        m_reported.waiterPid = m_watchedPid;
        m_report(m_reported);
    }
    if (!m_reportedProgress.isEmpty()) {
        m_reportedProgress = StatementProgress {};
        m_progress(m_reportedProgress);
    }
    m_wake.notify_all();
}

void LockWaitWatcher::stop()
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_thread)
            return;
        m_stopping = true;
        m_statementRunning = false;
        // A reading in progress returns at once (cancelled) instead of at its end.
        if (m_connection)
            m_connection->cancel();
        m_wake.notify_all();
    }
    m_thread->wait();
    m_thread.reset();
}

void LockWaitWatcher::watch()
{
    using Clock = std::chrono::steady_clock;
    std::unique_ptr<PgConnection> connection;
    bool connectFailed = false;
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        if (!m_statementRunning || connectFailed) {
            m_wake.wait(lock);
            continue;
        }
        const Clock::time_point due = m_statementStart + std::chrono::milliseconds(m_delayMs);
        if (Clock::now() < due) {
            m_wake.wait_until(lock, due);
            continue;
        }
        const quint64 statement = m_statementNumber;
        const QString summary = m_statement;
        const qint64 waited
            = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - m_statementStart).count();
        lock.unlock();

        if (!connection) {
            Result<std::unique_ptr<PgConnection>> opened = PgConnection::open(m_settings);
            if (opened) {
                connection = std::move(opened).value();
                // A reading must never hang the run's end; it takes milliseconds.
                if (!connection->run("SET statement_timeout = '5s'"))
                    qCWarning(lcRunner) << "lock watch: cannot set statement_timeout";
            } else {
                // The run goes on without the watch; the log says why.
                qCWarning(lcRunner) << "lock watch disabled for this run:" << opened.error().message;
            }
        }
        std::optional<LockWait> reading;
        std::optional<StatementProgress> progress;
        if (connection) {
            {
                std::lock_guard published(m_mutex);
                m_connection = connection.get();
            }
            reading = read(*connection);
            if (m_progress)
                progress = readProgress(*connection);
        }

        lock.lock();
        m_connection = nullptr;
        if (!connection) {
            connectFailed = true;
            continue;
        }
        // Report only for the statement still running: a reading that raced
        // with its end must not bring back blockers already cleared.
        if (reading && !m_stopping && m_statementRunning && statement == m_statementNumber) {
            reading->statement = summary;
            reading->waitedMs = waited;
            if (!sameBlockers(*reading, m_reported)) {
                m_reported = *reading;
                m_report(m_reported);
            }
        }
        if (progress && !progress->isEmpty() && !m_stopping && m_statementRunning
            && statement == m_statementNumber) {
            progress->statement = summary;
            progress->elapsedMs = waited;
            estimate(*progress, statement);
            if (!sameProgress(*progress, m_reportedProgress)) {
                m_reportedProgress = *progress;
                m_progress(m_reportedProgress);
            }
        }
        if (!m_stopping)
            m_wake.wait_for(lock, std::chrono::milliseconds(m_intervalMs),
                [this, statement] { return m_stopping || m_statementNumber != statement; });
    }
    lock.unlock();
    // Closed here, on the thread that opened it.
    connection.reset();
}

std::optional<StatementProgress> LockWaitWatcher::readProgress(PgConnection &connection)
{
    const PgResult r = connection.execParams(
        progressQuery(connection.serverVersion()), { QByteArray::number(m_watchedPid) });
    if (!r.ok()) {
        qCDebug(lcRunner) << "progress reading failed:" << r.error().message;
        return std::nullopt;
    }
    StatementProgress progress;
    if (r.rowCount() == 0)
        return progress;
    progress.command = r.value(0, 0);
    progress.phase = r.value(0, 1);
    progress.done = r.toInt64(0, 2);
    progress.total = r.toInt64(0, 3);
    progress.unit = r.value(0, 4);
    return progress;
}

void LockWaitWatcher::estimate(StatementProgress &progress, quint64 statement)
{
    const auto now = std::chrono::steady_clock::now();
    const QString key = QString::number(statement) + QLatin1Char('\n') + progress.command + QLatin1Char('\n')
        + progress.phase + QLatin1Char('\n') + progress.unit;
    if (key != m_phaseKey || progress.done < m_phaseDone) {
        m_phaseKey = key;
        m_phaseSeen = now;
        m_phaseDone = progress.done;
        return;
    }
    const double seconds = std::chrono::duration<double>(now - m_phaseSeen).count();
    if (progress.total <= 0 || progress.done <= m_phaseDone || seconds < 0.2)
        return;
    const double rate = double(progress.done - m_phaseDone) / seconds;
    progress.secondsLeft = qint64(double(progress.total - progress.done) / rate + 0.5);
}

std::optional<LockWait> LockWaitWatcher::read(PgConnection &connection)
{
    const PgResult r = connection.execParams(blockersQuery(), { QByteArray::number(m_watchedPid) });
    if (!r.ok()) {
        qCDebug(lcRunner) << "lock watch reading failed:" << r.error().message;
        return std::nullopt;
    }
    LockWait wait;
    wait.waiterPid = m_watchedPid;
    for (int row = 0; row < r.rowCount(); ++row) {
        BackendSession s = BackendSession::fromRow(r, row);
        wait.waitingFor = r.value(row, BackendSession::columnCount);
        const QString held = r.value(row, BackendSession::columnCount + 1);
        if (!held.isEmpty())
            s.locks = held.split(QLatin1Char('\n'));
        wait.blockers.append(s);
    }
    return wait;
}
