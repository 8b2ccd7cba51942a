#include "LintDatabaseFacts.h"

#include "db/PgConnection.h"
#include "db/PgResult.h"

std::optional<StrataError> LintDatabaseFacts::read(
    PgConnection &connection, LintContext &context, bool keepVersion)
{
    // A name is volatile when any overload is: the linter sees names, not
    // argument types.
    const PgResult functions = connection.exec(
        "SELECT proname, bool_or(provolatile = 'v') FROM pg_catalog.pg_proc GROUP BY proname");
    if (!functions.ok())
        return functions.error();
    // The expression PostgreSQL stores for CHECK (col IS NOT NULL) reads back
    // as "(col IS NOT NULL)"; a validated one proves the column, one added NOT
    // VALID proves it once a migration validates it.
    const PgResult checks = connection.exec(
        "SELECT c.relname, a.attname, k.convalidated, k.conname FROM pg_catalog.pg_constraint k"
        "  JOIN pg_catalog.pg_class c ON c.oid = k.conrelid"
        "  JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]"
        " WHERE k.contype = 'c' AND cardinality(k.conkey) = 1"
        "   AND pg_catalog.pg_get_expr(k.conbin, k.conrelid)"
        "       = format('(%s IS NOT NULL)', quote_ident(a.attname))");
    if (!checks.ok())
        return checks.error();

    QHash<QString, bool> volatility;
    for (int row = 0; row < functions.rowCount(); ++row)
        volatility.insert(functions.value(row, 0), functions.value(row, 1) == QLatin1String("t"));
    context.functionIsVolatile = std::move(volatility);
    for (int row = 0; row < checks.rowCount(); ++row) {
        const QString column = checks.value(row, 0) + QLatin1Char('.') + checks.value(row, 1);
        if (checks.value(row, 2) == QLatin1String("t"))
            context.provenNotNull.insert(column);
        else
            context.pendingNotNullChecks.insert(checks.value(row, 3), column);
    }
    if (!keepVersion)
        context.serverVersion = connection.serverVersion();
    return std::nullopt;
}
