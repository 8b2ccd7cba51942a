#include "MainWindow.h"
#include "ui_MainWindow.h"

#include "BackupsDialog.h"
#include "ConnectionDialog.h"
#include "DiffDialog.h"
#include "EnvironmentBadge.h"
#include "GenerateMigrationDialog.h"
#include "MigrationEditor.h"
#include "MigrationStateDecorator.h"
#include "PreflightDialog.h"
#include "backup/BackupCatalog.h"
#include "common/Logging.h"
#include "common/Version.h"
#include "db/PgConnection.h"
#include "git/GitRepository.h"
#include "history/HistoryStore.h"
#include "lint/LintConfig.h"
#include "lint/LintDatabaseFacts.h"
#include "lint/TableSizes.h"
#include "migration/MigrationFileParser.h"
#include "migration/MigrationSource.h"
#include "models/MigrationFilterProxyModel.h"
#include "models/MigrationTableModel.h"
#include "planner/MigrationPlanner.h"
#include "project/Project.h"
#include "sandbox/SandboxCluster.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/ProfileRemover.h"
#include "service/MigrationWorker.h"
#include "service/SchemaWorker.h"
#include "settings/EnvironmentPolicy.h"
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
#include <QFutureWatcher>
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
#include <QtConcurrent/QtConcurrentRun>

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
    MigrationWorker::registerMetaTypes();

    m_model = new MigrationTableModel(this);
    m_filter = new MigrationFilterProxyModel(this);
    m_filter->setSourceModel(m_model);
    m_decorator = new MigrationStateDecorator(this);
    m_decorator->setSourceModel(m_filter);
    m_ui->migrationTable->setModel(m_decorator);
    m_ui->migrationTable->sortByColumn(MigrationTableModel::TimestampColumn, Qt::AscendingOrder);
    m_ui->migrationTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_ui->migrationTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);

    // No counts to show until the first run starts.
    m_ui->migrationProgressBar->setTextVisible(false);
    m_ui->statementProgressBar->setTextVisible(false);
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

    // The worker and its database connections live on their own thread.
    m_workerThread = new QThread(this);
    m_workerThread->setObjectName(QStringLiteral("strata-worker"));
    m_worker = new MigrationWorker;
    m_worker->moveToThread(m_workerThread);
    connect(m_workerThread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_workerThread->start();
    m_secrets = new KeychainSecretStore(this);
    // Shadow verification takes a while: its own thread, so status loads go on.
    m_schemaThread = new QThread(this);
    m_schemaThread->setObjectName(QStringLiteral("strata-schema"));
    m_schemaWorker = new SchemaWorker;
    m_schemaWorker->moveToThread(m_schemaThread);
    connect(m_schemaThread, &QThread::finished, m_schemaWorker, &QObject::deleteLater);
    m_schemaThread->start();
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

    connect(m_worker, &MigrationWorker::statusLoaded, this, &MainWindow::onStatusLoaded);
    connect(m_worker, &MigrationWorker::statusFailed, this, &MainWindow::onStatusFailed);
    connect(m_worker, &MigrationWorker::runFinished, this, &MainWindow::onRunFinished);
    connect(m_worker, &MigrationWorker::gitStatesLoaded, this,
        [this](quint64 requestId, const QHash<QString, QString> &states,
            const QSet<QString> &committedAndChanged) {
            if (requestId != m_gitRequestId)
                return;
            m_model->setGitStates(states, committedAndChanged);
            Q_EMIT gitStatesRefreshed();
        });
    connect(m_worker, &MigrationWorker::lockWaiting, this, [this](quint64 runId, const QString &holder) {
        if (runId == m_runId)
            appendLog(tr("Waiting for the migration lock held by %1").arg(holder));
    });
    connect(m_worker, &MigrationWorker::migrationStarted, this,
        [this](quint64 runId, int index, int count, const QString &name, bool up) {
            if (runId != m_runId)
                return;
            m_ui->migrationProgressBar->setRange(0, count);
            m_ui->migrationProgressBar->setValue(index);
            m_ui->runStateLabel->setText(up ? tr("Applying %1").arg(name) : tr("Reverting %1").arg(name));
            appendLog((up ? tr("up   %1") : tr("down %1")).arg(name));
        });
    connect(m_worker, &MigrationWorker::statementStarted, this,
        [this](quint64 runId, int, int statement, int count, const QString &summary, int line) {
            if (runId != m_runId)
                return;
            m_ui->statementProgressBar->setRange(0, count);
            m_ui->statementProgressBar->setValue(statement);
            appendLog(tr("    line %1: %2").arg(line).arg(summary));
        });
    connect(m_worker, &MigrationWorker::statementFinished, this,
        [this](quint64 runId, int, int statement, qint64 ms) {
            if (runId != m_runId)
                return;
            m_ui->statementProgressBar->setValue(statement + 1);
            if (ms >= 100)
                appendLog(tr("    … %1 ms").arg(ms));
        });
    connect(m_worker, &MigrationWorker::migrationFinished, this,
        [this](quint64 runId, int index, const QString &name, qint64 ms) {
            if (runId != m_runId)
                return;
            m_ui->migrationProgressBar->setValue(index + 1);
            appendLog(tr("     %1 done in %2").arg(name, MigrationTableModel::formatDuration(ms)));
        });
    connect(m_worker, &MigrationWorker::noticeReceived, this,
        [this](quint64 runId, const QString &severity, const QString &message) {
            if (runId == m_runId)
                appendLog(QStringLiteral("    %1: %2").arg(severity, message));
        });
    // The lock-wait watch: who blocks the running statement, once per change,
    // in the run panel; its Cancel button stops the waiting statement.
    connect(m_worker, &MigrationWorker::lockWaitChanged, this, [this](quint64 runId, const LockWait &wait) {
        if (runId != m_runId)
            return;
        if (wait.isEmpty()) {
            appendLog(tr("    no longer blocked"));
            return;
        }
        m_ui->runStateLabel->setText(tr("Blocked by %n session(s), waiting for %1 (Cancel stops the run)",
            nullptr, int(wait.blockers.size()))
                                         .arg(wait.waitingFor));
        appendLog(tr("    waiting %1 for %2; blocked by:")
                      .arg(BackendSession::formatAge(double(wait.waitedMs) / 1000.0), wait.waitingFor));
        for (const BackendSession &s : wait.blockers)
            appendLog(QStringLiteral("      ") + s.describe());
    });
    connect(m_worker, &MigrationWorker::lockTimedOut, this,
        [this](quint64 runId, int, int attempt, int retries, qint64 retryInMs, const QString &message) {
            if (runId == m_runId)
                appendLog(tr("    lock timeout (%1); retry %2 of %3 in %4 s")
                              .arg(message)
                              .arg(attempt)
                              .arg(retries)
                              .arg(double(retryInMs) / 1000.0, 0, 'f', 1));
        });

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
    connect(m_worker, &MigrationWorker::backupStarted, this,
        [this](quint64 runId, const QString &path, int total) {
            if (runId != m_runId)
                return;
            m_ui->migrationProgressBar->setRange(0, std::max(total, 1));
            m_ui->migrationProgressBar->setValue(0);
            appendLog(tr("Backup: pg_dump of %n table(s) into %1", nullptr, total)
                          .arg(QDir::toNativeSeparators(path)));
        });
    connect(m_worker, &MigrationWorker::backupTableDumped, this,
        [this](quint64 runId, const QString &table, int done, int total) {
            if (runId != m_runId)
                return;
            m_ui->migrationProgressBar->setRange(0, std::max(total, 1));
            m_ui->migrationProgressBar->setValue(done);
            appendLog(tr("    dumped %1 (%2/%3)").arg(table).arg(done).arg(total));
        });
    connect(
        m_worker, &MigrationWorker::backupFinished, this, [this](quint64 runId, const BackupResult &result) {
            if (runId != m_runId)
                return;
            m_runBackup = result;
            appendLog(
                tr("Backup verified: %1, %2 in %3")
                    .arg(QDir::toNativeSeparators(result.path), QLocale().formattedDataSize(result.sizeBytes),
                        MigrationTableModel::formatDuration(result.elapsedMs)));
        });
    connect(m_worker, &MigrationWorker::restoreTableRestored, this,
        [this](quint64 runId, const QString &table, int done, int total) {
            if (runId != m_restoreId)
                return;
            m_ui->migrationProgressBar->setRange(0, std::max(total, 1));
            m_ui->migrationProgressBar->setValue(done);
            appendLog(tr("    restored %1 (%2/%3)").arg(table).arg(done).arg(total));
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
                appendLog(text);
                m_ui->runStateLabel->setText(text);
                QMessageBox::information(this, tr("Restore finished"), text);
            } else {
                appendLog(tr("Restore FAILED: %1").arg(error.toString()));
                m_ui->runStateLabel->setText(tr("Restore failed: %1").arg(error.message));
                QMessageBox::critical(this, tr("Restore failed"), error.toString());
            }
            Q_EMIT restoreCompleted(ok);
            refresh();
        });
    connect(m_ui->aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    connect(
        m_ui->generateMigrationAction, &QAction::triggered, this, &MainWindow::openGenerateMigrationDialog);
    connect(m_ui->verifyDownsAction, &QAction::triggered, this, &MainWindow::verifyDowns);
    connect(m_ui->preflightAction, &QAction::triggered, this, &MainWindow::showPreflight);
    connect(m_worker, &MigrationWorker::preflightFinished, this, &MainWindow::onPreflightFinished);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &MainWindow::cancelRun);
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
        if (m_profile && key == m_profile->keychainKey())
            useProfile(*m_profile, password);
    });
    connect(m_secrets, &SecretStore::failed, this,
        [this](const QString &key, SecretStore::Operation op, SecretStore::Failure failure,
            const QString &message) {
            if (!m_profile || key != m_profile->keychainKey() || op != SecretStore::Operation::Read)
                return;
            if (failure == SecretStore::Failure::NotFound) {
                useProfile(*m_profile, QString()); // libpq may still find one (PGPASSWORD, ~/.pgpass)
                return;
            }
            bool ok = false;
            const QString password = QInputDialog::getText(this, tr("Password for this session"),
                message + QLatin1String("\n\n")
                    + tr("Password for %1:").arg(m_profile->connection.describe()),
                QLineEdit::Password, QString(), &ok);
            useProfile(*m_profile, ok ? password : QString());
        });

    reloadProfiles();
    restoreSettings();
    updateActions();
    updateStatusBar();
}

MainWindow::~MainWindow()
{
    m_worker->cancel();
    m_workerThread->quit();
    m_schemaWorker->cancel();
    m_schemaThread->quit();
    m_workerThread->wait();
    m_schemaThread->wait();
}

GenerateMigrationDialog *MainWindow::openGenerateMigrationDialog()
{
    ConnectionSettings connection;
    if (m_connected && m_profile) {
        connection = m_profile->connection;
        connection.password = m_password;
    }
    auto *dialog
        = new GenerateMigrationDialog(m_migrationsFolder, m_profile ? m_profile->history : HistoryTable {},
            m_connected && m_profile ? &connection : nullptr, this);
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
    ConnectionSettings server;
    const bool useServer = m_connected && m_profile;
    if (useServer) {
        server = m_profile->connection;
        server.password = m_password;
    }
    m_verifying = true;
    updateActions();
    appendLog(tr("Verifying every migration's down in a shadow database…"));
    const quint64 id = ++m_verifyRequestId;
    QMetaObject::invokeMethod(m_schemaWorker,
        [worker = m_schemaWorker, id, folder = m_migrationsFolder,
            history = m_profile ? m_profile->history : HistoryTable {}, server,
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
    const QString current = m_profile ? m_profile->id : QString();
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
    m_profile = profile;
    const int index = m_profileComboBox->findData(profile->id);
    if (index >= 0)
        m_profileComboBox->setCurrentIndex(index);
    m_connectionLabel->setText(tr("Connecting to %1…").arg(profile->connection.describe()));
    // The answer arrives as passwordRead or failed (see the constructor).
    m_secrets->readPassword(profile->keychainKey());
}

void MainWindow::useProfile(const ConnectionProfile &profile, const QString &password)
{
    m_profile = profile;
    m_password = password;
    m_tableSizes.clear();
    m_lintFacts.reset();
    // A pre-flight still on its way belongs to the previous connection.
    m_preflightRun.reset();
    ++m_preflightRequestId;
    m_connected = false;
    m_serverVersion.clear();
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
    if (m_profile && !m_profile->id.isEmpty() && ProfileStore().find(m_profile->id))
        dialog.setProfile(*m_profile);
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
    if (!m_profile || !ProfileStore().find(m_profile->id))
        return;
    const auto answer = QMessageBox::question(this, tr("Delete Connection Profile"),
        tr("Forget the profile %1 (%2) and its password in the system keychain?")
            .arg(m_profile->name, m_profile->connection.describe()),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    ProfileStore profiles;
    if (Status s = ProfileRemover::remove(profiles, *m_secrets, m_profile->id); !s) {
        QMessageBox::warning(this, tr("Delete Connection Profile"), s.error().toString());
        return;
    }
    m_profile.reset();
    m_password.clear();
    m_connected = false;
    m_serverVersion.clear();
    reloadProfiles();
    refresh();
    updateStatusBar();
    updateActions();
}

void MainWindow::refresh()
{
    if (m_migrationsFolder.isEmpty() && !m_profile)
        return;
    // Git states come from the working copy, not the database: a scan of their
    // own on the worker, whether or not a database is connected.
    if (!m_migrationsFolder.isEmpty()) {
        const quint64 gitRequestId = ++m_gitRequestId;
        const QString gitFolder = m_migrationsFolder;
        QMetaObject::invokeMethod(
            m_worker,
            [worker = m_worker, gitRequestId, gitFolder] { worker->loadGitStates(gitRequestId, gitFolder); },
            Qt::QueuedConnection);
    }
    if (!m_profile) {
        scanFolderOnly();
        return;
    }
    ConnectionSettings connection = m_profile->connection;
    connection.password = m_password;
    const quint64 requestId = ++m_requestId;
    const QString folder = m_migrationsFolder;
    const HistoryTable history = m_profile->history;
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, requestId, connection, history, folder] {
            worker->loadStatus(requestId, connection, history, folder);
        },
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
    m_connected = true;
    m_serverVersion = serverVersion;
    applyStatuses(statuses, problems);
    // The applied warning depends on the database: refresh it for the open file.
    onSelectionChanged();
    fetchLintTableSizes();
}

void MainWindow::onStatusFailed(quint64 requestId, const StrataError &error)
{
    if (requestId != m_requestId)
        return;
    m_connected = false;
    m_serverVersion.clear();
    appendLog(tr("Cannot read the database: %1").arg(error.toString()));
    statusBar()->showMessage(error.toString(), 15000);
    if (!m_migrationsFolder.isEmpty())
        scanFolderOnly();
    updateStatusBar();
    Q_EMIT statusRefreshed();
}

void MainWindow::updateStatusBar()
{
    if (m_profile) {
        m_environmentBadge->setText(EnvironmentBadge::label(m_profile->environment));
        m_environmentBadge->setStyleSheet(EnvironmentBadge::styleSheet(m_profile->environment));
        m_environmentBadge->show();
        m_connectionLabel->setText(m_connected
                ? m_profile->connection.describe()
                : tr("%1 (not connected)").arg(m_profile->connection.describe()));
    } else {
        m_environmentBadge->hide();
        m_connectionLabel->setText(tr("Not connected"));
    }
    m_serverVersionLabel->setText(
        m_serverVersion.isEmpty() ? QString() : tr("PostgreSQL %1").arg(m_serverVersion));
    const int pending = m_model->count(MigrationState::Pending) + m_model->count(MigrationState::OutOfOrder);
    m_pendingLabel->setText(
        m_connected ? tr("%1 pending").arg(pending) : tr("%1 migrations").arg(m_model->rowCount()));
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
    const bool canRun = m_connected && !busy && m_problems.isEmpty();
    const int pending = m_model->count(MigrationState::Pending) + m_model->count(MigrationState::OutOfOrder);
    const int applied = m_model->count(MigrationState::Applied) + m_model->count(MigrationState::Edited)
        + m_model->count(MigrationState::Missing);
    m_ui->runPendingAction->setEnabled(canRun && pending > 0);
    m_ui->backupMigrateAction->setEnabled(canRun && pending > 0);
    m_ui->backupsAction->setEnabled(m_connected && m_profile && !busy);
    m_ui->runToSelectedAction->setEnabled(canRun && pending > 0 && !selectedHistoryName().isEmpty());
    m_ui->revertLastAction->setEnabled(m_connected && !busy && applied > 0);
    m_ui->refreshAction->setEnabled(!busy && (!m_migrationsFolder.isEmpty() || m_profile));
    m_ui->preflightAction->setEnabled(m_connected && !busy);
    m_ui->newMigrationAction->setEnabled(!m_migrationsFolder.isEmpty());
    m_ui->generateMigrationAction->setEnabled(!m_migrationsFolder.isEmpty());
    m_ui->verifyDownsAction->setEnabled(!m_migrationsFolder.isEmpty() && !m_verifying);
    m_ui->connectAction->setEnabled(!busy);
    m_ui->deleteProfileAction->setEnabled(!busy && m_profile && ProfileStore().find(m_profile->id));
    m_profileComboBox->setEnabled(!busy);
    m_ui->cancelButton->setEnabled(m_running || m_verifying);
}

void MainWindow::runPending()
{
    startRun(RunKind::Pending);
}

void MainWindow::runToSelected()
{
    startRun(RunKind::UpToSelected, selectedHistoryName());
}

void MainWindow::revertLast()
{
    startRun(RunKind::RevertLast);
}

void MainWindow::backupThenMigrate()
{
    startRun(RunKind::Pending, {}, true);
}

bool MainWindow::confirmRun(const QString &description, EnvironmentPolicy::Action action)
{
    if (!m_profile)
        return false;
    const QString database = m_profile->connection.database;
    const QString environment = ConnectionProfile::environmentName(m_profile->environment);
    switch (EnvironmentPolicy(m_profile->environment).confirmation(action)) {
    case EnvironmentPolicy::Confirmation::None:
        return true;
    case EnvironmentPolicy::Confirmation::Question:
        return QMessageBox::question(this, tr("Go ahead?"),
                   tr("%1 on the %2 database %3?")
                       .arg(description, environment, m_profile->connection.describe()),
                   QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
            == QMessageBox::Yes;
    case EnvironmentPolicy::Confirmation::TypedDatabaseName: {
        // Typing the name is the point: a click can be made without reading.
        QInputDialog dialog(this);
        dialog.setObjectName(QStringLiteral("productionConfirmDialog"));
        dialog.setWindowTitle(tr("Production database"));
        dialog.setLabelText(
            tr("<b>%1</b> on the <span style=\"color:#c62828\">%4</span> database %2.<br><br>"
               "Type the database name <b>%3</b> to go ahead:")
                .arg(description.toHtmlEscaped(), m_profile->connection.describe().toHtmlEscaped(),
                    database.toHtmlEscaped(), environment));
        dialog.setTextValue(QString());
        if (dialog.exec() != QDialog::Accepted)
            return false;
        if (!EnvironmentPolicy::confirms(dialog.textValue(), database)) {
            QMessageBox::warning(this, tr("Not confirmed"),
                tr("The name typed does not match %1; nothing was run.").arg(database));
            return false;
        }
        return true;
    }
    }
    return false;
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
    if (tables.isEmpty() || !m_connected || !m_profile)
        return;
    ConnectionSettings connection = m_profile->connection;
    connection.password = m_password;
    const quint64 requestId = m_requestId;
    const bool wantFacts = !m_lintFacts;
    // Sizes, and once per connection what the catalog tells lint.
    struct Lookup
    {
        Result<QHash<QString, TableSize>> sizes = QHash<QString, TableSize> {};
        std::optional<LintContext> facts;
    };
    auto *watcher = new QFutureWatcher<Lookup>(this);
    connect(watcher, &QFutureWatcher<Lookup>::finished, this, [this, watcher, requestId] {
        const Lookup lookup = watcher->result();
        watcher->deleteLater();
        if (!lookup.sizes || requestId != m_requestId)
            return;
        for (auto it = lookup.sizes->cbegin(); it != lookup.sizes->cend(); ++it)
            m_tableSizes.insert(it.key(), it.value());
        if (lookup.facts)
            m_lintFacts = lookup.facts;
        m_editor->setLintContext(lintContext());
        Q_EMIT lintTableSizesFetched();
    });
    watcher->setFuture(QtConcurrent::run([connection, tables, wantFacts]() -> Lookup {
        Lookup lookup;
        Result<std::unique_ptr<PgConnection>> c = PgConnection::open(connection);
        if (!c) {
            lookup.sizes = c.error();
            return lookup;
        }
        lookup.sizes = TableSizes::fetch(**c, tables);
        if (LintContext facts; wantFacts && !LintDatabaseFacts::read(**c, facts, false))
            lookup.facts = std::move(facts);
        return lookup;
    }));
}

void MainWindow::startRun(RunKind kind, const QString &target, bool withBackup)
{
    if (!m_connected || !m_profile || isBusy())
        return;
    if (m_editor->isModified() && !m_editor->maybeSave(this))
        return;
    PlannedRun run { kind, target, withBackup, {} };
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
    if (EnvironmentPolicy(m_profile->environment).preflightRequired()) {
        m_preflightRun = run;
        requestPreflight(&*m_preflightRun);
        updateActions();
        return;
    }
    if (!confirmRun(run.description))
        return;
    launchRun(run);
}

void MainWindow::requestPreflight(const PlannedRun *run)
{
    ConnectionSettings connection = m_profile->connection;
    connection.password = m_password;
    connection.applicationName = QStringLiteral("strata");
    PreflightOptions options;
    options.history = m_profile->history;
    if (run && run->isUp()) {
        options.up.target = run->target;
    } else if (run) {
        DownOptions down;
        down.target = run->kind == RunKind::RevertTo ? run->target : QString();
        options.down = down;
    }
    options.backupFolder = backupFolder();
    options.backupProfile = m_profile->id;
    options.backupRequired = EnvironmentPolicy(m_profile->environment).backupRequired();
    // Backup & Migrate asks before the dump, so a blocker costs no dump; the
    // backup it is about to make is the one that counts.
    options.backupBeforeRun = run && run->withBackup;
    const quint64 requestId = ++m_preflightRequestId;
    const QString folder = m_migrationsFolder;
    appendLog(tr("Pre-flight: checking %1…").arg(m_profile->connection.describe()));
    m_ui->runStateLabel->setText(tr("Pre-flight…"));
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, requestId, connection, folder, options] {
            worker->runPreflight(requestId, connection, folder, options);
        },
        Qt::QueuedConnection);
}

void MainWindow::onPreflightFinished(quint64 requestId, const PreflightReport &report)
{
    if (requestId != m_preflightRequestId || !m_profile)
        return;
    const std::optional<PlannedRun> run = std::exchange(m_preflightRun, std::nullopt);
    if (!m_running)
        m_ui->runStateLabel->setText(tr("Idle"));
    updateActions();
    const QString environment = ConnectionProfile::environmentName(m_profile->environment);
    appendLog(tr("Pre-flight on %1: %2").arg(report.target, report.summary()));
    PreflightDialog dialog(report, run ? PreflightDialog::Mode::Run : PreflightDialog::Mode::Review,
        run ? tr("%1 on %2").arg(run->description, environment)
            : tr("Pre-flight for the pending migrations (%1)").arg(environment),
        this);
    dialog.setObjectName(QStringLiteral("preflightDialog"));
    Q_EMIT preflightDialogOpened();
    const bool confirmed = dialog.exec() == QDialog::Accepted;
    if (!run)
        return;
    if (!confirmed) {
        appendLog(tr("Not run: cancelled at the pre-flight."));
        return;
    }
    // The connection may have changed (useProfile() stamps a new request), or
    // another run begun, while the dialog was open.
    if (requestId != m_preflightRequestId || !m_connected || isBusy())
        return;
    // The pre-flight's Run is the go-ahead a question would ask for; a typed
    // name (production) is still asked.
    if (EnvironmentPolicy(m_profile->environment).confirmation(EnvironmentPolicy::Action::Run)
            == EnvironmentPolicy::Confirmation::TypedDatabaseName
        && !confirmRun(run->description))
        return;
    if (dialog.overrodeBlockers()) {
        QStringList blockers;
        for (const PreflightCheck &check : report.checks)
            if (check.severity == PreflightCheck::Severity::Blocker)
                blockers << QStringLiteral("%1: %2").arg(check.title, check.message);
        const QString line
            = tr("Pre-flight override: running on %1 %2 despite %3: %4")
                  .arg(environment, report.target, report.summary(), blockers.join(QLatin1String("; ")));
        appendLog(line);
        qCWarning(lcRunner).noquote() << line;
    }
    launchRun(*run);
}

void MainWindow::launchRun(const PlannedRun &run)
{
    ConnectionSettings connection = m_profile->connection;
    connection.password = m_password;
    connection.applicationName = QStringLiteral("strata");
    RunOptions options;
    options.history = m_profile->history;
    const quint64 runId = ++m_runId;
    const QString folder = m_migrationsFolder;
    m_lastReport.reset();
    m_runWithBackup = run.withBackup;
    m_runBackup.reset();
    setRunning(true);
    appendLog(QStringLiteral("— %1 on %2").arg(run.description, m_profile->connection.describe()));
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
        backup.folder = backupFolder();
        backup.profile = m_profile->id;
        backup.pgBinDir = m_profile->pgBinDir;
        backup.createHistoryTables = true;
        backup.history = m_profile->history;
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

void MainWindow::showPreflight()
{
    if (!m_connected || !m_profile || isBusy())
        return;
    requestPreflight(nullptr);
}

void MainWindow::cancelRun()
{
    // The run panel's Cancel serves a run and a verification alike (only one
    // of them shows progress there at a time: a run waits for neither).
    if (m_running) {
        appendLog(tr("Cancelling: asking the server to stop the running statement…"));
        m_ui->cancelButton->setEnabled(false);
        m_worker->cancel();
    } else if (m_verifying) {
        appendLog(tr("Cancelling the verification: the shadow database is dropped once it stops…"));
        m_ui->cancelButton->setEnabled(false);
        m_schemaWorker->cancel();
    }
}

void MainWindow::setRunning(bool running)
{
    m_running = running;
    // Reset when a run starts; after it ends the bars keep showing how far it got.
    if (running) {
        m_ui->migrationProgressBar->setValue(0);
        m_ui->statementProgressBar->setValue(0);
    }
    m_ui->runStateLabel->setText(running ? tr("Running…") : tr("Idle"));
    updateActions();
}

void MainWindow::onRunFinished(quint64 runId, const RunReport &report)
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
        appendLog(summary);
        m_ui->runStateLabel->setText(summary);
    } else {
        const StrataError &e = *report.error;
        appendLog(tr("FAILED: %1").arg(e.toString()));
        if (e.kind == StrataError::Kind::Cancelled)
            m_ui->runStateLabel->setText(tr("Cancelled; the migration was rolled back."));
        else
            m_ui->runStateLabel->setText(tr("Failed: %1").arg(e.message));
        if (!report.completed.isEmpty() && !report.completedDurable)
            appendLog(tr("The %n migration(s) done before the failure could not be made durable (%1): if the "
                         "server crashed, they may be lost. Refresh once the server is back.",
                nullptr, int(report.completed.size()))
                          .arg(report.durabilityProblem));
        // Show the failing line where it lives.
        if (!e.file.isEmpty() && QFileInfo::exists(e.file) && e.line > 0 && openMigration(e.file))
            m_editor->markRunError(e);
    }
    const bool backupFailed = m_runWithBackup && !m_runBackup && !report.ok();
    // The dump to offer back after a failed migration of a backup-then-migrate run.
    std::optional<BackupResult> backup;
    if (m_runWithBackup && !report.ok())
        backup = m_runBackup;
    m_runWithBackup = false;
    Q_EMIT runCompleted(report.ok());
    refresh();
    if (m_closeAfterRun) {
        close();
        return;
    }
    if (backupFailed && report.error->kind != StrataError::Kind::Cancelled)
        QMessageBox::critical(this, tr("Backup failed"),
            tr("The backup failed, so no migration was run.\n\n%1").arg(report.error->toString()));
    else if (backup && report.error->kind != StrataError::Kind::Cancelled)
        offerRestore(*backup);
}

QString MainWindow::backupFolder() const
{
    if (!m_profile)
        return {};
    return m_profile->backupDirectory.isEmpty() ? BackupCatalog::defaultFolder(m_profile->id)
                                                : m_profile->backupDirectory;
}

void MainWindow::showBackups()
{
    if (!m_connected || !m_profile || isBusy())
        return;
    BackupsDialog dialog(backupFolder(), this);
    dialog.setObjectName(QStringLiteral("backupsDialog"));
    const quint64 requestId = ++m_backupsRequestId;
    // The dialog is the context: the connection goes with it.
    connect(m_worker, &MigrationWorker::backupsListed, &dialog,
        [this, &dialog, requestId](quint64 answerId, const BackupFileList &backups) {
            if (answerId == requestId && answerId == m_backupsRequestId)
                dialog.setBackups(backups);
        });
    const QString folder = backupFolder();
    const QString profile = m_profile->id;
    const QString database = m_profile->connection.database;
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

void MainWindow::offerRestore(const BackupResult &backup)
{
    if (!m_profile)
        return;
    const QString time = QLocale().toString(backup.createdAt.toLocalTime(), QLocale::ShortFormat);
    QMessageBox box(QMessageBox::Question, tr("Restore the backup?"),
        tr("The migration failed. Restore the backup taken at %1?").arg(time), QMessageBox::NoButton, this);
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

void MainWindow::confirmAndRestore(const QString &dumpPath, const QDateTime &createdAt, bool intoNewDatabase)
{
    if (!m_profile)
        return;
    const QString time = QLocale().toString(createdAt.toLocalTime(), QLocale::ShortFormat);
    if (intoNewDatabase) {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Restore into a New Database"),
            tr("Name of the new database for the backup taken at %1 (it must not exist yet):").arg(time),
            QLineEdit::Normal, QStringLiteral("%1_restored").arg(m_profile->connection.database), &ok)
                                 .trimmed();
        if (ok && !name.isEmpty())
            startRestore(dumpPath, name);
        return;
    }
    const QString description
        = tr("Restore the backup taken at %1 into %2 (its objects are dropped and recreated)")
              .arg(time, m_profile->connection.database);
    if (confirmRun(description, EnvironmentPolicy::Action::Restore))
        startRestore(dumpPath, {});
}

void MainWindow::startRestore(const QString &dumpPath, const QString &newDatabase)
{
    if (!m_profile || isBusy())
        return;
    ConnectionSettings connection = m_profile->connection;
    connection.password = m_password;
    connection.applicationName = QStringLiteral("strata");
    RestoreOptions options;
    options.dumpPath = dumpPath;
    options.newDatabase = newDatabase;
    options.pgBinDir = m_profile->pgBinDir;
    const quint64 restoreId = ++m_restoreId;
    setRunning(true);
    appendLog(tr("— Restore %1 into %2")
                  .arg(QDir::toNativeSeparators(dumpPath),
                      newDatabase.isEmpty() ? m_profile->connection.describe() : newDatabase));
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, restoreId, connection, options] {
            worker->restoreBackup(restoreId, connection, options);
        },
        Qt::QueuedConnection);
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
    const bool applied = m_connected && index.isValid()
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
    runTo->setEnabled(m_connected && !isBusy() && !applied && m_problems.isEmpty());
    QAction *revert = menu.addAction(QIcon(QStringLiteral(":/icons/revert.svg")), tr("Revert Down to Here"));
    revert->setEnabled(m_connected && !isBusy() && applied);
    menu.addSeparator();
    QAction *open = menu.addAction(tr("Open in Editor"));
    open->setEnabled(!file.isEmpty());
    QAction *reveal = menu.addAction(tr("Reveal File"));
    reveal->setEnabled(!file.isEmpty());
    menu.addSeparator();
    QAction *diffApplied = menu.addAction(tr("Diff with What Was Applied"));
    diffApplied->setEnabled(m_connected && applied && !file.isEmpty());
    QAction *diffHead = menu.addAction(tr("Diff with Git HEAD"));
    diffHead->setEnabled(
        !file.isEmpty() && !index.data(MigrationTableModel::GitStateRole).toString().isEmpty());
    QAction *diffOther = menu.addAction(tr("Compare with Another File…"));
    diffOther->setEnabled(!file.isEmpty());
    QAction *chosen = menu.exec(m_ui->migrationTable->viewport()->mapToGlobal(position));
    if (chosen == runTo)
        startRun(RunKind::UpTo, name);
    else if (chosen == revert)
        startRun(RunKind::RevertTo, name);
    else if (chosen == open)
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
    if (!m_profile)
        return;
    ConnectionSettings connection = m_profile->connection;
    connection.password = m_password;
    const HistoryTable history = m_profile->history;
    auto *watcher = new QFutureWatcher<Result<std::optional<AppliedMigration>>>(this);
    connect(watcher, &QFutureWatcher<Result<std::optional<AppliedMigration>>>::finished, this,
        [this, watcher, file, historyName] {
            const Result<std::optional<AppliedMigration>> applied = watcher->result();
            watcher->deleteLater();
            if (!applied) {
                QMessageBox::warning(this, tr("Diff with What Was Applied"), applied.error().toString());
                return;
            }
            if (!applied->has_value() || !(*applied)->hasDetails) {
                QMessageBox::information(this, tr("Diff with What Was Applied"),
                    tr("%1 was applied without a record of its SQL (by TypeORM or another "
                       "tool), so there is nothing to compare with.")
                        .arg(historyName));
                return;
            }
            // The file as it would read had its sections been left as applied.
            const AppliedMigration &a = **applied;
            Result<Migration> current = migrationOfFile(file);
            QString appliedText = QStringLiteral("-- migrate:up\n") + QString::fromUtf8(a.upSql)
                + QStringLiteral("-- migrate:down\n") + QString::fromUtf8(a.downSql);
            QString currentText = current
                ? QStringLiteral("-- migrate:up\n") + QString::fromUtf8(current->up.sql)
                    + QStringLiteral("-- migrate:down\n") + QString::fromUtf8(current->down.sql)
                : readText(file);
            DiffDialog::show(this, tr("%1 (as applied)").arg(historyName), appliedText,
                tr("%1 (file now)").arg(QFileInfo(file).fileName()), currentText);
        });
    // A connection of its own on a pool thread: made, used and closed there.
    watcher->setFuture(
        QtConcurrent::run([connection, history, historyName]() -> Result<std::optional<AppliedMigration>> {
            Result<std::unique_ptr<PgConnection>> c = PgConnection::open(connection);
            if (!c)
                return c.error();
            HistoryStore store(**c, history);
            return store.readOne(historyName);
        }));
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
    auto *watcher = new QFutureWatcher<Result<ConnectionSettings>>(this);
    connect(watcher, &QFutureWatcher<Result<ConnectionSettings>>::finished, this,
        [this, watcher, migrationsFolder] {
            const Result<ConnectionSettings> result = watcher->result();
            watcher->deleteLater();
            if (!result) {
                appendLog(tr("The sandbox did not start: %1").arg(result.error().toString()));
                QMessageBox::warning(this, tr("Sandbox"), result.error().toString());
                Q_EMIT sandboxReady(false);
                return;
            }
            ConnectionProfile profile;
            profile.id = QStringLiteral("sandbox");
            profile.name = tr("Sandbox (local)");
            profile.connection = *result;
            profile.connection.password.clear();
            profile.environment = ConnectionProfile::Environment::Development;
            profile.migrationsDirectory = migrationsFolder;
            ProfileStore().save(profile);
            reloadProfiles();
            m_migrationsFolder = QDir(migrationsFolder).absolutePath();
            useProfile(profile, QString());
            statusBar()->showMessage(tr("Connected to the sandbox."), 5000);
            Q_EMIT sandboxReady(true);
        });
    // Starting a cluster takes seconds (initdb): never on the GUI thread.
    watcher->setFuture(QtConcurrent::run([]() { return SandboxCluster::startShared(); }));
}

void MainWindow::appendLog(const QString &line)
{
    m_ui->logTextEdit->appendPlainText(
        QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss.zzz  ")) + line);
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
    if (m_profile)
        s.setValue(lastProfileKey, m_profile->id);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_running) {
        const auto answer = QMessageBox::question(this, tr("A migration is running"),
            tr("Cancel the running migration and quit? The migration in progress is rolled back."),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer == QMessageBox::Yes) {
            m_closeAfterRun = true;
            cancelRun();
        }
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
