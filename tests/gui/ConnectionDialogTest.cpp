// The connection dialog with the real keychain (run inside
// scripts/with-keychain.sh, as scripts/test.sh does), the real settings file (in
// Qt's test location) and, for Test Connection, the real test cluster.

#include "ConnectionDialog.h"
#include "HostKeyPrompt.h"

#include "db/PgConnection.h"
#include "sandbox/SandboxCluster.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/ProfileRemover.h"
#include "service/LookupWorker.h"
#include "settings/ProfileStore.h"
#include "support/TestCluster.h"
#include "support/TestSshd.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace {

using Failure = SecretStore::Failure;
using Operation = SecretStore::Operation;

// This binary has its own main(); stop the cluster the Test Connection tests
// started once all tests have run, while the application object still exists.
class StopTestCluster : public ::testing::Environment
{
public:
    void TearDown() override { TestCluster::shutdown(); }
};
[[maybe_unused]] ::testing::Environment *const stopTestCluster
    = ::testing::AddGlobalTestEnvironment(new StopTestCluster);

std::string str(const QString &s)
{
    return s.toStdString();
}

QString randomSuffix()
{
    return QStringLiteral("%1").arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
}

template<typename T> T *child(const QWidget &dialog, const char *objectName)
{
    T *widget = dialog.findChild<T *>(QString::fromLatin1(objectName));
    if (!widget)
        ADD_FAILURE() << "no " << objectName;
    return widget;
}

void setText(const QWidget &dialog, const char *objectName, const QString &text)
{
    if (auto *edit = child<QLineEdit>(dialog, objectName))
        edit->setText(text);
}

QString text(const QWidget &dialog, const char *objectName)
{
    if (auto *edit = child<QLineEdit>(dialog, objectName))
        return edit->text();
    return {};
}

void selectData(const QWidget &dialog, const char *objectName, const QVariant &data)
{
    auto *combo = child<QComboBox>(dialog, objectName);
    ASSERT_NE(combo, nullptr);
    const int index = combo->findData(data);
    ASSERT_GE(index, 0) << str(data.toString());
    combo->setCurrentIndex(index);
}

// Fills the server fields from `s`; the password as typed.
void fillServer(const QWidget &dialog, const ConnectionSettings &s)
{
    setText(dialog, "hostEdit", s.host);
    child<QSpinBox>(dialog, "portSpinBox")->setValue(s.port);
    setText(dialog, "databaseEdit", s.database);
    setText(dialog, "userEdit", s.user);
    auto *password = child<QLineEdit>(dialog, "passwordEdit");
    password->clear();
    QTest::keyClicks(password, s.password);
    selectData(dialog, "sslModeCombo", s.sslMode);
}

void clickSave(const QWidget &dialog)
{
    QPushButton *save = child<QPushButton>(dialog, "saveButton");
    ASSERT_NE(save, nullptr);
    QTest::mouseClick(save, Qt::LeftButton);
}

struct KeychainEntry
{
    bool found = false;
    QString password;
    Failure failure = Failure::Other;
    QString message;
};

KeychainEntry readKeychain(SecretStore &store, const QString &key)
{
    KeychainEntry entry;
    bool answered = false;
    QObject context;
    QObject::connect(
        &store, &SecretStore::passwordRead, &context, [&](const QString &k, const QString &password) {
            if (k == key) {
                entry.found = answered = true;
                entry.password = password;
            }
        });
    QObject::connect(&store, &SecretStore::failed, &context,
        [&](const QString &k, Operation, Failure failure, const QString &message) {
            if (k == key) {
                answered = true;
                entry.failure = failure;
                entry.message = message;
            }
        });
    store.readPassword(key);
    if (!QTest::qWaitFor([&] { return answered; }, 30000))
        ADD_FAILURE() << "the keychain did not answer";
    return entry;
}

bool waitForSignal(QSignalSpy &spy, int timeoutMs = 30000)
{
    return spy.count() > 0 || spy.wait(timeoutMs);
}

// A keychain that answers like the real one, a turn of the event loop later,
// but fails every request with `failure`, or has `storedPassword` for every key.
class FakeSecretStore : public SecretStore
{
public:
    std::optional<Failure> failure;
    QString storedPassword;
    QString message
        = QStringLiteral("The system keychain is not available (no Secret Service on the session bus): start "
                         "gnome-keyring or KWallet, or enter the password for this session only.");

    void readPassword(const QString &key) override
    {
        answer(key, Operation::Read, [this, key] { Q_EMIT passwordRead(key, storedPassword); });
    }
    void writePassword(const QString &key, const QString &password) override
    {
        answer(key, Operation::Write, [this, key, password] {
            storedPassword = password;
            Q_EMIT passwordWritten(key);
        });
    }
    void deletePassword(const QString &key) override
    {
        answer(key, Operation::Delete, [this, key] { Q_EMIT passwordDeleted(key); });
    }

private:
    template<typename Success> void answer(const QString &key, Operation op, Success success)
    {
        QTimer::singleShot(0, this, [this, key, op, success] {
            if (failure)
                Q_EMIT failed(key, op, *failure, message);
            else
                success();
        });
    }
};

// The window's LookupWorker, on a thread of its own as in the app: the dialog
// tests connections and finds pg_dump there.
class LookupThread
{
public:
    LookupThread()
    {
        m_worker->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
        m_thread.start();
    }
    ~LookupThread()
    {
        m_thread.quit();
        m_thread.wait();
    }
    LookupWorker *worker() const { return m_worker; }

private:
    QThread m_thread;
    LookupWorker *m_worker = new LookupWorker;
};

class ConnectionDialogTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            GTEST_SKIP() << "no session bus: run this test inside scripts/with-keychain.sh";
        m_name = QStringLiteral("Shop staging ") + randomSuffix();
    }

    void TearDown() override
    {
        // Whatever a test saved goes again, from the settings and the keychain.
        ProfileStore profiles;
        for (const QString &id : std::as_const(m_savedIds)) {
            QSignalSpy deleted(&m_secrets, &SecretStore::passwordDeleted);
            QSignalSpy failed(&m_secrets, &SecretStore::failed);
            ASSERT_TRUE(ProfileRemover::remove(profiles, m_secrets, id).ok());
            EXPECT_TRUE(QTest::qWaitFor([&] { return deleted.count() + failed.count() > 0; }, 30000));
        }
    }

    // Fills in a complete staging profile and saves it with Remember checked.
    ConnectionProfile saveThroughDialog(const QString &password)
    {
        ConnectionDialog dialog(m_secrets, m_lookups.worker());
        dialog.show();
        setText(dialog, "nameEdit", m_name);
        selectData(dialog, "environmentCombo", static_cast<int>(ConnectionProfile::Environment::Staging));
        setText(dialog, "migrationsFolderEdit", QStringLiteral("/srv/shop/migrations"));
        setText(dialog, "historyTableEdit", QStringLiteral("ops.schema_migrations"));
        ConnectionSettings server;
        server.host = QStringLiteral("db.staging.example.com");
        server.port = 6543;
        server.database = QStringLiteral("shop");
        server.user = QStringLiteral("shop_migrator");
        server.password = password;
        server.sslMode = QStringLiteral("verify-full");
        fillServer(dialog, server);
        setText(dialog, "sslRootCertEdit", QStringLiteral("/etc/ssl/staging-root.crt"));
        setText(dialog, "backupFolderEdit", QStringLiteral("/srv/backups/shop"));
        setText(dialog, "pgBinEdit", SandboxCluster::postgresBinDir());
        EXPECT_TRUE(child<QCheckBox>(dialog, "rememberPasswordCheckBox")->isChecked()) << "the default";

        QSignalSpy accepted(&dialog, &QDialog::accepted);
        clickSave(dialog);
        EXPECT_TRUE(waitForSignal(accepted)) << str(child<QLabel>(dialog, "keychainStatusLabel")->text());
        EXPECT_EQ(dialog.result(), QDialog::Accepted);
        const ConnectionProfile saved = dialog.profile();
        EXPECT_FALSE(saved.id.isEmpty());
        if (!saved.id.isEmpty())
            m_savedIds.append(saved.id);
        EXPECT_TRUE(dialog.sessionPassword().isEmpty()) << "the keychain has it";
        EXPECT_EQ(str(dialog.password()), str(password));
        return saved;
    }

    LookupThread m_lookups; // before m_secrets: its dialogs go first
    KeychainSecretStore m_secrets;
    QString m_name;
    QStringList m_savedIds;
};

TEST_F(ConnectionDialogTest, SavesTheProfileInTheSettingsAndThePasswordInTheKeychain)
{
    const QString password = QStringLiteral("pw-") + randomSuffix() + randomSuffix();
    const ConnectionProfile saved = saveThroughDialog(password);
    ASSERT_FALSE(saved.id.isEmpty());
    EXPECT_TRUE(saved.id.startsWith(QLatin1String("shop-staging-"))) << str(saved.id);

    const std::optional<ConnectionProfile> stored = ProfileStore().find(saved.id);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(str(stored->name), str(m_name));
    EXPECT_EQ(stored->environment, ConnectionProfile::Environment::Staging);
    EXPECT_EQ(str(stored->migrationsDirectory), "/srv/shop/migrations");
    EXPECT_EQ(str(stored->history.schema), "ops");
    EXPECT_EQ(str(stored->history.table), "schema_migrations");
    EXPECT_EQ(str(stored->connection.host), "db.staging.example.com");
    EXPECT_EQ(stored->connection.port, 6543);
    EXPECT_EQ(str(stored->connection.database), "shop");
    EXPECT_EQ(str(stored->connection.user), "shop_migrator");
    EXPECT_EQ(str(stored->connection.sslMode), "verify-full");
    EXPECT_EQ(str(stored->connection.sslRootCert), "/etc/ssl/staging-root.crt");
    EXPECT_EQ(str(stored->backupDirectory), "/srv/backups/shop");
    EXPECT_EQ(str(stored->pgBinDir), str(SandboxCluster::postgresBinDir()));
    EXPECT_TRUE(stored->connection.password.isEmpty());

    const KeychainEntry entry = readKeychain(m_secrets, stored->keychainKey());
    ASSERT_TRUE(entry.found) << str(entry.message);
    EXPECT_EQ(str(entry.password), str(password));

    // The settings file has the profile, and not a trace of the password.
    QFile settingsFile(QSettings(QStringLiteral("Strata"), QStringLiteral("strata")).fileName());
    ASSERT_TRUE(settingsFile.open(QIODevice::ReadOnly)) << str(settingsFile.fileName());
    const QByteArray settings = settingsFile.readAll();
    EXPECT_TRUE(settings.contains(saved.id.toUtf8())) << settings.toStdString();
    EXPECT_FALSE(settings.contains(password.toUtf8()))
        << "the password is in " << str(settingsFile.fileName());
}

TEST_F(ConnectionDialogTest, ReopeningAProfileLoadsItsPasswordFromTheKeychain)
{
    const QString password = QStringLiteral("pw-") + randomSuffix();
    const ConnectionProfile saved = saveThroughDialog(password);
    const std::optional<ConnectionProfile> stored = ProfileStore().find(saved.id);
    ASSERT_TRUE(stored.has_value());

    ConnectionDialog dialog(m_secrets, m_lookups.worker());
    QSignalSpy loaded(&dialog, &ConnectionDialog::passwordLoadFinished);
    dialog.setProfile(*stored);
    dialog.show();
    EXPECT_FALSE(dialog.isNewProfile());
    EXPECT_EQ(str(text(dialog, "nameEdit")), str(m_name));
    EXPECT_EQ(str(text(dialog, "hostEdit")), "db.staging.example.com");
    EXPECT_EQ(str(text(dialog, "historyTableEdit")), "ops.schema_migrations");
    EXPECT_EQ(str(text(dialog, "backupFolderEdit")), "/srv/backups/shop");
    EXPECT_EQ(str(text(dialog, "pgBinEdit")), str(SandboxCluster::postgresBinDir()));
    auto *passwordEdit = child<QLineEdit>(dialog, "passwordEdit");
    EXPECT_TRUE(passwordEdit->text().isEmpty());
    EXPECT_EQ(str(passwordEdit->placeholderText()), "loading from keychain…");

    ASSERT_TRUE(waitForSignal(loaded));
    EXPECT_EQ(str(passwordEdit->text()), str(password));
    EXPECT_TRUE(passwordEdit->placeholderText().isEmpty());
    EXPECT_EQ(passwordEdit->echoMode(), QLineEdit::Password);
    EXPECT_TRUE(child<QCheckBox>(dialog, "rememberPasswordCheckBox")->isChecked());
    EXPECT_FALSE(child<QLabel>(dialog, "keychainStatusLabel")->isVisible());
}

TEST_F(ConnectionDialogTest, AProfileWithoutAStoredPasswordLoadsQuietly)
{
    ConnectionProfile profile;
    profile.id = QStringLiteral("nothing-stored-") + randomSuffix();
    profile.name = m_name;
    profile.connection.host = QStringLiteral("localhost");
    ASSERT_TRUE(ProfileStore().save(profile).ok());
    m_savedIds.append(profile.id);

    ConnectionDialog dialog(m_secrets, m_lookups.worker());
    QSignalSpy loaded(&dialog, &ConnectionDialog::passwordLoadFinished);
    dialog.setProfile(profile);
    dialog.show();
    ASSERT_TRUE(waitForSignal(loaded));
    EXPECT_TRUE(dialog.password().isEmpty());
    EXPECT_TRUE(child<QLineEdit>(dialog, "passwordEdit")->placeholderText().isEmpty());
    EXPECT_FALSE(child<QCheckBox>(dialog, "rememberPasswordCheckBox")->isChecked());
    EXPECT_FALSE(child<QLabel>(dialog, "keychainStatusLabel")->isVisible());
}

TEST_F(ConnectionDialogTest, UncheckingRememberRemovesTheStoredPassword)
{
    const QString password = QStringLiteral("pw-") + randomSuffix();
    const ConnectionProfile saved = saveThroughDialog(password);
    const std::optional<ConnectionProfile> stored = ProfileStore().find(saved.id);
    ASSERT_TRUE(stored.has_value());

    ConnectionDialog dialog(m_secrets, m_lookups.worker());
    QSignalSpy loaded(&dialog, &ConnectionDialog::passwordLoadFinished);
    dialog.setProfile(*stored);
    dialog.show();
    ASSERT_TRUE(waitForSignal(loaded));
    child<QCheckBox>(dialog, "rememberPasswordCheckBox")->setChecked(false);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    clickSave(dialog);
    ASSERT_TRUE(waitForSignal(accepted));
    EXPECT_EQ(str(dialog.sessionPassword()), str(password)) << "kept for this session";

    const KeychainEntry entry = readKeychain(m_secrets, stored->keychainKey());
    EXPECT_FALSE(entry.found);
    EXPECT_EQ(entry.failure, Failure::NotFound) << str(entry.message);
    EXPECT_TRUE(ProfileStore().find(saved.id).has_value());
}

TEST_F(ConnectionDialogTest, RemovingAProfileRemovesItsPasswordFromTheKeychain)
{
    const ConnectionProfile saved = saveThroughDialog(QStringLiteral("pw-") + randomSuffix());
    ASSERT_TRUE(readKeychain(m_secrets, saved.keychainKey()).found);

    QSignalSpy deleted(&m_secrets, &SecretStore::passwordDeleted);
    ProfileStore profiles;
    ASSERT_TRUE(ProfileRemover::remove(profiles, m_secrets, saved.id).ok());
    m_savedIds.removeAll(saved.id);
    EXPECT_FALSE(profiles.find(saved.id).has_value()) << "the settings go at once";
    ASSERT_TRUE(waitForSignal(deleted));
    EXPECT_EQ(str(deleted.first().first().toString()), str(saved.keychainKey()));

    const KeychainEntry entry = readKeychain(m_secrets, saved.keychainKey());
    EXPECT_FALSE(entry.found);
    EXPECT_EQ(entry.failure, Failure::NotFound) << str(entry.message);
}

TEST_F(ConnectionDialogTest, TestConnectionShowsTheServerVersion)
{
    STRATA_REQUIRE_CLUSTER();
    const ConnectionSettings server = TestCluster::freshDatabase(QStringLiteral("dialog"));
    ConnectionDialog dialog(m_secrets, m_lookups.worker());
    dialog.show();
    fillServer(dialog, server);

    QSignalSpy tested(&dialog, &ConnectionDialog::connectionTested);
    auto *button = child<QPushButton>(dialog, "testConnectionButton");
    QTest::mouseClick(button, Qt::LeftButton);
    EXPECT_FALSE(button->isEnabled()) << "disabled while it runs";
    EXPECT_TRUE(dialog.isTestingConnection());
    ASSERT_TRUE(waitForSignal(tested, 60000));

    const QString shown = child<QLabel>(dialog, "testResultLabel")->text();
    EXPECT_TRUE(tested.first().at(0).toBool()) << str(shown);
    EXPECT_TRUE(
        QRegularExpression(QStringLiteral("^Connected: PostgreSQL \\d+(\\.\\d+)?")).match(shown).hasMatch())
        << str(shown);
    EXPECT_EQ(str(tested.first().at(1).toString()), str(shown));
    EXPECT_TRUE(button->isEnabled());
    EXPECT_FALSE(dialog.isTestingConnection());
}

TEST_F(ConnectionDialogTest, TestConnectionShowsTheServersError)
{
    STRATA_REQUIRE_CLUSTER();
    ConnectionSettings server = TestCluster::freshDatabase(QStringLiteral("dialog"));
    server.password = QStringLiteral("not-the-password");
    ConnectionDialog dialog(m_secrets, m_lookups.worker());
    dialog.show();
    fillServer(dialog, server);

    QSignalSpy tested(&dialog, &ConnectionDialog::connectionTested);
    QTest::mouseClick(child<QPushButton>(dialog, "testConnectionButton"), Qt::LeftButton);
    ASSERT_TRUE(waitForSignal(tested, 60000));
    const QString shown = child<QLabel>(dialog, "testResultLabel")->text();
    EXPECT_FALSE(tested.first().at(0).toBool());
    EXPECT_TRUE(shown.contains(QLatin1String("password authentication failed"))) << str(shown);
    EXPECT_FALSE(shown.contains(server.password)) << "never echo a password";
    EXPECT_TRUE(child<QPushButton>(dialog, "testConnectionButton")->isEnabled());
}

TEST_F(ConnectionDialogTest, ImportsTheConnectionFromAProjectsEnvFile)
{
    QTemporaryDir project;
    ASSERT_TRUE(project.isValid());
    const QString envPath = project.filePath(QStringLiteral(".env"));
    {
        QFile env(envPath);
        ASSERT_TRUE(env.open(QIODevice::WriteOnly));
        env.write("# the seed's data-source.ts reads these\n"
                  "NODE_ENV=staging\n"
                  "DB_HOST=db.internal\n"
                  "DB_PORT=6432\n"
                  "DB_USERNAME=app\n"
                  "DB_PASSWORD=\"from env\"\n"
                  "DB_DATABASE=appdb\n");
    }
    ConnectionDialog dialog(m_secrets, m_lookups.worker());
    dialog.show();
    ASSERT_TRUE(dialog.importEnvFile(envPath));
    EXPECT_EQ(str(text(dialog, "hostEdit")), "db.internal");
    EXPECT_EQ(child<QSpinBox>(dialog, "portSpinBox")->value(), 6432);
    EXPECT_EQ(str(text(dialog, "userEdit")), "app");
    EXPECT_EQ(str(text(dialog, "databaseEdit")), "appdb");
    EXPECT_EQ(str(dialog.password()), "from env");
    EXPECT_FALSE(child<QLabel>(dialog, "validationLabel")->isVisible());

    {
        QFile env(envPath);
        ASSERT_TRUE(env.open(QIODevice::WriteOnly | QIODevice::Truncate));
        env.write("DB_PORT=fivefourthreetwo\n");
    }
    EXPECT_FALSE(dialog.importEnvFile(envPath));
    const QLabel *error = child<QLabel>(dialog, "validationLabel");
    EXPECT_TRUE(error->isVisible());
    EXPECT_TRUE(error->text().contains(QLatin1String("DB_PORT"))) << str(error->text());
    EXPECT_EQ(child<QSpinBox>(dialog, "portSpinBox")->value(), 6432) << "a bad file changes nothing";
}

TEST_F(ConnectionDialogTest, ANewProfileStartsFromATypeOrmProjectsDataSource)
{
    QTemporaryDir project;
    ASSERT_TRUE(project.isValid());
    ASSERT_TRUE(QDir(project.path()).mkpath(QStringLiteral("src/migrations")));
    auto write = [&project](const char *name, const char *text) {
        QFile file(project.filePath(QString::fromLatin1(name)));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(text);
    };
    // The seed's data source: environment variables with defaults, dotenv loaded.
    write("src/data-source.ts", R"ts(import 'dotenv/config';
import { DataSource } from 'typeorm';
export const AppDataSource = new DataSource({
  type: 'postgres',
  host: process.env.DB_HOST || 'localhost',
  port: parseInt(process.env.DB_PORT || '5432'),
  username: process.env.DB_USERNAME || 'postgres',
  password: process.env.DB_PASSWORD || 'postgres',
  database: process.env.DB_DATABASE || 'research',
  migrationsTableName: 'typeorm_history',
  migrations: ['src/migrations/*.ts'],
});
)ts");
    write(".env", "DB_HOST=db.internal\nDB_PASSWORD=from dotenv\n");

    ConnectionDialog dialog(m_secrets, m_lookups.worker());
    dialog.show();
    ASSERT_TRUE(dialog.importTypeOrmProject(project.path()));
    EXPECT_EQ(str(text(dialog, "hostEdit")), "db.internal") << ".env wins over the default";
    EXPECT_EQ(child<QSpinBox>(dialog, "portSpinBox")->value(), 5432);
    EXPECT_EQ(str(text(dialog, "userEdit")), "postgres");
    EXPECT_EQ(str(text(dialog, "databaseEdit")), "research");
    EXPECT_EQ(str(dialog.password()), "from dotenv");
    EXPECT_EQ(str(text(dialog, "historyTableEdit")), "typeorm_history");
    EXPECT_EQ(dialog.profile().history.table, QStringLiteral("typeorm_history"));
    EXPECT_EQ(QDir(dialog.profile().migrationsDirectory).absolutePath(), QDir(project.path()).absolutePath());

    QTemporaryDir empty;
    EXPECT_FALSE(dialog.importTypeOrmProject(empty.path()));
    EXPECT_TRUE(child<QLabel>(dialog, "validationLabel")->isVisible());
    EXPECT_EQ(str(text(dialog, "hostEdit")), "db.internal")
        << "a folder without a data source changes nothing";
}

TEST_F(ConnectionDialogTest, RequiresANameAndAHostOrService)
{
    ConnectionDialog dialog(m_secrets, m_lookups.worker());
    dialog.show();
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    const QLabel *error = child<QLabel>(dialog, "validationLabel");
    EXPECT_FALSE(error->isVisible());

    clickSave(dialog);
    EXPECT_TRUE(error->isVisible());
    EXPECT_EQ(str(error->text()), "Enter a name for this connection.");

    setText(dialog, "nameEdit", m_name);
    EXPECT_EQ(str(error->text()), "Enter the server's host (or a pg_service.conf service).")
        << "the message follows the fields";
    clickSave(dialog);
    EXPECT_TRUE(error->isVisible());

    setText(dialog, "serviceEdit", QStringLiteral("shop-staging"));
    EXPECT_FALSE(error->isVisible());
    EXPECT_EQ(accepted.count(), 0);
    EXPECT_FALSE(ProfileStore().find(m_name).has_value()) << "nothing saved while invalid";

    // Names are unique: the CLI's --profile takes a name too.
    ConnectionProfile other;
    other.id = QStringLiteral("taken-") + randomSuffix();
    other.name = m_name;
    other.connection.host = QStringLiteral("elsewhere");
    ASSERT_TRUE(ProfileStore().save(other).ok());
    m_savedIds.append(other.id);
    clickSave(dialog);
    EXPECT_TRUE(error->isVisible());
    EXPECT_TRUE(error->text().contains(QLatin1String("already called"))) << str(error->text());
    EXPECT_EQ(accepted.count(), 0);
}

TEST_F(ConnectionDialogTest, RefusesAPgDumpFolderWithoutPgDumpAndABackupFolderThatIsNotAFullPath)
{
    ConnectionDialog dialog(m_secrets, m_lookups.worker());
    dialog.show();
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    const QLabel *error = child<QLabel>(dialog, "validationLabel");
    setText(dialog, "nameEdit", m_name);
    setText(dialog, "hostEdit", QStringLiteral("db.example.com"));

    setText(dialog, "backupFolderEdit", QStringLiteral("backups"));
    clickSave(dialog);
    EXPECT_TRUE(error->isVisible());
    EXPECT_EQ(str(error->text()), "The backup folder must be a full path, not “backups”.");

    QTemporaryDir noTools;
    setText(dialog, "backupFolderEdit", noTools.path());
    setText(dialog, "pgBinEdit", noTools.path());
    clickSave(dialog);
    EXPECT_TRUE(error->isVisible());
    EXPECT_TRUE(error->text().startsWith(QStringLiteral("There is no pg_dump in %1.").arg(noTools.path())))
        << str(error->text());
    EXPECT_EQ(accepted.count(), 0);
    EXPECT_FALSE(ProfileStore().find(m_name).has_value()) << "nothing saved while invalid";

    // The label under the field says the same before Save is pressed.
    QSignalSpy checked(&dialog, &ConnectionDialog::pgToolChecked);
    Q_EMIT child<QLineEdit>(dialog, "pgBinEdit")->editingFinished();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !checked.isEmpty(); }, 30000));
    EXPECT_FALSE(checked.last().first().toBool());
    EXPECT_TRUE(child<QLabel>(dialog, "pgToolLabel")
                    ->text()
                    .contains(QStringLiteral("no pg_dump in %1").arg(noTools.path())))
        << str(child<QLabel>(dialog, "pgToolLabel")->text());
}

TEST_F(ConnectionDialogTest, SaysWhichPgDumpBackupsUseAndFlagsOneOlderThanTheServer)
{
    STRATA_REQUIRE_CLUSTER();
    ConnectionDialog dialog(m_secrets, m_lookups.worker());
    dialog.show();
    QSignalSpy checked(&dialog, &ConnectionDialog::pgToolChecked);
    auto *label = child<QLabel>(dialog, "pgToolLabel");
    // Empty: the newest installed, found by itself.
    ASSERT_TRUE(QTest::qWaitFor([&] { return !checked.isEmpty(); }, 30000));
    EXPECT_TRUE(checked.last().first().toBool()) << str(label->text());
    EXPECT_TRUE(QRegularExpression(QStringLiteral("^Backups use pg_dump \\d+\\.\\d+ \\(.*/pg_dump\\)\\.$"))
                    .match(label->text())
                    .hasMatch())
        << str(label->text());

    // A folder whose pg_dump is 11.0: fine until the connection test shows a
    // newer server, then flagged with both versions.
    QTemporaryDir oldBin;
    for (const QString &tool : { QStringLiteral("pg_dump"), QStringLiteral("pg_restore") }) {
        QFile script(QDir(oldBin.path()).filePath(tool));
        ASSERT_TRUE(script.open(QIODevice::WriteOnly));
        script.write(QStringLiteral("#!/bin/sh\necho '%1 (PostgreSQL) 11.0'\n").arg(tool).toUtf8());
        script.close();
        ASSERT_TRUE(
            script.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    }
    checked.clear();
    setText(dialog, "pgBinEdit", oldBin.path());
    Q_EMIT child<QLineEdit>(dialog, "pgBinEdit")->editingFinished();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !checked.isEmpty(); }, 30000));
    EXPECT_TRUE(checked.last().first().toBool()) << str(label->text());
    EXPECT_TRUE(label->text().contains(QLatin1String("pg_dump 11.0"))) << str(label->text());

    checked.clear();
    fillServer(dialog, TestCluster::freshDatabase(QStringLiteral("dialogpg")));
    QSignalSpy tested(&dialog, &ConnectionDialog::connectionTested);
    QTest::mouseClick(child<QPushButton>(dialog, "testConnectionButton"), Qt::LeftButton);
    ASSERT_TRUE(waitForSignal(tested, 60000));
    ASSERT_TRUE(tested.first().first().toBool());
    ASSERT_TRUE(QTest::qWaitFor([&] { return !checked.isEmpty(); }, 30000));
    EXPECT_FALSE(checked.last().first().toBool());
    const QString server = tested.first().at(1).toString().section(QLatin1Char(' '), 2, 2); // "15.20"
    EXPECT_TRUE(label->text().startsWith(QStringLiteral(
        "pg_dump 11.0 (%1/pg_dump) is older than the server, PostgreSQL %2: backups would fail.")
                                             .arg(oldBin.path(), server)))
        << str(label->text());
}

TEST_F(ConnectionDialogTest, AKeychainFailureKeepsThePasswordForThisSession)
{
    FakeSecretStore unavailable;
    unavailable.failure = Failure::Unavailable;
    ConnectionDialog dialog(unavailable, m_lookups.worker());
    dialog.show();
    setText(dialog, "nameEdit", m_name);
    setText(dialog, "hostEdit", QStringLiteral("db.example.com"));
    QTest::keyClicks(child<QLineEdit>(dialog, "passwordEdit"), QStringLiteral("typed-once"));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    clickSave(dialog);

    const QLabel *notice = child<QLabel>(dialog, "keychainStatusLabel");
    ASSERT_TRUE(QTest::qWaitFor([&] { return notice->isVisible(); }, 10000));
    m_savedIds.append(dialog.profile().id);
    EXPECT_EQ(accepted.count(), 0) << "the user has to read why first";
    EXPECT_TRUE(notice->text().contains(unavailable.message)) << str(notice->text());
    EXPECT_TRUE(notice->text().contains(QLatin1String("for this session only"))) << str(notice->text());
    EXPECT_TRUE(ProfileStore().find(dialog.profile().id).has_value()) << "the profile itself is saved";
    auto *remember = child<QCheckBox>(dialog, "rememberPasswordCheckBox");
    EXPECT_FALSE(remember->isChecked());
    EXPECT_FALSE(remember->isEnabled());
    QPushButton *save = child<QPushButton>(dialog, "saveButton");
    EXPECT_EQ(str(save->text()), "Continue Without Keychain");
    EXPECT_TRUE(save->isEnabled());
    EXPECT_EQ(str(dialog.sessionPassword()), "typed-once");

    clickSave(dialog);
    EXPECT_EQ(accepted.count(), 1);
    EXPECT_EQ(str(dialog.sessionPassword()), "typed-once");
}

TEST_F(ConnectionDialogTest, AKeychainThatCannotBeReadIsExplained)
{
    FakeSecretStore unavailable;
    unavailable.failure = Failure::Unavailable;
    ConnectionProfile profile;
    profile.id = QStringLiteral("unreadable-") + randomSuffix();
    profile.name = m_name;
    profile.connection.host = QStringLiteral("db.example.com");

    ConnectionDialog dialog(unavailable, m_lookups.worker());
    QSignalSpy loaded(&dialog, &ConnectionDialog::passwordLoadFinished);
    dialog.setProfile(profile);
    dialog.show();
    ASSERT_TRUE(waitForSignal(loaded));
    const QLabel *notice = child<QLabel>(dialog, "keychainStatusLabel");
    EXPECT_TRUE(notice->isVisible());
    EXPECT_EQ(str(notice->text()), str(unavailable.message));
    EXPECT_EQ(
        str(child<QLineEdit>(dialog, "passwordEdit")->placeholderText()), "not loaded from the keychain");
}

// Renders the dialog as the docs show it. With STRATA_SCREENSHOT_DIR set it
// also saves connection-dialog.png there (docs/screenshots in the tree).
namespace {

// A real sshd on loopback (TestSshd) in front of the test cluster.
class ConnectionDialogSshTest : public ConnectionDialogTest
{
protected:
    void SetUp() override
    {
        ConnectionDialogTest::SetUp();
        if (IsSkipped())
            return;
        STRATA_REQUIRE_CLUSTER();
        STRATA_START_SSHD(m_sshd);
        m_server = TestCluster::freshDatabase(QStringLiteral("dialogssh"));
        m_server.host = QStringLiteral("127.0.0.1"); // as the bastion sees it
        ASSERT_TRUE(m_known.isValid());
    }

    QString knownHosts() const { return QDir(m_known.path()).filePath(QStringLiteral("known_hosts")); }

    // The server and the tunnel through the bastion, with the protected key and its passphrase.
    void fillTunnel(const QWidget &dialog)
    {
        fillServer(dialog, m_server);
        child<QGroupBox>(dialog, "sshGroupBox")->setChecked(true);
        const SshSettings ssh = m_sshd->settings(m_known.path());
        setText(dialog, "sshHostEdit", ssh.host);
        child<QSpinBox>(dialog, "sshPortSpinBox")->setValue(ssh.port);
        setText(dialog, "sshUserEdit", ssh.user);
        setText(dialog, "sshKeyFileEdit", m_sshd->protectedClientKey());
        QTest::keyClicks(child<QLineEdit>(dialog, "sshSecretEdit"), TestSshd::passphrase());
        setText(dialog, "sshKnownHostsEdit", knownHosts());
    }

    std::unique_ptr<TestSshd> m_sshd;
    ConnectionSettings m_server;
    QTemporaryDir m_known;
};

} // namespace

TEST_F(ConnectionDialogSshTest, AnUnknownHostKeyIsShownAcceptedOnPurposeAndThePassphraseGoesToTheKeychain)
{
    ConnectionDialog dialog(m_secrets, m_lookups.worker());
    dialog.show();
    setText(dialog, "nameEdit", m_name);
    fillTunnel(dialog);

    // The first test meets a bastion whose key known_hosts does not hold.
    QSignalSpy tested(&dialog, &ConnectionDialog::connectionTested);
    QTest::mouseClick(child<QPushButton>(dialog, "testConnectionButton"), Qt::LeftButton);
    ASSERT_TRUE(waitForSignal(tested, 60000));
    EXPECT_FALSE(tested.first().at(0).toBool());
    auto *hostKey = child<QLabel>(dialog, "sshHostKeyLabel");
    auto *accept = child<QPushButton>(dialog, "sshAcceptHostKeyButton");
    EXPECT_TRUE(hostKey->isVisible());
    EXPECT_TRUE(hostKey->text().contains(m_sshd->hostKeyFingerprint())) << str(hostKey->text());
    ASSERT_TRUE(accept->isVisible());
    EXPECT_FALSE(QFile::exists(knownHosts())) << "nothing is accepted before the user says so";

    // Accepting records it, and the test runs again, through the tunnel.
    QSignalSpy accepted(&dialog, &ConnectionDialog::hostKeyAccepted);
    tested.clear();
    QTest::mouseClick(accept, Qt::LeftButton);
    ASSERT_TRUE(waitForSignal(accepted, 60000));
    EXPECT_TRUE(accepted.first().at(0).toBool()) << str(accepted.first().at(1).toString());
    ASSERT_TRUE(waitForSignal(tested, 60000));
    EXPECT_TRUE(tested.first().at(0).toBool()) << str(tested.first().at(1).toString());
    EXPECT_TRUE(tested.first().at(1).toString().startsWith(QLatin1String("Connected: PostgreSQL")));
    QFile known(knownHosts());
    ASSERT_TRUE(known.open(QIODevice::ReadOnly));
    EXPECT_TRUE(known.readAll().contains("ssh-ed25519"));
    EXPECT_FALSE(accept->isVisible());

    // Saved: the bastion in the settings, its passphrase only in the keychain.
    QSignalSpy saved(&dialog, &QDialog::accepted);
    clickSave(dialog);
    ASSERT_TRUE(waitForSignal(saved)) << str(child<QLabel>(dialog, "keychainStatusLabel")->text());
    const ConnectionProfile profile = dialog.profile();
    m_savedIds << profile.id;
    const std::optional<ConnectionProfile> stored = ProfileStore().find(profile.id);
    ASSERT_TRUE(stored && stored->connection.ssh);
    EXPECT_EQ(stored->connection.ssh->port, m_sshd->port());
    EXPECT_EQ(str(stored->connection.ssh->keyFile), str(m_sshd->protectedClientKey()));
    EXPECT_TRUE(stored->connection.ssh->secret.isEmpty());
    const KeychainEntry entry = readKeychain(m_secrets, profile.sshKeychainKey());
    ASSERT_TRUE(entry.found) << str(entry.message);
    EXPECT_EQ(str(entry.password), str(TestSshd::passphrase()));
    QFile settingsFile(QSettings(QStringLiteral("Strata"), QStringLiteral("strata")).fileName());
    ASSERT_TRUE(settingsFile.open(QIODevice::ReadOnly));
    EXPECT_FALSE(settingsFile.readAll().contains(TestSshd::passphrase().toUtf8()));

    // Opened again: the passphrase comes back from the keychain.
    ConnectionDialog again(m_secrets, m_lookups.worker());
    again.setProfile(*stored);
    EXPECT_TRUE(child<QGroupBox>(again, "sshGroupBox")->isChecked());
    EXPECT_TRUE(QTest::qWaitFor([&] { return again.sshSecret() == TestSshd::passphrase(); }, 30000))
        << str(again.sshSecret());
    EXPECT_EQ(again.connectionSettings().ssh->secret, TestSshd::passphrase());
}

TEST_F(ConnectionDialogSshTest, TheWindowOffersAnUnknownHostKeyItMetAndNeverAChangedOne)
{
    ConnectionSettings tunnelled = m_server;
    tunnelled.ssh = m_sshd->settings(m_known.path());
    const Result<std::unique_ptr<PgConnection>> refused = PgConnection::open(tunnelled);
    ASSERT_FALSE(refused);

    QWidget window;
    HostKeyPrompt prompt(m_lookups.worker(), &window);
    QSignalSpy accepted(&prompt, &HostKeyPrompt::accepted);
    ASSERT_TRUE(prompt.offer(refused.error(), *tunnelled.ssh));
    QMessageBox *question = prompt.question();
    ASSERT_NE(question, nullptr);
    EXPECT_TRUE(question->text().contains(m_sshd->hostKeyFingerprint())) << str(question->text());
    EXPECT_TRUE(prompt.offer(refused.error(), *tunnelled.ssh)) << "still the one question";
    QTest::mouseClick(
        question->findChild<QPushButton *>(QStringLiteral("acceptHostKeyButton")), Qt::LeftButton);
    ASSERT_TRUE(waitForSignal(accepted, 60000));
    EXPECT_TRUE(PgConnection::open(tunnelled)) << "connects through the bastion now";

    // A changed key is refused, and never offered.
    ASSERT_TRUE(m_sshd->regenerateHostKey());
    const Result<std::unique_ptr<PgConnection>> changed = PgConnection::open(tunnelled);
    ASSERT_FALSE(changed);
    EXPECT_TRUE(changed.error().message.contains(QLatin1String("CHANGED"))) << str(changed.error().message);
    EXPECT_FALSE(prompt.offer(changed.error(), *tunnelled.ssh));
}

TEST(ConnectionDialogScreenshot, RendersASampleStagingProfile)
{
    FakeSecretStore keychain;
    keychain.storedPassword = QStringLiteral("correct horse battery");
    ConnectionProfile profile;
    profile.id = QStringLiteral("shop-staging");
    profile.name = QStringLiteral("Shop staging");
    profile.environment = ConnectionProfile::Environment::Staging;
    profile.migrationsDirectory = QStringLiteral("/home/alex/src/shop/migrations");
    profile.connection.host = QStringLiteral("db.staging.shop.example");
    profile.connection.port = 5432;
    profile.connection.database = QStringLiteral("shop");
    profile.connection.user = QStringLiteral("shop_migrator");
    profile.connection.sslMode = QStringLiteral("verify-full");
    profile.connection.sslRootCert = QStringLiteral("/home/alex/.postgresql/staging-root.crt");
    profile.backupDirectory = QStringLiteral("/home/alex/backups/shop");
    profile.pgBinDir = SandboxCluster::postgresBinDir();
    SshSettings bastion;
    bastion.host = QStringLiteral("bastion.shop.example");
    bastion.user = QStringLiteral("deploy");
    bastion.keyFile = QStringLiteral("/home/alex/.ssh/id_ed25519");
    profile.connection.ssh = bastion;

    LookupThread lookups;
    ConnectionDialog dialog(keychain, lookups.worker());
    QSignalSpy loaded(&dialog, &ConnectionDialog::passwordLoadFinished);
    dialog.setProfile(profile);
    dialog.show();
    ASSERT_TRUE(waitForSignal(loaded));
    EXPECT_TRUE(child<QGroupBox>(dialog, "sshGroupBox")->isChecked());
    EXPECT_TRUE(QTest::qWaitFor([&] { return !dialog.sshSecret().isEmpty(); }, 30000))
        << "the passphrase comes from the keychain too";
    auto *pgTool = child<QLabel>(dialog, "pgToolLabel");
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return pgTool->text().startsWith(QLatin1String("Backups use")); }, 30000))
        << str(pgTool->text());
    QCoreApplication::processEvents();
    dialog.adjustSize();
    QCoreApplication::processEvents();

    const QImage image = dialog.grab().toImage();
    ASSERT_FALSE(image.isNull());
    EXPECT_GE(image.width(), 400);
    EXPECT_GE(image.height(), 300);
    if (const QString folder = qEnvironmentVariable("STRATA_SCREENSHOT_DIR"); !folder.isEmpty()) {
        const QString path = QDir(folder).filePath(QStringLiteral("connection-dialog.png"));
        EXPECT_TRUE(image.save(path)) << str(path);
    }
}

} // namespace
