#pragma once

#include <QString>

// Where the history lives. The default is TypeORM's: a table `migrations` in the
// connection's current schema. Strata's own details go into a companion table
// next to it, `<table>_strata`, keyed by the migration name.
struct HistoryTable
{
    QString schema; // empty: the first schema on the search_path
    QString table = QStringLiteral("migrations");

    // `<table>_strata`; when that is longer than PostgreSQL keeps of a name (63
    // bytes), which would truncate it onto the history table itself or onto
    // another table's companion, a shortened table name with a hash of the full
    // one: `<first bytes>_<8 hex digits>_strata`, 63 bytes at most.
    QString companionTable() const;
    // Why this history table cannot be used as named (a name longer than 63
    // bytes, which the server would silently truncate), or empty.
    QString problem() const;
    QString qualifiedTable() const; // quoted, e.g. "public"."migrations"
    QString qualifiedCompanion() const;
    // TypeORM's DefaultNamingStrategy.primaryKeyName: "PK_" + sha1("<table>_id")[0..27).
    QString typeOrmPrimaryKeyName() const;
    // The name the session advisory lock's key is derived from, given the schema
    // the server resolves the table to (HistoryStore::lockName() asks it): two
    // runners naming the same table differently ("migrations" and "public"."migrations")
    // must take the same lock.
    QString lockName(const QString &resolvedSchema) const;
};
