#pragma once

#include "SshSettings.h"
#include "common/StrataError.h"

#include <QString>

#include <memory>

class SshTunnel;

// The tunnels of this process, one per bastion settings and target host and
// port, shared by every connection that needs it: a run's connection, its
// lock-wait watcher, the pre-flight and pg_dump all ride one SSH session. A
// tunnel lives as long as someone holds it (reference counting), and a tunnel
// that died is replaced by a new one on the next acquire. Thread-safe.
class SshTunnelRegistry
{
public:
    static Result<std::shared_ptr<SshTunnel>> acquire(
        const SshSettings &settings, const QString &targetHost, int targetPort, int timeoutSeconds);
};
