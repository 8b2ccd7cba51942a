#pragma once

#include "history/AppliedMigration.h"
#include "migration/Migration.h"

#include <optional>

// What the planner concludes about one migration from the files and the history.
enum class MigrationState {
    Applied, // in the history, file present and unchanged (or checksum unknown)
    Pending, // file present, not in the history
    OutOfOrder, // pending, but older than the newest applied migration
    Edited, // applied, but the file's checksum differs from the one recorded
    Missing, // applied, but no file has its name
};

QString stateName(MigrationState state); // "applied", "pending", "out-of-order", "edited", "missing"
QString stateDescription(MigrationState state); // one sentence, for tooltips and `status`

struct MigrationStatus
{
    MigrationState state = MigrationState::Pending;
    qint64 timestamp = 0;
    QString name; // the history name, <PascalName><timestamp>
    std::optional<Migration> file;
    std::optional<AppliedMigration> applied;

    // Applied by a tool that records no checksum (TypeORM): Strata cannot tell
    // whether the file changed, and says so instead of guessing.
    bool checksumUnknown() const { return applied && !applied->hasDetails; }
    bool isApplied() const { return applied.has_value(); }
};

using MigrationStatusList = QList<MigrationStatus>;
