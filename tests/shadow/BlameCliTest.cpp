// strata-cli blame as a user runs it: a real process, shadow databases on the
// test cluster, a real TypeORM chain from the corpus (tests/typeorm/corpus,
// see SOURCES) and the cache in a folder of the test's own.
#include "integration/CliProcess.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

const QString jackson = QStringLiteral(STRATA_SOURCE_DIR "/tests/typeorm/corpus/jackson/migrations");

class BlameCliTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        m_settings = TestCluster::freshDatabase(QStringLiteral("blamecli"));
        ASSERT_TRUE(m_cache.isValid());
    }

    CliResult cli(const QString &folder, QStringList args)
    {
        args.prepend(folder);
        args.prepend(QStringLiteral("--migrations"));
        QStringList environment = TestCluster::childEnvironment(m_settings);
        environment << QStringLiteral("XDG_CACHE_HOME=") + m_cache.path();
        return CliProcess::run(args, environment);
    }

    static QJsonObject objectWithKey(const QJsonObject &root, const QString &key)
    {
        for (const QJsonValue &v : root.value(QLatin1String("objects")).toArray())
            if (v.toObject().value(QLatin1String("key")).toString() == key)
                return v.toObject();
        return {};
    }

    ConnectionSettings m_settings;
    QTemporaryDir m_cache;
};

// BoxyHQ's SAML Jackson: the third migration adds jackson_store.namespace,
// the fourth widens it to varchar(256).
TEST_F(BlameCliTest, ARealTypeOrmChainNamesTheMigrationThatAddedAndChangedAColumn)
{
    const CliResult text
        = cli(jackson, { QStringLiteral("blame"), QStringLiteral("jackson_store.namespace") });
    ASSERT_EQ(text.exitCode, 0) << text.describe();
    EXPECT_TRUE(text.out.startsWith(QLatin1String("column public.jackson_store.namespace\n")))
        << text.describe();
    EXPECT_TRUE(text.out.contains(QLatin1String("created  1692767993709-pg_namespace"))) << text.describe();
    EXPECT_TRUE(text.out.contains(QLatin1String("changed  1714452929542-pg_namespace"))) << text.describe();
    EXPECT_TRUE(text.out.contains(QLatin1String("character varying(256)"))) << text.describe();
    EXPECT_TRUE(text.err.contains(QLatin1String("Replaying the migrations in"))) << text.describe();

    // Computed once: the second run reads the cache (no shadow at all).
    const CliResult json = cli(jackson, { QStringLiteral("blame"), QStringLiteral("--json") });
    ASSERT_EQ(json.exitCode, 0) << json.describe();
    const QJsonObject root = QJsonDocument::fromJson(json.out.toUtf8()).object();
    EXPECT_TRUE(root.value(QLatin1String("cached")).toBool()) << json.describe();
    EXPECT_FALSE(json.err.contains(QLatin1String("Replaying"))) << json.describe();
    EXPECT_EQ(root.value(QLatin1String("migrations")).toInt(), 4);
    const QJsonObject createdAt
        = objectWithKey(root, QStringLiteral("column public.jackson_store.\"createdAt\""));
    ASSERT_FALSE(createdAt.isEmpty()) << json.describe();
    EXPECT_TRUE(
        createdAt.value(QLatin1String("createdBy")).toString().endsWith(QLatin1String("1644332647279")))
        << json.describe();
    const QJsonObject store = objectWithKey(root, QStringLiteral("table public.jackson_store"));
    ASSERT_FALSE(store.isEmpty()) << json.describe();
    EXPECT_TRUE(store.value(QLatin1String("createdBy")).toString().endsWith(QLatin1String("1640877103193")));
    EXPECT_EQ(store.value(QLatin1String("changedBy")).toArray().size(), 3) << json.describe();
    // The namespace index: made by the third, dropped by its own down only, so still there.
    EXPECT_FALSE(objectWithKey(root, QStringLiteral("index public._jackson_store_namespace")).isEmpty());
    // Nothing here is drift: there is a connection but nothing was applied, so
    // the database holds nothing at all.
    EXPECT_EQ(root.value(QLatin1String("drift")).toInt(), 0) << json.describe();
}

TEST_F(BlameCliTest, WhatNoMigrationMadeIsMarkedAsDrift)
{
    MigrationFolder folder;
    folder.add(1700000000001, QStringLiteral("CreateOrders"), "CREATE TABLE orders (id bigint PRIMARY KEY);",
        "DROP TABLE orders;");
    folder.add(1700000000002, QStringLiteral("AddTotal"), "ALTER TABLE orders ADD COLUMN total numeric;",
        "ALTER TABLE orders DROP COLUMN total;");
    const CliResult up = cli(folder.path(), { QStringLiteral("up") });
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    DbProbe probe(m_settings);
    ASSERT_TRUE(probe.exec("CREATE TABLE made_by_hand (id int); ALTER TABLE orders ADD COLUMN hotfix text"));

    const CliResult listed = cli(folder.path(), { QStringLiteral("blame") });
    ASSERT_EQ(listed.exitCode, 0) << listed.describe();
    EXPECT_TRUE(
        listed.out.contains(QLatin1String("column public.orders.total  added by 1700000000002-AddTotal\n")))
        << listed.describe();
    EXPECT_TRUE(
        listed.out.contains(QLatin1String("table public.made_by_hand  not made by any migration (drift)\n")))
        << listed.describe();
    EXPECT_TRUE(listed.out.contains(
        QLatin1String("column public.orders.hotfix  not made by any migration (drift)\n")))
        << listed.describe();
    EXPECT_TRUE(listed.out.contains(QLatin1String("drifted in the database"))) << listed.describe();

    const CliResult json
        = cli(folder.path(), { QStringLiteral("blame"), QStringLiteral("hotfix"), QStringLiteral("--json") });
    ASSERT_EQ(json.exitCode, 0) << json.describe();
    const QJsonObject root = QJsonDocument::fromJson(json.out.toUtf8()).object();
    const QJsonArray objects = root.value(QLatin1String("objects")).toArray();
    ASSERT_EQ(objects.size(), 1) << json.describe();
    EXPECT_EQ(objects[0].toObject().value(QLatin1String("drift")).toString(), QStringLiteral("not-made"));
    EXPECT_FALSE(objects[0].toObject().contains(QLatin1String("createdBy")));
}

TEST_F(BlameCliTest, AnUnknownObjectOrAMalformedFileIsAClearError)
{
    MigrationFolder folder;
    folder.add(1700000000001, QStringLiteral("CreateOrders"), "CREATE TABLE orders (id bigint PRIMARY KEY);",
        "DROP TABLE orders;");
    const CliResult unknown
        = cli(folder.path(), { QStringLiteral("blame"), QStringLiteral("no_such_thing") });
    EXPECT_NE(unknown.exitCode, 0) << unknown.describe();
    EXPECT_TRUE(unknown.err.contains(QLatin1String("no object named no_such_thing"))) << unknown.describe();

    const CliResult twoArguments
        = cli(folder.path(), { QStringLiteral("blame"), QStringLiteral("a"), QStringLiteral("b") });
    EXPECT_EQ(twoArguments.exitCode, 2) << twoArguments.describe();

    folder.write(QStringLiteral("1700000000002-Broken.sql"), "no sections here\n");
    const CliResult malformed = cli(folder.path(), { QStringLiteral("blame") });
    EXPECT_NE(malformed.exitCode, 0) << malformed.describe();
    EXPECT_TRUE(malformed.err.contains(QLatin1String("1700000000002-Broken.sql"))) << malformed.describe();
    EXPECT_TRUE(malformed.err.contains(QLatin1String("blame needs every migration"))) << malformed.describe();
}

} // namespace
