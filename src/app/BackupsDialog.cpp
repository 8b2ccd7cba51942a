#include "BackupsDialog.h"
#include "ui_BackupsDialog.h"

#include <QDesktopServices>
#include <QDir>
#include <QHeaderView>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidgetItem>
#include <QUrl>

BackupsDialog::BackupsDialog(const QString &folder, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::BackupsDialog>())
    , m_folder(folder)
{
    m_ui->setupUi(this);
    m_ui->folderLabel->setText(tr("Backups in %1 (loading…)").arg(QDir::toNativeSeparators(folder)));
    m_ui->backupTree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    connect(m_ui->restoreButton, &QPushButton::clicked, this, [this] { choose(Choice::RestoreHere); });
    connect(m_ui->restoreNewButton, &QPushButton::clicked, this, [this] { choose(Choice::RestoreIntoNew); });
    connect(m_ui->openFolderButton, &QPushButton::clicked, this,
        [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(m_folder)); });
    connect(m_ui->closeButton, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_ui->backupTree, &QTreeWidget::itemSelectionChanged, this, &BackupsDialog::updateButtons);
    // Into a new database is the safer choice, so it is the default button.
    m_ui->restoreNewButton->setDefault(true);
    updateButtons();
}

BackupsDialog::~BackupsDialog() = default;

void BackupsDialog::setBackups(const BackupFileList &backups)
{
    m_backups = backups;
    m_ui->backupTree->clear();
    const QLocale locale;
    for (const BackupFile &backup : backups) {
        auto *item = new QTreeWidgetItem(m_ui->backupTree);
        item->setText(0, backup.fileName);
        item->setToolTip(0, QDir::toNativeSeparators(backup.path));
        item->setText(1, locale.toString(backup.createdAt.toLocalTime(), QLocale::ShortFormat));
        item->setText(2, locale.formattedDataSize(backup.sizeBytes));
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
    }
    m_ui->folderLabel->setText(backups.isEmpty()
            ? tr("No backups of this database in %1 yet.").arg(QDir::toNativeSeparators(m_folder))
            : tr("%n backup(s) in %1, newest first.", nullptr, int(backups.size()))
                  .arg(QDir::toNativeSeparators(m_folder)));
    if (!backups.isEmpty())
        selectRow(0);
    updateButtons();
}

void BackupsDialog::selectRow(int row)
{
    if (QTreeWidgetItem *item = m_ui->backupTree->topLevelItem(row))
        m_ui->backupTree->setCurrentItem(item);
}

std::optional<BackupFile> BackupsDialog::chosenBackup() const
{
    if (m_chosenRow < 0 || m_chosenRow >= m_backups.size())
        return std::nullopt;
    return m_backups.at(m_chosenRow);
}

void BackupsDialog::choose(Choice choice)
{
    const int row = m_ui->backupTree->indexOfTopLevelItem(m_ui->backupTree->currentItem());
    if (row < 0)
        return;
    m_choice = choice;
    m_chosenRow = row;
    accept();
}

void BackupsDialog::updateButtons()
{
    const bool selected = m_ui->backupTree->currentItem() != nullptr;
    m_ui->restoreButton->setEnabled(selected);
    m_ui->restoreNewButton->setEnabled(selected);
}
