#include "EnvironmentBadge.h"

#include <QCoreApplication>

QString EnvironmentBadge::background(ConnectionProfile::Environment environment)
{
    switch (environment) {
    case ConnectionProfile::Environment::Development:
        return QStringLiteral("#2e7d32");
    case ConnectionProfile::Environment::Staging:
        return QStringLiteral("#f2a900");
    case ConnectionProfile::Environment::Production:
        return QStringLiteral("#c62828");
    }
    return QStringLiteral("#616161");
}

QString EnvironmentBadge::foreground(ConnectionProfile::Environment environment)
{
    return environment == ConnectionProfile::Environment::Staging ? QStringLiteral("#1f1600")
                                                                  : QStringLiteral("#ffffff");
}

QString EnvironmentBadge::styleSheet(ConnectionProfile::Environment environment)
{
    return QStringLiteral(
        "QLabel { background: %1; color: %2; border-radius: 4px; padding: 1px 8px; font-weight: bold; }")
        .arg(background(environment), foreground(environment));
}

QString EnvironmentBadge::label(ConnectionProfile::Environment environment)
{
    switch (environment) {
    case ConnectionProfile::Environment::Development:
        return QCoreApplication::translate("EnvironmentBadge", "development");
    case ConnectionProfile::Environment::Staging:
        return QCoreApplication::translate("EnvironmentBadge", "staging");
    case ConnectionProfile::Environment::Production:
        return QCoreApplication::translate("EnvironmentBadge", "production");
    }
    return {};
}
