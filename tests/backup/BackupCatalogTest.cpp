// The backup folder's naming: what the pre-flight's "last backup age", the
// backups list and `strata-cli backups` read.
#include "backup/BackupCatalog.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

void touch(const QString &path, const QByteArray &bytes = QByteArrayLiteral("x"))
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly)) << path.toStdString();
    f.write(bytes);
}

} // namespace

TEST(BackupCatalogTest, NamesSplitBackIntoProfileDatabaseAndTime)
{
    const QDateTime at(QDate(2026, 11, 26), QTime(7, 15, 0), Qt::UTC);
    QTemporaryDir dir;
    const QString name = BackupCatalog::fileNameFor(
        dir.path(), QStringLiteral("staging-eu"), QStringLiteral("shop db/ü"), at);
    EXPECT_EQ(name, QStringLiteral("staging_eu-shop_db__-20261126T071500Z.dump"));
    BackupFile parsed;
    ASSERT_TRUE(BackupCatalog::parseFileName(name, &parsed));
    EXPECT_EQ(parsed.profile, QStringLiteral("staging_eu"));
    EXPECT_EQ(parsed.database, QStringLiteral("shop_db__"));
    EXPECT_EQ(parsed.createdAt, at);
    EXPECT_EQ(parsed.createdAt.timeSpec(), Qt::UTC);

    EXPECT_FALSE(BackupCatalog::parseFileName(QStringLiteral("notes.dump"), &parsed));
    EXPECT_FALSE(BackupCatalog::parseFileName(name + QLatin1String(".partial"), &parsed));
    EXPECT_EQ(BackupCatalog::sanitise(QStringLiteral("..")), QStringLiteral("_.."));
    EXPECT_EQ(BackupCatalog::sanitise(QString()), QStringLiteral("_"));
}

TEST(BackupCatalogTest, ASecondDumpInTheSameSecondGetsASuffix)
{
    const QDateTime at(QDate(2026, 11, 26), QTime(7, 15, 0), Qt::UTC);
    QTemporaryDir dir;
    const QString first
        = BackupCatalog::fileNameFor(dir.path(), QStringLiteral("p"), QStringLiteral("d"), at);
    touch(dir.filePath(first));
    const QString second
        = BackupCatalog::fileNameFor(dir.path(), QStringLiteral("p"), QStringLiteral("d"), at);
    EXPECT_EQ(second, QStringLiteral("p-d-20261126T071500Z_2.dump"));
    // A dump still being written also holds its name.
    touch(dir.filePath(second + QLatin1String(".partial")));
    EXPECT_EQ(BackupCatalog::fileNameFor(dir.path(), QStringLiteral("p"), QStringLiteral("d"), at),
        QStringLiteral("p-d-20261126T071500Z_3.dump"));
}

TEST(BackupCatalogTest, ListsNewestFirstWithSizesAndFilters)
{
    QTemporaryDir dir;
    touch(dir.filePath(QStringLiteral("prod-shop-20261120T100000Z.dump")), QByteArray(10, 'a'));
    touch(dir.filePath(QStringLiteral("prod-shop-20261126T071500Z.dump")), QByteArray(30, 'a'));
    touch(dir.filePath(QStringLiteral("prod-shop-20261126T071500Z_2.dump")), QByteArray(20, 'a'));
    touch(dir.filePath(QStringLiteral("prod-other-20261127T000000Z.dump")));
    touch(dir.filePath(QStringLiteral("prod-shop-20261128T000000Z.dump.partial")));
    touch(dir.filePath(QStringLiteral("readme.txt")));

    const BackupFileList shop
        = BackupCatalog::list(dir.path(), QStringLiteral("prod"), QStringLiteral("shop"));
    ASSERT_EQ(shop.size(), 3);
    EXPECT_EQ(shop[0].fileName, QStringLiteral("prod-shop-20261126T071500Z_2.dump"));
    EXPECT_EQ(shop[0].sizeBytes, 20);
    EXPECT_EQ(shop[1].fileName, QStringLiteral("prod-shop-20261126T071500Z.dump"));
    EXPECT_EQ(shop[1].sizeBytes, 30);
    EXPECT_EQ(shop[2].fileName, QStringLiteral("prod-shop-20261120T100000Z.dump"));
    EXPECT_EQ(shop[2].path, QDir(dir.path()).absoluteFilePath(shop[2].fileName));

    const BackupFileList all = BackupCatalog::list(dir.path());
    ASSERT_EQ(all.size(), 4);
    EXPECT_EQ(all[0].database, QStringLiteral("other"));
    EXPECT_TRUE(BackupCatalog::list(dir.path(), QStringLiteral("staging")).isEmpty());
    EXPECT_TRUE(BackupCatalog::list(dir.filePath(QStringLiteral("missing"))).isEmpty());
}

TEST(BackupCatalogTest, DefaultFolderIsPerProfileUnderAppData)
{
    const QString folder = BackupCatalog::defaultFolder(QStringLiteral("my profile"));
    EXPECT_TRUE(folder.endsWith(QLatin1String("/backups/my_profile"))) << folder.toStdString();
    EXPECT_TRUE(BackupCatalog::defaultFolder(QString()).endsWith(QLatin1String("/backups/default")));
}
