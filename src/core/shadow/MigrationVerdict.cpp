#include "MigrationVerdict.h"

QString MigrationVerdict::outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Ok:
        return QStringLiteral("ok");
    case Outcome::DownDoesNotUndo:
        return QStringLiteral("down-does-not-undo");
    case Outcome::DownMissing:
        return QStringLiteral("down-missing");
    case Outcome::DownRefused:
        return QStringLiteral("down-refused");
    case Outcome::DownFailed:
        return QStringLiteral("down-failed");
    case Outcome::UpFailedAgain:
        return QStringLiteral("up-failed-again");
    case Outcome::NotVerified:
        return QStringLiteral("not-verified");
    }
    return {};
}

QString MigrationVerdict::outcomeText(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Ok:
        return QStringLiteral("ok");
    case Outcome::DownDoesNotUndo:
        return QStringLiteral("down does not undo up");
    case Outcome::DownMissing:
        return QStringLiteral("down missing");
    case Outcome::DownRefused:
        return QStringLiteral("down cannot be run by Strata");
    case Outcome::DownFailed:
        return QStringLiteral("down failed");
    case Outcome::UpFailedAgain:
        return QStringLiteral("up failed when run again after down");
    case Outcome::NotVerified:
        return QStringLiteral("not verified");
    }
    return {};
}
