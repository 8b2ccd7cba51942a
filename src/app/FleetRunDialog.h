#pragma once

#include "service/FleetRunner.h"
#include "service/FleetWorker.h"

#include <QDialog>
#include <QHash>
#include <QSet>
#include <QThread>

#include <memory>

class FleetRunModel;
class SecretStore;

namespace Ui {
class FleetRunDialog;
}

// Database → Fleet…: one plan over the databases of a targets file (the file
// `strata-cli fleet` takes), with the project's migrations: status, up, down
// one, or verify. The run goes on a FleetWorker on a thread of its own; each
// target's state shows in a table as it changes (FleetRunModel), with a
// progress bar and the counts, so hundreds of targets read at a glance. Stop
// cancels cleanly. Profile targets' passwords come from the keychain first;
// production profiles are run only after the user confirms them.
class FleetRunDialog : public QDialog
{
    Q_OBJECT
public:
    FleetRunDialog(SecretStore *secrets, const QString &migrationsFolder, const HistoryTable &history,
        QWidget *parent = nullptr);
    ~FleetRunDialog() override;

    void setTargetsFile(const QString &path);
    void setAction(FleetRunner::Action action);
    void setConcurrency(int concurrency);
    // Run: passwords, the production question if needed, then the worker.
    void start();
    void stop();
    bool isRunning() const { return m_request != 0 || !m_keysWaiting.isEmpty(); }
    FleetRunModel *model() const { return m_model; }
    QString summaryText() const;
    // Close while a run goes on stops it instead (the dialog stays until it has).
    void reject() override;

Q_SIGNALS:
    void runFinished(const QString &error);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void chooseTargetsFile();
    void onPasswordAnswered(const QString &key, const QString &password);
    void confirmThenRun();
    void runWorker();
    void onTargetsResolved(quint64 requestId, const QStringList &labels);
    void onTargetStarted(quint64 requestId, int index);
    void onTargetFinished(quint64 requestId, int index, const FleetRunner::Outcome &outcome);
    void onFinished(quint64 requestId, const QString &error);
    void updateSummary();
    void updateButtons();

    const std::unique_ptr<Ui::FleetRunDialog> m_ui;
    SecretStore *m_secrets;
    QString m_migrationsFolder;
    HistoryTable m_history;
    FleetRunModel *m_model;
    QThread m_thread;
    FleetWorker *m_worker;
    QHash<QString, QString> m_passwords; // keychain key -> password, this run only
    QSet<QString> m_keysWaiting; // asked of the keychain, not answered yet
    QStringList m_production; // the production profiles this run would touch
    quint64 m_request = 0;
    quint64 m_nextRequest = 0;
};
