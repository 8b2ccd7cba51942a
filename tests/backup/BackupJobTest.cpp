// Backup then migrate, and restore, against the real cluster with the real
// pg_dump and pg_restore: the dump holds the data, a restore brings it back, a
// backup that cannot be made stops the run before any migration, and the
// password never shows in pg_dump's arguments or environment.
#include "backup/BackupJob.h"
#include "backup/BackupArchive.h"
#include "backup/BackupCatalog.h"
#include "backup/RestoreJob.h"
#include "service/MigrationWorker.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <gtest/gtest.h>
#include <sys/stat.h>

namespace {

// Two tables with enough rows that a lost or reordered row changes the checksum.
const QByteArray seedSql
    = QByteArrayLiteral("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric(10,2));"
                        "INSERT INTO items SELECT g, 'item ' || g, g * 1.5 FROM generate_series(1, 5000) g;"
                        "CREATE TABLE notes (id int PRIMARY KEY, body text);"
                        "INSERT INTO notes SELECT g, repeat('n', g % 50) FROM generate_series(1, 300) g;");

const QByteArray itemsChecksum
    = QByteArrayLiteral("SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM items t");

QByteArray readProcFile(qint64 pid, const char *name)
{
    QFile f(QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(name)));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

// QProcess reports the start when the close-on-exec pipe closes, which the
// kernel does inside execve before it records the new program's arguments and
// environment: for a moment both read as empty. A live process fills them in.
QByteArray readLiveProcFile(qint64 pid, const char *name)
{
    QByteArray contents = readProcFile(pid, name);
    for (int attempt = 0;
         contents.isEmpty() && attempt < 200 && QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid));
         ++attempt) {
        QThread::msleep(10);
        contents = readProcFile(pid, name);
    }
    return contents;
}

class BackupJobTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        m_settings = TestCluster::freshDatabase(QStringLiteral("backup"));
        ASSERT_FALSE(m_settings.password.isEmpty()) << "the test cluster uses password authentication";
        m_probe = std::make_unique<DbProbe>(m_settings);
        ASSERT_TRUE(m_probe->exec(seedSql));
    }

    BackupOptions options() const
    {
        BackupOptions o;
        o.folder = m_backups.path();
        o.profile = QStringLiteral("test");
        return o;
    }

    RunOptions runOptions() const
    {
        RunOptions o;
        o.lockWaitSeconds = 5;
        return o;
    }

    ConnectionSettings m_settings;
    std::unique_ptr<DbProbe> m_probe;
    QTemporaryDir m_backups;
    MigrationFolder m_folder;
};

} // namespace

TEST_F(BackupJobTest, DumpIsVerifiedNamedPrivateAndRestoresIntoANewDatabaseWithTheSameData)
{
    BackupJob job(m_settings, options());
    QSignalSpy tables(&job, &BackupJob::tableDumped);
    Result<BackupResult> result = job.run();
    ASSERT_TRUE(result.ok()) << result.error().toString().toStdString();

    EXPECT_EQ(result->tableCount, 2);
    ASSERT_EQ(tables.size(), 2);
    EXPECT_EQ(tables.last().at(1).toInt(), 2);
    EXPECT_EQ(tables.last().at(2).toInt(), 2);
    QStringList dumpedTables { tables.at(0).at(0).toString(), tables.at(1).at(0).toString() };
    dumpedTables.sort();
    EXPECT_EQ(dumpedTables, (QStringList { QStringLiteral("public.items"), QStringLiteral("public.notes") }));

    const QFileInfo file(result->path);
    ASSERT_TRUE(file.isFile());
    EXPECT_EQ(file.size(), result->sizeBytes);
    EXPECT_GT(result->sizeBytes, 10000);
    EXPECT_EQ(file.absolutePath(), QDir(m_backups.path()).absolutePath());
    EXPECT_EQ(file.fileName(),
        BackupCatalog::sanitise(QStringLiteral("test")) + QLatin1Char('-') + m_settings.database
            + QLatin1Char('-') + BackupCatalog::timestamp(result->createdAt) + QLatin1String(".dump"));
    EXPECT_EQ(
        file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions {})
        << "a dump holds every row: it is private";
    EXPECT_TRUE(QDir(m_backups.path()).entryList({ QStringLiteral("*.partial") }, QDir::Files).isEmpty());

    // What the catalog lists and what pg_restore --list reads.
    const BackupFileList listed
        = BackupCatalog::list(m_backups.path(), QStringLiteral("test"), m_settings.database);
    ASSERT_EQ(listed.size(), 1);
    EXPECT_EQ(listed.first().path, result->path);
    Result<BackupArchive> archive = BackupArchive::read(result->path);
    ASSERT_TRUE(archive.ok()) << archive.error().toString().toStdString();
    EXPECT_EQ(archive->tableDataCount, 2);
    EXPECT_EQ(archive->database, m_settings.database);
    EXPECT_TRUE(archive->tables.contains(QStringLiteral("public.items")));
    EXPECT_LE(qAbs(archive->createdAt.secsTo(result->createdAt)), 5);

    const QString itemsBefore = m_probe->scalar(itemsChecksum);
    ASSERT_FALSE(itemsBefore.isEmpty());

    RestoreOptions restore;
    restore.dumpPath = result->path;
    restore.newDatabase = m_settings.database + QLatin1String("_copy");
    RestoreJob restoreJob(m_settings, restore);
    Result<RestoreResult> restored = restoreJob.run();
    ASSERT_TRUE(restored.ok()) << restored.error().toString().toStdString();
    EXPECT_TRUE(restored->createdDatabase);
    EXPECT_EQ(restored->tableCount, 2);

    ConnectionSettings copy = m_settings;
    copy.database = restore.newDatabase;
    DbProbe copyProbe(copy);
    ASSERT_TRUE(copyProbe.ok());
    EXPECT_EQ(copyProbe.scalar("SELECT count(*) FROM items"), QStringLiteral("5000"));
    EXPECT_EQ(copyProbe.scalar("SELECT count(*) FROM notes"), QStringLiteral("300"));
    EXPECT_EQ(copyProbe.scalar(itemsChecksum), itemsBefore);
    EXPECT_EQ(copyProbe.scalar("SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM notes t"),
        m_probe->scalar("SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM notes t"));
    EXPECT_EQ(copyProbe.schemaFingerprint(), m_probe->schemaFingerprint());

    // A second restore into the same "new" database is refused: it exists now.
    RestoreJob again(m_settings, restore);
    Result<RestoreResult> refused = again.run();
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().kind, StrataError::Kind::Usage);
    EXPECT_TRUE(refused.error().message.contains(QLatin1String("already exists")))
        << refused.error().toString().toStdString();
    EXPECT_EQ(copyProbe.scalar(itemsChecksum), itemsBefore);
}

TEST_F(BackupJobTest, PasswordIsNeverInPgDumpsArgumentsOrEnvironmentAndItsFileIsGoneAfterwards)
{
    ASSERT_FALSE(qEnvironmentVariableIsSet("PGPASSWORD")) << "the password must come from the settings here";
    // Hold a lock pg_dump needs, so it is certainly alive (connected, waiting)
    // while its /proc entries are read; released from inside the handler.
    DbProbe blocker(m_settings);
    ASSERT_TRUE(blocker.exec("BEGIN; LOCK TABLE items IN ACCESS EXCLUSIVE MODE"));

    const QByteArray password = m_settings.password.toUtf8();
    BackupJob job(m_settings, options());
    QByteArray cmdline;
    QByteArray environment;
    QString passFile;
    QByteArray passFileContents;
    int passFileMode = -1;
    QString passFileTarget;
    QObject::connect(&job, &BackupJob::processStarted, [&](qint64 pid) {
        cmdline = readLiveProcFile(pid, "cmdline");
        environment = readLiveProcFile(pid, "environ");
        for (const QByteArray &entry : environment.split('\0'))
            if (entry.startsWith("PGPASSFILE="))
                passFile = QString::fromLocal8Bit(entry.mid(11));
        // /proc/self/fd/N as pg_dump sees it: its own descriptor, from here.
        passFile.replace(QLatin1String("/proc/self/"), QStringLiteral("/proc/%1/").arg(pid));
        if (!passFile.isEmpty()) {
            passFileTarget = QFile::symLinkTarget(passFile);
            struct stat info
            {
            };
            if (::stat(QFile::encodeName(passFile).constData(), &info) == 0)
                passFileMode = int(info.st_mode & 0777);
            QFile f(passFile);
            if (f.open(QIODevice::ReadOnly))
                passFileContents = f.readAll();
        }
        blocker.exec("COMMIT");
    });
    Result<BackupResult> result = job.run();
    ASSERT_TRUE(result.ok()) << result.error().toString().toStdString();

    // The sample was taken from the live pg_dump, not from an empty zombie.
    ASSERT_TRUE(cmdline.contains("--format=custom")) << cmdline.constData();
    EXPECT_FALSE(cmdline.contains(password));
    ASSERT_FALSE(environment.isEmpty());
    EXPECT_FALSE(environment.contains(password)) << "the password is not in pg_dump's environment either";
    EXPECT_FALSE(environment.contains("PGPASSWORD="));
    ASSERT_FALSE(passFile.isEmpty()) << "the password goes through a password file";
    EXPECT_EQ(passFileMode, 0600);
    EXPECT_TRUE(passFileContents.startsWith("*:*:*:*:"));
    EXPECT_FALSE(QFileInfo::exists(passFile)) << "the password file is removed after the run";
    // Issue 14: it has no name in a folder, so a kill -9 cannot leave it behind.
    EXPECT_TRUE(passFileTarget.startsWith(QLatin1String("/memfd:strata-pgpass")))
        << passFileTarget.toStdString();

    // Nor in the dump folder.
    for (const QFileInfo &f : QDir(m_backups.path()).entryInfoList(QDir::Files)) {
        QFile file(f.absoluteFilePath());
        ASSERT_TRUE(file.open(QIODevice::ReadOnly));
        EXPECT_FALSE(file.readAll().contains(password)) << f.fileName().toStdString();
    }
}

TEST_F(BackupJobTest, PasswordFileIsRemovedAlsoWhenTheDumpFails)
{
    ConnectionSettings wrong = m_settings;
    wrong.password = QStringLiteral("not the password");
    BackupJob job(wrong, options());
    QString passFile;
    QObject::connect(&job, &BackupJob::processStarted, [&](qint64 pid) {
        for (const QByteArray &entry : readLiveProcFile(pid, "environ").split('\0'))
            if (entry.startsWith("PGPASSFILE="))
                passFile = QString::fromLocal8Bit(entry.mid(11));
        passFile.replace(QLatin1String("/proc/self/"), QStringLiteral("/proc/%1/").arg(pid));
    });
    Result<BackupResult> result = job.run();
    // Strata's own connection fails first with this password: nothing is dumped.
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, StrataError::Kind::Connection) << result.error().toString().toStdString();
    EXPECT_TRUE(passFile.isEmpty() || !QFileInfo::exists(passFile));
    EXPECT_TRUE(QDir(m_backups.path()).entryList(QDir::Files).isEmpty());
}

TEST_F(BackupJobTest, MissingPgDumpStopsTheRunBeforeAnyMigration)
{
    m_folder.add(1700000000001, QStringLiteral("AddColour"), "ALTER TABLE items ADD COLUMN colour text;",
        "ALTER TABLE items DROP COLUMN colour;");
    QTemporaryDir emptyBin;
    BackupOptions backup = options();
    backup.pgBinDir = emptyBin.path();

    MigrationWorker worker;
    QSignalSpy finished(&worker, &MigrationWorker::runFinished);
    QSignalSpy backedUp(&worker, &MigrationWorker::backupFinished);
    QSignalSpy started(&worker, &MigrationWorker::migrationStarted);
    worker.backupThenUp(7, m_settings, runOptions(), m_folder.path(), UpOptions {}, backup);

    ASSERT_EQ(finished.size(), 1);
    EXPECT_EQ(finished.first().at(0).toULongLong(), 7u);
    const RunReport report = finished.first().at(1).value<RunReport>();
    ASSERT_TRUE(report.error.has_value());
    EXPECT_EQ(report.error->kind, StrataError::Kind::Environment);
    EXPECT_TRUE(report.error->message.contains(emptyBin.path())) << report.error->toString().toStdString();
    EXPECT_TRUE(report.error->message.contains(QLatin1String("nothing was run")));
    EXPECT_TRUE(report.error->hint.contains(QLatin1String("pg_dump folder")));
    EXPECT_TRUE(report.plan.isEmpty());
    EXPECT_EQ(backedUp.size(), 0);
    EXPECT_EQ(started.size(), 0);
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("migrations"))) << "not even the history table";
    EXPECT_EQ(m_probe->scalar("SELECT count(*) FROM information_schema.columns WHERE column_name = 'colour'"),
        QStringLiteral("0"));
}

TEST_F(BackupJobTest, PgDumpOlderThanTheServerIsRefusedBeforeItRunsAndBeforeAnyMigration)
{
    // No real pg_dump older than the server is installed, so this folder holds a
    // stand-in pg_dump that only answers --version as PostgreSQL 11 would, and
    // leaves a mark if it is ever run for a dump. It exercises Strata's own
    // version check, which must refuse before pg_dump runs. pg_restore is the real one.
    QTemporaryDir oldBin;
    const QString marker = oldBin.filePath(QStringLiteral("ran"));
    {
        QFile script(oldBin.filePath(QStringLiteral("pg_dump")));
        ASSERT_TRUE(script.open(QIODevice::WriteOnly));
        script.write(
            QStringLiteral("#!/bin/sh\n"
                           "if [ \"$1\" = --version ]; then echo 'pg_dump (PostgreSQL) 11.0'; exit 0; fi\n"
                           "touch '%1'\nexit 1\n")
                .arg(marker)
                .toUtf8());
        script.close();
        ASSERT_TRUE(
            script.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    }
    Result<std::unique_ptr<PgConnection>> c = PgConnection::open(m_settings);
    ASSERT_TRUE(c.ok());
    const QString serverVersion = (*c)->serverVersionString();
    c = StrataError {};
    const QString realRestore = QStandardPaths::findExecutable(QStringLiteral("pg_restore"),
        { QStringLiteral("/usr/lib/postgresql/15/bin"), QStringLiteral("/usr/bin") });
    ASSERT_FALSE(realRestore.isEmpty());
    ASSERT_TRUE(QFile::link(realRestore, oldBin.filePath(QStringLiteral("pg_restore"))));

    m_folder.add(1700000000001, QStringLiteral("AddColour"), "ALTER TABLE items ADD COLUMN colour text;",
        "ALTER TABLE items DROP COLUMN colour;");
    BackupOptions backup = options();
    backup.pgBinDir = oldBin.path();
    MigrationWorker worker;
    QSignalSpy finished(&worker, &MigrationWorker::runFinished);
    QSignalSpy dumpStarted(&worker, &MigrationWorker::backupStarted);
    worker.backupThenUp(8, m_settings, runOptions(), m_folder.path(), UpOptions {}, backup);

    ASSERT_EQ(finished.size(), 1);
    const RunReport report = finished.first().at(1).value<RunReport>();
    ASSERT_TRUE(report.error.has_value());
    const QString text = report.error->toString();
    EXPECT_EQ(report.error->kind, StrataError::Kind::Environment) << text.toStdString();
    EXPECT_TRUE(report.error->message.contains(QLatin1String("version 11.0"))) << text.toStdString();
    EXPECT_TRUE(report.error->message.contains(serverVersion)) << text.toStdString();
    EXPECT_TRUE(report.error->hint.contains(QLatin1String("--pg-bin"))) << text.toStdString();
    EXPECT_EQ(dumpStarted.size(), 0);
    EXPECT_FALSE(QFileInfo::exists(marker)) << "the old pg_dump was never run for a dump";
    EXPECT_TRUE(QDir(m_backups.path()).entryList(QDir::Files).isEmpty());
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("migrations")));
    EXPECT_EQ(m_probe->scalar("SELECT count(*) FROM information_schema.columns WHERE column_name = 'colour'"),
        QStringLiteral("0"));
}

TEST_F(BackupJobTest, UnwritableBackupFolderStopsTheRunBeforeAnyMigration)
{
    // A file where the folder should be: refused even for root, unlike a chmod.
    const QString notAFolder = m_backups.filePath(QStringLiteral("file"));
    {
        QFile f(notAFolder);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    }
    m_folder.add(1700000000001, QStringLiteral("AddColour"), "ALTER TABLE items ADD COLUMN colour text;",
        "ALTER TABLE items DROP COLUMN colour;");
    BackupOptions backup = options();
    backup.folder = notAFolder + QLatin1String("/sub");
    MigrationWorker worker;
    QSignalSpy finished(&worker, &MigrationWorker::runFinished);
    worker.backupThenUp(9, m_settings, runOptions(), m_folder.path(), UpOptions {}, backup);
    ASSERT_EQ(finished.size(), 1);
    const RunReport report = finished.first().at(1).value<RunReport>();
    ASSERT_TRUE(report.error.has_value());
    EXPECT_EQ(report.error->kind, StrataError::Kind::Io);
    EXPECT_TRUE(report.error->message.contains(QLatin1String("backup folder")))
        << report.error->toString().toStdString();
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("migrations")));
}

TEST_F(BackupJobTest, FailedMigrationAfterBackupThenRestoreReturnsTheDatabaseToTheDumpedState)
{
    m_folder.add(1700000000001, QStringLiteral("AddColour"), "ALTER TABLE items ADD COLUMN colour text;",
        "ALTER TABLE items DROP COLUMN colour;");
    MigrationWorker worker;
    QSignalSpy finished(&worker, &MigrationWorker::runFinished);
    worker.runUp(1, m_settings, runOptions(), m_folder.path(), UpOptions {});
    ASSERT_EQ(finished.size(), 1);
    ASSERT_TRUE(finished.last().at(1).value<RunReport>().ok());

    const QString itemsBefore = m_probe->scalar(itemsChecksum);
    const QString schemaBefore = m_probe->schemaFingerprint();
    ASSERT_EQ(m_probe->historyCount(), 1);

    // The second migration changes data and schema and commits; the third fails.
    m_folder.add(1700000000002, QStringLiteral("Reprice"),
        "UPDATE items SET price = 0; ALTER TABLE items ADD COLUMN note text DEFAULT 'x';",
        "ALTER TABLE items DROP COLUMN note;");
    m_folder.add(
        1700000000003, QStringLiteral("Broken"), "ALTER TABLE no_such_table ADD COLUMN x int;", "SELECT 1;");
    QSignalSpy backedUp(&worker, &MigrationWorker::backupFinished);
    QSignalSpy progress(&worker, &MigrationWorker::backupTableDumped);
    worker.backupThenUp(2, m_settings, runOptions(), m_folder.path(), UpOptions {}, options());
    ASSERT_EQ(backedUp.size(), 1);
    ASSERT_EQ(finished.size(), 2);
    const RunReport report = finished.last().at(1).value<RunReport>();
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.completed.size(), 1);
    EXPECT_EQ(progress.size(), 4) << "items, notes and the two history tables";
    const BackupResult backup = backedUp.first().at(1).value<BackupResult>();
    EXPECT_EQ(backedUp.first().at(0).toULongLong(), 2u);
    EXPECT_NE(m_probe->scalar(itemsChecksum), itemsBefore);
    EXPECT_EQ(m_probe->historyCount(), 2);

    RestoreOptions restore;
    restore.dumpPath = backup.path;
    QSignalSpy restored(&worker, &MigrationWorker::restoreFinished);
    worker.restoreBackup(3, m_settings, restore);
    ASSERT_EQ(restored.size(), 1);
    ASSERT_TRUE(restored.first().at(1).toBool())
        << restored.first().at(3).value<StrataError>().toString().toStdString();
    const RestoreResult result = restored.first().at(2).value<RestoreResult>();
    EXPECT_FALSE(result.createdDatabase);
    EXPECT_EQ(result.database, m_settings.database);
    EXPECT_TRUE(result.tablesNotInDump.isEmpty())
        << result.tablesNotInDump.join(QLatin1Char(' ')).toStdString();

    EXPECT_EQ(m_probe->scalar(itemsChecksum), itemsBefore);
    EXPECT_EQ(m_probe->schemaFingerprint(), schemaBefore);
    EXPECT_EQ(m_probe->historyCount(), 1);
}

TEST_F(BackupJobTest, RestoreReportsTablesCreatedAfterTheDump)
{
    BackupJob job(m_settings, options());
    Result<BackupResult> result = job.run();
    ASSERT_TRUE(result.ok()) << result.error().toString().toStdString();
    ASSERT_TRUE(m_probe->exec("CREATE TABLE later (id int); UPDATE items SET name = 'changed'"));
    RestoreOptions restore;
    restore.dumpPath = result->path;
    RestoreJob restoreJob(m_settings, restore);
    Result<RestoreResult> restored = restoreJob.run();
    ASSERT_TRUE(restored.ok()) << restored.error().toString().toStdString();
    EXPECT_EQ(restored->tablesNotInDump, QStringList { QStringLiteral("public.later") });
    EXPECT_EQ(m_probe->scalar("SELECT count(*) FROM items WHERE name = 'changed'"), QStringLiteral("0"));
}

TEST_F(BackupJobTest, RestoreOfSomethingThatIsNotADumpChangesNothing)
{
    const QString bogus = m_backups.filePath(QStringLiteral("bogus.dump"));
    {
        QFile f(bogus);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("not a dump");
    }
    RestoreOptions restore;
    restore.dumpPath = bogus;
    restore.newDatabase = m_settings.database + QLatin1String("_never");
    RestoreJob job(m_settings, restore);
    Result<RestoreResult> restored = job.run();
    ASSERT_FALSE(restored.ok());
    EXPECT_TRUE(restored.error().message.contains(QLatin1String("not a readable custom-format dump")))
        << restored.error().toString().toStdString();
    EXPECT_EQ(m_probe->scalar(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = '%1'")
                                  .arg(restore.newDatabase)
                                  .toUtf8()),
        QStringLiteral("0"));
}

TEST_F(BackupJobTest, CancelDuringTheDumpRemovesThePartialFileAndRunsNoMigration)
{
    m_folder.add(1700000000001, QStringLiteral("AddColour"), "ALTER TABLE items ADD COLUMN colour text;",
        "ALTER TABLE items DROP COLUMN colour;");
    // pg_dump waits on this lock, so the cancel certainly lands while it runs.
    DbProbe blocker(m_settings);
    ASSERT_TRUE(blocker.exec("BEGIN; LOCK TABLE items IN ACCESS EXCLUSIVE MODE"));
    MigrationWorker worker;
    QSignalSpy finished(&worker, &MigrationWorker::runFinished);
    QSignalSpy backedUp(&worker, &MigrationWorker::backupFinished);
    QString partial;
    QObject::connect(&worker, &MigrationWorker::backupStarted, [&](quint64, const QString &path, int) {
        partial = path + QLatin1String(".partial");
        // From "another thread" as the GUI would; the worker is inside the job.
        worker.cancel();
    });
    worker.backupThenUp(11, m_settings, runOptions(), m_folder.path(), UpOptions {}, options());
    blocker.exec("ROLLBACK");

    ASSERT_EQ(finished.size(), 1);
    const RunReport report = finished.first().at(1).value<RunReport>();
    ASSERT_TRUE(report.error.has_value());
    EXPECT_EQ(report.error->kind, StrataError::Kind::Cancelled) << report.error->toString().toStdString();
    EXPECT_EQ(backedUp.size(), 0);
    ASSERT_FALSE(partial.isEmpty());
    EXPECT_FALSE(QFileInfo::exists(partial));
    EXPECT_TRUE(QDir(m_backups.path()).entryList(QDir::Files).isEmpty());
    EXPECT_EQ(m_probe->historyCount(), 0);
    EXPECT_EQ(m_probe->scalar("SELECT count(*) FROM information_schema.columns WHERE column_name = 'colour'"),
        QStringLiteral("0"));

    // The catalog (what the GUI's backups list asks the worker for) is empty too.
    QSignalSpy listed(&worker, &MigrationWorker::backupsListed);
    worker.listBackups(12, m_backups.path(), QStringLiteral("test"), m_settings.database);
    ASSERT_EQ(listed.size(), 1);
    EXPECT_TRUE(listed.first().at(1).value<BackupFileList>().isEmpty());
}

// Issue 15: the app's backup-then-migrate took the dump and only then found the
// folder malformed (or the run a dry run); the CLI refused both before the dump.
// Both faces now run one workflow (service/BackupThenMigrate): refused first, no dump.
TEST_F(BackupJobTest, MalformedFolderOrDryRunIsRefusedBeforeTheDump)
{
    m_folder.add(1700000000001, QStringLiteral("AddColour"), "ALTER TABLE items ADD COLUMN colour text;",
        "ALTER TABLE items DROP COLUMN colour;");
    m_folder.write(
        QStringLiteral("not-a-migration.sql"), "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n");
    MigrationWorker worker;
    QSignalSpy finished(&worker, &MigrationWorker::runFinished);
    QSignalSpy dumpStarted(&worker, &MigrationWorker::backupStarted);
    worker.backupThenUp(13, m_settings, runOptions(), m_folder.path(), UpOptions {}, options());
    ASSERT_EQ(finished.size(), 1);
    RunReport report = finished.takeFirst().at(1).value<RunReport>();
    ASSERT_TRUE(report.error.has_value());
    EXPECT_EQ(report.error->kind, StrataError::Kind::Source) << report.error->toString().toStdString();
    EXPECT_TRUE(
        report.error->message.startsWith(QLatin1String("1 malformed migration file(s); nothing was run")))
        << report.error->toString().toStdString();
    EXPECT_TRUE(report.error->detail.contains(QLatin1String("not-a-migration.sql")));
    EXPECT_EQ(dumpStarted.size(), 0);
    EXPECT_TRUE(QDir(m_backups.path()).entryList(QDir::Files).isEmpty());
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("migrations"))) << "not even the history table";

    ASSERT_TRUE(m_folder.remove(QStringLiteral("not-a-migration.sql")));
    RunOptions dryRun = runOptions();
    dryRun.dryRun = true;
    worker.backupThenUp(14, m_settings, dryRun, m_folder.path(), UpOptions {}, options());
    ASSERT_EQ(finished.size(), 1);
    report = finished.takeFirst().at(1).value<RunReport>();
    ASSERT_TRUE(report.error.has_value());
    EXPECT_EQ(report.error->kind, StrataError::Kind::Usage) << report.error->toString().toStdString();
    EXPECT_TRUE(report.error->message.contains(QLatin1String("nothing to back up for")))
        << report.error->toString().toStdString();
    EXPECT_EQ(dumpStarted.size(), 0);
    EXPECT_TRUE(QDir(m_backups.path()).entryList(QDir::Files).isEmpty());
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("migrations")));
    EXPECT_EQ(m_probe->scalar("SELECT count(*) FROM information_schema.columns WHERE column_name = 'colour'"),
        QStringLiteral("0"));
}
