#include "TestNode.h"

#include <QByteArray>
#include <QProcess>

#include <mutex>
#include <optional>

namespace {

std::optional<QString> setUp()
{
    QProcess p;
    p.setProgram(QStringLiteral("bash"));
    p.setArguments({ QStringLiteral(STRATA_SOURCE_DIR "/scripts/node-setup.sh"), TestNode::directory() });
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start();
    // A first run fetches about 50 MB; later runs only compare a stamp.
    if (!p.waitForStarted(30000) || !p.waitForFinished(600000)) {
        p.kill();
        p.waitForFinished();
        return QStringLiteral("scripts/node-setup.sh did not finish: %1\n%2")
            .arg(p.errorString(), QString::fromUtf8(p.readAll()));
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QStringLiteral("scripts/node-setup.sh failed (exit %1):\n%2")
            .arg(p.exitCode())
            .arg(QString::fromUtf8(p.readAll()));
    const QByteArray path = qgetenv("PATH");
    qputenv(
        "PATH", TestNode::directory().toLocal8Bit() + "/bin" + (path.isEmpty() ? QByteArray() : ":" + path));
    return std::nullopt;
}

} // namespace

bool TestNode::provide(QString *why)
{
    static std::once_flag once;
    static std::optional<QString> problem;
    std::call_once(once, [] { problem = setUp(); });
    if (problem && why)
        *why = *problem;
    return !problem;
}

QString TestNode::directory()
{
    return QStringLiteral(STRATA_NODE_DIR);
}
