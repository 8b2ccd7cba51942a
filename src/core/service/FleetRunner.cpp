#include "FleetRunner.h"

#include "db/PgConnection.h"
#include "history/HistoryStore.h"
#include "migration/MigrationSource.h"
#include "planner/MigrationPlanner.h"
#include "preflight/Preflight.h"
#include "runner/MigrationRunner.h"
#include "runner/RunTargetCheck.h"
#include "settings/EnvironmentPolicy.h"

#include <QElapsedTimer>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>

FleetRunner::FleetRunner(MigrationList migrations, Options options, QObject *parent)
    : QObject(parent)
    , m_migrations(std::move(migrations))
    , m_options(std::move(options))
{
}

FleetRunner::~FleetRunner() = default;

QString FleetRunner::stateName(Outcome::State state)
{
    switch (state) {
    case Outcome::State::Succeeded:
        return QStringLiteral("ok");
    case Outcome::State::Failed:
        return QStringLiteral("failed");
    case Outcome::State::Unreachable:
        return QStringLiteral("unreachable");
    case Outcome::State::Cancelled:
        return QStringLiteral("cancelled");
    case Outcome::State::NotStarted:
        break;
    }
    return QStringLiteral("not started");
}

void FleetRunner::cancel()
{
    m_cancelled.store(true);
    std::lock_guard lock(m_runnersMutex);
    for (MigrationRunner *runner : std::as_const(m_runners))
        runner->cancel();
}

FleetRunner::Outcome FleetRunner::runTarget(const Target &target)
{
    Outcome result;
    result.label = target.label;
    QElapsedTimer timer;
    timer.start();
    auto finish = [&](Outcome::State state, std::optional<StrataError> error = std::nullopt) {
        result.state = state;
        result.error = std::move(error);
        result.milliseconds = timer.elapsed();
        return result;
    };
    Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(target.settings);
    if (!connection)
        return finish(Outcome::State::Unreachable, connection.error());
    PgConnection &db = **connection;
    auto countApplied = [&](int *applied, int *pending) -> Status {
        HistoryStore history(db, target.history);
        Result<AppliedMigrationList> rows = history.read(false);
        if (!rows)
            return rows.error();
        const MigrationStatusList statuses = MigrationPlanner::statuses(m_migrations, *rows);
        *applied = int(std::count_if(
            statuses.cbegin(), statuses.cend(), [](const MigrationStatus &s) { return s.isApplied(); }));
        if (pending)
            *pending = int(std::count_if(statuses.cbegin(), statuses.cend(), [](const MigrationStatus &s) {
                return s.state == MigrationState::Pending || s.state == MigrationState::OutOfOrder;
            }));
        return Ok {};
    };
    if (Status s = countApplied(&result.appliedBefore, &result.pendingBefore); !s)
        return finish(Outcome::State::Failed, s.error());
    result.appliedAfter = result.appliedBefore;
    if (m_options.action == Action::StatusOnly)
        return finish(Outcome::State::Succeeded);
    if (m_cancelled.load())
        return finish(Outcome::State::Cancelled);

    // As `up` runs it on that database.
    if (Status s = RunTargetCheck::requireWritable(db); !s)
        return finish(Outcome::State::Failed, s.error());
    if (EnvironmentPolicy(target.environment).preflightRequired()) {
        MigrationSource::Scan scan;
        scan.migrations = m_migrations;
        PreflightOptions preflight;
        preflight.history = target.history;
        preflight.up = m_options.up;
        const PreflightReport report = Preflight::run(db, scan, preflight);
        if (report.hasBlockers())
            return finish(Outcome::State::Failed,
                StrataError::make(StrataError::Kind::Usage,
                    QStringLiteral("the pre-flight found %1; nothing was run").arg(report.summary())));
    }
    RunOptions options = m_options.run;
    options.history = target.history;
    MigrationRunner runner(db, options);
    {
        std::lock_guard lock(m_runnersMutex);
        m_runners << &runner;
    }
    // Cancelled between the check above and the registration: do not start.
    const RunReport report = m_cancelled.load() ? RunReport {} : runner.up(m_migrations, m_options.up);
    {
        std::lock_guard lock(m_runnersMutex);
        m_runners.removeAll(&runner);
    }
    countApplied(&result.appliedAfter, nullptr);
    if (report.error)
        return finish(report.error->kind == StrataError::Kind::Cancelled ? Outcome::State::Cancelled
                                                                         : Outcome::State::Failed,
            *report.error);
    if (m_cancelled.load() && result.appliedAfter - result.appliedBefore < result.pendingBefore)
        return finish(Outcome::State::Cancelled);
    return finish(Outcome::State::Succeeded);
}

void FleetRunner::runBatch(const QList<Target> &targets, const QList<int> &indexes, QList<Outcome> &results)
{
    QThreadPool pool;
    pool.setMaxThreadCount(std::max(1, m_options.concurrency));
    Outcome *outcomes = results.data(); // detached once here; each thread writes its own element
    QList<int> order = indexes;
    QtConcurrent::blockingMap(&pool, order, [&, outcomes](int index) {
        const bool stopped = m_cancelled.load()
            || (m_options.stopAfterFailures > 0 && m_failures.load() >= m_options.stopAfterFailures);
        if (stopped)
            return; // stays NotStarted
        Q_EMIT targetStarted(index, targets[index].label);
        Outcome r = runTarget(targets[index]);
        if (r.state == Outcome::State::Failed || r.state == Outcome::State::Unreachable)
            ++m_failures;
        outcomes[index] = r;
        Q_EMIT targetFinished(index, r);
    });
}

QList<FleetRunner::Outcome> FleetRunner::run(const QList<Target> &targets)
{
    m_cancelled.store(false);
    m_failures.store(0);
    QList<Outcome> results(targets.size());
    for (qsizetype i = 0; i < targets.size(); ++i)
        results[i].label = targets[i].label;
    QList<int> canary;
    QList<int> rest;
    for (int i = 0; i < int(targets.size()); ++i)
        (i < m_options.canary ? canary : rest) << i;
    if (!canary.isEmpty()) {
        runBatch(targets, canary, results);
        const bool allGood = std::all_of(canary.cbegin(), canary.cend(),
            [&](int i) { return results[i].state == Outcome::State::Succeeded; });
        if (!allGood)
            return results; // the rest stay NotStarted
    }
    runBatch(targets, rest, results);
    return results;
}
