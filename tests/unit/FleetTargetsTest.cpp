// The fleet's targets file: what it accepts, what it refuses with the line,
// and the shard split (stable, complete, disjoint).
#include "settings/FleetTargets.h"

#include <QSet>

#include <gtest/gtest.h>

TEST(FleetTargetsTest, ReadsUrlsProfilesPatternsAndSchemas)
{
    const Result<FleetTargets> targets
        = FleetTargets::parse("# the fleet\n"
                              "postgres://app@db1.internal:5433/shop\n"
                              "\n"
                              "profile:staging   # a saved profile\n"
                              "postgresql://app@db2.internal/tenant_%\n"
                              "postgres://app@db3.internal/saas schema=tenant_a\n"
                              "postgres://app@db3.internal/saas schema=tenant_b label=b\n",
            QStringLiteral("fleet.txt"));
    ASSERT_TRUE(targets.ok()) << targets.error().toString().toStdString();
    const QList<FleetTargets::Entry> e = targets->entries();
    ASSERT_EQ(e.size(), 5);
    EXPECT_EQ(e[0].kind, FleetTargets::Entry::Kind::Url);
    EXPECT_EQ(e[0].settings.host, QStringLiteral("db1.internal"));
    EXPECT_EQ(e[0].settings.port, 5433);
    EXPECT_EQ(e[0].settings.database, QStringLiteral("shop"));
    EXPECT_EQ(e[0].line, 2);
    EXPECT_EQ(e[1].kind, FleetTargets::Entry::Kind::Profile);
    EXPECT_EQ(e[1].profile, QStringLiteral("staging"));
    EXPECT_EQ(e[2].kind, FleetTargets::Entry::Kind::DatabasePattern);
    EXPECT_EQ(e[2].settings.database, QStringLiteral("tenant_%"));
    EXPECT_EQ(e[3].schema, QStringLiteral("tenant_a"));
    EXPECT_EQ(e[3].label, QStringLiteral("postgres://app@db3.internal/saas schema=tenant_a"));
    EXPECT_EQ(e[4].label, QStringLiteral("b"));
    EXPECT_EQ(e[4].line, 7);
}

TEST(FleetTargetsTest, RefusesPasswordsUnknownWordsAndDuplicatesNamingTheLine)
{
    struct Case
    {
        const char *text;
        int line;
        const char *says;
    };
    const Case cases[] = {
        { "postgres://a@h/db\npostgres://a:secret@h/db2\n", 2, "password" },
        { "db.internal:5432/shop\n", 1, "neither a postgres:// URL" },
        { "postgres://a@h/db schema\n", 1, "unknown option" },
        { "postgres://a@h/db\n# again\npostgres://a@h/db\n", 3, "listed twice" },
        { "profile:\n", 1, "names no profile" },
    };
    for (const Case &c : cases) {
        const Result<FleetTargets> targets = FleetTargets::parse(c.text, QStringLiteral("fleet.txt"));
        ASSERT_FALSE(targets.ok()) << c.text;
        EXPECT_EQ(targets.error().line, c.line) << c.text;
        EXPECT_EQ(targets.error().file, QStringLiteral("fleet.txt"));
        EXPECT_TRUE(targets.error().message.contains(QLatin1String(c.says)))
            << targets.error().message.toStdString();
        EXPECT_FALSE(targets.error().toString().contains(QLatin1String("secret")));
    }
    EXPECT_FALSE(FleetTargets::parse("# nothing\n\n", QStringLiteral("fleet.txt")).ok());
}

TEST(FleetTargetsTest, ShardsSplitEveryTargetExactlyOnceTheSameWayEveryTime)
{
    QStringList labels;
    for (int i = 0; i < 300; ++i)
        labels << QStringLiteral("postgres://app@db%1.internal/tenant_%2").arg(i % 7).arg(i);
    QSet<QString> seen;
    QList<int> sizes;
    for (int shard = 1; shard <= 4; ++shard) {
        int size = 0;
        for (const QString &label : labels) {
            if (!FleetTargets::inShard(label, shard, 4))
                continue;
            EXPECT_FALSE(seen.contains(label)) << "in two shards: " << label.toStdString();
            seen.insert(label);
            ++size;
        }
        sizes << size;
    }
    EXPECT_EQ(seen.size(), labels.size());
    for (int size : sizes)
        EXPECT_GT(size, 40) << "a lopsided split";
    // Stable across machines and runs: SHA-256 of the label, its first four
    // bytes big-endian, modulo the count (fixed examples, so changing the
    // split is a visible, deliberate change).
    EXPECT_TRUE(FleetTargets::inShard(QStringLiteral("postgres://app@db0.internal/tenant_0"), 1, 4));
    EXPECT_TRUE(FleetTargets::inShard(QStringLiteral("tenant_42"), 1, 4));
    EXPECT_FALSE(FleetTargets::inShard(QStringLiteral("tenant_42"), 2, 4));
    EXPECT_TRUE(FleetTargets::inShard(QStringLiteral("tenant_1"), 3, 4));
    EXPECT_TRUE(FleetTargets::inShard(QStringLiteral("tenant_3"), 2, 4));
    EXPECT_TRUE(FleetTargets::inShard(QStringLiteral("tenant_7"), 3, 3));
    EXPECT_TRUE(FleetTargets::inShard(labels.first(), 1, 1));
}
