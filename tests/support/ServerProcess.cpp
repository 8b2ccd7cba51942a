#include "ServerProcess.h"

#include "sandbox/SandboxHost.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

bool runningAsRoot()
{
    return ::geteuid() == 0;
}

} // namespace

namespace ServerProcess {

Status handToServerUser(const QString &path)
{
    if (!runningAsRoot())
        return Ok {};
    const passwd *pw = ::getpwnam("postgres");
    if (!pw)
        return StrataError::make(StrataError::Kind::Environment,
            QStringLiteral("running as root, the test servers need a 'postgres' system user"));
    if (::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid) != 0)
        return StrataError::make(StrataError::Kind::Io,
            QStringLiteral("could not hand %1 to the postgres user: %2")
                .arg(path, QString::fromLocal8Bit(std::strerror(errno))),
            path);
    return Ok {};
}

// Folders of test processes that were killed (no destructor ran): their
// servers got SIGTERM through PR_SET_PDEATHSIG, the folders stayed.
void removeStaleFolders(const QString &prefix)
{
    const QStringList entries
        = QDir(QStringLiteral("/tmp"))
              .entryList({ prefix + QLatin1String("-*") }, QDir::Dirs | QDir::NoSymLinks);
    for (const QString &entry : entries) {
        const QString path = QStringLiteral("/tmp/") + entry;
        if (QFileInfo(path).ownerId() != ::geteuid()
            && !(runningAsRoot() && ::getpwnam("postgres")
                && QFileInfo(path).ownerId() == ::getpwnam("postgres")->pw_uid))
            continue;
        QFile owner(path + QLatin1String("/owner.pid"));
        if (!owner.open(QIODevice::ReadOnly))
            continue;
        const qint64 pid = owner.readAll().trimmed().toLongLong();
        if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
            QDir(path).removeRecursively();
    }
}

Result<std::unique_ptr<QTemporaryDir>> makePrivateFolder(const QString &prefix)
{
    removeStaleFolders(prefix);
    // Under /tmp, not TMPDIR: as root the postgres user must be able to reach it,
    // and Unix socket paths are short.
    auto dir = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/%1-XXXXXX").arg(prefix));
    if (!dir->isValid())
        return StrataError::make(StrataError::Kind::Io,
            QStringLiteral("could not create a temporary folder for %1: %2").arg(prefix, dir->errorString()));
    if (::chmod(QFile::encodeName(dir->path()).constData(), 0700) != 0)
        return StrataError::make(
            StrataError::Kind::Io, QStringLiteral("could not restrict %1").arg(dir->path()), dir->path());
    QFile owner(dir->path() + QLatin1String("/owner.pid"));
    if (!owner.open(QIODevice::WriteOnly))
        return StrataError::make(StrataError::Kind::Io,
            QStringLiteral("could not write %1: %2").arg(owner.fileName(), owner.errorString()));
    owner.write(QByteArray::number(QCoreApplication::applicationPid()));
    owner.close();
    if (Status s = handToServerUser(dir->path()); !s)
        return s.error();
    return dir;
}

void setCommand(QProcess &process, const QString &program, const QStringList &arguments)
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

QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList keys = env.keys();
    for (const QString &key : keys) {
        if (key.startsWith(QLatin1String("PG")))
            env.remove(key);
    }
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    return env;
}

Status start(QProcess &process, const QString &logFile)
{
    process.setStandardInputFile(QProcess::nullDevice());
    process.setStandardOutputFile(logFile, QIODevice::Append);
    process.setStandardErrorFile(logFile, QIODevice::Append);
    // If the test binary crashes or is killed, the server goes too.
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    process.start();
    if (!process.waitForStarted(10000))
        return StrataError::make(StrataError::Kind::Environment,
            QStringLiteral("could not start %1: %2").arg(process.program(), process.errorString()));
    return Ok {};
}

qint64 serverPid(const QProcess &process)
{
    const qint64 pid = process.processId();
    if (pid <= 0 || !runningAsRoot())
        return pid;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool numeric = false;
        const qint64 candidate = entry.toLongLong(&numeric);
        if (numeric && SandboxHost::parentPid(entry.toLongLong()) == pid)
            return candidate;
    }
    return 0;
}

void stop(QProcess &process, int signal, int timeoutMs)
{
    if (process.state() == QProcess::NotRunning)
        return;
    if (const qint64 pid = serverPid(process); pid > 0)
        ::kill(static_cast<pid_t>(pid), signal);
    if (!process.waitForFinished(timeoutMs)) {
        if (const qint64 pid = serverPid(process); pid > 0)
            ::kill(static_cast<pid_t>(pid), SIGKILL);
        process.kill();
        process.waitForFinished(5000);
    }
}

Status runTool(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment,
    const QString &what, bool asServerUser)
{
    QProcess tool;
    if (asServerUser) {
        setCommand(tool, program, arguments);
    } else {
        tool.setProgram(program);
        tool.setArguments(arguments);
    }
    tool.setProcessEnvironment(environment);
    tool.setProcessChannelMode(QProcess::MergedChannels);
    tool.setStandardInputFile(QProcess::nullDevice());
    // runuser keeps the working folder, which the postgres user may not enter.
    tool.setWorkingDirectory(QStringLiteral("/tmp"));
    tool.start();
    const bool finished = tool.waitForFinished(120000);
    if (finished && tool.exitStatus() == QProcess::NormalExit && tool.exitCode() == 0)
        return Ok {};
    if (!finished)
        tool.kill();
    return StrataError::make(StrataError::Kind::Environment,
        QStringLiteral("%1 failed: %2").arg(what, QString::fromLocal8Bit(tool.readAll()).trimmed()));
}

QString logTail(const QString &logFile)
{
    QFile file(logFile);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("(no log at %1)").arg(logFile);
    file.seek(qMax<qint64>(0, file.size() - 4096));
    return QString::fromLocal8Bit(file.readAll()).trimmed();
}

} // namespace ServerProcess
