#include "MigrationTableModel.h"

namespace {

int stateIndex(MigrationState state)
{
    return int(state);
}

QString appliedAtText(const QDateTime &at)
{
    return at.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

// A checksum is 64 hex digits; the first 12 tell two apart in a tooltip.
QString shortChecksum(const QString &checksum)
{
    return checksum.size() > 12 ? checksum.left(12) + QChar(0x2026) : checksum;
}

} // namespace

MigrationTableModel::MigrationTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void MigrationTableModel::setStatuses(MigrationStatusList statuses)
{
    beginResetModel();
    m_statuses = std::move(statuses);
    m_rows.clear();
    m_rows.reserve(m_statuses.size());
    m_rowByName.clear();
    m_rowByName.reserve(m_statuses.size());
    m_counts.fill(0);
    for (qsizetype i = 0; i < m_statuses.size(); ++i) {
        const MigrationStatus &s = m_statuses.at(i);
        Row row;
        row.timestamp = QString::number(s.timestamp);
        if (s.file) {
            row.name = s.file->name;
            // Migration::fileName() goes through QFileInfo; the path is ours, so cut it directly.
            row.fileName = s.file->filePath.mid(s.file->filePath.lastIndexOf(QLatin1Char('/')) + 1);
        } else {
            row.name = s.name;
        }
        if (s.applied && s.applied->hasDetails) {
            if (s.applied->appliedAt.isValid()) {
                row.appliedAt = appliedAtText(s.applied->appliedAt);
                row.appliedAtMsecs = s.applied->appliedAt.toMSecsSinceEpoch();
            }
            row.appliedBy = s.applied->appliedBy;
            row.duration = formatDuration(s.applied->durationMs);
            row.durationMs = s.applied->durationMs;
        }
        row.checksumState = checksumState(s);
        m_rows.append(std::move(row));
        m_rowByName.insert(s.name, int(i));
        const int state = stateIndex(s.state);
        if (state >= 0 && state < int(m_counts.size()))
            ++m_counts[state];
    }
    endResetModel();
}

void MigrationTableModel::setGitStates(
    const QHash<QString, QString> &stateByPath, const QSet<QString> &flaggedPaths)
{
    m_gitStates = stateByPath;
    m_gitFlagged = flaggedPaths;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

void MigrationTableModel::clear()
{
    setStatuses({});
}

const MigrationStatus *MigrationTableModel::statusAt(int row) const
{
    if (row < 0 || row >= m_statuses.size())
        return nullptr;
    return &m_statuses.at(row);
}

int MigrationTableModel::rowOf(const QString &historyName) const
{
    return m_rowByName.value(historyName, -1);
}

int MigrationTableModel::count(MigrationState state) const
{
    const int i = stateIndex(state);
    return i >= 0 && i < int(m_counts.size()) ? m_counts[i] : 0;
}

QString MigrationTableModel::formatDuration(qint64 ms)
{
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms < 60000)
        return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 2);
    const qint64 seconds = (ms + 500) / 1000;
    return QStringLiteral("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QString MigrationTableModel::checksumState(const MigrationStatus &status)
{
    // Nothing to compare unless both the file and the recorded row exist.
    if (!status.file || !status.applied)
        return {};
    if (status.checksumUnknown())
        return QStringLiteral("unknown");
    if (status.state == MigrationState::Edited || status.applied->checksum != status.file->checksum)
        return QStringLiteral("differs");
    return QStringLiteral("ok");
}

int MigrationTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MigrationTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MigrationTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    const MigrationStatus &s = m_statuses.at(row);
    const Row &r = m_rows.at(row);

    switch (role) {
    case Qt::DisplayRole:
        switch (Column(column)) {
        case StateColumn:
            return stateName(s.state);
        case TimestampColumn:
            return r.timestamp;
        case NameColumn:
            return r.name;
        case AppliedAtColumn:
            return r.appliedAt;
        case AppliedByColumn:
            return r.appliedBy;
        case DurationColumn:
            return r.duration;
        case ChecksumColumn:
            return r.checksumState;
        case GitColumn:
            return s.file ? m_gitStates.value(s.file->filePath) : QString();
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        return toolTip(row, column);
    case StateRole:
        return int(s.state);
    case FilePathRole:
        return s.file ? s.file->filePath : QString();
    case FileNameRole:
        return r.fileName;
    case HistoryNameRole:
        return s.name;
    case SortRole:
        return sortKey(row, column);
    case IsAppliedRole:
        return s.isApplied();
    case ChecksumStateRole:
        return r.checksumState;
    case GitStateRole:
        return s.file ? m_gitStates.value(s.file->filePath) : QString();
    case GitFlaggedRole:
        return s.file && m_gitFlagged.contains(s.file->filePath);
    default:
        return {};
    }
}

QVariant MigrationTableModel::sortKey(int row, int column) const
{
    const MigrationStatus &s = m_statuses.at(row);
    const Row &r = m_rows.at(row);
    switch (Column(column)) {
    case StateColumn:
        return int(s.state);
    case TimestampColumn:
        return s.timestamp;
    case NameColumn:
        return r.name;
    case AppliedAtColumn:
        return r.appliedAtMsecs;
    case AppliedByColumn:
        return r.appliedBy;
    case DurationColumn:
        return r.durationMs;
    case ChecksumColumn:
        return r.checksumState;
    case GitColumn:
        return s.file ? m_gitStates.value(s.file->filePath) : QString();
    case ColumnCount:
        break;
    }
    return {};
}

// Made on demand: a view asks for one tooltip at a time, never for every row.
QString MigrationTableModel::toolTip(int row, int column) const
{
    const MigrationStatus &s = m_statuses.at(row);
    QStringList lines;
    lines << stateDescription(s.state);
    if (s.file)
        lines << QStringLiteral("File: %1").arg(s.file->filePath);
    else
        lines << QStringLiteral("File: none in the migrations folder (recorded as %1)").arg(s.name);
    if (s.applied) {
        const AppliedMigration &a = *s.applied;
        if (a.hasDetails) {
            QString applied = QStringLiteral("Applied");
            if (a.appliedAt.isValid())
                applied += QStringLiteral(" %1 UTC").arg(appliedAtText(a.appliedAt));
            if (!a.appliedBy.isEmpty())
                applied += QStringLiteral(" by %1").arg(a.appliedBy);
            applied += QStringLiteral(" in %1").arg(formatDuration(a.durationMs));
            if (!a.toolVersion.isEmpty())
                applied += QStringLiteral(" (Strata %1)").arg(a.toolVersion);
            if (!a.transactional)
                applied += QStringLiteral(", outside a transaction");
            lines << applied;
        } else {
            lines << QStringLiteral(
                "Applied by TypeORM or another tool that records no checksum: Strata cannot tell "
                "whether the file changed since.");
        }
        lines << QStringLiteral("History id: %1").arg(a.id);
    }
    if (s.file && m_gitFlagged.contains(s.file->filePath))
        lines << QStringLiteral(
            "Committed, then changed: a committed migration may already have run elsewhere. "
            "Restore it and put the change in a new migration.");
    if (column == ChecksumColumn && s.applied && s.applied->hasDetails) {
        lines << QStringLiteral("Recorded checksum: %1").arg(shortChecksum(s.applied->checksum));
        if (s.file)
            lines << QStringLiteral("File checksum: %1").arg(shortChecksum(s.file->checksum));
    }
    return lines.join(QLatin1Char('\n'));
}

QVariant MigrationTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        switch (Column(section)) {
        case StateColumn:
            return QStringLiteral("State");
        case TimestampColumn:
            return QStringLiteral("Timestamp");
        case NameColumn:
            return QStringLiteral("Name");
        case AppliedAtColumn:
            return QStringLiteral("Applied at (UTC)");
        case AppliedByColumn:
            return QStringLiteral("Applied by");
        case DurationColumn:
            return QStringLiteral("Duration");
        case ChecksumColumn:
            return QStringLiteral("Checksum");
        case GitColumn:
            return QStringLiteral("Git");
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case StateColumn:
            return QStringLiteral("What Strata concludes from the folder and the database's history");
        case TimestampColumn:
            return QStringLiteral("The 13-digit millisecond timestamp that orders migrations");
        case NameColumn:
            return QStringLiteral("The name in the file name, or the recorded name when the file is gone");
        case AppliedAtColumn:
            return QStringLiteral("When it was applied, in UTC; empty for TypeORM's own rows");
        case AppliedByColumn:
            return QStringLiteral("Who applied it, as recorded by Strata");
        case DurationColumn:
            return QStringLiteral("How long applying it took");
        case ChecksumColumn:
            return QStringLiteral(
                "Whether the file still matches what was applied: ok, differs, or unknown when the "
                "history records no checksum");
        case GitColumn:
            return QStringLiteral("The file in git: untracked, modified, staged or committed");
        case ColumnCount:
            break;
        }
    }
    return {};
}

QHash<int, QByteArray> MigrationTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(StateRole, "state");
    names.insert(FilePathRole, "filePath");
    names.insert(HistoryNameRole, "historyName");
    names.insert(SortRole, "sortKey");
    names.insert(IsAppliedRole, "isApplied");
    names.insert(ChecksumStateRole, "checksumState");
    names.insert(FileNameRole, "fileName");
    names.insert(GitStateRole, "gitState");
    names.insert(GitFlaggedRole, "gitFlagged");
    return names;
}
