#include "SandboxCluster.h"
#include "SandboxHost.h"
#include "SandboxWatchdog.h"

#include "common/Logging.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <optional>

#include <csignal>
#include <unistd.h>

namespace {

constexpr int StartTimeoutMs = 30'000;
constexpr int StopTimeoutMs = 30'000;
constexpr int ToolTimeoutMs = 120'000;
constexpr int PortAttempts = 8;
// sun_path is 108 bytes on Linux; the server appends "/.s.PGSQL.<port>" and a NUL.
constexpr int MaxSocketDirLength = 107 - 16;

QString superuserName()
{
    return QStringLiteral("strata");
}

StrataError ioError(const QString &message, const QString &path)
{
    return StrataError::make(StrataError::Kind::Io, message, path);
}

} // namespace

Result<std::unique_ptr<SandboxCluster>> SandboxCluster::start(const Options &options)
{
    std::unique_ptr<SandboxCluster> cluster(new SandboxCluster);
    cluster->m_ownerPid = QCoreApplication::applicationPid();
    cluster->m_fsync = options.fsync;
    cluster->m_binDir = postgresBinDir();
    if (cluster->m_binDir.isEmpty())
        return StrataError::make(StrataError::Kind::Environment,
            QStringLiteral("no PostgreSQL server binaries found (install the postgresql "
                           "package or set STRATA_PG_BINDIR to the folder holding initdb "
                           "and postgres)"));
    for (const char *tool : { "initdb", "postgres", "pg_isready", "createdb", "dropdb" }) {
        const QString path = cluster->m_binDir + QLatin1Char('/') + QLatin1String(tool);
        if (!QFileInfo(path).isExecutable())
            return StrataError::make(StrataError::Kind::Environment,
                QStringLiteral("%1 is missing (STRATA_PG_BINDIR or the PostgreSQL "
                               "installation is incomplete)")
                    .arg(path));
    }
    if (SandboxHost::runningAsRoot() && !SandboxHost::postgresUser())
        return StrataError::make(StrataError::Kind::Environment,
            QStringLiteral("running as root, the sandbox needs a 'postgres' system user to run "
                           "the server as (install the postgresql package)"));

    if (options.directory.isEmpty()) {
        QString base = QDir::tempPath();
        if (SandboxHost::runningAsRoot()
            && !SandboxHost::folderClosedToServerUser(base + QLatin1String("/x")).isEmpty())
            base = QStringLiteral("/tmp");
        cluster->m_temporary
            = std::make_unique<QTemporaryDir>(base + QLatin1String("/strata-sandbox-XXXXXX"));
        if (!cluster->m_temporary->isValid())
            return ioError(QStringLiteral("could not create a temporary folder for the sandbox: %1")
                               .arg(cluster->m_temporary->errorString()),
                base);
        cluster->m_directory = cluster->m_temporary->path();
        cluster->m_password = options.superuserPassword;
        cluster->m_stopOnDestruction = true;
        if (Status s = SandboxHost::makePrivateFolder(cluster->m_directory); !s)
            return s.error();
    } else {
        if (!options.superuserPassword.isEmpty())
            return StrataError::make(StrataError::Kind::Usage,
                QStringLiteral("a persistent sandbox uses trust authentication on its private "
                               "socket; a superuser password is only for temporary sandboxes"));
        cluster->m_persistent = true;
        cluster->m_stopOnDestruction = options.stopOnDestruction;
        cluster->m_directory = QDir::cleanPath(QDir(options.directory).absolutePath());
        const QFileInfo info(cluster->m_directory);
        if (info.isSymLink() || (info.exists() && !info.isDir()))
            return ioError(
                QStringLiteral("the sandbox folder %1 is not a plain folder").arg(cluster->m_directory),
                cluster->m_directory);
        // Default folders live in /tmp, where anybody could have made one first.
        if (info.exists()) {
            const uint owner = info.ownerId();
            const bool ours = owner == ::geteuid()
                || (SandboxHost::runningAsRoot() && SandboxHost::postgresUser()
                    && owner == SandboxHost::postgresUser()->uid);
            if (!ours)
                return ioError(
                    QStringLiteral("the sandbox folder %1 belongs to another user").arg(cluster->m_directory),
                    cluster->m_directory);
        }
        if (Status s = SandboxHost::makePrivateFolder(cluster->m_directory); !s)
            return s.error();
    }

    if (SandboxHost::runningAsRoot()) {
        const QString closed = SandboxHost::folderClosedToServerUser(cluster->m_directory);
        if (!closed.isEmpty())
            return ioError(
                QStringLiteral("the postgres user cannot reach the sandbox folder %1 because %2 is closed "
                               "to it; choose a folder under /tmp or /var/tmp")
                    .arg(cluster->m_directory, closed),
                cluster->m_directory);
    }

    const QString socketDir = cluster->socketDirectory();
    if (QFile::encodeName(socketDir).size() > MaxSocketDirLength)
        return StrataError::make(StrataError::Kind::Usage,
            QStringLiteral("the sandbox folder path is too long for a Unix socket: %1")
                .arg(cluster->m_directory));
    if (Status s = SandboxHost::makePrivateFolder(socketDir); !s)
        return s.error();

    if (cluster->m_persistent) {
        Result<bool> attached = cluster->attachToRunningServer();
        if (!attached)
            return attached.error();
        if (attached.value())
            return cluster;
    }

    // Before initdb, so that even a crash while initialising leaves nothing behind.
    if (cluster->m_stopOnDestruction) {
        if (Status s = cluster->startWatchdog(); !s)
            return s.error();
    }

    const QString versionFile = cluster->dataDirectory() + QLatin1String("/PG_VERSION");
    if (!QFileInfo::exists(versionFile)) {
        const QDir data(cluster->dataDirectory());
        if (data.exists() && !data.isEmpty())
            return ioError(
                QStringLiteral("%1 exists but holds no PostgreSQL cluster; remove it or choose another "
                               "sandbox folder")
                    .arg(cluster->dataDirectory()),
                cluster->dataDirectory());
        if (Status s = cluster->initialise(options); !s)
            return s.error();
    }
    // Also for a persistent cluster made by an earlier version, which trusted TCP.
    if (cluster->m_password.isEmpty())
        if (Status s = SandboxHost::restrictHbaToSocket(cluster->dataDirectory()); !s)
            return s.error();
    cluster->m_majorVersion = SandboxHost::majorVersion(cluster->dataDirectory());

    if (Status s = cluster->launch(options); !s)
        return s.error();
    return cluster;
}

SandboxCluster::~SandboxCluster()
{
    if (QCoreApplication::applicationPid() != m_ownerPid) {
        // A fork of the owner (a death test's child): the server, the folder and the
        // watchdog belong to the parent, so neither stop nor remove anything here.
        if (m_temporary)
            m_temporary->setAutoRemove(false);
        (void)m_watchdog.release();
        return;
    }
    if (m_stopOnDestruction || m_temporary) {
        if (Status s = stop(); !s)
            qCWarning(lcSandbox) << "could not stop the sandbox:" << s.error().toString();
    }
}

QString SandboxCluster::dataDirectory() const
{
    return m_directory + QLatin1String("/data");
}

QString SandboxCluster::socketDirectory() const
{
    return m_directory + QLatin1String("/socket");
}

QString SandboxCluster::logFile() const
{
    return m_directory + QLatin1String("/server.log");
}

QString SandboxCluster::superuser() const
{
    return superuserName();
}

ConnectionSettings SandboxCluster::connectionSettings(const QString &database) const
{
    ConnectionSettings s;
    s.host = socketDirectory();
    s.port = m_port;
    s.user = superuser();
    s.password = m_password;
    s.database = database;
    s.sslMode = QStringLiteral("disable");
    return s;
}

// A persistent folder may hold the server an earlier run left running.
Result<bool> SandboxCluster::attachToRunningServer()
{
    const std::optional<SandboxHost::PidFile> pf = SandboxHost::readPidFile(dataDirectory());
    if (!pf || !SandboxHost::processAlive(pf->pid))
        return false; // stopped, or never started: postgres itself clears a stale pid file
    // The pid file is the postgres user's to write: believe it only about a
    // postgres serving this folder, never signal whatever it names.
    if (!SandboxHost::isPostmasterOf(pf->pid, dataDirectory()))
        return StrataError::make(StrataError::Kind::Environment,
            QStringLiteral("%1/postmaster.pid names pid %2, which is not a PostgreSQL server of that folder; "
                           "if no server runs there, remove the file")
                .arg(dataDirectory(), QString::number(pf->pid)));
    const QDeadlineTimer deadline(StartTimeoutMs);
    while (!serverAccepts(pf->port)) {
        if (deadline.hasExpired() || !SandboxHost::processAlive(pf->pid))
            return StrataError::make(StrataError::Kind::Environment,
                QStringLiteral("a PostgreSQL server (pid %1) runs in %2 but does not accept "
                               "connections on %3 port %4; server log:\n%5")
                    .arg(QString::number(pf->pid), dataDirectory(), socketDirectory(),
                        QString::number(pf->port), logTail(0)));
        QThread::msleep(200);
    }
    m_port = pf->port;
    m_postmasterPid = pf->pid;
    m_running = true;
    m_majorVersion = SandboxHost::majorVersion(dataDirectory());
    qCDebug(lcSandbox) << "attached to the sandbox in" << m_directory << "port" << m_port;
    if (m_stopOnDestruction) {
        if (Status s = startWatchdog(); !s)
            return s.error();
        tellWatchdog(m_postmasterPid);
    }
    // A server started by an earlier version may still trust TCP: tighten its
    // pg_hba.conf and have it reread (SIGHUP to the server checked above).
    if (m_password.isEmpty()) {
        if (Status s = SandboxHost::restrictHbaToSocket(dataDirectory()); !s)
            return s.error();
        ::kill(static_cast<pid_t>(m_postmasterPid), SIGHUP);
    }
    return true;
}

bool SandboxCluster::serverAccepts(int port) const
{
    QProcess probe;
    probe.setProcessEnvironment(SandboxHost::cleanEnvironment());
    probe.start(m_binDir + QLatin1String("/pg_isready"),
        { QStringLiteral("-q"), QStringLiteral("-h"), socketDirectory(), QStringLiteral("-p"),
            QString::number(port), QStringLiteral("-t"), QStringLiteral("2") });
    return probe.waitForFinished(5000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0;
}

Status SandboxCluster::initialise(const Options &options)
{
    if (!options.initdbTemplateCache.isEmpty() && !options.fsync && !m_persistent) {
        Result<bool> copied = initialiseFromTemplate(options.initdbTemplateCache);
        if (copied && copied.value())
            return Ok {};
        // The cache only saves time: whatever went wrong with it, initdb still works.
        if (!copied)
            qCWarning(lcSandbox) << "initdb template cache not used:" << copied.error().toString();
        QDir(dataDirectory()).removeRecursively();
    }

    QStringList arguments;
    if (!options.fsync)
        arguments << QStringLiteral("--no-sync");

    // initdb reads the password from a file; it is never an argument, so `ps`
    // cannot show it, and the file lives only for the duration of initdb.
    const QString passwordFile = m_directory + QLatin1String("/pwfile");
    auto removePasswordFile = qScopeGuard([&] { QFile::remove(passwordFile); });
    if (m_password.isEmpty()) {
        arguments << QStringLiteral("--auth=trust");
    } else {
        QFile file(passwordFile);
        if (!file.open(
                QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            return ioError(
                QStringLiteral("could not write the initdb password file: %1").arg(file.errorString()),
                passwordFile);
        file.write(m_password.toUtf8() + '\n');
        file.close();
        if (Status s = SandboxHost::handToServerUser(passwordFile); !s)
            return s;
        arguments << QStringLiteral("--auth-local=scram-sha-256")
                  << QStringLiteral("--auth-host=scram-sha-256")
                  << QStringLiteral("--pwfile=") + passwordFile;
    }
    return runInitdb(dataDirectory(), arguments);
}

Status SandboxCluster::runInitdb(const QString &dataDirectory, const QStringList &extraArguments)
{
    const QStringList arguments = QStringList { QStringLiteral("-D"), dataDirectory, QStringLiteral("-U"),
        superuser(), QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--locale=C") }
        + extraArguments;
    QProcess initdb;
    SandboxHost::setServerCommand(initdb, m_binDir + QLatin1String("/initdb"), arguments);
    initdb.setProcessEnvironment(SandboxHost::serverEnvironment());
    initdb.setWorkingDirectory(m_directory);
    initdb.setProcessChannelMode(QProcess::MergedChannels);
    qCDebug(lcSandbox) << "initdb" << dataDirectory;
    initdb.start();
    const bool finished = initdb.waitForFinished(ToolTimeoutMs);
    if (!finished || initdb.exitStatus() != QProcess::NormalExit || initdb.exitCode() != 0) {
        if (!finished)
            initdb.kill();
        StrataError e = StrataError::make(StrataError::Kind::Environment,
            QStringLiteral("initdb failed for the sandbox in %1: %2")
                .arg(m_directory,
                    finished ? QStringLiteral("exit code %1").arg(initdb.exitCode()) : initdb.errorString()));
        e.detail = QString::fromLocal8Bit(initdb.readAll()).trimmed();
        return e;
    }
    return Ok {};
}

// The cached cluster for this server build and superuser, made on first use.
// Concurrent test processes may both build one: each builds in a folder of its
// own and renames it into place; the loser's copy is thrown away.
Result<QString> SandboxCluster::ensureTemplate(const QString &cacheFolder)
{
    const QFileInfo postgres(m_binDir + QLatin1String("/postgres"));
    const QByteArray key = QCryptographicHash::hash(
        (postgres.canonicalFilePath() + QString::number(postgres.lastModified().toMSecsSinceEpoch())
            + superuser())
            .toUtf8(),
        QCryptographicHash::Sha256)
                               .toHex()
                               .left(16);
    const QString ready = cacheFolder + QLatin1String("/template-") + QString::fromLatin1(key);
    if (QFileInfo::exists(ready + QLatin1String("/data/PG_VERSION")))
        return ready + QLatin1String("/data");

    if (!QDir().mkpath(cacheFolder))
        return ioError(
            QStringLiteral("could not create the initdb template cache %1").arg(cacheFolder), cacheFolder);
    if (const QString closed = SandboxHost::folderClosedToServerUser(cacheFolder + QLatin1String("/x"));
        !closed.isEmpty())
        return ioError(
            QStringLiteral("the postgres user cannot reach %1 (%2 is closed to it)").arg(cacheFolder, closed),
            cacheFolder);
    const QString building = cacheFolder + QLatin1String("/building-")
        + QString::number(QCoreApplication::applicationPid()) + QLatin1Char('-')
        + QString::number(QRandomGenerator::system()->generate(), 16);
    if (Status s = SandboxHost::makePrivateFolder(building); !s)
        return s.error();
    auto discard = qScopeGuard([&] { QDir(building).removeRecursively(); });
    if (Status s = runInitdb(building + QLatin1String("/data"),
            { QStringLiteral("--no-sync"), QStringLiteral("--auth=trust") });
        !s)
        return s.error();
    if (::rename(QFile::encodeName(building).constData(), QFile::encodeName(ready).constData()) == 0)
        discard.dismiss();
    // Otherwise another process got there first; theirs is as good as ours.
    if (!QFileInfo::exists(ready + QLatin1String("/data/PG_VERSION")))
        return ioError(QStringLiteral("could not put the initdb template in place in %1").arg(ready), ready);
    return ready + QLatin1String("/data");
}

Result<bool> SandboxCluster::initialiseFromTemplate(const QString &cacheFolder)
{
    // Single-user mode reads one command per line.
    if (m_password.contains(QLatin1Char('\n')) || m_password.contains(QLatin1Char('\r')))
        return false;
    Result<QString> templateData = ensureTemplate(cacheFolder);
    if (!templateData)
        return templateData.error();

    // cp -a keeps the owner (the postgres user when we are root) and the modes.
    QProcess copy;
    copy.start(QStringLiteral("cp"), { QStringLiteral("-a"), templateData.value(), dataDirectory() });
    if (!copy.waitForFinished(ToolTimeoutMs) || copy.exitStatus() != QProcess::NormalExit
        || copy.exitCode() != 0)
        return ioError(QStringLiteral("could not copy the initdb template %1: %2")
                           .arg(templateData.value(), QString::fromLocal8Bit(copy.readAllStandardError())),
            dataDirectory());
    if (m_password.isEmpty())
        return true; // the template already trusts, like initdb --auth=trust

    // What initdb --auth-local/--auth-host=scram-sha-256 would have written.
    const QString hbaPath = dataDirectory() + QLatin1String("/pg_hba.conf");
    QFile hba(hbaPath);
    if (!hba.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return ioError(QStringLiteral("could not write %1: %2").arg(hbaPath, hba.errorString()), hbaPath);
    hba.write("local all all scram-sha-256\n"
              "host all all 127.0.0.1/32 scram-sha-256\n"
              "host all all ::1/128 scram-sha-256\n"
              "local replication all scram-sha-256\n"
              "host replication all 127.0.0.1/32 scram-sha-256\n"
              "host replication all ::1/128 scram-sha-256\n");
    hba.close();
    if (Status s = SandboxHost::handToServerUser(hbaPath); !s)
        return s.error();

    // The password goes in on standard input, never as an argument, and before
    // the server ever listens: there is no moment when it accepts trust.
    QProcess single;
    SandboxHost::setServerCommand(single, m_binDir + QLatin1String("/postgres"),
        { QStringLiteral("--single"), QStringLiteral("-D"), dataDirectory(), QStringLiteral("-c"),
            QStringLiteral("fsync=off"), QStringLiteral("postgres") });
    single.setProcessEnvironment(SandboxHost::serverEnvironment());
    single.setWorkingDirectory(m_directory);
    single.setProcessChannelMode(QProcess::MergedChannels);
    single.start();
    QString literal = m_password;
    literal.replace(QLatin1Char('\''), QLatin1String("''"));
    single.write(QStringLiteral("ALTER ROLE \"%1\" PASSWORD '%2';\n")
                     .arg(superuser().replace(QLatin1Char('"'), QLatin1String("\"\"")), literal)
                     .toUtf8());
    single.closeWriteChannel();
    const bool finished = single.waitForFinished(ToolTimeoutMs);
    const QString output = QString::fromLocal8Bit(single.readAll());
    if (!finished || single.exitStatus() != QProcess::NormalExit || single.exitCode() != 0
        || output.contains(QLatin1String("ERROR:"))) {
        if (!finished)
            single.kill();
        // The output could only echo the statement in an error; keep it out.
        return StrataError::make(StrataError::Kind::Environment,
            QStringLiteral("could not set the superuser password in single-user mode in %1")
                .arg(dataDirectory()));
    }
    return true;
}

Status SandboxCluster::launch(const Options &options)
{
    const bool tcp = !m_password.isEmpty();
    for (int attempt = 1; attempt <= PortAttempts; ++attempt) {
        const int port = SandboxHost::pickFreePort();
        if (port == 0)
            return StrataError::make(StrataError::Kind::Environment,
                QStringLiteral("found no free TCP port on 127.0.0.1 for the sandbox"));

        QStringList arguments { QStringLiteral("-D"), dataDirectory(), QStringLiteral("-k"),
            socketDirectory(), QStringLiteral("-p"), QString::number(port) };
        auto set = [&arguments](const QString &setting) { arguments << QStringLiteral("-c") << setting; };
        set(tcp ? QStringLiteral("listen_addresses=127.0.0.1") : QStringLiteral("listen_addresses="));
        set(QStringLiteral("max_connections=50"));
        set(QStringLiteral("logging_collector=off"));
        if (!options.fsync) {
            set(QStringLiteral("fsync=off"));
            set(QStringLiteral("synchronous_commit=off"));
            set(QStringLiteral("full_page_writes=off"));
        }
        for (const QString &setting : options.serverSettings)
            set(setting);

        const qint64 logOffset = QFileInfo(logFile()).size();
        QProcess postgres;
        SandboxHost::setServerCommand(postgres, m_binDir + QLatin1String("/postgres"), arguments);
        postgres.setProcessEnvironment(SandboxHost::serverEnvironment());
        postgres.setWorkingDirectory(m_directory);
        postgres.setStandardInputFile(QProcess::nullDevice());
        postgres.setStandardOutputFile(logFile(), QIODevice::Append);
        postgres.setStandardErrorFile(logFile(), QIODevice::Append);
        // Detached (in a session of its own): a persistent sandbox outlives us, and
        // a Ctrl+C meant for the CLI must not reach the server.
        qint64 launcherPid = 0;
        if (!postgres.startDetached(&launcherPid))
            return StrataError::make(StrataError::Kind::Environment,
                QStringLiteral("could not start %1: %2").arg(postgres.program(), postgres.errorString()));
        qCDebug(lcSandbox) << "starting postgres in" << m_directory << "on port" << port << "launcher pid"
                           << launcherPid;

        const QDeadlineTimer deadline(StartTimeoutMs);
        qint64 postmaster = 0;
        bool ready = false;
        while (!deadline.hasExpired()) {
            // A pid file left by an earlier, crashed server is not ours: ours is
            // the launcher itself or, through runuser, its child.
            if (const std::optional<SandboxHost::PidFile> pf = SandboxHost::readPidFile(dataDirectory()); pf
                && pf->port == port
                && (pf->pid == launcherPid || SandboxHost::parentPid(pf->pid) == launcherPid)) {
                if (postmaster != pf->pid)
                    tellWatchdog(pf->pid); // from now on it is the one to stop
                postmaster = pf->pid;
                if ((pf->status.isEmpty() || pf->status == QLatin1String("ready")) && serverAccepts(port)) {
                    ready = true;
                    break;
                }
            }
            if (!SandboxHost::processAlive(launcherPid))
                break;
            QThread::msleep(50);
        }

        if (ready) {
            m_port = port;
            m_postmasterPid = postmaster;
            m_running = true;
            qCDebug(lcSandbox) << "sandbox ready in" << m_directory << "port" << port << "pid" << postmaster;
            return Ok {};
        }

        if (SandboxHost::processAlive(launcherPid)) {
            // Timed out: take the half-started server down before reporting.
            ::kill(static_cast<pid_t>(postmaster > 0 ? postmaster : launcherPid), SIGQUIT);
            const QDeadlineTimer gone(5000);
            while (!gone.hasExpired() && SandboxHost::processAlive(launcherPid))
                QThread::msleep(50);
            return StrataError::make(StrataError::Kind::Environment,
                QStringLiteral("the sandbox server in %1 did not accept connections within %2 s; "
                               "server log:\n%3")
                    .arg(m_directory, QString::number(StartTimeoutMs / 1000), logTail(logOffset)));
        }
        const QString tail = logTail(logOffset);
        if (tail.contains(QLatin1String("could not bind"))
            || tail.contains(QLatin1String("Address already in use"))) {
            qCDebug(lcSandbox) << "port" << port << "was taken meanwhile; trying another";
            continue;
        }
        return StrataError::make(StrataError::Kind::Environment,
            QStringLiteral("the sandbox server in %1 exited during startup; server log:\n%2")
                .arg(m_directory, tail));
    }
    return StrataError::make(StrataError::Kind::Environment,
        QStringLiteral("the sandbox server could not bind a port on 127.0.0.1 after %1 attempts; "
                       "server log:\n%2")
            .arg(QString::number(PortAttempts), logTail(0)));
}

Status SandboxCluster::startWatchdog()
{
    Result<std::unique_ptr<SandboxWatchdog>> watchdog = SandboxWatchdog::start(
        dataDirectory(), m_temporary != nullptr, m_temporary ? m_directory : QString());
    if (!watchdog)
        return watchdog.error();
    m_watchdog = std::move(watchdog).value();
    return Ok {};
}

void SandboxCluster::tellWatchdog(qint64 postmasterPid)
{
    if (m_watchdog)
        m_watchdog->tell(postmasterPid);
}

void SandboxCluster::stopWatchdog()
{
    if (!m_watchdog)
        return;
    m_watchdog->stop();
    m_watchdog.reset();
}

Status SandboxCluster::stop()
{
    Status result = Ok {};
    if (m_running && m_postmasterPid > 0) {
        const auto pid = static_cast<pid_t>(m_postmasterPid);
        // The server removes postmaster.pid as the very last step of shutting down.
        auto waitForExit = [this](int timeoutMs) {
            const QDeadlineTimer deadline(timeoutMs);
            while (!deadline.hasExpired()) {
                if (!SandboxHost::processAlive(m_postmasterPid))
                    return true;
                const std::optional<SandboxHost::PidFile> pf = SandboxHost::readPidFile(dataDirectory());
                if (!pf || pf->pid != m_postmasterPid)
                    return true;
                QThread::msleep(50);
            }
            return false;
        };
        qCDebug(lcSandbox) << "stopping the sandbox in" << m_directory << "pid" << m_postmasterPid;
        ::kill(pid, SIGINT); // fast shutdown
        if (!waitForExit(StopTimeoutMs)) {
            qCWarning(lcSandbox) << "the sandbox server did not stop within" << StopTimeoutMs / 1000
                                 << "s; forcing an immediate shutdown";
            ::kill(pid, SIGQUIT);
            if (!waitForExit(10'000)) {
                ::kill(pid, SIGKILL);
                result = StrataError::make(StrataError::Kind::Environment,
                    QStringLiteral("the sandbox server (pid %1) did not shut down; it was killed")
                        .arg(m_postmasterPid));
            }
        }
    }
    m_running = false;
    if (m_temporary) {
        if (!m_temporary->remove() && QFileInfo::exists(m_directory) && result)
            result = ioError(
                QStringLiteral("could not remove the sandbox folder %1").arg(m_directory), m_directory);
        m_temporary.reset();
    }
    stopWatchdog();
    return result;
}

Status SandboxCluster::runClient(const QString &tool, const QStringList &arguments, const QString &what)
{
    if (!m_running)
        return StrataError::make(
            StrataError::Kind::Usage, QStringLiteral("%1: the sandbox is not running").arg(what));
    QProcessEnvironment env = SandboxHost::cleanEnvironment();
    // The password goes through the environment only: arguments are public in ps.
    if (!m_password.isEmpty())
        env.insert(QStringLiteral("PGPASSWORD"), m_password);
    env.insert(QStringLiteral("PGCONNECT_TIMEOUT"), QStringLiteral("10"));
    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(m_binDir + QLatin1Char('/') + tool,
        QStringList { QStringLiteral("-h"), socketDirectory(), QStringLiteral("-p"), QString::number(m_port),
            QStringLiteral("-U"), superuser(), QStringLiteral("-w") }
            + arguments);
    const bool finished = process.waitForFinished(ToolTimeoutMs);
    if (finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
        return Ok {};
    if (!finished)
        process.kill();
    QString output = QString::fromLocal8Bit(process.readAll()).trimmed();
    if (output.isEmpty())
        output = process.errorString();
    return StrataError::make(StrataError::Kind::Sql, what + QLatin1String(": ") + output);
}

Status SandboxCluster::createDatabase(const QString &name)
{
    if (name.isEmpty())
        return StrataError::make(StrataError::Kind::Usage, QStringLiteral("a database needs a name"));
    QStringList arguments { QStringLiteral("--maintenance-db=postgres") };
    // Copying the template's files is several times faster than WAL-logging them
    // block by block; its two checkpoints only cost anything with fsync on.
    if (m_majorVersion >= 15 && !m_fsync)
        arguments << QStringLiteral("--strategy=file_copy");
    arguments << QStringLiteral("--") << name;
    return runClient(QStringLiteral("createdb"), arguments,
        QStringLiteral("could not create database \"%1\" in the sandbox").arg(name));
}

Status SandboxCluster::dropDatabase(const QString &name)
{
    if (name.isEmpty())
        return StrataError::make(StrataError::Kind::Usage, QStringLiteral("a database needs a name"));
    QStringList arguments { QStringLiteral("--maintenance-db=postgres") };
    if (m_majorVersion >= 13)
        arguments << QStringLiteral("--force");
    arguments << QStringLiteral("--") << name;
    return runClient(QStringLiteral("dropdb"), arguments,
        QStringLiteral("could not drop database \"%1\" in the sandbox").arg(name));
}

QString SandboxCluster::logTail(qint64 fromOffset) const
{
    QFile file(logFile());
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("(no server log at %1)").arg(logFile());
    constexpr qint64 TailBytes = 4096;
    const qint64 start = std::max(fromOffset, file.size() - TailBytes);
    file.seek(std::max<qint64>(start, 0));
    QString tail = QString::fromLocal8Bit(file.readAll()).trimmed();
    if (tail.isEmpty())
        return QStringLiteral("(the server log %1 is empty)").arg(logFile());
    return tail;
}

QString SandboxCluster::postgresBinDir()
{
    return SandboxHost::postgresBinDir();
}

Result<ConnectionSettings> SandboxCluster::startShared(QString *dataDirectory)
{
    Options options;
    options.directory = defaultPersistentDirectory();
    options.stopOnDestruction = false;
    Result<std::unique_ptr<SandboxCluster>> sandbox = start(options);
    if (!sandbox)
        return sandbox.error();
    const QString database = sharedDatabaseName();
    // A second start finds the database there already; that is fine.
    if (Status s = (*sandbox)->createDatabase(database);
        !s && !s.error().message.contains(QLatin1String("exists")))
        return s.error();
    if (dataDirectory)
        *dataDirectory = (*sandbox)->dataDirectory();
    return (*sandbox)->connectionSettings(database);
}

QString SandboxCluster::defaultPersistentDirectory()
{
    return SandboxHost::persistentSandboxDirectory();
}
