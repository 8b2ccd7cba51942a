#pragma once

#include "SshSettings.h"
#include "common/StrataError.h"

#include <QString>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

class SshSession;

// A local port forwarded through a bastion, as `ssh -L` does: it listens on
// 127.0.0.1 on a free port, and each connection accepted there is carried
// through its own direct-tcpip channel to the target host and port as the
// bastion sees them. libpq (and pg_dump) connect to localPort(); TLS between
// them and the server still goes end to end through the tunnel.
//
// One thread per tunnel owns the libssh session (which is not thread-safe) and
// pumps data in a poll loop over the listening socket, the accepted sockets and
// the session. When the session dies (the bastion goes away, the network
// drops) every local socket is closed at once, so a client sees its
// connection end with an error instead of hanging, and the tunnel is no longer
// alive(); error() says why.
//
// Like `ssh -L`, the local port is open to other local users for as long as
// the tunnel runs; the database still asks them to log in.
class SshTunnel
{
public:
    // Connects, verifies the host key (an unknown or changed one is refused),
    // logs in and starts forwarding.
    static Result<std::unique_ptr<SshTunnel>> open(
        const SshSettings &settings, const QString &targetHost, int targetPort, int timeoutSeconds);
    ~SshTunnel();

    SshTunnel(const SshTunnel &) = delete;
    SshTunnel &operator=(const SshTunnel &) = delete;

    int localPort() const { return m_localPort; }
    bool isAlive() const { return m_alive.load(); }
    // Why the tunnel ended; empty while it is alive and after close().
    QString error() const;
    // Stops forwarding and closes every local connection. Safe to call twice.
    void close();
    // "SSH bastion user@host:port", for messages.
    QString describe() const;
    const SshSettings &settings() const { return m_settings; }

private:
    SshTunnel() = default;
    void pump();
    void fail(const QString &why);

    SshSettings m_settings;
    QString m_targetHost;
    int m_targetPort = 0;
    std::unique_ptr<SshSession> m_session;
    int m_listenFd = -1;
    int m_wakeFd = -1; // an eventfd that close() writes to end the poll loop
    int m_localPort = 0;
    std::atomic_bool m_alive { false };
    std::atomic_bool m_stopping { false };
    mutable std::mutex m_errorMutex;
    QString m_error;
    std::thread m_thread;
};
