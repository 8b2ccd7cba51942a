#include "EnvironmentMatrix.h"

#include <QHash>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

EnvironmentMatrix EnvironmentMatrix::build(const MigrationList &files, const QList<Target> &targets)
{
    EnvironmentMatrix matrix;
    matrix.m_targets = targets;
    // Every migration any side knows of: the folder's, then what histories add.
    QHash<QString, qsizetype> rowOf;
    auto addRow = [&](const QString &name, qint64 timestamp, const QString &filePath) {
        if (rowOf.contains(name))
            return;
        rowOf.insert(name, matrix.m_rows.size());
        matrix.m_rows.append(Row { name, timestamp, filePath });
    };
    for (const Migration &m : files)
        addRow(m.historyName(), m.timestamp, m.filePath);
    for (const Target &t : targets)
        for (const MigrationStatus &s : t.statuses)
            addRow(s.name, s.timestamp, s.file ? s.file->filePath : QString());
    std::stable_sort(matrix.m_rows.begin(), matrix.m_rows.end(), [](const Row &a, const Row &b) {
        return a.timestamp != b.timestamp ? a.timestamp < b.timestamp : a.name < b.name;
    });
    rowOf.clear();
    for (qsizetype i = 0; i < matrix.m_rows.size(); ++i)
        rowOf.insert(matrix.m_rows[i].name, i);

    for (const Target &t : targets) {
        QList<Cell> column(matrix.m_rows.size());
        if (t.reachable) {
            for (Cell &c : column)
                c.known = true; // pending unless the statuses say otherwise
            for (const MigrationStatus &s : t.statuses) {
                Cell &c = column[rowOf.value(s.name)];
                c.state = s.state;
                c.applied = s.applied;
            }
        }
        matrix.m_cells.append(column);
    }
    return matrix;
}

int EnvironmentMatrix::targetIndex(const QString &label) const
{
    for (qsizetype i = 0; i < m_targets.size(); ++i)
        if (m_targets[i].label == label)
            return int(i);
    return -1;
}

EnvironmentMatrix::Cell EnvironmentMatrix::cell(int row, int target) const
{
    if (target < 0 || target >= m_cells.size() || row < 0 || row >= m_cells[target].size())
        return {};
    return m_cells[target][row];
}

int EnvironmentMatrix::appliedCount(int target) const
{
    if (target < 0 || target >= m_targets.size() || !m_targets[target].reachable)
        return -1;
    int n = 0;
    for (const Cell &c : m_cells[target])
        n += c.applied ? 1 : 0;
    return n;
}

QString EnvironmentMatrix::cellText(const Cell &cell)
{
    if (!cell.known)
        return u"?"_s;
    switch (cell.state) {
    case MigrationState::Applied:
        return u"applied"_s;
    case MigrationState::Pending:
        return u"pending"_s;
    case MigrationState::OutOfOrder:
        return u"out of order"_s;
    case MigrationState::Edited:
        return u"edited"_s;
    case MigrationState::Missing:
        return u"missing file"_s;
    }
    return {};
}

QString EnvironmentMatrix::kindName(Difference::Kind kind)
{
    switch (kind) {
    case Difference::Kind::AppliedOnSome:
        return u"applied-on-some"_s;
    case Difference::Kind::ChecksumsDiffer:
        return u"checksums-differ"_s;
    case Difference::Kind::Behind:
        break;
    }
    return u"behind"_s;
}

QList<EnvironmentMatrix::Difference> EnvironmentMatrix::differences() const
{
    QList<Difference> result;
    QList<int> reachable;
    for (qsizetype t = 0; t < m_targets.size(); ++t)
        if (m_targets[t].reachable)
            reachable << int(t);
    if (reachable.size() < 2)
        return result;
    for (qsizetype r = 0; r < m_rows.size(); ++r) {
        QStringList with;
        QStringList without;
        QHash<QString, QStringList> byChecksum; // only rows that recorded one
        for (int t : std::as_const(reachable)) {
            const Cell &c = m_cells[t][r];
            (c.applied ? with : without) << m_targets[t].label;
            if (c.applied && c.applied->hasDetails && !c.applied->checksum.isEmpty())
                byChecksum[c.applied->checksum] << m_targets[t].label;
        }
        if (!with.isEmpty() && !without.isEmpty())
            result << Difference { Difference::Kind::AppliedOnSome, m_rows[r].name, without,
                u"%1 is applied on %2 but not on %3"_s.arg(
                    m_rows[r].name, with.join(u", "_s), without.join(u", "_s)) };
        if (byChecksum.size() > 1) {
            QStringList groups;
            QStringList targets;
            for (auto it = byChecksum.cbegin(); it != byChecksum.cend(); ++it) {
                groups << u"%1 on %2"_s.arg(it.key().left(12), it->join(u", "_s));
                targets += *it;
            }
            groups.sort();
            targets.sort();
            result << Difference { Difference::Kind::ChecksumsDiffer, m_rows[r].name, targets,
                u"%1 was applied with different checksums: %2"_s.arg(m_rows[r].name, groups.join(u"; "_s)) };
        }
    }
    int most = 0;
    for (int t : std::as_const(reachable))
        most = std::max(most, appliedCount(t));
    for (int t : std::as_const(reachable)) {
        const int behind = most - appliedCount(t);
        if (behind > 0)
            result << Difference { Difference::Kind::Behind, QString(), { m_targets[t].label },
                u"%1 is %2 migration(s) behind the most up-to-date target"_s.arg(m_targets[t].label)
                    .arg(behind) };
    }
    return result;
}

QStringList EnvironmentMatrix::disagreements(int a, int b) const
{
    QStringList lines;
    if (a < 0 || b < 0 || a >= m_targets.size() || b >= m_targets.size())
        return lines;
    const QString &la = m_targets[a].label;
    const QString &lb = m_targets[b].label;
    for (qsizetype r = 0; r < m_rows.size(); ++r) {
        const Cell &x = m_cells[a][r];
        const Cell &y = m_cells[b][r];
        if (bool(x.applied) != bool(y.applied)) {
            lines << u"%1: applied on %2, not on %3"_s.arg(
                m_rows[r].name, x.applied ? la : lb, x.applied ? lb : la);
            continue;
        }
        if (x.applied && x.applied->hasDetails && y.applied->hasDetails && !x.applied->checksum.isEmpty()
            && !y.applied->checksum.isEmpty() && x.applied->checksum != y.applied->checksum)
            lines << u"%1: applied with checksum %2 on %3 and %4 on %5"_s.arg(
                m_rows[r].name, x.applied->checksum.left(12), la, y.applied->checksum.left(12), lb);
    }
    return lines;
}
