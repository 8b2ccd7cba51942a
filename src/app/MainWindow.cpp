#include "MainWindow.h"
#include "ui_MainWindow.h"

#include "ConnectionDialog.h"
#include "DiffDialog.h"
#include "EnvironmentBadge.h"
#include "GenerateMigrationDialog.h"
#include "MigrationEditor.h"
#include "MigrationStateDecorator.h"
#include "RunController.h"
#include "RunLogPanel.h"
#include "Session.h"
#include "common/Logging.h"
#include "common/Version.h"
#include "git/GitRepository.h"
#include "lint/LintConfig.h"
#include "lint/TableSizes.h"
#include "migration/MigrationFileParser.h"
#include "migration/MigrationSource.h"
#include "models/MigrationFilterProxyModel.h"
#include "models/MigrationTableModel.h"
#include "planner/MigrationPlanner.h"
#include "project/Project.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/ProfileRemover.h"
#include "service/LookupWorker.h"
#include "service/MigrationWorker.h"
#include "service/SchemaWorker.h"
#include "settings/ProfileStore.h"
#include "typeorm/TypeOrmImporter.h"
#include "typeorm/TypeOrmMigrationReader.h"
#include "typeorm/TypeOrmMigrationSource.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QStatusBar>
#include <QThread>
#include <QToolButton>
#include <QUrl>

#include <utility>

namespace {

bool isTypeOrmFolder(const QString &folder)
{
    const Result<Project> project = Project::open(folder);
    return project && project->isTypeOrm();
}

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

    m_profileComboBox = new QComboBox(this);
    m_profileComboBox->setObjectName(QStringLiteral("profileComboBox"));
    m_profileComboBox->setMinimumContentsLength(18);
    m_profileComboBox->setToolTip(tr("Connection profile"));
    m_ui->mainToolBar->insertWidget(m_ui->refreshAction, m_profileComboBox);

    m_environmentBadge = new QLabel(this);
    m_environmentBadge->setObjectName(QStringLiteral("environmentBadgeLabel"));
    m_connectionLabel = new QLabel(tr("Not connected"), this);
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    m_serverVersionLabel = new QLabel(this);
    m_serverVersionLabel->setObjectName(QStringLiteral("serverVersionLabel"));
    m_pendingLabel = new QLabel(this);
    m_pendingLabel->setObjectName(QStringLiteral("pendingLabel"));
    m_problemsButton = new QToolButton(this);
    m_problemsButton->setObjectName(QStringLiteral("problemsButton"));
    m_problemsButton->setIcon(QIcon(QStringLiteral(":/icons/warning.svg")));
    m_problemsButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_problemsButton->setAutoRaise(true);
    m_problemsButton->hide();
    statusBar()->addWidget(m_environmentBadge);
    statusBar()->addWidget(m_connectionLabel);
    statusBar()->addWidget(m_serverVersionLabel);
    statusBar()->addPermanentWidget(m_problemsButton);
    statusBar()->addPermanentWidget(m_pendingLabel);
    m_environmentBadge->hide();

    m_session = new Session(this);
    m_runs = new RunController(m_session, runPanel(), this);
    m_secrets = new KeychainSecretStore(this);
    // Shadow verification and schema comparisons take a while: a thread of
    // their own (with the small lookups), so status loads and runs go on.
    m_schemaThread = new QThread(this);
    m_schemaThread->setObjectName(QStringLiteral("strata-schema"));
    m_schemaWorker = new SchemaWorker;
    m_schemaWorker->moveToThread(m_schemaThread);
    connect(m_schemaThread, &QThread::finished, m_schemaWorker, &QObject::deleteLater);
    m_lookups = new LookupWorker;
    m_lookups->moveToThread(m_schemaThread);
    connect(m_schemaThread, &QThread::finished, m_lookups, &QObject::deleteLater);
    m_schemaThread->start();
    connectSchemaWorker();
    connectLookups();

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
    connect(m_profileComboBox, &QComboBox::activated, this, [this](int index) {
        const QString id = m_profileComboBox->itemData(index).toString();
        if (id.isEmpty())
            editConnection();
        else
            selectProfile(id);
    });
    connect(m_problemsButton, &QToolButton::clicked, this, [this] {
        QStringList lines;
        for (const StrataError &e : m_problems)
            lines << e.toString();
        QMessageBox::warning(
            this, tr("Problems in the migrations folder"), lines.join(QLatin1String("\n\n")));
    });
    connect(m_editor, &MigrationEditor::saved, this, [this] { refresh(); });
    connect(m_editor, &MigrationEditor::migrationFileCreated, this, [this](const QString &path) {
        appendLog(tr("Lint fix wrote %1; save the open migration to finish the fix.")
                      .arg(QDir::toNativeSeparators(path)));
        refresh();
    });

    connect(m_secrets, &SecretStore::passwordRead, this, [this](const QString &key, const QString &password) {
        if (m_session->hasProfile() && key == m_session->profile()->keychainKey())
            useProfile(*m_session->profile(), password);
    });
    connect(m_secrets, &SecretStore::failed, this,
        [this](const QString &key, SecretStore::Operation op, SecretStore::Failure failure,
            const QString &message) {
            const std::optional<ConnectionProfile> &profile = m_session->profile();
            if (!profile || key != profile->keychainKey() || op != SecretStore::Operation::Read)
                return;
            if (failure == SecretStore::Failure::NotFound) {
                useProfile(*profile, QString()); // libpq may still find one (PGPASSWORD, ~/.pgpass)
                return;
            }
            bool ok = false;
            const QString password = QInputDialog::getText(this, tr("Password for this session"),
                message + QLatin1String("\n\n") + tr("Password for %1:").arg(profile->connection.describe()),
                QLineEdit::Password, QString(), &ok);
            useProfile(*profile, ok ? password : QString());
        });

    reloadProfiles();
    restoreSettings();
    updateActions();
    updateStatusBar();
}

void MainWindow::connectSchemaWorker()
{
    connect(
        m_schemaWorker, &SchemaWorker::progressed, this, [this](quint64 requestId, const QString &message) {
            if (requestId == m_verifyRequestId)
                appendLog(message);
        });
    connect(m_schemaWorker, &SchemaWorker::migrationVerified, this,
        [this](quint64 requestId, int, int, const MigrationVerdict &v) {
            if (requestId != m_verifyRequestId)
                return;
            appendLog(tr("verify %1: %2").arg(v.name, MigrationVerdict::outcomeText(v.outcome)));
            for (const QString &d : v.differences)
                appendLog(QStringLiteral("    ") + d);
            if (v.hasError())
                appendLog(QStringLiteral("    ") + v.error.toString());
        });
    connect(m_schemaWorker, &SchemaWorker::verificationFinished, this,
        [this](quint64 requestId, const VerificationReport &report) {
            if (requestId != m_verifyRequestId)
                return;
            m_verifying = false;
            m_lastVerification = report;
            QString summary;
            if (report.failed)
                summary = tr("Verification could not finish: %1").arg(report.error.toString());
            else
                summary = tr("%1 migration(s) verified: %2 ok, %3 failed.")
                              .arg(report.verdicts.size())
                              .arg(report.verdicts.size() - report.failureCount())
                              .arg(report.failureCount());
            appendLog(summary);
            statusBar()->showMessage(summary);
            updateActions();
            // Non-modal: the details stay readable in the run panel behind it.
            auto *box = new QMessageBox(report.ok() ? QMessageBox::Information : QMessageBox::Warning,
                tr("Verify Downs"), summary, QMessageBox::Close, this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->show();
            Q_EMIT downsVerified(report.ok());
        });
}

void MainWindow::connectLookups()
{
    connect(
        m_lookups, &LookupWorker::lintFactsRead, this, [this](quint64 requestId, const LintLookup &lookup) {
            // Stamped with the status read it followed: another connection's sizes are not these.
            if (lookup.error || requestId != m_requestId)
                return;
            for (auto it = lookup.sizes.cbegin(); it != lookup.sizes.cend(); ++it)
                m_tableSizes.insert(it.key(), it.value());
            if (lookup.facts)
                m_lintFacts = lookup.facts;
            m_editor->setLintContext(lintContext());
            Q_EMIT lintTableSizesFetched();
        });
    connect(m_lookups, &LookupWorker::appliedMigrationRead, this,
        [this](quint64 requestId, const AppliedLookup &lookup) {
            const auto pending = m_pendingDiffs.constFind(requestId);
            if (pending == m_pendingDiffs.cend())
                return;
            const PendingDiff asked = *pending;
            m_pendingDiffs.erase(pending);
            showAppliedDiff(asked.historyName, asked.file, lookup);
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
            reloadProfiles();
            m_migrationsFolder = QDir(m_sandboxFolder).absolutePath();
            useProfile(profile, QString());
            statusBar()->showMessage(tr("Connected to the sandbox."), 5000);
            Q_EMIT sandboxReady(true);
        });
}

MainWindow::~MainWindow()
{
    // The run thread ends with m_runs (a child); the schema thread here.
    m_schemaWorker->cancel();
    m_schemaThread->quit();
    m_schemaThread->wait();
}

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
    const ConnectionSettings connection = m_session->connection();
    const std::optional<ConnectionProfile> &profile = m_session->profile();
    auto *dialog = new GenerateMigrationDialog(m_schemaWorker, m_migrationsFolder,
        profile ? profile->history : HistoryTable {}, m_session->isConnected() ? &connection : nullptr, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &GenerateMigrationDialog::migrationCreated, this, [this](const QString &path) {
        appendLog(tr("Generated %1").arg(QDir::toNativeSeparators(path)));
        refresh();
        openMigration(path);
    });
    dialog->show();
    return dialog;
}

void MainWindow::verifyDowns()
{
    if (m_verifying || m_migrationsFolder.isEmpty())
        return;
    // The shadow goes to the connected server when this role may create
    // databases there, else to a local sandbox cluster (SchemaWorker decides).
    const bool useServer = m_session->isConnected();
    const ConnectionSettings server = m_session->connection();
    m_verifying = true;
    updateActions();
    appendLog(tr("Verifying every migration's down in a shadow database…"));
    const quint64 id = m_verifyRequestId = SchemaWorker::nextRequestId();
    QMetaObject::invokeMethod(m_schemaWorker,
        [worker = m_schemaWorker, id, folder = m_migrationsFolder,
            history = m_session->hasProfile() ? m_session->profile()->history : HistoryTable {}, server,
            useServer] { worker->verifyDowns(id, folder, history, server, useServer); });
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

void MainWindow::reloadProfiles()
{
    const QString current = m_session->hasProfile() ? m_session->profile()->id : QString();
    m_profileComboBox->clear();
    m_profileComboBox->addItem(tr("No connection"), QString());
    for (const ConnectionProfile &p : ProfileStore().profiles())
        m_profileComboBox->addItem(p.name, p.id);
    m_profileComboBox->insertSeparator(m_profileComboBox->count());
    m_profileComboBox->addItem(tr("New connection…"), QString());
    const int index = current.isEmpty() ? 0 : m_profileComboBox->findData(current);
    m_profileComboBox->setCurrentIndex(index < 0 ? 0 : index);
}

void MainWindow::selectProfile(const QString &profileId)
{
    const std::optional<ConnectionProfile> profile = ProfileStore().find(profileId);
    if (!profile)
        return;
    // Not connected until the keychain answers (passwordRead or failed, see the constructor).
    m_session->use(*profile, QString());
    const int index = m_profileComboBox->findData(profile->id);
    if (index >= 0)
        m_profileComboBox->setCurrentIndex(index);
    m_connectionLabel->setText(tr("Connecting to %1…").arg(profile->connection.describe()));
    m_secrets->readPassword(profile->keychainKey());
}

void MainWindow::useProfile(const ConnectionProfile &profile, const QString &password)
{
    m_session->use(profile, password);
    m_tableSizes.clear();
    m_lintFacts.reset();
    if (!m_keepFolderOverProfile && !profile.migrationsDirectory.isEmpty()
        && QDir(profile.migrationsDirectory).exists() && profile.migrationsDirectory != m_migrationsFolder) {
        m_migrationsFolder = QDir(profile.migrationsDirectory).absolutePath();
        setWindowTitle(tr("%1 — Strata").arg(QDir::toNativeSeparators(m_migrationsFolder)));
    }
    settings().setValue(lastProfileKey, profile.id);
    int index = m_profileComboBox->findData(profile.id);
    if (index < 0) {
        // Not saved (yet): shown for this session.
        m_profileComboBox->insertItem(
            1, profile.name.isEmpty() ? profile.connection.describe() : profile.name, profile.id);
        index = 1;
    }
    m_profileComboBox->setCurrentIndex(index);
    updateStatusBar();
    refresh();
}

void MainWindow::editConnection()
{
    ConnectionDialog dialog(*m_secrets, this);
    const std::optional<ConnectionProfile> &profile = m_session->profile();
    if (profile && !profile->id.isEmpty() && ProfileStore().find(profile->id))
        dialog.setProfile(*profile);
    else if (!m_migrationsFolder.isEmpty() && isTypeOrmFolder(m_migrationsFolder))
        dialog.importTypeOrmProject(m_migrationsFolder); // a new profile starts from the data source
    if (dialog.exec() != QDialog::Accepted) {
        reloadProfiles();
        return;
    }
    reloadProfiles();
    useProfile(dialog.profile(), dialog.password().isEmpty() ? dialog.sessionPassword() : dialog.password());
}

void MainWindow::deleteProfile()
{
    const std::optional<ConnectionProfile> &profile = m_session->profile();
    if (!profile || !ProfileStore().find(profile->id))
        return;
    const auto answer = QMessageBox::question(this, tr("Delete Connection Profile"),
        tr("Forget the profile %1 (%2) and its password in the system keychain?")
            .arg(profile->name, profile->connection.describe()),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    ProfileStore profiles;
    if (Status s = ProfileRemover::remove(profiles, *m_secrets, profile->id); !s) {
        QMessageBox::warning(this, tr("Delete Connection Profile"), s.error().toString());
        return;
    }
    m_session->clear();
    reloadProfiles();
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
    Result<MigrationSource::Scan> scan = Project::scanFolder(m_migrationsFolder);
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
    if (!m_migrationsFolder.isEmpty())
        scanFolderOnly();
    updateStatusBar();
    Q_EMIT statusRefreshed();
}

void MainWindow::updateStatusBar()
{
    const std::optional<ConnectionProfile> &profile = m_session->profile();
    const bool connected = m_session->isConnected();
    if (profile) {
        m_environmentBadge->setText(EnvironmentBadge::label(profile->environment));
        m_environmentBadge->setStyleSheet(EnvironmentBadge::styleSheet(profile->environment));
        m_environmentBadge->show();
        m_connectionLabel->setText(connected ? profile->connection.describe()
                                             : tr("%1 (not connected)").arg(profile->connection.describe()));
    } else {
        m_environmentBadge->hide();
        m_connectionLabel->setText(tr("Not connected"));
    }
    const QString version = m_session->serverVersion();
    m_serverVersionLabel->setText(version.isEmpty() ? QString() : tr("PostgreSQL %1").arg(version));
    const int pending = m_model->count(MigrationState::Pending) + m_model->count(MigrationState::OutOfOrder);
    m_pendingLabel->setText(
        connected ? tr("%1 pending").arg(pending) : tr("%1 migrations").arg(m_model->rowCount()));
    if (m_problems.isEmpty()) {
        m_problemsButton->hide();
    } else {
        m_problemsButton->setText(
            m_problems.size() == 1 ? tr("1 problem") : tr("%1 problems").arg(m_problems.size()));
        QStringList tips;
        for (const StrataError &e : m_problems)
            tips << QStringLiteral("<b>%1</b>: %2")
                        .arg(QFileInfo(e.file).fileName().toHtmlEscaped(), e.message.toHtmlEscaped());
        m_problemsButton->setToolTip(tips.join(QLatin1String("<br>")));
        m_problemsButton->show();
    }
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
    m_ui->verifyDownsAction->setEnabled(!m_migrationsFolder.isEmpty() && !m_verifying);
    m_ui->connectAction->setEnabled(!busy);
    m_ui->deleteProfileAction->setEnabled(
        !busy && hasProfile && ProfileStore().find(m_session->profile()->id).has_value());
    m_profileComboBox->setEnabled(!busy);
    runPanel()->setCancelEnabled(m_runs->isRunning() || m_verifying);
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
    LintContext context;
    const LintConfig config = LintConfig::load(m_migrationsFolder);
    if (m_lintFacts) {
        context.serverVersion = m_lintFacts->serverVersion;
        context.functionIsVolatile = m_lintFacts->functionIsVolatile;
        context.provenNotNull = m_lintFacts->provenNotNull;
        context.pendingNotNullChecks = m_lintFacts->pendingNotNullChecks;
    }
    config.applyTo(context); // a pinned pg_version wins over the server's
    context.tableSizes = m_tableSizes;
    for (const MigrationStatus &s : m_model->statuses()) {
        if (!s.applied)
            continue;
        context.appliedNames.insert(s.name);
        context.newestAppliedTimestamp = std::max(context.newestAppliedTimestamp, s.applied->timestamp);
    }
    return context;
}

void MainWindow::fetchLintTableSizes()
{
    // Which tables do the findings of the open migration touch? Their size
    // decides whether a lock is a nuisance or an outage (large_table_bytes).
    QStringList tables;
    for (const LintFinding &f : m_editor->lintFindings())
        if (!f.table.isEmpty() && !tables.contains(f.table))
            tables << f.table;
    if (tables.isEmpty() || !m_session->isConnected())
        return;
    // Stamped with the status read it follows; once per connection the
    // catalog's facts for lint come with the sizes.
    QMetaObject::invokeMethod(
        m_lookups,
        [lookups = m_lookups, requestId = m_requestId, connection = m_session->connection(), tables,
            withFacts = !m_lintFacts] { lookups->readLintFacts(requestId, connection, tables, withFacts); },
        Qt::QueuedConnection);
}

void MainWindow::showPreflight()
{
    m_runs->showPreflight(m_migrationsFolder);
}

void MainWindow::cancelRun()
{
    // The run panel's Cancel serves a run and a verification alike (only one
    // of them shows progress there at a time: a run waits for neither).
    if (m_runs->isRunning()) {
        m_runs->cancel();
    } else if (m_verifying) {
        appendLog(tr("Cancelling the verification: the shadow database is dropped once it stops…"));
        runPanel()->setCancelEnabled(false);
        m_schemaWorker->cancel();
    }
}

void MainWindow::showBackups()
{
    m_runs->showBackups();
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
    const bool applied = index.data(MigrationTableModel::IsAppliedRole).toBool();
    QMenu menu(this);
    QAction *runTo = menu.addAction(QIcon(QStringLiteral(":/icons/run.svg")), tr("Run Up to Here"));
    const bool connected = m_session->isConnected();
    runTo->setEnabled(connected && !isBusy() && !applied && m_problems.isEmpty());
    QAction *revert = menu.addAction(QIcon(QStringLiteral(":/icons/revert.svg")), tr("Revert Down to Here"));
    revert->setEnabled(connected && !isBusy() && applied);
    menu.addSeparator();
    QAction *open = menu.addAction(tr("Open in Editor"));
    open->setEnabled(!file.isEmpty());
    QAction *reveal = menu.addAction(tr("Reveal File"));
    reveal->setEnabled(!file.isEmpty());
    menu.addSeparator();
    QAction *diffApplied = menu.addAction(tr("Diff with What Was Applied"));
    diffApplied->setEnabled(connected && applied && !file.isEmpty());
    QAction *diffHead = menu.addAction(tr("Diff with Git HEAD"));
    diffHead->setEnabled(
        !file.isEmpty() && !index.data(MigrationTableModel::GitStateRole).toString().isEmpty());
    QAction *diffOther = menu.addAction(tr("Compare with Another File…"));
    diffOther->setEnabled(!file.isEmpty());
    QAction *chosen = menu.exec(m_ui->migrationTable->viewport()->mapToGlobal(position));
    if (chosen == runTo) {
        if (editorReadyForRun())
            m_runs->start(RunController::RunKind::UpTo, m_migrationsFolder, name);
    } else if (chosen == revert) {
        if (editorReadyForRun())
            m_runs->start(RunController::RunKind::RevertTo, m_migrationsFolder, name);
    } else if (chosen == open)
        openMigration(file);
    else if (chosen == reveal)
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(file).absolutePath()));
    else if (chosen == diffApplied)
        showDiffWithApplied(name, file);
    else if (chosen == diffHead)
        showDiffWithHead(file);
    else if (chosen == diffOther) {
        const QString other = QFileDialog::getOpenFileName(
            this, tr("Compare with"), QFileInfo(file).absolutePath(), tr("SQL files (*.sql);;All files (*)"));
        if (!other.isEmpty())
            showDiffOfFiles(file, other);
    }
}

namespace {
QString readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// A migration file as the runner reads it: a .sql file by its sections, a
// TypeORM .ts / .js file by the statements Strata composes from it.
Result<Migration> migrationOfFile(const QString &file)
{
    if (file.endsWith(QLatin1String(".ts")) || file.endsWith(QLatin1String(".js"))) {
        Result<TypeOrmMigrationFile> read = TypeOrmMigrationReader::read(
            file, TypeOrmImporter::detectVersion(QFileInfo(file).absolutePath()).version);
        if (!read)
            return read.error();
        return TypeOrmMigrationSource::toMigration(*read);
    }
    return MigrationFileParser::parse(file, readText(file).toUtf8());
}
} // namespace

void MainWindow::showDiffOfFiles(const QString &left, const QString &right)
{
    DiffDialog::show(
        this, QFileInfo(left).fileName(), readText(left), QFileInfo(right).fileName(), readText(right));
}

void MainWindow::showDiffWithHead(const QString &file)
{
    const std::optional<GitRepository> repository = GitRepository::open(QFileInfo(file).absolutePath());
    if (!repository) {
        statusBar()->showMessage(tr("%1 is not in a git repository").arg(file), 8000);
        return;
    }
    Result<std::optional<QByteArray>> head = repository->headContent(file);
    if (!head) {
        QMessageBox::warning(this, tr("Diff with Git HEAD"), head.error().toString());
        return;
    }
    const QString headText = head->has_value() ? QString::fromUtf8(**head) : QString();
    DiffDialog::show(this,
        tr("%1 (git HEAD%2)")
            .arg(QFileInfo(file).fileName(), head->has_value() ? QString() : tr(": not committed")),
        headText, tr("%1 (working copy)").arg(QFileInfo(file).fileName()), readText(file));
}

void MainWindow::showDiffWithApplied(const QString &historyName, const QString &file)
{
    if (!m_session->hasProfile())
        return;
    const quint64 requestId = ++m_lookupRequestId;
    m_pendingDiffs.insert(requestId, { historyName, file });
    QMetaObject::invokeMethod(
        m_lookups,
        [lookups = m_lookups, requestId, connection = m_session->connection(),
            history = m_session->profile()->history,
            historyName] { lookups->readAppliedMigration(requestId, connection, history, historyName); },
        Qt::QueuedConnection);
}

void MainWindow::showAppliedDiff(const QString &historyName, const QString &file, const AppliedLookup &lookup)
{
    if (lookup.error) {
        QMessageBox::warning(this, tr("Diff with What Was Applied"), lookup.error->toString());
        return;
    }
    if (!lookup.applied || !lookup.applied->hasDetails) {
        QMessageBox::information(this, tr("Diff with What Was Applied"),
            tr("%1 was applied without a record of its SQL (by TypeORM or another "
               "tool), so there is nothing to compare with.")
                .arg(historyName));
        return;
    }
    // The file as it would read had its sections been left as applied.
    const AppliedMigration &a = *lookup.applied;
    Result<Migration> current = migrationOfFile(file);
    const QString appliedText = QStringLiteral("-- migrate:up\n") + QString::fromUtf8(a.upSql)
        + QStringLiteral("-- migrate:down\n") + QString::fromUtf8(a.downSql);
    const QString currentText = current
        ? QStringLiteral("-- migrate:up\n") + QString::fromUtf8(current->up.sql)
            + QStringLiteral("-- migrate:down\n") + QString::fromUtf8(current->down.sql)
        : readText(file);
    DiffDialog::show(this, tr("%1 (as applied)").arg(historyName), appliedText,
        tr("%1 (file now)").arg(QFileInfo(file).fileName()), currentText);
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
    const quint64 requestId = m_sandboxRequestId = ++m_lookupRequestId;
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
