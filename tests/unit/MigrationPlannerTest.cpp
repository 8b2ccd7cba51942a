#include "planner/MigrationPlanner.h"
#include "migration/MigrationFileParser.h"

#include <gtest/gtest.h>

namespace {

Migration file(qint64 timestamp, const char *name, const QByteArray &up = "SELECT 1;",
    const QByteArray &down = "SELECT 2;")
{
    const QString path = QStringLiteral("/m/%1-%2.sql").arg(timestamp).arg(QLatin1String(name));
    Result<Migration> m
        = MigrationFileParser::parse(path, "-- migrate:up\n" + up + "\n-- migrate:down\n" + down + "\n");
    EXPECT_TRUE(m.ok());
    return *m;
}

AppliedMigration applied(qint64 id, const Migration &m, bool withDetails = true)
{
    AppliedMigration a;
    a.id = id;
    a.timestamp = m.timestamp;
    a.name = m.historyName();
    a.hasDetails = withDetails;
    if (withDetails) {
        a.checksum = m.checksum;
        a.downSql = m.down.sql;
        a.upSql = m.up.sql;
    }
    return a;
}

} // namespace

TEST(MigrationPlanner, StatesFromFilesAndHistory)
{
    const Migration a = file(1000000000001, "A");
    const Migration b = file(1000000000002, "B");
    const Migration c = file(1000000000003, "C");
    const Migration d = file(1000000000004, "D");
    Migration bEdited = file(1000000000002, "B", "SELECT 42;");
    const Migration gone = file(1000000000005, "Gone");
    // History: A, B, Gone applied; C is pending but older than Gone; D pending.
    const AppliedMigrationList history { applied(1, a), applied(2, b), applied(3, gone) };
    const MigrationStatusList s = MigrationPlanner::statuses({ a, bEdited, c, d }, history);
    ASSERT_EQ(s.size(), 5);
    EXPECT_EQ(s[0].state, MigrationState::Applied);
    EXPECT_EQ(s[1].state, MigrationState::Edited);
    EXPECT_EQ(s[2].state, MigrationState::OutOfOrder);
    EXPECT_EQ(s[3].state, MigrationState::OutOfOrder);
    EXPECT_EQ(s[4].state, MigrationState::Missing);
    EXPECT_EQ(s[4].name, QStringLiteral("Gone1000000000005"));
}

TEST(MigrationPlanner, TypeOrmRowsWithoutDetailsAreAppliedWithUnknownChecksum)
{
    const Migration a = file(1000000000001, "A");
    const MigrationStatusList s = MigrationPlanner::statuses({ a }, { applied(7, a, false) });
    ASSERT_EQ(s.size(), 1);
    EXPECT_EQ(s[0].state, MigrationState::Applied);
    EXPECT_TRUE(s[0].checksumUnknown());
}

TEST(MigrationPlanner, UpPlansPendingInTimestampOrderUpToTarget)
{
    const Migration a = file(1000000000001, "A");
    const Migration b = file(1000000000002, "B");
    const Migration c = file(1000000000003, "C");
    const MigrationStatusList s = MigrationPlanner::statuses({ c, a, b }, { applied(1, a) });
    Result<Plan> all = MigrationPlanner::planUp(s, {});
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 2);
    EXPECT_EQ((*all)[0].migration.name, QStringLiteral("B"));
    EXPECT_EQ((*all)[1].migration.name, QStringLiteral("C"));
    UpOptions to;
    to.target = QStringLiteral("B");
    Result<Plan> partial = MigrationPlanner::planUp(s, to);
    ASSERT_TRUE(partial.ok());
    ASSERT_EQ(partial->size(), 1);
    to.target = QStringLiteral("Nope");
    EXPECT_FALSE(MigrationPlanner::planUp(s, to).ok());
}

TEST(MigrationPlanner, UpRefusesDriftAndOutOfOrderUnlessAllowed)
{
    const Migration a = file(1000000000001, "A");
    const Migration b = file(1000000000002, "B");
    const Migration aEdited = file(1000000000001, "A", "SELECT 99;");
    Result<Plan> drift
        = MigrationPlanner::planUp(MigrationPlanner::statuses({ aEdited, b }, { applied(1, a) }), {});
    ASSERT_FALSE(drift.ok());
    EXPECT_EQ(drift.error().kind, StrataError::Kind::Drift);
    EXPECT_TRUE(drift.error().message.contains(QLatin1String("1000000000001-A.sql")));
    UpOptions ignore;
    ignore.ignoreDrift = true;
    EXPECT_TRUE(
        MigrationPlanner::planUp(MigrationPlanner::statuses({ aEdited, b }, { applied(1, a) }), ignore).ok());

    const MigrationStatusList late = MigrationPlanner::statuses({ a, b }, { applied(1, b) });
    Result<Plan> outOfOrder = MigrationPlanner::planUp(late, {});
    ASSERT_FALSE(outOfOrder.ok());
    EXPECT_TRUE(outOfOrder.error().message.contains(QLatin1String("older than the newest applied")));
    UpOptions allow;
    allow.allowOutOfOrder = true;
    Result<Plan> allowed = MigrationPlanner::planUp(late, allow);
    ASSERT_TRUE(allowed.ok());
    EXPECT_EQ(allowed->size(), 1);
}

TEST(MigrationPlanner, DownTakesTheHighestHistoryIdAndUsesRecordedSqlWhenTheFileIsGone)
{
    const Migration a = file(1000000000001, "A", "CREATE TABLE a ();", "DROP TABLE a;");
    const Migration b = file(1000000000002, "B", "CREATE TABLE b ();", "DROP TABLE b;");
    // B was applied first, A later (out of order): TypeORM reverts A first.
    const AppliedMigrationList history { applied(1, b), applied(2, a) };
    Result<Plan> one = MigrationPlanner::planDown(MigrationPlanner::statuses({ a, b }, history), history, {});
    ASSERT_TRUE(one.ok());
    ASSERT_EQ(one->size(), 1);
    EXPECT_EQ((*one)[0].migration.name, QStringLiteral("A"));
    EXPECT_EQ((*one)[0].sql.trimmed(), QByteArray("DROP TABLE a;"));

    // A's file deleted: its recorded down SQL is used.
    Result<Plan> gone = MigrationPlanner::planDown(MigrationPlanner::statuses({ b }, history), history, {});
    ASSERT_TRUE(gone.ok());
    EXPECT_EQ((*gone)[0].sql.trimmed(), QByteArray("DROP TABLE a;"));
    EXPECT_TRUE((*gone)[0].sourceName.contains(QLatin1String("recorded")));

    DownOptions two;
    two.count = 2;
    Result<Plan> both
        = MigrationPlanner::planDown(MigrationPlanner::statuses({ a, b }, history), history, two);
    ASSERT_TRUE(both.ok());
    ASSERT_EQ(both->size(), 2);
    EXPECT_EQ((*both)[1].migration.name, QStringLiteral("B"));
}

TEST(MigrationPlanner, DownRefusesAnEmptyDownSection)
{
    const Migration a = file(1000000000001, "A", "CREATE TABLE a ();", "-- nothing");
    const AppliedMigrationList history { applied(1, a) };
    Result<Plan> plan = MigrationPlanner::planDown(MigrationPlanner::statuses({ a }, history), history, {});
    ASSERT_FALSE(plan.ok());
    EXPECT_TRUE(plan.error().message.contains(QLatin1String("down section is empty")));
}
