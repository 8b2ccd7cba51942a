#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// The tables (and other relations) one SQL statement names, read from
// libpg_query's parse tree, with the strongest table lock the statement takes on
// them. The pre-flight asks the server who holds conflicting locks on exactly
// these; the runner asks whether a failed CREATE INDEX CONCURRENTLY left its index.
class StatementRelations
{
public:
    // PostgreSQL's table lock modes, weakest first (the order of its docs).
    enum class LockMode {
        AccessShare,
        RowShare,
        RowExclusive,
        ShareUpdateExclusive,
        Share,
        ShareRowExclusive,
        Exclusive,
        AccessExclusive,
    };

    struct Relation
    {
        QString name; // as written, parts folded by the parser: "orders", "billing.invoices"
        LockMode mode = LockMode::AccessExclusive;
    };

    // Every relation the statement names (RangeVar nodes anywhere in the tree,
    // and the objects of DROP TABLE / VIEW / INDEX ...), each once, with the
    // lock the statement takes. Nothing when the text does not parse.
    static QList<Relation> of(const QByteArray &statement);

    // For CREATE INDEX CONCURRENTLY with an explicit name: that name, qualified
    // with the table's schema when the SQL gives one; empty otherwise.
    static QString concurrentIndexName(const QByteArray &statement);

    static QString modeName(LockMode mode); // pg_locks' spelling, e.g. "AccessExclusiveLock"
    static bool conflicts(LockMode a, LockMode b);
    // Parses pg_locks.mode; false for modes that are not table lock modes.
    static bool parseMode(const QString &name, LockMode *mode);
};
