#pragma once

#include "common/StrataError.h"

#include <QString>

class ProfileStore;
class SecretStore;

// Forgets a connection profile: its settings at once, and its password and SSH
// secret in the keychain. The keychain part is asynchronous: `secrets` reports
// it with passwordDeleted(key) or failed(key, SecretStore::Operation::Delete,
// ...), first for ConnectionProfile::keychainKey() ("strata/<id>"), then for
// ConnectionProfile::sshKeychainKey() ("strata/<id>/ssh"). The settings go even if
// the keychain cannot be reached, so that a dead keychain never keeps a
// profile alive; the failure message then says the password stayed behind.
class ProfileRemover
{
public:
    static Status remove(ProfileStore &profiles, SecretStore &secrets, const QString &profileId);
};
