// Blame as the replay computes it: real migrations replayed in shadow
// databases on the test cluster, compared with what the catalog of a real
// database says.
#include "shadow/SchemaBlame.h"
#include "db/PgConnection.h"
#include "migration/MigrationSource.h"
#include "runner/MigrationRunner.h"
#include "schema/SchemaObjects.h"
#include "shadow/DatabaseSchema.h"
#include "shadow/SchemaBlameCache.h"
#include "shadow/SchemaBlameReplayer.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

QString lines(const QStringList &list)
{
    return list.join(QLatin1Char('\n'));
}

class SchemaBlameTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        m_settings = TestCluster::freshDatabase(QStringLiteral("blame"));
        // An orders table, customers, a column added by the third migration,
        // a type widened by the fourth, a column dropped by the fifth.
        m_folder.add(1700000000001, QStringLiteral("CreateOrders"),
            "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10,2) NOT NULL, note text);",
            "DROP TABLE orders;");
        m_folder.add(1700000000002, QStringLiteral("AddCustomers"),
            "CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);\n"
            "CREATE UNIQUE INDEX customers_email ON customers (email);",
            "DROP TABLE customers;");
        m_folder.add(1700000000003, QStringLiteral("AddDiscount"),
            "ALTER TABLE orders ADD COLUMN discount_cents integer NOT NULL DEFAULT 0;",
            "ALTER TABLE orders DROP COLUMN discount_cents;");
        m_folder.add(1700000000004, QStringLiteral("WidenTotal"),
            "ALTER TABLE orders ALTER COLUMN total TYPE numeric(14,2);",
            "ALTER TABLE orders ALTER COLUMN total TYPE numeric(10,2);");
        m_folder.add(1700000000005, QStringLiteral("DropNote"), "ALTER TABLE orders DROP COLUMN note;",
            "ALTER TABLE orders ADD COLUMN note text;");
    }

    MigrationList migrations()
    {
        Result<MigrationSource::Scan> scan = MigrationSource::scan(m_folder.path());
        EXPECT_TRUE(scan.ok() && scan->problems.isEmpty());
        return scan ? scan->migrations : MigrationList {};
    }

    SchemaBlame replay()
    {
        SchemaBlameReplayer replayer(HistoryTable {});
        Result<SchemaBlame> blame = replayer.replay(migrations(), &m_settings);
        EXPECT_TRUE(blame.ok()) << blame.error().toString().toStdString();
        return blame ? *blame : SchemaBlame {};
    }

    ConnectionSettings m_settings;
    MigrationFolder m_folder;
};

TEST_F(SchemaBlameTest, EachObjectIsBlamedOnTheMigrationThatMadeItAndThoseThatChangedIt)
{
    const SchemaBlame blame = replay();
    ASSERT_EQ(blame.migrations().size(), 5);

    const QString discount = QStringLiteral("column public.orders.discount_cents");
    EXPECT_EQ(blame.createdBy(discount), QStringLiteral("AddDiscount1700000000003"));
    EXPECT_TRUE(blame.changedBy(discount).isEmpty());
    EXPECT_EQ(blame.labelOf(discount), QStringLiteral("added by 1700000000003-AddDiscount"));

    const QString total = QStringLiteral("column public.orders.total");
    EXPECT_EQ(blame.createdBy(total), QStringLiteral("CreateOrders1700000000001"));
    EXPECT_EQ(lines(blame.changedBy(total)), QStringLiteral("WidenTotal1700000000004"));
    const QList<SchemaBlame::Event> totalEvents = blame.events(total);
    ASSERT_EQ(totalEvents.size(), 2);
    EXPECT_TRUE(totalEvents[1].details.join(QLatin1Char(' ')).contains(QLatin1String("numeric(14,2)")))
        << lines(totalEvents[1].details).toStdString();

    // The table: made by the first, changed by each migration that touched a column.
    const QString orders = QStringLiteral("table public.orders");
    EXPECT_EQ(blame.createdBy(orders), QStringLiteral("CreateOrders1700000000001"));
    EXPECT_EQ(lines(blame.changedBy(orders)),
        QStringLiteral("AddDiscount1700000000003\nWidenTotal1700000000004\nDropNote1700000000005"));

    // The index and the primary key of the second migration's table.
    EXPECT_EQ(blame.createdBy(QStringLiteral("index public.customers_email")),
        QStringLiteral("AddCustomers1700000000002"));
    EXPECT_EQ(blame.createdBy(QStringLiteral("constraint public.customers.customers_pkey")),
        QStringLiteral("AddCustomers1700000000002"));

    // A dropped column keeps its history, ending in the drop.
    const QString note = QStringLiteral("column public.orders.note");
    EXPECT_TRUE(blame.isDropped(note));
    EXPECT_EQ(blame.labelOf(note),
        QStringLiteral("added by 1700000000001-CreateOrders; dropped by 1700000000005-DropNote"));

    // The database of the first three: the widening and the drop are not yet history.
    const SchemaBlame three = blame.restrictedTo({ QStringLiteral("CreateOrders1700000000001"),
        QStringLiteral("AddCustomers1700000000002"), QStringLiteral("AddDiscount1700000000003") });
    EXPECT_TRUE(three.changedBy(total).isEmpty());
    EXPECT_FALSE(three.isDropped(note));
    EXPECT_EQ(lines(three.changedBy(orders)), QStringLiteral("AddDiscount1700000000003"));

    // The public schema was there before any migration.
    EXPECT_TRUE(blame.existsAtStart(QStringLiteral("schema public")));
    EXPECT_TRUE(blame.createdBy(QStringLiteral("schema public")).isEmpty());
}

TEST_F(SchemaBlameTest, WhatAMigrationDoesIsListedWithDataLossForTheDrop)
{
    const SchemaBlame blame = replay();
    QStringList seen;
    for (const SchemaBlame::Event &e : blame.changesBy(QStringLiteral("DropNote1700000000005")))
        seen << QStringLiteral("%1 %2%3").arg(SchemaBlame::actionName(e.action), e.object.key(),
            e.dataLoss ? QStringLiteral(" (loses data)") : QString());
    EXPECT_EQ(lines(seen),
        QStringLiteral(
            "changed table public.orders (loses data)\ndropped column public.orders.note (loses data)"));

    seen.clear();
    for (const SchemaBlame::Event &e : blame.changesBy(QStringLiteral("AddCustomers1700000000002"))) {
        seen << QStringLiteral("%1 %2").arg(SchemaBlame::actionName(e.action), e.object.key());
        if (e.object.kind == QLatin1String("table")) {
            EXPECT_TRUE(e.object.ddl.contains(QLatin1String("CREATE TABLE public.customers")))
                << e.object.ddl.toStdString();
        }
        EXPECT_FALSE(e.dataLoss);
    }
    EXPECT_TRUE(seen.contains(QStringLiteral("created table public.customers"))) << lines(seen).toStdString();
    EXPECT_TRUE(seen.contains(QStringLiteral("created column public.customers.email")));
    EXPECT_TRUE(seen.contains(QStringLiteral("created index public.customers_email")));
    EXPECT_TRUE(blame.changesBy(QStringLiteral("NoSuchMigration1")).isEmpty());
}

TEST_F(SchemaBlameTest, ObjectsNoMigrationMadeAreDriftAndPendingOnesAreNot)
{
    const SchemaBlame blame = replay();
    // The real database: the first three migrations applied, then changes by hand.
    Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(m_settings);
    ASSERT_TRUE(connection.ok()) << connection.error().toString().toStdString();
    {
        MigrationRunner runner(**connection, RunOptions {});
        UpOptions up;
        up.target = QStringLiteral("AddDiscount1700000000003");
        const RunReport report = runner.up(migrations(), up);
        ASSERT_FALSE(report.error) << report.error->toString().toStdString();
    }
    DbProbe probe(m_settings);
    ASSERT_TRUE(probe.exec("CREATE TABLE audit_by_hand (id int);"
                           "ALTER TABLE orders ADD COLUMN fixed_by_hand boolean;"
                           "ALTER TABLE customers ALTER COLUMN email DROP NOT NULL;"));
    Result<SchemaModel> model = DatabaseSchema::read(**connection, HistoryTable {});
    ASSERT_TRUE(model.ok()) << model.error().toString().toStdString();
    const SchemaObjects database = SchemaObjects::of(*model);

    QStringList drift;
    for (const SchemaBlame::Drift &d : blame.drift(database,
             { QStringLiteral("CreateOrders1700000000001"), QStringLiteral("AddCustomers1700000000002"),
                 QStringLiteral("AddDiscount1700000000003") }))
        drift << d.key
                + (d.reason == SchemaBlame::Drift::Reason::NotMade ? QStringLiteral(" not made")
                                                                   : QStringLiteral(" changed"));
    drift.sort();
    // Not the total's pending widening, nor the note the pending fifth drops.
    EXPECT_EQ(lines(drift),
        QStringLiteral("column public.audit_by_hand.id not made\n"
                       "column public.customers.email changed\n"
                       "column public.orders.fixed_by_hand not made\n"
                       "table public.audit_by_hand not made"));

    // Every migration applied by name but the database as it is: the pending
    // changes show up as differences, which is what drift means then.
    const QList<SchemaBlame::Drift> all = blame.drift(database, blame.migrations());
    bool totalDiffers = false;
    for (const SchemaBlame::Drift &d : all)
        totalDiffers = totalDiffers || d.key == QStringLiteral("column public.orders.total");
    EXPECT_TRUE(totalDiffers);
}

TEST_F(SchemaBlameTest, TheCacheReturnsTheSameBlameAndAnEditMeansAnotherKey)
{
    const SchemaBlame blame = replay();
    QTemporaryDir cacheDir;
    const SchemaBlameCache cache(cacheDir.path());
    const MigrationList list = migrations();
    const QString key = SchemaBlameCache::keyOf(list, HistoryTable {}, ShadowBaseline {});
    EXPECT_FALSE(cache.load(key).has_value());
    ASSERT_TRUE(cache.save(key, blame).ok());
    const std::optional<SchemaBlame> loaded = cache.load(key);
    ASSERT_TRUE(loaded.has_value());
    EXPECT_EQ(QJsonDocument(loaded->toJson()).toJson(), QJsonDocument(blame.toJson()).toJson());
    EXPECT_EQ(loaded->createdBy(QStringLiteral("column public.orders.discount_cents")),
        QStringLiteral("AddDiscount1700000000003"));

    // An edited migration, another history table: other keys.
    MigrationList edited = list;
    edited[2].checksum = QStringLiteral("0000");
    EXPECT_NE(SchemaBlameCache::keyOf(edited, HistoryTable {}, ShadowBaseline {}), key);
    HistoryTable other;
    other.table = QStringLiteral("schema_history");
    EXPECT_NE(SchemaBlameCache::keyOf(list, other, ShadowBaseline {}), key);
    EXPECT_EQ(SchemaBlameCache::keyOf(migrations(), HistoryTable {}, ShadowBaseline {}), key);

    // A damaged file is not believed: blame is computed again.
    QFile damaged(cache.pathOf(key));
    ASSERT_TRUE(damaged.open(QIODevice::WriteOnly | QIODevice::Truncate));
    damaged.write("{\"version\":1,\"migrations\":[],\"events\":[{\"action\":\"created\",\"migration\":4}]}");
    damaged.close();
    EXPECT_FALSE(cache.load(key).has_value());
}

TEST_F(SchemaBlameTest, AFailingMigrationStopsTheReplayNamingItAndLeavesNoShadow)
{
    m_folder.add(
        1700000000006, QStringLiteral("Broken"), "ALTER TABLE no_such_table ADD COLUMN x int;", "SELECT 1;");
    DbProbe probe(m_settings);
    const QStringList before
        = probe.column("SELECT datname FROM pg_database WHERE datname LIKE 'strata\\_shadow\\_%'");
    SchemaBlameReplayer replayer(HistoryTable {});
    Result<SchemaBlame> blame = replayer.replay(migrations(), &m_settings);
    ASSERT_FALSE(blame.ok());
    EXPECT_TRUE(blame.error().message.contains(QLatin1String("Broken1700000000006")))
        << blame.error().toString().toStdString();
    EXPECT_TRUE(blame.error().message.contains(QLatin1String("no_such_table")))
        << blame.error().toString().toStdString();
    EXPECT_EQ(lines(probe.column("SELECT datname FROM pg_database WHERE datname LIKE 'strata\\_shadow\\_%'")),
        lines(before));
}

} // namespace
