#pragma once

#include "LintFinding.h"

#include <QList>
#include <QString>

// The catalogue of lint rules: ids are stable (people put them in disable
// comments and CI baselines), so rename never, only add.
struct LintRule
{
    QString id;
    LintFinding::Severity defaultSeverity = LintFinding::Severity::Warning;
    QString shortDescription;
    QString explanation; // one paragraph: why it is risky, what to do instead
    bool locking = false; // escalated to Error on tables above the large-table threshold
    bool destructive = false; // checked in the up section only

    static const QList<LintRule> &all();
    // nullptr for an unknown id.
    static const LintRule *find(const QString &id);
};
