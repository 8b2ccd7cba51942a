// DriftReport without a database: statuses built by hand.
#include "planner/DriftReport.h"

#include <gtest/gtest.h>

namespace {

MigrationStatus appliedStatus(MigrationState state, bool withFile, bool hasDetails = true)
{
    MigrationStatus s;
    s.state = state;
    s.timestamp = 1764460800000;
    s.name = QStringLiteral("CreateAccounts1764460800000");
    AppliedMigration a;
    a.timestamp = s.timestamp;
    a.name = s.name;
    a.hasDetails = hasDetails;
    a.checksum = QStringLiteral("old");
    a.upSql = "CREATE TABLE accounts (id int);";
    a.downSql = "DROP TABLE accounts;";
    s.applied = a;
    if (withFile) {
        Migration m;
        m.timestamp = s.timestamp;
        m.name = QStringLiteral("CreateAccounts");
        m.filePath = QStringLiteral("/m/1764460800000-CreateAccounts.sql");
        m.checksum = QStringLiteral("new");
        m.up.sql = "CREATE TABLE accounts (id bigint);";
        m.down.sql = "DROP TABLE accounts;";
        s.file = m;
    }
    return s;
}

} // namespace

TEST(DriftReportTest, OnlyEditedAndMissingMigrationsAreDrift)
{
    MigrationStatus pending;
    pending.state = MigrationState::Pending;
    const DriftReport report
        = DriftReport::fromStatuses({ appliedStatus(MigrationState::Applied, true), pending,
                                        appliedStatus(MigrationState::Edited, true) },
            QStringLiteral("/m"));
    ASSERT_EQ(report.entries().size(), 1);
    const DriftReport::Entry &e = report.entries().first();
    EXPECT_EQ(e.state, MigrationState::Edited);
    EXPECT_EQ(e.filePath, QStringLiteral("/m/1764460800000-CreateAccounts.sql"));
    EXPECT_EQ(e.recordedChecksum, QStringLiteral("old"));
    EXPECT_EQ(e.currentChecksum, QStringLiteral("new"));
    EXPECT_TRUE(e.sqlRecorded);
    EXPECT_TRUE(e.upDiffers());
    EXPECT_FALSE(e.downDiffers());
    EXPECT_TRUE(DriftReport::fromStatuses({ appliedStatus(MigrationState::Applied, true) }, {}).isEmpty());
}

TEST(DriftReportTest, AMissingFileIsNamedFromTheHistory)
{
    const DriftReport report = DriftReport::fromStatuses(
        { appliedStatus(MigrationState::Missing, false, false) }, QStringLiteral("/m"));
    ASSERT_EQ(report.entries().size(), 1);
    const DriftReport::Entry &e = report.entries().first();
    EXPECT_EQ(e.state, MigrationState::Missing);
    EXPECT_EQ(e.filePath, QStringLiteral("/m/1764460800000-CreateAccounts.sql"));
    EXPECT_FALSE(e.sqlRecorded) << "applied by TypeORM: nothing recorded to compare";
    EXPECT_TRUE(e.currentChecksum.isEmpty());
}
