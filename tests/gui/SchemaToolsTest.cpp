// Generate Migration and Verify Downs driven through the main window, against
// the real test cluster (shadow databases and all).
#include "DiffDialog.h"
#include "GenerateMigrationDialog.h"
#include "MainWindow.h"
#include "MigrationEditor.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QTreeWidget>

#include <gtest/gtest.h>

namespace {

class SchemaToolsTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        QSettings(QStringLiteral("Strata"), QStringLiteral("strata")).clear();
        m_settings = TestCluster::freshDatabase(QStringLiteral("guischema"));
        m_probe = std::make_unique<DbProbe>(m_settings);
        m_window = std::make_unique<MainWindow>();
        m_window->resize(1200, 760);
        m_window->show();
    }

    void TearDown() override { m_window.reset(); }

    void connectToCluster()
    {
        ConnectionProfile p;
        p.id = QStringLiteral("test");
        p.name = QStringLiteral("Test cluster");
        p.connection = m_settings;
        p.connection.password.clear();
        p.migrationsDirectory = m_folder.path();
        QSignalSpy refreshed(m_window.get(), &MainWindow::statusRefreshed);
        ASSERT_TRUE(m_window->openMigrationsFolder(m_folder.path()));
        m_window->useProfile(p, m_settings.password);
        ASSERT_TRUE(refreshed.wait(30000));
        ASSERT_FALSE(m_window->serverVersion().isEmpty()) << "not connected";
    }

    QStringList shadowsOnServer()
    {
        return m_probe->column("SELECT datname FROM pg_database WHERE datname LIKE 'strata\\_shadow\\_%'");
    }

    QAction *action(const char *name) { return m_window->findChild<QAction *>(QString::fromLatin1(name)); }

    ConnectionSettings m_settings;
    std::unique_ptr<DbProbe> m_probe;
    MigrationFolder m_folder;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace

TEST_F(SchemaToolsTest, VerifyDownsFlagsAForgottenIndexInTheRunPanel)
{
    m_folder.add(1700000000000, QStringLiteral("CreateItems"),
        "CREATE TABLE items (id int PRIMARY KEY, sku text);", "DROP TABLE items;");
    m_folder.add(1700000000001, QStringLiteral("IndexSku"), "CREATE INDEX idx_items_sku ON items (sku);",
        "SELECT 1; -- forgot the index");
    connectToCluster();
    QAction *verify = action("verifyDownsAction");
    ASSERT_TRUE(verify);
    ASSERT_TRUE(verify->isEnabled());
    QSignalSpy done(m_window.get(), &MainWindow::downsVerified);
    verify->trigger();
    EXPECT_FALSE(verify->isEnabled()) << "one verification at a time";
    ASSERT_TRUE(done.wait(120000));
    EXPECT_FALSE(done.first().first().toBool());
    const VerificationReport report = m_window->lastVerification();
    ASSERT_FALSE(report.failed) << report.error.toString().toStdString();
    ASSERT_EQ(report.verdicts.size(), 2);
    EXPECT_EQ(report.verdicts[0].outcome, MigrationVerdict::Outcome::Ok);
    EXPECT_EQ(report.verdicts[1].outcome, MigrationVerdict::Outcome::DownDoesNotUndo);
    const QString log = m_window->findChild<QPlainTextEdit *>(QStringLiteral("logTextEdit"))->toPlainText();
    EXPECT_TRUE(log.contains(QLatin1String("idx_items_sku"))) << log.toStdString();
    EXPECT_TRUE(log.contains(QLatin1String("down does not undo up"))) << log.toStdString();
    EXPECT_TRUE(verify->isEnabled());
    EXPECT_TRUE(shadowsOnServer().isEmpty());
    EXPECT_EQ(m_probe->historyCount(), 0) << "verify must not touch the connected database";
}

TEST_F(SchemaToolsTest, CancelStopsAVerificationAndDropsItsShadow)
{
    m_folder.add(1700000000000, QStringLiteral("Slow"), "CREATE TABLE slow (id int);\nSELECT pg_sleep(60);",
        "DROP TABLE slow;");
    connectToCluster();
    auto *cancel = m_window->findChild<QPushButton *>(QStringLiteral("cancelButton"));
    ASSERT_TRUE(cancel);
    EXPECT_FALSE(cancel->isEnabled());
    QSignalSpy done(m_window.get(), &MainWindow::downsVerified);
    action("verifyDownsAction")->trigger();
    EXPECT_TRUE(cancel->isEnabled()) << "the run panel's Cancel stops a verification too";
    // Once the shadow exists and the slow up is running in it, cancel.
    ASSERT_TRUE(QTest::qWaitFor(
        [this] {
            return !m_probe
                        ->column("SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60)%' "
                                 "AND state = 'active'")
                        .isEmpty();
        },
        60000));
    QTest::mouseClick(cancel, Qt::LeftButton);
    ASSERT_TRUE(done.wait(30000)) << "a cancelled verification ends at once, not after the 60 s sleep";
    EXPECT_FALSE(done.first().first().toBool());
    const VerificationReport report = m_window->lastVerification();
    EXPECT_TRUE(report.failed);
    EXPECT_EQ(report.error.kind, StrataError::Kind::Cancelled) << report.error.toString().toStdString();
    EXPECT_TRUE(shadowsOnServer().isEmpty());
    EXPECT_FALSE(cancel->isEnabled());
    EXPECT_TRUE(action("verifyDownsAction")->isEnabled());
}

TEST_F(SchemaToolsTest, GenerateMigrationComparesAndOpensTheNewFileInTheEditor)
{
    m_folder.add(1700000000000, QStringLiteral("CreateItems"),
        "CREATE TABLE items (id int PRIMARY KEY, sku text);", "DROP TABLE items;");
    connectToCluster();
    // The developer's database: the migration plus a column added by hand.
    ASSERT_TRUE(m_probe->exec("CREATE TABLE items (id int PRIMARY KEY, sku text, price_cents bigint)"));

    QAction *generate = action("generateMigrationAction");
    ASSERT_TRUE(generate && generate->isEnabled());
    generate->trigger();
    auto *dialog = m_window->findChild<GenerateMigrationDialog *>();
    ASSERT_TRUE(dialog);
    QSignalSpy compared(dialog, &GenerateMigrationDialog::compared);
    dialog->findChild<QPushButton *>(QStringLiteral("compareButton"))->click();
    ASSERT_TRUE(compared.wait(120000));
    ASSERT_TRUE(compared.first().first().toBool())
        << dialog->findChild<QLabel *>(QStringLiteral("statusLabel"))->text().toStdString();
    auto *changes = dialog->findChild<QTreeWidget *>(QStringLiteral("changeTree"));
    ASSERT_GE(changes->topLevelItemCount(), 1);
    bool listed = false;
    for (int i = 0; i < changes->topLevelItemCount(); ++i)
        listed = listed || changes->topLevelItem(i)->text(0).contains(QLatin1String("price_cents"));
    EXPECT_TRUE(listed);
    EXPECT_TRUE(dialog->findChild<QPlainTextEdit *>(QStringLiteral("upSqlEdit"))
                    ->toPlainText()
                    .contains(QLatin1String("price_cents")));
    EXPECT_TRUE(shadowsOnServer().isEmpty()) << "the migrations' shadow is dropped after reading it";
    // scripts/screenshots.sh runs this test for the README's picture.
    if (const QString shots = qEnvironmentVariable("STRATA_SCREENSHOT_DIR"); !shots.isEmpty()) {
        dialog->resize(1100, 640);
        QApplication::processEvents();
        dialog->grab().save(QDir(shots).filePath(QStringLiteral("generate-migration.png")));
    }

    dialog->findChild<QPushButton *>(QStringLiteral("sideBySideButton"))->click();
    auto *sideBySide = dialog->findChild<DiffDialog *>();
    ASSERT_TRUE(sideBySide);
    sideBySide->close();

    auto *create = dialog->findChild<QPushButton *>(QStringLiteral("createButton"));
    EXPECT_FALSE(create->isEnabled()) << "no name yet";
    dialog->findChild<QLineEdit *>(QStringLiteral("nameLineEdit"))->setText(QStringLiteral("AddPriceCents"));
    ASSERT_TRUE(create->isEnabled());
    QSignalSpy created(dialog, &GenerateMigrationDialog::migrationCreated);
    create->click();
    ASSERT_EQ(created.size(), 1);
    const QString path = created.first().first().toString();
    EXPECT_TRUE(path.endsWith(QLatin1String("-AddPriceCents.sql"))) << path.toStdString();
    EXPECT_EQ(QFileInfo(path).absolutePath(), QFileInfo(m_folder.path()).absoluteFilePath());
    EXPECT_EQ(m_window->editor()->filePath(), path);
    EXPECT_TRUE(m_window->editor()->text().contains(QLatin1String("-- migrate:down")));
}

// Issue 15: the window has one thread for runs and one for schema work, and
// the Generate Migration dialog uses the window's schema worker instead of a
// thread of its own. A verification and a comparison queued on that one
// worker each get their own answer, once.
TEST_F(SchemaToolsTest, TheWindowAndTheGenerateDialogShareOneSchemaThread)
{
    m_folder.add(1700000000000, QStringLiteral("CreateItems"),
        "CREATE TABLE items (id int PRIMARY KEY, sku text);", "DROP TABLE items;");
    connectToCluster();
    ASSERT_TRUE(m_probe->exec("CREATE TABLE items (id int PRIMARY KEY, sku text, price_cents bigint)"));
    GenerateMigrationDialog *dialog = m_window->openGenerateMigrationDialog();
    QSignalSpy compared(dialog, &GenerateMigrationDialog::compared);
    QSignalSpy verified(m_window.get(), &MainWindow::downsVerified);
    m_window->verifyDowns();
    dialog->compare();
    ASSERT_TRUE(verified.size() == 1 || verified.wait(120000));
    ASSERT_TRUE(compared.size() == 1 || compared.wait(120000));
    QTest::qWait(200); // a stray second answer would arrive by now
    ASSERT_EQ(verified.size(), 1);
    ASSERT_EQ(compared.size(), 1);
    EXPECT_TRUE(verified.first().first().toBool());
    EXPECT_EQ(m_window->lastVerification().verdicts.size(), 1);
    EXPECT_TRUE(compared.first().first().toBool());
    EXPECT_TRUE(dialog->findChild<QPlainTextEdit *>(QStringLiteral("upSqlEdit"))
                    ->toPlainText()
                    .contains(QLatin1String("price_cents")));

    QStringList threads;
    for (const QThread *thread : m_window->findChildren<QThread *>())
        threads << thread->objectName();
    threads.sort();
    EXPECT_EQ(threads, (QStringList { QStringLiteral("strata-schema"), QStringLiteral("strata-worker") }));
}

TEST_F(SchemaToolsTest, RenameCandidatesAreCheckableAndChangeTheSql)
{
    m_folder.add(1700000000000, QStringLiteral("CreatePeople"),
        "CREATE TABLE people (id int PRIMARY KEY, nick text);", "DROP TABLE people;");
    connectToCluster();
    ASSERT_TRUE(m_probe->exec("CREATE TABLE people (id int PRIMARY KEY, handle text)"));
    GenerateMigrationDialog *dialog = m_window->openGenerateMigrationDialog();
    QSignalSpy compared(dialog, &GenerateMigrationDialog::compared);
    dialog->compare();
    ASSERT_TRUE(compared.wait(120000));
    ASSERT_TRUE(compared.first().first().toBool());
    auto *renames = dialog->findChild<QListWidget *>(QStringLiteral("renameList"));
    ASSERT_EQ(renames->count(), 1);
    EXPECT_EQ(renames->item(0)->checkState(), Qt::Unchecked) << "never accepted for the user";
    auto *up = dialog->findChild<QPlainTextEdit *>(QStringLiteral("upSqlEdit"));
    EXPECT_TRUE(up->toPlainText().contains(QLatin1String("DROP COLUMN nick")))
        << up->toPlainText().toStdString();
    renames->item(0)->setCheckState(Qt::Checked);
    EXPECT_TRUE(up->toPlainText().contains(QLatin1String("RENAME COLUMN nick TO handle")))
        << up->toPlainText().toStdString();
    EXPECT_FALSE(up->toPlainText().contains(QLatin1String("DROP COLUMN"))) << up->toPlainText().toStdString();
    dialog->close();
}
