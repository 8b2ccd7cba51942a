#include "EnvironmentPolicy.h"

EnvironmentPolicy::Confirmation EnvironmentPolicy::confirmation(Action action) const
{
    switch (m_environment) {
    case ConnectionProfile::Environment::Development:
        return action == Action::Restore ? Confirmation::Question : Confirmation::None;
    case ConnectionProfile::Environment::Staging:
        return Confirmation::Question;
    case ConnectionProfile::Environment::Production:
        return Confirmation::TypedDatabaseName;
    }
    return Confirmation::TypedDatabaseName; // an unknown environment is treated as the most careful one
}
