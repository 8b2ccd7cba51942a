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

LockWaitWatcher::LockWaitWatcher(
    ConnectionSettings settings, int watchedPid, Report report, int delayMs, int intervalMs)
    : m_settings(std::move(settings))
    , m_watchedPid(watchedPid)
    , m_report(std::move(report))
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
        if (connection) {
            {
                std::lock_guard published(m_mutex);
                m_connection = connection.get();
            }
            reading = read(*connection);
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
        if (!m_stopping)
            m_wake.wait_for(lock, std::chrono::milliseconds(m_intervalMs),
                [this, statement] { return m_stopping || m_statementNumber != statement; });
    }
    lock.unlock();
    // Closed here, on the thread that opened it.
    connection.reset();
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
