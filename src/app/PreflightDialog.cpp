#include "PreflightDialog.h"

#include "ui_PreflightDialog.h"

#include <QHeaderView>
#include <QPushButton>
#include <QStyle>

namespace {

using Severity = PreflightCheck::Severity;

// The environment badge's palette: green, amber, red.
QColor colourFor(Severity severity)
{
    switch (severity) {
    case Severity::Ok:
        return QColor(0x2e, 0x7d, 0x32);
    case Severity::Warning:
        return QColor(0xb2, 0x6a, 0x00);
    case Severity::Blocker:
        return QColor(0xc6, 0x28, 0x28);
    }
    return {};
}

QIcon iconFor(const QStyle *style, Severity severity)
{
    switch (severity) {
    case Severity::Ok:
        return style->standardIcon(QStyle::SP_DialogApplyButton);
    case Severity::Warning:
        return style->standardIcon(QStyle::SP_MessageBoxWarning);
    case Severity::Blocker:
        return style->standardIcon(QStyle::SP_MessageBoxCritical);
    }
    return {};
}

} // namespace

PreflightDialog::PreflightDialog(
    const PreflightReport &report, Mode mode, const QString &description, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::PreflightDialog>())
    , m_report(report)
{
    m_ui->setupUi(this);
    const int blockers = report.count(Severity::Blocker);
    QString summary = tr("<b>%1</b><br>%2, checked %3: %4")
                          .arg(description.toHtmlEscaped(), report.target.toHtmlEscaped(),
                              report.checkedAt.toLocalTime().toString(Qt::ISODate), report.summary());
    if (blockers > 0)
        summary += tr("<br><span style=\"color:#c62828\">%n blocker(s): the run should wait until they are "
                      "resolved.</span>",
            nullptr, blockers);
    m_ui->summaryLabel->setText(summary);

    for (const PreflightCheck &check : report.checks) {
        auto *item = new QTreeWidgetItem(m_ui->checkTree, { check.title, check.message });
        item->setIcon(0, iconFor(style(), check.severity));
        item->setForeground(0, colourFor(check.severity));
        item->setToolTip(1, check.message);
        item->setData(0, Qt::UserRole, check.id);
        for (const BackendSession &s : check.sessions) {
            auto *child = new QTreeWidgetItem(item, { tr("pid %1").arg(s.pid), s.describe() });
            child->setToolTip(1, s.query);
        }
        for (const QString &d : check.details)
            new QTreeWidgetItem(item, { QString(), d });
        item->setExpanded(check.severity != Severity::Ok);
    }
    m_ui->checkTree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);

    m_ui->overrideCheckBox->setVisible(mode == Mode::Run && blockers > 0);
    if (mode == Mode::Run) {
        m_runButton = m_ui->buttonBox->addButton(tr("Run"), QDialogButtonBox::AcceptRole);
        m_runButton->setObjectName(QStringLiteral("runButton"));
        connect(m_ui->overrideCheckBox, &QCheckBox::toggled, this, &PreflightDialog::updateRunButton);
        updateRunButton();
    } else {
        m_ui->buttonBox->setStandardButtons(QDialogButtonBox::Close);
    }
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

PreflightDialog::~PreflightDialog() = default;

bool PreflightDialog::overrodeBlockers() const
{
    return m_report.hasBlockers() && m_ui->overrideCheckBox->isChecked();
}

void PreflightDialog::updateRunButton()
{
    const bool allowed = !m_report.hasBlockers() || m_ui->overrideCheckBox->isChecked();
    m_runButton->setEnabled(allowed);
    // Cancel is the default with blockers: Enter must not start the run.
    m_runButton->setDefault(!m_report.hasBlockers());
}
