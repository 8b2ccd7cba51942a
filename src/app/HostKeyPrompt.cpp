#include "HostKeyPrompt.h"

#include "service/LookupWorker.h"
#include "ssh/SshKnownHosts.h"

#include <QDir>
#include <QMessageBox>
#include <QPushButton>

HostKeyPrompt::HostKeyPrompt(LookupWorker *lookups, QWidget *window)
    : QObject(window)
    , m_lookups(lookups)
    , m_window(window)
{
    connect(m_lookups, &LookupWorker::hostKeyAccepted, this, &HostKeyPrompt::finished);
}

bool HostKeyPrompt::offer(const StrataError &error, const SshSettings &ssh)
{
    const std::optional<SshKnownHosts::UnknownKey> key = SshKnownHosts::unknownKeyIn(error);
    if (!key)
        return false;
    if (m_question || m_requestId != 0)
        return true;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Unknown SSH Host Key"),
        tr("The host key of the bastion %1 is not known yet:\n\n%2 %3\n\nCompare it with the fingerprint the "
           "bastion's administrator gives (ssh-keygen -lf on its host key). Accepting adds it to %4; until "
           "then Strata does not connect through it.")
            .arg(ssh.endpoint(), key->keyType, key->fingerprint,
                QDir::toNativeSeparators(ssh.knownHostsPath())),
        QMessageBox::Cancel, m_window);
    box->setObjectName(QStringLiteral("hostKeyPrompt"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *accept = box->addButton(tr("&Accept Host Key"), QMessageBox::AcceptRole);
    accept->setObjectName(QStringLiteral("acceptHostKeyButton"));
    box->setDefaultButton(QMessageBox::Cancel); // a key is accepted on purpose, not by Enter
    connect(box, &QMessageBox::buttonClicked, this,
        [this, accept, ssh, fingerprint = key->fingerprint](QAbstractButton *clicked) {
            if (clicked != accept) {
                Q_EMIT declined(tr("The host key was not accepted."));
                return;
            }
            const quint64 requestId = m_requestId = LookupWorker::nextRequestId();
            QMetaObject::invokeMethod(
                m_lookups,
                [lookups = m_lookups, requestId, ssh, fingerprint] {
                    lookups->acceptHostKey(requestId, ssh, fingerprint);
                },
                Qt::QueuedConnection);
        });
    m_question = box;
    box->open();
    return true;
}

QMessageBox *HostKeyPrompt::question() const
{
    return m_question;
}

void HostKeyPrompt::finished(quint64 requestId, const HostKeyAcceptance &acceptance)
{
    if (requestId != m_requestId)
        return;
    m_requestId = 0;
    if (acceptance.error) {
        Q_EMIT declined(acceptance.error->toString());
        return;
    }
    Q_EMIT accepted(
        tr("Accepted %1 into %2.").arg(acceptance.fingerprint, QDir::toNativeSeparators(acceptance.file)));
}
