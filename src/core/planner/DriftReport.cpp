#include "DriftReport.h"

#include "migration/MigrationName.h"

#include <QDir>

namespace {

// TypeORM's history name is <Name><timestamp>, the file is
// <timestamp>-<Name>.sql: a missing file's name can be rebuilt.
QString expectedFileName(const MigrationStatus &status)
{
    MigrationName name;
    QString ignored;
    if (!MigrationName::fromHistoryName(status.name, &name, &ignored) || name.timestamp() != status.timestamp)
        return {};
    return name.fileName();
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
