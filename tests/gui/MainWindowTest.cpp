#include "MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>

#include <gtest/gtest.h>

#include <ostream>

// Lets GoogleTest print QStrings in failure messages.
void PrintTo(const QString &string, std::ostream *os)
{
    *os << '"' << string.toStdString() << '"';
}

namespace {

const QByteArray validMigration
    = "-- migrate:up\nCREATE TABLE users (id int);\n-- migrate:down\nDROP TABLE users;\n";

void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly)) << qPrintable(path);
    ASSERT_EQ(file.write(content), content.size());
}

template<typename T> T *child(const QWidget &window, const char *objectName)
{
    T *widget = window.findChild<T *>(QString::fromLatin1(objectName));
    EXPECT_NE(widget, nullptr) << objectName;
    return widget;
}

QAction *action(const QWidget &window, const char *objectName)
{
    return child<QAction>(window, objectName);
}

class MainWindowTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        writeFile(path("1700000000000-CreateUsers.sql"), validMigration);
        writeFile(path("1700000100000-AddUserEmail.sql"),
            "-- migrate:up\nALTER TABLE users ADD email text;\n-- migrate:down\nALTER TABLE users DROP "
            "email;\n");
        writeFile(path("123-Bad.sql"), validMigration);
    }

    QString path(const char *fileName) const { return m_dir.filePath(QString::fromLatin1(fileName)); }

    QTemporaryDir m_dir;
};

TEST_F(MainWindowTest, ListsTheMigrationFilesOfTheFolder)
{
    MainWindow window;
    ASSERT_TRUE(window.openMigrationsFolder(m_dir.path()));

    QTableView *table = child<QTableView>(window, "migrationTable");
    ASSERT_NE(table, nullptr);
    const QAbstractItemModel *model = table->model();
    ASSERT_NE(model, nullptr);
    ASSERT_EQ(model->rowCount(), 2);
    ASSERT_EQ(model->columnCount(), MainWindow::ColumnCount);

    EXPECT_EQ(
        model->index(0, MainWindow::TimestampColumn).data().toString(), QStringLiteral("1700000000000"));
    EXPECT_EQ(model->index(0, MainWindow::NameColumn).data().toString(), QStringLiteral("CreateUsers"));
    EXPECT_EQ(model->index(0, MainWindow::FileColumn).data().toString(),
        QStringLiteral("1700000000000-CreateUsers.sql"));
    EXPECT_EQ(
        model->index(1, MainWindow::TimestampColumn).data().toString(), QStringLiteral("1700000100000"));
    EXPECT_EQ(model->index(1, MainWindow::NameColumn).data().toString(), QStringLiteral("AddUserEmail"));
    EXPECT_EQ(model->index(1, MainWindow::FileColumn).data().toString(),
        QStringLiteral("1700000100000-AddUserEmail.sql"));
    EXPECT_EQ(model->headerData(MainWindow::NameColumn, Qt::Horizontal).toString(), QStringLiteral("Name"));

    const QLabel *summary = child<QLabel>(window, "summaryLabel");
    ASSERT_NE(summary, nullptr);
    EXPECT_TRUE(summary->text().startsWith(QStringLiteral("2 migrations in ")))
        << qPrintable(summary->text());
}

TEST_F(MainWindowTest, ReportsMalformedFilesInTheStatusBar)
{
    MainWindow window;
    window.show();
    ASSERT_TRUE(window.openMigrationsFolder(m_dir.path()));

    ASSERT_EQ(window.problems().size(), 1);
    EXPECT_EQ(window.problems().first().kind, StrataError::Kind::Source);
    EXPECT_TRUE(window.problems().first().file.endsWith(QStringLiteral("/123-Bad.sql")));

    const QToolButton *problems = child<QToolButton>(window, "problemsButton");
    ASSERT_NE(problems, nullptr);
    EXPECT_TRUE(problems->isVisible());
    EXPECT_EQ(problems->text(), QStringLiteral("1 problem"));
    EXPECT_TRUE(problems->toolTip().contains(QStringLiteral("123-Bad.sql")))
        << qPrintable(problems->toolTip());
    EXPECT_TRUE(problems->toolTip().contains(QStringLiteral("bad timestamp")))
        << qPrintable(problems->toolTip());
}

TEST_F(MainWindowTest, RefreshScansTheFolderAgain)
{
    MainWindow window;
    window.show();
    QAction *refresh = action(window, "refreshAction");
    ASSERT_NE(refresh, nullptr);
    EXPECT_FALSE(refresh->isEnabled()) << "nothing to refresh before a folder is open";

    ASSERT_TRUE(window.openMigrationsFolder(m_dir.path()));
    EXPECT_TRUE(refresh->isEnabled());
    QTableView *table = child<QTableView>(window, "migrationTable");
    ASSERT_NE(table, nullptr);
    table->selectRow(1);

    ASSERT_TRUE(QFile::remove(path("123-Bad.sql")));
    writeFile(path("1700000050000-CreatePosts.sql"), validMigration);
    refresh->trigger();

    ASSERT_EQ(table->model()->rowCount(), 3);
    EXPECT_EQ(
        table->model()->index(1, MainWindow::NameColumn).data().toString(), QStringLiteral("CreatePosts"));
    EXPECT_TRUE(window.problems().isEmpty());
    EXPECT_FALSE(child<QToolButton>(window, "problemsButton")->isVisible());

    // The selected file stays selected although it moved down a row.
    const QModelIndexList selected = table->selectionModel()->selectedRows(MainWindow::NameColumn);
    ASSERT_EQ(selected.size(), 1);
    EXPECT_EQ(selected.first().data().toString(), QStringLiteral("AddUserEmail"));
}

TEST_F(MainWindowTest, RunAndRevertWaitForADatabaseConnection)
{
    MainWindow window;
    ASSERT_TRUE(window.openMigrationsFolder(m_dir.path()));
    EXPECT_EQ(window.windowTitle(), QStringLiteral("Strata"));
    EXPECT_FALSE(action(window, "runPendingAction")->isEnabled());
    EXPECT_FALSE(action(window, "revertLastAction")->isEnabled());
    EXPECT_TRUE(action(window, "openFolderAction")->isEnabled());
    EXPECT_TRUE(action(window, "aboutAction")->isEnabled());
}

TEST(MainWindow, ReportsAFolderThatDoesNotExist)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString missing = dir.filePath(QStringLiteral("no-such-folder"));

    MainWindow window;
    window.show();
    EXPECT_FALSE(window.openMigrationsFolder(missing));
    EXPECT_EQ(child<QTableView>(window, "migrationTable")->model()->rowCount(), 0);
    ASSERT_EQ(window.problems().size(), 1);
    EXPECT_EQ(window.problems().first().kind, StrataError::Kind::Io);
    EXPECT_TRUE(child<QToolButton>(window, "problemsButton")->isVisible());
    EXPECT_TRUE(child<QAction>(window, "refreshAction")->isEnabled()) << "the folder may appear later";
}

TEST(MainWindow, ResolvesAProjectFolderToItsMigrationsSubfolder)
{
    QTemporaryDir project;
    ASSERT_TRUE(project.isValid());
    const QDir root(project.path());
    EXPECT_EQ(MainWindow::resolveMigrationsFolder(root.path()), root.absolutePath());

    ASSERT_TRUE(root.mkdir(QStringLiteral("migrations")));
    EXPECT_EQ(MainWindow::resolveMigrationsFolder(root.path()),
        root.absoluteFilePath(QStringLiteral("migrations")));

    // A folder that holds migration files itself is taken as it is.
    writeFile(root.filePath(QStringLiteral("1700000000000-CreateUsers.sql")), validMigration);
    EXPECT_EQ(MainWindow::resolveMigrationsFolder(root.path()), root.absolutePath());
}

TEST(MainWindow, RestoresItsGeometryAndLastFolder)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    {
        MainWindow window;
        window.resize(720, 480);
        window.show();
        ASSERT_TRUE(window.openMigrationsFolder(dir.path()));
        window.close();
    }
    EXPECT_EQ(MainWindow::lastMigrationsFolder(), QDir(dir.path()).absolutePath());
    MainWindow restored;
    EXPECT_EQ(restored.size(), QSize(720, 480));
}

} // namespace

int main(int argc, char *argv[])
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true);
    ::testing::InitGoogleTest(&argc, argv);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Strata"));
    QApplication::setApplicationName(QStringLiteral("strata-gui-test"));
    QSettings().clear();
    return RUN_ALL_TESTS();
}
