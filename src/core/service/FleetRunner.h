#pragma once

#include "common/StrataError.h"
#include "db/ConnectionSettings.h"
#include "history/HistoryTable.h"
#include "migration/Migration.h"
#include "planner/MigrationPlanner.h"
#include "runner/RunOptions.h"
#include "settings/ConnectionProfile.h"

#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <mutex>
#include <optional>

class MigrationRunner;

// One plan over many databases (strata-cli fleet): each target is run exactly
// as a single `up` would run there (its own connection and migration lock, a
// transaction per migration, the pre-flight where its environment asks for
// one), several at once but never more than `concurrency`. `canary` targets
// go first, and the rest only if every one of them succeeded; after
// `stopAfterFailures` failures no new target starts. A rerun continues where
// a stopped one ended: each target's history is the truth.
//
// run() blocks; cancel() (any thread) stops starting targets and cancels the
// statements running now, so every target ends applied up to a migration
// boundary and nothing is left half-applied.
class FleetRunner : public QObject
{
    Q_OBJECT
public:
    enum class Action { StatusOnly, Up };

    struct Target
    {
        QString label;
        ConnectionProfile::Environment environment = ConnectionProfile::Environment::Development;
        ConnectionSettings settings;
        HistoryTable history;
    };

    struct Options
    {
        Action action = Action::StatusOnly;
        int concurrency = 4;
        int canary = 0;
        int stopAfterFailures = 0; // 0: never stop
        RunOptions run; // history set per target
        UpOptions up;
    };

    struct Outcome
    {
        enum class State { NotStarted, Succeeded, Failed, Unreachable, Cancelled };
        QString label;
        State state = State::NotStarted;
        int appliedBefore = -1;
        int appliedAfter = -1;
        int pendingBefore = -1;
        qint64 milliseconds = 0;
        std::optional<StrataError> error;
    };

    FleetRunner(MigrationList migrations, Options options, QObject *parent = nullptr);
    ~FleetRunner() override;

    QList<Outcome> run(const QList<Target> &targets);
    void cancel();

    static QString stateName(
        Outcome::State state); // "ok", "failed", "unreachable", "cancelled", "not started"

Q_SIGNALS:
    // From the worker threads (connect with a queued or direct connection that is thread-safe).
    void targetStarted(int index, const QString &label);
    void targetFinished(int index, const FleetRunner::Outcome &result);

private:
    Outcome runTarget(const Target &target);
    void runBatch(const QList<Target> &targets, const QList<int> &indexes, QList<Outcome> &results);

    MigrationList m_migrations;
    Options m_options;
    std::atomic_bool m_cancelled { false };
    std::atomic_int m_failures { 0 };
    std::mutex m_runnersMutex;
    QList<MigrationRunner *> m_runners;
};
