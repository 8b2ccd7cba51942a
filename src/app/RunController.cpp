#include "RunController.h"

#include "BackupsDialog.h"
#include "PreflightDialog.h"
#include "RunLogPanel.h"
#include "Session.h"
#include "common/Logging.h"
#include "models/MigrationTableModel.h"
#include "service/MigrationWorker.h"

#include <QDir>
#include <QInputDialog>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QThread>

#include <utility>

RunController::RunController(Session *session, RunLogPanel *panel, QWidget *dialogParent)
    : QObject(dialogParent)
    , m_session(session)
    , m_panel(panel)
    , m_dialogParent(dialogParent)
{
    MigrationWorker::registerMetaTypes();
    // The worker and its database connections live on their own thread.
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("strata-worker"));
    m_worker = new MigrationWorker;
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
    connectWorker();
    // A pre-flight still on its way belongs to the previous connection.
    connect(m_session, &Session::profileChanged, this, [this] {
        m_preflightRun.reset();
        ++m_preflightRequestId;
        Q_EMIT busyChanged();
    });
}

RunController::~RunController()
{
    m_worker->cancel();
    m_thread->quit();
    m_thread->wait();
}

void RunController::connectWorker()
{
    connect(m_worker, &MigrationWorker::runFinished, this, &RunController::onRunFinished);
    connect(m_worker, &MigrationWorker::preflightFinished, this, &RunController::onPreflightFinished);
    connect(m_worker, &MigrationWorker::lockWaiting, this, [this](quint64 runId, const QString &holder) {
        if (runId == m_runId)
            m_panel->appendLog(tr("Waiting for the migration lock held by %1").arg(holder));
    });
    connect(m_worker, &MigrationWorker::migrationStarted, this,
        [this](quint64 runId, int index, int count, const QString &name, bool up) {
            if (runId != m_runId)
                return;
            m_panel->setMigrationProgress(index, count);
            m_panel->setState(up ? tr("Applying %1").arg(name) : tr("Reverting %1").arg(name));
            m_panel->appendLog((up ? tr("up   %1") : tr("down %1")).arg(name));
        });
    connect(m_worker, &MigrationWorker::statementStarted, this,
        [this](quint64 runId, int, int statement, int count, const QString &summary, int line) {
            if (runId != m_runId)
                return;
            m_panel->setStatementProgress(statement, count);
            m_panel->appendLog(tr("    line %1: %2").arg(line).arg(summary));
        });
    connect(m_worker, &MigrationWorker::statementFinished, this,
        [this](quint64 runId, int, int statement, qint64 ms) {
            if (runId != m_runId)
                return;
            m_panel->setStatementDone(statement + 1);
            if (ms >= 100)
                m_panel->appendLog(tr("    … %1 ms").arg(ms));
        });
    connect(m_worker, &MigrationWorker::migrationFinished, this,
        [this](quint64 runId, int index, const QString &name, qint64 ms) {
            if (runId != m_runId)
                return;
            m_panel->setMigrationDone(index + 1);
            m_panel->appendLog(tr("     %1 done in %2").arg(name, MigrationTableModel::formatDuration(ms)));
        });
    connect(m_worker, &MigrationWorker::noticeReceived, this,
        [this](quint64 runId, const QString &severity, const QString &message) {
            if (runId == m_runId)
                m_panel->appendLog(QStringLiteral("    %1: %2").arg(severity, message));
        });
    // The lock-wait watch: who blocks the running statement, once per change,
    // in the run panel; its Cancel button stops the waiting statement.
    connect(m_worker, &MigrationWorker::lockWaitChanged, this, [this](quint64 runId, const LockWait &wait) {
        if (runId != m_runId)
            return;
        if (wait.isEmpty()) {
            m_panel->appendLog(tr("    no longer blocked"));
            return;
        }
        m_panel->setState(tr("Blocked by %n session(s), waiting for %1 (Cancel stops the run)", nullptr,
            int(wait.blockers.size()))
                              .arg(wait.waitingFor));
        m_panel->appendLog(
            tr("    waiting %1 for %2; blocked by:")
                .arg(BackendSession::formatAge(double(wait.waitedMs) / 1000.0), wait.waitingFor));
        for (const BackendSession &s : wait.blockers)
            m_panel->appendLog(QStringLiteral("      ") + s.describe());
    });
    // The server's own progress of a long statement (CREATE INDEX, VACUUM ...)
    // on the statement bar; the log gets one line per phase.
    connect(m_worker, &MigrationWorker::statementProgressChanged, this,
        [this](quint64 runId, const StatementProgress &progress) {
            if (runId != m_runId)
                return;
            if (!progress.isEmpty() && progress.phase != m_lastProgressPhase)
                m_panel->appendLog(QStringLiteral("    %1: %2").arg(progress.command, progress.phase));
            m_lastProgressPhase = progress.phase;
            m_panel->setServerProgress(progress);
        });
    connect(m_worker, &MigrationWorker::lockTimedOut, this,
        [this](quint64 runId, int, int attempt, int retries, qint64 retryInMs, const QString &message) {
            if (runId == m_runId)
                m_panel->appendLog(tr("    lock timeout (%1); retry %2 of %3 in %4 s")
                                       .arg(message)
                                       .arg(attempt)
                                       .arg(retries)
                                       .arg(double(retryInMs) / 1000.0, 0, 'f', 1));
        });
    connect(m_worker, &MigrationWorker::backupStarted, this,
        [this](quint64 runId, const QString &path, int total) {
            if (runId != m_runId)
                return;
            m_panel->setMigrationProgress(0, total, tr("Tables dumped:"));
            m_panel->appendLog(tr("Backup: pg_dump of %n table(s) into %1", nullptr, total)
                                   .arg(QDir::toNativeSeparators(path)));
        });
    connect(m_worker, &MigrationWorker::backupTableDumped, this,
        [this](quint64 runId, const QString &table, int done, int total) {
            if (runId != m_runId)
                return;
            m_panel->setMigrationProgress(done, total, tr("Tables dumped:"));
            m_panel->appendLog(tr("    dumped %1 (%2/%3)").arg(table).arg(done).arg(total));
        });
    connect(
        m_worker, &MigrationWorker::backupFinished, this, [this](quint64 runId, const BackupResult &result) {
            if (runId != m_runId)
                return;
            m_runBackup = result;
            m_panel->appendLog(
                tr("Backup verified: %1, %2 in %3")
                    .arg(QDir::toNativeSeparators(result.path), QLocale().formattedDataSize(result.sizeBytes),
                        MigrationTableModel::formatDuration(result.elapsedMs)));
        });
    connect(m_worker, &MigrationWorker::restoreTableRestored, this,
        [this](quint64 runId, const QString &table, int done, int total) {
            if (runId != m_restoreId)
                return;
            m_panel->setMigrationProgress(done, total, tr("Tables restored:"));
            m_panel->appendLog(tr("    restored %1 (%2/%3)").arg(table).arg(done).arg(total));
        });
    connect(m_worker, &MigrationWorker::restoreFinished, this,
        [this](quint64 runId, bool ok, const RestoreResult &result, const StrataError &error) {
            if (runId != m_restoreId)
                return;
            setRunning(false);
            if (ok) {
                QString text
                    = tr("Restored into %1: %n table(s) in %2.", nullptr, result.tableCount)
                          .arg(result.database, MigrationTableModel::formatDuration(result.elapsedMs));
                if (!result.tablesNotInDump.isEmpty())
                    text += u' '
                        + tr("Tables created after the dump are still there: %1.")
                              .arg(result.tablesNotInDump.join(QLatin1String(", ")));
                m_panel->appendLog(text);
                m_panel->setState(text);
                QMessageBox::information(m_dialogParent, tr("Restore finished"), text);
            } else {
                m_panel->appendLog(tr("Restore FAILED: %1").arg(error.toString()));
                m_panel->setState(tr("Restore failed: %1").arg(error.message));
                QMessageBox::critical(m_dialogParent, tr("Restore failed"), error.toString());
            }
            Q_EMIT restoreCompleted(ok);
            Q_EMIT databaseChanged();
        });
}

void RunController::start(RunKind kind, const QString &folder, const QString &target, bool withBackup)
{
    if (!m_session->isConnected() || !m_session->hasProfile() || isBusy())
        return;
    PlannedRun run { kind, folder, target, withBackup, {} };
    switch (kind) {
    case RunKind::Pending:
        run.description = withBackup ? tr("Back up the database, then apply all pending migrations")
                                     : tr("Apply all pending migrations");
        break;
    case RunKind::UpToSelected:
    case RunKind::UpTo:
        run.description = tr("Apply pending migrations up to %1").arg(target);
        break;
    case RunKind::RevertLast:
        run.description = tr("Revert the last applied migration");
        break;
    case RunKind::RevertTo:
        run.description = tr("Revert migrations down to %1").arg(target);
        break;
    }
    // "Test on staging first, always back up before production": a run there
    // (up or revert) waits for its pre-flight, and the dialog showing it is
    // where the user confirms (onPreflightFinished goes on from there).
    if (m_session->policy().preflightRequired()) {
        m_preflightRun = run;
        requestPreflight(&*m_preflightRun, folder);
        Q_EMIT busyChanged();
        return;
    }
    if (!confirm(run.description))
        return;
    launch(run);
}

void RunController::showPreflight(const QString &folder)
{
    if (!m_session->isConnected() || !m_session->hasProfile() || isBusy())
        return;
    requestPreflight(nullptr, folder);
}

void RunController::requestPreflight(const PlannedRun *run, const QString &folder)
{
    const ConnectionProfile &profile = *m_session->profile();
    PreflightOptions options;
    options.history = profile.history;
    if (run && run->isUp()) {
        options.up.target = run->target;
    } else if (run) {
        DownOptions down;
        down.target = run->kind == RunKind::RevertTo ? run->target : QString();
        options.down = down;
    }
    options.backupFolder = m_session->backupFolder();
    options.backupProfile = profile.id;
    options.backupRequired = m_session->policy().backupRequired();
    // Backup & Migrate asks before the dump, so a blocker costs no dump; the
    // backup it is about to make is the one that counts.
    options.backupBeforeRun = run && run->withBackup;
    const quint64 requestId = ++m_preflightRequestId;
    m_panel->appendLog(tr("Pre-flight: checking %1…").arg(profile.connection.describe()));
    m_panel->setState(tr("Pre-flight…"));
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, requestId, connection = m_session->runConnection(), folder, options] {
            worker->runPreflight(requestId, connection, folder, options);
        },
        Qt::QueuedConnection);
}

void RunController::onPreflightFinished(quint64 requestId, const PreflightReport &report)
{
    if (requestId != m_preflightRequestId || !m_session->hasProfile())
        return;
    const std::optional<PlannedRun> run = std::exchange(m_preflightRun, std::nullopt);
    if (!m_running)
        m_panel->setState(tr("Idle"));
    Q_EMIT busyChanged();
    const QString environment = ConnectionProfile::environmentName(m_session->profile()->environment);
    m_panel->appendLog(tr("Pre-flight on %1: %2").arg(report.target, report.summary()));
    PreflightDialog dialog(report, run ? PreflightDialog::Mode::Run : PreflightDialog::Mode::Review,
        run ? tr("%1 on %2").arg(run->description, environment)
            : tr("Pre-flight for the pending migrations (%1)").arg(environment),
        m_dialogParent);
    dialog.setObjectName(QStringLiteral("preflightDialog"));
    Q_EMIT preflightDialogOpened();
    const bool confirmed = dialog.exec() == QDialog::Accepted;
    if (!run)
        return;
    if (!confirmed) {
        m_panel->appendLog(tr("Not run: cancelled at the pre-flight."));
        return;
    }
    // The connection may have changed (a new profile stamps a new request), or
    // another run begun, while the dialog was open.
    if (requestId != m_preflightRequestId || !m_session->isConnected() || isBusy())
        return;
    // The pre-flight's Run is the go-ahead a question would ask for; a typed
    // name (production) is still asked.
    if (m_session->policy().confirmation(EnvironmentPolicy::Action::Run)
            == EnvironmentPolicy::Confirmation::TypedDatabaseName
        && !confirm(run->description))
        return;
    if (dialog.overrodeBlockers()) {
        QStringList blockers;
        for (const PreflightCheck &check : report.checks)
            if (check.severity == PreflightCheck::Severity::Blocker)
                blockers << QStringLiteral("%1: %2").arg(check.title, check.message);
        const QString line
            = tr("Pre-flight override: running on %1 %2 despite %3: %4")
                  .arg(environment, report.target, report.summary(), blockers.join(QLatin1String("; ")));
        m_panel->appendLog(line);
        qCWarning(lcRunner).noquote() << line;
    }
    launch(*run);
}

bool RunController::confirm(const QString &description, EnvironmentPolicy::Action action)
{
    if (!m_session->hasProfile())
        return false;
    const ConnectionProfile &profile = *m_session->profile();
    const QString database = profile.connection.database;
    const QString environment = ConnectionProfile::environmentName(profile.environment);
    switch (m_session->policy().confirmation(action)) {
    case EnvironmentPolicy::Confirmation::None:
        return true;
    case EnvironmentPolicy::Confirmation::Question:
        return QMessageBox::question(m_dialogParent, tr("Go ahead?"),
                   tr("%1 on the %2 database %3?")
                       .arg(description, environment, profile.connection.describe()),
                   QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
            == QMessageBox::Yes;
    case EnvironmentPolicy::Confirmation::TypedDatabaseName: {
        // Typing the name is the point: a click can be made without reading.
        QInputDialog dialog(m_dialogParent);
        dialog.setObjectName(QStringLiteral("productionConfirmDialog"));
        dialog.setWindowTitle(tr("Production database"));
        dialog.setLabelText(
            tr("<b>%1</b> on the <span style=\"color:#c62828\">%4</span> database %2.<br><br>"
               "Type the database name <b>%3</b> to go ahead:")
                .arg(description.toHtmlEscaped(), profile.connection.describe().toHtmlEscaped(),
                    database.toHtmlEscaped(), environment));
        dialog.setTextValue(QString());
        if (dialog.exec() != QDialog::Accepted)
            return false;
        if (!EnvironmentPolicy::confirms(dialog.textValue(), database)) {
            QMessageBox::warning(m_dialogParent, tr("Not confirmed"),
                tr("The name typed does not match %1; nothing was run.").arg(database));
            return false;
        }
        return true;
    }
    }
    return false;
}

void RunController::launch(const PlannedRun &run)
{
    const ConnectionProfile &profile = *m_session->profile();
    const ConnectionSettings connection = m_session->runConnection();
    RunOptions options;
    options.history = profile.history;
    const quint64 runId = ++m_runId;
    const QString folder = run.folder;
    m_lastReport.reset();
    m_runWithBackup = run.withBackup;
    m_runBackup.reset();
    setRunning(true);
    m_panel->appendLog(QStringLiteral("— %1 on %2").arg(run.description, profile.connection.describe()));
    if (!run.isUp()) {
        DownOptions down;
        down.target = run.kind == RunKind::RevertTo ? run.target : QString();
        QMetaObject::invokeMethod(
            m_worker,
            [worker = m_worker, runId, connection, options, folder, down] {
                worker->runDown(runId, connection, options, folder, down);
            },
            Qt::QueuedConnection);
        return;
    }
    UpOptions up;
    up.target = run.target;
    if (run.withBackup) {
        BackupOptions backup;
        backup.folder = m_session->backupFolder();
        backup.profile = profile.id;
        backup.pgBinDir = profile.pgBinDir;
        backup.createHistoryTables = true;
        backup.history = profile.history;
        QMetaObject::invokeMethod(
            m_worker,
            [worker = m_worker, runId, connection, options, folder, up, backup] {
                worker->backupThenUp(runId, connection, options, folder, up, backup);
            },
            Qt::QueuedConnection);
        return;
    }
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, runId, connection, options, folder, up] {
            worker->runUp(runId, connection, options, folder, up);
        },
        Qt::QueuedConnection);
}

void RunController::cancel()
{
    if (!m_running)
        return;
    m_panel->appendLog(tr("Cancelling: asking the server to stop the running statement…"));
    m_panel->setCancelEnabled(false);
    m_worker->cancel();
}

void RunController::cancelForQuit()
{
    m_quitting = true;
    cancel();
}

void RunController::setRunning(bool running)
{
    m_running = running;
    if (running)
        m_panel->resetProgress();
    m_panel->setState(running ? tr("Running…") : tr("Idle"));
    Q_EMIT busyChanged();
}

void RunController::onRunFinished(quint64 runId, const RunReport &report)
{
    if (runId != m_runId)
        return;
    setRunning(false);
    m_lastReport = report;
    if (report.ok()) {
        const QString summary = report.completed.isEmpty()
            ? tr("Nothing to do.")
            : tr("%n migration(s) done in %1.", nullptr, int(report.completed.size()))
                  .arg(MigrationTableModel::formatDuration(report.durationMs));
        m_panel->appendLog(summary);
        m_panel->setState(summary);
    } else {
        const StrataError &e = *report.error;
        m_panel->appendLog(tr("FAILED: %1").arg(e.toString()));
        if (e.kind == StrataError::Kind::Cancelled)
            m_panel->setState(tr("Cancelled; the migration was rolled back."));
        else
            m_panel->setState(tr("Failed: %1").arg(e.message));
        if (!report.completed.isEmpty() && !report.completedDurable)
            m_panel->appendLog(
                tr("The %n migration(s) done before the failure could not be made durable (%1): if the "
                   "server crashed, they may be lost. Refresh once the server is back.",
                    nullptr, int(report.completed.size()))
                    .arg(report.durabilityProblem));
        // Show the failing line where it lives.
        if (!e.file.isEmpty() && e.line > 0)
            Q_EMIT runFailedAt(e);
    }
    const bool backupFailed = m_runWithBackup && !m_runBackup && !report.ok();
    // The dump to offer back after a failed migration of a backup-then-migrate run.
    std::optional<BackupResult> backup;
    if (m_runWithBackup && !report.ok())
        backup = m_runBackup;
    m_runWithBackup = false;
    Q_EMIT runCompleted(report.ok());
    Q_EMIT databaseChanged();
    if (m_quitting) {
        Q_EMIT readyToClose();
        return;
    }
    if (backupFailed && report.error->kind != StrataError::Kind::Cancelled)
        QMessageBox::critical(m_dialogParent, tr("Backup failed"),
            tr("The backup failed, so no migration was run.\n\n%1").arg(report.error->toString()));
    else if (backup && report.error->kind != StrataError::Kind::Cancelled)
        offerRestore(*backup);
}

void RunController::showBackups()
{
    if (!m_session->isConnected() || !m_session->hasProfile() || isBusy())
        return;
    const QString folder = m_session->backupFolder();
    BackupsDialog dialog(folder, m_dialogParent);
    dialog.setObjectName(QStringLiteral("backupsDialog"));
    const quint64 requestId = ++m_backupsRequestId;
    // The dialog is the context: the connection goes with it.
    connect(m_worker, &MigrationWorker::backupsListed, &dialog,
        [this, &dialog, requestId](quint64 answerId, const BackupFileList &backups) {
            if (answerId == requestId && answerId == m_backupsRequestId)
                dialog.setBackups(backups);
        });
    const QString profile = m_session->profile()->id;
    const QString database = m_session->profile()->connection.database;
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, requestId, folder, profile, database] {
            worker->listBackups(requestId, folder, profile, database);
        },
        Qt::QueuedConnection);
    Q_EMIT backupsDialogOpened();
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (const std::optional<BackupFile> chosen = dialog.chosenBackup())
        confirmAndRestore(
            chosen->path, chosen->createdAt, dialog.choice() == BackupsDialog::Choice::RestoreIntoNew);
}

void RunController::offerRestore(const BackupResult &backup)
{
    if (!m_session->hasProfile())
        return;
    const QString time = QLocale().toString(backup.createdAt.toLocalTime(), QLocale::ShortFormat);
    QMessageBox box(QMessageBox::Question, tr("Restore the backup?"),
        tr("The migration failed. Restore the backup taken at %1?").arg(time), QMessageBox::NoButton,
        m_dialogParent);
    box.setObjectName(QStringLiteral("restoreOfferBox"));
    box.setInformativeText(tr("Restoring into a new database leaves this one as it is: the safer choice."));
    QPushButton *same = box.addButton(tr("Restore into This Database"), QMessageBox::DestructiveRole);
    QPushButton *fresh = box.addButton(tr("Restore into a New Database…"), QMessageBox::AcceptRole);
    QPushButton *later = box.addButton(tr("Not Now"), QMessageBox::RejectRole);
    box.setDefaultButton(later);
    box.exec();
    if (box.clickedButton() == same)
        confirmAndRestore(backup.path, backup.createdAt, false);
    else if (box.clickedButton() == fresh)
        confirmAndRestore(backup.path, backup.createdAt, true);
}

void RunController::confirmAndRestore(
    const QString &dumpPath, const QDateTime &createdAt, bool intoNewDatabase)
{
    if (!m_session->hasProfile())
        return;
    const QString database = m_session->profile()->connection.database;
    const QString time = QLocale().toString(createdAt.toLocalTime(), QLocale::ShortFormat);
    if (intoNewDatabase) {
        bool ok = false;
        const QString name = QInputDialog::getText(m_dialogParent, tr("Restore into a New Database"),
            tr("Name of the new database for the backup taken at %1 (it must not exist yet):").arg(time),
            QLineEdit::Normal, QStringLiteral("%1_restored").arg(database), &ok)
                                 .trimmed();
        if (ok && !name.isEmpty())
            startRestore(dumpPath, name);
        return;
    }
    const QString description
        = tr("Restore the backup taken at %1 into %2 (its objects are dropped and recreated)")
              .arg(time, database);
    if (confirm(description, EnvironmentPolicy::Action::Restore))
        startRestore(dumpPath, {});
}

void RunController::startRestore(const QString &dumpPath, const QString &newDatabase)
{
    if (!m_session->hasProfile() || isBusy())
        return;
    const ConnectionProfile &profile = *m_session->profile();
    RestoreOptions options;
    options.dumpPath = dumpPath;
    options.newDatabase = newDatabase;
    options.pgBinDir = profile.pgBinDir;
    const quint64 restoreId = ++m_restoreId;
    setRunning(true);
    m_panel->appendLog(tr("— Restore %1 into %2")
                           .arg(QDir::toNativeSeparators(dumpPath),
                               newDatabase.isEmpty() ? profile.connection.describe() : newDatabase));
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, restoreId, connection = m_session->runConnection(), options] {
            worker->restoreBackup(restoreId, connection, options);
        },
        Qt::QueuedConnection);
}
