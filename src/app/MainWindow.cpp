#include "MainWindow.h"
#include "ui_MainWindow.h"

#include "EditorLintFacts.h"
#include "EnvironmentsDialog.h"
#include "FleetRunDialog.h"
#include "GenerateMigrationDialog.h"
#include "HostKeyPrompt.h"
#include "MigrationContextMenu.h"
#include "MigrationDiffs.h"
#include "MigrationEditor.h"
#include "MigrationStateDecorator.h"
#include "ProfileSwitcher.h"
#include "RunController.h"
#include "RunLogPanel.h"
#include "SchemaBrowser.h"
#include "SchemaTools.h"
#include "Session.h"
#include "SessionStatusBar.h"
#include "common/Logging.h"
#include "common/Version.h"
#include "migration/MigrationSource.h"
#include "models/MigrationFilterProxyModel.h"
#include "models/MigrationTableModel.h"
#include "planner/MigrationPlanner.h"
#include "project/Project.h"
#include "secrets/KeychainSecretStore.h"
#include "service/LookupWorker.h"
#include "service/MigrationWorker.h"
#include "settings/ProfileStore.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QUrl>

#include <utility>

namespace {

QSettings settings()
{
    return QSettings(QStringLiteral("Strata"), QStringLiteral("strata"));
}

const auto lastFolderKey = QStringLiteral("mainWindow/lastMigrationsFolder");
const auto lastProfileKey = QStringLiteral("mainWindow/lastProfile");

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
{
    m_ui->setupUi(this);

    m_model = new MigrationTableModel(this);
    m_filter = new MigrationFilterProxyModel(this);
    m_filter->setSourceModel(m_model);
    m_decorator = new MigrationStateDecorator(this);
    m_decorator->setSourceModel(m_filter);
    m_ui->migrationTable->setModel(m_decorator);
    m_ui->migrationTable->sortByColumn(MigrationTableModel::TimestampColumn, Qt::AscendingOrder);
    m_ui->migrationTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_ui->migrationTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);

    m_editor = new MigrationEditor(m_ui->editorContainer);
    m_ui->editorLayout->addWidget(m_editor);
    m_ui->mainSplitter->setStretchFactor(0, 1);
    m_ui->mainSplitter->setStretchFactor(1, 1);
    m_ui->mainSplitter->setSizes({ 620, 580 });
    m_ui->workSplitter->setStretchFactor(0, 3);
    m_ui->workSplitter->setStretchFactor(1, 1);

    m_session = new Session(this);
    m_statusBar = new SessionStatusBar(statusBar(), m_session);
    m_runs = new RunController(m_session, runPanel(), this);
    // Shadow verification, schema comparisons and the small lookups: a thread
    // of their own, so status loads and runs go on.
    m_schemaTools = new SchemaTools(m_session, runPanel(), this);
    connect(m_schemaTools, &SchemaTools::verifyingChanged, this, &MainWindow::updateActions);
    connect(m_schemaTools, &SchemaTools::downsVerified, this, &MainWindow::downsVerified);
    connect(m_schemaTools, &SchemaTools::verificationSummarized, this,
        [this](const QString &summary) { statusBar()->showMessage(summary); });
    m_lookups = m_schemaTools->lookups();
    m_lintFacts = new EditorLintFacts(m_session, m_lookups, this);
    connect(m_lintFacts, &EditorLintFacts::updated, this, [this] {
        m_editor->setLintContext(lintContext());
        Q_EMIT lintTableSizesFetched();
    });
    m_secrets = new KeychainSecretStore(this);
    m_profiles = new ProfileSwitcher(m_session, m_secrets, m_lookups, m_statusBar, this);
    m_hostKeyPrompt = new HostKeyPrompt(m_lookups, this);
    connect(m_hostKeyPrompt, &HostKeyPrompt::accepted, this, [this](const QString &message) {
        appendLog(message);
        refresh(); // connect again, through the bastion now known
    });
    connect(m_hostKeyPrompt, &HostKeyPrompt::declined, this, &MainWindow::appendLog);
    m_ui->mainToolBar->insertWidget(m_ui->refreshAction, m_profiles->comboBox());
    connect(m_profiles, &ProfileSwitcher::profileChosen, this, &MainWindow::useProfile);
    connect(m_profiles, &ProfileSwitcher::editRequested, this, &MainWindow::editConnection);
    connectLookups();

    // The schema browser, docked on the right; it reads on the schema thread.
    m_schemaBrowser = new SchemaBrowser(m_session, m_schemaTools->worker(), m_secrets, this);
    m_schemaDock = new QDockWidget(tr("Schema"), this);
    m_schemaDock->setObjectName(QStringLiteral("schemaDock"));
    m_schemaDock->setWidget(m_schemaBrowser);
    addDockWidget(Qt::RightDockWidgetArea, m_schemaDock);
    // Closed until asked for (the toolbar's Schema button, Database → Schema):
    // reading a large schema costs the server a catalog scan on every refresh.
    m_schemaDock->hide();
    m_schemaDock->toggleViewAction()->setObjectName(QStringLiteral("schemaBrowserAction"));
    m_schemaDock->toggleViewAction()->setToolTip(tr("Show the connected database's schema"));
    m_ui->databaseMenu->addSeparator();
    m_ui->databaseMenu->addAction(m_schemaDock->toggleViewAction());
    m_ui->mainToolBar->addAction(m_schemaDock->toggleViewAction());
    connect(m_schemaDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && m_session->isConnected() && m_schemaBrowser->model()->rowCount() == 0)
            m_schemaBrowser->reload();
    });
    connect(m_schemaBrowser, &SchemaBrowser::migrationActivated, this, [this](const QString &historyName) {
        const int row = m_model->rowOf(historyName);
        if (row >= 0)
            openMigration(m_model->index(row, 0).data(MigrationTableModel::FilePathRole).toString());
    });

    MigrationWorker *worker = m_runs->worker();
    connect(worker, &MigrationWorker::statusLoaded, this, &MainWindow::onStatusLoaded);
    connect(worker, &MigrationWorker::statusFailed, this, &MainWindow::onStatusFailed);
    connect(worker, &MigrationWorker::gitStatesLoaded, this,
        [this](quint64 requestId, const QHash<QString, QString> &states,
            const QSet<QString> &committedAndChanged) {
            if (requestId != m_gitRequestId)
                return;
            m_model->setGitStates(states, committedAndChanged);
            Q_EMIT gitStatesRefreshed();
        });

    connect(m_runs, &RunController::busyChanged, this, &MainWindow::updateActions);
    connect(m_runs, &RunController::runCompleted, this, &MainWindow::runCompleted);
    connect(m_runs, &RunController::restoreCompleted, this, &MainWindow::restoreCompleted);
    connect(m_runs, &RunController::backupsDialogOpened, this, &MainWindow::backupsDialogOpened);
    connect(m_runs, &RunController::preflightDialogOpened, this, &MainWindow::preflightDialogOpened);
    connect(m_runs, &RunController::databaseChanged, this, &MainWindow::refresh);
    connect(m_runs, &RunController::readyToClose, this, &MainWindow::close);
    connect(m_runs, &RunController::runFailedAt, this, [this](const StrataError &e) {
        if (QFileInfo::exists(e.file) && openMigration(e.file))
            m_editor->markRunError(e);
    });
    connect(runPanel(), &RunLogPanel::cancelRequested, this, &MainWindow::cancelRun);

    connect(m_ui->openFolderAction, &QAction::triggered, this, &MainWindow::chooseProjectFolder);
    connect(m_ui->newMigrationAction, &QAction::triggered, this, &MainWindow::createMigration);
    connect(m_ui->quitAction, &QAction::triggered, this, &MainWindow::close);
    connect(m_ui->connectAction, &QAction::triggered, this, &MainWindow::editConnection);
    connect(m_ui->deleteProfileAction, &QAction::triggered, this, &MainWindow::deleteProfile);
    connect(m_ui->refreshAction, &QAction::triggered, this, &MainWindow::refresh);
    connect(m_ui->runPendingAction, &QAction::triggered, this, &MainWindow::runPending);
    connect(m_ui->runToSelectedAction, &QAction::triggered, this, &MainWindow::runToSelected);
    connect(m_ui->revertLastAction, &QAction::triggered, this, &MainWindow::revertLast);
    connect(m_ui->backupMigrateAction, &QAction::triggered, this, &MainWindow::backupThenMigrate);
    connect(m_ui->backupsAction, &QAction::triggered, this, &MainWindow::showBackups);
    connect(m_ui->environmentsAction, &QAction::triggered, this, &MainWindow::showEnvironments);
    connect(m_ui->fleetAction, &QAction::triggered, this, &MainWindow::showFleet);
    connect(m_ui->aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    connect(
        m_ui->generateMigrationAction, &QAction::triggered, this, &MainWindow::openGenerateMigrationDialog);
    connect(m_ui->verifyDownsAction, &QAction::triggered, this, &MainWindow::verifyDowns);
    connect(m_ui->preflightAction, &QAction::triggered, this, &MainWindow::showPreflight);
    connect(
        m_ui->filterLineEdit, &QLineEdit::textChanged, m_filter, &MigrationFilterProxyModel::setFilterText);
    connect(m_ui->stateFilterComboBox, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_filter->setStateFilter(static_cast<MigrationFilterProxyModel::StateFilter>(index));
    });
    connect(m_ui->migrationTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &MainWindow::onSelectionChanged);
    connect(m_ui->migrationTable, &QWidget::customContextMenuRequested, this, &MainWindow::showContextMenu);
    // Drift is one click away: double-clicking an edited migration shows what changed since it ran.
    connect(m_ui->migrationTable, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        if (static_cast<MigrationState>(index.data(MigrationTableModel::StateRole).toInt())
            == MigrationState::Edited)
            showDiffWithApplied(index.data(MigrationTableModel::HistoryNameRole).toString(),
                index.data(MigrationTableModel::FilePathRole).toString());
    });
    connect(m_editor, &MigrationEditor::saved, this, [this] { refresh(); });
    connect(m_editor, &MigrationEditor::migrationFileCreated, this, [this](const QString &path) {
        appendLog(tr("Lint fix wrote %1; save the open migration to finish the fix.")
                      .arg(QDir::toNativeSeparators(path)));
        refresh();
    });

    m_profiles->reload();
    restoreSettings();
    updateActions();
    updateStatusBar();
}

void MainWindow::connectLookups()
{
    connect(m_lookups, &LookupWorker::appliedMigrationRead, this,
        [this](quint64 requestId, const AppliedLookup &lookup) {
            const auto pending = m_pendingDiffs.constFind(requestId);
            if (pending == m_pendingDiffs.cend())
                return;
            const PendingDiff asked = *pending;
            m_pendingDiffs.erase(pending);
            MigrationDiffs::withApplied(this, asked.historyName, asked.file, lookup);
        });
    connect(
        m_lookups, &LookupWorker::sandboxStarted, this, [this](quint64 requestId, const SandboxStart &start) {
            if (requestId != m_sandboxRequestId)
                return;
            if (start.error) {
                appendLog(tr("The sandbox did not start: %1").arg(start.error->toString()));
                QMessageBox::warning(this, tr("Sandbox"), start.error->toString());
                Q_EMIT sandboxReady(false);
                return;
            }
            ConnectionProfile profile;
            profile.id = QStringLiteral("sandbox");
            profile.name = tr("Sandbox (local)");
            profile.connection = start.settings;
            profile.connection.password.clear();
            profile.environment = ConnectionProfile::Environment::Development;
            profile.migrationsDirectory = m_sandboxFolder;
            ProfileStore().save(profile);
            m_profiles->reload();
            m_migrationsFolder = QDir(m_sandboxFolder).absolutePath();
            useProfile(profile, QString());
            statusBar()->showMessage(tr("Connected to the sandbox."), 5000);
            Q_EMIT sandboxReady(true);
        });
}

// The run thread ends with m_runs, the schema thread with m_schemaTools (children).
MainWindow::~MainWindow() = default;

std::optional<ConnectionProfile> MainWindow::currentProfile() const
{
    return m_session->profile();
}

QString MainWindow::serverVersion() const
{
    return m_session->serverVersion();
}

bool MainWindow::isRunning() const
{
    return m_runs->isRunning();
}

std::optional<RunReport> MainWindow::lastReport() const
{
    return m_runs->lastReport();
}

bool MainWindow::isBusy() const
{
    return m_runs->isBusy();
}

RunLogPanel *MainWindow::runPanel() const
{
    return m_ui->runPanel;
}

GenerateMigrationDialog *MainWindow::openGenerateMigrationDialog()
{
    GenerateMigrationDialog *dialog = m_schemaTools->openGenerateDialog(m_migrationsFolder);
    connect(dialog, &GenerateMigrationDialog::migrationCreated, this, [this](const QString &path) {
        appendLog(tr("Generated %1").arg(QDir::toNativeSeparators(path)));
        refresh();
        openMigration(path);
    });
    return dialog;
}

void MainWindow::verifyDowns()
{
    m_schemaTools->verifyDowns(m_migrationsFolder);
}

bool MainWindow::isVerifying() const
{
    return m_schemaTools->isVerifying();
}

VerificationReport MainWindow::lastVerification() const
{
    return m_schemaTools->lastVerification();
}

QString MainWindow::resolveMigrationsFolder(const QString &chosenFolder)
{
    return Project::locate(chosenFolder);
}

QString MainWindow::lastMigrationsFolder()
{
    return settings().value(lastFolderKey).toString();
}

bool MainWindow::openMigrationsFolder(const QString &directory, FolderPriority priority)
{
    m_keepFolderOverProfile = priority == FolderPriority::KeepThisFolder;
    const QString folder = QDir(directory).absolutePath();
    if (!QDir(folder).exists()) {
        m_problems = { StrataError::make(StrataError::Kind::Io, tr("the folder does not exist"), folder) };
        m_model->clear();
        updateStatusBar();
        statusBar()->showMessage(tr("%1 does not exist").arg(QDir::toNativeSeparators(folder)), 8000);
        return false;
    }
    m_migrationsFolder = folder;
    setWindowTitle(tr("%1 — Strata").arg(QDir::toNativeSeparators(folder)));
    refresh();
    if (m_model->rowCount() == 0 && m_problems.isEmpty())
        statusBar()->showMessage(tr("%1 holds no migration files (<timestamp>-<Name>.sql): not a migrations "
                                    "project yet; create one with New Migration")
                                     .arg(QDir::toNativeSeparators(folder)),
            12000);
    updateActions();
    return true;
}

void MainWindow::chooseProjectFolder()
{
    const QString chosen
        = QFileDialog::getExistingDirectory(this, tr("Open Project Folder"), m_migrationsFolder);
    if (!chosen.isEmpty())
        openMigrationsFolder(resolveMigrationsFolder(chosen));
}

void MainWindow::selectProfile(const QString &profileId)
{
    m_profiles->select(profileId);
}

void MainWindow::useProfile(const ConnectionProfile &profile, const QString &password)
{
    m_session->use(profile, password);
    m_lintFacts->clear();
    if (!m_keepFolderOverProfile && !profile.migrationsDirectory.isEmpty()
        && QDir(profile.migrationsDirectory).exists() && profile.migrationsDirectory != m_migrationsFolder) {
        m_migrationsFolder = QDir(profile.migrationsDirectory).absolutePath();
        setWindowTitle(tr("%1 — Strata").arg(QDir::toNativeSeparators(m_migrationsFolder)));
    }
    settings().setValue(lastProfileKey, profile.id);
    m_profiles->showInUse(profile);
    updateStatusBar();
    refresh();
}

void MainWindow::editConnection()
{
    m_profiles->edit(m_migrationsFolder);
}

void MainWindow::deleteProfile()
{
    if (!m_profiles->removeCurrent())
        return;
    refresh();
    updateStatusBar();
    updateActions();
}

void MainWindow::refresh()
{
    if (m_migrationsFolder.isEmpty() && !m_session->hasProfile())
        return;
    MigrationWorker *worker = m_runs->worker();
    // Git states come from the working copy, not the database: a scan of their
    // own on the worker, whether or not a database is connected.
    if (!m_migrationsFolder.isEmpty()) {
        const quint64 gitRequestId = ++m_gitRequestId;
        const QString gitFolder = m_migrationsFolder;
        QMetaObject::invokeMethod(
            worker, [worker, gitRequestId, gitFolder] { worker->loadGitStates(gitRequestId, gitFolder); },
            Qt::QueuedConnection);
    }
    if (!m_session->hasProfile()) {
        scanFolderOnly();
        return;
    }
    const quint64 requestId = ++m_requestId;
    QMetaObject::invokeMethod(
        worker,
        [worker, requestId, connection = m_session->connection(), history = m_session->profile()->history,
            folder = m_migrationsFolder] { worker->loadStatus(requestId, connection, history, folder); },
        Qt::QueuedConnection);
}

void MainWindow::scanFolderOnly()
{
    Result<MigrationSource::Scan> scan
        = Project::scanFolder(m_migrationsFolder, MigrationSource::ScanDepth::ForStatus);
    if (!scan) {
        applyStatuses({}, { scan.error() });
        return;
    }
    applyStatuses(MigrationPlanner::statuses(scan->migrations, {}), scan->problems);
}

void MainWindow::applyStatuses(const MigrationStatusList &statuses, const QList<StrataError> &problems)
{
    const QString selected = selectedHistoryName();
    m_model->setStatuses(statuses);
    m_editor->setLintContext(lintContext());
    m_problems = problems;
    const int row = selected.isEmpty() ? -1 : m_model->rowOf(selected);
    if (row >= 0) {
        const QModelIndex index = m_decorator->mapFromSource(m_filter->mapFromSource(m_model->index(row, 0)));
        m_ui->migrationTable->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    updateActions();
    updateStatusBar();
    Q_EMIT statusRefreshed();
}

void MainWindow::onStatusLoaded(quint64 requestId, const MigrationStatusList &statuses,
    const QList<StrataError> &problems, const QString &serverVersion)
{
    if (requestId != m_requestId)
        return;
    m_session->setConnected(serverVersion);
    applyStatuses(statuses, problems);
    if (!m_runPendingOnProfile.isEmpty() && m_session->hasProfile()
        && m_session->profile()->id == m_runPendingOnProfile) {
        // Asked from the Environments window: the window is on that profile now.
        m_runPendingOnProfile.clear();
        QTimer::singleShot(0, this, &MainWindow::runPending);
    }
    QStringList applied;
    for (const MigrationStatus &status : statuses)
        if (status.isApplied())
            applied << status.name;
    m_schemaBrowser->setProject(problems.isEmpty() ? m_migrationsFolder : QString(), applied);
    // A run or a refresh may have changed the schema: read it again while it is shown.
    if (m_schemaDock->isVisible())
        m_schemaBrowser->reload();
    // The applied warning depends on the database: refresh it for the open file.
    onSelectionChanged();
    fetchLintTableSizes();
}

void MainWindow::onStatusFailed(quint64 requestId, const StrataError &error)
{
    if (requestId != m_requestId)
        return;
    m_session->setDisconnected();
    appendLog(tr("Cannot read the database: %1").arg(error.toString()));
    statusBar()->showMessage(error.toString(), 15000);
    if (const ConnectionSettings connection = m_session->connection(); connection.ssh)
        m_hostKeyPrompt->offer(error, *connection.ssh);
    if (!m_migrationsFolder.isEmpty())
        scanFolderOnly();
    updateStatusBar();
    Q_EMIT statusRefreshed();
}

void MainWindow::updateStatusBar()
{
    m_statusBar->update(m_model->count(MigrationState::Pending) + m_model->count(MigrationState::OutOfOrder),
        m_model->rowCount(), m_problems);
}

void MainWindow::updateActions()
{
    // A run waiting for its pre-flight counts as running: one run at a time.
    const bool busy = isBusy();
    const bool connected = m_session->isConnected();
    const bool hasProfile = m_session->hasProfile();
    const bool canRun = connected && !busy && m_problems.isEmpty();
    const int pending = m_model->count(MigrationState::Pending) + m_model->count(MigrationState::OutOfOrder);
    const int applied = m_model->count(MigrationState::Applied) + m_model->count(MigrationState::Edited)
        + m_model->count(MigrationState::Missing);
    m_ui->runPendingAction->setEnabled(canRun && pending > 0);
    m_ui->backupMigrateAction->setEnabled(canRun && pending > 0);
    m_ui->backupsAction->setEnabled(connected && !busy);
    m_ui->runToSelectedAction->setEnabled(canRun && pending > 0 && !selectedHistoryName().isEmpty());
    m_ui->revertLastAction->setEnabled(connected && !busy && applied > 0);
    m_ui->refreshAction->setEnabled(!busy && (!m_migrationsFolder.isEmpty() || hasProfile));
    m_ui->preflightAction->setEnabled(connected && !busy);
    m_ui->newMigrationAction->setEnabled(!m_migrationsFolder.isEmpty());
    m_ui->generateMigrationAction->setEnabled(!m_migrationsFolder.isEmpty());
    m_ui->environmentsAction->setEnabled(!m_migrationsFolder.isEmpty());
    m_ui->fleetAction->setEnabled(!m_migrationsFolder.isEmpty());
    m_ui->verifyDownsAction->setEnabled(!m_migrationsFolder.isEmpty() && !isVerifying());
    m_ui->connectAction->setEnabled(!busy);
    m_ui->deleteProfileAction->setEnabled(
        !busy && hasProfile && ProfileStore().find(m_session->profile()->id).has_value());
    m_profiles->comboBox()->setEnabled(!busy);
    runPanel()->setCancelEnabled(m_runs->isRunning() || isVerifying());
}

bool MainWindow::editorReadyForRun()
{
    return !m_editor->isModified() || m_editor->maybeSave(this);
}

void MainWindow::runPending()
{
    if (editorReadyForRun())
        m_runs->start(RunController::RunKind::Pending, m_migrationsFolder);
}

void MainWindow::runToSelected()
{
    if (editorReadyForRun())
        m_runs->start(RunController::RunKind::UpToSelected, m_migrationsFolder, selectedHistoryName());
}

void MainWindow::revertLast()
{
    if (editorReadyForRun())
        m_runs->start(RunController::RunKind::RevertLast, m_migrationsFolder);
}

void MainWindow::backupThenMigrate()
{
    if (editorReadyForRun())
        m_runs->start(RunController::RunKind::Pending, m_migrationsFolder, {}, true);
}

LintContext MainWindow::lintContext() const
{
    return m_lintFacts->context(m_migrationsFolder, m_model->statuses());
}

void MainWindow::fetchLintTableSizes()
{
    // Which tables do the findings of the open migration touch? Their size
    // decides whether a lock is a nuisance or an outage (large_table_bytes).
    QStringList tables;
    for (const LintFinding &f : m_editor->lintFindings())
        if (!f.table.isEmpty() && !tables.contains(f.table))
            tables << f.table;
    m_lintFacts->fetch(tables);
}

void MainWindow::showPreflight()
{
    m_runs->showPreflight(m_migrationsFolder);
}

void MainWindow::cancelRun()
{
    // The run panel's Cancel serves a run and a verification alike (only one
    // of them shows progress there at a time: a run waits for neither).
    if (m_runs->isRunning())
        m_runs->cancel();
    else
        m_schemaTools->cancelVerification();
}

void MainWindow::showBackups()
{
    m_runs->showBackups();
}

void MainWindow::showEnvironments()
{
    if (m_migrationsFolder.isEmpty())
        return;
    if (!m_environments) {
        m_environments = new EnvironmentsDialog(m_schemaTools->worker(), m_secrets, m_migrationsFolder, this);
        m_environments->setAttribute(Qt::WA_DeleteOnClose);
        connect(
            m_environments, &EnvironmentsDialog::compareRequested, this, &MainWindow::compareEnvironments);
        connect(m_environments, &EnvironmentsDialog::runPendingRequested, this, &MainWindow::runPendingOn);
        connect(m_environments, &EnvironmentsDialog::fleetRequested, this, &MainWindow::showFleet);
    }
    m_environments->show();
    m_environments->raise();
    m_environments->refresh();
}

void MainWindow::showFleet()
{
    if (m_migrationsFolder.isEmpty())
        return;
    if (!m_fleet) {
        // URL and pattern targets keep their history where the profile in use does.
        const HistoryTable history = m_session->hasProfile() ? m_session->profile()->history : HistoryTable();
        m_fleet = new FleetRunDialog(m_secrets, m_migrationsFolder, history, this);
        m_fleet->setAttribute(Qt::WA_DeleteOnClose);
        // A fleet run may have changed the connected database too.
        connect(m_fleet, &FleetRunDialog::runFinished, this, [this] { refresh(); });
    }
    m_fleet->show();
    m_fleet->raise();
}

EnvironmentsDialog *MainWindow::environmentsDialog() const
{
    return m_environments.data();
}

void MainWindow::compareEnvironments(const QString &fromProfileId, const QString &toProfileId)
{
    const ProfileStore store;
    const std::optional<ConnectionProfile> from = store.find(fromProfileId);
    const std::optional<ConnectionProfile> to = store.find(toProfileId);
    if (!from || !to || m_migrationsFolder.isEmpty())
        return;
    GenerateMigrationDialog *dialog = m_schemaTools->openGenerateDialog(m_migrationsFolder);
    dialog->setSource(true, GenerateMigrationDialog::SourceKind::Profile, from->name);
    dialog->setSource(false, GenerateMigrationDialog::SourceKind::Profile, to->name);
    // Both passwords from the keychain (none stored: libpq's ~/.pgpass), then compare.
    auto waiting = std::make_shared<QHash<QString, QString>>(); // keychain key -> profile name
    waiting->insert(from->keychainKey(), from->name);
    waiting->insert(to->keychainKey(), to->name);
    auto answered = [dialog, waiting](const QString &key, const QString &password) {
        if (!waiting->contains(key))
            return;
        dialog->setProfilePassword(waiting->take(key), password);
        if (waiting->isEmpty())
            dialog->compare();
    };
    connect(m_secrets, &SecretStore::passwordRead, dialog, answered);
    connect(m_secrets, &SecretStore::failed, dialog,
        [answered](const QString &key, SecretStore::Operation op, SecretStore::Failure, const QString &) {
            if (op == SecretStore::Operation::Read)
                answered(key, QString());
        });
    m_secrets->readPassword(from->keychainKey());
    if (to->keychainKey() != from->keychainKey())
        m_secrets->readPassword(to->keychainKey());
}

void MainWindow::runPendingOn(const QString &profileId)
{
    if (m_session->hasProfile() && m_session->profile()->id == profileId && m_session->isConnected()) {
        runPending();
        return;
    }
    m_runPendingOnProfile = profileId;
    selectProfile(profileId);
}

bool MainWindow::openMigration(const QString &filePath)
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex source = m_model->index(row, 0);
        if (source.data(MigrationTableModel::FilePathRole).toString() == filePath) {
            const QModelIndex index = m_decorator->mapFromSource(m_filter->mapFromSource(source));
            if (index.isValid())
                m_ui->migrationTable->selectionModel()->setCurrentIndex(
                    index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            break;
        }
    }
    if (m_editor->filePath() != filePath) {
        if (m_editor->isModified() && !m_editor->maybeSave(this))
            return false;
        if (!m_editor->openFile(filePath))
            return false;
    }
    onSelectionChanged();
    return true;
}

QString MainWindow::selectedFilePath() const
{
    const QModelIndex index = m_ui->migrationTable->selectionModel()->currentIndex();
    return index.isValid() ? index.data(MigrationTableModel::FilePathRole).toString() : QString();
}

QString MainWindow::selectedHistoryName() const
{
    const QModelIndex index = m_ui->migrationTable->selectionModel()->currentIndex();
    return index.isValid() ? index.data(MigrationTableModel::HistoryNameRole).toString() : QString();
}

void MainWindow::onSelectionChanged()
{
    const QString path = selectedFilePath();
    if (!path.isEmpty() && path != m_editor->filePath()) {
        if (m_editor->isModified() && !m_editor->maybeSave(this)) {
            updateActions();
            return;
        }
        m_editor->openFile(path);
    }
    const QModelIndex index = m_ui->migrationTable->selectionModel()->currentIndex();
    const bool applied = m_session->isConnected() && index.isValid()
        && index.data(MigrationTableModel::IsAppliedRole).toBool()
        && index.data(MigrationTableModel::FilePathRole).toString() == m_editor->filePath();
    m_editor->setAppliedWarning(applied);
    // A pending migration: the schema browser marks what it will do.
    const bool pending = m_session->isConnected() && index.isValid()
        && !index.data(MigrationTableModel::IsAppliedRole).toBool();
    m_schemaBrowser->previewMigration(
        pending ? index.data(MigrationTableModel::HistoryNameRole).toString() : QString());
    if (!path.isEmpty())
        fetchLintTableSizes();
    updateActions();
}

void MainWindow::showContextMenu(const QPoint &position)
{
    const QModelIndex index = m_ui->migrationTable->indexAt(position);
    if (!index.isValid())
        return;
    const QString name = index.data(MigrationTableModel::HistoryNameRole).toString();
    const QString file = index.data(MigrationTableModel::FilePathRole).toString();
    using Choice = MigrationContextMenu::Choice;
    switch (MigrationContextMenu::exec(this, m_ui->migrationTable->viewport()->mapToGlobal(position), index,
        { m_session->isConnected(), isBusy(), !m_problems.isEmpty() })) {
    case Choice::None:
        break;
    case Choice::RunUpToHere:
        if (editorReadyForRun())
            m_runs->start(RunController::RunKind::UpTo, m_migrationsFolder, name);
        break;
    case Choice::RevertDownToHere:
        if (editorReadyForRun())
            m_runs->start(RunController::RunKind::RevertTo, m_migrationsFolder, name);
        break;
    case Choice::Open:
        openMigration(file);
        break;
    case Choice::Reveal:
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(file).absolutePath()));
        break;
    case Choice::DiffWithApplied:
        showDiffWithApplied(name, file);
        break;
    case Choice::DiffWithHead:
        showDiffWithHead(file);
        break;
    case Choice::CompareWithFile:
        if (const QString other = QFileDialog::getOpenFileName(this, tr("Compare with"),
                QFileInfo(file).absolutePath(), tr("SQL files (*.sql);;All files (*)"));
            !other.isEmpty())
            showDiffOfFiles(file, other);
        break;
    }
}

void MainWindow::showDiffOfFiles(const QString &left, const QString &right)
{
    MigrationDiffs::ofFiles(this, left, right);
}

void MainWindow::showDiffWithHead(const QString &file)
{
    if (!MigrationDiffs::withHead(this, file))
        statusBar()->showMessage(tr("%1 is not in a git repository").arg(file), 8000);
}

void MainWindow::showDiffWithApplied(const QString &historyName, const QString &file)
{
    if (!m_session->hasProfile())
        return;
    const quint64 requestId = LookupWorker::nextRequestId();
    m_pendingDiffs.insert(requestId, { historyName, file });
    QMetaObject::invokeMethod(
        m_lookups,
        [lookups = m_lookups, requestId, connection = m_session->connection(),
            history = m_session->profile()->history,
            historyName] { lookups->readAppliedMigration(requestId, connection, history, historyName); },
        Qt::QueuedConnection);
}

void MainWindow::createMigration()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New Migration"),
        tr("Name in PascalCase (for example AddUserEmail):"), QLineEdit::Normal, QString(), &ok);
    if (!ok || name.isEmpty())
        return;
    Result<Project> project = Project::open(m_migrationsFolder);
    Result<QString> path = project ? project->createMigration(name) : Result<QString>(project.error());
    if (!path) {
        QMessageBox::warning(this, tr("New Migration"), path.error().toString());
        return;
    }
    refresh();
    m_editor->openFile(*path);
}

void MainWindow::startSandbox(const QString &migrationsFolder)
{
    appendLog(tr("Starting the local sandbox PostgreSQL…"));
    statusBar()->showMessage(tr("Starting the local sandbox PostgreSQL…"));
    // Starting a cluster takes seconds (initdb): on the schema thread.
    m_sandboxFolder = migrationsFolder;
    const quint64 requestId = m_sandboxRequestId = LookupWorker::nextRequestId();
    QMetaObject::invokeMethod(
        m_lookups, [lookups = m_lookups, requestId] { lookups->startSandbox(requestId); },
        Qt::QueuedConnection);
}

void MainWindow::appendLog(const QString &line)
{
    runPanel()->appendLog(line);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Strata"),
        tr("<h3>Strata %1</h3><p>PostgreSQL migrations you can see, review and trust.</p>"
           "<p>Built with Qt %2.</p>")
            .arg(strataVersion(), QString::fromLatin1(qVersion())));
}

void MainWindow::restoreSettings()
{
    QSettings s = settings();
    // Widths that fit a 13-digit timestamp and typical names, until the user's own.
    QHeaderView *header = m_ui->migrationTable->horizontalHeader();
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    header->resizeSection(MigrationTableModel::StateColumn, digit * 13);
    header->resizeSection(MigrationTableModel::TimestampColumn, digit * 16);
    header->resizeSection(MigrationTableModel::NameColumn, digit * 30);
    header->resizeSection(MigrationTableModel::AppliedAtColumn, digit * 21);
    header->resizeSection(MigrationTableModel::AppliedByColumn, digit * 16);
    header->resizeSection(MigrationTableModel::DurationColumn, digit * 10);
    restoreGeometry(s.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("mainWindow/state")).toByteArray());
    m_ui->mainSplitter->restoreState(s.value(QStringLiteral("mainWindow/mainSplitter")).toByteArray());
    m_ui->workSplitter->restoreState(s.value(QStringLiteral("mainWindow/workSplitter")).toByteArray());
    m_ui->migrationTable->horizontalHeader()->restoreState(
        s.value(QStringLiteral("mainWindow/tableHeader")).toByteArray());
}

void MainWindow::saveSettings() const
{
    QSettings s = settings();
    s.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    s.setValue(QStringLiteral("mainWindow/state"), saveState());
    s.setValue(QStringLiteral("mainWindow/mainSplitter"), m_ui->mainSplitter->saveState());
    s.setValue(QStringLiteral("mainWindow/workSplitter"), m_ui->workSplitter->saveState());
    s.setValue(
        QStringLiteral("mainWindow/tableHeader"), m_ui->migrationTable->horizontalHeader()->saveState());
    if (!m_migrationsFolder.isEmpty())
        s.setValue(lastFolderKey, m_migrationsFolder);
    if (m_session->hasProfile())
        s.setValue(lastProfileKey, m_session->profile()->id);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_runs->isRunning()) {
        const auto answer = QMessageBox::question(this, tr("A migration is running"),
            tr("Cancel the running migration and quit? The migration in progress is rolled back."),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer == QMessageBox::Yes)
            m_runs->cancelForQuit();
        event->ignore();
        return;
    }
    if (m_editor->isModified() && !m_editor->maybeSave(this)) {
        event->ignore();
        return;
    }
    saveSettings();
    event->accept();
}
