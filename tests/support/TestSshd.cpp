#include "TestSshd.h"

#include "sandbox/SandboxHost.h"
#include "support/ChildProcess.h"

#include <QDir>
#include <QFile>
#include <QThread>

#include <csignal>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

StrataError environmentError(const QString &message)
{
    return StrataError::make(StrataError::Kind::Environment, message);
}

Status keygen(const QStringList &arguments)
{
    const ProcessResult r = runProcess(QStringLiteral("ssh-keygen"), arguments, QDir::tempPath(),
        QProcessEnvironment::systemEnvironment(), 30000);
    if (r.exitCode != 0)
        return environmentError(
            QStringLiteral("ssh-keygen %1 failed:\n%2")
                .arg(arguments.join(QLatin1Char(' ')), QString::fromStdString(r.describe())));
    return Ok {};
}

bool accepts(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(quint16(port));
    const bool connected
        = fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
    if (fd >= 0)
        ::close(fd);
    return connected;
}

QString userName()
{
    const passwd *account = ::getpwuid(::geteuid());
    return account ? QString::fromLocal8Bit(account->pw_name) : qEnvironmentVariable("USER");
}

// Every process below `root` (sshd forks one per session, and that one its privsep child).
QList<qint64> descendants(qint64 root)
{
    QHash<qint64, QList<qint64>> children;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        // "pid (comm) state ppid ...": comm may hold spaces, so read after the last ')'.
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1)
            children[fields.at(1).toLongLong()].append(pid);
    }
    QList<qint64> found;
    QList<qint64> queue { root };
    while (!queue.isEmpty()) {
        const qint64 pid = queue.takeFirst();
        for (qint64 child : children.value(pid)) {
            found.append(child);
            queue.append(child);
        }
    }
    return found;
}

} // namespace

QString TestSshd::program()
{
    const QString configured = qEnvironmentVariable("STRATA_SSHD");
    if (!configured.isEmpty())
        return configured;
    return QFile::exists(QStringLiteral("/usr/sbin/sshd")) ? QStringLiteral("/usr/sbin/sshd") : QString();
}

Result<std::unique_ptr<TestSshd>> TestSshd::start()
{
    if (program().isEmpty())
        return environmentError(
            QStringLiteral("no /usr/sbin/sshd: install openssh-server (scripts/install-deps.sh)"));
    std::unique_ptr<TestSshd> sshd(new TestSshd);
    sshd->m_folder
        = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/strata-sshd-XXXXXX"));
    if (!sshd->m_folder->isValid())
        return environmentError(QStringLiteral("cannot make a temporary folder for sshd"));
    const QDir dir(sshd->m_folder->path());
    // As root, sshd insists on its privilege separation folder.
    if (::geteuid() == 0 && !QDir().mkpath(QStringLiteral("/run/sshd")))
        return environmentError(QStringLiteral("cannot create /run/sshd for sshd"));
    if (Status s = sshd->makeHostKey(); !s)
        return s.error();
    for (const QString &name : { QStringLiteral("client"), QStringLiteral("stranger") })
        if (Status s = keygen({ QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                QStringLiteral("-N"), QString(), QStringLiteral("-f"), dir.filePath(name) });
            !s)
            return s.error();
    if (Status s = keygen(
            { QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"),
                passphrase(), QStringLiteral("-f"), dir.filePath(QStringLiteral("protected")) });
        !s)
        return s.error();
    QFile authorized(dir.filePath(QStringLiteral("authorized_keys")));
    if (!authorized.open(QIODevice::WriteOnly))
        return environmentError(QStringLiteral("cannot write %1").arg(authorized.fileName()));
    for (const QString &name : { QStringLiteral("client.pub"), QStringLiteral("protected.pub") }) {
        QFile key(dir.filePath(name));
        if (!key.open(QIODevice::ReadOnly))
            return environmentError(QStringLiteral("cannot read %1").arg(key.fileName()));
        authorized.write(key.readAll());
    }
    authorized.close();
    for (int attempt = 0; attempt < 5; ++attempt) {
        sshd->m_port = SandboxHost::pickFreePort();
        if (Status s = sshd->launch(); s)
            return sshd;
        else if (!s.error().message.contains(QLatin1String("Address already in use")) || attempt == 4)
            return s.error();
    }
    return environmentError(QStringLiteral("sshd found no free port"));
}

TestSshd::~TestSshd()
{
    killAll();
}

Status TestSshd::makeHostKey()
{
    const QDir dir(m_folder->path());
    QFile::remove(dir.filePath(QStringLiteral("host_ed25519")));
    QFile::remove(dir.filePath(QStringLiteral("host_ed25519.pub")));
    if (Status s = keygen(
            { QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"),
                QString(), QStringLiteral("-f"), dir.filePath(QStringLiteral("host_ed25519")) });
        !s)
        return s;
    const ProcessResult listed = runProcess(QStringLiteral("ssh-keygen"),
        { QStringLiteral("-l"), QStringLiteral("-f"), dir.filePath(QStringLiteral("host_ed25519.pub")) },
        dir.path(), QProcessEnvironment::systemEnvironment(), 30000);
    // "256 SHA256:... comment (ED25519)"
    m_fingerprint = listed.out.section(QLatin1Char(' '), 1, 1);
    if (!m_fingerprint.startsWith(QLatin1String("SHA256:")))
        return environmentError(QStringLiteral("cannot read the host key's fingerprint:\n%1")
                                    .arg(QString::fromStdString(listed.describe())));
    return Ok {};
}

Status TestSshd::launch()
{
    const QDir dir(m_folder->path());
    const QString config = dir.filePath(QStringLiteral("sshd_config"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return environmentError(QStringLiteral("cannot write %1").arg(config));
    const QString text
        = QStringLiteral("Port %1\n"
                         "ListenAddress 127.0.0.1\n"
                         "HostKey %2\n"
                         "PidFile %3\n"
                         "AuthorizedKeysFile %4\n"
                         "StrictModes no\n"
                         "UsePAM no\n"
                         "PermitRootLogin yes\n"
                         "PubkeyAuthentication yes\n"
                         "PasswordAuthentication no\n"
                         "KbdInteractiveAuthentication no\n"
                         "AllowTcpForwarding yes\n"
                         "AllowAgentForwarding no\n"
                         "X11Forwarding no\n"
                         "PrintMotd no\n"
                         "LogLevel DEBUG1\n")
              .arg(m_port)
              .arg(dir.filePath(QStringLiteral("host_ed25519")), dir.filePath(QStringLiteral("sshd.pid")),
                  dir.filePath(QStringLiteral("authorized_keys")));
    file.write(text.toUtf8());
    file.close();
    // Keys and config must not be writable by others, or sshd refuses them.
    ::chmod(QFile::encodeName(dir.filePath(QStringLiteral("host_ed25519"))).constData(), 0600);

    m_process = std::make_unique<QProcess>();
    m_process->setProgram(program());
    m_process->setArguments({ QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"), config });
    m_process->setStandardOutputFile(dir.filePath(QStringLiteral("sshd.log")), QIODevice::Append);
    m_process->setStandardErrorFile(dir.filePath(QStringLiteral("sshd.log")), QIODevice::Append);
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    m_process->start();
    if (!m_process->waitForStarted(10000))
        return environmentError(
            QStringLiteral("cannot start %1: %2").arg(program(), m_process->errorString()));
    for (int i = 0; i < 200; ++i) {
        if (m_process->state() == QProcess::NotRunning)
            return environmentError(QStringLiteral("sshd stopped at once:\n%1").arg(log()));
        if (accepts(m_port))
            return Ok {};
        QThread::msleep(50);
    }
    return environmentError(QStringLiteral("sshd does not listen on port %1:\n%2").arg(m_port).arg(log()));
}

Status TestSshd::regenerateHostKey()
{
    killAll();
    if (Status s = makeHostKey(); !s)
        return s;
    return launch();
}

void TestSshd::killAll()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    const qint64 pid = m_process->processId();
    const QList<qint64> sessions = descendants(pid);
    ::kill(pid_t(pid), SIGKILL);
    for (qint64 child : sessions)
        ::kill(pid_t(child), SIGKILL);
    m_process->waitForFinished(10000);
}

QString TestSshd::clientKey() const
{
    return QDir(m_folder->path()).filePath(QStringLiteral("client"));
}

QString TestSshd::protectedClientKey() const
{
    return QDir(m_folder->path()).filePath(QStringLiteral("protected"));
}

QString TestSshd::strangerKey() const
{
    return QDir(m_folder->path()).filePath(QStringLiteral("stranger"));
}

SshSettings TestSshd::settings(const QString &knownHostsFolder) const
{
    SshSettings s;
    s.host = QStringLiteral("127.0.0.1");
    s.port = m_port;
    s.user = userName();
    s.keyFile = clientKey();
    s.knownHostsFile = QDir(knownHostsFolder).filePath(QStringLiteral("known_hosts"));
    return s;
}

QString TestSshd::log() const
{
    QFile file(QDir(m_folder->path()).filePath(QStringLiteral("sshd.log")));
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(file.readAll().right(16000));
}
