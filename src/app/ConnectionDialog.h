#pragma once

#include "backup/PgToolLocator.h"
#include "secrets/SecretStore.h"
#include "settings/ConnectionProfile.h"

#include <QDialog>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QLineEdit;
class LookupWorker;
struct ConnectionTest;
struct HostKeyAcceptance;
struct PgToolLookup;

namespace Ui {
class ConnectionDialog;
}

// Creates or edits one connection profile. Everything but the password is saved
// through ProfileStore; the password goes to the SecretStore (the system
// keychain) when "Remember" is checked, and any stored one is removed when it
// is not. A password that is not in the keychain, because the user chose so or
// because the keychain failed, is kept for this session only: sessionPassword().
//
// Keychain requests are asynchronous, so Save (accept()) may close the dialog a
// moment later; a keychain failure keeps the dialog open with the keychain's
// explanation and lets the user continue without it. Use open() or show(), or
// exec() if you must: nothing inside runs a nested event loop.
//
// `secrets` must outlive the dialog.
class ConnectionDialog : public QDialog
{
    Q_OBJECT

public:
    // `lookups`: the window's LookupWorker (on its schema thread), which tests
    // the connection and finds pg_dump, so the dialog never blocks on either.
    ConnectionDialog(SecretStore &secrets, LookupWorker *lookups, QWidget *parent = nullptr);
    ~ConnectionDialog() override;

    // Edits an existing profile: fills in the fields and starts loading its
    // password from the keychain. Without a call the dialog creates a profile.
    void setProfile(const ConnectionProfile &profile);

    // The profile the fields describe (never with a password). Its id is empty
    // for a new profile until Save has chosen one.
    ConnectionProfile profile() const;
    bool isNewProfile() const { return m_isNew; }

    // The fields as connection settings, password included: what to connect with now.
    ConnectionSettings connectionSettings() const;
    QString password() const;
    // The SSH key passphrase or password typed (or loaded from the keychain,
    // under the profile's sshKeychainKey()); saved and removed with the
    // password, by the same Remember choice.
    QString sshSecret() const;
    // After Save: the password when it is NOT in the keychain (Remember
    // unchecked, or the keychain failed), for the caller to keep in memory for
    // this session; empty when the keychain has it or there is none.
    QString sessionPassword() const;

    // Fills host, port, user, password, database (and SSL mode) from a
    // project's .env, as the Import .env button does after its file dialog.
    // False, with the reason under the form, when the file cannot be read.
    bool importEnvFile(const QString &path);

    // Fills a new profile from a TypeORM project's data source, read without
    // running Node: its connection (the password too, when the data source or
    // its .env gives one; it goes to the keychain on Save like a typed one), its
    // migrationsTableName and schema, and the project folder. False, with the
    // reason under the form, when no data source can be read there.
    bool importTypeOrmProject(const QString &folder);

    // Connects with the current fields on a worker thread, as the Test
    // Connection button does; connectionTested() reports the outcome.
    void testConnection();
    bool isTestingConnection() const;

    // Save: validates, saves the profile, then stores or removes the password
    // in the keychain; closes when that is done.
    void accept() override;
    void reject() override;

Q_SIGNALS:
    // `message` is "Connected: PostgreSQL 15.4" or the full error.
    void connectionTested(bool ok, const QString &message);
    // The keychain answered the request setProfile() made (found, not found or failed).
    void passwordLoadFinished();
    // The pg_dump the profile would use was looked up (the label under the
    // pg_dump folder says which, or what is wrong).
    void pgToolChecked(bool ok);
    // After Accept Host Key: the bastion's key was recorded in known_hosts
    // (then the connection is tested again), or why not.
    void hostKeyAccepted(bool ok, const QString &message);

private:
    void fillConnection(const ConnectionSettings &settings);
    enum class PasswordState {
        Unknown, // a new profile: nothing can be stored yet
        Loading, // a read is on its way
        Stored, // the keychain had one
        NotStored, // the keychain has none
        LoadFailed, // the keychain could not be asked; one may be stored
    };
    // The file dialogs are opened with open(), not exec(): no nested event loop.
    void chooseFolderInto(QLineEdit *edit, const QString &title, const QString &start,
        const std::function<void()> &chosen = {});
    void chooseMigrationsFolder();
    void chooseBackupFolder();
    void choosePgBinFolder();
    void updateBackupFolderPlaceholder();
    // Looks up pg_dump for the pg_dump folder on the lookup worker (it runs
    // `pg_dump --version`); pgToolLookedUp shows the answer.
    void checkPgTool();
    void pgToolLookedUp(quint64 requestId, const PgToolLookup &lookup);
    void chooseRootCertificate();
    void chooseEnvFile();
    void connectionTestFinished(quint64 requestId, const ConnectionTest &test);
    // A test refused the bastion's unknown host key: show its fingerprint and
    // the Accept Host Key button (never for a changed key).
    void showUnknownHostKey(const QString &keyType, const QString &fingerprint);
    void acceptHostKey();
    void hostKeyAcceptFinished(quint64 requestId, const HostKeyAcceptance &acceptance);
    void chooseSshKeyFile();
    // Store, remove or keep the SSH secret after the password; closes when done.
    std::optional<SecretStore::Operation> sshSecretStep() const;
    void closeSaved();
    void updateEnvironmentBadge();
    void updateSslWidgets();
    bool validate();
    QString newProfileId(const QString &name) const;
    void showValidationError(const QString &message, QWidget *field);
    void showKeychainMessage(const QString &message);
    void finishSave();

    void onPasswordRead(const QString &key, const QString &password);
    void onPasswordWritten(const QString &key);
    void onPasswordDeleted(const QString &key);
    void onKeychainFailed(
        const QString &key, SecretStore::Operation op, SecretStore::Failure failure, const QString &message);
    void onSshKeychainFailed(SecretStore::Operation op, SecretStore::Failure failure, const QString &message);
    // A keychain write or delete failed during Save: say why (`message`) and
    // turn Save into Continue Without Keychain, the secrets kept for this session.
    void continueWithoutKeychain(const QString &message);

    const std::unique_ptr<Ui::ConnectionDialog> m_ui;
    SecretStore &m_secrets;
    LookupWorker *m_lookups;
    quint64 m_testRequestId = 0; // the connection test on its way (0: none)
    quint64 m_pgToolRequestId = 0; // the pg_dump lookup on its way (0: none)
    QString m_pgToolCheckedFor; // the folder the running or last lookup was for
    bool m_pgToolRecheck = false; // the folder changed during a lookup
    // From the last successful connection test: pg_dump must be at least as new.
    int m_serverVersionNumber = 0;
    QString m_serverVersion;
    ConnectionProfile m_profile; // the id and anything the form does not show
    bool m_isNew = true;
    PasswordState m_passwordState = PasswordState::Unknown;
    bool m_passwordEdited = false; // typed or imported since the dialog opened
    std::optional<SecretStore::Operation> m_savingPassword; // Write or Delete, while Save waits for it
    bool m_continueWithoutKeychain = false; // the keychain failed during Save
    bool m_passwordInKeychain = false;
    // The SSH secret, under m_profile.sshKeychainKey(): the same states as the password's.
    PasswordState m_sshSecretState = PasswordState::Unknown;
    bool m_sshSecretEdited = false;
    std::optional<SecretStore::Operation> m_savingSshSecret;
    quint64 m_hostKeyRequestId = 0; // Accept Host Key on its way (0: none)
    QString m_unknownFingerprint; // the key the last test refused, as shown
};
