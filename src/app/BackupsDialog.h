#pragma once

#include "backup/BackupCatalog.h"

#include <QDialog>
#include <QString>

#include <memory>
#include <optional>

namespace Ui {
class BackupsDialog;
}

// Database → Backups…: the dumps of the connected profile and database in its
// backup folder, newest first, with Restore… and Restore into New Database….
// The dialog only chooses; MainWindow confirms and runs the restore on the
// worker thread, so the run log shows its progress like a migration's.
class BackupsDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Choice { None, RestoreHere, RestoreIntoNew };

    explicit BackupsDialog(const QString &folder, QWidget *parent = nullptr);
    ~BackupsDialog() override;

    void setBackups(const BackupFileList &backups);
    const BackupFileList &backups() const { return m_backups; }
    // Selects the dump at `row` (the newest is row 0).
    void selectRow(int row);
    Choice choice() const { return m_choice; }
    // The dump chosen with the choice (set once the dialog is accepted).
    std::optional<BackupFile> chosenBackup() const;

private:
    void choose(Choice choice);
    void updateButtons();

    const std::unique_ptr<Ui::BackupsDialog> m_ui;
    const QString m_folder;
    BackupFileList m_backups;
    Choice m_choice = Choice::None;
    int m_chosenRow = -1;
};
