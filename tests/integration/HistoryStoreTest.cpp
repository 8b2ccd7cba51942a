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

TEST(HistoryStore, ReadingAHistoryWithoutItsCompanionFailsNoStatement)
{
    // A database TypeORM migrates and Strata only watches has the history
    // table and no companion. Reading it must not cost a failed statement:
    // each would be an ERROR line in the server's log, on every status.
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings settings = TestCluster::freshDatabase(QStringLiteral("history"));
    DbProbe probe(settings);
    ASSERT_TRUE(probe.exec("CREATE TABLE migrations (id serial PRIMARY KEY, \"timestamp\" bigint NOT NULL, "
                           "name varchar NOT NULL)"));
    ASSERT_TRUE(probe.exec("INSERT INTO migrations (\"timestamp\", name) VALUES (1700000000001, "
                           "'CreateUsers1700000000001')"));
    // A failed statement outside a transaction block is a rolled-back
    // transaction in pg_stat_database; the session's counts reach it once
    // flushed at the end of the next transaction.
    auto rolledBack = [&probe] {
        EXPECT_TRUE(probe.exec("SELECT pg_stat_force_next_flush()"));
        return probe.scalar("SELECT xact_rollback FROM pg_stat_database WHERE datname = current_database()");
    };
    const QString before = rolledBack();
    ASSERT_FALSE(before.isEmpty());
    HistoryStore store(probe.connection(), HistoryTable {});
    Result<AppliedMigrationList> rows = store.read();
    ASSERT_TRUE(rows.ok()) << rows.error().message.toStdString();
    ASSERT_EQ(rows->size(), 1);
    EXPECT_EQ(rows->first().name, QStringLiteral("CreateUsers1700000000001"));
    EXPECT_FALSE(rows->first().hasDetails);
    EXPECT_EQ(rolledBack(), before);
    // The check above can see a failed statement: one costs one rollback.
    EXPECT_FALSE(probe.connection().exec("SELECT * FROM no_such_table").ok());
    EXPECT_EQ(rolledBack().toLongLong(), before.toLongLong() + 1);
}
