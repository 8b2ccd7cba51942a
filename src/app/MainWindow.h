#pragma once

#include "common/StrataError.h"

#include <QList>
#include <QMainWindow>
#include <QString>

#include <memory>

class QCloseEvent;
class QLabel;
class QStandardItemModel;
class QToolButton;

namespace Ui {
class MainWindow;
}

// The main window: a project's migration files in a table, with the actions
// that act on them. For now it lists the files of one migrations folder; the
// database state (applied, pending, ...) comes with the planner.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // The columns of the migration table.
    enum Column { TimestampColumn, NameColumn, FileColumn, ColumnCount };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shows the migration files of `directory` (a migrations folder, taken as
    // given). Returns false, and says why in the status bar, when it cannot be
    // scanned.
    bool openMigrationsFolder(const QString &directory);
    QString migrationsFolder() const { return m_migrationsFolder; }

    // Malformed files, or the reason the folder could not be scanned, from the
    // last scan.
    const QList<StrataError> &problems() const { return m_problems; }

    // The folder a user means when they pick a project folder: its `migrations`
    // subfolder when it has one and holds no migration files itself, else the
    // folder itself.
    static QString resolveMigrationsFolder(const QString &chosenFolder);
    // The folder opened last time, from the settings; empty if none.
    static QString lastMigrationsFolder();

    // Scans the current folder again, keeping the selected file selected.
    void refresh();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void chooseProjectFolder();
    void showAbout();
    void showProblemDetails();
    void updateProblemIndicator();
    void restoreSettings();
    void saveSettings() const;

    const std::unique_ptr<Ui::MainWindow> m_ui;
    QStandardItemModel *m_migrationModel = nullptr;
    QLabel *m_summaryLabel = nullptr;
    QToolButton *m_problemsButton = nullptr;
    QString m_migrationsFolder;
    QList<StrataError> m_problems;
};
