// The main window driven the way a user drives it, against the real test
// cluster: runs through the GUI action, a failing migration, Cancel,
// production confirmation, and the event loop during a long migration.
#include "MainWindow.h"
#include "DiffDialog.h"
#include "MigrationContextMenu.h"
#include "MigrationEditor.h"
#include "PreflightAnswer.h"
#include "Screenshot.h"
#include "SqlDiffView.h"
#include "models/MigrationFilterProxyModel.h"
#include "models/MigrationTableModel.h"
#include "sandbox/SandboxCluster.h"
#include "support/DbProbe.h"
#include "support/LongIndexBuild.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"
#include "support/TestSettings.h"
#include "ui_MainWindow.h"

#include <QListWidget>
#include <Qsci/qsciscintilla.h>

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

#include <functional>

namespace {

template<typename T> T *child(QWidget &parent, const char *name)
{
    return parent.findChild<T *>(QString::fromLatin1(name));
}

QAction *action(QWidget &window, const char *name)
{
    return window.findChild<QAction *>(QString::fromLatin1(name));
}

bool waitUntil(const std::function<bool()> &condition, int timeoutMs = 30000)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition() && timer.elapsed() < timeoutMs)
        QTest::qWait(20);
    return condition();
}

class MainWindowTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        QSettings(QStringLiteral("Strata"), QStringLiteral("strata")).clear();
        m_settings = TestCluster::freshDatabase(QStringLiteral("gui"));
        m_probe = std::make_unique<DbProbe>(m_settings);
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

    ConnectionProfile profile(
        ConnectionProfile::Environment environment = ConnectionProfile::Environment::Development)
    {
        ConnectionProfile p;
        p.id = QStringLiteral("test");
        p.name = QStringLiteral("Test cluster");
        p.connection = m_settings;
        p.connection.password.clear();
        p.environment = environment;
        p.migrationsDirectory = m_folder.path();
        return p;
    }

    void connectTo(const ConnectionProfile &p)
    {
        QSignalSpy refreshed(m_window.get(), &MainWindow::statusRefreshed);
        m_window->useProfile(p, m_settings.password);
        ASSERT_TRUE(refreshed.wait(30000));
        ASSERT_FALSE(m_window->serverVersion().isEmpty()) << "not connected";
    }

    // Waits until an armed pre-flight answer was given and its dialog closed.
    bool waitForPreflight(const PreflightAnswer::Seen &seen)
    {
        return QTest::qWaitFor([&] { return seen.opened; }, 60000)
            && QTest::qWaitFor([] { return QApplication::activeModalWidget() == nullptr; }, 10000);
    }

    bool runAndWait(QAction *trigger, int timeoutMs = 60000)
    {
        QSignalSpy done(m_window.get(), &MainWindow::runCompleted);
        QSignalSpy refreshed(m_window.get(), &MainWindow::statusRefreshed);
        trigger->trigger();
        if (!done.wait(timeoutMs))
            return false;
        refreshed.wait(30000);
        return done.first().first().toBool();
    }

    ConnectionSettings m_settings;
    std::unique_ptr<DbProbe> m_probe;
    MigrationFolder m_folder;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace

TEST(MainWindowFolder, ListsMigrationsAndReportsMalformedFilesWithoutAConnection)
{
    MigrationFolder folder;
    folder.add(
        1700000000000, QStringLiteral("CreateUsers"), "CREATE TABLE users (id int);", "DROP TABLE users;");
    folder.add(1700000100000, QStringLiteral("AddUserEmail"), "ALTER TABLE users ADD email text;",
        "ALTER TABLE users DROP email;");
    folder.write(QStringLiteral("123-Bad.sql"), "-- migrate:up\nSELECT 1;\n");
    MainWindow window;
    ASSERT_TRUE(window.openMigrationsFolder(folder.path()));
    EXPECT_EQ(window.migrationModel()->rowCount(), 2);
    ASSERT_EQ(window.problems().size(), 1);
    EXPECT_TRUE(window.problems().first().file.endsWith(QLatin1String("123-Bad.sql")));
    auto *problems = child<QWidget>(window, "problemsButton");
    ASSERT_NE(problems, nullptr);
    EXPECT_FALSE(problems->isHidden());
    // Without a database nothing can run.
    EXPECT_FALSE(action(window, "runPendingAction")->isEnabled());
    EXPECT_FALSE(window.openMigrationsFolder(folder.path() + QStringLiteral("/nope")));
}

TEST(MainWindowFolder, TheGitColumnShowsEachFilesStateAndFlagsCommittedChanges)
{
    MigrationFolder folder;
    const QString committed
        = folder.add(1700000000001, QStringLiteral("Committed"), "SELECT 1;", "SELECT 1;");
    const QString changed = folder.add(1700000000002, QStringLiteral("Changed"), "SELECT 2;", "SELECT 2;");
    auto git = [&](const QStringList &args) {
        QProcess p;
        p.setWorkingDirectory(folder.path());
        p.start(QStringLiteral("git"),
            QStringList { QStringLiteral("-c"), QStringLiteral("user.name=t"), QStringLiteral("-c"),
                QStringLiteral("user.email=t@example.com") }
                + args);
        return p.waitForFinished(30000) && p.exitCode() == 0;
    };
    ASSERT_TRUE(git({ QStringLiteral("init"), QStringLiteral("-q") }));
    ASSERT_TRUE(git({ QStringLiteral("add"), QStringLiteral(".") }));
    ASSERT_TRUE(
        git({ QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("two") }));
    folder.add(1700000000002, QStringLiteral("Changed"), "SELECT 22;", "SELECT 2;");
    const QString fresh = folder.add(1700000000003, QStringLiteral("Fresh"), "SELECT 3;", "SELECT 3;");
    MainWindow window;
    QSignalSpy gitScanned(&window, &MainWindow::gitStatesRefreshed);
    ASSERT_TRUE(window.openMigrationsFolder(folder.path()));
    ASSERT_TRUE(gitScanned.count() > 0 || gitScanned.wait(30000));
    MigrationTableModel *model = window.migrationModel();
    ASSERT_EQ(model->rowCount(), 3);
    auto gitOf = [&](int row) { return model->index(row, MigrationTableModel::GitColumn).data().toString(); };
    EXPECT_EQ(gitOf(0), QStringLiteral("committed"));
    EXPECT_EQ(gitOf(1), QStringLiteral("modified"));
    EXPECT_EQ(gitOf(2), QStringLiteral("untracked"));
    EXPECT_FALSE(model->index(0, 0).data(MigrationTableModel::GitFlaggedRole).toBool());
    EXPECT_TRUE(model->index(1, 0).data(MigrationTableModel::GitFlaggedRole).toBool());
    EXPECT_FALSE(model->index(2, 0).data(MigrationTableModel::GitFlaggedRole).toBool());
    Q_UNUSED(committed);
    Q_UNUSED(changed);
    Q_UNUSED(fresh);
}

TEST(MainWindowFolder, ResolvesAProjectFolderToItsMigrationsFolder)
{
    QTemporaryDir project;
    QDir(project.path()).mkdir(QStringLiteral("migrations"));
    EXPECT_EQ(MainWindow::resolveMigrationsFolder(project.path()),
        QDir(project.path()).filePath(QStringLiteral("migrations")));
}

TEST(MainWindowFolder, RestoresGeometryAndLastFolder)
{
    QSettings(QStringLiteral("Strata"), QStringLiteral("strata")).clear();
    MigrationFolder folder;
    folder.add(1700000000000, QStringLiteral("A"), "SELECT 1;", "SELECT 1;");
    {
        MainWindow window;
        window.resize(900, 600);
        window.show();
        ASSERT_TRUE(window.openMigrationsFolder(folder.path()));
        window.close();
    }
    EXPECT_EQ(MainWindow::lastMigrationsFolder(), QDir(folder.path()).absolutePath());
    MainWindow restored;
    EXPECT_EQ(restored.size(), QSize(900, 600));
}

TEST_F(MainWindowTest, RunPendingAppliesTheSampleMigrationsAndTheListShowsThemApplied)
{
    m_folder.copySampleMigrations();
    connectTo(profile());
    EXPECT_EQ(m_window->migrationModel()->count(MigrationState::Pending), 3);
    EXPECT_TRUE(child<QLabel>(*m_window, "pendingLabel")->text().contains(QLatin1String("3 pending")));
    EXPECT_TRUE(child<QLabel>(*m_window, "connectionLabel")->text().contains(m_settings.database));
    EXPECT_FALSE(child<QLabel>(*m_window, "environmentBadgeLabel")->isHidden());
    QAction *run = action(*m_window, "runPendingAction");
    ASSERT_TRUE(run->isEnabled());
    EXPECT_FALSE(run->shortcut().isEmpty());
    ASSERT_TRUE(runAndWait(run));
    EXPECT_EQ(m_window->migrationModel()->count(MigrationState::Applied), 3);
    EXPECT_EQ(m_window->migrationModel()->count(MigrationState::Pending), 0);
    EXPECT_TRUE(child<QLabel>(*m_window, "pendingLabel")->text().contains(QLatin1String("0 pending")));
    EXPECT_EQ(m_probe->historyCount(), 3);
    EXPECT_TRUE(child<QPlainTextEdit>(*m_window, "logTextEdit")
                    ->toPlainText()
                    .contains(QLatin1String("InitialSchema")));

    // Revert Last undoes the newest one.
    ASSERT_TRUE(runAndWait(action(*m_window, "revertLastAction")));
    EXPECT_EQ(m_probe->historyCount(), 2);
    EXPECT_EQ(m_window->migrationModel()->count(MigrationState::Pending), 1);
    ASSERT_TRUE(runAndWait(action(*m_window, "runPendingAction")));
    m_window->openMigration(
        QDir(m_folder.path()).filePath(QStringLiteral("1765670400000-AddLogEntriesRequestId.sql")));
    screenshot(*m_window, "main-window.png");
}

// `strata FOLDER` opens FOLDER even when the profile used next (the last one,
// selected at start) has a migrations folder of its own; a folder opened
// without that priority follows the profile's, as before.
TEST_F(MainWindowTest, AFolderFromTheCommandLineStaysOpenWhenTheProfileHasItsOwn)
{
    MigrationFolder other;
    other.add(1700000000000, QStringLiteral("OtherProject"), "CREATE TABLE other_project (id int);",
        "DROP TABLE other_project;");
    ASSERT_TRUE(m_window->openMigrationsFolder(other.path(), MainWindow::FolderPriority::KeepThisFolder));
    connectTo(profile());
    EXPECT_EQ(m_window->migrationsFolder(), QDir(other.path()).absolutePath());

    ASSERT_TRUE(m_window->openMigrationsFolder(other.path()));
    connectTo(profile());
    EXPECT_EQ(m_window->migrationsFolder(), QDir(m_folder.path()).absolutePath());
}

TEST_F(MainWindowTest, AppliedAndPendingSideBySide)
{
    m_folder.copySampleMigrations();
    connectTo(profile(ConnectionProfile::Environment::Staging));
    // Apply the first two only: Run Up to Selected, confirmed in the
    // pre-flight that staging shows first.
    m_window->openMigration(
        QDir(m_folder.path()).filePath(QStringLiteral("1765065600000-AddResearchResultTokens.sql")));
    const auto preflight = PreflightAnswer::arm(*m_window, PreflightAnswer::Choice::Run);
    ASSERT_TRUE(runAndWait(action(*m_window, "runToSelectedAction")));
    EXPECT_TRUE(preflight->opened);
    EXPECT_TRUE(preflight->blockers.isEmpty()) << preflight->text.toStdString();
    // It planned the run up to the selected migration, not all three.
    EXPECT_TRUE(preflight->text.contains(QLatin1String("Pending migrations: 2 migrations to apply")))
        << preflight->text.toStdString();
    EXPECT_EQ(m_window->migrationModel()->count(MigrationState::Applied), 2);
    EXPECT_EQ(m_window->migrationModel()->count(MigrationState::Pending), 1);
    // The applied migration's editor warns against editing it.
    m_window->openMigration(
        QDir(m_folder.path()).filePath(QStringLiteral("1764460800000-InitialSchema.sql")));
    EXPECT_TRUE(m_window->editor()->appliedWarning());
    screenshot(*m_window, "main-window-staging.png");
}

// The list's context menu offers, per row, what its state allows: an applied
// migration can be reverted to, not run to; a pending one the reverse; no
// run entry while the window is busy.
TEST_F(MainWindowTest, TheContextMenuOffersWhatEachRowAllows)
{
    m_folder.copySampleMigrations();
    connectTo(profile());
    m_window->openMigration(
        QDir(m_folder.path()).filePath(QStringLiteral("1764460800000-InitialSchema.sql")));
    ASSERT_TRUE(runAndWait(action(*m_window, "runToSelectedAction")));
    MigrationTableModel *model = m_window->migrationModel();
    ASSERT_EQ(model->count(MigrationState::Applied), 1);
    const int appliedRow = model->rowOf(QStringLiteral("InitialSchema1764460800000"));
    ASSERT_GE(appliedRow, 0);
    const int pendingRow = appliedRow == 0 ? 1 : 0;

    // Opens the menu for `row`, records which entries are enabled, picks `pick`.
    using Choice = MigrationContextMenu::Choice;
    const auto open = [&](int row, bool busy, const QString &pick, QStringList *enabled) {
        QTimer::singleShot(0, [pick, enabled] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            ASSERT_NE(menu, nullptr);
            QAction *chosen = nullptr;
            for (QAction *a : menu->actions()) {
                if (a->isEnabled() && !a->isSeparator())
                    *enabled << a->text();
                if (a->text() == pick)
                    chosen = a;
            }
            if (chosen && chosen->isEnabled())
                menu->setActiveAction(chosen);
            QTest::keyClick(menu, chosen && chosen->isEnabled() ? Qt::Key_Return : Qt::Key_Escape);
        });
        return MigrationContextMenu::exec(m_window.get(), m_window->mapToGlobal(QPoint(10, 10)),
            model->index(row, 0), { true, busy, false });
    };

    QStringList enabled;
    EXPECT_EQ(
        open(appliedRow, false, QStringLiteral("Revert Down to Here"), &enabled), Choice::RevertDownToHere);
    EXPECT_TRUE(enabled.contains(QStringLiteral("Diff with What Was Applied")))
        << enabled.join(u',').toStdString();
    EXPECT_FALSE(enabled.contains(QStringLiteral("Run Up to Here")));

    enabled.clear();
    EXPECT_EQ(open(pendingRow, false, QStringLiteral("Run Up to Here"), &enabled), Choice::RunUpToHere);
    EXPECT_FALSE(enabled.contains(QStringLiteral("Revert Down to Here")));
    EXPECT_FALSE(enabled.contains(QStringLiteral("Diff with What Was Applied")));

    enabled.clear();
    EXPECT_EQ(open(pendingRow, true, QStringLiteral("Run Up to Here"), &enabled), Choice::None);
    EXPECT_FALSE(enabled.contains(QStringLiteral("Run Up to Here"))) << "no run while busy";
    EXPECT_TRUE(enabled.contains(QStringLiteral("Open in Editor")));
}

TEST_F(MainWindowTest, AFailingMigrationOpensTheEditorAtTheFailingLine)
{
    m_folder.add(1700000000001, QStringLiteral("Good"), "CREATE TABLE good (id int);", "DROP TABLE good;");
    const QString bad = m_folder.add(1700000000002, QStringLiteral("Bad"),
        "CREATE TABLE bad (id int);\n\nSELECT nope\n  FROM bad;", "DROP TABLE bad;");
    connectTo(profile());
    EXPECT_FALSE(runAndWait(action(*m_window, "runPendingAction")));
    ASSERT_TRUE(m_window->lastReport().has_value());
    ASSERT_TRUE(m_window->lastReport()->error.has_value());
    EXPECT_EQ(m_window->editor()->filePath(), bad);
    ASSERT_TRUE(m_window->editor()->runError().has_value());
    EXPECT_EQ(m_window->editor()->runError()->line, 4);
    EXPECT_EQ(m_window->editor()->runError()->sqlState, QStringLiteral("42703"));
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("good")));
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("bad")));
    screenshot(*m_window, "failed-run.png");
}

TEST_F(MainWindowTest, CancelStopsAPgSleepMigrationAndLeavesNothingApplied)
{
    m_folder.add(1700000000001, QStringLiteral("Slow"), "CREATE TABLE slow (id int);\nSELECT pg_sleep(60);",
        "DROP TABLE slow;");
    connectTo(profile());
    QSignalSpy done(m_window.get(), &MainWindow::runCompleted);
    action(*m_window, "runPendingAction")->trigger();
    ASSERT_TRUE(waitUntil([&] {
        return m_probe->scalar(
                   "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND state = "
                   "'active' AND application_name = 'strata'")
            == QLatin1String("1");
    }));
    auto *cancel = child<QPushButton>(*m_window, "cancelButton");
    ASSERT_TRUE(cancel->isEnabled());
    QElapsedTimer timer;
    timer.start();
    cancel->click();
    ASSERT_TRUE(done.wait(30000));
    EXPECT_LT(timer.elapsed(), 30000);
    EXPECT_FALSE(done.first().first().toBool());
    EXPECT_EQ(m_window->lastReport()->error->kind, StrataError::Kind::Cancelled);
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("slow")));
    EXPECT_EQ(m_probe->historyCount(), 0);
}

TEST_F(MainWindowTest, AnEditedMigrationOpensTheDiffAgainstWhatWasApplied)
{
    const QString file = m_folder.add(
        1700000000001, QStringLiteral("Drifts"), "CREATE TABLE drifts (id int);", "DROP TABLE drifts;");
    connectTo(profile());
    ASSERT_TRUE(runAndWait(action(*m_window, "runPendingAction")));
    m_folder.add(
        1700000000001, QStringLiteral("Drifts"), "CREATE TABLE drifts (id bigint);", "DROP TABLE drifts;");
    QSignalSpy refreshed(m_window.get(), &MainWindow::statusRefreshed);
    m_window->refresh();
    ASSERT_TRUE(refreshed.wait(30000));
    EXPECT_EQ(m_window->migrationModel()->count(MigrationState::Edited), 1);
    m_window->showDiffWithApplied(QStringLiteral("Drifts1700000000001"), file);
    DiffDialog *dialog = nullptr;
    ASSERT_TRUE(waitUntil([&] {
        dialog = m_window->findChild<DiffDialog *>();
        return dialog != nullptr;
    }));
    EXPECT_EQ(dialog->diffView()->changeCount(), 1);
    screenshot(*dialog, "drift-diff.png");
    dialog->close();
}

// A folder of TypeORM migrations: the editor opens a .ts file as TypeScript,
// shows the applied banner, and the diff compares the statements.
TEST_F(MainWindowTest, AnAppliedTypeOrmMigrationHasTheBannerAndDiffsItsStatements)
{
    auto migration = [](const QByteArray &type) {
        return "import { MigrationInterface, QueryRunner } from \"typeorm\";\n\n"
               "export class AddNotes1700000000001 implements MigrationInterface {\n"
               "    name = 'AddNotes1700000000001'\n\n"
               "    public async up(queryRunner: QueryRunner): Promise<void> {\n"
               "        await queryRunner.query(`CREATE TABLE \"notes\" (\"id\" "
            + type
            + " NOT NULL, \"body\" text)`);\n"
              "        await queryRunner.query(`CREATE INDEX \"IDX_notes_body\" ON \"notes\" (\"body\") `);\n"
              "    }\n\n"
              "    public async down(queryRunner: QueryRunner): Promise<void> {\n"
              "        await queryRunner.query(`DROP INDEX \"public\".\"IDX_notes_body\"`);\n"
              "        await queryRunner.query(`DROP TABLE \"notes\"`);\n"
              "    }\n}\n";
    };
    const QString file = m_folder.write(QStringLiteral("1700000000001-AddNotes.ts"), migration("integer"));
    connectTo(profile());
    ASSERT_TRUE(runAndWait(action(*m_window, "runPendingAction")));
    EXPECT_EQ(m_window->migrationModel()->count(MigrationState::Applied), 1);
    ASSERT_TRUE(m_window->openMigration(file));
    MigrationEditor *editor = m_window->editor();
    EXPECT_TRUE(editor->isTypeOrmFile());
    EXPECT_TRUE(editor->problems().isEmpty()) << qPrintable(editor->problems().value(0).toString());
    EXPECT_TRUE(editor->appliedWarning());
    EXPECT_EQ(editor->statementList()->count(), 4);

    m_folder.write(QStringLiteral("1700000000001-AddNotes.ts"), migration("bigint"));
    QSignalSpy refreshed(m_window.get(), &MainWindow::statusRefreshed);
    m_window->refresh();
    ASSERT_TRUE(refreshed.wait(30000));
    EXPECT_EQ(m_window->migrationModel()->count(MigrationState::Edited), 1);
    m_window->showDiffWithApplied(QStringLiteral("AddNotes1700000000001"), file);
    DiffDialog *dialog = nullptr;
    ASSERT_TRUE(waitUntil([&] {
        dialog = m_window->findChild<DiffDialog *>();
        return dialog != nullptr;
    }));
    // One changed statement, not the TypeScript against the SQL.
    EXPECT_EQ(dialog->diffView()->changeCount(), 1);
    const QString now = dialog->diffView()->rightTextEdit()->text();
    EXPECT_FALSE(now.contains(QLatin1String("queryRunner"))) << qPrintable(now);
    EXPECT_TRUE(now.contains(QLatin1String("CREATE TABLE \"notes\" (\"id\" bigint"))) << qPrintable(now);
    dialog->close();
}

TEST_F(MainWindowTest, ClosingDuringARunAsksThenCancelsCleanly)
{
    m_folder.add(1700000000001, QStringLiteral("Slow"),
        "CREATE TABLE closing (id int);\nSELECT pg_sleep(60);", "DROP TABLE closing;");
    connectTo(profile());
    QSignalSpy done(m_window.get(), &MainWindow::runCompleted);
    action(*m_window, "runPendingAction")->trigger();
    ASSERT_TRUE(waitUntil([&] {
        return m_probe->scalar(
                   "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND state = "
                   "'active' AND application_name = 'strata'")
            == QLatin1String("1");
    }));
    // First "No": the window stays and the run goes on.
    QTimer::singleShot(50, [] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
            box->button(QMessageBox::No)->click();
    });
    m_window->close();
    EXPECT_TRUE(m_window->isVisible());
    EXPECT_TRUE(m_window->isRunning());
    // Then "Yes": the run is cancelled and the window closes once it has ended.
    QTimer::singleShot(50, [] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
            box->button(QMessageBox::Yes)->click();
    });
    m_window->close();
    ASSERT_TRUE(done.wait(30000));
    EXPECT_EQ(m_window->lastReport()->error->kind, StrataError::Kind::Cancelled);
    EXPECT_TRUE(waitUntil([&] { return !m_window->isVisible(); }, 5000));
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("closing")));
    EXPECT_EQ(m_probe->historyCount(), 0);
}

TEST_F(MainWindowTest, LintFindingsShowInTheEditorMarginAndList)
{
    m_folder.add(1700000000001, QStringLiteral("Keep"), "CREATE TABLE keep (id int);", "DROP TABLE keep;");
    const QString risky = m_folder.add(1700000000002, QStringLiteral("Risky"),
        "CREATE INDEX keep_id ON keep (id);\nDROP TABLE keep;", "SELECT 1;");
    ASSERT_TRUE(m_window->openMigrationsFolder(m_folder.path()));
    ASSERT_TRUE(m_window->openMigration(risky));
    m_window->editor()->checkNow();
    QStringList rules;
    for (const LintFinding &f : m_window->editor()->lintFindings())
        rules << f.ruleId;
    EXPECT_TRUE(rules.contains(QStringLiteral("drop-table"))) << rules.join(QLatin1Char(' ')).toStdString();
    EXPECT_TRUE(rules.contains(QStringLiteral("index-not-concurrent")))
        << rules.join(QLatin1Char(' ')).toStdString();
    // The DROP TABLE is on line 3 (line 1 is the marker).
    QsciScintilla *text = m_window->editor()->textEdit();
    EXPECT_TRUE(text->markersAtLine(2) & (1 << MigrationEditor::LintErrorMarker));
    EXPECT_TRUE(m_window->editor()->lintToolTip(3).contains(QLatin1String("drop-table")));
    EXPECT_GE(m_window->editor()->lintList()->count(), 2);
    EXPECT_FALSE(m_window->editor()->lintList()->isHidden());
    screenshot(*m_window, "lint-findings.png");
}

TEST_F(MainWindowTest, ALockOnALargeTableIsAnErrorWhenConnected)
{
    ASSERT_TRUE(m_probe->exec(
        "CREATE TABLE big (id int); INSERT INTO big SELECT generate_series(1, 20000); ANALYZE big"));
    // The project says anything over 64 kB is large.
    QFile ini(QDir(m_folder.path()).filePath(QStringLiteral("strata.ini")));
    ASSERT_TRUE(ini.open(QIODevice::WriteOnly));
    ini.write("[lint]\nlarge_table_bytes=65536\n");
    ini.close();
    const QString file = m_folder.add(
        1700000000001, QStringLiteral("IndexBig"), "CREATE INDEX big_id ON big (id);", "DROP INDEX big_id;");
    connectTo(profile());
    QSignalSpy sized(m_window.get(), &MainWindow::lintTableSizesFetched);
    ASSERT_TRUE(m_window->openMigration(file));
    m_window->editor()->checkNow();
    auto indexFinding = [&]() -> std::optional<LintFinding> {
        for (const LintFinding &f : m_window->editor()->lintFindings())
            if (f.ruleId == QLatin1String("index-not-concurrent"))
                return f;
        return std::nullopt;
    };
    ASSERT_TRUE(indexFinding().has_value());
    ASSERT_TRUE(waitUntil([&] {
        const auto f = indexFinding();
        return f && f->severity == LintFinding::Severity::Error;
    }));
    EXPECT_GT(indexFinding()->tableRows, 10000);
    EXPECT_GT(indexFinding()->tableBytes, 65536);
}

TEST_F(MainWindowTest, TheConnectedDatabaseTellsTheEditorWhichFunctionsAreVolatile)
{
    ASSERT_TRUE(m_probe->exec("CREATE TABLE accounts (id bigint);"
                              "CREATE FUNCTION default_settings() RETURNS jsonb LANGUAGE sql STABLE "
                              "AS $$SELECT '{}'::jsonb$$"));
    const QString file = m_folder.add(1700000000001, QStringLiteral("Settings"),
        "SET lock_timeout = '5s';\nALTER TABLE accounts ADD COLUMN settings jsonb DEFAULT "
        "default_settings();",
        "ALTER TABLE accounts DROP COLUMN IF EXISTS settings;");
    auto volatileDefault = [&] {
        for (const LintFinding &f : m_window->editor()->lintFindings())
            if (f.ruleId == QLatin1String("volatile-default"))
                return true;
        return false;
    };
    // Offline, a function nobody vouches for is taken as volatile.
    ASSERT_TRUE(m_window->openMigrationsFolder(m_folder.path()));
    ASSERT_TRUE(m_window->openMigration(file));
    m_window->editor()->checkNow();
    EXPECT_TRUE(volatileDefault());
    // Connected, the database's pg_proc says it is STABLE: stored once, no rewrite.
    connectTo(profile());
    ASSERT_TRUE(m_window->openMigration(file));
    m_window->editor()->checkNow();
    EXPECT_TRUE(waitUntil([&] { return !volatileDefault(); }));
}

TEST_F(MainWindowTest, ProductionShowsLintErrorsAsPreflightBlockersAndLogsTheOverride)
{
    m_folder.add(1700000000001, QStringLiteral("Wipe"), "CREATE TABLE wipe (id int);\nTRUNCATE wipe;",
        "DROP TABLE wipe;");
    connectTo(profile(ConnectionProfile::Environment::Production));
    QAction *run = action(*m_window, "runPendingAction");

    // The pre-flight opens by itself: the lint error and the missing backup
    // are blockers, so Run is disabled until the override is ticked. Cancel.
    const auto cancelled = PreflightAnswer::arm(*m_window, PreflightAnswer::Choice::Cancel);
    run->trigger();
    ASSERT_TRUE(waitForPreflight(*cancelled));
    EXPECT_FALSE(cancelled->runEnabled);
    EXPECT_TRUE(cancelled->overrideOffered);
    EXPECT_TRUE(cancelled->blockers.contains(QLatin1String("lint"))) << cancelled->text.toStdString();
    EXPECT_TRUE(cancelled->blockers.contains(QLatin1String("backup"))) << cancelled->text.toStdString();
    EXPECT_TRUE(cancelled->text.contains(QLatin1String("truncate"))) << cancelled->text.toStdString();
    EXPECT_FALSE(m_window->isRunning());
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("wipe")));
    auto *log = child<QPlainTextEdit>(*m_window, "logTextEdit");
    EXPECT_TRUE(log->toPlainText().contains(QLatin1String("cancelled at the pre-flight")));

    // Overridden, then the database name typed: it runs, and the log names
    // what was overridden.
    const QString database = m_settings.database;
    const auto overridden
        = PreflightAnswer::arm(*m_window, PreflightAnswer::Choice::OverrideAndRun, [database] {
              if (auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget())) {
                  dialog->setTextValue(database);
                  dialog->accept();
              }
          });
    QSignalSpy done(m_window.get(), &MainWindow::runCompleted);
    run->trigger();
    ASSERT_TRUE(done.wait(60000));
    EXPECT_TRUE(overridden->opened);
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("wipe")));
    const QString text = log->toPlainText();
    const qsizetype at = text.indexOf(QLatin1String("Pre-flight override: running on production"));
    ASSERT_GE(at, 0) << text.toStdString();
    const QString line = text.mid(at, text.indexOf(QLatin1Char('\n'), at) - at);
    EXPECT_TRUE(line.contains(QLatin1String("Lint:"))) << line.toStdString();
    EXPECT_TRUE(line.contains(QLatin1String("Last backup:"))) << line.toStdString();
}

TEST_F(MainWindowTest, ProductionBlocksARunUntilTheDatabaseNameIsTyped)
{
    m_folder.add(1700000000001, QStringLiteral("A"), "CREATE TABLE prod_a (id int);", "DROP TABLE prod_a;");
    connectTo(profile(ConnectionProfile::Environment::Production));
    QAction *run = action(*m_window, "runPendingAction");
    // Each attempt passes the pre-flight (overriding its one blocker, that
    // there is no backup yet) and then meets the typed-name dialog.
    auto afterPreflight = [this](std::function<void()> answer) {
        return PreflightAnswer::arm(*m_window, PreflightAnswer::Choice::OverrideAndRun, std::move(answer));
    };

    // Wrong name: refused, then the warning is dismissed; nothing ran.
    const auto wrong = afterPreflight([] {
        auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        ASSERT_NE(dialog, nullptr);
        EXPECT_EQ(dialog->objectName(), QStringLiteral("productionConfirmDialog"));
        dialog->setTextValue(QStringLiteral("not-the-name"));
        QTimer::singleShot(50, [] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
                box->accept();
        });
        dialog->accept();
    });
    run->trigger();
    ASSERT_TRUE(waitForPreflight(*wrong));
    EXPECT_EQ(wrong->blockers, QStringList { QStringLiteral("backup") }) << wrong->text.toStdString();
    EXPECT_FALSE(m_window->isRunning());
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("prod_a")));
    auto *log = child<QPlainTextEdit>(*m_window, "logTextEdit");
    EXPECT_FALSE(log->toPlainText().contains(QLatin1String("Pre-flight override")))
        << "an override is logged only for a run that goes ahead";

    // Cancelled: nothing ran either.
    const auto cancelled = afterPreflight([] {
        if (auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget()))
            dialog->reject();
    });
    run->trigger();
    ASSERT_TRUE(waitForPreflight(*cancelled));
    EXPECT_FALSE(m_window->isRunning());
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("prod_a")));

    // The right name: it runs.
    const QString database = m_settings.database;
    afterPreflight([database] {
        if (auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget())) {
            dialog->setTextValue(database);
            dialog->accept();
        }
    });
    QSignalSpy done(m_window.get(), &MainWindow::runCompleted);
    run->trigger();
    ASSERT_TRUE(done.wait(60000));
    EXPECT_TRUE(done.first().first().toBool());
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("prod_a")));
    EXPECT_EQ(log->toPlainText().count(QLatin1String("Pre-flight override")), 1);
}

TEST_F(MainWindowTest, ARevertOnStagingShowsItsPreflightFirst)
{
    m_folder.add(1700000000001, QStringLiteral("A"), "CREATE TABLE stage_a (id int);", "DROP TABLE stage_a;");
    connectTo(profile(ConnectionProfile::Environment::Staging));
    PreflightAnswer::arm(*m_window, PreflightAnswer::Choice::Run);
    ASSERT_TRUE(runAndWait(action(*m_window, "runPendingAction")));
    ASSERT_TRUE(m_probe->tableExists(QStringLiteral("stage_a")));

    QAction *revert = action(*m_window, "revertLastAction");
    ASSERT_TRUE(revert->isEnabled());
    const auto cancelled = PreflightAnswer::arm(*m_window, PreflightAnswer::Choice::Cancel);
    revert->trigger();
    ASSERT_TRUE(waitForPreflight(*cancelled));
    EXPECT_TRUE(cancelled->text.contains(QLatin1String("Migrations to revert: 1 migration to revert")))
        << cancelled->text.toStdString();
    EXPECT_TRUE(m_probe->tableExists(QStringLiteral("stage_a"))) << "cancelled: nothing reverted";

    const auto confirmed = PreflightAnswer::arm(*m_window, PreflightAnswer::Choice::Run);
    ASSERT_TRUE(runAndWait(revert));
    EXPECT_TRUE(confirmed->opened);
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("stage_a")));
    EXPECT_EQ(m_probe->historyCount(), 0);
}

TEST_F(MainWindowTest, ARunWaitingForItsPreflightBlocksASecondRun)
{
    m_folder.add(1700000000001, QStringLiteral("A"), "CREATE TABLE stage_a (id int);", "DROP TABLE stage_a;");
    connectTo(profile(ConnectionProfile::Environment::Staging));
    QAction *run = action(*m_window, "runPendingAction");
    QSignalSpy opened(m_window.get(), &MainWindow::preflightDialogOpened);
    const auto answered = PreflightAnswer::arm(*m_window, PreflightAnswer::Choice::Cancel);
    run->trigger();
    // Until the pre-flight answers, nothing else can start or change the connection.
    if (opened.isEmpty()) {
        EXPECT_FALSE(run->isEnabled());
        EXPECT_FALSE(action(*m_window, "backupMigrateAction")->isEnabled());
        EXPECT_FALSE(action(*m_window, "connectAction")->isEnabled());
    }
    ASSERT_TRUE(waitForPreflight(*answered));
    EXPECT_EQ(opened.count(), 1);
    EXPECT_TRUE(run->isEnabled());
    EXPECT_FALSE(m_probe->tableExists(QStringLiteral("stage_a")));
}

TEST_F(MainWindowTest, EventLoopKeepsTurningDuringATenSecondMigration)
{
    m_folder.add(1700000000001, QStringLiteral("Long"), "SELECT pg_sleep(10);", "SELECT 1;");
    connectTo(profile());
    QSignalSpy done(m_window.get(), &MainWindow::runCompleted);
    QElapsedTimer sinceTick;
    qint64 worstGap = 0;
    int ticks = 0;
    QTimer ticker;
    ticker.setInterval(10);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        if (ticks++ > 0)
            worstGap = std::max(worstGap, sinceTick.elapsed());
        sinceTick.restart();
    });
    sinceTick.start();
    ticker.start();
    QElapsedTimer run;
    run.start();
    action(*m_window, "runPendingAction")->trigger();
    ASSERT_TRUE(done.wait(60000));
    ticker.stop();
    EXPECT_TRUE(done.first().first().toBool());
    EXPECT_GE(run.elapsed(), 10000);
    // A figure for the record, not a threshold: machines are shared and noisy.
    std::printf("[ measure  ] 10 s migration: %d ticks of a 10 ms timer, longest event-loop gap %lld ms\n",
        ticks, static_cast<long long>(worstGap));
    EXPECT_GT(ticks, 100) << "the GUI thread's event loop must keep running during the migration";
}

TEST_F(MainWindowTest, ALongIndexBuildShowsTheServersProgressInTheRunPanel)
{
    ASSERT_TRUE(LongIndexBuild::prepare(*m_probe, m_folder));
    connectTo(profile());
    auto *label = m_window->findChild<QLabel *>(QStringLiteral("statementProgressLabel"));
    auto *bar = m_window->findChild<QProgressBar *>(QStringLiteral("statementProgressBar"));
    auto *migrations = m_window->findChild<QLabel *>(QStringLiteral("migrationProgressLabel"));
    ASSERT_TRUE(label && bar && migrations);
    EXPECT_EQ(migrations->text(), QStringLiteral("Migrations:"));
    QSignalSpy done(m_window.get(), &MainWindow::runCompleted);
    action(*m_window, "runPendingAction")->trigger();
    // The statement bar turns into the server's report of the index build:
    // its label names the command and phase, the bar a percentage.
    ASSERT_TRUE(waitUntil(
        [&] {
            return label->text().startsWith(QLatin1String("CREATE INDEX: ")) && bar->maximum() == 100
                && bar->value() > 0;
        },
        60000))
        << qPrintable(label->text());
    EXPECT_TRUE(bar->text().endsWith(QLatin1Char('%')) || bar->text().contains(QLatin1String("left")))
        << qPrintable(bar->text());
    EXPECT_FALSE(bar->toolTip().isEmpty());
    // The estimate of time left needs a second reading of the same phase: the
    // picture waits a little for it (not asserted: a fast machine may end the
    // phase first).
    waitUntil([&] { return bar->text().contains(QLatin1String("left")); }, 3000);
    screenshot(*m_window, "run-progress.png");
    ASSERT_TRUE(done.wait(120000));
    EXPECT_TRUE(done.first().first().toBool());
    // Afterwards the bar shows statements again.
    EXPECT_EQ(label->text(), QStringLiteral("Statement:"));
}

TEST(MainWindowFirstStart, TheSandboxStartsWithTheSampleProjectAndCanBeMigrated)
{
    QSettings(QStringLiteral("Strata"), QStringLiteral("strata")).clear();
    QTemporaryDir dir;
    // As root the server runs as `postgres`, which must be able to reach the folder.
    QFile::setPermissions(dir.path(),
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ExeGroup
            | QFileDevice::ExeOther);
    qputenv("STRATA_SANDBOX_DIR", dir.filePath(QStringLiteral("sandbox")).toUtf8());
    MigrationFolder folder;
    folder.copySampleMigrations();
    {
        MainWindow window;
        window.show();
        QSignalSpy ready(&window, &MainWindow::sandboxReady);
        QSignalSpy refreshed(&window, &MainWindow::statusRefreshed);
        window.startSandbox(folder.path());
        ASSERT_TRUE(ready.wait(120000));
        ASSERT_TRUE(ready.first().first().toBool());
        ASSERT_TRUE(waitUntil([&] { return !window.serverVersion().isEmpty(); }, 30000));
        EXPECT_EQ(window.migrationModel()->count(MigrationState::Pending), 3);
        ASSERT_TRUE(window.currentProfile().has_value());
        EXPECT_EQ(window.currentProfile()->id, QStringLiteral("sandbox"));
        QSignalSpy done(&window, &MainWindow::runCompleted);
        action(window, "runPendingAction")->trigger();
        ASSERT_TRUE(done.wait(60000));
        EXPECT_TRUE(done.first().first().toBool());
        window.close();
    }
    // Stop the sandbox this test started.
    SandboxCluster::Options options;
    options.directory = dir.filePath(QStringLiteral("sandbox"));
    options.stopOnDestruction = false;
    Result<std::unique_ptr<SandboxCluster>> sandbox = SandboxCluster::start(options);
    ASSERT_TRUE(sandbox.ok());
    EXPECT_TRUE((*sandbox)->stop().ok());
    qunsetenv("STRATA_SANDBOX_DIR");
}

int main(int argc, char *argv[])
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    ::testing::InitGoogleTest(&argc, argv);
    QApplication app(argc, argv);
    const TestSettings settings;
    if (!settings.isValid()) {
        qCritical("cannot create a settings folder for the tests: %s", qPrintable(settings.errorString()));
        return 2;
    }
    QApplication::setOrganizationName(QStringLiteral("Strata"));
    QApplication::setApplicationName(QStringLiteral("strata"));
    const int result = RUN_ALL_TESTS();
    TestCluster::shutdown();
    return result;
}

namespace {

QByteArray typeOrmMigration(const QByteArray &className, const QByteArray &up, const QByteArray &down)
{
    return "import { MigrationInterface, QueryRunner } from \"typeorm\";\n\nexport class " + className
        + " implements MigrationInterface {\n    public async up(queryRunner: QueryRunner): Promise<void> {\n"
          "        await queryRunner.query(`"
        + up
        + "`);\n    }\n\n    public async down(queryRunner: QueryRunner): Promise<void> {\n"
          "        await queryRunner.query(`"
        + down + "`);\n    }\n}\n";
}

} // namespace

TEST(MainWindowFolder, OpensATypeOrmProjectAtItsRoot)
{
    QTemporaryDir project;
    const QDir root(project.path());
    ASSERT_TRUE(root.mkpath(QStringLiteral("src/migrations")));
    ASSERT_TRUE(root.mkpath(QStringLiteral("migrations"))); // not Strata's: no .sql in it
    auto write = [&](const QString &relative, const QByteArray &bytes) {
        QFile f(root.filePath(relative));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    };
    write(QStringLiteral("src/data-source.ts"),
        "import { DataSource } from 'typeorm';\nexport const AppDataSource = new DataSource({\n  type: "
        "'postgres',\n  migrations: [__dirname + '/migrations/*.ts'],\n});\n");
    write(QStringLiteral("src/migrations/1700000000000-AddUsers.ts"),
        typeOrmMigration("AddUsers1700000000000", "CREATE TABLE users (id int)", "DROP TABLE users"));
    write(QStringLiteral("src/migrations/1700000000001-AddPosts.ts"),
        typeOrmMigration("AddPosts1700000000001", "CREATE TABLE posts (id int)", "DROP TABLE posts"));
    EXPECT_EQ(MainWindow::resolveMigrationsFolder(project.path()), root.absolutePath());
    MainWindow window;
    ASSERT_TRUE(window.openMigrationsFolder(MainWindow::resolveMigrationsFolder(project.path())));
    EXPECT_TRUE(window.problems().isEmpty());
    ASSERT_EQ(window.migrationModel()->rowCount(), 2);
    EXPECT_EQ(window.migrationModel()->count(MigrationState::Pending), 2);
}

TEST_F(MainWindowTest, RunsAFolderOfTypeOrmMigrations)
{
    m_folder.write(QStringLiteral("1700000000000-AddUsers.ts"),
        typeOrmMigration("AddUsers1700000000000", "CREATE TABLE users (id int)", "DROP TABLE users"));
    m_folder.write(QStringLiteral("1700000000001-AddPosts.ts"),
        typeOrmMigration("AddPosts1700000000001", "CREATE TABLE posts (id int)", "DROP TABLE posts"));
    connectTo(profile());
    EXPECT_EQ(m_window->migrationModel()->count(MigrationState::Pending), 2);
    ASSERT_TRUE(runAndWait(action(*m_window, "runPendingAction")));
    EXPECT_EQ(m_window->migrationModel()->count(MigrationState::Applied), 2);
    EXPECT_EQ(m_probe->column("SELECT name FROM migrations ORDER BY id"),
        (QStringList { QStringLiteral("AddUsers1700000000000"), QStringLiteral("AddPosts1700000000001") }));
}
