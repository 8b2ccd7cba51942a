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
        DownFailed, // the server rejected the down section
        UpFailedAgain, // down looked right, but up failed when run again after it
        NotVerified, // an earlier step stopped the verification
    };

    QString name; // history name, e.g. AddIndex1700000000000
    QString filePath;
    Outcome outcome = Outcome::NotVerified;
    QStringList differences; // DownDoesNotUndo: what down left different, one line each
    StrataError error; // DownFailed, UpFailedAgain: the server's error, with file and line

    bool ok() const { return outcome == Outcome::Ok; }
    // "ok", "down-does-not-undo", "down-missing", "down-failed", "up-failed-again", "not-verified"
    static QString outcomeName(Outcome outcome);
    // One line for a person: "down does not undo up", ...
    static QString outcomeText(Outcome outcome);
};

Q_DECLARE_METATYPE(MigrationVerdict)
