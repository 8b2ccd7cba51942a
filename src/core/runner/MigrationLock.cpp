#include "MigrationLock.h"

#include "common/Logging.h"
#include "db/PgConnection.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QThread>

#include <cstring>

qint64 MigrationLock::keyFor(const QString &name)
{
    const QByteArray digest = QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha256);
    qint64 key = 0;
    std::memcpy(&key, digest.constData(), sizeof key);
    return key;
}

MigrationLock::MigrationLock(PgConnection &connection, const QString &name)
    : m_connection(connection)
    , m_key(keyFor(name))
{
}

MigrationLock::~MigrationLock()
{
    release();
}

Status MigrationLock::acquire(
    int waitSeconds, const std::atomic_bool &cancelled, const std::function<void(const QString &)> &waiting)
{
    const QByteArray key = QByteArray::number(m_key);
    QDeadlineTimer deadline(qint64(qMax(0, waitSeconds)) * 1000);
    bool told = false;
    for (;;) {
        PgResult r = m_connection.execParams("SELECT pg_try_advisory_lock($1::bigint)", { key });
        if (!r.ok())
            return r.error();
        if (r.value(0, 0) == QLatin1String("t")) {
            m_held = true;
            qCDebug(lcRunner) << "migration lock" << m_key << "acquired";
            return Ok {};
        }
        const QString holder = describeHolder();
        if (!told && waiting) {
            waiting(holder);
            told = true;
        }
        if (deadline.hasExpired() || cancelled.load()) {
            StrataError e
                = StrataError::make(cancelled.load() ? StrataError::Kind::Cancelled : StrataError::Kind::Lock,
                    cancelled.load()
                        ? QStringLiteral("cancelled while waiting for the migration lock")
                        : QStringLiteral("another runner holds the migration lock (%1)").arg(holder));
            if (!cancelled.load())
                e.hint = QStringLiteral(
                    "wait for it to finish, or wait longer with --lock-wait SECONDS (waited %1 s)")
                             .arg(waitSeconds);
            return e;
        }
        QThread::msleep(100);
    }
}

QString MigrationLock::describeHolder()
{
    const Result<QString> who = holderOfKey(m_connection, m_key);
    return !who || who->isEmpty() ? QStringLiteral("holder unknown") : *who;
}

Result<QString> MigrationLock::holder(PgConnection &connection, const QString &name)
{
    return holderOfKey(connection, keyFor(name));
}

Result<QString> MigrationLock::holderOfKey(PgConnection &connection, qint64 key)
{
    // A bigint advisory lock shows in pg_locks as classid = high half,
    // objid = low half, objsubid = 1.
    PgResult r = connection.execParams(
        "SELECT a.pid, a.usename, a.application_name, coalesce(host(a.client_addr), 'local'), "
        "to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ') "
        "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        "AND l.classid = (($1::bigint >> 32) & 4294967295)::oid AND l.objid = ($1::bigint & 4294967295)::oid",
        { QByteArray::number(key) });
    if (!r.ok())
        return r.error();
    if (r.rowCount() == 0)
        return QString();
    return QStringLiteral("pid %1, user %2, application '%3', from %4, connected since %5")
        .arg(r.value(0, 0), r.value(0, 1), r.value(0, 2), r.value(0, 3), r.value(0, 4));
}

void MigrationLock::release()
{
    if (!m_held)
        return;
    m_held = false;
    if (!m_connection.isAlive())
        return;
    PgResult r
        = m_connection.execParams("SELECT pg_advisory_unlock($1::bigint)", { QByteArray::number(m_key) });
    if (!r.ok())
        qCWarning(lcRunner) << "could not release the migration lock:" << r.error().message;
}
