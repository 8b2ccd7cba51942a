#include "migration/MigrationName.h"
#include "migration/MigrationFileParser.h"
#include "migration/MigrationSource.h"
#include "support/MigrationFolder.h"

#include <gtest/gtest.h>

namespace {

struct NameCase
{
    const char *historyName; // as TypeORM records it
    const char *fileName; // the Strata file that records the same row
    qint64 timestamp; // TypeORM's parseInt(name.slice(-13), 10)
};

// The class names seen in public TypeORM projects (issue 12), TypeORM's own
// parseInt rule at its edges, and `name` properties a file name cannot hold as is.
const NameCase everyStyle[] = {
    { "AddUsers1700000000000", "1700000000000-AddUsers.sql", 1700000000000 },
    { "initialSchema1611063162649", "1611063162649-initialSchema.sql", 1611063162649 },
    { "createdAt1644332647279", "1644332647279-createdAt.sql", 1644332647279 },
    { "claims1612284947120", "1612284947120-claims.sql", 1612284947120 },
    { "Initial0000000000001", "0000000000001-Initial.sql", 1 },
    { "add_user_table1600000000000", "1600000000000-add_user_table.sql", 1600000000000 },
    // 14 trailing digits: TypeORM reads the last 13, the 14th belongs to the name.
    { "Migration16000000000001", "6000000000001-Migration1.sql", 6000000000001 },
    // A `name` property can hold what a file name cannot.
    { "feature/add-users 1700000000000", "1700000000000-feature%2Fadd-users .sql", 1700000000000 },
    { "100%done1700000000000", "1700000000000-100%25done.sql", 1700000000000 },
    { "Миграция1700000000000", "1700000000000-Миграция.sql", 1700000000000 },
    { "1700000000000", "1700000000000-.sql", 1700000000000 },
};

} // namespace

TEST(MigrationName, EveryNameTypeOrmRecordsHasAFileThatRecordsTheSameRow)
{
    for (const NameCase &c : everyStyle) {
        const QString historyName = QString::fromUtf8(c.historyName);
        MigrationName fromHistory;
        QString reason;
        ASSERT_TRUE(MigrationName::fromHistoryName(historyName, &fromHistory, &reason))
            << c.historyName << ": " << reason.toStdString();
        EXPECT_EQ(fromHistory.timestamp(), c.timestamp) << c.historyName;
        EXPECT_EQ(fromHistory.fileName(), QString::fromUtf8(c.fileName)) << c.historyName;

        // The file parses back to the same row.
        const Result<Migration> parsed = MigrationFileParser::parse(
            QStringLiteral("/p/") + fromHistory.fileName(), "-- migrate:up\nSELECT 1;\n");
        ASSERT_TRUE(parsed.ok()) << c.fileName << ": " << parsed.error().toString().toStdString();
        EXPECT_EQ(parsed->historyName(), historyName);
        EXPECT_EQ(parsed->timestamp, c.timestamp) << c.fileName;
    }
}

TEST(MigrationName, NamesTypeOrmRefusesOrThatCannotEndInTheirTimestampAreRefusedWithTheReason)
{
    MigrationName name;
    QString reason;
    EXPECT_FALSE(MigrationName::fromHistoryName(QStringLiteral("Initial1"), &name, &reason));
    EXPECT_TRUE(reason.contains(QLatin1String("TypeORM refuses such a migration too")))
        << reason.toStdString();
    EXPECT_FALSE(MigrationName::fromHistoryName(QStringLiteral("Init0000000000000"), &name, &reason));
    EXPECT_TRUE(reason.contains(QLatin1String("timestamp 0"))) << reason.toStdString();
    // parseInt("4567890123abc") is 4567890123: TypeORM runs it, but no file name
    // can end in that timestamp.
    EXPECT_FALSE(MigrationName::fromHistoryName(QStringLiteral("Foo1234567890123abc"), &name, &reason));
    EXPECT_TRUE(reason.contains(QLatin1String("TypeORM reads the timestamp 4567890123")))
        << reason.toStdString();
}

TEST(MigrationName, NewStillWritesPascalCaseNames)
{
    MigrationFolder folder;
    EXPECT_FALSE(MigrationSource::createMigration(folder.path(), QStringLiteral("add_users")).ok());
    const Result<QString> created
        = MigrationSource::createMigration(folder.path(), QStringLiteral("AddUsers"));
    ASSERT_TRUE(created.ok()) << created.error().toString().toStdString();
    EXPECT_TRUE(created->endsWith(QLatin1String("-AddUsers.sql")));
}

TEST(MigrationName, AFolderOfEveryNamingStyleScansInTypeOrmsOrder)
{
    MigrationFolder folder;
    folder.write(QStringLiteral("1611063162649-initialSchema.sql"), "-- migrate:up\nSELECT 1;\n");
    folder.write(QStringLiteral("0000000000001-Initial.sql"), "-- migrate:up\nSELECT 1;\n");
    folder.write(QStringLiteral("1612284947120-claims.sql"), "-- migrate:up\nSELECT 1;\n");
    const Result<MigrationSource::Scan> scan = MigrationSource::scan(folder.path());
    ASSERT_TRUE(scan.ok());
    ASSERT_TRUE(scan->problems.isEmpty()) << scan->problems.first().toString().toStdString();
    QStringList names;
    for (const Migration &m : scan->migrations)
        names << m.historyName();
    EXPECT_EQ(names,
        (QStringList { QStringLiteral("Initial0000000000001"), QStringLiteral("initialSchema1611063162649"),
            QStringLiteral("claims1612284947120") }));
}
