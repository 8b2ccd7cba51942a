#pragma once

#include "preflight/PreflightReport.h"

#include <QDialog>

#include <memory>

class QPushButton;

namespace Ui {
class PreflightDialog;
}

// The pre-flight's checks before a run on staging or production (and from
// Database → Pre-flight…): one row per check with its icon and colour, the
// sessions and details under it. In Run mode the run goes ahead only on Run;
// with blockers, Run stays disabled until the override box is ticked, so a
// blocker is never waved through by a reflex click.
class PreflightDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Mode { Review, Run };

    PreflightDialog(
        const PreflightReport &report, Mode mode, const QString &description, QWidget *parent = nullptr);
    ~PreflightDialog() override;

    // True when the run was confirmed despite blockers (the caller logs it).
    bool overrodeBlockers() const;
    QPushButton *runButton() const { return m_runButton; }

private:
    void updateRunButton();

    const std::unique_ptr<Ui::PreflightDialog> m_ui;
    const PreflightReport m_report;
    QPushButton *m_runButton = nullptr;
};
