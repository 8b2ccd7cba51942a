#include "TableSizes.h"

#include "db/PgConnection.h"
#include "db/PgResult.h"

Result<QHash<QString, TableSize>> TableSizes::fetch(PgConnection &connection, const QStringList &tables)
{
    QHash<QString, TableSize> sizes;
    if (tables.isEmpty())
        return sizes;
    // Names arrive as the parser folded them ("billing.invoices"); to_regclass
    // wants SQL syntax, so each part is quoted. One newline-separated parameter
    // keeps it to a single round trip with no SQL built from the names.
    QStringList quoted;
    for (const QString &table : tables) {
        QStringList parts;
        for (const QString &part : table.split(QLatin1Char('.')))
            parts.append(PgConnection::quoteIdentifier(part));
        quoted.append(parts.join(QLatin1Char('.')));
    }
    const PgResult result
        = connection.execParams("SELECT t.ord, pg_total_relation_size(c.oid), c.reltuples::bigint"
                                "  FROM unnest(string_to_array($1, chr(10))) WITH ORDINALITY AS t(name, ord)"
                                "  JOIN pg_class c ON c.oid = to_regclass(t.name)",
            { quoted.join(QLatin1Char('\n')).toUtf8() });
    if (!result.ok())
        return result.error();
    for (int row = 0; row < result.rowCount(); ++row) {
        const qsizetype index = result.toInt64(row, 0) - 1;
        if (index < 0 || index >= tables.size())
            continue;
        TableSize size;
        size.bytes = result.toInt64(row, 1);
        // reltuples is -1 for a table never vacuumed or analyzed (PostgreSQL 14+).
        size.rows = result.isNull(row, 2) ? -1 : result.toInt64(row, 2);
        sizes.insert(tables.at(index), size);
    }
    return sizes;
}
