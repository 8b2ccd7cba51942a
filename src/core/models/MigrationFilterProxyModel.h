#pragma once

#include "planner/MigrationStatus.h"

#include <QSortFilterProxyModel>

// Filters and sorts a MigrationTableModel for the migration list: a search box
// (text) and a state selector (StateFilter). Sorting goes by the source's
// SortRole, so timestamps, durations and dates sort as numbers, and rows with
// equal keys stay in the planner's (timestamp) order.
class MigrationFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum StateFilter {
        AllStates,
        PendingOnly, // pending and out-of-order: what `up` could apply
        AppliedOnly, // applied and unchanged
        ProblemsOnly, // edited, missing and out-of-order: what needs a person's attention
    };
    Q_ENUM(StateFilter)

    explicit MigrationFilterProxyModel(QObject *parent = nullptr);

    // Case-insensitive substring of the name, the timestamp or the file name;
    // surrounding blanks are ignored and empty shows every row.
    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }

    void setStateFilter(StateFilter filter);
    StateFilter stateFilter() const { return m_stateFilter; }

    static bool stateAccepted(StateFilter filter, MigrationState state);

Q_SIGNALS:
    void filterChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    // SortRole, then the source row: rows with equal keys stay in timestamp
    // order whatever the previous sort was (QSortFilterProxyModel's stable sort
    // alone would keep them in the previous sort's order).
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
    StateFilter m_stateFilter = AllStates;
};
