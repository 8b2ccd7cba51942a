#pragma once

#include "PreflightCheck.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>

// The pre-flight's answer for one planned run: every check in a fixed order
// (connection, migration lock, files, pending, drift, lint, backup, blockers,
// transactions), so two reports read the same way.
struct PreflightReport
{
    QString target; // the connection, as ConnectionSettings::describe() says it
    QDateTime checkedAt; // UTC
    PreflightCheckList checks;

    bool hasBlockers() const { return count(PreflightCheck::Severity::Blocker) > 0; }
    int count(PreflightCheck::Severity severity) const;
    const PreflightCheck *find(const QString &id) const;
    // "2 blockers, 1 warning" / "all clear"
    QString summary() const;
    QJsonObject toJson() const;
};

Q_DECLARE_METATYPE(PreflightReport)
