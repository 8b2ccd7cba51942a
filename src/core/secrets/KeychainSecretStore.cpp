#include "KeychainSecretStore.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <qt6keychain/keychain.h>

// QtKeychain talks to the Secret Service and KWallet over the D-Bus session bus
// on Linux and the BSDs; Qt6::DBus then comes with it and tells a missing bus
// apart from other failures. Elsewhere the header is not on the include path.
#if __has_include(<QDBusConnection>)
#include <QDBusConnection>
#define STRATA_SECRETS_DBUS 1
#else
#define STRATA_SECRETS_DBUS 0
#endif

#include <utility>

namespace {

Q_LOGGING_CATEGORY(lcSecrets, "strata.secrets", QtWarningMsg)

// How a failed job is reported.
struct Diagnosis
{
    SecretStore::Failure failure = SecretStore::Failure::Other;
    QString reason; // in parentheses in the message
    bool locked = false; // Unavailable because locked, not missing: retrying will not help
};

Diagnosis diagnose(QKeychain::Error error, const QString &backendMessage)
{
    using Failure = SecretStore::Failure;
    switch (error) {
    case QKeychain::EntryNotFound:
        return { Failure::NotFound, backendMessage };
    case QKeychain::NoBackendAvailable:
        return { Failure::Unavailable, backendMessage };
    case QKeychain::AccessDeniedByUser:
        return { Failure::Denied, backendMessage };
    case QKeychain::AccessDenied:
        // With libsecret this is SECRET_ERROR_IS_LOCKED; elsewhere a wallet or
        // keychain that would not open. Either way it is closed to us for now.
        return { Failure::Unavailable, backendMessage, true };
    case QKeychain::NoError:
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        break;
    }
#if STRATA_SECRETS_DBUS
    // libsecret reports a missing bus or Secret Service as a plain OtherError
    // carrying GLib's (translated) words; look at the bus ourselves instead.
    if (!QDBusConnection::sessionBus().isConnected())
        return { Failure::Unavailable, KeychainSecretStore::tr("no D-Bus session bus") };
    // The bus daemon's own reply (never translated) when nothing owns or can
    // start the Secret Service: org.freedesktop.DBus.Error.ServiceUnknown.
    if (backendMessage.contains(QLatin1String("org.freedesktop.secrets")))
        return { Failure::Unavailable, KeychainSecretStore::tr("no Secret Service on the session bus") };
#endif
    return { Failure::Other, backendMessage };
}

QString describe(SecretStore::Operation op, const QString &key, const Diagnosis &d)
{
    using Failure = SecretStore::Failure;
    using Operation = SecretStore::Operation;
    switch (d.failure) {
    case Failure::NotFound:
        return KeychainSecretStore::tr("No password for %1 is stored in the system keychain.").arg(key);
    case Failure::Unavailable:
        if (d.locked) {
            if (op == Operation::Delete)
                return KeychainSecretStore::tr("The system keychain is locked (%1), so the password for %2 "
                                               "stays in it: unlock the keychain and delete it again.")
                    .arg(d.reason, key);
            return KeychainSecretStore::tr("The system keychain is locked (%1): unlock it and try again, or "
                                           "enter the password for this session only.")
                .arg(d.reason);
        }
        if (op == Operation::Delete)
            return KeychainSecretStore::tr(
                "The system keychain is not available (%1), so the password for %2 "
                "could not be removed from it: start gnome-keyring or KWallet and "
                "delete it again.")
                .arg(d.reason, key);
        return KeychainSecretStore::tr("The system keychain is not available (%1): start gnome-keyring or "
                                       "KWallet, or enter the password for this session only.")
            .arg(d.reason);
    case Failure::Denied:
        return KeychainSecretStore::tr(
            "The system keychain denied Strata access to the password for %1 (%2): "
            "allow access when the keychain asks, or enter the password for this "
            "session only.")
            .arg(key, d.reason);
    case Failure::Other:
        break;
    }
    return KeychainSecretStore::tr("Could not %1 the password for %2 in the system keychain: %3.")
        .arg(SecretStore::operationName(op), key, d.reason);
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QObject *parent)
    : SecretStore(parent)
{
}

KeychainSecretStore::~KeychainSecretStore() = default;

QString KeychainSecretStore::serviceName()
{
    return QStringLiteral("strata");
}

void KeychainSecretStore::readPassword(const QString &key)
{
    enqueue({ Operation::Read, key, {} });
}

void KeychainSecretStore::writePassword(const QString &key, const QString &password)
{
    enqueue({ Operation::Write, key, password });
}

void KeychainSecretStore::deletePassword(const QString &key)
{
    enqueue({ Operation::Delete, key, {} });
}

void KeychainSecretStore::enqueue(Request request)
{
    Q_ASSERT_X(QThread::currentThread() == QCoreApplication::instance()->thread(), "KeychainSecretStore",
        "QtKeychain jobs must be started on the main thread");
    m_queue.push_back(std::move(request));
    startNext();
}

void KeychainSecretStore::startNext()
{
    if (m_running || m_queue.empty())
        return;
    m_running = true;
    startCurrent();
}

void KeychainSecretStore::startCurrent()
{
    const Request &request = m_queue.front();
    QKeychain::Job *job = nullptr;
    switch (request.op) {
    case Operation::Read:
        job = new QKeychain::ReadPasswordJob(serviceName());
        break;
    case Operation::Write: {
        auto *write = new QKeychain::WritePasswordJob(serviceName());
        write->setTextData(request.password);
        job = write;
        break;
    }
    case Operation::Delete:
        job = new QKeychain::DeletePasswordJob(serviceName());
        break;
    }
    // No parent: nothing may delete a running job, which libsecret calls back
    // into. It deletes itself once it has emitted finished; if this store is
    // gone by then, the connection is gone with it.
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(request.key);
    connect(job, &QKeychain::Job::finished, this, &KeychainSecretStore::jobFinished);
    qCDebug(lcSecrets) << "starting" << operationName(request.op) << request.key
                       << (request.retried ? "(retry)" : "");
    job->start();
}

void KeychainSecretStore::jobFinished(QKeychain::Job *job)
{
    Q_ASSERT(m_running && !m_queue.empty());
    Request &request = m_queue.front();
    const QKeychain::Error error = job->error();
    const QString key = request.key;
    const Operation op = request.op;
    QPointer<KeychainSecretStore> alive(this);

    if (error == QKeychain::NoError || (error == QKeychain::EntryNotFound && op == Operation::Delete)) {
        qCDebug(lcSecrets) << operationName(op) << key << "done";
        QString password;
        if (op == Operation::Read)
            password = static_cast<QKeychain::ReadPasswordJob *>(job)->textData();
        finishCurrent();
        switch (op) {
        case Operation::Read:
            Q_EMIT passwordRead(key, password);
            break;
        case Operation::Write:
            Q_EMIT passwordWritten(key);
            break;
        case Operation::Delete:
            Q_EMIT passwordDeleted(key);
            break;
        }
    } else {
        const Diagnosis diagnosis = diagnose(error, job->errorString());
        if (diagnosis.failure == Failure::Unavailable && !diagnosis.locked && !request.retried) {
            qCInfo(lcSecrets) << "no keychain yet for" << operationName(op) << key << "(" << diagnosis.reason
                              << "); trying again in" << m_retryDelay.count() << "ms";
            request.retried = true;
            QTimer::singleShot(m_retryDelay, this, &KeychainSecretStore::startCurrent);
            return;
        }
        qCInfo(lcSecrets) << operationName(op) << key << "failed:" << int(error) << job->errorString();
        finishCurrent();
        Q_EMIT failed(key, op, diagnosis.failure, describe(op, key, diagnosis));
    }
    // A slot may have deleted this store, or queued and started another request.
    if (alive)
        startNext();
}

void KeychainSecretStore::finishCurrent()
{
    m_queue.front().password.fill(QChar(0));
    m_queue.pop_front();
    m_running = false;
}
