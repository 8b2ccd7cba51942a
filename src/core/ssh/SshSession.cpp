#include "SshSession.h"

#include "common/Logging.h"

#include <QDir>
#include <QFileInfo>

#include <libssh/libssh.h>

namespace {

// libssh's message, or a fallback when it has none.
QString sshError(ssh_session session)
{
    const QString message = QString::fromUtf8(ssh_get_error(session));
    return message.isEmpty() ? QStringLiteral("unknown SSH error") : message;
}

} // namespace

Result<std::unique_ptr<SshSession>> SshSession::connect(const SshSettings &settings, int timeoutSeconds)
{
    if (settings.host.isEmpty())
        return StrataError::make(StrataError::Kind::Usage, QStringLiteral("no SSH bastion host given"));
    if (settings.port <= 0 || settings.port > 65535)
        return StrataError::make(StrataError::Kind::Usage,
            QStringLiteral("the SSH port of %1 is not a port number: %2")
                .arg(settings.host)
                .arg(settings.port));
    std::unique_ptr<SshSession> self(new SshSession);
    self->m_settings = settings;
    self->m_session = ssh_new();
    if (!self->m_session)
        return StrataError::make(
            StrataError::Kind::Environment, QStringLiteral("libssh could not make a session"));
    ssh_session s = self->m_session;
    const QByteArray host = settings.host.toUtf8();
    const QByteArray user = settings.user.toUtf8();
    const QByteArray knownHosts = QFile::encodeName(settings.knownHostsPath());
    const unsigned int port = unsigned(settings.port);
    const long timeout = timeoutSeconds > 0 ? timeoutSeconds : 10;
    // The profile says everything: no ~/.ssh/config may redirect the host or
    // add identities behind the user's back.
    const bool processConfig = false;
    bool ok = ssh_options_set(s, SSH_OPTIONS_HOST, host.constData()) == SSH_OK
        && ssh_options_set(s, SSH_OPTIONS_PORT, &port) == SSH_OK
        && ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, knownHosts.constData()) == SSH_OK
        && ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &timeout) == SSH_OK
        && ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &processConfig) == SSH_OK;
    if (ok && !user.isEmpty())
        ok = ssh_options_set(s, SSH_OPTIONS_USER, user.constData()) == SSH_OK;
    if (!ok)
        return self->error(QStringLiteral("invalid SSH settings for %1").arg(settings.endpoint()));
    if (ssh_connect(s) != SSH_OK)
        return self->error(QStringLiteral("cannot reach the SSH bastion %1").arg(settings.endpoint()));

    ssh_key key = nullptr;
    if (ssh_get_server_publickey(s, &key) != SSH_OK || !key)
        return self->error(QStringLiteral("the SSH bastion %1 sent no host key").arg(settings.endpoint()));
    unsigned char *hash = nullptr;
    size_t hashLength = 0;
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hashLength) == 0) {
        char *text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hashLength);
        self->m_fingerprint = QString::fromLatin1(text);
        ssh_string_free_char(text);
        ssh_clean_pubkey_hash(&hash);
    }
    self->m_keyType = QString::fromLatin1(ssh_key_type_to_char(ssh_key_type(key)));
    ssh_key_free(key);
    qCDebug(lcSsh) << "connected to" << settings.endpoint() << "host key" << self->m_keyType
                   << self->m_fingerprint;
    return self;
}

SshSession::~SshSession()
{
    if (m_session) {
        ssh_disconnect(m_session);
        ssh_free(m_session);
    }
}

QString SshSession::lastError() const
{
    return sshError(m_session);
}

StrataError SshSession::error(const QString &message) const
{
    return StrataError::make(StrataError::Kind::Connection, message + QStringLiteral(": ") + lastError());
}

Result<SshSession::HostKey> SshSession::hostKeyState()
{
    switch (ssh_session_is_known_server(m_session)) {
    case SSH_KNOWN_HOSTS_OK:
        return HostKey::Known;
    case SSH_KNOWN_HOSTS_CHANGED:
        return HostKey::Changed;
    case SSH_KNOWN_HOSTS_OTHER:
        return HostKey::OtherType;
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND:
        return HostKey::Unknown;
    case SSH_KNOWN_HOSTS_ERROR:
        break;
    }
    return error(QStringLiteral("cannot check the host key of %1 against %2")
                     .arg(m_settings.endpoint(), m_settings.knownHostsPath()));
}

Status SshSession::verifyHostKey()
{
    Result<HostKey> state = hostKeyState();
    if (!state)
        return state.error();
    const QString key = m_keyType + QLatin1Char(' ') + m_fingerprint;
    const QString file = m_settings.knownHostsPath();
    StrataError e;
    e.kind = StrataError::Kind::Connection;
    switch (*state) {
    case HostKey::Known:
        return Ok {};
    case HostKey::Unknown:
        e.message = QStringLiteral("the host key of %1 is not known (%2); accept it to go on")
                        .arg(m_settings.endpoint(), key);
        e.hint = QStringLiteral("compare the fingerprint with the one the bastion's administrator gives "
                                "(ssh-keygen -lf on its host key); accepting adds it to %1")
                     .arg(file);
        return e;
    case HostKey::Changed:
    case HostKey::OtherType:
        e.message = QStringLiteral("the host key of %1 has CHANGED: it is now %2, not the one %3 holds; "
                                   "someone may be intercepting the connection, so it is refused")
                        .arg(m_settings.endpoint(), key, file);
        e.hint = QStringLiteral("if the bastion's key was replaced on purpose, remove its old line "
                                "(ssh-keygen -R '[%1]:%2' -f %3) and accept the new key")
                     .arg(m_settings.host)
                     .arg(m_settings.port)
                     .arg(file);
        return e;
    }
    return Ok {};
}

Status SshSession::recordHostKey()
{
    Result<HostKey> state = hostKeyState();
    if (!state)
        return state.error();
    if (*state == HostKey::Known)
        return Ok {};
    if (*state != HostKey::Unknown)
        return verifyHostKey(); // a changed key is refused, never overwritten
    const QString file = m_settings.knownHostsPath();
    QDir().mkpath(QFileInfo(file).absolutePath());
    if (ssh_session_update_known_hosts(m_session) != SSH_OK)
        return StrataError::make(StrataError::Kind::Io,
            QStringLiteral("cannot add the host key of %1 to %2: %3")
                .arg(m_settings.endpoint(), file, lastError()),
            file);
    qCInfo(lcSsh) << "accepted the host key of" << m_settings.endpoint() << m_fingerprint << "into" << file;
    return Ok {};
}

Status SshSession::authenticate()
{
    const QString who = (m_settings.user.isEmpty() ? QString() : m_settings.user + QLatin1Char('@'))
        + m_settings.endpoint();
    const QByteArray secret = m_settings.secret.toUtf8();
    if (!m_settings.keyFile.isEmpty()) {
        const QByteArray path = QFile::encodeName(m_settings.keyFile);
        ssh_key key = nullptr;
        const int imported = ssh_pki_import_privkey_file(
            path.constData(), secret.isEmpty() ? nullptr : secret.constData(), nullptr, nullptr, &key);
        if (imported == SSH_EOF)
            return StrataError::make(StrataError::Kind::Io,
                QStringLiteral("cannot read the SSH key %1").arg(m_settings.keyFile), m_settings.keyFile);
        if (imported != SSH_OK)
            return StrataError::make(StrataError::Kind::Connection,
                secret.isEmpty()
                    ? QStringLiteral("cannot use the SSH key %1: it is not a private key, or it needs a "
                                     "passphrase and none was given")
                          .arg(m_settings.keyFile)
                    : QStringLiteral("cannot unlock the SSH key %1: wrong passphrase, or not a private key")
                          .arg(m_settings.keyFile),
                m_settings.keyFile);
        const int rc = ssh_userauth_publickey(m_session, nullptr, key);
        ssh_key_free(key);
        if (rc == SSH_AUTH_SUCCESS)
            return Ok {};
        if (rc == SSH_AUTH_ERROR)
            return error(QStringLiteral("cannot log in to the SSH bastion %1").arg(who));
        return StrataError::make(StrataError::Kind::Connection,
            QStringLiteral("the SSH bastion %1 refused the key %2").arg(who, m_settings.keyFile));
    }
    bool tried = false;
    if (qEnvironmentVariableIsSet("SSH_AUTH_SOCK")) {
        tried = true;
        const int rc = ssh_userauth_agent(m_session, nullptr);
        if (rc == SSH_AUTH_SUCCESS)
            return Ok {};
        if (rc == SSH_AUTH_ERROR)
            return error(QStringLiteral("cannot log in to the SSH bastion %1 with the SSH agent").arg(who));
    }
    if (!secret.isEmpty()) {
        const int rc = ssh_userauth_password(m_session, nullptr, secret.constData());
        if (rc == SSH_AUTH_SUCCESS)
            return Ok {};
        if (rc == SSH_AUTH_ERROR)
            return error(QStringLiteral("cannot log in to the SSH bastion %1").arg(who));
        return StrataError::make(StrataError::Kind::Connection,
            QStringLiteral("the SSH bastion %1 refused the password").arg(who));
    }
    return StrataError::make(StrataError::Kind::Connection,
        tried ? QStringLiteral("the SSH bastion %1 refused the SSH agent's keys, and no SSH password or key "
                               "file was given")
                    .arg(who)
              : QStringLiteral("no way to log in to the SSH bastion %1: give a key file, run an SSH agent, "
                               "or give the SSH password")
                    .arg(who));
}
