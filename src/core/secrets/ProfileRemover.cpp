#include "ProfileRemover.h"

#include "SecretStore.h"
#include "settings/ConnectionProfile.h"
#include "settings/ProfileStore.h"

Status ProfileRemover::remove(ProfileStore &profiles, SecretStore &secrets, const QString &profileId)
{
    if (profileId.isEmpty())
        return StrataError::make(StrataError::Kind::Usage, QStringLiteral("no profile id to remove"));
    ConnectionProfile profile;
    profile.id = profileId;
    if (Status removed = profiles.remove(profileId); !removed)
        return removed;
    secrets.deletePassword(profile.keychainKey());
    secrets.deletePassword(profile.sshKeychainKey());
    return Ok {};
}
