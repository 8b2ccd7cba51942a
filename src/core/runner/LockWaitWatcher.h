#pragma once

#include "LockWait.h"
#include "StatementProgress.h"
#include "db/ConnectionSettings.h"

#include <QByteArray>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

class PgConnection;
class QThread;

// Watches one backend (the runner's) while it executes a statement and reports
// who blocks it. The runner's own connection is busy inside the statement, so
// the watch runs on a thread of its own with a connection of its own, opened
// only once a statement has run for `delayMs` (most runs never open it) and
// closed on that thread by stop() or the destructor.
//
// The runner calls statementStarted() and statementFinished() around each
// statement. While one runs longer than `delayMs`, the watch reads
// pg_blocking_pids() joined with pg_stat_activity every `intervalMs` and calls
// `report` when the blockers change (pid, state, query or locks; not on every
// reading), and once with an empty LockWait when a statement that had blockers
// finishes. `report` runs on the watch thread or, for that last call, on the
// runner's thread; the calls never overlap and never come after stop().
//
// The same readings ask the server's pg_stat_progress_* views how far the
// statement has got (CREATE INDEX, VACUUM, CLUSTER, ANALYZE, COPY) and call
// `progress` when that changes, with the time left estimated from the rate
// of the current phase so far, and once with an empty StatementProgress when
// a statement that had a report finishes. The same threads and guarantees.
class LockWaitWatcher
{
public:
    using Report = std::function<void(const LockWait &wait)>;
    using ProgressReport = std::function<void(const StatementProgress &progress)>;

    LockWaitWatcher(ConnectionSettings settings, int watchedPid, Report report, ProgressReport progress = {},
        int delayMs = 1000, int intervalMs = 500);
    ~LockWaitWatcher();

    LockWaitWatcher(const LockWaitWatcher &) = delete;
    LockWaitWatcher &operator=(const LockWaitWatcher &) = delete;

    void statementStarted(const QString &summary);
    void statementFinished();
    // Ends the watch thread (cancelling a reading in progress) and waits for it.
    void stop();

private:
    void watch();
    std::optional<LockWait> read(PgConnection &connection);
    std::optional<StatementProgress> readProgress(PgConnection &connection);
    // Fills progress.secondsLeft from the rate since this phase was first seen.
    void estimate(StatementProgress &progress, quint64 statement);

    ConnectionSettings m_settings;
    const int m_watchedPid;
    const Report m_report;
    const ProgressReport m_progress;
    const int m_delayMs;
    const int m_intervalMs;

    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    bool m_statementRunning = false;
    quint64 m_statementNumber = 0;
    std::chrono::steady_clock::time_point m_statementStart;
    QString m_statement;
    LockWait m_reported; // what `report` last got
    StatementProgress m_reportedProgress; // what `progress` last got
    // Where the current phase was first seen, for the estimate of time left.
    QString m_phaseKey;
    std::chrono::steady_clock::time_point m_phaseSeen;
    qint64 m_phaseDone = 0;
    PgConnection *m_connection = nullptr; // the watch thread's, for stop() to cancel a reading
    std::unique_ptr<QThread> m_thread;
};
