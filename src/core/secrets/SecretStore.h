#pragma once

#include <QObject>
#include <QString>

// Where Strata keeps connection passwords: the operating system's keychain,
// never the settings file. The interface is asynchronous because the keychain
// is: a request returns at once and its outcome arrives later as exactly one
// signal, passwordRead/passwordWritten/passwordDeleted or failed, carrying the
// request's key so that several requests can be told apart.
//
// Keys are namespaced "strata/<profile id>" (ConnectionProfile::keychainKey()).
// Requests are answered in the order they were made. Call it from the GUI
// (main) thread: the keychain backends deliver their answers through its event
// loop. Implementations never log, persist or pass on a password anywhere but
// the keychain.
class SecretStore : public QObject
{
    Q_OBJECT

public:
    enum class Operation { Read, Write, Delete };
    Q_ENUM(Operation)

    enum class Failure {
        NotFound, // no password stored under the key (reads only: deleting a missing one succeeds)
        Unavailable, // no keychain: no session bus, no Secret Service or KWallet, or it is locked
        Denied, // the user or the keychain refused Strata access
        Other, // anything else; the message has the keychain's own words
    };
    Q_ENUM(Failure)

    explicit SecretStore(QObject *parent = nullptr);
    ~SecretStore() override;

    virtual void readPassword(const QString &key) = 0;
    virtual void writePassword(const QString &key, const QString &password) = 0;
    // Succeeds (passwordDeleted) also when nothing was stored under the key.
    virtual void deletePassword(const QString &key) = 0;

    // "read", "write" or "delete", for messages.
    static QString operationName(Operation op);

Q_SIGNALS:
    void passwordRead(const QString &key, const QString &password);
    void passwordWritten(const QString &key);
    void passwordDeleted(const QString &key);
    // `message` is a complete sentence for the user: what happened and what to do.
    void failed(
        const QString &key, SecretStore::Operation op, SecretStore::Failure failure, const QString &message);
};
