// Database → Environments… against three real databases of the test cluster
// saved as profiles, their passwords in a real keychain
// (scripts/with-keychain.sh), and a fourth profile nobody can reach.
#include "EnvironmentsDialog.h"
#include "GenerateMigrationDialog.h"
#include "MainWindow.h"
#include "Screenshot.h"
#include "db/PgConnection.h"
#include "migration/MigrationSource.h"
#include "models/EnvironmentMatrixModel.h"
#include "runner/MigrationRunner.h"
#include "secrets/KeychainSecretStore.h"
#include "settings/ProfileStore.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

namespace {

class EnvironmentsDialogTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            GTEST_SKIP() << "no session bus: run this test inside scripts/with-keychain.sh";
        STRATA_REQUIRE_CLUSTER();
        QSettings(QStringLiteral("Strata"), QStringLiteral("strata")).clear();
        m_suffix = QStringLiteral("%1").arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
        m_dev = TestCluster::freshDatabase(QStringLiteral("edev"));
        m_staging = TestCluster::freshDatabase(QStringLiteral("estaging"));
        m_production = TestCluster::freshDatabase(QStringLiteral("eprod"));
    }

    void TearDown() override
    {
        m_window.reset();
        for (const QString &key : std::as_const(m_keys)) {
            QSignalSpy deleted(&m_store, &SecretStore::passwordDeleted);
            m_store.deletePassword(key);
            deleted.wait(30000);
        }
    }

    void upTo(const ConnectionSettings &s, const QString &target)
    {
        Result<MigrationSource::Scan> scan = MigrationSource::scan(m_folder.path());
        ASSERT_TRUE(scan.ok());
        Result<std::unique_ptr<PgConnection>> c = PgConnection::open(s);
        ASSERT_TRUE(c.ok()) << c.error().toString().toStdString();
        MigrationRunner runner(**c, RunOptions {});
        UpOptions up;
        up.target = target;
        const RunReport report = runner.up(scan->migrations, up);
        ASSERT_FALSE(report.error) << report.error->toString().toStdString();
    }

    QString saveProfile(const QString &name, ConnectionProfile::Environment environment, ConnectionSettings s,
        bool withPassword)
    {
        ConnectionProfile p;
        p.id = name + u'-' + m_suffix;
        p.name = name;
        p.environment = environment;
        p.migrationsDirectory = m_folder.path();
        const QString password = s.password;
        s.password.clear();
        p.connection = s;
        EXPECT_TRUE(ProfileStore().save(p).ok());
        if (withPassword) {
            QSignalSpy written(&m_store, &SecretStore::passwordWritten);
            m_store.writePassword(p.keychainKey(), password);
            EXPECT_TRUE(written.wait(30000)) << "the keychain did not store the password";
            m_keys << p.keychainKey();
        }
        return p.id;
    }

    QString cellText(EnvironmentMatrixModel *model, const QString &migration, const QString &target)
    {
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, 0).data(EnvironmentMatrixModel::HistoryNameRole).toString() != migration)
                continue;
            for (int column = 0; column < model->columnCount(); ++column)
                if (model->headerData(column, Qt::Horizontal).toString().startsWith(target + u' '))
                    return model->index(row, column).data().toString().section(u' ', 0, 0);
        }
        return QStringLiteral("<none>");
    }

    QString m_suffix;
    QStringList m_keys;
    MigrationFolder m_folder;
    ConnectionSettings m_dev;
    ConnectionSettings m_staging;
    ConnectionSettings m_production;
    KeychainSecretStore m_store;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace

TEST_F(EnvironmentsDialogTest, EnvironmentsSideBySideThenACompareAndARunOnTheOneBehind)
{
    // Staging has AddTotal as first written, production the edited one; dev
    // only the first migration; AddNote is applied nowhere yet.
    m_folder.add(1700000000001, QStringLiteral("CreateOrders"), "CREATE TABLE orders (id int PRIMARY KEY);",
        "DROP TABLE orders;");
    m_folder.add(1700000000002, QStringLiteral("AddTotal"), "ALTER TABLE orders ADD COLUMN total int;",
        "ALTER TABLE orders DROP COLUMN total;");
    upTo(m_staging, QStringLiteral("AddTotal1700000000002"));
    m_folder.add(1700000000002, QStringLiteral("AddTotal"), "ALTER TABLE orders ADD COLUMN total bigint;",
        "ALTER TABLE orders DROP COLUMN total;");
    upTo(m_production, QStringLiteral("AddTotal1700000000002"));
    upTo(m_dev, QStringLiteral("CreateOrders1700000000001"));
    m_folder.add(1700000000003, QStringLiteral("AddNote"), "ALTER TABLE orders ADD COLUMN note text;",
        "ALTER TABLE orders DROP COLUMN note;");
    const QString devId
        = saveProfile(QStringLiteral("dev"), ConnectionProfile::Environment::Development, m_dev, true);
    saveProfile(QStringLiteral("staging"), ConnectionProfile::Environment::Staging, m_staging, true);
    saveProfile(QStringLiteral("production"), ConnectionProfile::Environment::Production, m_production, true);
    ConnectionSettings nowhere = m_dev;
    nowhere.host = QStringLiteral("127.0.0.1");
    nowhere.port = 1;
    saveProfile(QStringLiteral("old-replica"), ConnectionProfile::Environment::Production, nowhere, false);

    m_window = std::make_unique<MainWindow>();
    m_window->resize(1300, 800);
    m_window->show();
    ASSERT_TRUE(m_window->openMigrationsFolder(m_folder.path()));
    auto *open = m_window->findChild<QAction *>(QStringLiteral("environmentsAction"));
    ASSERT_NE(open, nullptr);
    ASSERT_TRUE(open->isEnabled());
    open->trigger();
    EnvironmentsDialog *dialog = m_window->environmentsDialog();
    ASSERT_NE(dialog, nullptr);
    QSignalSpy loaded(dialog, &EnvironmentsDialog::matrixLoaded);
    ASSERT_TRUE(loaded.wait(60000)) << dialog->statusText().toStdString();

    EnvironmentMatrixModel *model = dialog->model();
    ASSERT_EQ(model->columnCount(), 4);
    EXPECT_EQ(model->rowCount(), 3);
    QStringList headers;
    for (int column = 0; column < model->columnCount(); ++column)
        headers << model->headerData(column, Qt::Horizontal).toString().replace(u'\n', u' ');
    headers.sort();
    EXPECT_EQ(headers.join(u'|').toStdString(),
        "dev (development) 1 applied|old-replica (production) unreachable|production (production) 2 "
        "applied|staging (staging) 2 applied");
    EXPECT_EQ(
        cellText(model, QStringLiteral("AddTotal1700000000002"), QStringLiteral("staging")).toStdString(),
        "edited");
    EXPECT_EQ(
        cellText(model, QStringLiteral("AddTotal1700000000002"), QStringLiteral("production")).toStdString(),
        "applied");
    EXPECT_EQ(cellText(model, QStringLiteral("AddTotal1700000000002"), QStringLiteral("dev")).toStdString(),
        "pending");
    EXPECT_EQ(cellText(model, QStringLiteral("AddNote1700000000003"), QStringLiteral("dev")).toStdString(),
        "pending");
    EXPECT_EQ(
        cellText(model, QStringLiteral("AddTotal1700000000002"), QStringLiteral("old-replica")).toStdString(),
        "?");
    // The row where they disagree stands out; the one they agree on does not.
    const QModelIndex total = model->index(1, 0);
    ASSERT_EQ(total.data(EnvironmentMatrixModel::HistoryNameRole).toString(),
        QStringLiteral("AddTotal1700000000002"));
    EXPECT_TRUE(total.data(EnvironmentMatrixModel::DiffersRole).toBool());
    EXPECT_FALSE(model->index(0, 0).data(EnvironmentMatrixModel::DiffersRole).toBool());
    const QString differences = dialog->differenceLines().join(u'\n');
    EXPECT_TRUE(differences.contains(
        QStringLiteral("AddTotal1700000000002 is applied on production, staging but not on dev")))
        << differences.toStdString();
    EXPECT_TRUE(
        differences.contains(QStringLiteral("AddTotal1700000000002 was applied with different checksums")))
        << differences.toStdString();
    EXPECT_TRUE(differences.contains(QStringLiteral("dev is 1 migration(s) behind")))
        << differences.toStdString();
    dialog->resize(1000, 420);
    screenshot(*dialog, "environments.png");

    // Compare staging with production: Generate Migration opens on both, with
    // their keychain passwords, and finds the column whose type differs.
    dialog->setComparison(QStringLiteral("staging"), QStringLiteral("production"));
    auto *compare = dialog->findChild<QPushButton *>(QStringLiteral("compareButton"));
    ASSERT_NE(compare, nullptr);
    ASSERT_TRUE(compare->isEnabled());
    compare->click();
    GenerateMigrationDialog *generate = nullptr;
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            generate = m_window->findChild<GenerateMigrationDialog *>();
            return generate != nullptr;
        },
        10000));
    QSignalSpy compared(generate, &GenerateMigrationDialog::compared);
    ASSERT_TRUE(compared.wait(60000));
    ASSERT_TRUE(compared.first().first().toBool());
    QStringList changes;
    for (const SchemaChange &c : generate->diff().changes())
        changes << c.description;
    EXPECT_EQ(changes.size(), 1) << changes.join(u'\n').toStdString();
    EXPECT_TRUE(changes.join(u'\n').contains(QStringLiteral("integer to bigint")))
        << changes.join(u'\n').toStdString();
    generate->close();

    // Run the pending migrations on dev, the one behind: the window switches
    // to dev and runs them there as Run Pending does.
    dialog->selectEnvironment(QStringLiteral("dev"));
    auto *run = dialog->findChild<QPushButton *>(QStringLiteral("runButton"));
    ASSERT_NE(run, nullptr);
    ASSERT_TRUE(run->isEnabled());
    EXPECT_TRUE(run->text().contains(QStringLiteral("dev"))) << run->text().toStdString();
    QSignalSpy ran(m_window.get(), &MainWindow::runCompleted);
    run->click();
    ASSERT_TRUE(ran.wait(60000));
    EXPECT_TRUE(ran.first().first().toBool());
    EXPECT_EQ(m_window->currentProfile()->id, devId);
    DbProbe dev(m_dev);
    EXPECT_EQ(dev.historyCount(), 3);
    EXPECT_EQ(DbProbe(m_staging).historyCount(), 2) << "only dev was run";
    EXPECT_EQ(DbProbe(m_production).historyCount(), 2) << "only dev was run";

    QSignalSpy again(dialog, &EnvironmentsDialog::matrixLoaded);
    dialog->refresh();
    ASSERT_TRUE(again.wait(60000));
    EXPECT_EQ(cellText(model, QStringLiteral("AddNote1700000000003"), QStringLiteral("dev")).toStdString(),
        "applied");
}
