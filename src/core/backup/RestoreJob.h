#pragma once

#include "common/StrataError.h"
#include "db/ConnectionSettings.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>

struct RestoreOptions
{
    QString dumpPath;
    // Empty: restore into the connected database (--clean --if-exists: the
    // dump's objects are dropped and recreated). Otherwise a database that must
    // not exist yet: it is created, restored into, and dropped again if the
    // restore fails, so a failure leaves nothing behind.
    QString newDatabase;
    QString pgBinDir; // the folder holding pg_restore; empty: PgToolLocator's search
};

struct RestoreResult
{
    QString database; // restored into
    bool createdDatabase = false;
    qint64 elapsedMs = 0;
    int tableCount = 0; // tables whose data was restored
    // Tables in the database afterwards that the dump does not hold (created
    // after it was taken): --clean only drops what the dump recreates.
    QStringList tablesNotInDump;
};

// `pg_restore --single-transaction` of a dump Strata (or anyone) made with
// pg_dump --format=custom, into the connected database or into a new one. One
// transaction: it restores completely or not at all. Ownership is kept as
// dumped (no --no-owner): the dump comes from this server, whose roles still
// exist, and a restore that silently handed every object to the restoring user
// would change who may alter them.
class RestoreJob : public QObject
{
    Q_OBJECT
public:
    RestoreJob(ConnectionSettings settings, RestoreOptions options, QObject *parent = nullptr);

    Result<RestoreResult> run();
    void cancel() { m_cancelled.store(true); }

Q_SIGNALS:
    void restoreStarted(const QString &database, int tableTotal);
    void processStarted(qint64 pid);
    void tableRestored(const QString &table, int done, int total);

private:
    ConnectionSettings m_settings;
    RestoreOptions m_options;
    std::atomic_bool m_cancelled { false };
};

Q_DECLARE_METATYPE(RestoreResult)
