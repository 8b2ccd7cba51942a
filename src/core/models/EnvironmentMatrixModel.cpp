#include "EnvironmentMatrixModel.h"

using namespace Qt::StringLiterals;

EnvironmentMatrixModel::EnvironmentMatrixModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void EnvironmentMatrixModel::setMatrix(const EnvironmentMatrix &matrix)
{
    beginResetModel();
    m_matrix = matrix;
    m_rows = matrix.rows();
    m_targets = matrix.targets();
    m_differing.clear();
    for (const EnvironmentMatrix::Difference &d : matrix.differences()) {
        if (d.migration.isEmpty())
            continue; // "behind" is about a whole column, said in its header
        // Every reachable side of the difference stands out, not only the odd one.
        for (const EnvironmentMatrix::Target &t : std::as_const(m_targets))
            if (t.reachable)
                m_differing.insert(d.migration + u'\n' + t.label);
    }
    endResetModel();
}

int EnvironmentMatrixModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EnvironmentMatrixModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_targets.size());
}

QVariant EnvironmentMatrixModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= m_targets.size())
        return {};
    const EnvironmentMatrix::Cell cell = m_matrix.cell(index.row(), index.column());
    const EnvironmentMatrix::Target &target = m_targets[index.column()];
    switch (role) {
    case Qt::DisplayRole: {
        QString text = EnvironmentMatrix::cellText(cell);
        if (cell.applied && cell.applied->appliedAt.isValid())
            text += u' ' + cell.applied->appliedAt.toLocalTime().toString(u"yyyy-MM-dd"_s);
        return text;
    }
    case Qt::ToolTipRole: {
        if (!target.reachable)
            return u"%1 is unreachable: %2"_s.arg(target.label, target.error.message);
        QStringList lines { u"%1 on %2: %3"_s.arg(
            m_rows[index.row()].name, target.label, cell.known ? stateDescription(cell.state) : QString()) };
        if (cell.applied) {
            if (cell.applied->appliedAt.isValid())
                lines << u"applied %1%2"_s.arg(cell.applied->appliedAt.toLocalTime().toString(Qt::ISODate),
                    cell.applied->appliedBy.isEmpty() ? QString() : u" by "_s + cell.applied->appliedBy);
            if (!cell.applied->checksum.isEmpty())
                lines << u"checksum "_s + cell.applied->checksum;
        }
        return lines.join(u'\n');
    }
    case StateRole:
        return cell.known ? int(cell.state) : -1;
    case AppliedRole:
        return cell.applied.has_value();
    case DiffersRole:
        return m_differing.contains(m_rows[index.row()].name + u'\n' + target.label);
    case HistoryNameRole:
        return m_rows[index.row()].name;
    case ReachableRole:
        return target.reachable;
    default:
        return {};
    }
}

QVariant EnvironmentMatrixModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole && section >= 0 && section < m_rows.size())
            return m_rows[section].name;
        return {};
    }
    if (section < 0 || section >= m_targets.size())
        return {};
    const EnvironmentMatrix::Target &t = m_targets[section];
    switch (role) {
    case Qt::DisplayRole: {
        const QString environment = t.environment.isEmpty() ? QString() : u" (%1)"_s.arg(t.environment);
        if (!t.reachable)
            return u"%1%2\nunreachable"_s.arg(t.label, environment);
        return u"%1%2\n%3 applied"_s.arg(t.label, environment).arg(m_matrix.appliedCount(section));
    }
    case Qt::ToolTipRole:
        return t.reachable ? u"%1: PostgreSQL %2"_s.arg(t.label, t.serverVersion)
                           : u"%1 is unreachable: %2"_s.arg(t.label, t.error.message);
    case ReachableRole:
        return t.reachable;
    default:
        return {};
    }
}
