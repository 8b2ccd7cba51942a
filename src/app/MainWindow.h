#pragma once

#include "common/StrataError.h"
#include "lint/LintContext.h"
#include "runner/MigrationRunner.h"
#include "settings/ConnectionProfile.h"
#include "shadow/VerificationReport.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMainWindow>
#include <QPointer>
#include <QString>

#include <memory>
#include <optional>

class EnvironmentsDialog;
class FleetRunDialog;
class QCloseEvent;
class QDockWidget;
class MigrationEditor;
class MigrationFilterProxyModel;
class MigrationStateDecorator;
class MigrationTableModel;
class EditorLintFacts;
class HostKeyPrompt;
class LookupWorker;
class RunController;
class RunLogPanel;
class ProfileSwitcher;
class SchemaBrowser;
class SchemaTools;
class Session;
class SessionStatusBar;
class GenerateMigrationDialog;
class SecretStore;

namespace Ui {
class MainWindow;
}

// The main window: the migrations of a project folder with their state on the
// connected database, the SQL editor for the selected one, and the run panel.
// Everything that talks to the database happens on worker threads (see
// ARCHITECTURE.md); this window only sends requests and shows the answers, so
// it stays responsive during a long migration. What it is connected to is the
// Session; runs, restores and their gates are the RunController's.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shows the migrations of `directory`. Returns false, and says why, when it
    // is not a migrations folder (missing, or no migration files in it).
    // Which folder wins when a profile with a migrations folder of its own is
    // used later: the profile's, or this one (a folder named on the command
    // line stays open whatever profile is used).
    enum class FolderPriority { ProfileFolderWins, KeepThisFolder };
    bool openMigrationsFolder(
        const QString &directory, FolderPriority priority = FolderPriority::ProfileFolderWins);
    QString migrationsFolder() const { return m_migrationsFolder; }
    const QList<StrataError> &problems() const { return m_problems; }

    // Connects to the profile's database (the password for this session; empty
    // lets libpq use PGPASSWORD or ~/.pgpass) and reads its history.
    void useProfile(const ConnectionProfile &profile, const QString &password);
    // Selects a saved profile and fetches its password from the keychain first.
    void selectProfile(const QString &profileId);
    std::optional<ConnectionProfile> currentProfile() const;

    void refresh();
    void runPending();
    void runToSelected();
    void revertLast();
    // Backup && Migrate: pg_dump of the database into the profile's backup
    // folder, verified, then the pending migrations (MigrationWorker::backupThenUp).
    void backupThenMigrate();
    // Database → Backups…: the profile's dumps of this database (BackupsDialog),
    // restored on the worker thread into it or into a new database.
    void showBackups();
    // Database → Environments…: the project's migrations on every profile that
    // uses it, side by side (EnvironmentsDialog; opened once, then raised).
    void showEnvironments();
    // Database → Fleet…: a fleet run of this project's migrations (FleetRunDialog).
    void showFleet();
    EnvironmentsDialog *environmentsDialog() const;
    // Generate Migration with two profiles' databases as From and To, their
    // passwords read from the keychain first.
    void compareEnvironments(const QString &fromProfileId, const QString &toProfileId);
    // Connects to the profile, then runs its pending migrations the way Run
    // Pending does there (pre-flight, backup and confirmation by environment).
    void runPendingOn(const QString &profileId);
    void cancelRun();
    // Database → Pre-flight…: the checks for running the pending migrations on
    // this connection, from the worker thread, shown in a PreflightDialog.
    void showPreflight();
    bool isRunning() const;

    MigrationTableModel *migrationModel() const { return m_model; }
    MigrationFilterProxyModel *filterModel() const { return m_filter; }
    MigrationEditor *editor() const { return m_editor; }
    SchemaBrowser *schemaBrowser() const { return m_schemaBrowser; }
    QString serverVersion() const;
    std::optional<RunReport> lastReport() const;

    // Opens the migration in the editor and selects its row.
    bool openMigration(const QString &filePath);

    // Opens the diff view: the file against the SQL recorded when it was
    // applied here (drift), against git HEAD, or against another file.
    void showDiffWithApplied(const QString &historyName, const QString &file);
    void showDiffWithHead(const QString &file);
    void showDiffOfFiles(const QString &left, const QString &right);

    // Offered on first start when no profile exists: starts the local sandbox
    // cluster with the sample project and connects to it.
    void startSandbox(const QString &migrationsFolder);

    // Migrations → Generate Migration…: the dialog, non-modal; the file it
    // creates opens in the editor.
    GenerateMigrationDialog *openGenerateMigrationDialog();
    // Migrations → Verify Downs in Shadow Database: runs on the schema worker
    // thread, logs each verdict in the run panel and ends with downsVerified.
    void verifyDowns();
    bool isVerifying() const;
    VerificationReport lastVerification() const;

    static QString resolveMigrationsFolder(const QString &chosenFolder);
    static QString lastMigrationsFolder();

Q_SIGNALS:
    void statusRefreshed();
    void runCompleted(bool ok);
    void restoreCompleted(bool ok);
    void backupsDialogOpened(); // for tests: the dialog is about to run its event loop
    void sandboxReady(bool ok);
    void lintTableSizesFetched();
    void gitStatesRefreshed();
    void downsVerified(bool ok);
    void preflightDialogOpened(); // for tests: the dialog is about to run its event loop

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    bool isBusy() const;
    // The editor saved (or the user declined) before a run reads the files.
    bool editorReadyForRun();
    void connectLookups();
    LintContext lintContext() const;
    void fetchLintTableSizes();
    void updateActions();
    void updateStatusBar();
    void appendLog(const QString &line);
    RunLogPanel *runPanel() const;
    void editConnection();
    void deleteProfile();
    void chooseProjectFolder();
    void createMigration();
    void showContextMenu(const QPoint &position);
    void showAbout();
    void onSelectionChanged();
    void scanFolderOnly();
    void applyStatuses(const MigrationStatusList &statuses, const QList<StrataError> &problems);
    void onStatusLoaded(quint64 requestId, const MigrationStatusList &statuses,
        const QList<StrataError> &problems, const QString &serverVersion);
    void onStatusFailed(quint64 requestId, const StrataError &error);
    QString selectedFilePath() const;
    QString selectedHistoryName() const;
    void restoreSettings();
    void saveSettings() const;

    const std::unique_ptr<Ui::MainWindow> m_ui;
    MigrationTableModel *m_model = nullptr;
    MigrationFilterProxyModel *m_filter = nullptr;
    MigrationStateDecorator *m_decorator = nullptr;
    MigrationEditor *m_editor = nullptr;
    ProfileSwitcher *m_profiles = nullptr;
    HostKeyPrompt *m_hostKeyPrompt = nullptr; // a bastion's unknown key, offered when a connection meets it
    SessionStatusBar *m_statusBar = nullptr;

    Session *m_session = nullptr;
    RunController *m_runs = nullptr; // owns the run thread and its MigrationWorker
    SecretStore *m_secrets = nullptr;
    SchemaTools *m_schemaTools = nullptr; // owns the schema thread
    LookupWorker *m_lookups = nullptr; // m_schemaTools', on its thread
    SchemaBrowser *m_schemaBrowser = nullptr;
    QDockWidget *m_schemaDock = nullptr;

    QString m_migrationsFolder;
    bool m_keepFolderOverProfile = false;
    QList<StrataError> m_problems;
    quint64 m_requestId = 0; // stamps status loads; older answers are dropped
    quint64 m_gitRequestId = 0; // stamps git scans
    QPointer<EnvironmentsDialog> m_environments;
    QPointer<FleetRunDialog> m_fleet;
    QString m_runPendingOnProfile; // runPendingOn: run once this profile's status is in
    struct PendingDiff
    {
        QString historyName;
        QString file;
    };
    QHash<quint64, PendingDiff> m_pendingDiffs; // history rows asked for, by request
    quint64 m_sandboxRequestId = 0;
    QString m_sandboxFolder; // the sample project the sandbox starting now opens
    EditorLintFacts *m_lintFacts = nullptr;
};
