#pragma once

#include "shadow/VerificationReport.h"

#include <QObject>
#include <QString>

class GenerateMigrationDialog;
class LookupWorker;
class QThread;
class QWidget;
class RunLogPanel;
class SchemaWorker;
class Session;

// The window's schema thread and the work it does: verifying every down in a
// shadow database (logged in the run panel), the Generate Migration dialog's
// comparisons, and the window's small lookups (LookupWorker). One thread,
// one SchemaWorker for the whole app; a long verification never holds up a
// run, and a run never holds up a lookup.
class SchemaTools : public QObject
{
    Q_OBJECT

public:
    // `window`: where the dialogs and the verdict's message box belong.
    SchemaTools(Session *session, RunLogPanel *panel, QWidget *window);
    ~SchemaTools() override;

    LookupWorker *lookups() const { return m_lookups; }
    // The schema worker (on the schema thread): the schema browser reads through it.
    SchemaWorker *worker() const { return m_worker; }

    // Verifies every migration's down in `folder` in a shadow database: on the
    // connected server when this role may create databases there, else in a
    // local sandbox cluster (SchemaWorker decides). Ends with downsVerified.
    void verifyDowns(const QString &folder);
    bool isVerifying() const { return m_verifying; }
    VerificationReport lastVerification() const { return m_lastVerification; }
    // Stops a verification in progress; its shadow database is dropped.
    void cancelVerification();

    // The Generate Migration dialog (non-modal, deleted when closed) on this
    // worker, From the migrations of `folder`.
    GenerateMigrationDialog *openGenerateDialog(const QString &folder);

Q_SIGNALS:
    void verifyingChanged();
    // One line for the window's status bar, when a verification ends.
    void verificationSummarized(const QString &summary);
    void downsVerified(bool ok);

private:
    void onVerificationFinished(quint64 requestId, const VerificationReport &report);

    Session *m_session;
    RunLogPanel *m_panel;
    QWidget *m_window;
    QThread *m_thread = nullptr;
    SchemaWorker *m_worker = nullptr; // lives on m_thread
    LookupWorker *m_lookups = nullptr; // lives on m_thread
    quint64 m_verifyRequestId = 0;
    bool m_verifying = false;
    VerificationReport m_lastVerification;
};
