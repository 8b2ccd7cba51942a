#pragma once

#include "Migration.h"
#include "common/StrataError.h"

#include <QDateTime>

// The migrations folder of a project: every `*.sql` file in it (not in
// subfolders), parsed and ordered by timestamp. Malformed files do not stop the
// scan; each becomes a problem that names the file, so a status view can show
// all of them at once, while commands that change the database refuse to run.
class MigrationSource
{
public:
    struct Scan
    {
        QString directory;
        MigrationList migrations; // sorted by timestamp
        QList<StrataError> problems;
        int filesRead = 0; // the rest came from the checksum cache
    };

    // Full reads every file (what running, linting and diffing need). ForStatus
    // reads only files the checksum cache (MigrationFileCache) cannot vouch
    // for; the others come back with metadata only (contentLoaded false).
    // Both keep the cache up to date; `cacheFile` overrides where it is kept.
    enum class ScanDepth { Full, ForStatus };
    static Result<Scan> scan(
        const QString &directory, ScanDepth depth = ScanDepth::Full, const QString &cacheFile = {});

    // Writes `<now in ms>-<name>.sql` with empty sections and returns its path.
    // The timestamp is bumped past the newest existing one so two files created
    // in the same millisecond (or on a machine with a lagging clock) still sort.
    static Result<QString> createMigration(const QString &directory, const QString &name,
        const QDateTime &now = QDateTime::currentDateTimeUtc());
};
