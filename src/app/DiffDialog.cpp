#include "DiffDialog.h"

#include "SqlDiffView.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QPushButton>
#include <QVBoxLayout>

DiffDialog::DiffDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("diffDialog"));
    setWindowTitle(tr("Compare"));
    setSizeGripEnabled(true);
    // A dialog gets only a close button by default; a diff wants room.
    setWindowFlag(Qt::WindowMaximizeButtonHint, true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 8);
    m_diffView = new SqlDiffView(this);
    m_diffView->setObjectName(QStringLiteral("sqlDiffView"));
    layout->addWidget(m_diffView, 1);
    m_buttonBox = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_buttonBox->setObjectName(QStringLiteral("buttonBox"));
    m_buttonBox->setContentsMargins(8, 0, 8, 0);
    connect(m_buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttonBox);
    resize(1100, 700);
}

DiffDialog::~DiffDialog() = default;

void DiffDialog::setTexts(
    const QString &leftTitle, const QString &leftText, const QString &rightTitle, const QString &rightText)
{
    setWindowTitle(
        tr("Compare %1 with %2").arg(QFileInfo(leftTitle).fileName(), QFileInfo(rightTitle).fileName()));
    m_diffView->setTexts(leftTitle, leftText, rightTitle, rightText);
}

DiffDialog *DiffDialog::show(QWidget *parent, const QString &leftTitle, const QString &leftText,
    const QString &rightTitle, const QString &rightText)
{
    auto *dialog = new DiffDialog(parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setModal(false);
    dialog->setTexts(leftTitle, leftText, rightTitle, rightText);
    dialog->diffView()->goToNextChange();
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
    return dialog;
}
