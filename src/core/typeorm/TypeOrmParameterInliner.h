#pragma once

#include "common/StrataError.h"

#include <QList>
#include <QString>

#include <optional>

// Turns a statement node-postgres sent with parameters ($1, $2 ...) into one
// without: each placeholder becomes a string literal holding the text
// node-postgres sent (or NULL). node-postgres sends every parameter as untyped
// text (type OID 0), so the server infers its type from the context exactly as
// it does for an untyped string literal: the inlined statement means the same.
// Placeholders are found with PostgreSQL's own scanner (libpg_query's
// pg_query_scan), so a `$1` inside a string, a quoted identifier, a
// dollar-quoted body or a comment is left alone.
class TypeOrmParameterInliner
{
public:
    // std::nullopt stands for SQL NULL. Fails (naming the placeholder) when the
    // statement cannot be scanned or uses a placeholder with no value.
    static Result<QString> inlineParameters(const QString &sql, const QList<std::optional<QString>> &values);

    // 'text' with quotes doubled; E'...' with backslashes doubled as well when
    // the text holds a backslash, so the literal reads the same whatever
    // standard_conforming_strings is.
    static QString literal(const QString &text);
};
