#include "MainWindow.h"
#include "ui_MainWindow.h"

#include "common/Version.h"
#include "migration/MigrationSource.h"

#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QIcon>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QToolButton>

#include <utility>

namespace {

const auto geometryKey = QStringLiteral("mainWindow/geometry");
const auto windowStateKey = QStringLiteral("mainWindow/state");
const auto lastFolderKey = QStringLiteral("project/lastMigrationsFolder");

// Extra room after a column sized to its contents, so columns do not run together.
constexpr int columnGap = 24;

// Set on the first column of each row: the migration's absolute file path.
constexpr int FilePathRole = Qt::UserRole + 1;

QStandardItem *readOnlyItem(const QString &text)
{
    auto *item = new QStandardItem(text);
    item->setEditable(false);
    return item;
}

// A problem for a tooltip: where (relative to the folder shown) in bold, then
// what, unwrapped so that long messages stay readable.
QString problemHtml(const StrataError &problem, const QString &folder)
{
    QString where = problem.file;
    const QString prefix = folder + QLatin1Char('/');
    if (!folder.isEmpty() && where.startsWith(prefix))
        where = where.mid(prefix.size());
    where = QDir::toNativeSeparators(where);
    if (problem.line > 0)
        where += QLatin1Char(':') + QString::number(problem.line);
    StrataError what = problem;
    what.file.clear(); // toString() then gives the message with its DETAIL and HINT lines
    return QStringLiteral("<p style=\"white-space: pre\"><b>%1</b>\n%2</p>")
        .arg(where.toHtmlEscaped(), what.toString().toHtmlEscaped());
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
{
    m_ui->setupUi(this);

    m_ui->openFolderAction->setShortcut(QKeySequence::Open);
    m_ui->quitAction->setShortcut(QKeySequence::Quit);
    m_ui->refreshAction->setShortcut(QKeySequence::Refresh);

    m_migrationModel = new QStandardItemModel(0, ColumnCount, this);
    m_migrationModel->setHorizontalHeaderLabels({ tr("Timestamp"), tr("Name"), tr("File") });
    m_ui->migrationTable->setModel(m_migrationModel);
    m_ui->migrationTable->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_ui->migrationTable->horizontalHeader()->setMinimumSectionSize(80);

    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(QStringLiteral("summaryLabel"));
    m_summaryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_summaryLabel, 1);

    m_problemsButton = new QToolButton(this);
    m_problemsButton->setObjectName(QStringLiteral("problemsButton"));
    m_problemsButton->setIcon(QIcon(QStringLiteral(":/icons/warning.svg")));
    m_problemsButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_problemsButton->setAutoRaise(true);
    m_problemsButton->setVisible(false);
    statusBar()->addPermanentWidget(m_problemsButton);

    connect(m_ui->openFolderAction, &QAction::triggered, this, &MainWindow::chooseProjectFolder);
    connect(m_ui->quitAction, &QAction::triggered, this, &MainWindow::close);
    connect(m_ui->refreshAction, &QAction::triggered, this, &MainWindow::refresh);
    connect(m_ui->aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_problemsButton, &QToolButton::clicked, this, &MainWindow::showProblemDetails);

    m_summaryLabel->setText(tr("No migrations folder open. Choose File \u203a Open Project Folder\u2026"));
    restoreSettings();
}

MainWindow::~MainWindow() = default;

bool MainWindow::openMigrationsFolder(const QString &directory)
{
    m_migrationsFolder = QDir::cleanPath(QDir(directory).absolutePath());
    m_ui->refreshAction->setEnabled(true);
    m_migrationModel->removeRows(0, m_migrationModel->rowCount());

    const Result<MigrationSource::Scan> scan = MigrationSource::scan(m_migrationsFolder);
    const QString shownFolder = QDir::toNativeSeparators(m_migrationsFolder);
    if (!scan) {
        m_problems = { scan.error() };
        m_summaryLabel->setText(tr("Cannot open %1").arg(shownFolder));
        updateProblemIndicator();
        return false;
    }

    for (const Migration &migration : scan->migrations) {
        QStandardItem *timestamp = readOnlyItem(QString::number(migration.timestamp));
        timestamp->setData(migration.filePath, FilePathRole);
        const QDateTime created = QDateTime::fromMSecsSinceEpoch(migration.timestamp, Qt::UTC);
        timestamp->setToolTip(created.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")));
        QStandardItem *file = readOnlyItem(migration.fileName());
        file->setToolTip(QDir::toNativeSeparators(migration.filePath));
        m_migrationModel->appendRow({ timestamp, readOnlyItem(migration.name), file });
    }
    for (const int column : { TimestampColumn, NameColumn }) {
        m_ui->migrationTable->resizeColumnToContents(column);
        m_ui->migrationTable->setColumnWidth(column, m_ui->migrationTable->columnWidth(column) + columnGap);
    }

    m_problems = scan->problems;
    const qsizetype count = scan->migrations.size();
    m_summaryLabel->setText(count == 1 ? tr("1 migration in %1").arg(shownFolder)
                                       : tr("%1 migrations in %2").arg(count).arg(shownFolder));
    updateProblemIndicator();

    QSettings().setValue(lastFolderKey, m_migrationsFolder);
    return true;
}

QString MainWindow::resolveMigrationsFolder(const QString &chosenFolder)
{
    const QDir chosen(chosenFolder);
    const QString subfolder = QStringLiteral("migrations");
    if (chosen.exists(subfolder) && QFileInfo(chosen.filePath(subfolder)).isDir()
        && chosen.entryList({ QStringLiteral("*.sql") }, QDir::Files).isEmpty())
        return QDir::cleanPath(chosen.absoluteFilePath(subfolder));
    return QDir::cleanPath(chosen.absolutePath());
}

QString MainWindow::lastMigrationsFolder()
{
    return QSettings().value(lastFolderKey).toString();
}

void MainWindow::refresh()
{
    if (m_migrationsFolder.isEmpty())
        return;
    QString selectedPath;
    if (const QModelIndexList rows = m_ui->migrationTable->selectionModel()->selectedRows(); !rows.isEmpty())
        selectedPath = rows.first().data(FilePathRole).toString();

    openMigrationsFolder(m_migrationsFolder);

    if (selectedPath.isEmpty())
        return;
    for (int row = 0; row < m_migrationModel->rowCount(); ++row) {
        const QModelIndex index = m_migrationModel->index(row, TimestampColumn);
        if (index.data(FilePathRole).toString() == selectedPath) {
            m_ui->migrationTable->selectRow(row);
            break;
        }
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::chooseProjectFolder()
{
    const QString start = m_migrationsFolder.isEmpty() ? QDir::homePath() : m_migrationsFolder;
    const QString chosen = QFileDialog::getExistingDirectory(this, tr("Open Project Folder"), start);
    if (chosen.isEmpty())
        return;
    openMigrationsFolder(resolveMigrationsFolder(chosen));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Strata"),
        tr("<h3>Strata %1</h3>"
           "<p>A desktop migration manager for PostgreSQL.</p>"
           "<p>Built with Qt %2.</p>")
            .arg(strataVersion().toHtmlEscaped(), QString::fromLatin1(qVersion())));
}

void MainWindow::showProblemDetails()
{
    if (m_problems.isEmpty())
        return;
    QStringList lines;
    for (const StrataError &problem : std::as_const(m_problems))
        lines.append(problem.toString());
    const QString folder = QDir::toNativeSeparators(m_migrationsFolder);
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Problems"),
        m_problems.size() == 1 ? tr("Strata found a problem in %1.").arg(folder)
                               : tr("Strata found %1 problems in %2.").arg(m_problems.size()).arg(folder),
        QMessageBox::Close, this);
    box->setInformativeText(tr("Migrations cannot run until every problem is fixed."));
    box->setDetailedText(lines.join(QLatin1Char('\n')));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::updateProblemIndicator()
{
    if (m_problems.isEmpty()) {
        m_problemsButton->setVisible(false);
        m_problemsButton->setToolTip({});
        return;
    }
    m_problemsButton->setText(
        m_problems.size() == 1 ? tr("1 problem") : tr("%1 problems").arg(m_problems.size()));
    QString tip;
    for (const StrataError &problem : std::as_const(m_problems))
        tip += problemHtml(problem, m_migrationsFolder);
    m_problemsButton->setToolTip(tip);
    m_problemsButton->setVisible(true);
}

void MainWindow::restoreSettings()
{
    const QSettings settings;
    restoreGeometry(settings.value(geometryKey).toByteArray());
    restoreState(settings.value(windowStateKey).toByteArray());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(geometryKey, saveGeometry());
    settings.setValue(windowStateKey, saveState());
}
