#include "FleetRunner.h"

#include "db/PgConnection.h"
#include "history/HistoryStore.h"
#include "migration/MigrationSource.h"
#include "planner/MigrationPlanner.h"
#include "preflight/Preflight.h"
#include "runner/MigrationRunner.h"
#include "runner/RunTargetCheck.h"
#include "settings/EnvironmentPolicy.h"
#include "shadow/DatabaseSchema.h"
#include "shadow/SchemaBlameCache.h"
#include "shadow/SchemaBlameReplayer.h"
#include "shadow/ShadowBaseline.h"

#include <QElapsedTimer>
#include <QSet>
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
    case Outcome::State::Differs:
        return QStringLiteral("differs");
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
    if (m_replayer)
        m_replayer->cancel();
}

FleetRunner::Outcome FleetRunner::runTarget(const Target &target)
{
    Outcome result;
    result.label = target.label;
    QElapsedTimer timer;
    timer.start();
    Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(target.settings);
    if (!connection) {
        result.state = Outcome::State::Unreachable;
        result.error = connection.error();
    } else {
        PgConnection &db = **connection;
        Result<MigrationStatusList> statuses = readStatuses(db, target.history);
        if (!statuses) {
            result.state = Outcome::State::Failed;
            result.error = statuses.error();
        } else {
            result.appliedBefore = appliedCount(*statuses);
            result.pendingBefore = pendingCount(*statuses);
            result.appliedAfter = result.appliedBefore;
            result.state = Outcome::State::Succeeded;
            if (m_options.action == Action::Verify)
                verifyTarget(db, target, *statuses, result);
            else if (m_options.action != Action::StatusOnly)
                migrateTarget(db, target, result);
        }
    }
    result.milliseconds = timer.elapsed();
    return result;
}

Result<MigrationStatusList> FleetRunner::readStatuses(PgConnection &db, const HistoryTable &table) const
{
    HistoryStore history(db, table);
    Result<AppliedMigrationList> rows = history.read(false);
    if (!rows)
        return rows.error();
    return MigrationPlanner::statuses(m_migrations, *rows);
}

int FleetRunner::appliedCount(const MigrationStatusList &statuses)
{
    return int(std::count_if(
        statuses.cbegin(), statuses.cend(), [](const MigrationStatus &s) { return s.isApplied(); }));
}

int FleetRunner::pendingCount(const MigrationStatusList &statuses)
{
    return int(std::count_if(statuses.cbegin(), statuses.cend(), [](const MigrationStatus &s) {
        return s.state == MigrationState::Pending || s.state == MigrationState::OutOfOrder;
    }));
}

void FleetRunner::migrateTarget(PgConnection &db, const Target &target, Outcome &result)
{
    auto fail = [&result](Outcome::State state, std::optional<StrataError> error = std::nullopt) {
        result.state = state;
        result.error = std::move(error);
    };
    if (m_cancelled.load())
        return fail(Outcome::State::Cancelled);
    const bool up = m_options.action == Action::Up;

    // As `up` and `down` run on that database.
    if (Status s = RunTargetCheck::requireWritable(db); !s)
        return fail(Outcome::State::Failed, s.error());
    if (EnvironmentPolicy(target.environment).preflightRequired()) {
        MigrationSource::Scan scan;
        scan.migrations = m_migrations;
        PreflightOptions preflight;
        preflight.history = target.history;
        preflight.up = m_options.up;
        // Production's "always back up first" holds here as in a single run.
        preflight.backupFolder = target.backupFolder;
        preflight.backupProfile = target.backupProfile;
        preflight.backupRequired = EnvironmentPolicy(target.environment).backupRequired();
        if (!up)
            preflight.down = m_options.down;
        const PreflightReport report = Preflight::run(db, scan, preflight);
        if (report.hasBlockers()) {
            // Which ones, in their own words: a fleet's reader has no pre-flight window.
            QStringList blockers;
            for (const PreflightCheck &c : report.checks)
                if (c.severity == PreflightCheck::Severity::Blocker)
                    blockers << c.title + QStringLiteral(": ") + c.message;
            return fail(Outcome::State::Failed,
                StrataError::make(StrataError::Kind::Usage,
                    QStringLiteral("the pre-flight found %1; nothing was run (%2)")
                        .arg(report.summary(), blockers.join(QStringLiteral("; ")))));
        }
    }
    RunOptions options = m_options.run;
    options.history = target.history;
    MigrationRunner runner(db, options);
    {
        std::lock_guard lock(m_runnersMutex);
        m_runners << &runner;
    }
    // Cancelled between the check above and the registration: do not start.
    RunReport report;
    const bool ran = !m_cancelled.load();
    if (ran)
        report = up ? runner.up(m_migrations, m_options.up) : runner.down(m_migrations, m_options.down);
    {
        std::lock_guard lock(m_runnersMutex);
        m_runners.removeAll(&runner);
    }
    if (Result<MigrationStatusList> after = readStatuses(db, target.history))
        result.appliedAfter = appliedCount(*after);
    if (report.error)
        return fail(report.error->kind == StrataError::Kind::Cancelled ? Outcome::State::Cancelled
                                                                       : Outcome::State::Failed,
            *report.error);
    // Stopped before its plan ended (a cancel between two migrations).
    if (m_cancelled.load() && (!ran || report.completed.size() < report.plan.size()))
        return fail(Outcome::State::Cancelled);
}

void FleetRunner::verifyTarget(
    PgConnection &db, const Target &target, const MigrationStatusList &statuses, Outcome &result)
{
    QStringList applied;
    for (const MigrationStatus &s : statuses) {
        if (s.isApplied())
            applied << s.name;
        switch (s.state) {
        case MigrationState::Edited:
            result.problems << QStringLiteral("edited: %1 was applied with another checksum").arg(s.name);
            break;
        case MigrationState::Missing:
            result.problems
                << QStringLiteral("missing file: %1 is applied but no file has its name").arg(s.name);
            break;
        case MigrationState::OutOfOrder:
            result.problems << QStringLiteral("out of order: %1 is pending but older than the newest applied")
                                   .arg(s.name);
            break;
        case MigrationState::Applied:
        case MigrationState::Pending:
            break;
        }
    }

    // The schema, for a target that is a whole database. One schema of a
    // database shared by tenants would be compared with a replay that puts
    // everything in its own schema: not done (yet); the history still is.
    if (target.settings.searchPath.isEmpty() && !m_cancelled.load()) {
        Result<ShadowBaseline> baseline = ShadowBaseline::read(db);
        Result<SchemaBlame> blame = baseline ? blameFor(*baseline, target.history, target.settings)
                                             : Result<SchemaBlame>(baseline.error());
        if (!blame) {
            result.state = blame.error().kind == StrataError::Kind::Cancelled ? Outcome::State::Cancelled
                                                                              : Outcome::State::Failed;
            result.error = blame.error();
            return;
        }
        Result<SchemaModel> model = DatabaseSchema::read(db, target.history);
        if (!model) {
            result.state = Outcome::State::Failed;
            result.error = model.error();
            return;
        }
        const SchemaObjects database = SchemaObjects::of(*model);
        // One line per difference: the columns of a table made by hand (or
        // dropped outside the migrations) go with their table.
        const QList<SchemaBlame::Drift> drift = blame->drift(database, applied);
        QSet<QString> notMade;
        for (const SchemaBlame::Drift &d : drift)
            if (d.reason == SchemaBlame::Drift::Reason::NotMade)
                notMade.insert(d.key);
        for (const SchemaBlame::Drift &d : drift) {
            const SchemaObject *o = database.find(d.key);
            if (!o || (d.reason == SchemaBlame::Drift::Reason::NotMade && notMade.contains(o->parent)))
                continue;
            result.problems << QStringLiteral("%1 %2: %3")
                                   .arg(o->kind, o->identity,
                                       d.reason == SchemaBlame::Drift::Reason::NotMade
                                           ? QStringLiteral("not made by any migration")
                                           : QStringLiteral("changed outside the migrations"));
        }
        const QStringList missing = blame->missingFrom(database, applied);
        const SchemaBlame made = blame->restrictedTo(applied);
        for (const QString &key : missing) {
            const std::optional<SchemaObject> o = blame->object(key);
            if (!o || missing.contains(o->parent))
                continue;
            const QString by = made.createdBy(key);
            result.problems << QStringLiteral("%1 %2: missing (%3)")
                                   .arg(o->kind, o->identity,
                                       by.isEmpty() ? QStringLiteral("there before the first migration")
                                                    : QStringLiteral("made by ") + by);
        }
        result.schemaCompared = true;
    }
    if (!result.problems.isEmpty())
        result.state = Outcome::State::Differs;
}

Result<SchemaBlame> FleetRunner::blameFor(
    const ShadowBaseline &baseline, const HistoryTable &history, const ConnectionSettings &server)
{
    const QString key = SchemaBlameCache::keyOf(m_migrations, history, baseline);
    std::lock_guard lock(m_blameMutex);
    if (const auto it = m_blames.constFind(key); it != m_blames.cend())
        return *it;
    const SchemaBlameCache cache(m_options.blameCacheDirectory);
    std::optional<SchemaBlame> blame = cache.load(key);
    if (!blame) {
        SchemaBlameReplayer replayer(history);
        replayer.setBaseline(baseline);
        {
            std::lock_guard runners(m_runnersMutex);
            m_replayer = &replayer;
        }
        Result<SchemaBlame> replayed = m_cancelled.load() ? Result<SchemaBlame>(StrataError::make(
                                           StrataError::Kind::Cancelled, QStringLiteral("cancelled")))
                                                          : replayer.replay(m_migrations, &server);
        {
            std::lock_guard runners(m_runnersMutex);
            m_replayer = nullptr;
        }
        if (!replayed)
            return replayed.error();
        blame = std::move(replayed).value();
        cache.save(key, *blame); // not cached: computed again next time, nothing lost
    }
    m_blames.insert(key, *blame);
    return *blame;
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
