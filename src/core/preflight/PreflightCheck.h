#pragma once

#include "db/BackendSession.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

// One finding of the pre-flight: what was checked, how it came out, and one
// sentence that says what it means for the run. The CLI and the GUI render the
// same list.
struct PreflightCheck
{
    enum class Severity {
        Ok, // nothing in the way (also: not applicable, said in the message)
        Warning, // worth a look; the run may go ahead
        Blocker, // the run should not start until this is resolved (or explicitly overridden)
    };

    QString id; // stable: connection, migration-lock, pending, drift, lint, backup, blockers, ...
    QString title; // shown to people: "Connection", "Migration lock" ...
    Severity severity = Severity::Ok;
    QString message; // one sentence
    QStringList details; // one line each: files, findings, names
    BackendSessionList sessions; // for the blocker and transaction checks

    static QString severityName(Severity severity); // "ok", "warning", "blocker"
    QJsonObject toJson() const;
};

using PreflightCheckList = QList<PreflightCheck>;

Q_DECLARE_METATYPE(PreflightCheck)
