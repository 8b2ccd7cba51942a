// The pre-flight in the desktop app: the dialog's rows, colours and the
// explicit confirmation of blockers; Database → Pre-flight… against the real
// cluster with a session holding a lock on a table the pending migration alters.
#include "PreflightDialog.h"
#include "MainWindow.h"
#include "PreflightAnswer.h"
#include "db/PgConnection.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <gtest/gtest.h>

namespace {

PreflightReport reportWith(PreflightCheck::Severity severity)
{
    PreflightReport report;
    report.target = QStringLiteral("db.example:5432/shop");
    report.checkedAt = QDateTime::currentDateTimeUtc();
    PreflightCheck ok;
    ok.id = QStringLiteral("connection");
    ok.title = QStringLiteral("Connection");
    ok.message = QStringLiteral("PostgreSQL 15");
    report.checks << ok;
    PreflightCheck other;
    other.id = QStringLiteral("blockers");
    other.title = QStringLiteral("Sessions in the way");
    other.severity = severity;
    other.message = QStringLiteral("1 session holds locks");
    BackendSession s;
    s.pid = 4242;
    s.state = QStringLiteral("idle in transaction");
    s.query = QStringLiteral("LOCK TABLE orders");
    other.sessions << s;
    report.checks << other;
    return report;
}

QTreeWidgetItem *rowOf(QTreeWidget *tree, const QString &id)
{
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        if (tree->topLevelItem(i)->data(0, Qt::UserRole).toString() == id)
            return tree->topLevelItem(i);
    return nullptr;
}

// The main window on a staging profile whose one pending migration alters
// `accounts`, while another session holds a lock on that table.
class PreflightWindowTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        QSettings(QStringLiteral("Strata"), QStringLiteral("strata")).clear();
        m_settings = TestCluster::freshDatabase(QStringLiteral("guipreflight"));
        m_probe = std::make_unique<DbProbe>(m_settings);
        ASSERT_TRUE(m_probe->exec("CREATE TABLE accounts (id int PRIMARY KEY);"));
        m_folder.add(1700000000001, QStringLiteral("AddEmail"), "ALTER TABLE accounts ADD COLUMN email text;",
            "ALTER TABLE accounts DROP COLUMN email;");
        Result<std::unique_ptr<PgConnection>> other = PgConnection::open(m_settings);
        ASSERT_TRUE(other.ok());
        m_other = std::move(other).value();
        ASSERT_TRUE(m_other->run("BEGIN").ok());
        ASSERT_TRUE(m_other->run("LOCK TABLE accounts IN ACCESS SHARE MODE").ok());

        m_window = std::make_unique<MainWindow>();
        m_window->show();
        ConnectionProfile p;
        p.id = QStringLiteral("test");
        p.name = QStringLiteral("Test cluster");
        p.connection = m_settings;
        p.connection.password.clear();
        p.environment = ConnectionProfile::Environment::Staging;
        p.migrationsDirectory = m_folder.path();
        QSignalSpy refreshed(m_window.get(), &MainWindow::statusRefreshed);
        m_window->openMigrationsFolder(m_folder.path());
        m_window->useProfile(p, m_settings.password);
        ASSERT_TRUE(refreshed.wait(30000));
    }

    ConnectionSettings m_settings;
    std::unique_ptr<DbProbe> m_probe;
    MigrationFolder m_folder;
    std::unique_ptr<PgConnection> m_other;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace

TEST(PreflightDialogTest, BlockersMustBeConfirmedExplicitly)
{
    PreflightDialog dialog(reportWith(PreflightCheck::Severity::Blocker), PreflightDialog::Mode::Run,
        QStringLiteral("Apply all pending migrations"));
    auto *tree = dialog.findChild<QTreeWidget *>(QStringLiteral("checkTree"));
    auto *box = dialog.findChild<QCheckBox *>(QStringLiteral("overrideCheckBox"));
    ASSERT_TRUE(tree && box && dialog.runButton());
    QTreeWidgetItem *blockers = rowOf(tree, QStringLiteral("blockers"));
    ASSERT_NE(blockers, nullptr);
    EXPECT_EQ(blockers->foreground(0).color(), QColor(0xc6, 0x28, 0x28));
    EXPECT_FALSE(blockers->icon(0).isNull());
    ASSERT_EQ(blockers->childCount(), 1);
    EXPECT_TRUE(blockers->child(0)->text(1).contains(QLatin1String("LOCK TABLE orders")));
    EXPECT_TRUE(blockers->isExpanded());

    EXPECT_FALSE(dialog.runButton()->isEnabled());
    EXPECT_FALSE(dialog.overrodeBlockers());
    box->setChecked(true);
    EXPECT_TRUE(dialog.runButton()->isEnabled());
    EXPECT_TRUE(dialog.overrodeBlockers());
}

TEST(PreflightDialogTest, WithoutBlockersRunIsTheDefault)
{
    PreflightDialog dialog(reportWith(PreflightCheck::Severity::Warning), PreflightDialog::Mode::Run,
        QStringLiteral("Apply all pending migrations"));
    ASSERT_NE(dialog.runButton(), nullptr);
    EXPECT_TRUE(dialog.runButton()->isEnabled());
    EXPECT_TRUE(dialog.runButton()->isDefault());
    EXPECT_FALSE(dialog.findChild<QCheckBox *>(QStringLiteral("overrideCheckBox"))->isVisibleTo(&dialog));
    PreflightDialog review(reportWith(PreflightCheck::Severity::Blocker), PreflightDialog::Mode::Review,
        QStringLiteral("Pre-flight"));
    EXPECT_EQ(review.runButton(), nullptr);
}

TEST_F(PreflightWindowTest, TheMenuActionShowsTheSessionHoldingALock)
{
    QString seen;
    bool blocker = false;
    QObject::connect(m_window.get(), &MainWindow::preflightDialogOpened, m_window.get(), [&] {
        QTimer::singleShot(0, [&] {
            auto *dialog = qobject_cast<PreflightDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            auto *tree = dialog->findChild<QTreeWidget *>(QStringLiteral("checkTree"));
            if (QTreeWidgetItem *row = tree ? rowOf(tree, QStringLiteral("blockers")) : nullptr) {
                blocker = row->foreground(0).color() == QColor(0xc6, 0x28, 0x28);
                for (int i = 0; i < row->childCount(); ++i)
                    seen += row->child(i)->text(0) + QLatin1Char(' ') + row->child(i)->text(1)
                        + QLatin1Char('\n');
            }
            dialog->reject();
        });
    });
    QSignalSpy opened(m_window.get(), &MainWindow::preflightDialogOpened);
    QAction *preflight = m_window->findChild<QAction *>(QStringLiteral("preflightAction"));
    ASSERT_NE(preflight, nullptr);
    ASSERT_TRUE(preflight->isEnabled());
    preflight->trigger();
    ASSERT_TRUE(opened.wait(60000));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !seen.isEmpty(); }, 60000));
    EXPECT_TRUE(blocker);
    EXPECT_TRUE(seen.contains(QStringLiteral("pid %1").arg(m_other->backendPid()))) << seen.toStdString();
    EXPECT_TRUE(seen.contains(QLatin1String("LOCK TABLE accounts"))) << seen.toStdString();
    ASSERT_TRUE(m_other->run("ROLLBACK").ok());
}

TEST_F(PreflightWindowTest, AStagingRunShowsThePreflightFirstAndRunsOnceTheBlockerIsGone)
{
    QAction *run = m_window->findChild<QAction *>(QStringLiteral("runPendingAction"));
    ASSERT_TRUE(run && run->isEnabled());
    auto emailColumns = [this] {
        return m_probe->scalar(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'accounts' "
            "AND column_name = 'email'");
    };

    // Run Pending opens the pre-flight by itself, in Run mode, with the lock
    // holder as a blocker: Run is disabled and the override is offered. Cancel.
    // scripts/screenshots.sh saves this one for the README.
    const auto blocked = PreflightAnswer::arm(
        *m_window, PreflightAnswer::Choice::Cancel, {}, QStringLiteral("preflight-run.png"));
    run->trigger();
    ASSERT_TRUE(QTest::qWaitFor([&] { return blocked->opened; }, 60000));
    EXPECT_EQ(blocked->blockers, QStringList { QStringLiteral("blockers") }) << blocked->text.toStdString();
    EXPECT_FALSE(blocked->runEnabled);
    EXPECT_TRUE(blocked->overrideOffered);
    EXPECT_TRUE(blocked->text.contains(QStringLiteral("pid %1").arg(m_other->backendPid())))
        << blocked->text.toStdString();
    ASSERT_TRUE(QTest::qWaitFor([] { return QApplication::activeModalWidget() == nullptr; }, 10000));
    EXPECT_FALSE(m_window->isRunning());
    EXPECT_EQ(emailColumns(), QStringLiteral("0"));

    // The session ends; the next try finds nothing in the way, and Run runs it.
    ASSERT_TRUE(m_other->run("ROLLBACK").ok());
    const auto clear = PreflightAnswer::arm(*m_window, PreflightAnswer::Choice::Run);
    QSignalSpy done(m_window.get(), &MainWindow::runCompleted);
    run->trigger();
    ASSERT_TRUE(done.wait(60000));
    EXPECT_TRUE(done.first().first().toBool());
    EXPECT_TRUE(clear->opened);
    EXPECT_TRUE(clear->blockers.isEmpty()) << clear->text.toStdString();
    EXPECT_EQ(emailColumns(), QStringLiteral("1"));
}
