#include "SchemaMarkDelegate.h"

#include "models/SchemaTreeModel.h"

#include <QColor>

void SchemaMarkDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    using Action = SchemaTreeModel::Mark::Action;
    const int mark = index.data(SchemaTreeModel::MarkRole).toInt();
    if (mark < 0) {
        // Drift: made by no migration, in grey italics.
        if (index.column() == SchemaTreeModel::OriginColumn && !index.data().toString().isEmpty()
            && index.data(SchemaTreeModel::OriginMigrationRole).toString().isEmpty()) {
            option->font.setItalic(true);
            option->palette.setColor(QPalette::Text, QColor(0x9a, 0x3b, 0x00));
        }
        return;
    }
    QColor tint;
    switch (Action(mark)) {
    case Action::Created:
    case Action::OnlyOther:
        tint = QColor(0x2e, 0xa0, 0x43, 60);
        break;
    case Action::Changed:
    case Action::Differs:
        tint = QColor(0xd2, 0x99, 0x22, 70);
        break;
    case Action::Dropped:
    case Action::OnlyHere:
        tint = QColor(0xcf, 0x22, 0x2e, 60);
        break;
    }
    option->backgroundBrush = tint;
    if (index.data(SchemaTreeModel::DataLossRole).toBool())
        option->font.setBold(true);
}
