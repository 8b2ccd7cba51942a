#pragma once

#include "common/StrataError.h"

#include <QString>

#include <atomic>
#include <functional>

class PgConnection;

// The session-level advisory lock every runner takes for the whole run, so two
// runners (two desktops, a desktop and CI) never apply the same migration
// twice. Session-level, not transaction-level: the run spans many transactions.
// If the runner dies, the server ends its session and the lock goes with it.
class MigrationLock
{
public:
    MigrationLock(PgConnection &connection, const QString &name);
    ~MigrationLock();

    MigrationLock(const MigrationLock &) = delete;
    MigrationLock &operator=(const MigrationLock &) = delete;

    // Tries every 100 ms for up to `waitSeconds`; `waiting` is told who holds it
    // (once, when the first try fails); `cancelled` ends the wait early.
    Status acquire(int waitSeconds, const std::atomic_bool &cancelled,
        const std::function<void(const QString &holder)> &waiting = {});
    void release();
    bool isHeld() const { return m_held; }

    // The 64-bit advisory lock key for a name (first 8 bytes of its SHA-256).
    static qint64 keyFor(const QString &name);
    // Who holds the lock for `name` now ("pid 42, user ..."); empty when nobody.
    // Reads pg_locks; takes nothing.
    static Result<QString> holder(PgConnection &connection, const QString &name);

private:
    QString describeHolder();
    static Result<QString> holderOfKey(PgConnection &connection, qint64 key);

    PgConnection &m_connection;
    qint64 m_key;
    bool m_held = false;
};
