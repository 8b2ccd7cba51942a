#include "history/HistoryStore.h"
#include "migration/MigrationFileParser.h"
#include "support/DbProbe.h"
#include "support/TestCluster.h"

TEST(HistoryStore, ReadingNeverCreatesTablesAndCreationIsIdempotent)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings settings = TestCluster::freshDatabase(QStringLiteral("history"));
    DbProbe probe(settings);
    HistoryStore store(probe.connection(), HistoryTable {});
    Result<AppliedMigrationList> empty = store.read();
    ASSERT_TRUE(empty.ok());
    EXPECT_TRUE(empty->isEmpty());
    EXPECT_FALSE(probe.tableExists(QStringLiteral("migrations")));
    ASSERT_TRUE(store.ensureTables().ok());
    ASSERT_TRUE(store.ensureTables().ok());
    EXPECT_TRUE(probe.tableExists(QStringLiteral("migrations")));
    EXPECT_TRUE(probe.tableExists(QStringLiteral("migrations_strata")));
}

TEST(HistoryStore, RecordsAndRemovesBothRowsTogether)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings settings = TestCluster::freshDatabase(QStringLiteral("history"));
    DbProbe probe(settings);
    HistoryStore store(probe.connection(), HistoryTable {});
    ASSERT_TRUE(store.ensureTables().ok());
    Result<Migration> m = MigrationFileParser::parse(QStringLiteral("/x/1700000000001-CreateUsers.sql"),
        "-- migrate:up\nCREATE TABLE u ();\n-- migrate:down\nDROP TABLE u;\n");
    ASSERT_TRUE(m.ok());
    ASSERT_TRUE(probe.exec("BEGIN"));
    ASSERT_TRUE(store.recordApplied(*m, 42).ok());
    ASSERT_TRUE(probe.exec("ROLLBACK"));
    EXPECT_EQ(probe.historyCount(), 0);
    EXPECT_EQ(probe.historyCount(QStringLiteral("migrations_strata")), 0);

    ASSERT_TRUE(store.recordApplied(*m, 42).ok());
    Result<AppliedMigrationList> rows = store.read(true);
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 1);
    const AppliedMigration &a = rows->first();
    EXPECT_EQ(a.name, QStringLiteral("CreateUsers1700000000001"));
    EXPECT_EQ(a.timestamp, 1700000000001);
    EXPECT_TRUE(a.hasDetails);
    EXPECT_EQ(a.checksum, m->checksum);
    EXPECT_EQ(a.durationMs, 42);
    EXPECT_EQ(a.downSql, QByteArray("DROP TABLE u;\n"));
    EXPECT_TRUE(a.appliedAt.isValid());
    ASSERT_TRUE(store.recordReverted(a).ok());
    EXPECT_EQ(probe.historyCount(), 0);
    EXPECT_EQ(probe.historyCount(QStringLiteral("migrations_strata")), 0);
}
