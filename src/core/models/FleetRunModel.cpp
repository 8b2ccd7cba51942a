#include "FleetRunModel.h"

#include <algorithm>

FleetRunModel::FleetRunModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void FleetRunModel::setTargets(const QStringList &labels)
{
    beginResetModel();
    m_rows.clear();
    for (const QString &label : labels)
        m_rows << Row { label, State::Waiting, -1, -1, 0, QString() };
    endResetModel();
}

void FleetRunModel::setRunning(int index)
{
    if (index < 0 || index >= m_rows.size())
        return;
    m_rows[index].state = State::Running;
    Q_EMIT dataChanged(this->index(index, 0), this->index(index, ColumnCount - 1));
}

void FleetRunModel::setFinished(int index, const Row &row)
{
    if (index < 0 || index >= m_rows.size())
        return;
    const QString label = m_rows[index].label;
    m_rows[index] = row;
    if (m_rows[index].label.isEmpty())
        m_rows[index].label = label;
    Q_EMIT dataChanged(this->index(index, 0), this->index(index, ColumnCount - 1));
}

void FleetRunModel::finishRun()
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].state == State::Waiting || m_rows[i].state == State::Running) {
            m_rows[i].state = State::NotStarted;
            Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
        }
    }
}

int FleetRunModel::count(State state) const
{
    return int(
        std::count_if(m_rows.cbegin(), m_rows.cend(), [state](const Row &r) { return r.state == state; }));
}

int FleetRunModel::doneCount() const
{
    return int(m_rows.size()) - count(State::Waiting) - count(State::Running);
}

QString FleetRunModel::stateName(State state)
{
    switch (state) {
    case State::Waiting:
        return tr("waiting");
    case State::Running:
        return tr("running");
    case State::Ok:
        return tr("ok");
    case State::Failed:
        return tr("failed");
    case State::Unreachable:
        return tr("unreachable");
    case State::Cancelled:
        return tr("cancelled");
    case State::Differs:
        return tr("differs");
    case State::NotStarted:
        break;
    }
    return tr("not started");
}

QString FleetRunModel::summary() const
{
    QStringList parts;
    for (const State state : { State::Ok, State::Differs, State::Failed, State::Unreachable, State::Cancelled,
             State::Running, State::Waiting, State::NotStarted }) {
        if (const int n = count(state); n > 0)
            parts << QStringLiteral("%1 %2").arg(n).arg(stateName(state));
    }
    const QString targets = m_rows.size() == 1 ? tr("1 target") : tr("%1 targets").arg(m_rows.size());
    return targets + QStringLiteral(": ") + parts.join(QStringLiteral(", "));
}

int FleetRunModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FleetRunModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FleetRunModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &r = m_rows[index.row()];
    if (role == StateRole)
        return int(r.state);
    if (role == Qt::TextAlignmentRole
        && (index.column() == BeforeColumn || index.column() == AfterColumn
            || index.column() == DurationColumn))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == DetailColumn)
        return r.detail;
    if (role != Qt::DisplayRole)
        return {};
    const bool ended = r.state != State::Waiting && r.state != State::Running;
    switch (index.column()) {
    case TargetColumn:
        return r.label;
    case StateColumn:
        return stateName(r.state);
    case BeforeColumn:
        return r.before >= 0 ? QVariant(r.before) : QVariant();
    case AfterColumn:
        return r.after >= 0 && ended ? QVariant(r.after) : QVariant();
    case DurationColumn:
        return ended && r.state != State::NotStarted
            ? QVariant(QStringLiteral("%1 s").arg(double(r.milliseconds) / 1000.0, 0, 'f', 2))
            : QVariant();
    case DetailColumn:
        return r.detail.section(QLatin1Char('\n'), 0, 0);
    default:
        return {};
    }
}

QVariant FleetRunModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TargetColumn:
        return tr("Target");
    case StateColumn:
        return tr("Result");
    case BeforeColumn:
        return tr("Before");
    case AfterColumn:
        return tr("After");
    case DurationColumn:
        return tr("Duration");
    case DetailColumn:
        return tr("Details");
    default:
        return {};
    }
}
