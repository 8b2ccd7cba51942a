#include "RunLogPanel.h"
#include "ui_RunLogPanel.h"

#include <QDateTime>
#include <QPushButton>

#include <algorithm>

RunLogPanel::RunLogPanel(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::RunLogPanel>())
{
    m_ui->setupUi(this);
    // No counts to show until the first run starts.
    m_ui->migrationProgressBar->setTextVisible(false);
    m_ui->statementProgressBar->setTextVisible(false);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &RunLogPanel::cancelRequested);
}

RunLogPanel::~RunLogPanel() = default;

void RunLogPanel::appendLog(const QString &line)
{
    m_ui->logTextEdit->appendPlainText(
        QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss.zzz  ")) + line);
}

void RunLogPanel::setState(const QString &text)
{
    m_ui->runStateLabel->setText(text);
}

void RunLogPanel::resetProgress()
{
    m_ui->migrationProgressBar->setValue(0);
    m_ui->statementProgressBar->setValue(0);
}

void RunLogPanel::setMigrationProgress(int done, int total)
{
    // A backup of an empty database still has one step: never a 0..0 bar.
    m_ui->migrationProgressBar->setRange(0, std::max(total, 1));
    m_ui->migrationProgressBar->setValue(done);
}

void RunLogPanel::setMigrationDone(int done)
{
    m_ui->migrationProgressBar->setValue(done);
}

void RunLogPanel::setStatementProgress(int done, int total)
{
    m_ui->statementProgressBar->setRange(0, total);
    m_ui->statementProgressBar->setValue(done);
}

void RunLogPanel::setStatementDone(int done)
{
    m_ui->statementProgressBar->setValue(done);
}

void RunLogPanel::setCancelEnabled(bool enabled)
{
    m_ui->cancelButton->setEnabled(enabled);
}
