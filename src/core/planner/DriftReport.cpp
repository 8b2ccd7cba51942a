#include "DriftReport.h"

#include <QDir>

namespace {

// TypeORM's history name is <PascalName><timestamp>, the file is
// <timestamp>-<PascalName>.sql: a missing file's name can be rebuilt.
QString expectedFileName(const MigrationStatus &status)
{
    const QString timestamp = QString::number(status.timestamp);
    if (status.timestamp <= 0 || !status.name.endsWith(timestamp))
        return {};
    return timestamp + QLatin1Char('-') + status.name.chopped(timestamp.size()) + QStringLiteral(".sql");
}

} // namespace

DriftReport DriftReport::fromStatuses(const MigrationStatusList &statuses, const QString &directory)
{
    DriftReport report;
    for (const MigrationStatus &s : statuses) {
        if (s.state != MigrationState::Edited && s.state != MigrationState::Missing)
            continue;
        Entry e;
        e.state = s.state;
        e.name = s.name;
        if (s.file) {
            e.filePath = s.file->filePath;
            e.currentChecksum = s.file->checksum;
            e.currentUp = s.file->up.sql;
            e.currentDown = s.file->down.sql;
        } else if (const QString fileName = expectedFileName(s); !fileName.isEmpty()) {
            e.filePath = QDir(directory).absoluteFilePath(fileName);
        }
        if (s.applied) {
            e.recordedChecksum = s.applied->checksum;
            // read(true) fills the SQL only where a companion row recorded it;
            // a TypeORM-applied migration has none to compare with.
            e.sqlRecorded = s.applied->hasDetails;
            e.recordedUp = s.applied->upSql;
            e.recordedDown = s.applied->downSql;
        }
        report.m_entries.append(e);
    }
    return report;
}
