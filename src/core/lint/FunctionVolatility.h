#pragma once

#include "LintContext.h"

#include <QJsonValue>
#include <QString>

// Whether calling a function may give a different value per row. PostgreSQL
// declares a function VOLATILE unless its author said otherwise, so a name
// nobody vouches for is volatile: the connected database's pg_proc first, then
// PostgreSQL's own functions (builtin-nonvolatile-functions.txt).
class FunctionVolatility
{
public:
    static bool isVolatile(const QString &name, const LintContext &context);
    static bool isBuiltinNonVolatile(const QString &name);
    // The first function in an expression tree (libpg_query's JSON) whose value
    // may differ per row; empty when there is none.
    static QString firstVolatileCall(const QJsonValue &expression, const LintContext &context);
};
