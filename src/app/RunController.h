#pragma once

#include "backup/BackupJob.h"
#include "common/StrataError.h"
#include "preflight/PreflightReport.h"
#include "runner/MigrationRunner.h"
#include "settings/EnvironmentPolicy.h"

#include <QDateTime>
#include <QObject>
#include <QString>

#include <optional>

class MigrationWorker;
class QThread;
class QWidget;
class RunLogPanel;
class Session;

// Runs, restores and the gates before them, for the window: owns the worker
// thread and its MigrationWorker, turns a click into a planned run, holds it
// at the pre-flight the session's environment requires (EnvironmentPolicy),
// asks the confirmation, launches it (with a backup first for Backup &&
// Migrate), reports its progress in the RunLogPanel and, when a migration
// after a backup fails, offers the backup back. One run at a time.
class RunController : public QObject
{
    Q_OBJECT

public:
    enum class RunKind { Pending, UpToSelected, RevertLast, RevertTo, UpTo };

    // `dialogParent`: the window the pre-flight, confirmation and restore
    // dialogs belong to.
    RunController(Session *session, RunLogPanel *panel, QWidget *dialogParent);
    ~RunController() override;

    // The worker on the run thread. The window's status and git reads go to
    // it too, so they queue behind a run instead of racing it.
    MigrationWorker *worker() const { return m_worker; }

    // A run of the migrations in `folder`. Development runs at once (after a
    // confirmation where the policy asks one); staging and production first
    // get their pre-flight, shown in Run mode, and only a confirmed one runs.
    void start(RunKind kind, const QString &folder, const QString &target = {}, bool withBackup = false);
    // Database → Pre-flight…: the checks for the pending migrations, to review.
    void showPreflight(const QString &folder);
    // Database → Backups…: the profile's dumps of this database, to restore.
    void showBackups();
    // Cancels the run or restore in progress (its statement, on the server).
    void cancel();
    // Cancels the run in progress and, once it has ended, emits readyToClose
    // instead of offering anything.
    void cancelForQuit();

    bool isRunning() const { return m_running; }
    // Running, or a run waiting for its pre-flight.
    bool isBusy() const { return m_running || m_preflightRun.has_value(); }
    std::optional<RunReport> lastReport() const { return m_lastReport; }

Q_SIGNALS:
    void busyChanged();
    void runCompleted(bool ok);
    // The failed run's error points into a migration file (line > 0).
    void runFailedAt(const StrataError &error);
    void restoreCompleted(bool ok);
    // The database changed (a run or a restore ended): read its status again.
    void databaseChanged();
    void readyToClose();
    void backupsDialogOpened(); // for tests: the dialog is about to run its event loop
    void preflightDialogOpened(); // for tests: the dialog is about to run its event loop

private:
    // A run the user asked for, between the click and its launch.
    struct PlannedRun
    {
        RunKind kind = RunKind::Pending;
        QString folder;
        QString target;
        bool withBackup = false;
        QString description;
        bool isUp() const { return kind != RunKind::RevertLast && kind != RunKind::RevertTo; }
    };
    void connectWorker();
    void requestPreflight(const PlannedRun *run, const QString &folder);
    void onPreflightFinished(quint64 requestId, const PreflightReport &report);
    void launch(const PlannedRun &run);
    void onRunFinished(quint64 runId, const RunReport &report);
    // Asks what the session's environment requires (EnvironmentPolicy) before `action`.
    bool confirm(
        const QString &description, EnvironmentPolicy::Action action = EnvironmentPolicy::Action::Run);
    void offerRestore(const BackupResult &backup);
    // Asks (the new database's name, or a confirmation naming the database and
    // the dump's time; on production the typed name) and then restores.
    void confirmAndRestore(const QString &dumpPath, const QDateTime &createdAt, bool intoNewDatabase);
    void startRestore(const QString &dumpPath, const QString &newDatabase);
    void setRunning(bool running);

    Session *m_session;
    RunLogPanel *m_panel;
    QWidget *m_dialogParent;
    QThread *m_thread = nullptr;
    MigrationWorker *m_worker = nullptr; // lives on m_thread

    bool m_running = false;
    bool m_quitting = false;
    quint64 m_runId = 0; // stamps runs; late signals of an old run are dropped
    QString m_lastProgressPhase; // the server's progress phase last logged
    quint64 m_preflightRequestId = 0;
    std::optional<PlannedRun> m_preflightRun; // waiting for its pre-flight (m_preflightRequestId)
    quint64 m_restoreId = 0;
    quint64 m_backupsRequestId = 0;
    std::optional<RunReport> m_lastReport;
    bool m_runWithBackup = false; // the run in progress began with a backup
    std::optional<BackupResult> m_runBackup; // its verified dump, once finished
};
