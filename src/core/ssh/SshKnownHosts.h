#pragma once

#include "SshSettings.h"
#include "common/StrataError.h"

#include <QString>

#include <optional>

// The "until the user accepts it" half of host-key verification: SshTunnel
// refuses a bastion whose key known_hosts does not hold, naming the key's
// fingerprint; accepting it records the key in known_hosts. A changed key is
// never accepted here: as with OpenSSH, only removing the old line lets a new
// key in.
class SshKnownHosts
{
public:
    struct Accepted
    {
        QString keyType; // "ssh-ed25519"
        QString fingerprint; // "SHA256:..."
        QString file; // the known_hosts file
        bool alreadyKnown = false; // it was there already: nothing was written
    };

    // Connects to the bastion (no login) and appends its host key to
    // settings.knownHostsPath() when no key is known for it. With
    // `expectedFingerprint`, the key presented now must be that one (the one
    // the user was shown), or nothing is written.
    static Result<Accepted> accept(
        const SshSettings &settings, int timeoutSeconds, const QString &expectedFingerprint = {});

    // The key a connection error refused because known_hosts does not hold
    // it (the error SshSession gives, also wrapped by PgConnection): what to
    // show the user before accept(). nullopt for any other error, a changed
    // key included.
    struct UnknownKey
    {
        QString keyType;
        QString fingerprint;
    };
    static std::optional<UnknownKey> unknownKeyIn(const StrataError &error);
};
