#pragma once

#include "MigrationStatus.h"
#include "common/StrataError.h"

#include <optional>

// One migration to run in one direction, with the SQL to run and where that SQL
// comes from (the file, or the SQL recorded at apply time when the file is gone).
struct PlanStep
{
    enum class Direction { Up, Down };
    Direction direction = Direction::Up;
    Migration migration; // for Down with a missing file: rebuilt from the history
    std::optional<AppliedMigration> applied; // Down: the history row it removes
    QByteArray sql; // the section to run
    QByteArray source; // the text `sql` lives in, for positions
    qsizetype sqlOffset = 0; // where `sql` starts in `source`
    SourceMap sourceMap; // from `source` into the file a person edits (Migration::sourceMap)
    QString sourceName; // the file path, or a description of the recorded SQL
    bool transactional = true;

    // The step that runs `migration`'s up or down section from its file: the
    // one place a step is built from a file (the planner, validate, the editor).
    static PlanStep fromFile(const Migration &migration, Direction direction);
};

using Plan = QList<PlanStep>;

struct UpOptions
{
    QString
        target; // apply up to and including this migration (file name, history name, timestamp or PascalName)
    bool allowOutOfOrder = false;
    bool ignoreDrift = false; // run despite edited or missing migrations
};

struct DownOptions
{
    int count = 1;
    QString target; // revert down to (and including) this migration instead of count
    bool ignoreDrift = false;
};

class MigrationPlanner
{
public:
    // Files (sorted by timestamp) and history rows (in id order) to states, in
    // timestamp order; migrations missing from the folder sit where their
    // timestamp puts them.
    static MigrationStatusList statuses(const MigrationList &files, const AppliedMigrationList &history);

    static Result<Plan> planUp(const MigrationStatusList &statuses, const UpOptions &options);
    // Reverts go by the history's id, newest first, as TypeORM's revert does.
    // `history` must hold the recorded SQL (HistoryStore::read(true)) for
    // migrations whose file is missing.
    static Result<Plan> planDown(
        const MigrationStatusList &statuses, const AppliedMigrationList &history, const DownOptions &options);

    // Does `key` name this migration? Accepts the file name, the history name,
    // the timestamp or the PascalName.
    static bool matches(const MigrationStatus &status, const QString &key);

    // Why `migration` must not run in `direction` (Migration::refusal, or
    // downRefusal for a revert), as the error naming the file; nullopt: it may.
    static std::optional<StrataError> refusal(const Migration &migration, PlanStep::Direction direction);
};
