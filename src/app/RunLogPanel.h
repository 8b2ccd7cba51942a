#pragma once

#include "runner/StatementProgress.h"

#include <QWidget>

#include <memory>

namespace Ui {
class RunLogPanel;
}

// The run panel under the editor: what the current run, restore or
// verification is doing, how far it got, and its time-stamped log. It only
// shows; RunController and the window decide what.
class RunLogPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RunLogPanel(QWidget *parent = nullptr);
    ~RunLogPanel() override;

    void appendLog(const QString &line);
    void setState(const QString &text);
    // Back to zero when a run starts; after it ends the bars keep showing how far it got.
    void resetProgress();
    // `what` names the bar ("Migrations:" when empty; "Tables dumped:" ...).
    void setMigrationProgress(int done, int total, const QString &what = {});
    void setMigrationDone(int done);
    void setStatementProgress(int done, int total);
    void setStatementDone(int done);
    // A long statement's progress by the server's own report: the statement
    // bar shows it (with the phase and time left) until an empty one comes,
    // then the statement count again.
    void setServerProgress(const StatementProgress &progress);
    void setCancelEnabled(bool enabled);

Q_SIGNALS:
    void cancelRequested();

private:
    void showStatementCount();

    const std::unique_ptr<Ui::RunLogPanel> m_ui;
    int m_statementDone = 0;
    int m_statementTotal = 0;
    bool m_showsServerProgress = false;
};
