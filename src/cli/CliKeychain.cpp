#include "CliKeychain.h"

#include "secrets/KeychainSecretStore.h"

#include <QEventLoop>
#include <QTimer>

QString CliKeychain::readPassword(const QString &key, QString *problem)
{
    KeychainSecretStore store;
    QEventLoop loop;
    QString password;
    bool done = false;
    QObject::connect(&store, &SecretStore::passwordRead, &loop, [&](const QString &, const QString &value) {
        password = value;
        done = true;
        loop.quit();
    });
    QObject::connect(&store, &SecretStore::failed, &loop,
        [&](const QString &, SecretStore::Operation, SecretStore::Failure failure, const QString &message) {
            if (problem && failure != SecretStore::Failure::NotFound)
                *problem = message;
            done = true;
            loop.quit();
        });
    // A keychain that never answers (a locked one waiting for a prompt nobody sees) must not hang the CLI.
    QTimer::singleShot(15000, &loop, [&] {
        if (problem)
            *problem = QStringLiteral("the keychain did not answer within 15 s");
        loop.quit();
    });
    store.readPassword(key);
    if (!done)
        loop.exec();
    return password;
}

void CliKeychain::readProfileSecrets(
    const ConnectionProfile &profile, ConnectionSettings *settings, QString *problem)
{
    settings->password = readPassword(profile.keychainKey(), problem);
    if (settings->ssh && settings->ssh->isSet())
        settings->ssh->secret = readPassword(profile.sshKeychainKey(), problem);
}
