#pragma once

#include "SshSettings.h"
#include "common/StrataError.h"

#include <QString>

#include <memory>

struct ssh_session_struct;

// One libssh session to a bastion: connected, its host key read, and (when
// asked) checked against known_hosts and logged in to. What SshTunnel and
// SshKnownHosts share. A libssh session is not thread-safe: one thread at a time.
class SshSession
{
public:
    // Opens the TCP connection and does the key exchange; reads nothing but the
    // settings (no ~/.ssh/config), so what is checked is what the profile says.
    static Result<std::unique_ptr<SshSession>> connect(const SshSettings &settings, int timeoutSeconds);
    ~SshSession();

    SshSession(const SshSession &) = delete;
    SshSession &operator=(const SshSession &) = delete;

    enum class HostKey {
        Known, // known_hosts holds this very key for the bastion
        Unknown, // known_hosts has no key for it (or there is no known_hosts file)
        Changed, // known_hosts holds another key of the same type: refused, never accepted here
        OtherType, // known_hosts holds keys of other types only: refused like a change
    };
    Result<HostKey> hostKeyState();
    // The bastion's host key: "SHA256:..." as ssh-keygen -l prints it, and its type ("ssh-ed25519").
    QString fingerprint() const { return m_fingerprint; }
    QString keyType() const { return m_keyType; }

    // Refuses anything but a known key, naming the bastion and the key's fingerprint.
    Status verifyHostKey();
    // Appends the bastion's key to known_hosts (for an Unknown key only).
    Status recordHostKey();

    // The key file (with the secret as its passphrase); else the SSH agent, then
    // the secret as the password.
    Status authenticate();

    ssh_session_struct *handle() const { return m_session; }
    const SshSettings &settings() const { return m_settings; }
    // The session's last error, in libssh's words.
    QString lastError() const;

private:
    SshSession() = default;
    StrataError error(const QString &message) const;

    SshSettings m_settings;
    ssh_session_struct *m_session = nullptr;
    QString m_fingerprint;
    QString m_keyType;
};
