#include "ConnectionProfile.h"

QString ConnectionProfile::environmentName(Environment e)
{
    switch (e) {
    case Environment::Development:
        return QStringLiteral("development");
    case Environment::Staging:
        return QStringLiteral("staging");
    case Environment::Production:
        return QStringLiteral("production");
    }
    return {};
}

ConnectionProfile::Environment ConnectionProfile::environmentFromName(const QString &name, bool *ok)
{
    if (ok)
        *ok = true;
    if (name == QLatin1String("staging"))
        return Environment::Staging;
    if (name == QLatin1String("production"))
        return Environment::Production;
    if (ok)
        *ok = name == QLatin1String("development") || name.isEmpty();
    return Environment::Development;
}
