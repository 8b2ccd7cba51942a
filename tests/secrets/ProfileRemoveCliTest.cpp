// `strata-cli profile remove` against a real keychain (scripts/with-keychain.sh)
// and a settings file of its own (XDG_CONFIG_HOME of the child).

#include "integration/CliProcess.h"
#include "secrets/KeychainSecretStore.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

namespace {

class ProfileRemoveCliTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            GTEST_SKIP() << "no session bus: run this test inside scripts/with-keychain.sh";
        ASSERT_TRUE(m_config.isValid());
        m_id = QStringLiteral("p-%1").arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
        // What the desktop app writes: an id that is not the display name.
        ASSERT_TRUE(QDir().mkpath(m_config.path() + QLatin1String("/Strata")));
        QFile ini(m_config.path() + QLatin1String("/Strata/strata.conf"));
        ASSERT_TRUE(ini.open(QIODevice::WriteOnly));
        ini.write(QStringLiteral("[profiles]\n%1\\name=Production Database\n%1\\host=db.example.com\n"
                                 "%1\\database=app\n%1\\user=app\n%1\\environment=production\n")
                      .arg(m_id)
                      .toUtf8());
        ini.close();
        for (const QString &e : QProcessEnvironment::systemEnvironment().toStringList())
            if (!e.startsWith(QLatin1String("PG")) && !e.startsWith(QLatin1String("XDG_CONFIG_HOME=")))
                m_env << e;
        m_env << QStringLiteral("XDG_CONFIG_HOME=") + m_config.path();
    }

    void TearDown() override
    {
        if (!m_id.isEmpty()) {
            QSignalSpy deleted(&m_store, &SecretStore::passwordDeleted);
            m_store.deletePassword(key());
            deleted.wait(30000);
        }
    }

    QString key() const { return QStringLiteral("strata/") + m_id; }

    CliResult cli(const QStringList &args) { return CliProcess::run(args, m_env); }

    // The password under the key, or empty when the keychain has none.
    QString stored()
    {
        QSignalSpy read(&m_store, &SecretStore::passwordRead);
        QSignalSpy failed(&m_store, &SecretStore::failed);
        m_store.readPassword(key());
        if (!QTest::qWaitFor([&] { return !read.isEmpty() || !failed.isEmpty(); }, 30000)) {
            ADD_FAILURE() << "the keychain did not answer";
            return {};
        }
        if (!failed.isEmpty()) {
            EXPECT_EQ(failed.at(0).at(2).value<SecretStore::Failure>(), SecretStore::Failure::NotFound);
            return {};
        }
        return read.at(0).at(1).toString();
    }

    QTemporaryDir m_config;
    QString m_id;
    QStringList m_env;
    KeychainSecretStore m_store;
};

} // namespace

// Issue 14: removing by the name (not the id) reported success and removed
// nothing, and the keychain entry was never deleted.
TEST_F(ProfileRemoveCliTest, RemovesByNameTheSettingsAndTheKeychainEntry)
{
    QSignalSpy written(&m_store, &SecretStore::passwordWritten);
    m_store.writePassword(key(), QStringLiteral("prod-secret"));
    ASSERT_TRUE(written.wait(30000));
    ASSERT_EQ(stored(), QStringLiteral("prod-secret"));
    ASSERT_TRUE(cli({ QStringLiteral("profile"), QStringLiteral("list") }).out.contains(m_id));

    const CliResult removed
        = cli({ QStringLiteral("profile"), QStringLiteral("remove"), QStringLiteral("Production Database") });
    EXPECT_EQ(removed.exitCode, 0) << removed.describe();
    EXPECT_TRUE(removed.out.contains(QStringLiteral("Removed profile ") + m_id)) << removed.describe();
    EXPECT_FALSE(cli({ QStringLiteral("profile"), QStringLiteral("list") }).out.contains(m_id));
    EXPECT_EQ(stored(), QString()) << "the keychain entry stayed behind";
}

TEST_F(ProfileRemoveCliTest, AnUnknownProfileIsAUsageErrorAndRemovesNothing)
{
    const CliResult r
        = cli({ QStringLiteral("profile"), QStringLiteral("remove"), QStringLiteral("Production") });
    EXPECT_EQ(r.exitCode, 2) << r.describe();
    EXPECT_TRUE(r.err.contains(QLatin1String("no profile with the id or name 'Production'"))) << r.describe();
    EXPECT_TRUE(cli({ QStringLiteral("profile"), QStringLiteral("list") }).out.contains(m_id));
}
