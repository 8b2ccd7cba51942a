#include "SshTunnel.h"

#include "SshSession.h"
#include "common/Logging.h"

#include <cerrno>
#include <cstring>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libssh/libssh.h>

namespace {

QString systemError()
{
    return QString::fromLocal8Bit(::strerror(errno));
}

// One accepted local connection and the channel that carries it.
struct Forward
{
    int fd = -1;
    ssh_channel channel = nullptr;
    bool clientEof = false; // the local client sent everything (its half is shut)
    bool channelEof = false; // the server sent everything

    void close()
    {
        if (channel) {
            if (ssh_channel_is_open(channel))
                ssh_channel_close(channel);
            ssh_channel_free(channel);
            channel = nullptr;
        }
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
};

bool sendAll(int fd, const char *data, int size)
{
    while (size > 0) {
        const ssize_t sent = ::send(fd, data, size_t(size), MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent <= 0)
            return false;
        data += sent;
        size -= int(sent);
    }
    return true;
}

} // namespace

Result<std::unique_ptr<SshTunnel>> SshTunnel::open(
    const SshSettings &settings, const QString &targetHost, int targetPort, int timeoutSeconds)
{
    Result<std::unique_ptr<SshSession>> session = SshSession::connect(settings, timeoutSeconds);
    if (!session)
        return session.error();
    if (Status s = (*session)->verifyHostKey(); !s)
        return s.error();
    if (Status s = (*session)->authenticate(); !s)
        return s.error();

    std::unique_ptr<SshTunnel> tunnel(new SshTunnel);
    tunnel->m_settings = settings;
    tunnel->m_targetHost = targetHost;
    tunnel->m_targetPort = targetPort;
    tunnel->m_session = std::move(session).value();

    tunnel->m_listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0; // a free port, chosen by the kernel
    socklen_t length = sizeof address;
    if (tunnel->m_listenFd < 0
        || ::bind(tunnel->m_listenFd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || ::listen(tunnel->m_listenFd, 16) != 0
        || ::getsockname(tunnel->m_listenFd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return StrataError::make(StrataError::Kind::Io,
            QStringLiteral("cannot listen on 127.0.0.1 for the SSH tunnel: %1").arg(systemError()));
    tunnel->m_localPort = ntohs(address.sin_port);
    tunnel->m_wakeFd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (tunnel->m_wakeFd < 0)
        return StrataError::make(StrataError::Kind::Io,
            QStringLiteral("cannot make an eventfd for the SSH tunnel: %1").arg(systemError()));
    tunnel->m_alive = true;
    tunnel->m_thread = std::thread([t = tunnel.get()] { t->pump(); });
    qCDebug(lcSsh) << "tunnel 127.0.0.1:" << tunnel->m_localPort << "through" << settings.endpoint() << "to"
                   << targetHost << targetPort;
    return tunnel;
}

SshTunnel::~SshTunnel()
{
    close();
    if (m_listenFd >= 0)
        ::close(m_listenFd);
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
}

void SshTunnel::close()
{
    m_stopping = true;
    if (m_wakeFd >= 0) {
        const uint64_t one = 1;
        [[maybe_unused]] const ssize_t written = ::write(m_wakeFd, &one, sizeof one);
    }
    if (m_thread.joinable())
        m_thread.join();
    m_alive = false;
}

QString SshTunnel::error() const
{
    std::lock_guard lock(m_errorMutex);
    return m_error;
}

QString SshTunnel::describe() const
{
    return QStringLiteral("SSH bastion ") + m_settings.describe();
}

void SshTunnel::fail(const QString &why)
{
    {
        std::lock_guard lock(m_errorMutex);
        if (m_error.isEmpty())
            m_error = why;
    }
    qCWarning(lcSsh).noquote() << "the SSH tunnel through" << m_settings.endpoint() << "ended:" << why;
}

void SshTunnel::pump()
{
    ssh_session session = m_session->handle();
    ssh_event event = ssh_event_new();
    if (!event || ssh_event_add_session(event, session) != SSH_OK) {
        fail(QStringLiteral("libssh could not watch the session"));
        if (event)
            ssh_event_free(event);
        m_alive = false;
        return;
    }
    const QByteArray targetHost = m_targetHost.toUtf8();
    std::vector<Forward> forwards;
    std::vector<pollfd> fds;
    char buffer[32 * 1024];

    auto sessionDead = [&] {
        return !ssh_is_connected(session) || (ssh_get_status(session) & (SSH_CLOSED | SSH_CLOSED_ERROR)) != 0;
    };

    while (!m_stopping.load()) {
        fds.clear();
        fds.push_back({ m_wakeFd, POLLIN, 0 });
        fds.push_back({ m_listenFd, POLLIN, 0 });
        fds.push_back({ ssh_get_fd(session), POLLIN, 0 });
        for (const Forward &f : forwards)
            fds.push_back({ f.fd, short(f.clientEof ? 0 : POLLIN), 0 });
        // A short timeout: libssh may hold decrypted data the socket no longer signals.
        const int ready = ::poll(fds.data(), fds.size(), 200);
        if (ready < 0 && errno != EINTR) {
            fail(QStringLiteral("poll failed: %1").arg(systemError()));
            break;
        }
        if (m_stopping.load())
            break;

        // The bastion's side first: packets become channel data (or the session's end).
        if (fds[2].revents & (POLLHUP | POLLERR)) {
            fail(QStringLiteral("the connection to the bastion was lost"));
            break;
        }
        if ((fds[2].revents & POLLIN) && ssh_event_dopoll(event, 0) == SSH_ERROR && sessionDead()) {
            fail(QStringLiteral("the connection to the bastion was lost: %1").arg(m_session->lastError()));
            break;
        }
        if (sessionDead()) {
            fail(QStringLiteral("the bastion closed the connection: %1").arg(m_session->lastError()));
            break;
        }

        // Local clients to the channels.
        for (size_t i = 0; i < forwards.size(); ++i) {
            Forward &f = forwards[i];
            if (!(fds[3 + i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            const ssize_t received = ::recv(f.fd, buffer, sizeof buffer, 0);
            if (received > 0) {
                if (ssh_channel_write(f.channel, buffer, uint32_t(received)) != received)
                    f.close();
            } else if (received == 0) {
                f.clientEof = true;
                ssh_channel_send_eof(f.channel);
            } else if (errno != EINTR && errno != EAGAIN) {
                f.close();
            }
        }

        // Channels to the local clients.
        for (Forward &f : forwards) {
            if (f.fd < 0 || f.channelEof)
                continue;
            int read = 0;
            while ((read = ssh_channel_read_nonblocking(f.channel, buffer, sizeof buffer, 0)) > 0) {
                if (!sendAll(f.fd, buffer, read)) {
                    f.close();
                    break;
                }
            }
            if (f.fd < 0)
                continue;
            if (read == SSH_ERROR) {
                f.close();
            } else if (read == SSH_EOF || ssh_channel_is_eof(f.channel) || ssh_channel_is_closed(f.channel)) {
                f.channelEof = true;
                ::shutdown(f.fd, SHUT_WR);
            }
            if (f.fd >= 0 && f.clientEof && f.channelEof)
                f.close();
        }
        if (sessionDead()) {
            fail(QStringLiteral("the bastion closed the connection: %1").arg(m_session->lastError()));
            break;
        }
        std::erase_if(forwards, [](const Forward &f) { return f.fd < 0; });

        // A new local connection gets its own channel to the target.
        if (fds[1].revents & POLLIN) {
            sockaddr_in peer {};
            socklen_t length = sizeof peer;
            const int client
                = ::accept4(m_listenFd, reinterpret_cast<sockaddr *>(&peer), &length, SOCK_CLOEXEC);
            if (client >= 0) {
                Forward f;
                f.fd = client;
                f.channel = ssh_channel_new(session);
                if (!f.channel
                    || ssh_channel_open_forward(
                           f.channel, targetHost.constData(), m_targetPort, "127.0.0.1", ntohs(peer.sin_port))
                        != SSH_OK) {
                    qCWarning(lcSsh).noquote()
                        << "the bastion" << m_settings.endpoint() << "could not open"
                        << m_targetHost + QLatin1Char(':') + QString::number(m_targetPort) << ":"
                        << m_session->lastError();
                    f.close();
                    if (sessionDead()) {
                        fail(QStringLiteral("the connection to the bastion was lost: %1")
                                 .arg(m_session->lastError()));
                        break;
                    }
                } else {
                    forwards.push_back(f);
                }
            }
        }
    }

    // Whatever ended the loop, no local client may wait on a tunnel that is
    // gone: open connections end now, and new ones are refused instead of
    // waiting in the listening socket's backlog.
    for (Forward &f : forwards)
        f.close();
    ::close(m_listenFd);
    m_listenFd = -1;
    ssh_event_remove_session(event, session);
    ssh_event_free(event);
    m_alive = false;
    qCDebug(lcSsh) << "tunnel on port" << m_localPort << "closed";
}
