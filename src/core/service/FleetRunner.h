#pragma once

#include "common/StrataError.h"
#include "db/ConnectionSettings.h"
#include "history/HistoryTable.h"
#include "migration/Migration.h"
#include "planner/MigrationPlanner.h"
#include "runner/RunOptions.h"
#include "settings/ConnectionProfile.h"
#include "shadow/SchemaBlame.h"

#include <QHash>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <mutex>
#include <optional>

class MigrationRunner;
class PgConnection;
class SchemaBlameReplayer;
class ShadowBaseline;

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
//
// Down reverts on each target as a single `down` would (count or target
// migration). Verify changes nothing: each target's history must agree with
// the files (nothing edited, missing or out of order) and, for a target that
// is a whole database, its schema must be what its applied migrations make
// (the replay of SchemaBlame, computed once per baseline and cached, in a
// shadow database on the first such target's server as `blame` makes it):
// no object made outside the migrations, changed outside them, or missing.
class FleetRunner : public QObject
{
    Q_OBJECT
public:
    enum class Action { StatusOnly, Up, Down, Verify };

    struct Target
    {
        QString label;
        ConnectionProfile::Environment environment = ConnectionProfile::Environment::Development;
        ConnectionSettings settings;
        HistoryTable history;
        // Where this target's backups are, for the pre-flight's backup check
        // (a profile's folder and id); empty: not checked.
        QString backupFolder;
        QString backupProfile;
    };

    struct Options
    {
        Action action = Action::StatusOnly;
        int concurrency = 4;
        int canary = 0;
        int stopAfterFailures = 0; // 0: never stop
        RunOptions run; // history set per target
        UpOptions up;
        DownOptions down;
        // Verify: the blame cache folder (empty: the user's cache).
        QString blameCacheDirectory;
    };

    struct Outcome
    {
        // Differs: verify found the target's history or schema not what the files make.
        enum class State { NotStarted, Succeeded, Failed, Unreachable, Cancelled, Differs };
        QString label;
        State state = State::NotStarted;
        int appliedBefore = -1;
        int appliedAfter = -1;
        int pendingBefore = -1;
        qint64 milliseconds = 0;
        std::optional<StrataError> error;
        // Verify: what differs, one line each ("edited: 1700000000001-Users",
        // "table public.notes: not made by any migration").
        QStringList problems;
        bool schemaCompared = false; // verify compared the schema too
    };

    FleetRunner(MigrationList migrations, Options options, QObject *parent = nullptr);
    ~FleetRunner() override;

    QList<Outcome> run(const QList<Target> &targets);
    void cancel();

    // "ok", "failed", "unreachable", "cancelled", "not started", "differs"
    static QString stateName(Outcome::State state);

Q_SIGNALS:
    // From the worker threads (connect with a queued or direct connection that is thread-safe).
    void targetStarted(int index, const QString &label);
    void targetFinished(int index, const FleetRunner::Outcome &result);

private:
    Outcome runTarget(const Target &target);
    // Up or Down on an open connection, as the single commands run them.
    void migrateTarget(PgConnection &db, const Target &target, Outcome &result);
    void verifyTarget(
        PgConnection &db, const Target &target, const MigrationStatusList &statuses, Outcome &result);
    // The blame of the migrations from this baseline: cached, else replayed
    // once (one replay at a time; the other threads wait for it).
    Result<SchemaBlame> blameFor(
        const ShadowBaseline &baseline, const HistoryTable &history, const ConnectionSettings &server);
    Result<MigrationStatusList> readStatuses(PgConnection &db, const HistoryTable &history) const;
    static int appliedCount(const MigrationStatusList &statuses);
    static int pendingCount(const MigrationStatusList &statuses); // pending and out of order
    void runBatch(const QList<Target> &targets, const QList<int> &indexes, QList<Outcome> &results);

    MigrationList m_migrations;
    Options m_options;
    std::atomic_bool m_cancelled { false };
    std::atomic_int m_failures { 0 };
    std::mutex m_runnersMutex;
    QList<MigrationRunner *> m_runners;
    SchemaBlameReplayer *m_replayer = nullptr; // under m_runnersMutex
    std::mutex m_blameMutex;
    QHash<QString, SchemaBlame> m_blames; // by SchemaBlameCache key, under m_blameMutex
};

Q_DECLARE_METATYPE(FleetRunner::Outcome)
