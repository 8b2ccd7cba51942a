#include "MigrationStatus.h"

QString stateName(MigrationState state)
{
    switch (state) {
    case MigrationState::Applied:
        return QStringLiteral("applied");
    case MigrationState::Pending:
        return QStringLiteral("pending");
    case MigrationState::OutOfOrder:
        return QStringLiteral("out-of-order");
    case MigrationState::Edited:
        return QStringLiteral("edited");
    case MigrationState::Missing:
        return QStringLiteral("missing");
    }
    return {};
}

QString stateDescription(MigrationState state)
{
    switch (state) {
    case MigrationState::Applied:
        return QStringLiteral("Applied to this database; the file matches what was applied.");
    case MigrationState::Pending:
        return QStringLiteral("Not applied yet; `up` will apply it.");
    case MigrationState::OutOfOrder:
        return QStringLiteral(
            "Not applied, but older than the newest applied migration: it was probably merged "
            "from another branch. `up --allow-out-of-order` applies it.");
    case MigrationState::Edited:
        return QStringLiteral(
            "Applied, but the file changed since: applied migrations must not be edited. Restore "
            "the file and put the change in a new migration.");
    case MigrationState::Missing:
        return QStringLiteral(
            "Applied to this database, but its file is gone. `down` can still revert it with the "
            "SQL recorded when it was applied.");
    }
    return {};
}
