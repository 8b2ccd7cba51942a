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
    showStatementCount();
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
    m_statementDone = 0;
    m_statementTotal = 0;
    m_showsServerProgress = false;
    showStatementCount();
}

void RunLogPanel::setMigrationProgress(int done, int total, const QString &what)
{
    m_ui->migrationProgressLabel->setText(what.isEmpty() ? tr("Migrations:") : what);
    // A backup of an empty database still has one step: never a 0..0 bar.
    m_ui->migrationProgressBar->setRange(0, std::max(total, 1));
    m_ui->migrationProgressBar->setValue(done);
    m_ui->migrationProgressBar->setTextVisible(true);
}

void RunLogPanel::setMigrationDone(int done)
{
    m_ui->migrationProgressBar->setValue(done);
}

void RunLogPanel::setStatementProgress(int done, int total)
{
    m_statementDone = done;
    m_statementTotal = total;
    m_showsServerProgress = false;
    showStatementCount();
}

void RunLogPanel::setStatementDone(int done)
{
    m_statementDone = done;
    if (!m_showsServerProgress)
        m_ui->statementProgressBar->setValue(done);
}

void RunLogPanel::showStatementCount()
{
    m_ui->statementProgressLabel->setText(tr("Statement:"));
    m_ui->statementProgressBar->setToolTip({});
    m_ui->statementProgressBar->setFormat(tr("%v of %m"));
    m_ui->statementProgressBar->setRange(0, std::max(m_statementTotal, 1));
    m_ui->statementProgressBar->setValue(m_statementDone);
    m_ui->statementProgressBar->setTextVisible(m_statementTotal > 0);
}

void RunLogPanel::setServerProgress(const StatementProgress &progress)
{
    if (progress.isEmpty()) {
        m_showsServerProgress = false;
        showStatementCount();
        return;
    }
    m_showsServerProgress = true;
    // "CREATE INDEX: building index: scanning table", the bar "45% · about 8 s left".
    m_ui->statementProgressLabel->setText(progress.phase.isEmpty()
            ? progress.command + QLatin1Char(':')
            : tr("%1: %2").arg(progress.command, progress.phase));
    m_ui->statementProgressBar->setToolTip(progress.describe());
    const QString left = progress.secondsLeft < 0 ? QString()
        : progress.secondsLeft < 90 ? tr(" · about %1 s left").arg(std::max<qint64>(progress.secondsLeft, 1))
                                    : tr(" · about %1 min left").arg((progress.secondsLeft + 30) / 60);
    if (progress.percent() >= 0) {
        m_ui->statementProgressBar->setRange(0, 100);
        m_ui->statementProgressBar->setValue(progress.percent());
        m_ui->statementProgressBar->setFormat(QStringLiteral("%p%") + left);
    } else {
        // No total in this phase: a busy bar, and what is done so far.
        m_ui->statementProgressBar->setRange(0, 0);
        m_ui->statementProgressBar->setFormat(
            progress.done > 0 ? tr("%1 %2").arg(progress.done).arg(progress.unit) : QString());
    }
    m_ui->statementProgressBar->setTextVisible(true);
}

void RunLogPanel::setCancelEnabled(bool enabled)
{
    m_ui->cancelButton->setEnabled(enabled);
}
