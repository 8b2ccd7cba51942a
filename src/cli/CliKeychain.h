#pragma once

#include "db/ConnectionSettings.h"
#include "settings/ConnectionProfile.h"

#include <QString>

// The CLI's synchronous read of a profile's password from the OS keychain,
// for commands that reach several profiles at once (matrix): one profile's
// password is not in PGPASSWORD for all of them.
class CliKeychain
{
public:
    // The password stored under `key`; empty when none is stored or there is
    // no keychain (libpq then looks in ~/.pgpass). `problem` gets why, when
    // the keychain could not be asked.
    static QString readPassword(const QString &key, QString *problem = nullptr);
    // A profile's password into settings->password and, when it has an SSH
    // tunnel, its key passphrase or SSH password into settings->ssh->secret.
    static void readProfileSecrets(
        const ConnectionProfile &profile, ConnectionSettings *settings, QString *problem = nullptr);
};
