#include "PgToolProcess.h"

#include "common/Logging.h"
#include "ssh/SshTunnel.h"
#include "ssh/SshTunnelRegistry.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

// ~/.pgpass syntax: ':' and '\' inside a field are escaped with '\'.
QByteArray escapePassFileField(const QString &value)
{
    QByteArray out;
    for (const char c : value.toUtf8()) {
        if (c == ':' || c == '\\')
            out += '\\';
        out += c;
    }
    return out;
}

bool isProgressLine(const QString &line)
{
    // Verbose lines are "pg_dump: <what it does>"; problems carry a level.
    static const QLatin1String levels[]
        = { QLatin1String(": error:"), QLatin1String(": warning:"), QLatin1String(": detail:"),
              QLatin1String(": hint:"), QLatin1String("FATAL:"), QLatin1String("ERROR:") };
    for (const QLatin1String &level : levels)
        if (line.contains(level))
            return false;
    return line.startsWith(QLatin1String("pg_dump: ")) || line.startsWith(QLatin1String("pg_restore: "));
}

} // namespace

PgToolProcess::PgToolProcess(ConnectionSettings settings, QString database)
    : m_settings(std::move(settings))
    , m_database(std::move(database))
{
}

PgToolProcess::~PgToolProcess()
{
    if (m_passwordFd >= 0)
        ::close(m_passwordFd);
}

QString PgToolProcess::passwordFilePath() const
{
    return m_passwordFd >= 0 ? QStringLiteral("/proc/self/fd/%1").arg(m_passwordFd) : QString();
}

Status PgToolProcess::writePasswordFile()
{
    if (m_passwordFd >= 0 || m_settings.password.isEmpty())
        return Ok {};
    // A file in /tmp outlived a kill -9 of this process, password and all; a
    // memfd has no name and is freed with the last descriptor to it.
    const int fd = ::memfd_create("strata-pgpass", MFD_CLOEXEC);
    if (fd < 0)
        return StrataError::make(StrataError::Kind::Io,
            QStringLiteral("cannot create an in-memory password file: %1")
                .arg(QString::fromLocal8Bit(::strerror(errno))));
    // libpq ignores a password file that others could read.
    struct stat info
    {
    };
    if (::fchmod(fd, 0600) != 0 || ::fstat(fd, &info) != 0 || (info.st_mode & 077) != 0) {
        ::close(fd);
        return StrataError::make(StrataError::Kind::Io,
            QStringLiteral(
                "cannot make the in-memory password file private; refusing to write the password"));
    }
    const QByteArray line = QByteArrayLiteral("*:*:*:*:") + escapePassFileField(m_settings.password) + '\n';
    if (::write(fd, line.constData(), size_t(line.size())) != line.size()) {
        ::close(fd);
        return StrataError::make(StrataError::Kind::Io,
            QStringLiteral("cannot write the in-memory password file: %1")
                .arg(QString::fromLocal8Bit(::strerror(errno))));
    }
    m_passwordFd = fd;
    return Ok {};
}

Result<QProcessEnvironment> PgToolProcess::environment()
{
    if (Status s = writePasswordFile(); !s)
        return s.error();
    if (m_settings.ssh && !(m_tunnel && m_tunnel->isAlive())) {
        if (Status s = m_settings.checkTunnelTarget(); !s)
            return s.error();
        Result<std::shared_ptr<SshTunnel>> tunnel = SshTunnelRegistry::acquire(
            *m_settings.ssh, m_settings.host, m_settings.portOrDefault(), m_settings.connectTimeoutSeconds);
        if (!tunnel)
            return tunnel.error();
        m_tunnel = std::move(tunnel).value();
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // The connection goes in the PG* variables below; a URL with a password does not.
    env.remove(QStringLiteral("STRATA_DATABASE_URL"));
    auto set = [&env](const QString &name, const QString &value) {
        if (!value.isEmpty())
            env.insert(name, value);
    };
    // Empty fields stay with libpq's own defaults and the user's PG* variables,
    // exactly as for Strata's own connection.
    set(QStringLiteral("PGHOST"), m_settings.host);
    if (m_tunnel) {
        env.insert(QStringLiteral("PGHOSTADDR"), QStringLiteral("127.0.0.1"));
        env.insert(QStringLiteral("PGPORT"), QString::number(m_tunnel->localPort()));
    } else if (m_settings.port > 0) {
        env.insert(QStringLiteral("PGPORT"), QString::number(m_settings.port));
    }
    set(QStringLiteral("PGUSER"), m_settings.user);
    set(QStringLiteral("PGDATABASE"), m_database.isEmpty() ? m_settings.database : m_database);
    set(QStringLiteral("PGSSLMODE"), m_settings.sslMode);
    set(QStringLiteral("PGSSLROOTCERT"), m_settings.sslRootCert);
    set(QStringLiteral("PGSERVICE"), m_settings.service);
    if (m_settings.connectTimeoutSeconds > 0)
        env.insert(QStringLiteral("PGCONNECT_TIMEOUT"), QString::number(m_settings.connectTimeoutSeconds));
    env.insert(QStringLiteral("PGAPPNAME"), m_settings.applicationName + QLatin1String(" backup"));
    if (m_passwordFd >= 0) {
        env.insert(QStringLiteral("PGPASSFILE"), passwordFilePath());
        // PGPASSWORD would win over the file; ours is the password to use.
        env.remove(QStringLiteral("PGPASSWORD"));
    }
    // Messages in English so that causes (disk full, permission) can be recognised.
    env.remove(QStringLiteral("LC_ALL"));
    env.remove(QStringLiteral("LANGUAGE"));
    env.insert(QStringLiteral("LC_MESSAGES"), QStringLiteral("C"));
    // pg_restore --list prints the archive's time in the local zone; UTC is
    // unambiguous. (TZ is the client's zone only; pg_dump's data is unaffected.)
    env.insert(QStringLiteral("TZ"), QStringLiteral("UTC"));
    return env;
}

PgToolProcess::Outcome PgToolProcess::run(const QString &program, const QStringList &arguments,
    const std::function<void(const QString &)> &onLine, const std::function<void(qint64)> &onStarted,
    const std::atomic_bool &cancel)
{
    Outcome outcome;
    Result<QProcessEnvironment> env = environment();
    if (!env) {
        outcome.startError = env.error().message;
        return outcome;
    }
    QProcess process;
    process.setProcessEnvironment(*env);
    process.setProgram(program);
    process.setArguments(arguments);
    process.setStandardInputFile(QProcess::nullDevice());
    // The program, and only it, inherits the password file's descriptor.
    if (const int fd = m_passwordFd; fd >= 0)
        process.setChildProcessModifier([fd] { ::fcntl(fd, F_SETFD, 0); });
    qCDebug(lcBackup) << "running" << program << arguments;
    process.start();
    if (!process.waitForStarted(30000)) {
        outcome.startError = process.errorString();
        return outcome;
    }
    outcome.started = true;
    if (onStarted)
        onStarted(process.processId());

    QByteArray pending;
    auto drainErrors = [&](bool atEnd) {
        pending += process.readAllStandardError();
        qsizetype newline = 0;
        while ((newline = pending.indexOf('\n')) >= 0 || (atEnd && !pending.isEmpty())) {
            const qsizetype end = newline >= 0 ? newline : pending.size();
            const QString line = QString::fromLocal8Bit(pending.left(end)).trimmed();
            pending.remove(0, newline >= 0 ? end + 1 : end);
            if (line.isEmpty())
                continue;
            if (!isProgressLine(line))
                outcome.problemLines << line;
            if (onLine)
                onLine(line);
        }
    };
    bool terminated = false;
    while (!process.waitForFinished(100)) {
        if (process.state() == QProcess::NotRunning)
            break;
        outcome.standardOutput += process.readAllStandardOutput();
        drainErrors(false);
        if (cancel.load() && !terminated) {
            terminated = true;
            outcome.cancelled = true;
            process.terminate();
            if (!process.waitForFinished(5000))
                process.kill();
        }
    }
    process.waitForFinished(5000);
    outcome.standardOutput += process.readAllStandardOutput();
    drainErrors(true);
    outcome.cancelled = outcome.cancelled || cancel.load();
    outcome.crashed = process.exitStatus() != QProcess::NormalExit;
    outcome.exitCode = process.exitCode();
    return outcome;
}

QString PgToolProcess::describeProblems(const Outcome &outcome, const QString &program)
{
    if (!outcome.started)
        return QStringLiteral("%1 did not start: %2").arg(program, outcome.startError);
    QString what = outcome.crashed ? QStringLiteral("%1 crashed").arg(QFileInfo(program).fileName())
                                   : QStringLiteral("%1 failed (exit status %2)")
                                         .arg(QFileInfo(program).fileName())
                                         .arg(outcome.exitCode);
    if (!outcome.problemLines.isEmpty())
        what += QStringLiteral(": ") + outcome.problemLines.join(QLatin1Char('\n'));
    return what;
}
