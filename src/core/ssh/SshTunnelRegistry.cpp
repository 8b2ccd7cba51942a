#include "SshTunnelRegistry.h"

#include "SshTunnel.h"

#include <QHash>

#include <mutex>

Result<std::shared_ptr<SshTunnel>> SshTunnelRegistry::acquire(
    const SshSettings &settings, const QString &targetHost, int targetPort, int timeoutSeconds)
{
    static std::mutex mutex;
    static QHash<QString, std::weak_ptr<SshTunnel>> tunnels;

    const QString key = settings.identity() + QChar(0) + targetHost + QChar(0) + QString::number(targetPort);
    // Held while a tunnel opens, so two threads asking at once share one.
    std::lock_guard lock(mutex);
    if (std::shared_ptr<SshTunnel> existing = tunnels.value(key).lock(); existing && existing->isAlive())
        return existing;
    Result<std::unique_ptr<SshTunnel>> opened
        = SshTunnel::open(settings, targetHost, targetPort, timeoutSeconds);
    if (!opened)
        return opened.error();
    std::shared_ptr<SshTunnel> tunnel = std::move(opened).value();
    tunnels.insert(key, tunnel);
    // Forget the entries whose tunnels are gone.
    for (auto it = tunnels.begin(); it != tunnels.end();)
        it = it->expired() ? tunnels.erase(it) : std::next(it);
    return tunnel;
}
