#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

// One row of the history table, joined with its companion row when there is one
// (migrations applied by TypeORM have none: their checksum is unknown).
struct AppliedMigration
{
    qint64 id = 0;
    qint64 timestamp = 0;
    QString name; // <PascalName><timestamp>

    bool hasDetails = false; // a companion row exists
    QString checksum;
    QDateTime appliedAt;
    QString appliedBy;
    qint64 durationMs = 0;
    QString toolVersion;
    bool transactional = true;
    // Loaded only when asked for (reverting a migration whose file is gone).
    QByteArray upSql;
    QByteArray downSql;
};

using AppliedMigrationList = QList<AppliedMigration>;
