#pragma once

#include "MigrationVerdict.h"

#include <QList>
#include <QMetaType>

// The result of verifying every migration's down in a shadow database.
struct VerificationReport
{
    QList<MigrationVerdict> verdicts; // oldest first, one per migration
    // Set when the verification itself could not be done (no shadow, an up
    // failed on the first pass, introspection failed, cancelled).
    bool failed = false;
    StrataError error;
    QString shadow; // where it ran, ShadowDatabase::describe()
    qint64 durationMs = 0;

    int failureCount() const
    {
        int n = 0;
        for (const MigrationVerdict &v : verdicts)
            n += v.ok() ? 0 : 1;
        return n;
    }
    bool ok() const { return !failed && failureCount() == 0; }
};

Q_DECLARE_METATYPE(VerificationReport)
