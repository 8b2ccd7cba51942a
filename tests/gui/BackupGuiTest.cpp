// Backup && Migrate and the restore it offers, driven through the main window
// against the real test cluster with the real pg_dump and pg_restore.
#include "BackupsDialog.h"
#include "MainWindow.h"
#include "PreflightAnswer.h"
#include "backup/BackupCatalog.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QInputDialog>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

#include <functional>

namespace {

QAction *findAction(QWidget &window, const char *name)
{
    return window.findChild<QAction *>(QString::fromLatin1(name));
}

QString logText(QWidget &window)
{
    auto *log = window.findChild<QPlainTextEdit *>(QStringLiteral("logTextEdit"));
    return log ? log->toPlainText() : QString();
}

// Answers the modal dialogs the window opens, one after another: each handler
// gets the active modal widget and returns true once it has dealt with it.
class ModalDriver
{
public:
    explicit ModalDriver(QList<std::function<bool(QWidget *)>> handlers)
        : m_handlers(std::move(handlers))
    {
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            QWidget *modal = QApplication::activeModalWidget();
            if (!modal || m_handled >= m_handlers.size())
                return;
            if (m_handlers[m_handled](modal))
                ++m_handled;
        });
        m_timer.start(50);
    }
    qsizetype handled() const { return m_handled; }

private:
    QTimer m_timer;
    QList<std::function<bool(QWidget *)>> m_handlers;
    qsizetype m_handled = 0;
};

class BackupGuiTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        QSettings(QStringLiteral("Strata"), QStringLiteral("strata")).clear();
        m_settings = TestCluster::freshDatabase(QStringLiteral("guibk"));
        m_probe = std::make_unique<DbProbe>(m_settings);
        ASSERT_TRUE(
            m_probe->exec("CREATE TABLE items (id int PRIMARY KEY, name text);"
                          "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 250) g;"));
        m_window = std::make_unique<MainWindow>();
        m_window->resize(1200, 760);
        m_window->show();
    }

    void TearDown() override
    {
        if (m_window && m_window->isRunning()) {
            m_window->cancelRun();
            QSignalSpy done(m_window.get(), &MainWindow::runCompleted);
            done.wait(30000);
        }
        m_window.reset();
    }

    ConnectionProfile profile()
    {
        ConnectionProfile p;
        p.id = QStringLiteral("bktest");
        p.name = QStringLiteral("Backup test");
        p.connection = m_settings;
        p.connection.password.clear();
        p.environment = ConnectionProfile::Environment::Development;
        p.migrationsDirectory = m_folder.path();
        p.backupDirectory = m_backups.path();
        return p;
    }

    void connectTo(const ConnectionProfile &p)
    {
        QSignalSpy refreshed(m_window.get(), &MainWindow::statusRefreshed);
        m_window->useProfile(p, m_settings.password);
        ASSERT_TRUE(refreshed.wait(30000));
        ASSERT_FALSE(m_window->serverVersion().isEmpty()) << "not connected";
    }

    // Triggers Backup && Migrate and waits for the run's end; its result.
    std::optional<bool> backupAndMigrate()
    {
        QSignalSpy done(m_window.get(), &MainWindow::runCompleted);
        QSignalSpy refreshed(m_window.get(), &MainWindow::statusRefreshed);
        findAction(*m_window, "backupMigrateAction")->trigger();
        if (!done.wait(120000))
            return std::nullopt;
        // The window reads the history again after a run (possibly while a dialog was open).
        if (refreshed.isEmpty())
            refreshed.wait(30000);
        return done.first().first().toBool();
    }

    ConnectionSettings m_settings;
    std::unique_ptr<DbProbe> m_probe;
    MigrationFolder m_folder;
    QTemporaryDir m_backups;
    std::unique_ptr<MainWindow> m_window;
};

TEST_F(BackupGuiTest, BackupAndMigrateWritesAVerifiedDumpThenAppliesThePendingMigrations)
{
    m_folder.add(1700000000001, QStringLiteral("AddPrice"), "ALTER TABLE items ADD COLUMN price int;",
        "ALTER TABLE items DROP COLUMN price;");
    m_folder.add(
        1700000000002, QStringLiteral("Orders"), "CREATE TABLE orders (id int);", "DROP TABLE orders;");
    connectTo(profile());
    ASSERT_TRUE(findAction(*m_window, "backupMigrateAction")->isEnabled());

    const std::optional<bool> ok = backupAndMigrate();
    ASSERT_TRUE(ok.has_value()) << "the run did not finish";
    EXPECT_TRUE(*ok) << logText(*m_window).toStdString();

    const BackupFileList dumps = BackupCatalog::list(m_backups.path());
    ASSERT_EQ(dumps.size(), 1);
    EXPECT_GT(dumps.first().sizeBytes, 0);
    EXPECT_EQ(dumps.first().database, BackupCatalog::sanitise(m_settings.database));
    EXPECT_EQ(m_probe->historyCount(), 2);
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("orders")));
    const QString log = logText(*m_window);
    EXPECT_TRUE(log.contains(QStringLiteral("dumped public.items"))) << log.toStdString();
    EXPECT_TRUE(log.contains(QStringLiteral("Backup verified"))) << log.toStdString();
}

TEST_F(BackupGuiTest, OnProductionThePreflightComesFirstAndCountsTheBackupAboutToBeMade)
{
    m_folder.add(
        1700000000001, QStringLiteral("Orders"), "CREATE TABLE orders (id int);", "DROP TABLE orders;");
    ConnectionProfile p = profile();
    p.environment = ConnectionProfile::Environment::Production;
    connectTo(p);

    // No backup exists yet, but Backup & Migrate makes one before it runs:
    // that is not a blocker, so Run is enabled; then the name is typed.
    const QString database = m_settings.database;
    const auto preflight = PreflightAnswer::arm(*m_window, PreflightAnswer::Choice::Run, [database] {
        if (auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget())) {
            dialog->setTextValue(database);
            dialog->accept();
        }
    });
    const std::optional<bool> ok = backupAndMigrate();
    ASSERT_TRUE(ok.has_value()) << "the run did not finish";
    EXPECT_TRUE(*ok) << logText(*m_window).toStdString();
    EXPECT_TRUE(preflight->opened);
    EXPECT_TRUE(preflight->runEnabled) << preflight->text.toStdString();
    EXPECT_TRUE(preflight->blockers.isEmpty()) << preflight->text.toStdString();
    EXPECT_TRUE(preflight->text.contains(QLatin1String("Last backup: a fresh backup of")))
        << preflight->text.toStdString();
    EXPECT_EQ(BackupCatalog::list(m_backups.path()).size(), 1);
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("orders")));
    // The pre-flight was asked before the dump began.
    const QString log = logText(*m_window);
    EXPECT_LT(log.indexOf(QLatin1String("Pre-flight on")), log.indexOf(QLatin1String("Backup verified")))
        << log.toStdString();
}

TEST_F(BackupGuiTest, AnEmptyPgBinFolderStopsBeforeAnyMigrationAndSaysWhy)
{
    m_folder.add(
        1700000000001, QStringLiteral("Orders"), "CREATE TABLE orders (id int);", "DROP TABLE orders;");
    QTemporaryDir emptyBin;
    ConnectionProfile p = profile();
    p.pgBinDir = emptyBin.path();
    connectTo(p);

    QString shown;
    ModalDriver driver({ [&shown](QWidget *modal) {
        auto *box = qobject_cast<QMessageBox *>(modal);
        if (!box)
            return false;
        shown = box->windowTitle() + u'\n' + box->text();
        box->accept();
        return true;
    } });
    const std::optional<bool> ok = backupAndMigrate();
    ASSERT_TRUE(ok.has_value());
    EXPECT_FALSE(*ok);
    QElapsedTimer timer;
    timer.start();
    while (driver.handled() < 1 && timer.elapsed() < 30000)
        QTest::qWait(20);
    EXPECT_TRUE(shown.contains(QStringLiteral("Backup failed"))) << shown.toStdString();
    EXPECT_TRUE(shown.contains(QStringLiteral("pg_dump"))) << shown.toStdString();
    EXPECT_TRUE(shown.contains(emptyBin.path())) << shown.toStdString();
    EXPECT_TRUE(shown.contains(QStringLiteral("point the profile's pg_dump folder"))) << shown.toStdString();
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("orders")));
    EXPECT_TRUE(BackupCatalog::list(m_backups.path()).isEmpty());
}

TEST_F(BackupGuiTest, AfterAFailedMigrationTheOfferedRestoreIntoThisDatabaseBringsBackTheRows)
{
    m_folder.add(1700000000001, QStringLiteral("Wipe"), "DELETE FROM items WHERE id > 100;", "SELECT 1;");
    m_folder.add(1700000000002, QStringLiteral("Broken"), "SELECT nope FROM items;", "SELECT 1;");
    connectTo(profile());
    const QByteArray checksum = "SELECT md5(string_agg(id || ':' || name, ',' ORDER BY id)) FROM items";
    const QString expected = m_probe->scalar(checksum);
    const QString database = m_settings.database;

    QString offer;
    QString confirmation;
    ModalDriver driver({ [&offer](QWidget *modal) {
                            auto *box = qobject_cast<QMessageBox *>(modal);
                            if (!box || box->objectName() != QStringLiteral("restoreOfferBox"))
                                return false;
                            offer = box->text();
                            for (QAbstractButton *button : box->buttons())
                                if (button->text() == QStringLiteral("Restore into This Database")) {
                                    button->click();
                                    return true;
                                }
                            return false;
                        },
        [&confirmation](QWidget *modal) {
            auto *box = qobject_cast<QMessageBox *>(modal);
            if (!box)
                return false;
            confirmation = box->text();
            box->button(QMessageBox::Yes)->click();
            return true;
        },
        [](QWidget *modal) {
            auto *box = qobject_cast<QMessageBox *>(modal);
            if (!box)
                return false;
            box->accept();
            return true;
        } });
    QSignalSpy restored(m_window.get(), &MainWindow::restoreCompleted);
    const std::optional<bool> ok = backupAndMigrate();
    ASSERT_TRUE(ok.has_value());
    EXPECT_FALSE(*ok);
    ASSERT_TRUE(!restored.isEmpty() || restored.wait(120000)) << logText(*m_window).toStdString();
    EXPECT_TRUE(restored.first().first().toBool()) << logText(*m_window).toStdString();
    EXPECT_TRUE(offer.startsWith(QStringLiteral("The migration failed. Restore the backup taken at")))
        << offer.toStdString();
    EXPECT_TRUE(confirmation.contains(database)) << confirmation.toStdString();

    // The run had committed Wipe before Broken failed; the restore undid it,
    // history included (the dump holds the history as it was: empty).
    EXPECT_EQ(m_probe->scalar("SELECT count(*) FROM items"), QStringLiteral("250"));
    EXPECT_EQ(m_probe->scalar(checksum), expected);
    EXPECT_EQ(m_probe->historyCount(), 0);
}

TEST_F(BackupGuiTest, TheBackupsDialogListsTheDumpAndRestoresItIntoANewDatabaseWithTheOriginalRows)
{
    m_folder.add(
        1700000000001, QStringLiteral("Orders"), "CREATE TABLE orders (id int);", "DROP TABLE orders;");
    connectTo(profile());
    const QByteArray checksum = "SELECT md5(string_agg(id || ':' || name, ',' ORDER BY id)) FROM items";
    const QString expected = m_probe->scalar(checksum);
    const std::optional<bool> ok = backupAndMigrate();
    ASSERT_TRUE(ok.has_value());
    ASSERT_TRUE(*ok) << logText(*m_window).toStdString();
    const BackupFileList dumps = BackupCatalog::list(m_backups.path());
    ASSERT_EQ(dumps.size(), 1);
    ASSERT_TRUE(m_probe->exec("DELETE FROM items WHERE id % 2 = 0"));

    const QString newDatabase = m_settings.database + QStringLiteral("_fromdialog");
    QStringList listed;
    ModalDriver driver({ [&listed](QWidget *modal) {
                            auto *dialog = qobject_cast<BackupsDialog *>(modal);
                            if (!dialog || dialog->backups().isEmpty())
                                return false; // still loading
                            for (const BackupFile &b : dialog->backups())
                                listed << b.fileName;
                            // scripts/screenshots.sh runs this test for the README's picture.
                            const QString shots = qEnvironmentVariable("STRATA_SCREENSHOT_DIR");
                            if (!shots.isEmpty())
                                dialog->grab().save(
                                    QDir(shots).filePath(QStringLiteral("backups-dialog.png")));
                            dialog->findChild<QPushButton *>(QStringLiteral("restoreNewButton"))->click();
                            return true;
                        },
        [&newDatabase](QWidget *modal) {
            auto *dialog = qobject_cast<QInputDialog *>(modal);
            if (!dialog)
                return false;
            dialog->setTextValue(newDatabase);
            dialog->accept();
            return true;
        },
        [](QWidget *modal) {
            auto *box = qobject_cast<QMessageBox *>(modal);
            if (!box)
                return false;
            box->accept();
            return true;
        } });
    QSignalSpy restored(m_window.get(), &MainWindow::restoreCompleted);
    QAction *backups = findAction(*m_window, "backupsAction");
    ASSERT_TRUE(backups->isEnabled());
    backups->trigger();
    ASSERT_TRUE(!restored.isEmpty() || restored.wait(120000)) << logText(*m_window).toStdString();
    EXPECT_TRUE(restored.first().first().toBool()) << logText(*m_window).toStdString();
    EXPECT_EQ(listed, QStringList { dumps.first().fileName });

    // The connected database keeps its changes; the new one holds the rows as dumped.
    EXPECT_EQ(m_probe->scalar("SELECT count(*) FROM items"), QStringLiteral("125"));
    ConnectionSettings restoredSettings = m_settings;
    restoredSettings.database = newDatabase;
    {
        DbProbe restoredProbe(restoredSettings);
        ASSERT_TRUE(restoredProbe.ok());
        EXPECT_EQ(restoredProbe.scalar("SELECT count(*) FROM items"), QStringLiteral("250"));
        EXPECT_EQ(restoredProbe.scalar(checksum), expected);
        EXPECT_EQ(restoredProbe.historyCount(), 0); // dumped before the run
    }
    m_probe->exec("DROP DATABASE IF EXISTS " + newDatabase.toUtf8() + " WITH (FORCE)");
}

} // namespace
