#pragma once

#include "ConnectionProfile.h"
#include "common/StrataError.h"

#include <QList>
#include <QString>

#include <optional>

// Connection profiles in the user's settings (QSettings, organization "Strata",
// application "strata"), under profiles/<id>/. Secrets are refused: save()
// drops any password before writing, so none can reach the settings file.
class ProfileStore
{
public:
    QList<ConnectionProfile> profiles() const;
    std::optional<ConnectionProfile> find(const QString &idOrName) const;
    // The profiles whose migrations folder is `folder` (compared after
    // resolving symbolic links and `..`): the environments of one project.
    QList<ConnectionProfile> profilesOfProject(const QString &folder) const;
    Status save(const ConnectionProfile &profile);
    Status remove(const QString &id);
};
