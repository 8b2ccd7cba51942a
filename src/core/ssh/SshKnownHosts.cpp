#include "SshKnownHosts.h"

#include "SshSession.h"

#include <QRegularExpression>

Result<SshKnownHosts::Accepted> SshKnownHosts::accept(
    const SshSettings &settings, int timeoutSeconds, const QString &expectedFingerprint)
{
    Result<std::unique_ptr<SshSession>> session = SshSession::connect(settings, timeoutSeconds);
    if (!session)
        return session.error();
    SshSession &s = **session;
    Accepted accepted;
    accepted.keyType = s.keyType();
    accepted.fingerprint = s.fingerprint();
    accepted.file = settings.knownHostsPath();
    if (!expectedFingerprint.isEmpty() && expectedFingerprint != s.fingerprint())
        return StrataError::make(StrataError::Kind::Connection,
            QStringLiteral("the host key of %1 is now %2, not %3 as shown before; nothing was accepted")
                .arg(settings.endpoint(), s.fingerprint(), expectedFingerprint));
    Result<SshSession::HostKey> state = s.hostKeyState();
    if (!state)
        return state.error();
    if (*state == SshSession::HostKey::Known) {
        accepted.alreadyKnown = true;
        return accepted;
    }
    if (Status recorded = s.recordHostKey(); !recorded)
        return recorded.error();
    return accepted;
}

std::optional<SshKnownHosts::UnknownKey> SshKnownHosts::unknownKeyIn(const StrataError &error)
{
    // SshSession::verifyHostKey's words: "the host key of HOST:PORT is not
    // known (TYPE SHA256:...); accept it to go on".
    static const QRegularExpression pattern(
        QStringLiteral("the host key of \\S+ is not known \\((\\S+) (SHA256:[A-Za-z0-9+/=]+)\\); accept it"));
    const QRegularExpressionMatch match = pattern.match(error.message);
    if (!match.hasMatch() || error.kind != StrataError::Kind::Connection)
        return std::nullopt;
    return UnknownKey { match.captured(1), match.captured(2) };
}
