#include "ProfileSwitcher.h"

#include "ConnectionDialog.h"
#include "Session.h"
#include "SessionStatusBar.h"
#include "project/Project.h"
#include "secrets/ProfileRemover.h"
#include "settings/ProfileStore.h"

#include <QComboBox>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>

#include <utility>

ProfileSwitcher::ProfileSwitcher(Session *session, SecretStore *secrets, LookupWorker *lookups,
    SessionStatusBar *statusBar, QWidget *window)
    : QObject(window)
    , m_session(session)
    , m_secrets(secrets)
    , m_lookups(lookups)
    , m_statusBar(statusBar)
    , m_window(window)
{
    m_comboBox = new QComboBox(window);
    m_comboBox->setObjectName(QStringLiteral("profileComboBox"));
    m_comboBox->setMinimumContentsLength(18);
    m_comboBox->setToolTip(tr("Connection profile"));
    connect(m_comboBox, &QComboBox::activated, this, [this](int index) {
        const QString id = m_comboBox->itemData(index).toString();
        if (id.isEmpty())
            Q_EMIT editRequested(); // the window knows the project folder a new profile may start from
        else
            select(id);
    });
    connect(m_secrets, &SecretStore::passwordRead, this, &ProfileSwitcher::onPasswordRead);
    connect(m_secrets, &SecretStore::failed, this, &ProfileSwitcher::onKeychainFailed);
}

void ProfileSwitcher::reload()
{
    const QString current = m_session->hasProfile() ? m_session->profile()->id : QString();
    m_comboBox->clear();
    m_comboBox->addItem(tr("No connection"), QString());
    for (const ConnectionProfile &p : ProfileStore().profiles())
        m_comboBox->addItem(p.name, p.id);
    m_comboBox->insertSeparator(m_comboBox->count());
    m_comboBox->addItem(tr("New connection…"), QString());
    const int index = current.isEmpty() ? 0 : m_comboBox->findData(current);
    m_comboBox->setCurrentIndex(index < 0 ? 0 : index);
}

void ProfileSwitcher::select(const QString &profileId)
{
    const std::optional<ConnectionProfile> profile = ProfileStore().find(profileId);
    if (!profile)
        return;
    // Not connected until the keychain answers (onPasswordRead or onKeychainFailed).
    m_session->use(*profile, QString());
    const int index = m_comboBox->findData(profile->id);
    if (index >= 0)
        m_comboBox->setCurrentIndex(index);
    m_statusBar->showConnecting(profile->connection.describe());
    m_waitingForSshSecret = false;
    m_password.clear();
    m_secrets->readPassword(profile->keychainKey());
}

void ProfileSwitcher::onPasswordRead(const QString &key, const QString &password)
{
    if (!m_session->hasProfile())
        return;
    if (key == m_session->profile()->keychainKey())
        passwordKnown(password);
    else if (key == m_session->profile()->sshKeychainKey() && m_waitingForSshSecret)
        sshSecretKnown(password);
}

void ProfileSwitcher::passwordKnown(const QString &password)
{
    const ConnectionProfile &profile = *m_session->profile();
    if (!profile.connection.ssh || !profile.connection.ssh->isSet()) {
        Q_EMIT profileChosen(profile, password);
        return;
    }
    // Through a bastion: its key passphrase or password too, if there is one.
    m_password = password;
    m_waitingForSshSecret = true;
    m_secrets->readPassword(profile.sshKeychainKey());
}

void ProfileSwitcher::sshSecretKnown(const QString &secret)
{
    m_waitingForSshSecret = false;
    ConnectionProfile profile = *m_session->profile();
    profile.connection.ssh->secret = secret; // in memory only, like the password
    const QString password = std::exchange(m_password, QString());
    Q_EMIT profileChosen(profile, password);
}

void ProfileSwitcher::onKeychainFailed(const QString &key, SecretStore::Operation operation,
    SecretStore::Failure failure, const QString &message)
{
    const std::optional<ConnectionProfile> profile = m_session->profile();
    if (!profile || operation != SecretStore::Operation::Read)
        return;
    const bool ssh = key == profile->sshKeychainKey() && m_waitingForSshSecret;
    if (key != profile->keychainKey() && !ssh)
        return;
    if (failure == SecretStore::Failure::NotFound) {
        // libpq may still find a password (PGPASSWORD, ~/.pgpass); SSH the agent or an unprotected key.
        ssh ? sshSecretKnown(QString()) : passwordKnown(QString());
        return;
    }
    bool ok = false;
    const QString secret = QInputDialog::getText(m_window,
        ssh ? tr("SSH passphrase for this session") : tr("Password for this session"),
        message + QLatin1String("\n\n")
            + (ssh ? tr("Key passphrase or SSH password for %1:").arg(profile->connection.ssh->describe())
                   : tr("Password for %1:").arg(profile->connection.describe())),
        QLineEdit::Password, QString(), &ok);
    ssh ? sshSecretKnown(ok ? secret : QString()) : passwordKnown(ok ? secret : QString());
}

void ProfileSwitcher::showInUse(const ConnectionProfile &profile)
{
    int index = m_comboBox->findData(profile.id);
    if (index < 0) {
        // Not saved (yet): shown for this session.
        m_comboBox->insertItem(
            1, profile.name.isEmpty() ? profile.connection.describe() : profile.name, profile.id);
        index = 1;
    }
    m_comboBox->setCurrentIndex(index);
}

void ProfileSwitcher::edit(const QString &folder)
{
    ConnectionDialog dialog(*m_secrets, m_lookups, m_window);
    const std::optional<ConnectionProfile> &profile = m_session->profile();
    if (profile && !profile->id.isEmpty() && ProfileStore().find(profile->id)) {
        dialog.setProfile(*profile);
    } else if (!folder.isEmpty()) {
        // A new profile starts from the TypeORM project's data source.
        if (const Result<Project> project = Project::open(folder); project && project->isTypeOrm())
            dialog.importTypeOrmProject(folder);
    }
    const bool accepted = dialog.exec() == QDialog::Accepted;
    reload();
    if (!accepted)
        return;
    ConnectionProfile chosen = dialog.profile();
    if (chosen.connection.ssh)
        chosen.connection.ssh->secret = dialog.sshSecret(); // in memory only
    Q_EMIT profileChosen(chosen, dialog.password().isEmpty() ? dialog.sessionPassword() : dialog.password());
}

bool ProfileSwitcher::removeCurrent()
{
    const std::optional<ConnectionProfile> profile = m_session->profile();
    if (!profile || !ProfileStore().find(profile->id))
        return false;
    const auto answer = QMessageBox::question(m_window, tr("Delete Connection Profile"),
        tr("Forget the profile %1 (%2) and its password in the system keychain?")
            .arg(profile->name, profile->connection.describe()),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return false;
    ProfileStore profiles;
    if (Status s = ProfileRemover::remove(profiles, *m_secrets, profile->id); !s) {
        QMessageBox::warning(m_window, tr("Delete Connection Profile"), s.error().toString());
        return false;
    }
    m_session->clear();
    reload();
    return true;
}
