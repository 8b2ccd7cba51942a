#include "MatrixCellDelegate.h"

#include "models/EnvironmentMatrixModel.h"
#include "planner/MigrationStatus.h"

void MatrixCellDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (!index.data(EnvironmentMatrixModel::ReachableRole).toBool()) {
        option->palette.setColor(QPalette::Text, option->palette.color(QPalette::Disabled, QPalette::Text));
        return;
    }
    if (index.data(EnvironmentMatrixModel::DiffersRole).toBool())
        option->backgroundBrush = QColor(255, 236, 179); // amber: they disagree here
    const int state = index.data(EnvironmentMatrixModel::StateRole).toInt();
    if (state == int(MigrationState::Edited) || state == int(MigrationState::Missing)
        || state == int(MigrationState::OutOfOrder)) {
        option->palette.setColor(QPalette::Text, QColor(183, 28, 28));
        option->font.setBold(true);
    }
}
