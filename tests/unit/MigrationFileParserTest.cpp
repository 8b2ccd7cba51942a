#include "migration/MigrationFileParser.h"
#include "migration/MigrationSource.h"
#include "support/MigrationFolder.h"

#include <QDir>
#include <QFile>

#include <gtest/gtest.h>

namespace {
const QString path = QStringLiteral("/p/1764460800000-CreateUsers.sql");
}

TEST(MigrationFileParser, ReadsNameTimestampAndBothSections)
{
    const QByteArray text
        = "-- header comment\n\n-- migrate:up\nCREATE TABLE users (id int);\n-- migrate:down\n"
          "DROP TABLE users;\n";
    Result<Migration> m = MigrationFileParser::parse(path, text);
    ASSERT_TRUE(m.ok()) << qPrintable(m.error().toString());
    EXPECT_EQ(m->timestamp, 1764460800000);
    EXPECT_EQ(m->name, QStringLiteral("CreateUsers"));
    EXPECT_EQ(m->historyName(), QStringLiteral("CreateUsers1764460800000"));
    EXPECT_TRUE(m->transactional);
    EXPECT_EQ(m->up.sql, QByteArray("CREATE TABLE users (id int);\n"));
    EXPECT_EQ(m->down.sql, QByteArray("DROP TABLE users;\n"));
    // Section offsets point into the file text.
    EXPECT_EQ(m->text.mid(m->up.fileOffset, 6), QByteArray("CREATE"));
    EXPECT_EQ(m->text.mid(m->down.fileOffset, 4), QByteArray("DROP"));
}

TEST(MigrationFileParser, TransactionFalseOption)
{
    Result<Migration> m = MigrationFileParser::parse(path,
        "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- migrate:down\nDROP INDEX "
        "i;\n");
    ASSERT_TRUE(m.ok());
    EXPECT_FALSE(m->transactional);
}

TEST(MigrationFileParser, DownSectionIsOptional)
{
    Result<Migration> m = MigrationFileParser::parse(path, "-- migrate:up\nSELECT 1;\n");
    ASSERT_TRUE(m.ok());
    EXPECT_FALSE(m->down.present);
    EXPECT_TRUE(m->down.sql.isEmpty());
}

TEST(MigrationFileParser, ChecksumIgnoresLineEndingsBomAndTrailingBlanks)
{
    const QByteArray unix = "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n";
    const QByteArray windows
        = "\xEF\xBB\xBF-- migrate:up\r\nSELECT 1;  \r\n-- migrate:down\r\nSELECT 2;\r\n\r\n";
    Result<Migration> a = MigrationFileParser::parse(path, unix);
    Result<Migration> b = MigrationFileParser::parse(path, windows);
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(a->checksum, b->checksum);
    EXPECT_EQ(a->checksum.size(), 64);
    Result<Migration> c
        = MigrationFileParser::parse(path, "-- migrate:up\nSELECT 3;\n-- migrate:down\nSELECT 2;\n");
    ASSERT_TRUE(c.ok());
    EXPECT_NE(a->checksum, c->checksum);
}

TEST(MigrationSource, SortsByTimestampAndIgnoresOtherFiles)
{
    MigrationFolder folder;
    folder.add(1700000000002, QStringLiteral("Second"), "SELECT 2;", "SELECT 2;");
    folder.add(1700000000001, QStringLiteral("First"), "SELECT 1;", "SELECT 1;");
    folder.write(QStringLiteral("README.md"), "not a migration");
    Result<MigrationSource::Scan> scan = MigrationSource::scan(folder.path());
    ASSERT_TRUE(scan.ok());
    EXPECT_TRUE(scan->problems.isEmpty());
    ASSERT_EQ(scan->migrations.size(), 2);
    EXPECT_EQ(scan->migrations[0].name, QStringLiteral("First"));
    EXPECT_EQ(scan->migrations[1].name, QStringLiteral("Second"));
}

TEST(MigrationSource, MissingFolderIsAnErrorNamingIt)
{
    Result<MigrationSource::Scan> scan
        = MigrationSource::scan(QStringLiteral("/nonexistent/strata/migrations"));
    ASSERT_FALSE(scan.ok());
    EXPECT_TRUE(scan.error().toString().contains(QLatin1String("/nonexistent/strata/migrations")));
}

TEST(MigrationSource, CreateMigrationWritesEmptySectionsWithIncreasingTimestamps)
{
    MigrationFolder folder;
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(1764460800000, Qt::UTC);
    Result<QString> first
        = MigrationSource::createMigration(folder.path(), QStringLiteral("AddUserEmail"), now);
    Result<QString> second
        = MigrationSource::createMigration(folder.path(), QStringLiteral("AddUserPhone"), now);
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(second.ok());
    EXPECT_TRUE(first->endsWith(QLatin1String("/1764460800000-AddUserEmail.sql")));
    EXPECT_TRUE(second->endsWith(QLatin1String("/1764460800001-AddUserPhone.sql")));
    QFile f(*first);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    EXPECT_TRUE(text.contains("-- migrate:up"));
    EXPECT_TRUE(text.contains("-- migrate:down"));
    Result<MigrationSource::Scan> bad = MigrationSource::scan(folder.path());
    ASSERT_TRUE(bad.ok());
    Result<QString> invalid
        = MigrationSource::createMigration(folder.path(), QStringLiteral("add user"), now);
    EXPECT_FALSE(invalid.ok());
}

TEST(MigrationFileParser, AnUpMeantToRunNothingSaysSo)
{
    const QByteArray empty = "-- migrate:up\n-- nothing yet\n-- migrate:down\n";
    const Result<Migration> refused = MigrationFileParser::parse(path, empty);
    ASSERT_FALSE(refused.ok());
    EXPECT_TRUE(refused.error().message.contains(QLatin1String("empty:true")))
        << refused.error().toString().toStdString();

    const Result<Migration> meant = MigrationFileParser::parse(
        path, "-- migrate:up empty:true\n-- up() runs no SQL\n-- migrate:down\n");
    ASSERT_TRUE(meant.ok()) << meant.error().toString().toStdString();
    EXPECT_TRUE(meant->emptyAllowed);
    EXPECT_TRUE(meant->transactional);
}
