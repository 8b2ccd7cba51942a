#pragma once

#include "settings/ConnectionProfile.h"

#include <QString>

// The environment tag's colours, the same wherever the tag is shown (status
// bar, connection dialog, confirmations): green development, amber staging,
// red production.
class EnvironmentBadge
{
public:
    static QString background(ConnectionProfile::Environment environment);
    static QString foreground(ConnectionProfile::Environment environment);
    static QString styleSheet(ConnectionProfile::Environment environment);
    static QString label(ConnectionProfile::Environment environment);
};
