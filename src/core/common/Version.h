#pragma once

#include <QString>

// The version recorded with every applied migration (companion table's
// tool_version), so a later reader knows which Strata ran it.
inline QString strataVersion()
{
    return QStringLiteral(STRATA_VERSION);
}
