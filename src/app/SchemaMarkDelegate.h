#pragma once

#include <QStyledItemDelegate>

// Tints the schema browser's rows by SchemaTreeModel::MarkRole: green for
// what a migration creates (or only the other database has), amber for a
// change, red for a drop; a drop that loses data in bold.
class SchemaMarkDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
