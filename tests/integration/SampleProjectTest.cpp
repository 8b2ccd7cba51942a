// The seed's Phase 2 validation, for the sample project: a fresh database gets
// its tables from migrations only; each migration reverts and re-applies.
#include "migration/MigrationSource.h"
#include "runner/MigrationRunner.h"
#include "support/DbProbe.h"
#include "support/TestCluster.h"

TEST(SampleProject, FreshDatabaseThenRollbackAndRerunOfEveryMigration)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings settings = TestCluster::freshDatabase(QStringLiteral("sample"));
    DbProbe probe(settings);
    Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(settings);
    ASSERT_TRUE(connection.ok());
    Result<MigrationSource::Scan> scan
        = MigrationSource::scan(QStringLiteral(STRATA_SOURCE_DIR "/migrations"));
    ASSERT_TRUE(scan.ok());
    ASSERT_TRUE(scan->problems.isEmpty());
    const MigrationList files = scan->migrations;
    ASSERT_GE(files.size(), 3);

    // Schema after each prefix of the migrations: fingerprints[k] = k applied.
    QStringList fingerprints { probe.schemaFingerprint() };
    for (const Migration &m : files) {
        UpOptions to;
        to.target = m.historyName();
        MigrationRunner runner(**connection, RunOptions {});
        const RunReport r = runner.up(files, to);
        ASSERT_TRUE(r.ok()) << r.error->toString().toStdString();
        ASSERT_EQ(r.completed.size(), 1);
        fingerprints << probe.schemaFingerprint();
        EXPECT_NE(fingerprints.last(), fingerprints[fingerprints.size() - 2]) << "migration changed nothing";
    }
    for (const char *table : { "log_entries", "research_results", "evaluation_records" })
        EXPECT_TRUE(probe.tableExists(QString::fromLatin1(table))) << table;
    EXPECT_EQ(probe.historyCount(), files.size());
    EXPECT_EQ(probe.historyCount(QStringLiteral("migrations_strata")), files.size());

    // Revert each, newest first: the schema returns to the state before it and
    // its history rows go; re-applying gives the same schema as the first time.
    for (qsizetype k = files.size(); k > 0; --k) {
        MigrationRunner reverter(**connection, RunOptions {});
        const RunReport down = reverter.down(files, {});
        ASSERT_TRUE(down.ok()) << down.error->toString().toStdString();
        EXPECT_EQ(probe.schemaFingerprint(), fingerprints[k - 1])
            << "down of " << files[k - 1].name.toStdString();
        EXPECT_EQ(probe.historyCount(), k - 1);

        UpOptions to;
        to.target = files[k - 1].historyName();
        MigrationRunner again(**connection, RunOptions {});
        const RunReport up = again.up(files, to);
        ASSERT_TRUE(up.ok()) << up.error->toString().toStdString();
        EXPECT_EQ(probe.schemaFingerprint(), fingerprints[k])
            << "re-up of " << files[k - 1].name.toStdString();

        MigrationRunner back(**connection, RunOptions {});
        ASSERT_TRUE(back.down(files, {}).ok());
    }
    EXPECT_EQ(probe.schemaFingerprint(), fingerprints.first());
    EXPECT_EQ(probe.historyCount(), 0);
    EXPECT_FALSE(probe.tableExists(QStringLiteral("log_entries")));
}
