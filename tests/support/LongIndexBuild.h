#pragma once

class DbProbe;
class MigrationFolder;

// Sets up a migration whose CREATE INDEX takes seconds, so that the server's
// progress report of it can be watched: a table of 1.5 million rows, a costly
// expression and a maintenance_work_mem small enough to force an external sort
// (the lock-wait watcher reads progress of a statement that has run a second).
// Adds `1700000000001-IndexBig.sql` to the folder; false if the table could
// not be made.
namespace LongIndexBuild {
bool prepare(DbProbe &probe, MigrationFolder &folder);
}
