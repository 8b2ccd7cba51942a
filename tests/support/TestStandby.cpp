#include "TestStandby.h"

#include "ServerProcess.h"
#include "db/PgConnection.h"
#include "sandbox/SandboxCluster.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QThread>

#include <csignal>

namespace {

bool accepts(const QString &binDir, const QString &socketDir, int port)
{
    QProcess probe;
    probe.setProcessEnvironment(ServerProcess::cleanEnvironment());
    probe.start(binDir + QLatin1String("/pg_isready"),
        { QStringLiteral("-q"), QStringLiteral("-h"), socketDir, QStringLiteral("-p"), QString::number(port),
            QStringLiteral("-t"), QStringLiteral("2") });
    return probe.waitForFinished(5000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0;
}

} // namespace

Result<std::unique_ptr<TestStandby>> TestStandby::start(SandboxCluster &primary)
{
    std::unique_ptr<TestStandby> standby(new TestStandby);
    standby->m_binDir = SandboxCluster::postgresBinDir();
    standby->m_primary = primary.connectionSettings();
    Result<std::unique_ptr<QTemporaryDir>> folder
        = ServerProcess::makePrivateFolder(QStringLiteral("strata-standby"));
    if (!folder)
        return folder.error();
    standby->m_folder = std::move(folder).value();
    const QString dir = standby->m_folder->path();
    const QString data = dir + QLatin1String("/data");
    const QString socket = dir + QLatin1String("/socket");
    if (!QDir().mkpath(socket))
        return StrataError::make(StrataError::Kind::Io, QStringLiteral("could not create %1").arg(socket));
    if (Status s = ServerProcess::handToServerUser(socket); !s)
        return s.error();

    // A standby needs at least the primary's value of these.
    QStringList settings;
    {
        Result<std::unique_ptr<PgConnection>> c = PgConnection::open(standby->m_primary);
        if (!c)
            return c.error();
        PgResult r = (*c)->exec("SELECT name, setting FROM pg_settings WHERE name IN ('max_connections', "
                                "'max_prepared_transactions', 'max_locks_per_transaction', "
                                "'max_worker_processes', 'max_wal_senders')");
        if (!r.ok())
            return r.error();
        for (int i = 0; i < r.rowCount(); ++i)
            settings << r.value(i, 0) + QLatin1Char('=') + r.value(i, 1);
    }

    // The password only in the environment, for pg_basebackup and later the walreceiver.
    QProcessEnvironment env = ServerProcess::cleanEnvironment();
    env.insert(QStringLiteral("PGPASSWORD"), standby->m_primary.password);
    if (Status s = ServerProcess::runTool(standby->m_binDir + QLatin1String("/pg_basebackup"),
            { QStringLiteral("-D"), data, QStringLiteral("-h"), primary.socketDirectory(),
                QStringLiteral("-p"), QString::number(primary.port()), QStringLiteral("-U"),
                standby->m_primary.user, QStringLiteral("-X"), QStringLiteral("stream"), QStringLiteral("-c"),
                QStringLiteral("fast"), QStringLiteral("--no-sync"), QStringLiteral("-w") },
            env, QStringLiteral("pg_basebackup of the test cluster"), true);
        !s)
        return s.error();
    {
        QFile signal(data + QLatin1String("/standby.signal"));
        if (!signal.open(QIODevice::WriteOnly))
            return StrataError::make(StrataError::Kind::Io,
                QStringLiteral("could not write %1: %2").arg(signal.fileName(), signal.errorString()));
        signal.close();
        if (Status s = ServerProcess::handToServerUser(signal.fileName()); !s)
            return s.error();
    }

    standby->m_port = QRandomGenerator::global()->bounded(20000, 60000);
    QStringList arguments { QStringLiteral("-D"), data, QStringLiteral("-k"), socket, QStringLiteral("-p"),
        QString::number(standby->m_port) };
    settings << QStringLiteral("listen_addresses=") << QStringLiteral("hot_standby=on")
             << QStringLiteral("logging_collector=off") << QStringLiteral("fsync=off")
             << QStringLiteral(
                    "primary_conninfo=host=%1 port=%2 user=%3 application_name=strata_test_standby")
                    .arg(primary.socketDirectory(), QString::number(primary.port()), standby->m_primary.user);
    for (const QString &setting : std::as_const(settings))
        arguments << QStringLiteral("-c") << setting;
    ServerProcess::setCommand(standby->m_process, standby->m_binDir + QLatin1String("/postgres"), arguments);
    standby->m_process.setProcessEnvironment(env);
    standby->m_process.setWorkingDirectory(dir);
    if (Status s = ServerProcess::start(standby->m_process, dir + QLatin1String("/server.log")); !s)
        return s.error();
    const QDeadlineTimer deadline(60000);
    while (!accepts(standby->m_binDir, socket, standby->m_port)) {
        if (deadline.hasExpired() || standby->m_process.state() == QProcess::NotRunning)
            return StrataError::make(StrataError::Kind::Environment,
                QStringLiteral("the standby in %1 did not accept connections; its log:\n%2")
                    .arg(dir, standby->log()));
        QThread::msleep(50);
    }
    return standby;
}

TestStandby::~TestStandby()
{
    ServerProcess::stop(m_process, SIGINT);
}

ConnectionSettings TestStandby::connectionSettings(const QString &database) const
{
    ConnectionSettings s = m_primary;
    s.host = m_folder->path() + QLatin1String("/socket");
    s.port = m_port;
    s.database = database;
    return s;
}

Status TestStandby::catchUp()
{
    QString target;
    {
        Result<std::unique_ptr<PgConnection>> c = PgConnection::open(m_primary);
        if (!c)
            return c.error();
        PgResult r = (*c)->exec("SELECT pg_current_wal_lsn()");
        if (!r.ok())
            return r.error();
        target = r.value(0, 0);
    }
    Result<std::unique_ptr<PgConnection>> c
        = PgConnection::open(connectionSettings(QStringLiteral("postgres")));
    if (!c)
        return c.error();
    const QDeadlineTimer deadline(60000);
    for (;;) {
        PgResult r = (*c)->execParams("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", { target.toUtf8() });
        if (!r.ok())
            return r.error();
        if (r.value(0, 0) == QLatin1String("t"))
            return Ok {};
        if (deadline.hasExpired())
            return StrataError::make(StrataError::Kind::Environment,
                QStringLiteral("the standby did not replay up to %1 within 60 s; its log:\n%2")
                    .arg(target, log()));
        QThread::msleep(20);
    }
}

QString TestStandby::log() const
{
    return ServerProcess::logTail(m_folder->path() + QLatin1String("/server.log"));
}
