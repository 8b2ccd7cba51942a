#include "db/ConnectionSettings.h"
#include "db/EnvFile.h"
#include "settings/ProfileStore.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>

#include <gtest/gtest.h>

TEST(ConnectionSettings, ParsesAPostgresUri)
{
    Result<ConnectionSettings> s = ConnectionSettings::fromDsn(
        QStringLiteral("postgresql://app%40corp:s%3Acret@db.example.com:6543/research?sslmode=verify-full"));
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->host, QStringLiteral("db.example.com"));
    EXPECT_EQ(s->port, 6543);
    EXPECT_EQ(s->user, QStringLiteral("app@corp"));
    EXPECT_EQ(s->password, QStringLiteral("s:cret"));
    EXPECT_EQ(s->database, QStringLiteral("research"));
    EXPECT_EQ(s->sslMode, QStringLiteral("verify-full"));
    EXPECT_FALSE(s->describe().contains(QLatin1String("s:cret")));
}

TEST(ConnectionSettings, SocketDirectoryInTheHostParameter)
{
    Result<ConnectionSettings> s
        = ConnectionSettings::fromDsn(QStringLiteral("postgresql:///db?host=/tmp/sock&port=5999"));
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->host, QStringLiteral("/tmp/sock"));
    EXPECT_EQ(s->port, 5999);
    EXPECT_EQ(s->database, QStringLiteral("db"));
}

TEST(ConnectionSettings, RejectsOtherSchemesAndUnknownParameters)
{
    EXPECT_FALSE(ConnectionSettings::fromDsn(QStringLiteral("mysql://x/y")).ok());
    EXPECT_FALSE(ConnectionSettings::fromDsn(QStringLiteral("postgresql://x/y?frobnicate=1")).ok());
}

TEST(ConnectionSettings, ReadsTheSeedsEnvFile)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral(".env"));
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("# the seed's variables\nDB_HOST=localhost\nexport DB_PORT=5433\nDB_USERNAME='research_agent'\n"
            "DB_PASSWORD=\"p#ss \\\"word\\\"\"\nDB_DATABASE=research_agent_db # inline "
            "comment\nNODE_ENV=development\n");
    f.close();
    Result<ConnectionSettings> s = ConnectionSettings::fromEnvFile(path);
    ASSERT_TRUE(s.ok()) << qPrintable(s.error().toString());
    EXPECT_EQ(s->host, QStringLiteral("localhost"));
    EXPECT_EQ(s->port, 5433);
    EXPECT_EQ(s->user, QStringLiteral("research_agent"));
    EXPECT_EQ(s->password, QStringLiteral("p#ss \"word\""));
    EXPECT_EQ(s->database, QStringLiteral("research_agent_db"));
}

TEST(ConnectionSettings, EnvFileErrorsNameFileAndLine)
{
    Result<EnvFile> e = EnvFile::parse("DB_HOST=x\nthis is not an assignment\n", QStringLiteral("/p/.env"));
    ASSERT_FALSE(e.ok());
    EXPECT_EQ(e.error().file, QStringLiteral("/p/.env"));
    EXPECT_EQ(e.error().line, 2);
    Result<ConnectionSettings> missing = ConnectionSettings::fromEnvFile(QStringLiteral("/nonexistent/.env"));
    ASSERT_FALSE(missing.ok());
    EXPECT_TRUE(missing.error().toString().contains(QLatin1String("/nonexistent/.env")));
}

TEST(ProfileStore, SavesProfilesWithoutAnyPassword)
{
    ProfileStore store;
    ConnectionProfile p;
    p.id = QStringLiteral("staging");
    p.connection.host = QStringLiteral("db.internal");
    p.connection.port = 5432;
    p.connection.user = QStringLiteral("deploy");
    p.connection.database = QStringLiteral("app");
    p.connection.password = QStringLiteral("TopSecret-123");
    p.environment = ConnectionProfile::Environment::Staging;
    p.history.table = QStringLiteral("schema_history");
    ASSERT_TRUE(store.save(p).ok());
    const std::optional<ConnectionProfile> back = store.find(QStringLiteral("staging"));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->connection.host, QStringLiteral("db.internal"));
    EXPECT_EQ(back->environment, ConnectionProfile::Environment::Staging);
    EXPECT_EQ(back->history.table, QStringLiteral("schema_history"));
    EXPECT_TRUE(back->connection.password.isEmpty());
    QFile file(QSettings(QStringLiteral("Strata"), QStringLiteral("strata")).fileName());
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_FALSE(file.readAll().contains("TopSecret-123"));
    ASSERT_TRUE(store.remove(QStringLiteral("staging")).ok());
    EXPECT_FALSE(store.find(QStringLiteral("staging")).has_value());
}

TEST(ProfileStore, TheProfilesOfAProjectAreFoundThroughLinksAndDotDot)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    ASSERT_TRUE(QDir(dir.path()).mkpath(QStringLiteral("shop/migrations")));
    ASSERT_TRUE(QDir(dir.path()).mkpath(QStringLiteral("blog/migrations")));
    const QString project = dir.filePath(QStringLiteral("shop/migrations"));
    ASSERT_TRUE(QFile::link(dir.filePath(QStringLiteral("shop")), dir.filePath(QStringLiteral("shop-link"))));
    ProfileStore store;
    auto save = [&store](const QString &id, const QString &folder) {
        ConnectionProfile p;
        p.id = id;
        p.name = id;
        p.connection.host = QStringLiteral("localhost");
        p.migrationsDirectory = folder;
        EXPECT_TRUE(store.save(p).ok());
    };
    save(QStringLiteral("shop-dev"), project);
    save(QStringLiteral("shop-staging"), dir.filePath(QStringLiteral("shop-link/migrations")));
    save(QStringLiteral("shop-prod"), dir.filePath(QStringLiteral("blog/../shop/migrations/")));
    save(QStringLiteral("blog-dev"), dir.filePath(QStringLiteral("blog/migrations")));
    save(QStringLiteral("no-folder"), QString());
    QStringList ids;
    for (const ConnectionProfile &p : store.profilesOfProject(project))
        ids << p.id;
    ids.sort();
    EXPECT_EQ(ids.join(u','), QStringLiteral("shop-dev,shop-prod,shop-staging"));
    for (const char *id : { "shop-dev", "shop-staging", "shop-prod", "blog-dev", "no-folder" })
        EXPECT_TRUE(store.remove(QString::fromLatin1(id)).ok());
}
