#pragma once

#include "MigrationStatus.h"
#include "common/StrataError.h"
#include "migration/Migration.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

// A project's migrations on several databases side by side: rows are the
// migrations (the folder's, and those a history has without a file), columns
// the targets (profiles, connection URLs), each cell that migration's state
// on that target. It also says where the targets disagree: a migration
// applied on some but not others, one applied with different checksums, a
// target behind the others.
class EnvironmentMatrix
{
public:
    struct Target
    {
        QString label; // a profile's name, or a URL without its password
        QString environment; // "development", "staging", "production"; empty when unknown
        bool reachable = false;
        StrataError error; // why not, when unreachable
        QString serverVersion;
        MigrationStatusList statuses; // as `status` reads them, when reachable
    };

    struct Row
    {
        QString name; // the history name
        qint64 timestamp = 0;
        QString filePath; // empty when no file has it
    };

    struct Cell
    {
        bool known = false; // the target is reachable
        MigrationState state = MigrationState::Pending;
        std::optional<AppliedMigration> applied;
    };

    struct Difference
    {
        enum class Kind { AppliedOnSome, ChecksumsDiffer, Behind };
        Kind kind = Kind::AppliedOnSome;
        QString migration; // empty for Behind
        QStringList targets; // the ones it is about: where it is missing, which differ, who is behind
        QString text; // one line for people
    };

    // `files`: the project's migrations; one target per column, in order.
    static EnvironmentMatrix build(const MigrationList &files, const QList<Target> &targets);

    QList<Row> rows() const { return m_rows; }
    QList<Target> targets() const { return m_targets; }
    int targetIndex(const QString &label) const;
    Cell cell(int row, int target) const;
    // How many of the project's migrations are applied on the target (-1 when unreachable).
    int appliedCount(int target) const;

    QList<Difference> differences() const;
    // Where targets `a` and `b` disagree (a migration applied on one only, or
    // with different checksums), one line each; empty when they agree.
    // Unreachable targets are a usage error for the caller to check first.
    QStringList disagreements(int a, int b) const;

    static QString cellText(
        const Cell &cell); // "applied", "pending", "edited", "missing file", "out of order"
    static QString kindName(Difference::Kind kind); // "applied-on-some", "checksums-differ", "behind"

private:
    QList<Row> m_rows;
    QList<Target> m_targets;
    // m_cells[target][row]
    QList<QList<Cell>> m_cells;
};

Q_DECLARE_METATYPE(EnvironmentMatrix)
