#pragma once

#include "common/StrataError.h"
#include "ssh/SshSettings.h"

#include <QObject>
#include <QPointer>
#include <QString>

class LookupWorker;
class QMessageBox;
class QWidget;
struct HostKeyAcceptance;

// When the window's connection was refused because the bastion's host key is
// not in known_hosts: shows the key's fingerprint and asks whether to accept
// it, and records it (LookupWorker::acceptHostKey, on the worker's thread) if
// the user says so, provided the bastion still shows that key. A changed key
// is never offered: SshKnownHosts refuses it until the old line is removed.
//
// The question is a window-modal box opened with open(): no nested event loop.
class HostKeyPrompt : public QObject
{
    Q_OBJECT

public:
    HostKeyPrompt(LookupWorker *lookups, QWidget *window);

    // True when `error` is an unknown host key: the question is shown (once;
    // a second refusal while it is open changes nothing). False otherwise.
    bool offer(const StrataError &error, const SshSettings &ssh);
    // The question on screen, if any (for tests).
    QMessageBox *question() const;

Q_SIGNALS:
    // The key is in known_hosts now: connect again.
    void accepted(const QString &message);
    // The user declined, or the key could not be recorded (the reason).
    void declined(const QString &reason);

private:
    void finished(quint64 requestId, const HostKeyAcceptance &acceptance);

    LookupWorker *m_lookups;
    QWidget *m_window;
    QPointer<QMessageBox> m_question;
    quint64 m_requestId = 0;
};
