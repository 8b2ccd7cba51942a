#pragma once

#include "common/StrataError.h"

#include <QByteArray>
#include <QList>

// One token of PostgreSQL's own scanner: byte offsets into the UTF-8 text and
// the token kind (pg_query.proto's Token enum).
struct SqlToken
{
    int start = 0;
    int end = 0;
    quint64 kind = 0;

    static constexpr quint64 identifier = 258; // Token.IDENT: a plain or "quoted" name
    static constexpr quint64 parameter = 267; // Token.PARAM: $1
};

// libpg_query's pg_query_scan, for the questions a parse tree cannot answer:
// where a `$n` is, or how long a name was before the grammar truncated it.
class SqlScanner
{
public:
    static Result<QList<SqlToken>> scan(const QByteArray &utf8);
};
