#pragma once

#include "PreflightOptions.h"
#include "PreflightReport.h"
#include "migration/MigrationSource.h"

class PgConnection;
struct ConnectionSettings;

// The checks before a run: can we connect (and as whom), is the migration lock
// free, what would run, is anything drifted or malformed, what does the linter
// say about it (with the tables' real sizes), how old is the last backup, and
// who on the server is in the way: sessions holding locks that conflict with
// the plan's on the tables it touches, and open transactions a CREATE INDEX
// CONCURRENTLY would wait for. Reads only; takes no lock of its own.
class Preflight
{
public:
    // On an open connection (the caller's session is left out of the scan).
    static PreflightReport run(
        PgConnection &connection, const MigrationSource::Scan &scan, const PreflightOptions &options);
    // Connects first; a connection failure is the report's "connection"
    // blocker and a folder that could not be scanned its "files" blocker, not
    // errors: the report is the answer either way. The caller scans, because
    // what a folder holds depends on who reads it (.sql files, or a TypeORM
    // project's migrations: TypeOrmMigrationSource).
    static PreflightReport run(const ConnectionSettings &settings, const Result<MigrationSource::Scan> &scan,
        const PreflightOptions &options);
};
