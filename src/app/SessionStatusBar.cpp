#include "SessionStatusBar.h"

#include "EnvironmentBadge.h"
#include "Session.h"

#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QStatusBar>
#include <QToolButton>

SessionStatusBar::SessionStatusBar(QStatusBar *bar, const Session *session)
    : QObject(bar)
    , m_session(session)
    , m_parent(bar->window())
{
    m_environmentBadge = new QLabel(bar);
    m_environmentBadge->setObjectName(QStringLiteral("environmentBadgeLabel"));
    m_connectionLabel = new QLabel(tr("Not connected"), bar);
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    m_serverVersionLabel = new QLabel(bar);
    m_serverVersionLabel->setObjectName(QStringLiteral("serverVersionLabel"));
    m_pendingLabel = new QLabel(bar);
    m_pendingLabel->setObjectName(QStringLiteral("pendingLabel"));
    m_problemsButton = new QToolButton(bar);
    m_problemsButton->setObjectName(QStringLiteral("problemsButton"));
    m_problemsButton->setIcon(QIcon(QStringLiteral(":/icons/warning.svg")));
    m_problemsButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_problemsButton->setAutoRaise(true);
    m_problemsButton->hide();
    bar->addWidget(m_environmentBadge);
    bar->addWidget(m_connectionLabel);
    bar->addWidget(m_serverVersionLabel);
    bar->addPermanentWidget(m_problemsButton);
    bar->addPermanentWidget(m_pendingLabel);
    m_environmentBadge->hide();
    connect(m_problemsButton, &QToolButton::clicked, this, &SessionStatusBar::showProblems);
}

void SessionStatusBar::showConnecting(const QString &connection)
{
    m_connectionLabel->setText(tr("Connecting to %1…").arg(connection));
}

void SessionStatusBar::update(int pending, int total, const QList<StrataError> &problems)
{
    const std::optional<ConnectionProfile> &profile = m_session->profile();
    const bool connected = m_session->isConnected();
    if (profile) {
        m_environmentBadge->setText(EnvironmentBadge::label(profile->environment));
        m_environmentBadge->setStyleSheet(EnvironmentBadge::styleSheet(profile->environment));
        m_environmentBadge->show();
        m_connectionLabel->setText(connected ? profile->connection.describe()
                                             : tr("%1 (not connected)").arg(profile->connection.describe()));
    } else {
        m_environmentBadge->hide();
        m_connectionLabel->setText(tr("Not connected"));
    }
    const QString version = m_session->serverVersion();
    m_serverVersionLabel->setText(version.isEmpty() ? QString() : tr("PostgreSQL %1").arg(version));
    m_pendingLabel->setText(connected ? tr("%1 pending").arg(pending) : tr("%1 migrations").arg(total));
    m_problems = problems;
    if (problems.isEmpty()) {
        m_problemsButton->hide();
        return;
    }
    m_problemsButton->setText(
        problems.size() == 1 ? tr("1 problem") : tr("%1 problems").arg(problems.size()));
    QStringList tips;
    for (const StrataError &e : problems)
        tips << QStringLiteral("<b>%1</b>: %2")
                    .arg(QFileInfo(e.file).fileName().toHtmlEscaped(), e.message.toHtmlEscaped());
    m_problemsButton->setToolTip(tips.join(QLatin1String("<br>")));
    m_problemsButton->show();
}

void SessionStatusBar::showProblems()
{
    QStringList lines;
    for (const StrataError &e : std::as_const(m_problems))
        lines << e.toString();
    QMessageBox::warning(
        m_parent, tr("Problems in the migrations folder"), lines.join(QLatin1String("\n\n")));
}
