// strata-cli up --backup, restore and backups as a user runs them: real
// processes (stdin is a pipe, not a terminal), the real cluster, real pg_dump.
#include "integration/CliProcess.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>

#include <csignal>

#include <gtest/gtest.h>

namespace {

const QByteArray itemsChecksum
    = QByteArrayLiteral("SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM items t");

class BackupCliTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        m_settings = TestCluster::freshDatabase(QStringLiteral("backupcli"));
        m_probe = std::make_unique<DbProbe>(m_settings);
        ASSERT_TRUE(m_probe->exec("CREATE TABLE items (id int PRIMARY KEY, price numeric);"
                                  "INSERT INTO items SELECT g, g FROM generate_series(1, 2000) g;"));
        // Settings and the default backup folder of the child go to temporary places.
        m_env = TestCluster::childEnvironment(m_settings);
        m_env << QStringLiteral("XDG_CONFIG_HOME=") + m_config.path()
              << QStringLiteral("XDG_DATA_HOME=") + m_data.path();
    }

    CliResult cli(QStringList args, const QStringList &env = {}, const QByteArray &input = {})
    {
        args.prepend(m_folder.path());
        args.prepend(QStringLiteral("--migrations"));
        return CliProcess::run(args, env.isEmpty() ? m_env : env, input);
    }

    QStringList dumpsIn(const QString &folder) const
    {
        return QDir(folder).entryList({ QStringLiteral("*.dump") }, QDir::Files, QDir::Name);
    }

    ConnectionSettings m_settings;
    std::unique_ptr<DbProbe> m_probe;
    MigrationFolder m_folder;
    QTemporaryDir m_backups;
    QTemporaryDir m_config;
    QTemporaryDir m_data;
    QStringList m_env;
};

} // namespace

TEST_F(BackupCliTest, FailedRunAfterBackupPrintsTheRestoreCommandWhichNeedsConfirmationAndWorks)
{
    m_folder.add(1700000000001, QStringLiteral("Reprice"), "UPDATE items SET price = 0;", "SELECT 1;");
    m_folder.add(1700000000002, QStringLiteral("Broken"), "ALTER TABLE nope ADD COLUMN x int;", "SELECT 1;");
    const QString before = m_probe->scalar(itemsChecksum);

    CliResult up = cli({ QStringLiteral("up"), QStringLiteral("--backup"), m_backups.path() });
    EXPECT_EQ(up.exitCode, 1) << up.describe();
    EXPECT_TRUE(up.err.contains(QLatin1String("Backup verified"))) << up.describe();
    EXPECT_TRUE(up.err.contains(QLatin1String("] public.items\n"))) << up.describe();
    EXPECT_TRUE(up.err.contains(QLatin1String("[3/3] ")))
        << up.describe(); // items and the two history tables
    const QStringList dumps = dumpsIn(m_backups.path());
    ASSERT_EQ(dumps.size(), 1);
    EXPECT_TRUE(dumps.first().startsWith(QLatin1String("default-") + m_settings.database + QLatin1Char('-')));
    const QString dump = QDir(m_backups.path()).absoluteFilePath(dumps.first());
    EXPECT_NE(m_probe->scalar(itemsChecksum), before) << "the first migration committed";

    // The exact command to run, on its own line.
    const QRegularExpressionMatch command = QRegularExpression(
        QStringLiteral("^  (strata-cli .*restore .*)$"), QRegularExpression::MultilineOption)
                                                .match(up.err);
    ASSERT_TRUE(command.hasMatch()) << up.describe();
    QStringList words = command.captured(1).split(QLatin1Char(' '));
    EXPECT_EQ(words.last(), dump);
    words.removeFirst(); // strata-cli

    // No terminal and no --yes: refused, with the database and the dump's time named.
    CliResult refused = CliProcess::run(words, m_env);
    EXPECT_EQ(refused.exitCode, 2) << refused.describe();
    EXPECT_TRUE(refused.err.contains(QLatin1String("not restoring without confirmation")))
        << refused.describe();
    EXPECT_TRUE(refused.err.contains(m_settings.database)) << refused.describe();
    EXPECT_TRUE(refused.err.contains(
        QRegularExpression(QStringLiteral("taken \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC"))))
        << refused.describe();
    EXPECT_NE(m_probe->scalar(itemsChecksum), before) << "nothing restored";

    CliResult restored = CliProcess::run(words << QStringLiteral("--yes"), m_env);
    ASSERT_EQ(restored.exitCode, 0) << restored.describe();
    EXPECT_EQ(m_probe->scalar(itemsChecksum), before);
    // The history table was created (empty) just before the dump, so the restore
    // empties it again: it no longer claims the migration whose effect was undone.
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("migrations")));
    EXPECT_EQ(m_probe->historyCount(), 0);
    EXPECT_FALSE(restored.err.contains(QLatin1String("warning"))) << restored.describe();
}

TEST_F(BackupCliTest, RestoreIntoANewDatabaseAndListBackupsNewestFirst)
{
    CliResult first = cli({ QStringLiteral("up"), QStringLiteral("--backup"), m_backups.path() });
    ASSERT_EQ(first.exitCode, 0) << first.describe();
    ASSERT_TRUE(m_probe->exec("DELETE FROM items WHERE id > 1000"));
    CliResult second = cli({ QStringLiteral("up"), QStringLiteral("--backup=") + m_backups.path() });
    ASSERT_EQ(second.exitCode, 0) << second.describe();

    CliResult list = cli({ QStringLiteral("backups"), m_backups.path() });
    ASSERT_EQ(list.exitCode, 0) << list.describe();
    const QStringList lines = list.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 2) << list.describe();
    const QStringList dumps = dumpsIn(m_backups.path());
    ASSERT_EQ(dumps.size(), 2);
    // Names sort by time; the list shows the newest first.
    const QString oldest = QDir(m_backups.path()).absoluteFilePath(dumps.first());
    EXPECT_TRUE(lines.last().endsWith(oldest)) << list.describe();

    const QString copy = m_settings.database + QLatin1String("_copy");
    CliResult restored = cli({ QStringLiteral("restore"), oldest, QStringLiteral("--into"), copy });
    ASSERT_EQ(restored.exitCode, 0) << restored.describe();
    ConnectionSettings copySettings = m_settings;
    copySettings.database = copy;
    DbProbe copyProbe(copySettings);
    EXPECT_EQ(copyProbe.scalar("SELECT count(*) FROM items"), QStringLiteral("2000"));
    EXPECT_EQ(m_probe->scalar("SELECT count(*) FROM items"), QStringLiteral("1000"))
        << "the original is untouched";

    CliResult exists = cli({ QStringLiteral("restore"), oldest, QStringLiteral("--into"), copy });
    EXPECT_EQ(exists.exitCode, 2) << exists.describe();
    EXPECT_TRUE(exists.err.contains(QLatin1String("already exists"))) << exists.describe();
}

TEST_F(BackupCliTest, ProductionProfileBacksUpToItsFolderAndRestoreNeedsTheDatabaseName)
{
    {
        // The settings file strata-cli reads (XDG_CONFIG_HOME), with a production profile.
        QSettings s(m_config.filePath(QStringLiteral("Strata/strata.conf")), QSettings::IniFormat);
        s.beginGroup(QStringLiteral("profiles/prod-eu"));
        s.setValue(QStringLiteral("name"), QStringLiteral("prod-eu"));
        s.setValue(QStringLiteral("host"), m_settings.host);
        s.setValue(QStringLiteral("port"), m_settings.port);
        s.setValue(QStringLiteral("user"), m_settings.user);
        s.setValue(QStringLiteral("database"), m_settings.database);
        s.setValue(QStringLiteral("environment"), QStringLiteral("production"));
        s.setValue(QStringLiteral("migrationsDirectory"), m_folder.path());
        s.endGroup();
        s.sync();
        ASSERT_EQ(s.status(), QSettings::NoError);
    }
    const QStringList profile { QStringLiteral("--profile"), QStringLiteral("prod-eu") };
    // Production: the name typed first, before any dump is made.
    CliResult unconfirmed
        = CliProcess::run(profile + QStringList { QStringLiteral("up"), QStringLiteral("--backup") }, m_env);
    EXPECT_EQ(unconfirmed.exitCode, 2) << unconfirmed.describe();
    EXPECT_TRUE(unconfirmed.err.contains(QStringLiteral("--confirm-database %1").arg(m_settings.database)))
        << unconfirmed.describe();
    EXPECT_TRUE(dumpsIn(m_data.filePath(QStringLiteral("Strata/strata/backups/prod_eu"))).isEmpty());
    CliResult up = CliProcess::run(profile
            + QStringList { QStringLiteral("up"), QStringLiteral("--backup"),
                QStringLiteral("--confirm-database"), m_settings.database },
        m_env);
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    const QString folder = m_data.filePath(QStringLiteral("Strata/strata/backups/prod_eu"));
    const QStringList dumps = dumpsIn(folder);
    ASSERT_EQ(dumps.size(), 1) << up.describe();
    EXPECT_TRUE(dumps.first().startsWith(QLatin1String("prod_eu-") + m_settings.database))
        << dumps.first().toStdString();
    const QString dump = QDir(folder).absoluteFilePath(dumps.first());

    CliResult list = CliProcess::run(profile + QStringList { QStringLiteral("backups") }, m_env);
    ASSERT_EQ(list.exitCode, 0) << list.describe();
    EXPECT_TRUE(list.out.contains(dump)) << list.describe();

    ASSERT_TRUE(m_probe->exec("UPDATE items SET price = -1"));
    CliResult onlyYes = CliProcess::run(
        profile + QStringList { QStringLiteral("restore"), dump, QStringLiteral("--yes") }, m_env);
    EXPECT_EQ(onlyYes.exitCode, 2) << onlyYes.describe();
    EXPECT_TRUE(onlyYes.err.contains(QLatin1String("--confirm-database"))) << onlyYes.describe();
    CliResult wrongName = CliProcess::run(profile
            + QStringList { QStringLiteral("restore"), dump, QStringLiteral("--yes"),
                QStringLiteral("--confirm-database"), QStringLiteral("other") },
        m_env);
    EXPECT_EQ(wrongName.exitCode, 2) << wrongName.describe();
    EXPECT_EQ(m_probe->scalar("SELECT count(*) FROM items WHERE price = -1"), QStringLiteral("2000"));

    // A connection without a profile, said to be production, asks the same.
    CliResult adHoc = CliProcess::run({ QStringLiteral("--environment"), QStringLiteral("production"),
                                          QStringLiteral("restore"), dump, QStringLiteral("--yes") },
        m_env);
    EXPECT_EQ(adHoc.exitCode, 2) << adHoc.describe();
    EXPECT_TRUE(adHoc.err.contains(QLatin1String("production database"))) << adHoc.describe();
    EXPECT_EQ(m_probe->scalar("SELECT count(*) FROM items WHERE price = -1"), QStringLiteral("2000"));

    CliResult confirmed = CliProcess::run(profile
            + QStringList { QStringLiteral("restore"), dump, QStringLiteral("--yes"),
                QStringLiteral("--confirm-database"), m_settings.database },
        m_env);
    ASSERT_EQ(confirmed.exitCode, 0) << confirmed.describe();
    EXPECT_EQ(m_probe->scalar("SELECT count(*) FROM items WHERE price = -1"), QStringLiteral("0"));
}

TEST_F(BackupCliTest, PasswordFromStdinReachesPgDumpWithoutTheEnvironment)
{
    QStringList env;
    for (const QString &e : std::as_const(m_env))
        if (!e.startsWith(QLatin1String("PGPASSWORD=")))
            env << e;
    m_folder.add(1700000000001, QStringLiteral("AddColour"), "ALTER TABLE items ADD COLUMN colour text;",
        "ALTER TABLE items DROP COLUMN colour;");
    CliResult up = cli({ QStringLiteral("--password-stdin"), QStringLiteral("up"), QStringLiteral("--backup"),
                           m_backups.path() },
        env, m_settings.password.toUtf8() + '\n');
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    EXPECT_TRUE(up.err.contains(QLatin1String("Backup verified"))) << up.describe();
    EXPECT_EQ(m_probe->historyCount(), 1);
    EXPECT_FALSE(up.out.contains(m_settings.password) || up.err.contains(m_settings.password));
}

TEST_F(BackupCliTest, BackupWithDryRunOrOnAnotherCommandIsAUsageError)
{
    EXPECT_EQ(
        cli({ QStringLiteral("up"), QStringLiteral("--backup"), QStringLiteral("--dry-run") }).exitCode, 2);
    EXPECT_EQ(cli({ QStringLiteral("status"), QStringLiteral("--backup") }).exitCode, 2);
    EXPECT_EQ(cli({ QStringLiteral("restore") }).exitCode, 2);
    EXPECT_TRUE(dumpsIn(m_backups.path()).isEmpty());
}

// Issue 15: the same refusal as the app's (BackupJobTest's
// MalformedFolderOrDryRunIsRefusedBeforeTheDump), through the one workflow.
TEST_F(BackupCliTest, MalformedFolderIsRefusedBeforeTheDumpWithTheAppsMessage)
{
    m_folder.add(1700000000001, QStringLiteral("AddColour"), "ALTER TABLE items ADD COLUMN colour text;",
        "ALTER TABLE items DROP COLUMN colour;");
    m_folder.write(
        QStringLiteral("not-a-migration.sql"), "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n");
    const CliResult up = cli({ QStringLiteral("up"), QStringLiteral("--backup"), m_backups.path() });
    EXPECT_EQ(up.exitCode, 1) << up.err.toStdString();
    EXPECT_TRUE(up.err.contains(QLatin1String("1 malformed migration file(s); nothing was run")))
        << up.err.toStdString();
    EXPECT_TRUE(up.err.contains(QLatin1String("not-a-migration.sql"))) << up.err.toStdString();
    EXPECT_TRUE(dumpsIn(m_backups.path()).isEmpty());
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("migrations")));
}

namespace {

// The pid of a `comm` child of `parent`, or 0.
qint64 childNamed(qint64 parent, const QByteArray &comm)
{
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool number = false;
        const qint64 pid = entry.toLongLong(&number);
        if (!number)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        const qsizetype open = text.indexOf('('), close = text.lastIndexOf(')');
        if (open < 0 || close < 0 || text.mid(open + 1, close - open - 1) != comm)
            continue;
        const QList<QByteArray> fields = text.mid(close + 2).split(' ');
        if (fields.size() > 1 && fields.at(1).toLongLong() == parent)
            return pid;
    }
    return 0;
}

} // namespace

// Issue 14: a kill -9 during the backup left the 0600 password file in /tmp.
TEST_F(BackupCliTest, AKillDashNineDuringTheBackupLeavesNoPasswordFileBehind)
{
    m_folder.add(1700000000001, QStringLiteral("AddColour"), "ALTER TABLE items ADD COLUMN colour text;",
        "ALTER TABLE items DROP COLUMN colour;");
    // pg_dump waits for this lock (it locks every table it dumps), so it is
    // alive while the CLI is killed.
    ASSERT_TRUE(m_probe->exec("CREATE TABLE held (id int)"));
    DbProbe blocker(m_settings);
    ASSERT_TRUE(blocker.exec("BEGIN; LOCK TABLE held IN ACCESS EXCLUSIVE MODE"));
    QProcess cli;
    cli.setProgram(QStringLiteral(STRATA_CLI_PATH));
    // A password Strata holds itself (not PGPASSWORD, which pg_dump inherits).
    cli.setArguments({ QStringLiteral("--password-stdin"), QStringLiteral("--migrations"), m_folder.path(),
        QStringLiteral("up"), QStringLiteral("--backup"), m_backups.path() });
    QStringList env;
    for (const QString &e : std::as_const(m_env))
        if (!e.startsWith(QLatin1String("PGPASSWORD=")))
            env << e;
    cli.setEnvironment(env);
    cli.start();
    ASSERT_TRUE(cli.waitForStarted());
    cli.write(m_settings.password.toUtf8() + '\n');
    ASSERT_TRUE(cli.waitForBytesWritten());
    cli.closeWriteChannel();
    // The pg_dump that dumps (not the one asked for its --version): it has a PGPASSFILE.
    qint64 dump = 0;
    QString passFile;
    for (int i = 0; i < 600 && passFile.isEmpty(); ++i) {
        dump = childNamed(cli.processId(), "pg_dump");
        QFile envFile(QStringLiteral("/proc/%1/environ").arg(dump));
        if (dump != 0 && envFile.open(QIODevice::ReadOnly)) {
            for (const QByteArray &entry : envFile.readAll().split('\0'))
                if (entry.startsWith("PGPASSFILE="))
                    passFile = QString::fromLocal8Bit(entry.mid(11));
        }
        if (passFile.isEmpty())
            QThread::msleep(50);
    }
    ASSERT_FALSE(passFile.isEmpty()) << "no pg_dump with a password file started";

    ::kill(pid_t(cli.processId()), SIGKILL);
    cli.waitForFinished();
    ASSERT_TRUE(blocker.exec("COMMIT"));
    // pg_dump finishes (or fails) on its own; then nothing of the run is left.
    for (int i = 0; i < 600 && QFileInfo::exists(QStringLiteral("/proc/%1").arg(dump)); ++i)
        QThread::msleep(50);
    // /proc/self/fd/N was pg_dump's own descriptor, gone with it; a path in a
    // folder must not survive.
    const bool leftBehind
        = !passFile.startsWith(QLatin1String("/proc/self/fd/")) && QFileInfo::exists(passFile);
    EXPECT_FALSE(leftBehind) << passFile.toStdString();
    EXPECT_TRUE(passFile.startsWith(QLatin1String("/proc/self/fd/"))) << passFile.toStdString();
}

namespace {

QByteArray environmentOf(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/environ").arg(pid));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString databaseUrl(const ConnectionSettings &s)
{
    // One arg() call: the percent-encoded parts hold "%2F", which a second call would fill.
    return QStringLiteral("postgresql://%1:%2@localhost/%3?host=%4&port=%5")
        .arg(s.user, QString::fromLatin1(QUrl::toPercentEncoding(s.password)), s.database,
            QString::fromLatin1(QUrl::toPercentEncoding(s.host)), QString::number(s.port));
}

} // namespace

// Issue 14: STRATA_DATABASE_URL, password and all, was passed on to pg_dump
// (and every other child).
TEST_F(BackupCliTest, TheDatabaseUrlReachesNeitherPgDumpNorTheSandboxServer)
{
    m_folder.add(1700000000001, QStringLiteral("AddColour"), "ALTER TABLE items ADD COLUMN colour text;",
        "ALTER TABLE items DROP COLUMN colour;");
    ASSERT_TRUE(m_probe->exec("CREATE TABLE held (id int)"));
    DbProbe blocker(m_settings);
    ASSERT_TRUE(blocker.exec("BEGIN; LOCK TABLE held IN ACCESS EXCLUSIVE MODE"));
    QStringList env;
    for (const QString &e : std::as_const(m_env))
        if (!e.startsWith(QLatin1String("PG")))
            env << e;
    env << QStringLiteral("STRATA_DATABASE_URL=") + databaseUrl(m_settings);
    QProcess cli;
    cli.setProgram(QStringLiteral(STRATA_CLI_PATH));
    cli.setArguments({ QStringLiteral("--migrations"), m_folder.path(), QStringLiteral("up"),
        QStringLiteral("--backup"), m_backups.path() });
    cli.setEnvironment(env);
    cli.start();
    ASSERT_TRUE(cli.waitForStarted());
    QByteArray dumpEnvironment;
    for (int i = 0; i < 600 && !dumpEnvironment.contains("PGPASSFILE=") && cli.state() == QProcess::Running;
         ++i) {
        if (const qint64 dump = childNamed(cli.processId(), "pg_dump"))
            dumpEnvironment = environmentOf(dump);
        if (!dumpEnvironment.contains("PGPASSFILE="))
            cli.waitForFinished(50);
    }
    ASSERT_TRUE(blocker.exec("COMMIT"));
    if (!dumpEnvironment.contains("PGPASSFILE="))
        FAIL() << "no pg_dump with the password started: "
               << dumpEnvironment.replace('\0', '\n').toStdString() << CliProcess::finish(cli).describe();
    EXPECT_FALSE(dumpEnvironment.contains("STRATA_DATABASE_URL")) << "pg_dump got the URL";
    EXPECT_FALSE(dumpEnvironment.contains(m_settings.password.toUtf8())) << "pg_dump got the password";
    const CliResult up = CliProcess::finish(cli);
    EXPECT_EQ(up.exitCode, 0) << up.describe();

    // The sandbox server, which outlives the CLI.
    QTemporaryDir sandbox;
    ASSERT_TRUE(sandbox.isValid());
    QStringList sandboxEnv = env;
    sandboxEnv << QStringLiteral("STRATA_SANDBOX_DIR=") + sandbox.path();
    const CliResult started
        = CliProcess::run({ QStringLiteral("sandbox"), QStringLiteral("start") }, sandboxEnv);
    ASSERT_EQ(started.exitCode, 0) << started.describe();
    QFile pidFile(sandbox.path() + QLatin1String("/data/postmaster.pid"));
    ASSERT_TRUE(pidFile.open(QIODevice::ReadOnly));
    const qint64 postmaster = pidFile.readLine().trimmed().toLongLong();
    const QByteArray serverEnvironment = environmentOf(postmaster);
    const CliResult stopped
        = CliProcess::run({ QStringLiteral("sandbox"), QStringLiteral("stop") }, sandboxEnv);
    EXPECT_EQ(stopped.exitCode, 0) << stopped.describe();
    ASSERT_FALSE(serverEnvironment.isEmpty());
    EXPECT_FALSE(serverEnvironment.contains("STRATA_DATABASE_URL")) << "the sandbox server got the URL";
}
