#pragma once

#include "common/StrataError.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

// What shadow verification found for one migration's down section.
struct MigrationVerdict
{
    enum class Outcome {
        Ok, // down restored the schema as it was before up, and up ran again
        DownDoesNotUndo, // down ran, but the schema differs from the one before up
        DownMissing, // no down section, or one without statements
        DownRefused, // Strata cannot run the down (Migration::downRefusal); `error` says why
        DownFailed, // the server rejected the down section
        UpFailedAgain, // down looked right, but up failed when run again after it
        NotVerified, // an earlier step stopped the verification
    };

    QString name; // history name, e.g. AddIndex1700000000000
    QString filePath;
    Outcome outcome = Outcome::NotVerified;
    QStringList differences; // DownDoesNotUndo: what down left different, one line each
    StrataError error; // DownFailed, UpFailedAgain: the server's error; DownRefused: why

    bool ok() const { return outcome == Outcome::Ok; }
    // The outcomes whose `error` says what went wrong.
    bool hasError() const
    {
        return outcome == Outcome::DownFailed || outcome == Outcome::UpFailedAgain
            || outcome == Outcome::DownRefused;
    }
    // "ok", "down-does-not-undo", "down-missing", "down-refused", "down-failed", "up-failed-again",
    // "not-verified"
    static QString outcomeName(Outcome outcome);
    // One line for a person: "down does not undo up", ...
    static QString outcomeText(Outcome outcome);
};

Q_DECLARE_METATYPE(MigrationVerdict)
