#include "EnvironmentMatrixReader.h"

#include "db/PgConnection.h"
#include "history/HistoryStore.h"
#include "planner/MigrationPlanner.h"

#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>

EnvironmentMatrix::Target EnvironmentMatrixReader::readTarget(
    const MigrationList &files, const Target &target)
{
    EnvironmentMatrix::Target column;
    column.label = target.label;
    column.environment = target.environment;
    Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(target.settings);
    if (!connection) {
        column.error = connection.error();
        return column;
    }
    column.serverVersion = (*connection)->serverVersionString();
    HistoryStore history(**connection, target.history);
    Result<AppliedMigrationList> applied = history.read(false);
    if (!applied) {
        column.error = applied.error();
        return column;
    }
    column.reachable = true;
    column.statuses = MigrationPlanner::statuses(files, *applied);
    return column;
}

EnvironmentMatrix EnvironmentMatrixReader::read(
    const MigrationList &files, const QList<Target> &targets, int concurrency)
{
    // A pool of our own: its bound is the number of connections open at once.
    QThreadPool pool;
    pool.setMaxThreadCount(std::max(1, concurrency));
    const QList<EnvironmentMatrix::Target> columns = QtConcurrent::blockingMapped(
        &pool, targets, [&files](const Target &target) { return readTarget(files, target); });
    return EnvironmentMatrix::build(files, columns);
}
