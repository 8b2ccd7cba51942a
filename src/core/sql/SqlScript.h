#pragma once

#include "SqlStatement.h"
#include "common/SourceMap.h"
#include "common/StrataError.h"

#include <QJsonArray>
#include <QList>

#include <optional>

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
    // A statement whose parse tree cannot be read (nested too deeply) is an
    // error naming its position, unless `allowUnreadableTrees` (the linter, which
    // still checks the others): then it is returned with treeUnreadable set.
    static Result<QList<SqlStatement>> parse(const QByteArray &sql, const QByteArray &source,
        qsizetype offset, const QString &sourceName, const SourceMap &map = SourceMap(),
        bool allowUnreadableTrees = false);

    // libpg_query's RawStmt objects of `sql` ("stmt_location", "stmt_len",
    // "stmt"); nullopt when it does not parse. When the whole tree is nested too
    // deeply for the JSON reader, each statement is parsed on its own, and only
    // the ones still too deep come without "stmt" (and with "unreadable": true).
    static std::optional<QJsonArray> parseTrees(const QByteArray &sql);

    // The same for standalone SQL (the SQL is its own source).
    static Result<QList<SqlStatement>> parse(const QByteArray &sql, const QString &sourceName)
    {
        return parse(sql, sql, 0, sourceName);
    }
};
