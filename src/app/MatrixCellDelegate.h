#pragma once

#include <QStyledItemDelegate>

// Colours the environments matrix (EnvironmentMatrixModel's roles): rows
// where environments disagree on an amber ground, states that need a look
// (edited, missing file, out of order) in red, an unreachable column grey.
class MatrixCellDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
