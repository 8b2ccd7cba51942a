#pragma once

#include "planner/EnvironmentMatrix.h"

#include <QAbstractTableModel>
#include <QSet>

// The environments matrix as a table: a row per migration, a column per
// target. A cell's text is its state (with the date it was applied); the
// header says the target, its environment and, when it cannot be reached,
// why. Cells that take part in a difference (DiffersRole) and unreachable
// columns are for the view to colour; this model stays in core.
class EnvironmentMatrixModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role {
        StateRole = Qt::UserRole, // int of MigrationState, or -1 when the target is unreachable
        AppliedRole, // bool
        DiffersRole, // bool: the cell takes part in one of the matrix's differences
        HistoryNameRole, // the row's migration
        ReachableRole, // bool: the column's target answered
    };

    explicit EnvironmentMatrixModel(QObject *parent = nullptr);

    void setMatrix(const EnvironmentMatrix &matrix);
    const EnvironmentMatrix &matrix() const { return m_matrix; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    EnvironmentMatrix m_matrix;
    QList<EnvironmentMatrix::Row> m_rows;
    QList<EnvironmentMatrix::Target> m_targets;
    QSet<QString> m_differing; // "<migration>\n<target>"
};
