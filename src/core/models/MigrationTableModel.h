#pragma once

#include "planner/MigrationStatus.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>

#include <array>

// The planner's statuses as a table: one row per migration, in the planner's
// (timestamp) order. Text only: icons and colours belong to the GUI, which keys
// them on StateRole through a delegate or a thin proxy, so this model stays in
// core and the CLI could use it too.
//
// Every string a view or a proxy asks for is made once in setStatuses(), so
// data() only indexes a vector: sorting or filtering 10,000 rows does no
// formatting, and scrolling does no allocation beyond the QVariant.
class MigrationTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        StateColumn,
        TimestampColumn,
        NameColumn,
        AppliedAtColumn,
        AppliedByColumn,
        DurationColumn,
        ChecksumColumn,
        GitColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        StateRole = Qt::UserRole, // int of MigrationState
        FilePathRole, // absolute path; empty when the file is missing
        HistoryNameRole, // <PascalName><timestamp>
        SortRole, // per column: numbers where the column is a number, else text
        IsAppliedRole, // bool: the history has a row for it (applied, edited, missing)
        ChecksumStateRole, // "ok", "differs", "unknown", or "" when there is nothing to compare
        FileNameRole, // the file name without its folder; empty when missing
        GitStateRole, // "untracked", "modified", "staged", "committed" ...; empty outside a repository
        GitFlaggedRole, // bool: committed, then changed: committed migrations are immutable
    };
    Q_ENUM(Role)

    explicit MigrationTableModel(QObject *parent = nullptr);

    void setStatuses(MigrationStatusList statuses);
    // The git state of each file (absolute path → state name) and the files
    // that were committed and then changed. Kept across setStatuses(): the git
    // scan and the database read arrive separately.
    void setGitStates(const QHash<QString, QString> &stateByPath, const QSet<QString> &flaggedPaths);
    void clear();
    const MigrationStatusList &statuses() const { return m_statuses; }

    // The status shown in `row`, or nullptr when out of range. The pointer is
    // valid until the next setStatuses() or clear().
    const MigrationStatus *statusAt(int row) const;
    // The row of the migration with this history name, or -1.
    int rowOf(const QString &historyName) const;
    // How many rows are in `state`.
    int count(MigrationState state) const;

    // "12 ms", "1.52 s", "2 min 05 s": durations as the table and the run log show them.
    static QString formatDuration(qint64 ms);
    // The ChecksumStateRole value of a status (see Role).
    static QString checksumState(const MigrationStatus &status);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    // What data() returns for one row, made once per setStatuses().
    struct Row
    {
        QString timestamp;
        QString name; // PascalName, or the history name when the file is missing
        QString appliedAt;
        QString appliedBy;
        QString duration;
        QString checksumState;
        QString fileName;
        qint64 appliedAtMsecs = -1; // -1: not applied or not recorded, sorts first
        qint64 durationMs = -1;
    };

    QString toolTip(int row, int column) const;
    QVariant sortKey(int row, int column) const;

    MigrationStatusList m_statuses;
    QList<Row> m_rows;
    QHash<QString, int> m_rowByName;
    std::array<int, 5> m_counts {};
    QHash<QString, QString> m_gitStates;
    QSet<QString> m_gitFlagged;
};
