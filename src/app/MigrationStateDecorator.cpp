#include "MigrationStateDecorator.h"

#include "models/MigrationTableModel.h"
#include "planner/MigrationStatus.h"

#include <QBrush>
#include <QColor>
#include <QIcon>

namespace {

QIcon stateIcon(MigrationState state)
{
    // Loaded once: the view asks for every visible row on each repaint.
    static const QIcon applied(QStringLiteral(":/icons/state-applied.svg"));
    static const QIcon pending(QStringLiteral(":/icons/state-pending.svg"));
    static const QIcon outOfOrder(QStringLiteral(":/icons/state-out-of-order.svg"));
    static const QIcon edited(QStringLiteral(":/icons/state-edited.svg"));
    static const QIcon missing(QStringLiteral(":/icons/state-missing.svg"));
    switch (state) {
    case MigrationState::Applied:
        return applied;
    case MigrationState::Pending:
        return pending;
    case MigrationState::OutOfOrder:
        return outOfOrder;
    case MigrationState::Edited:
        return edited;
    case MigrationState::Missing:
        return missing;
    }
    return {};
}

} // namespace

QVariant MigrationStateDecorator::data(const QModelIndex &index, int role) const
{
    if (role == Qt::DecorationRole && index.column() == MigrationTableModel::StateColumn) {
        const QVariant state = QIdentityProxyModel::data(index, MigrationTableModel::StateRole);
        return state.isValid() ? QVariant(stateIcon(static_cast<MigrationState>(state.toInt()))) : QVariant();
    }
    if (role == Qt::ForegroundRole && index.column() == MigrationTableModel::GitColumn
        && QIdentityProxyModel::data(index, MigrationTableModel::GitFlaggedRole).toBool())
        return QBrush(QColor(0xc6, 0x28, 0x28));
    if (role == Qt::ForegroundRole) {
        const auto state = static_cast<MigrationState>(
            QIdentityProxyModel::data(index, MigrationTableModel::StateRole).toInt());
        if (state == MigrationState::Edited || state == MigrationState::Missing)
            return QBrush(QColor(0xc6, 0x28, 0x28));
        if (state == MigrationState::OutOfOrder)
            return QBrush(QColor(0xb2, 0x6a, 0x00));
    }
    return QIdentityProxyModel::data(index, role);
}
