#include "SchemaTools.h"

#include "GenerateMigrationDialog.h"
#include "RunLogPanel.h"
#include "Session.h"
#include "service/LookupWorker.h"
#include "service/SchemaWorker.h"

#include <QMessageBox>
#include <QThread>

SchemaTools::SchemaTools(Session *session, RunLogPanel *panel, QWidget *window)
    : QObject(window)
    , m_session(session)
    , m_panel(panel)
    , m_window(window)
{
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("strata-schema"));
    m_worker = new SchemaWorker;
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_lookups = new LookupWorker;
    m_lookups->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_lookups, &QObject::deleteLater);
    m_thread->start();

    connect(m_worker, &SchemaWorker::progressed, this, [this](quint64 requestId, const QString &message) {
        if (requestId == m_verifyRequestId)
            m_panel->appendLog(message);
    });
    connect(m_worker, &SchemaWorker::migrationVerified, this,
        [this](quint64 requestId, int, int, const MigrationVerdict &v) {
            if (requestId != m_verifyRequestId)
                return;
            m_panel->appendLog(tr("verify %1: %2").arg(v.name, MigrationVerdict::outcomeText(v.outcome)));
            for (const QString &d : v.differences)
                m_panel->appendLog(QStringLiteral("    ") + d);
            if (v.hasError())
                m_panel->appendLog(QStringLiteral("    ") + v.error.toString());
        });
    connect(m_worker, &SchemaWorker::verificationFinished, this, &SchemaTools::onVerificationFinished);
}

SchemaTools::~SchemaTools()
{
    // A comparison or verification in progress stops between steps; its
    // shadow database is dropped on the way out.
    m_worker->cancel();
    m_thread->quit();
    m_thread->wait();
}

void SchemaTools::verifyDowns(const QString &folder)
{
    if (m_verifying || folder.isEmpty())
        return;
    const bool useServer = m_session->isConnected();
    const ConnectionSettings server = m_session->connection();
    m_verifying = true;
    Q_EMIT verifyingChanged();
    m_panel->appendLog(tr("Verifying every migration's down in a shadow database…"));
    const quint64 id = m_verifyRequestId = SchemaWorker::nextRequestId();
    QMetaObject::invokeMethod(m_worker,
        [worker = m_worker, id, folder,
            history = m_session->hasProfile() ? m_session->profile()->history : HistoryTable {}, server,
            useServer] { worker->verifyDowns(id, folder, history, server, useServer); });
}

void SchemaTools::cancelVerification()
{
    if (!m_verifying)
        return;
    m_panel->appendLog(tr("Cancelling the verification: the shadow database is dropped once it stops…"));
    m_panel->setCancelEnabled(false);
    m_worker->cancel();
}

void SchemaTools::onVerificationFinished(quint64 requestId, const VerificationReport &report)
{
    if (requestId != m_verifyRequestId)
        return;
    m_verifying = false;
    m_lastVerification = report;
    QString summary;
    if (report.failed)
        summary = tr("Verification could not finish: %1").arg(report.error.toString());
    else
        summary = tr("%1 migration(s) verified: %2 ok, %3 failed.")
                      .arg(report.verdicts.size())
                      .arg(report.verdicts.size() - report.failureCount())
                      .arg(report.failureCount());
    m_panel->appendLog(summary);
    Q_EMIT verificationSummarized(summary);
    Q_EMIT verifyingChanged();
    // Non-modal: the details stay readable in the run panel behind it.
    auto *box = new QMessageBox(report.ok() ? QMessageBox::Information : QMessageBox::Warning,
        tr("Verify Downs"), summary, QMessageBox::Close, m_window);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->show();
    Q_EMIT downsVerified(report.ok());
}

GenerateMigrationDialog *SchemaTools::openGenerateDialog(const QString &folder)
{
    const ConnectionSettings connection = m_session->connection();
    const std::optional<ConnectionProfile> &profile = m_session->profile();
    auto *dialog = new GenerateMigrationDialog(m_worker, folder, profile ? profile->history : HistoryTable {},
        m_session->isConnected() ? &connection : nullptr, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}
