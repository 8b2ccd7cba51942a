#include "SandboxHost.h"

#include "backup/PgToolLocator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QVersionNumber>

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

StrataError ioError(const QString &message, const QString &path)
{
    return StrataError::make(StrataError::Kind::Io, message, path);
}

} // namespace

bool SandboxHost::runningAsRoot()
{
    return ::geteuid() == 0;
}

std::optional<SandboxHost::ServerUser> SandboxHost::postgresUser()
{
    const passwd *pw = ::getpwnam("postgres");
    if (!pw)
        return std::nullopt;
    return ServerUser { pw->pw_uid, pw->pw_gid };
}

// The same command, run as the postgres user when we are root.
void SandboxHost::setServerCommand(QProcess &process, const QString &program, const QStringList &arguments)
{
    if (runningAsRoot()) {
        process.setProgram(QStringLiteral("runuser"));
        process.setArguments(
            QStringList { QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), program }
            + arguments);
    } else {
        process.setProgram(program);
        process.setArguments(arguments);
    }
}

// The user's PGHOST, PGSSLMODE, PGSERVICE and friends describe their own servers;
// letting them leak into the sandbox's tools would point those tools elsewhere.
QProcessEnvironment SandboxHost::cleanEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList keys = env.keys();
    for (const QString &key : keys) {
        if (key.startsWith(QLatin1String("PG")))
            env.remove(key);
    }
    // A connection URL with its password is no business of the server's.
    env.remove(QStringLiteral("STRATA_DATABASE_URL"));
    return env;
}

// Server side: a fixed locale so the log is English (we look for bind failures in
// it) and a locale missing on this machine cannot stop the server.
QProcessEnvironment SandboxHost::serverEnvironment()
{
    QProcessEnvironment env = cleanEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    return env;
}

bool SandboxHost::processAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM)
        return false;
    // A detached process is reaped by whatever PID 1 is; one that does not reap
    // leaves zombies, which kill(0) still reports as present.
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close < 0 || close + 2 >= text.size() || (text.at(close + 2) != 'Z' && text.at(close + 2) != 'X');
}

qint64 SandboxHost::parentPid(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    if (close < 0)
        return 0;
    // After the command name: state, then the parent's pid.
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() : 0;
}

std::optional<SandboxHost::PidFile> SandboxHost::readPidFile(const QString &dataDirectory)
{
    QFile file(dataDirectory + QLatin1String("/postmaster.pid"));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QStringList lines = QString::fromLocal8Bit(file.readAll()).split(QLatin1Char('\n'));
    PidFile pf;
    pf.pid = lines.value(0).trimmed().toLongLong();
    pf.port = lines.value(3).trimmed().toInt();
    pf.status = lines.value(7).trimmed();
    if (pf.pid <= 0)
        return std::nullopt; // the server is still writing it
    return pf;
}

// The server version the cluster was made with; 0 when unknown.
int SandboxHost::majorVersion(const QString &dataDirectory)
{
    QFile file(dataDirectory + QLatin1String("/PG_VERSION"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return QVersionNumber::fromString(QString::fromLatin1(file.readAll().trimmed())).majorVersion();
}

bool SandboxHost::tcpPortFree(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool free = ::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof(address)) == 0;
    ::close(fd);
    return free;
}

// A probe only: another process may take the port before the server binds it,
// which the caller notices in the log and answers with another port.
int SandboxHost::pickFreePort()
{
    for (int i = 0; i < 100; ++i) {
        const int port = QRandomGenerator::global()->bounded(20000, 60001);
        if (tcpPortFree(port))
            return port;
    }
    return 0;
}

Status SandboxHost::handToServerUser(const QString &path)
{
    if (!runningAsRoot())
        return Ok {};
    const std::optional<ServerUser> user = postgresUser();
    if (!user)
        return StrataError::make(StrataError::Kind::Environment,
            QStringLiteral("running as root, the sandbox needs a 'postgres' system user to run "
                           "the server as (install the postgresql package)"));
    if (::chown(QFile::encodeName(path).constData(), user->uid, user->gid) != 0)
        return ioError(QStringLiteral("could not hand %1 to the postgres user: %2")
                           .arg(path, QString::fromLocal8Bit(std::strerror(errno))),
            path);
    return Ok {};
}

// As root the server runs as postgres, which must be able to walk down to its
// folder: a 0700 parent such as /root or a QTemporaryDir stops it.
QString SandboxHost::folderClosedToServerUser(const QString &path)
{
    const std::optional<ServerUser> user = postgresUser();
    if (!user)
        return {};
    QDir dir(path);
    while (dir.cdUp()) {
        struct stat st = {};
        if (::stat(QFile::encodeName(dir.absolutePath()).constData(), &st) != 0)
            return dir.absolutePath();
        const bool canSearch = (st.st_mode & S_IXOTH) || (st.st_uid == user->uid && (st.st_mode & S_IXUSR))
            || (st.st_gid == user->gid && (st.st_mode & S_IXGRP));
        if (!canSearch)
            return dir.absolutePath();
        if (dir.isRoot())
            break;
    }
    return {};
}

Status SandboxHost::makePrivateFolder(const QString &path)
{
    if (!QDir().mkpath(path))
        return ioError(QStringLiteral("could not create the sandbox folder %1").arg(path), path);
    if (::chmod(QFile::encodeName(path).constData(), 0700) != 0)
        return ioError(QStringLiteral("could not restrict the permissions of %1").arg(path), path);
    return handToServerUser(path);
}

// Field 22 of /proc/PID/stat (clock ticks after boot): with the pid, it names one
// process for good. Empty when the process is gone.
QByteArray SandboxHost::processStartTime(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return {};
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    if (close < 0)
        return {};
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    return fields.size() > 19 ? fields.at(19) : QByteArray();
}

// Whether `pid` is a postmaster of `dataDirectory`: postgres changes into its
// data directory at start, so its working folder says which cluster it serves
// (postmaster.pid could name any process).
bool SandboxHost::isPostmasterOf(qint64 pid, const QString &dataDirectory)
{
    const QString cwd = QFileInfo(QStringLiteral("/proc/%1/cwd").arg(pid)).symLinkTarget();
    return !cwd.isEmpty() && cwd == QFileInfo(dataDirectory).canonicalFilePath();
}

// Trust on the private socket only, as an initdb --auth=trust cluster is
// otherwise reachable over 127.0.0.1 and ::1 by every local user the moment
// anyone turns listen_addresses on.
Status SandboxHost::restrictHbaToSocket(const QString &dataDirectory)
{
    const QString path = dataDirectory + QLatin1String("/pg_hba.conf");
    QFile hba(path);
    if (!hba.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return ioError(QStringLiteral("could not write %1: %2").arg(path, hba.errorString()), path);
    hba.write("# Strata sandbox: trust on its private socket folder (mode 0700), nothing over TCP.\n"
              "local all all trust\n"
              "local replication all trust\n");
    hba.close();
    return handToServerUser(path);
}

QString SandboxHost::postgresBinDir()
{
    const QString fromEnv = qEnvironmentVariable("STRATA_PG_BINDIR");
    if (!fromEnv.isEmpty())
        return fromEnv;

    // Debian and Ubuntu install each major version side by side.
    if (const QString debian = PgToolLocator::newestDebianBinDir(QStringLiteral("postgres"));
        !debian.isEmpty())
        return debian;

    // Fedora, Arch and Homebrew put the server on PATH.
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("postgres"));
    if (!onPath.isEmpty())
        return QFileInfo(onPath).canonicalFilePath().section(QLatin1Char('/'), 0, -2);
    return {};
}

QString SandboxHost::persistentSandboxDirectory()
{
    // An explicit folder wins: tests use their own, and so can a user who
    // wants two sandboxes side by side.
    const QString chosen = qEnvironmentVariable("STRATA_SANDBOX_DIR");
    if (!chosen.isEmpty())
        return chosen;
    if (!runningAsRoot()) {
        const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
        if (!runtime.isEmpty() && QFileInfo(runtime).isDir())
            return runtime + QLatin1String("/strata-sandbox");
    }
    return QStringLiteral("/tmp/strata-sandbox-%1").arg(::geteuid());
}
