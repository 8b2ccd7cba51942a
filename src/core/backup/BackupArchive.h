#pragma once

#include "common/StrataError.h"
#include "db/ConnectionSettings.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

// What a custom-format dump holds, read with `pg_restore --list` (which needs
// no server): when and from which database it was made, and its tables. The
// restore confirmation names these, and the restore checks them afterwards.
struct BackupArchive
{
    QString path; // absolute
    QDateTime createdAt; // UTC
    QString database; // the database it was dumped from
    QStringList tables; // "schema.name" of every TABLE entry
    int tableDataCount = 0; // TABLE DATA entries
    qint64 sizeBytes = 0;

    // `pgRestore`: the pg_restore program to ask; empty: PgToolLocator's search.
    static Result<BackupArchive> read(
        const QString &path, const ConnectionSettings &settings = {}, const QString &pgRestore = {});
    // Parses pg_restore --list output (TZ=UTC).
    static BackupArchive parseList(const QString &listing);
};
