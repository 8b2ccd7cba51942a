// strata-cli matrix across three real databases of the test cluster, reached
// through saved profiles whose passwords are in a real keychain
// (scripts/with-keychain.sh), and a fourth profile that cannot be reached.
#include "integration/CliProcess.h"
#include "secrets/KeychainSecretStore.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

class MatrixCliTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            GTEST_SKIP() << "no session bus: run this test inside scripts/with-keychain.sh";
        STRATA_REQUIRE_CLUSTER();
        ASSERT_TRUE(m_config.isValid());
        m_suffix = QStringLiteral("%1").arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
        m_dev = TestCluster::freshDatabase(QStringLiteral("mdev"));
        m_staging = TestCluster::freshDatabase(QStringLiteral("mstaging"));
        m_production = TestCluster::freshDatabase(QStringLiteral("mprod"));
        // No PG* variables: each profile's password must come from the keychain.
        for (const QString &e : QProcessEnvironment::systemEnvironment().toStringList())
            if (!e.startsWith(QLatin1String("PG")) && !e.startsWith(QLatin1String("XDG_CONFIG_HOME=")))
                m_env << e;
        m_env << QStringLiteral("XDG_CONFIG_HOME=") + m_config.path();
    }

    void TearDown() override
    {
        for (const QString &key : std::as_const(m_keys)) {
            QSignalSpy deleted(&m_store, &SecretStore::passwordDeleted);
            m_store.deletePassword(key);
            deleted.wait(30000);
        }
    }

    // A profile in the child's settings file, its password (if any) in the keychain.
    void saveProfile(
        const QString &name, const char *environment, const ConnectionSettings &s, bool withPassword)
    {
        const QString id = name + u'-' + m_suffix;
        QSettings settings(m_config.filePath(QStringLiteral("Strata/strata.conf")), QSettings::IniFormat);
        settings.beginGroup(QStringLiteral("profiles"));
        settings.beginGroup(id);
        settings.setValue(QStringLiteral("name"), name);
        settings.setValue(QStringLiteral("host"), s.host);
        settings.setValue(QStringLiteral("port"), s.port);
        settings.setValue(QStringLiteral("database"), s.database);
        settings.setValue(QStringLiteral("user"), s.user);
        settings.setValue(QStringLiteral("environment"), QString::fromLatin1(environment));
        settings.setValue(QStringLiteral("migrationsDirectory"), m_folder.path());
        settings.sync();
        if (!withPassword)
            return;
        QSignalSpy written(&m_store, &SecretStore::passwordWritten);
        m_store.writePassword(QStringLiteral("strata/") + id, s.password);
        ASSERT_TRUE(written.wait(30000)) << "the keychain did not store the password";
        m_keys << QStringLiteral("strata/") + id;
    }

    void upOn(const ConnectionSettings &s)
    {
        const CliResult up
            = CliProcess::run({ QStringLiteral("--migrations"), m_folder.path(), QStringLiteral("up") }, s);
        ASSERT_EQ(up.exitCode, 0) << up.describe();
    }

    CliResult matrix(QStringList args)
    {
        args.prepend(QStringLiteral("matrix"));
        args.prepend(m_folder.path());
        args.prepend(QStringLiteral("--migrations"));
        return CliProcess::run(args, m_env);
    }

    QTemporaryDir m_config;
    QString m_suffix;
    QStringList m_keys;
    QStringList m_env;
    MigrationFolder m_folder;
    ConnectionSettings m_dev;
    ConnectionSettings m_staging;
    ConnectionSettings m_production;
    KeychainSecretStore m_store;
};

} // namespace

TEST_F(MatrixCliTest, ThreeEnvironmentsSideBySideWithWhatDiffers)
{
    // Staging got AddTotal as first written; production and dev the edited
    // one; only dev has AddNote.
    m_folder.add(
        1700000000001, QStringLiteral("CreateOrders"), "CREATE TABLE orders (id int);", "DROP TABLE orders;");
    m_folder.add(1700000000002, QStringLiteral("AddTotal"), "ALTER TABLE orders ADD COLUMN total int;",
        "ALTER TABLE orders DROP COLUMN total;");
    upOn(m_staging);
    m_folder.add(1700000000002, QStringLiteral("AddTotal"), "ALTER TABLE orders ADD COLUMN total bigint;",
        "ALTER TABLE orders DROP COLUMN total;");
    upOn(m_production);
    m_folder.add(1700000000003, QStringLiteral("AddNote"), "ALTER TABLE orders ADD COLUMN note text;",
        "ALTER TABLE orders DROP COLUMN note;");
    upOn(m_dev);
    saveProfile(QStringLiteral("dev"), "development", m_dev, true);
    saveProfile(QStringLiteral("staging"), "staging", m_staging, true);
    saveProfile(QStringLiteral("production"), "production", m_production, true);
    ConnectionSettings nowhere = m_dev;
    nowhere.host = QStringLiteral("127.0.0.1");
    nowhere.port = 1;
    saveProfile(QStringLiteral("old-replica"), "production", nowhere, false);

    const CliResult json = matrix({ QStringLiteral("--json") });
    ASSERT_EQ(json.exitCode, 0) << json.describe();
    const QJsonObject root = QJsonDocument::fromJson(json.out.toUtf8()).object();
    QStringList columns;
    for (const QJsonValue &t : root.value(QLatin1String("targets")).toArray())
        columns << t.toObject().value(QLatin1String("label")).toString() + u'='
                + (t.toObject().value(QLatin1String("reachable")).toBool()
                        ? QString::number(t.toObject().value(QLatin1String("applied")).toInt())
                        : QStringLiteral("unreachable"));
    columns.sort();
    EXPECT_EQ(columns.join(u' ').toStdString(), "dev=3 old-replica=unreachable production=2 staging=2");

    // Each cell as `status` would say it on that database.
    QStringList cells;
    for (const QJsonValue &row : root.value(QLatin1String("migrations")).toArray())
        for (const QJsonValue &cell : row.toObject().value(QLatin1String("cells")).toArray())
            if (cell.toObject().value(QLatin1String("target")).toString() != QLatin1String("old-replica"))
                cells << row.toObject().value(QLatin1String("name")).toString() + u'@'
                        + cell.toObject().value(QLatin1String("target")).toString() + u'='
                        + cell.toObject().value(QLatin1String("state")).toString();
    cells.sort();
    EXPECT_EQ(cells.join(u'\n').toStdString(),
        "AddNote1700000000003@dev=applied\nAddNote1700000000003@production=pending\n"
        "AddNote1700000000003@staging=pending\nAddTotal1700000000002@dev=applied\n"
        "AddTotal1700000000002@production=applied\nAddTotal1700000000002@staging=edited\n"
        "CreateOrders1700000000001@dev=applied\nCreateOrders1700000000001@production=applied\n"
        "CreateOrders1700000000001@staging=applied");

    QStringList kinds;
    for (const QJsonValue &d : root.value(QLatin1String("differences")).toArray())
        kinds << d.toObject().value(QLatin1String("kind")).toString() + u' '
                + d.toObject().value(QLatin1String("migration")).toString() + u' '
                + d.toObject().value(QLatin1String("targets")).toVariant().toStringList().join(u',');
    kinds.sort();
    EXPECT_EQ(kinds.join(u'\n').toStdString(),
        "applied-on-some AddNote1700000000003 production,staging\n"
        "behind  production\nbehind  staging\n"
        "checksums-differ AddTotal1700000000002 dev,production,staging")
        << json.describe();

    // The unreachable column says why (columns in the settings' order: by id).
    const CliResult text = matrix({});
    ASSERT_EQ(text.exitCode, 0) << text.describe();
    EXPECT_TRUE(text.out.contains(QLatin1String("old-replica (production): unreachable:")))
        << text.describe();
    EXPECT_TRUE(text.out.contains(
        QLatin1String("AddNote1700000000003 is applied on dev but not on production, staging")))
        << text.describe();

    // What the user asked to hold: staging and production differ (checksum), dev and dev agree.
    const CliResult differ
        = matrix({ QStringLiteral("--expect-same"), QStringLiteral("staging,production") });
    EXPECT_EQ(differ.exitCode, 3) << differ.describe();
    EXPECT_TRUE(differ.out.contains(QLatin1String("AddTotal1700000000002: applied with checksum")))
        << differ.describe();
    const CliResult unreachable
        = matrix({ QStringLiteral("--expect-same"), QStringLiteral("production,old-replica") });
    EXPECT_EQ(unreachable.exitCode, 1) << unreachable.describe();
    EXPECT_TRUE(unreachable.err.contains(QLatin1String("old-replica is unreachable")))
        << unreachable.describe();

    // Two chosen profiles only.
    const CliResult two = matrix({ QStringLiteral("--profiles"), QStringLiteral("production,dev"),
        QStringLiteral("--expect-same"), QStringLiteral("production,dev") });
    EXPECT_EQ(two.exitCode, 3) << two.describe();
    EXPECT_FALSE(two.out.contains(QLatin1String("staging"))) << two.describe();
    EXPECT_TRUE(two.out.contains(QLatin1String("AddNote1700000000003: applied on dev, not on production")))
        << two.describe();
}
