// Database → Fleet… over thirteen real databases of the test cluster: twelve
// by a name pattern (one of them unable to take the first migration) and a
// production profile whose own role's password comes from a real keychain
// (scripts/with-keychain.sh) after the user confirms production; with no
// backup of it yet, its pre-flight blocks it, as a single run's would.
#include "FleetRunDialog.h"
#include "Screenshot.h"
#include "models/FleetRunModel.h"
#include "secrets/KeychainSecretStore.h"
#include "settings/ProfileStore.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

namespace {

int historyRows(const ConnectionSettings &s)
{
    DbProbe probe(s);
    if (!probe.tableExists(QStringLiteral("migrations")))
        return 0;
    return probe.scalar("SELECT count(*) FROM migrations").toInt();
}

} // namespace

TEST(FleetRunDialogTest, ShowsEachTargetsProgressAndTheCountsAndAsksBeforeProduction)
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        GTEST_SKIP() << "no session bus: run this test inside scripts/with-keychain.sh";
    STRATA_REQUIRE_CLUSTER();
    const QString prefix = QStringLiteral("gfleet%1").arg(QRandomGenerator::system()->generate() % 100000);
    QList<ConnectionSettings> fleet;
    for (int i = 0; i < 12; ++i)
        fleet << TestCluster::freshDatabase(
            QStringLiteral("%1_%2").arg(prefix).arg(i, 2, 10, QLatin1Char('0')));
    ASSERT_TRUE(DbProbe(fleet[3]).exec("CREATE TABLE orders (id text)"));
    MigrationFolder folder;
    folder.add(1700000000001, QStringLiteral("CreateOrders"), "CREATE TABLE orders (id int PRIMARY KEY);",
        "DROP TABLE orders;");
    folder.add(1700000000002, QStringLiteral("AddTotal"), "ALTER TABLE orders ADD COLUMN total int;",
        "ALTER TABLE orders DROP COLUMN total;");

    // A production profile that logs in as its own role: only its keychain
    // password lets it in (PGPASSWORD below is the superuser's).
    ConnectionSettings production = TestCluster::freshDatabase(QStringLiteral("gfleetprod"));
    const QString role = prefix + QStringLiteral("_owner");
    const QString rolePassword = QStringLiteral("pw-") + prefix;
    ASSERT_TRUE(DbProbe(production)
                    .exec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'; ALTER DATABASE %3 OWNER TO %1; "
                                         "ALTER SCHEMA public OWNER TO %1")
                              .arg(role, rolePassword, production.database)
                              .toUtf8()));
    ConnectionProfile profile;
    profile.id = prefix + QStringLiteral("-prod");
    profile.name = QStringLiteral("Production ") + prefix;
    profile.environment = ConnectionProfile::Environment::Production;
    profile.connection = production;
    profile.connection.user = role;
    profile.connection.password.clear();
    ASSERT_TRUE(ProfileStore().save(profile).ok());
    KeychainSecretStore secrets;
    {
        QSignalSpy written(&secrets, &SecretStore::passwordWritten);
        secrets.writePassword(profile.keychainKey(), rolePassword);
        ASSERT_TRUE(written.wait(30000)) << "the keychain did not store the password";
    }

    QTemporaryDir dir;
    const QString targets = dir.filePath(QStringLiteral("fleet.txt"));
    {
        QFile f(targets);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(
            QStringLiteral("# the tenants, then production\npostgresql://%1@:%2/%3_%?host=%4\nprofile:%5\n")
                .arg(fleet[0].user)
                .arg(fleet[0].port)
                .arg(prefix, fleet[0].host, profile.id)
                .toUtf8());
    }
    qputenv("PGPASSWORD", fleet[0].password.toUtf8());

    FleetRunDialog dialog(&secrets, folder.path(), HistoryTable());
    dialog.resize(1000, 620);
    dialog.show();
    dialog.setTargetsFile(targets);
    dialog.setAction(FleetRunner::Action::Up);
    dialog.setConcurrency(3);
    QSignalSpy finished(&dialog, &FleetRunDialog::runFinished);
    dialog.start();

    // Production is asked about first; nothing runs before the answer.
    QMessageBox *question = nullptr;
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return (question = dialog.findChild<QMessageBox *>(QStringLiteral("productionQuestion"))); },
        30000));
    EXPECT_TRUE(question->text().contains(profile.name)) << question->text().toStdString();
    EXPECT_EQ(historyRows(fleet[0]), 0);
    QAbstractButton *run = nullptr;
    for (QAbstractButton *b : question->buttons())
        if (question->buttonRole(b) == QMessageBox::AcceptRole)
            run = b;
    ASSERT_NE(run, nullptr);
    QTest::mouseClick(run, Qt::LeftButton);

    // While it runs, targets show running and the counts move.
    bool sawRunning = false;
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            sawRunning = sawRunning || dialog.model()->count(FleetRunModel::State::Running) > 0;
            return finished.count() > 0;
        },
        120000));
    EXPECT_TRUE(finished.first().at(0).toString().isEmpty())
        << finished.first().at(0).toString().toStdString();
    EXPECT_TRUE(sawRunning);

    FleetRunModel *model = dialog.model();
    ASSERT_EQ(model->rowCount(), 13);
    EXPECT_EQ(model->count(FleetRunModel::State::Ok), 11);
    EXPECT_EQ(model->count(FleetRunModel::State::Failed), 2);
    EXPECT_TRUE(dialog.summaryText().contains(QLatin1String("13 targets: 11 ok, 2 failed")))
        << dialog.summaryText().toStdString();
    auto *progress = dialog.findChild<QProgressBar *>(QStringLiteral("progressBar"));
    EXPECT_EQ(progress->maximum(), 13);
    EXPECT_EQ(progress->value(), 13);
    for (int row = 0; row < model->rowCount(); ++row) {
        const FleetRunModel::Row r = model->row(row);
        if (r.label.endsWith(fleet[3].database)) {
            EXPECT_EQ(r.state, FleetRunModel::State::Failed);
            EXPECT_TRUE(r.detail.contains(QLatin1String("already exists"))) << r.detail.toStdString();
        } else if (r.label == QStringLiteral("profile:") + profile.id) {
            // Reached with the keychain's password (else: unreachable), then blocked.
            EXPECT_EQ(r.state, FleetRunModel::State::Failed);
            EXPECT_TRUE(r.detail.contains(QLatin1String("pre-flight found"))) << r.detail.toStdString();
            EXPECT_TRUE(r.detail.contains(QLatin1String("Last backup"))) << r.detail.toStdString();
            EXPECT_EQ(r.before, 0);
        } else {
            EXPECT_EQ(r.state, FleetRunModel::State::Ok)
                << r.label.toStdString() << ": " << r.detail.toStdString();
            EXPECT_EQ(r.after, 2) << r.label.toStdString();
        }
    }
    EXPECT_EQ(historyRows(fleet[3]), 0) << "the failed migration left nothing behind";
    ConnectionSettings asOwner = production;
    asOwner.user = role;
    asOwner.password = rolePassword;
    EXPECT_EQ(historyRows(asOwner), 0) << "production ran without a recent backup";
    screenshot(dialog, "fleet-run.png");

    qunsetenv("PGPASSWORD");
    ProfileStore().remove(profile.id);
    QSignalSpy deleted(&secrets, &SecretStore::passwordDeleted);
    secrets.deletePassword(profile.keychainKey());
    deleted.wait(30000);
}
