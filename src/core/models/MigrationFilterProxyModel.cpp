#include "MigrationFilterProxyModel.h"

#include "MigrationTableModel.h"

MigrationFilterProxyModel::MigrationFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(MigrationTableModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void MigrationFilterProxyModel::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateFilter();
    Q_EMIT filterChanged();
}

void MigrationFilterProxyModel::setStateFilter(StateFilter filter)
{
    if (filter == m_stateFilter)
        return;
    m_stateFilter = filter;
    invalidateFilter();
    Q_EMIT filterChanged();
}

bool MigrationFilterProxyModel::stateAccepted(StateFilter filter, MigrationState state)
{
    switch (filter) {
    case AllStates:
        return true;
    case PendingOnly:
        return state == MigrationState::Pending || state == MigrationState::OutOfOrder;
    case AppliedOnly:
        return state == MigrationState::Applied;
    case ProblemsOnly:
        return state == MigrationState::Edited || state == MigrationState::Missing
            || state == MigrationState::OutOfOrder;
    }
    return true;
}

bool MigrationFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *source = sourceModel();
    if (!source)
        return false;
    const QModelIndex index = source->index(sourceRow, MigrationTableModel::NameColumn, sourceParent);
    if (m_stateFilter != AllStates) {
        const auto state = MigrationState(index.data(MigrationTableModel::StateRole).toInt());
        if (!stateAccepted(m_stateFilter, state))
            return false;
    }
    if (m_text.isEmpty())
        return true;
    // The history name is <PascalName><timestamp>, so it covers the name and the
    // timestamp columns; the file name adds the `<timestamp>-<Name>.sql` form.
    return index.data(MigrationTableModel::HistoryNameRole).toString().contains(m_text, Qt::CaseInsensitive)
        || index.data(MigrationTableModel::FileNameRole).toString().contains(m_text, Qt::CaseInsensitive);
}

bool MigrationFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant l = left.data(sortRole());
    const QVariant r = right.data(sortRole());
    int order = 0;
    if (l.typeId() == QMetaType::QString && r.typeId() == QMetaType::QString) {
        order = QString::compare(l.toString(), r.toString(), sortCaseSensitivity());
    } else {
        const QPartialOrdering c = QVariant::compare(l, r);
        order = c == QPartialOrdering::Less ? -1 : c == QPartialOrdering::Greater ? 1 : 0;
    }
    if (order != 0)
        return order < 0;
    // Descending sorts ask lessThan(right, left); flip the tie-break so ties
    // read in timestamp order both ways.
    return sortOrder() == Qt::AscendingOrder ? left.row() < right.row() : left.row() > right.row();
}
