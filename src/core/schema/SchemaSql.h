#pragma once

#include <QString>
#include <QStringList>

// Quoting for the DDL Strata writes: the rules of the server's quote_ident()
// and quote_literal(), so generated SQL reads like pg_dump's.
class SchemaSql
{
public:
    // Leaves lower-case identifiers that are not keywords unquoted, like quote_ident().
    static QString quoteIdentifier(const QString &identifier);
    // 'text' with quotes doubled; E'' when it holds a backslash.
    static QString quoteLiteral(const QString &text);
    static QString qualified(const QString &schema, const QString &name);
    // Keywords quote_ident() quotes (reserved, column-name and type-function-name
    // keywords of PostgreSQL 15), sorted.
    static const QStringList &quotedKeywords();
};
