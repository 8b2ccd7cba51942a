#pragma once

#include "common/StrataError.h"

#include <QList>
#include <QObject>

class QLabel;
class QStatusBar;
class QToolButton;
class Session;

// The status bar's account of the window's state: the environment badge, the
// connection, the server version, the problems of the migrations folder (a
// button that lists them) and how many migrations are pending.
class SessionStatusBar : public QObject
{
    Q_OBJECT

public:
    // Adds its widgets to `bar`; they belong to it.
    SessionStatusBar(QStatusBar *bar, const Session *session);

    // While the keychain is asked for the password of `connection`.
    void showConnecting(const QString &connection);
    // `pending` counts once connected; otherwise `total` migrations are shown.
    void update(int pending, int total, const QList<StrataError> &problems);

private:
    void showProblems();

    const Session *m_session;
    QWidget *m_parent;
    QLabel *m_environmentBadge = nullptr;
    QLabel *m_connectionLabel = nullptr;
    QLabel *m_serverVersionLabel = nullptr;
    QLabel *m_pendingLabel = nullptr;
    QToolButton *m_problemsButton = nullptr;
    QList<StrataError> m_problems;
};
