#pragma once

#include <QSet>
#include <QString>

#include <optional>

struct LintStatement;

// Which lock a migration statement waits for, given the tables and indexes
// the migration created before it (theirs block nobody): the lock rules of
// LintChecker (missing-lock-timeout, statement-after-access-exclusive) ask it.
class LintLockReader
{
public:
    // An ACCESS EXCLUSIVE lock a statement takes, and where.
    struct HeldLock
    {
        QString table;
        QString what; // "ALTER TABLE", ...
        int line = 0;
    };

    // Both sets hold unqualified names and are read at each call (they grow as
    // LintChecker goes through the migration).
    LintLockReader(const QSet<QString> &newTables, const QSet<QString> &newIndexes);

    // The table (as written) the statement takes an ACCESS EXCLUSIVE lock on,
    // when it is a table this migration did not create.
    std::optional<HeldLock> accessExclusiveLock(const LintStatement &p) const;
    // Whether the statement waits for a lock that blocks the table's writers.
    bool takesBlockingLock(const LintStatement &p) const;

private:
    bool isNewTable(const QString &table) const;

    const QSet<QString> &m_newTables;
    const QSet<QString> &m_newIndexes;
};
