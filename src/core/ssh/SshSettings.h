#pragma once

#include <QString>

// How to reach a bastion host over SSH, for a database behind it. A value, held
// by ConnectionSettings::ssh: every connection of a profile that has one goes
// through a tunnel (SshTunnelRegistry).
struct SshSettings
{
    QString host; // the bastion
    int port = 22;
    QString user; // empty: the local account's name, as ssh does
    // A private key file. Empty: the SSH agent (SSH_AUTH_SOCK), then the password.
    QString keyFile;
    // Where the bastion's host key is checked (and accepted into). Empty: ~/.ssh/known_hosts.
    QString knownHostsFile;
    // The key's passphrase, or the SSH password without a key file. Held in
    // memory only; never written, logged or passed as an argument (profiles keep
    // it in the keychain under ConnectionProfile::sshKeychainKey()).
    QString secret;

    bool isSet() const { return !host.isEmpty(); }
    // knownHostsFile, or ~/.ssh/known_hosts.
    QString knownHostsPath() const;
    // "user@host:port" (the user only when set). Never includes the secret.
    QString describe() const;
    // "host:port", the name messages give the bastion.
    QString endpoint() const;
    // Everything that makes two tunnels different (not the secret).
    QString identity() const;
};
