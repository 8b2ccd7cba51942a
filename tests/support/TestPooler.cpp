#include "TestPooler.h"

#include "ServerProcess.h"
#include "db/PgConnection.h"
#include "sandbox/SandboxCluster.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QThread>

#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <csignal>

namespace {

QString modeName(TestPooler::Mode mode)
{
    switch (mode) {
    case TestPooler::Mode::Session:
        return QStringLiteral("session");
    case TestPooler::Mode::Transaction:
        return QStringLiteral("transaction");
    case TestPooler::Mode::Statement:
        return QStringLiteral("statement");
    }
    return {};
}

// The userlist format: both fields in double quotes, a quote doubled.
QByteArray quoted(const QString &value)
{
    QString v = value;
    v.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return '"' + v.toUtf8() + '"';
}

Status writePrivateFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    if (!file.open(
            QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return StrataError::make(StrataError::Kind::Io,
            QStringLiteral("could not write %1: %2").arg(path, file.errorString()), path);
    file.write(content);
    file.close();
    return ServerProcess::handToServerUser(path);
}

} // namespace

QString TestPooler::program()
{
    const QString chosen = qEnvironmentVariable("STRATA_PGBOUNCER");
    if (!chosen.isEmpty())
        return chosen;
    const QString debian = QStringLiteral("/usr/sbin/pgbouncer");
    return QFileInfo(debian).isExecutable() ? debian : QString();
}

namespace {

bool acceptsConnections(const QString &socketPath)
{
    const QByteArray path = QFile::encodeName(socketPath);
    sockaddr_un address {};
    if (size_t(path.size()) >= sizeof(address.sun_path))
        return false;
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.constData(), size_t(path.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    const bool accepted = ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof(address)) == 0;
    ::close(fd);
    return accepted;
}

} // namespace

Result<std::unique_ptr<TestPooler>> TestPooler::start(
    const SandboxCluster &cluster, Mode mode, const QStringList &settings)
{
    const QString binary = program();
    if (binary.isEmpty())
        return StrataError::make(StrataError::Kind::Environment,
            QStringLiteral(
                "no PgBouncer found (install the pgbouncer package: scripts/install-deps.sh, or set "
                "STRATA_PGBOUNCER)"));
    std::unique_ptr<TestPooler> pooler(new TestPooler);
    Result<std::unique_ptr<QTemporaryDir>> folder
        = ServerProcess::makePrivateFolder(QStringLiteral("strata-pgb"));
    if (!folder)
        return folder.error();
    pooler->m_folder = std::move(folder).value();
    pooler->m_server = cluster.connectionSettings();
    // Only a name for the socket file: the folder is ours, so nothing can clash.
    pooler->m_port = QRandomGenerator::global()->bounded(20000, 60000);

    const QString dir = pooler->m_folder->path();
    // The role's SCRAM verifier, not its password: PgBouncer checks the client
    // with it and then logs in to the server with the keys the client's own
    // SCRAM exchange proved, so the password itself is in no file.
    QString verifier;
    {
        Result<std::unique_ptr<PgConnection>> c = PgConnection::open(pooler->m_server);
        if (!c)
            return c.error();
        PgResult r = (*c)->execParams(
            "SELECT rolpassword FROM pg_authid WHERE rolname = $1", { pooler->m_server.user.toUtf8() });
        if (!r.ok())
            return r.error();
        verifier = r.value(0, 0);
        if (!verifier.startsWith(QLatin1String("SCRAM-SHA-256$")))
            return StrataError::make(StrataError::Kind::Environment,
                QStringLiteral("the test cluster's superuser has no SCRAM password for PgBouncer to use"));
    }
    const QString userlist = dir + QLatin1String("/userlist.txt");
    if (Status s = writePrivateFile(userlist, quoted(pooler->m_server.user) + ' ' + quoted(verifier) + '\n');
        !s)
        return s.error();
    const QString ini = QStringLiteral("[databases]\n"
                                       "* = host=%1 port=%2\n"
                                       "[pgbouncer]\n"
                                       "listen_port = %3\n"
                                       "unix_socket_dir = %4\n"
                                       "unix_socket_mode = 0700\n"
                                       "auth_type = scram-sha-256\n"
                                       "auth_file = %5\n"
                                       "pool_mode = %6\n"
                                       "default_pool_size = 10\n"
                                       "max_client_conn = 100\n"
                                       "ignore_startup_parameters = extra_float_digits\n")
                            .arg(cluster.socketDirectory(), QString::number(cluster.port()),
                                QString::number(pooler->m_port), dir, userlist, modeName(mode))
        + settings.join(QLatin1Char('\n')) + QLatin1Char('\n');
    if (Status s = writePrivateFile(dir + QLatin1String("/pgbouncer.ini"), ini.toUtf8()); !s)
        return s.error();

    ServerProcess::setCommand(pooler->m_process, binary, { dir + QLatin1String("/pgbouncer.ini") });
    pooler->m_process.setProcessEnvironment(ServerProcess::cleanEnvironment());
    pooler->m_process.setWorkingDirectory(dir);
    if (Status s = ServerProcess::start(pooler->m_process, dir + QLatin1String("/pgbouncer.log")); !s)
        return s.error();

    const QString socket = dir + QStringLiteral("/.s.PGSQL.%1").arg(pooler->m_port);
    const QDeadlineTimer deadline(30000);
    // The socket file appears at bind(), before PgBouncer listens on it (a
    // connection then is refused): wait until one is accepted.
    while (!acceptsConnections(socket)) {
        if (deadline.hasExpired() || pooler->m_process.state() == QProcess::NotRunning)
            return StrataError::make(StrataError::Kind::Environment,
                QStringLiteral("PgBouncer did not start listening on %1; its log:\n%2")
                    .arg(socket, pooler->log()));
        QThread::msleep(20);
    }
    return pooler;
}

TestPooler::~TestPooler()
{
    // SIGINT: PgBouncer's safe shutdown, after the clients have gone.
    ServerProcess::stop(m_process, SIGINT, 10000);
}

ConnectionSettings TestPooler::connectionSettings(const QString &database) const
{
    ConnectionSettings s = m_server;
    s.host = socketDirectory();
    s.port = m_port;
    s.database = database;
    return s;
}

QString TestPooler::socketDirectory() const
{
    return m_folder->path();
}

QString TestPooler::log() const
{
    return ServerProcess::logTail(m_folder->path() + QLatin1String("/pgbouncer.log"));
}
