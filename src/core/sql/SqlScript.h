#pragma once

#include "SqlStatement.h"
#include "common/SourceMap.h"
#include "common/StrataError.h"

#include <QList>

// Splits and checks SQL with libpg_query, PostgreSQL's real parser as a
// library: dollar quotes, nested comments, E'' strings and function bodies are
// handled by the server's grammar, never by a hand-made tokenizer.
class SqlScript
{
public:
    // `source` is the whole text the SQL lives in (a migration file) and
    // `offset` where `sql` starts in it, so statement and error positions come
    // out as lines and columns of the file. `sourceName` names it in errors.
    // When `source` was composed from another file (a TypeORM migration),
    // `map` leads positions back into that file (Migration::sourceMap).
    static Result<QList<SqlStatement>> parse(const QByteArray &sql, const QByteArray &source,
        qsizetype offset, const QString &sourceName, const SourceMap &map = SourceMap());

    // The same for standalone SQL (the SQL is its own source).
    static Result<QList<SqlStatement>> parse(const QByteArray &sql, const QString &sourceName)
    {
        return parse(sql, sql, 0, sourceName);
    }
};
