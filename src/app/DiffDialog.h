#pragma once

#include <QDialog>

class QDialogButtonBox;
class SqlDiffView;

// A window comparing two versions of an SQL text (SqlDiffView) with a Close
// button. Resizable, and non-modal when opened through show(): the user can
// keep it next to the editor.
class DiffDialog : public QDialog
{
    Q_OBJECT

public:
    explicit DiffDialog(QWidget *parent = nullptr);
    ~DiffDialog() override;

    // Opens a non-modal dialog that deletes itself when closed, already at the
    // first change. Returns it for callers that want to adjust it.
    static DiffDialog *show(QWidget *parent, const QString &leftTitle, const QString &leftText,
        const QString &rightTitle, const QString &rightText);
    // The static show() above would hide QWidget::show() otherwise.
    using QDialog::show;

    void setTexts(const QString &leftTitle, const QString &leftText, const QString &rightTitle,
        const QString &rightText);
    SqlDiffView *diffView() const { return m_diffView; }

private:
    SqlDiffView *m_diffView = nullptr;
    QDialogButtonBox *m_buttonBox = nullptr;
};
