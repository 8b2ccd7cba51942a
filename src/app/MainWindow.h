#pragma once

#include "backup/BackupJob.h"
#include "common/StrataError.h"
#include "lint/LintContext.h"
#include "lint/TableSizes.h"
#include "preflight/PreflightReport.h"
#include "runner/MigrationRunner.h"
#include "settings/ConnectionProfile.h"
#include "settings/EnvironmentPolicy.h"
#include "shadow/VerificationReport.h"

#include <QDateTime>
#include <QList>
#include <QMainWindow>
#include <QString>

#include <memory>
#include <optional>

class QCloseEvent;
class QComboBox;
class QLabel;
class QThread;
class QToolButton;
class MigrationEditor;
class MigrationFilterProxyModel;
class MigrationStateDecorator;
class MigrationTableModel;
class MigrationWorker;
class GenerateMigrationDialog;
class SchemaWorker;
class SecretStore;

namespace Ui {
class MainWindow;
}

// The main window: the migrations of a project folder with their state on the
// connected database, the SQL editor for the selected one, and the run panel.
// Everything that talks to the database happens on a worker thread
// (MigrationWorker, with its own connection); this window only sends requests
// and shows the answers, so it stays responsive during a long migration.
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
    std::optional<ConnectionProfile> currentProfile() const { return m_profile; }

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
    void cancelRun();
    // Database → Pre-flight…: the checks for running the pending migrations on
    // this connection, from the worker thread, shown in a PreflightDialog.
    void showPreflight();
    bool isRunning() const { return m_running; }

    MigrationTableModel *migrationModel() const { return m_model; }
    MigrationFilterProxyModel *filterModel() const { return m_filter; }
    MigrationEditor *editor() const { return m_editor; }
    QString serverVersion() const { return m_serverVersion; }
    std::optional<RunReport> lastReport() const { return m_lastReport; }

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
    bool isVerifying() const { return m_verifying; }
    VerificationReport lastVerification() const { return m_lastVerification; }

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
    enum class RunKind { Pending, UpToSelected, RevertLast, RevertTo, UpTo };
    // A run the user asked for, between the click and its launch.
    struct PlannedRun
    {
        RunKind kind = RunKind::Pending;
        QString target;
        bool withBackup = false;
        QString description;
        bool isUp() const { return kind != RunKind::RevertLast && kind != RunKind::RevertTo; }
    };
    // Development runs at once. A run on staging or production first gets its
    // pre-flight (on the worker), shown in Run mode; only a confirmed one goes
    // on (production: to the typed database name) and launches.
    void startRun(RunKind kind, const QString &target = {}, bool withBackup = false);
    void requestPreflight(const PlannedRun *run);
    void onPreflightFinished(quint64 requestId, const PreflightReport &report);
    void launchRun(const PlannedRun &run);
    bool isBusy() const { return m_running || m_preflightRun.has_value(); }
    void offerRestore(const BackupResult &backup);
    // Asks (the new database's name, or a confirmation naming the database and
    // the dump's time; on production the typed name) and then restores.
    void confirmAndRestore(const QString &dumpPath, const QDateTime &createdAt, bool intoNewDatabase);
    void startRestore(const QString &dumpPath, const QString &newDatabase);
    // Asks what the profile's environment requires (EnvironmentPolicy) before `action`.
    bool confirmRun(
        const QString &description, EnvironmentPolicy::Action action = EnvironmentPolicy::Action::Run);
    LintContext lintContext() const;
    void fetchLintTableSizes();
    void setRunning(bool running);
    void updateActions();
    void updateStatusBar();
    void appendLog(const QString &line);
    void reloadProfiles();
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
    void onRunFinished(quint64 runId, const RunReport &report);
    QString selectedFilePath() const;
    QString selectedHistoryName() const;
    void restoreSettings();
    void saveSettings() const;

    const std::unique_ptr<Ui::MainWindow> m_ui;
    MigrationTableModel *m_model = nullptr;
    MigrationFilterProxyModel *m_filter = nullptr;
    MigrationStateDecorator *m_decorator = nullptr;
    MigrationEditor *m_editor = nullptr;
    QComboBox *m_profileComboBox = nullptr;
    QLabel *m_connectionLabel = nullptr;
    QLabel *m_serverVersionLabel = nullptr;
    QLabel *m_environmentBadge = nullptr;
    QLabel *m_pendingLabel = nullptr;
    QToolButton *m_problemsButton = nullptr;

    QThread *m_workerThread = nullptr;
    MigrationWorker *m_worker = nullptr; // lives on m_workerThread
    SecretStore *m_secrets = nullptr;
    QThread *m_schemaThread = nullptr;
    SchemaWorker *m_schemaWorker = nullptr; // lives on m_schemaThread
    quint64 m_verifyRequestId = 0;
    bool m_verifying = false;
    VerificationReport m_lastVerification;

    QString m_migrationsFolder;
    bool m_keepFolderOverProfile = false;
    QList<StrataError> m_problems;
    std::optional<ConnectionProfile> m_profile;
    QString m_password; // this session only
    QString m_serverVersion;
    bool m_connected = false;
    bool m_running = false;
    bool m_closeAfterRun = false;
    quint64 m_requestId = 0; // stamps status loads; older answers are dropped
    quint64 m_gitRequestId = 0; // stamps git scans
    quint64 m_runId = 0; // stamps runs; late signals of an old run are dropped
    quint64 m_preflightRequestId = 0; // stamps pre-flight requests
    std::optional<PlannedRun> m_preflightRun; // waiting for its pre-flight (m_preflightRequestId)
    int m_migrationCount = 0;
    std::optional<RunReport> m_lastReport;
    bool m_runWithBackup = false; // the run in progress began with a backup
    std::optional<BackupResult> m_runBackup; // its verified dump, once finished
    quint64 m_restoreId = 0; // stamps restores
    quint64 m_backupsRequestId = 0; // stamps backup listings
    QString backupFolder() const;
    QHash<QString, TableSize> m_tableSizes; // of tables lint findings touched, on this database
    // What this database tells lint (LintDatabaseFacts): its version, function
    // volatility, proven NOT NULL columns. Read with the first table sizes.
    std::optional<LintContext> m_lintFacts;
};
