#pragma once

#include "secrets/SecretStore.h"
#include "settings/ConnectionProfile.h"

#include <QObject>
#include <QString>

class LookupWorker;
class QComboBox;
class QWidget;
class Session;
class SessionStatusBar;

// Which connection profile the window uses: the profile combo box (saved
// profiles, "New connection…"), the keychain read of a profile's password and,
// with an SSH tunnel, its key passphrase or SSH password (asking for one for
// this session when the keychain cannot give it), the
// connection dialog, and forgetting a profile. It decides which profile and
// password; the window, told by profileChosen, switches to them.
class ProfileSwitcher : public QObject
{
    Q_OBJECT

public:
    // `lookups`: the worker the connection dialog tests connections on.
    ProfileSwitcher(Session *session, SecretStore *secrets, LookupWorker *lookups,
        SessionStatusBar *statusBar, QWidget *window);

    // The combo box, for the window's tool bar.
    QComboBox *comboBox() const { return m_comboBox; }
    // The saved profiles again, the one in use still selected.
    void reload();
    // A saved profile: its password from the keychain, then profileChosen.
    void select(const QString &profileId);
    // Shows `profile` as the one in use (listed for this session if unsaved).
    void showInUse(const ConnectionProfile &profile);
    // The connection dialog: the profile in use, or a new one (from the TypeORM
    // project in `folder` when it is one); profileChosen when accepted.
    void edit(const QString &folder);
    // Forgets the profile in use and its keychain password, after asking.
    // Returns whether it did.
    bool removeCurrent();

Q_SIGNALS:
    void profileChosen(const ConnectionProfile &profile, const QString &password);
    // "New connection…" was picked in the combo box.
    void editRequested();

private:
    void onPasswordRead(const QString &key, const QString &password);
    // The profile's password is known (or there is none): then its SSH secret
    // when it has a tunnel, then profileChosen.
    void passwordKnown(const QString &password);
    void sshSecretKnown(const QString &secret);
    void onKeychainFailed(const QString &key, SecretStore::Operation operation, SecretStore::Failure failure,
        const QString &message);

    Session *m_session;
    SecretStore *m_secrets;
    LookupWorker *m_lookups;
    SessionStatusBar *m_statusBar;
    QWidget *m_window;
    QComboBox *m_comboBox = nullptr;
    QString m_password; // held while the SSH secret is read
    bool m_waitingForSshSecret = false;
};
