// The SSH tunnel (issue 18, "Reaching staging and production") against a real
// OpenSSH server the harness starts on loopback (TestSshd) in front of the
// test cluster: the core's tunnel and the CLI as users run it, host-key
// checks, logins, pg_dump through the tunnel, and a bastion that dies mid-run.

#include "ssh/SshTunnel.h"
#include "backup/PgToolProcess.h"
#include "db/PgConnection.h"
#include "integration/CliProcess.h"
#include "ssh/SshKnownHosts.h"
#include "ssh/SshTunnelRegistry.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"
#include "support/TestSshd.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <gtest/gtest.h>

namespace {

class SshTunnelTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        STRATA_START_SSHD(m_sshd);
        m_settings = TestCluster::freshDatabase(QStringLiteral("ssh"));
        m_env = TestCluster::childEnvironment(m_settings);
        m_env << QStringLiteral("XDG_CONFIG_HOME=") + m_config.path()
              << QStringLiteral("XDG_DATA_HOME=") + m_data.path();
    }

    // The cluster as the bastion sees it: its TCP address, not its socket folder.
    ConnectionSettings tunnelled() const
    {
        ConnectionSettings s = m_settings;
        s.host = QStringLiteral("127.0.0.1");
        s.ssh = m_sshd->settings(m_known.path());
        return s;
    }

    QString knownHosts() const { return QDir(m_known.path()).filePath(QStringLiteral("known_hosts")); }

    void acceptHostKey()
    {
        Result<SshKnownHosts::Accepted> accepted = SshKnownHosts::accept(*tunnelled().ssh, 10);
        ASSERT_TRUE(accepted) << accepted.error().toString().toStdString();
    }

    // strata-cli's options for the tunnel (the key given separately).
    QStringList sshArgs(const QString &key) const
    {
        const SshSettings s = *tunnelled().ssh;
        return { QStringLiteral("--migrations"), m_folder.path(), QStringLiteral("--host"),
            QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QString::number(m_settings.port),
            QStringLiteral("--ssh-host"), s.host, QStringLiteral("--ssh-port"), QString::number(s.port),
            QStringLiteral("--ssh-user"), s.user, QStringLiteral("--ssh-key"), key,
            QStringLiteral("--ssh-known-hosts"), knownHosts() };
    }

    CliResult cli(const QStringList &args, const QStringList &extraEnv = {}, const QByteArray &input = {})
    {
        return CliProcess::run(sshArgs(m_sshd->clientKey()) + args, m_env + extraEnv, input);
    }

    int directTcpipChannels() const
    {
        return int(m_sshd->log().count(QLatin1String("server_request_direct_tcpip")));
    }

    std::unique_ptr<TestSshd> m_sshd;
    ConnectionSettings m_settings;
    MigrationFolder m_folder;
    QTemporaryDir m_known;
    QTemporaryDir m_config;
    QTemporaryDir m_data;
    QStringList m_env;
};

TEST_F(SshTunnelTest, ConnectionsShareOneTunnelAndReachTheServerThroughIt)
{
    acceptHostKey();
    const ConnectionSettings settings = tunnelled();
    Result<std::unique_ptr<PgConnection>> first = PgConnection::open(settings);
    ASSERT_TRUE(first) << first.error().toString().toStdString();
    Result<std::unique_ptr<PgConnection>> second = PgConnection::open(settings);
    ASSERT_TRUE(second) << second.error().toString().toStdString();
    ASSERT_TRUE((*first)->tunnel());
    EXPECT_EQ((*first)->tunnel(), (*second)->tunnel()) << "one SSH session for both connections";
    EXPECT_NE((*first)->tunnel()->localPort(), m_settings.port);
    const PgResult db = (*second)->exec("SELECT current_database()");
    ASSERT_TRUE(db.ok());
    EXPECT_EQ(db.value(0, 0), m_settings.database);
    EXPECT_GE(directTcpipChannels(), 2) << m_sshd->log().toStdString();
    EXPECT_TRUE(settings.describe().endsWith(QStringLiteral(" via SSH ") + settings.ssh->describe()))
        << settings.describe().toStdString();

    // pg_dump gets the tunnel's end, and the server's real name for verify-full.
    PgToolProcess tool(settings, QString());
    Result<QProcessEnvironment> env = tool.environment();
    ASSERT_TRUE(env) << env.error().toString().toStdString();
    EXPECT_EQ(env->value(QStringLiteral("PGHOST")), QStringLiteral("127.0.0.1"));
    EXPECT_EQ(env->value(QStringLiteral("PGHOSTADDR")), QStringLiteral("127.0.0.1"));
    EXPECT_EQ(env->value(QStringLiteral("PGPORT")), QString::number((*first)->tunnel()->localPort()));
}

TEST_F(SshTunnelTest, StatusAndUpRunThroughTheTunnel)
{
    m_folder.add(1700000000000, QStringLiteral("CreateWidgets"), "CREATE TABLE widgets (id int PRIMARY KEY);",
        "DROP TABLE widgets;");
    acceptHostKey();
    const CliResult status = cli({ QStringLiteral("status") });
    ASSERT_EQ(status.exitCode, 0) << status.describe();
    EXPECT_TRUE(status.out.contains(QLatin1String("CreateWidgets"))) << status.describe();
    const int before = directTcpipChannels();
    const CliResult up = cli({ QStringLiteral("up") });
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    EXPECT_GT(directTcpipChannels(), before) << "up connected through the bastion\n"
                                             << m_sshd->log().toStdString();
    DbProbe probe(m_settings);
    EXPECT_TRUE(probe.tableExists(QStringLiteral("widgets")));
    EXPECT_EQ(probe.historyCount(), 1);
}

TEST_F(SshTunnelTest, UnknownHostKeyIsRefusedWithItsFingerprintThenAcceptedByTheFlag)
{
    const CliResult refused = cli({ QStringLiteral("status") });
    EXPECT_EQ(refused.exitCode, 1) << refused.describe();
    EXPECT_TRUE(
        refused.err.contains(QStringLiteral("the host key of 127.0.0.1:%1 is not known").arg(m_sshd->port())))
        << refused.describe();
    EXPECT_TRUE(refused.err.contains(m_sshd->hostKeyFingerprint())) << refused.describe();
    EXPECT_FALSE(QFile::exists(knownHosts()));

    const CliResult accepted = cli({ QStringLiteral("--ssh-accept-host-key"), QStringLiteral("status") });
    ASSERT_EQ(accepted.exitCode, 0) << accepted.describe();
    EXPECT_TRUE(accepted.err.contains(QLatin1String("Accepted the host key")));
    EXPECT_TRUE(accepted.err.contains(m_sshd->hostKeyFingerprint())) << accepted.describe();
    ASSERT_TRUE(QFile::exists(knownHosts()));

    // From now on the key is known: no flag needed, nothing more written.
    const CliResult known = cli({ QStringLiteral("status") });
    EXPECT_EQ(known.exitCode, 0) << known.describe();
    EXPECT_FALSE(known.err.contains(QLatin1String("Accepted"))) << known.describe();
}

TEST_F(SshTunnelTest, ChangedHostKeyIsRefusedEvenWithTheAcceptFlag)
{
    acceptHostKey();
    QFile file(knownHosts());
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();
    const QString oldFingerprint = m_sshd->hostKeyFingerprint();
    const Status regenerated = m_sshd->regenerateHostKey();
    ASSERT_TRUE(regenerated) << regenerated.error().toString().toStdString();
    ASSERT_NE(m_sshd->hostKeyFingerprint(), oldFingerprint);

    for (const QStringList &args : { QStringList { QStringLiteral("status") },
             QStringList { QStringLiteral("--ssh-accept-host-key"), QStringLiteral("status") } }) {
        const CliResult refused = cli(args);
        EXPECT_EQ(refused.exitCode, 1) << refused.describe();
        EXPECT_TRUE(refused.err.contains(QLatin1String("has CHANGED"))) << refused.describe();
        EXPECT_TRUE(refused.err.contains(m_sshd->hostKeyFingerprint())) << refused.describe();
        EXPECT_TRUE(refused.err.contains(QLatin1String("ssh-keygen -R"))) << refused.describe();
    }
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(file.readAll(), before) << "known_hosts is never rewritten for a changed key";
}

TEST_F(SshTunnelTest, WrongPassphraseAndUnauthorizedKeyAreClearErrors)
{
    acceptHostKey();
    const QStringList status { QStringLiteral("status") };
    const CliResult wrong = CliProcess::run(sshArgs(m_sshd->protectedClientKey()) + status,
        m_env + QStringList { QStringLiteral("STRATA_SSH_PASSWORD=not the passphrase") });
    EXPECT_EQ(wrong.exitCode, 1) << wrong.describe();
    EXPECT_TRUE(wrong.err.contains(
        QStringLiteral("cannot unlock the SSH key %1: wrong passphrase").arg(m_sshd->protectedClientKey())))
        << wrong.describe();
    EXPECT_FALSE(wrong.err.contains(QLatin1String("not the passphrase"))) << "the secret is never printed";

    const CliResult none = CliProcess::run(sshArgs(m_sshd->protectedClientKey()) + status, m_env);
    EXPECT_EQ(none.exitCode, 1) << none.describe();
    EXPECT_TRUE(none.err.contains(QLatin1String("needs a passphrase"))) << none.describe();

    // The right one on stdin, after nothing else (no --password-stdin).
    const CliResult right = CliProcess::run(sshArgs(m_sshd->protectedClientKey())
            + QStringList { QStringLiteral("--ssh-password-stdin"), QStringLiteral("status") },
        m_env, TestSshd::passphrase().toUtf8() + '\n');
    EXPECT_EQ(right.exitCode, 0) << right.describe();

    const CliResult stranger = CliProcess::run(sshArgs(m_sshd->strangerKey()) + status, m_env);
    EXPECT_EQ(stranger.exitCode, 1) << stranger.describe();
    EXPECT_TRUE(stranger.err.contains(QStringLiteral("refused the key %1").arg(m_sshd->strangerKey())))
        << stranger.describe();
}

TEST_F(SshTunnelTest, BackupRunsPgDumpThroughTheTunnel)
{
    DbProbe probe(m_settings);
    ASSERT_TRUE(probe.exec(
        "CREATE TABLE items (id int PRIMARY KEY); INSERT INTO items SELECT generate_series(1, 500);"));
    m_folder.add(1700000000000, QStringLiteral("AddPrice"), "ALTER TABLE items ADD COLUMN price numeric;",
        "ALTER TABLE items DROP COLUMN price;");
    acceptHostKey();
    QTemporaryDir backups;
    const int before = directTcpipChannels();
    const CliResult up = cli({ QStringLiteral("up"), QStringLiteral("--backup"), backups.path() });
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    const QStringList dumps = QDir(backups.path()).entryList({ QStringLiteral("*.dump") }, QDir::Files);
    ASSERT_EQ(dumps.size(), 1) << up.describe();
    EXPECT_GT(QFileInfo(QDir(backups.path()).filePath(dumps.first())).size(), 0);
    // The run's connection, pg_dump and pg_restore --list each opened channels.
    EXPECT_GE(directTcpipChannels() - before, 2) << m_sshd->log().toStdString();
    EXPECT_EQ(probe.historyCount(), 1);
}

TEST_F(SshTunnelTest, DroppedTunnelMidRunIsACleanErrorWithNothingHalfApplied)
{
    m_folder.add(1700000000000, QStringLiteral("SlowTable"),
        "CREATE TABLE half_made (id int);\nSELECT pg_sleep(4);", "DROP TABLE half_made;");
    acceptHostKey();
    QProcess process;
    process.setProgram(QStringLiteral(STRATA_CLI_PATH));
    process.setArguments(sshArgs(m_sshd->clientKey()) + QStringList { QStringLiteral("up") });
    process.setEnvironment(m_env);
    process.start();
    ASSERT_TRUE(process.waitForStarted());
    process.closeWriteChannel();

    DbProbe probe(m_settings);
    const QByteArray sleeping = "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(4)%' "
                                "AND pid <> pg_backend_pid()";
    QElapsedTimer waited;
    waited.start();
    while (probe.scalar(sleeping) != QLatin1String("1") && waited.elapsed() < 15000)
        QThread::msleep(50);
    ASSERT_EQ(probe.scalar(sleeping), QStringLiteral("1")) << "the migration never started";

    QElapsedTimer ended;
    ended.start();
    m_sshd->killAll();
    const CliResult result = CliProcess::finish(process, 20000);
    EXPECT_LT(ended.elapsed(), 3000) << "the CLI must not hang on a dead tunnel";
    EXPECT_EQ(result.exitCode, 1) << result.describe();
    EXPECT_TRUE(result.err.contains(QLatin1String("SSH tunnel"))) << result.describe();

    // The server rolls the transaction back once it notices its client is gone.
    waited.restart();
    while (probe.scalar(sleeping) != QLatin1String("0") && waited.elapsed() < 15000)
        QThread::msleep(100);
    EXPECT_EQ(probe.scalar(sleeping), QStringLiteral("0"));
    EXPECT_FALSE(probe.tableExists(QStringLiteral("half_made")));
    EXPECT_EQ(probe.historyCount(), 0);

    // A new connection now fails at once, naming the bastion.
    Result<std::unique_ptr<PgConnection>> again = PgConnection::open(tunnelled());
    ASSERT_FALSE(again);
    EXPECT_TRUE(again.error().message.contains(QStringLiteral("127.0.0.1:%1").arg(m_sshd->port())))
        << again.error().message.toStdString();
}

TEST_F(SshTunnelTest, ProfileKeepsTheBastionButNeverItsSecret)
{
    acceptHostKey();
    const QString secretEnv = QStringLiteral("STRATA_SSH_PASSWORD=") + TestSshd::passphrase();
    const CliResult saved = CliProcess::run(sshArgs(m_sshd->protectedClientKey())
            + QStringList { QStringLiteral("profile"), QStringLiteral("save"), QStringLiteral("bastioned") },
        m_env + QStringList { secretEnv });
    ASSERT_EQ(saved.exitCode, 0) << saved.describe();
    QFile file(QDir(m_config.path()).filePath(QStringLiteral("Strata/strata.conf")));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly)) << file.fileName().toStdString();
    const QByteArray text = file.readAll();
    EXPECT_TRUE(text.contains("sshHost=127.0.0.1")) << text.toStdString();
    EXPECT_FALSE(text.contains(TestSshd::passphrase().toUtf8())) << "the passphrase belongs to the keychain";

    const CliResult list = CliProcess::run({ QStringLiteral("profile"), QStringLiteral("list") }, m_env);
    EXPECT_TRUE(list.out.contains(QStringLiteral(" via SSH ") + m_sshd->settings(m_known.path()).describe()))
        << list.describe();
    const CliResult status = CliProcess::run(
        { QStringLiteral("--profile"), QStringLiteral("bastioned"), QStringLiteral("status") },
        m_env + QStringList { secretEnv });
    EXPECT_EQ(status.exitCode, 0) << status.describe();
}

} // namespace

TEST_F(SshTunnelTest, TheSshAgentLogsInWhenThereIsNoKeyFile)
{
    acceptHostKey();
    // A real ssh-agent (openssh-client) holding the authorized key, on a socket of its own.
    QTemporaryDir agentDir;
    ASSERT_TRUE(agentDir.isValid());
    const QString socket = agentDir.filePath(QStringLiteral("agent.sock"));
    QProcess agent;
    agent.start(QStringLiteral("ssh-agent"), { QStringLiteral("-D"), QStringLiteral("-a"), socket });
    ASSERT_TRUE(agent.waitForStarted()) << agent.errorString().toStdString();
    ASSERT_TRUE(QTest::qWaitFor([&] { return QFileInfo::exists(socket); }, 10000)) << "no agent socket";
    QProcess add;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SSH_AUTH_SOCK"), socket);
    add.setProcessEnvironment(env);
    add.start(QStringLiteral("ssh-add"), { m_sshd->clientKey() });
    ASSERT_TRUE(add.waitForFinished(10000));
    ASSERT_EQ(add.exitCode(), 0) << add.readAllStandardError().toStdString();

    ConnectionSettings settings = tunnelled();
    settings.ssh->keyFile.clear(); // the agent, then the password: no key file
    const QByteArray previous = qgetenv("SSH_AUTH_SOCK");
    qputenv("SSH_AUTH_SOCK", socket.toUtf8());
    {
        const Result<std::unique_ptr<PgConnection>> viaAgent = PgConnection::open(settings);
        ASSERT_TRUE(viaAgent) << viaAgent.error().toString().toStdString();
        const PgResult db = (*viaAgent)->exec("SELECT current_database()");
        ASSERT_TRUE(db.ok());
        EXPECT_EQ(db.value(0, 0), m_settings.database);
    } // closed, and its tunnel with it, before the agent goes

    // Without an agent, a key file or a password there is no way in, and the error says what to give.
    qunsetenv("SSH_AUTH_SOCK");
    const Result<std::unique_ptr<PgConnection>> none = PgConnection::open(settings);
    ASSERT_FALSE(none);
    EXPECT_TRUE(none.error().message.contains(QLatin1String("no way to log in")))
        << none.error().toString().toStdString();
    if (!previous.isEmpty())
        qputenv("SSH_AUTH_SOCK", previous);
    agent.terminate();
    agent.waitForFinished(5000);
}
