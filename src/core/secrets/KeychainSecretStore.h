#pragma once

#include "SecretStore.h"

#include <chrono>
#include <deque>

namespace QKeychain {
class Job;
}

// SecretStore on the operating system's keychain through QtKeychain: the
// Secret Service (gnome-keyring, KeePassXC, KWallet 5.97+) or KWallet on Linux,
// the Keychain on macOS, the Credential Manager on Windows. Entries use the
// service name "strata" and the request's key; on Linux through libsecret they
// are found with `secret-tool lookup user <key> server strata type plaintext`.
//
// There is no insecure fallback: when no keychain is reachable the request
// fails with Failure::Unavailable and the caller keeps the password in memory
// for the session. Because a desktop's keyring may come up after the
// application does, a request that finds no keychain is tried once more after
// retryDelay() before it fails.
//
// QtKeychain jobs need the main thread's event loop: use this object on the
// main thread only. Jobs run one at a time in request order; a running job is
// never deleted (not even when this object is: the job then finishes unheard
// and deletes itself).
class KeychainSecretStore : public SecretStore
{
    Q_OBJECT

public:
    explicit KeychainSecretStore(QObject *parent = nullptr);
    ~KeychainSecretStore() override;

    void readPassword(const QString &key) override;
    void writePassword(const QString &key, const QString &password) override;
    void deletePassword(const QString &key) override;

    static QString serviceName();

    std::chrono::milliseconds retryDelay() const { return m_retryDelay; }
    void setRetryDelay(std::chrono::milliseconds delay) { m_retryDelay = delay; }

private:
    struct Request
    {
        Operation op = Operation::Read;
        QString key;
        QString password; // Write only
        bool retried = false;
    };

    void enqueue(Request request);
    void startNext();
    void startCurrent();
    void jobFinished(QKeychain::Job *job);
    void finishCurrent(); // pops the running request and starts the next one

    std::deque<Request> m_queue; // the front one is running when m_running
    bool m_running = false;
    std::chrono::milliseconds m_retryDelay { 500 };
};
