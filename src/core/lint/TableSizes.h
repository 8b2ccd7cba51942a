#pragma once

#include "common/StrataError.h"

#include <QHash>
#include <QStringList>

class PgConnection;

struct TableSize
{
    qint64 bytes = 0; // pg_total_relation_size: heap, indexes and TOAST
    qint64 rows = -1; // pg_class.reltuples; -1 when never analyzed
};

// Reads the size of the tables lint findings touch, so a lock that is harmless
// on a small table can be told apart from one that stops production.
class TableSizes
{
public:
    // `tables` as the SQL names them ("orders", "billing.invoices"); the result
    // is keyed the same way. Unknown tables are left out. One query in all.
    static Result<QHash<QString, TableSize>> fetch(PgConnection &connection, const QStringList &tables);
};
