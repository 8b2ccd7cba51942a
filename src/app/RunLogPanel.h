#pragma once

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
    void setMigrationProgress(int done, int total);
    void setMigrationDone(int done);
    void setStatementProgress(int done, int total);
    void setStatementDone(int done);
    void setCancelEnabled(bool enabled);

Q_SIGNALS:
    void cancelRequested();

private:
    const std::unique_ptr<Ui::RunLogPanel> m_ui;
};
