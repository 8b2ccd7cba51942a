// The checksum cache behind `status`: unchanged files are not read again, and
// no edit can hide behind a remembered checksum, however it was made.
#include "migration/MigrationFileCache.h"
#include "migration/MigrationSource.h"
#include "planner/MigrationPlanner.h"
#include "support/MigrationFolder.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QThread>

#include <gtest/gtest.h>

namespace {

using Depth = MigrationSource::ScanDepth;

class MigrationFileCacheTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_cacheDir.isValid());
        for (int i = 0; i < 20; ++i)
            m_folder.add(1700000000000 + i, QStringLiteral("Step%1").arg(i),
                QStringLiteral("CREATE TABLE t%1 (id int);").arg(i).toUtf8(),
                QStringLiteral("DROP TABLE t%1;").arg(i).toUtf8());
        m_folder.add(1700000001000, QStringLiteral("NoTransaction"),
            "CREATE INDEX CONCURRENTLY i ON t0 (id);", "DROP INDEX CONCURRENTLY i;", "transaction:false");
        settle();
    }

    // Files written in the last seconds are not remembered (racily clean):
    // wait until the ones written so far are older than that.
    static void settle() { QThread::msleep((MigrationFileCache::settleSeconds + 1) * 1000); }

    MigrationSource::Scan scan(Depth depth) const
    {
        Result<MigrationSource::Scan> scan = MigrationSource::scan(m_folder.path(), depth, cacheFile());
        EXPECT_TRUE(scan.ok()) << qPrintable(scan ? QString() : scan.error().toString());
        return scan ? *scan : MigrationSource::Scan {};
    }

    QString cacheFile() const { return m_cacheDir.filePath(QStringLiteral("checksums.cache")); }
    QString pathOf(const QString &name) const
    {
        for (const Migration &m : scan(Depth::Full).migrations)
            if (m.name == name)
                return m.filePath;
        ADD_FAILURE() << "no migration " << qPrintable(name);
        return {};
    }
    static const Migration *find(const MigrationSource::Scan &scan, const QString &name)
    {
        for (const Migration &m : scan.migrations)
            if (m.name == name)
                return &m;
        return nullptr;
    }
    // Status and a full scan agree on every migration's checksum and options.
    static void expectSameMetadata(const MigrationSource::Scan &status, const MigrationSource::Scan &full)
    {
        ASSERT_EQ(status.migrations.size(), full.migrations.size());
        for (qsizetype i = 0; i < full.migrations.size(); ++i) {
            const Migration &s = status.migrations.at(i);
            const Migration &f = full.migrations.at(i);
            EXPECT_EQ(s.filePath, f.filePath);
            EXPECT_EQ(s.historyName(), f.historyName());
            EXPECT_EQ(s.checksum, f.checksum) << qPrintable(f.filePath);
            EXPECT_EQ(s.transactional, f.transactional) << qPrintable(f.filePath);
            EXPECT_EQ(s.up.present, f.up.present);
            EXPECT_EQ(s.down.present, f.down.present);
        }
        EXPECT_EQ(status.problems.size(), full.problems.size());
    }

    MigrationFolder m_folder;
    QTemporaryDir m_cacheDir;
};

TEST_F(MigrationFileCacheTest, UnchangedFilesAreNotReadAgainForStatus)
{
    const MigrationSource::Scan first = scan(Depth::ForStatus);
    EXPECT_EQ(first.filesRead, 21);
    EXPECT_TRUE(QFileInfo::exists(cacheFile()));
    const MigrationSource::Scan second = scan(Depth::ForStatus);
    EXPECT_EQ(second.filesRead, 0);
    const MigrationSource::Scan full = scan(Depth::Full);
    EXPECT_EQ(full.filesRead, 21); // what runs and lints needs every file's text
    expectSameMetadata(second, full);
    const Migration *noTransaction = find(second, QStringLiteral("NoTransaction"));
    ASSERT_NE(noTransaction, nullptr);
    EXPECT_FALSE(noTransaction->transactional);
    EXPECT_FALSE(noTransaction->contentLoaded);
    EXPECT_TRUE(noTransaction->text.isEmpty());
    const Migration *fullyRead = find(full, QStringLiteral("NoTransaction"));
    ASSERT_NE(fullyRead, nullptr);
    EXPECT_TRUE(fullyRead->contentLoaded);
}

TEST_F(MigrationFileCacheTest, AnEditKeepingSizeAndModificationTimeIsStillSeen)
{
    scan(Depth::ForStatus);
    const QString path = pathOf(QStringLiteral("Step7"));
    const QFileInfo before(path);
    const QDateTime modified = before.lastModified();
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadWrite));
    QByteArray bytes = file.readAll();
    const qsizetype at = bytes.indexOf("t7 (id int)");
    ASSERT_GE(at, 0);
    bytes[at + 1] = '8'; // t7 -> t8: same size
    ASSERT_TRUE(file.seek(0));
    ASSERT_EQ(file.write(bytes), bytes.size());
    file.close();
    // Put the modification time back, as a careless tool or a restore might.
    ASSERT_TRUE(file.open(QIODevice::ReadWrite));
    ASSERT_TRUE(file.setFileTime(modified, QFileDevice::FileModificationTime));
    file.close();
    const QFileInfo after(path);
    ASSERT_EQ(after.size(), before.size());
    ASSERT_EQ(after.lastModified(), modified);

    const MigrationSource::Scan status = scan(Depth::ForStatus);
    EXPECT_EQ(status.filesRead, 1);
    expectSameMetadata(status, scan(Depth::Full));
}

TEST_F(MigrationFileCacheTest, AFileReplacedByARenameIsStillSeen)
{
    const MigrationSource::Scan first = scan(Depth::ForStatus);
    const QString path = pathOf(QStringLiteral("Step3"));
    const QDateTime modified = QFileInfo(path).lastModified();
    QFile original(path);
    ASSERT_TRUE(original.open(QIODevice::ReadOnly));
    QByteArray bytes = original.readAll();
    original.close();
    bytes.replace("t3 (id int)", "t3 (ix int)");
    // A new file with the same size and times, renamed over the old one (what
    // editors and `git checkout` do): only the inode tells them apart.
    const QString replacement = path + QStringLiteral(".new");
    QFile file(replacement);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    ASSERT_EQ(file.write(bytes), bytes.size());
    ASSERT_TRUE(file.flush());
    ASSERT_TRUE(file.setFileTime(modified, QFileDevice::FileModificationTime));
    file.close();
    const qint64 size = QFileInfo(path).size();
    ASSERT_TRUE(QFile::remove(path));
    ASSERT_TRUE(QFile::rename(replacement, path));
    ASSERT_EQ(QFileInfo(path).size(), size);
    ASSERT_EQ(QFileInfo(path).lastModified(), modified);

    const MigrationSource::Scan status = scan(Depth::ForStatus);
    EXPECT_EQ(status.filesRead, 1);
    const MigrationSource::Scan full = scan(Depth::Full);
    expectSameMetadata(status, full);
    const Migration *now = find(status, QStringLiteral("Step3"));
    const Migration *before = find(first, QStringLiteral("Step3"));
    ASSERT_TRUE(now && before);
    EXPECT_NE(now->checksum, before->checksum);
}

TEST_F(MigrationFileCacheTest, AFileWrittenJustNowIsReadUntilItSettles)
{
    scan(Depth::ForStatus);
    const QString path = pathOf(QStringLiteral("Step5"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::Append));
    file.write("-- a note\n");
    file.close();
    // A second write within the file system's timestamp granularity could
    // leave its stamp as it is now, so the file is not remembered yet.
    EXPECT_EQ(scan(Depth::ForStatus).filesRead, 1);
    EXPECT_EQ(scan(Depth::ForStatus).filesRead, 1);
    settle();
    EXPECT_EQ(scan(Depth::ForStatus).filesRead, 1);
    EXPECT_EQ(scan(Depth::ForStatus).filesRead, 0);
    expectSameMetadata(scan(Depth::ForStatus), scan(Depth::Full));
}

TEST_F(MigrationFileCacheTest, ADamagedOrForeignCacheIsNotUsed)
{
    const MigrationSource::Scan full = scan(Depth::Full);
    ASSERT_EQ(scan(Depth::ForStatus).filesRead, 0);
    QFile cache(cacheFile());
    ASSERT_TRUE(cache.open(QIODevice::ReadWrite));
    const QByteArray bytes = cache.readAll();
    cache.close();

    // Cut short: nothing of it is trusted.
    ASSERT_TRUE(cache.open(QIODevice::WriteOnly | QIODevice::Truncate));
    cache.write(bytes.left(bytes.size() / 2));
    cache.close();
    MigrationSource::Scan status = scan(Depth::ForStatus);
    EXPECT_EQ(status.filesRead, 21);
    expectSameMetadata(status, full);
    EXPECT_EQ(scan(Depth::ForStatus).filesRead, 0); // rewritten whole

    // Garbage.
    ASSERT_TRUE(cache.open(QIODevice::WriteOnly | QIODevice::Truncate));
    cache.write(QByteArray(4096, '\x5a'));
    cache.close();
    status = scan(Depth::ForStatus);
    EXPECT_EQ(status.filesRead, 21);
    expectSameMetadata(status, full);

    // Another folder's cache (same files, copied elsewhere) is not this one's.
    MigrationFolder other;
    for (const Migration &m : full.migrations)
        QFile::copy(m.filePath, other.path() + QLatin1Char('/') + m.fileName());
    Result<MigrationSource::Scan> elsewhere
        = MigrationSource::scan(other.path(), Depth::ForStatus, cacheFile());
    ASSERT_TRUE(elsewhere.ok());
    EXPECT_EQ(elsewhere->filesRead, 21);
}

TEST_F(MigrationFileCacheTest, MalformedAndRemovedFilesAreNeverRemembered)
{
    m_folder.write(QStringLiteral("1700000002000-Broken.sql"), "CREATE TABLE x (id int);\n");
    settle();
    for (int i = 0; i < 2; ++i) {
        const MigrationSource::Scan status = scan(Depth::ForStatus);
        EXPECT_EQ(status.filesRead, i == 0 ? 22 : 1); // the broken file is read every time
        ASSERT_EQ(status.problems.size(), 1);
        EXPECT_TRUE(status.problems.first().file.endsWith(QLatin1String("1700000002000-Broken.sql")));
    }
    ASSERT_TRUE(m_folder.remove(QStringLiteral("1700000000004-Step4.sql")));
    const MigrationSource::Scan status = scan(Depth::ForStatus);
    EXPECT_EQ(status.migrations.size(), 20);
    EXPECT_EQ(find(status, QStringLiteral("Step4")), nullptr);
}

TEST_F(MigrationFileCacheTest, AMigrationScannedForStatusCannotBeRun)
{
    scan(Depth::ForStatus);
    const MigrationSource::Scan status = scan(Depth::ForStatus);
    ASSERT_EQ(status.filesRead, 0);
    const MigrationStatusList statuses = MigrationPlanner::statuses(status.migrations, {});
    Result<Plan> plan = MigrationPlanner::planUp(statuses, {});
    ASSERT_TRUE(plan.ok());
    ASSERT_FALSE(plan->isEmpty());
    const std::optional<StrataError> refused
        = MigrationPlanner::refusal(plan->first().migration, PlanStep::Direction::Up);
    ASSERT_TRUE(refused.has_value());
    EXPECT_TRUE(refused->message.contains(QLatin1String("status only"))) << qPrintable(refused->message);
}

} // namespace
