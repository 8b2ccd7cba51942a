#include "SchemaSql.h"

#include <algorithm>

using namespace Qt::StringLiterals;

QString SchemaSql::quoteIdentifier(const QString &identifier)
{
    bool safe = !identifier.isEmpty()
        && (identifier.at(0) == u'_' || (identifier.at(0) >= u'a' && identifier.at(0) <= u'z'));
    for (const QChar c : identifier) {
        if (!safe)
            break;
        safe = c == u'_' || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9');
    }
    if (safe) {
        const QStringList &keywords = quotedKeywords();
        safe = !std::binary_search(keywords.begin(), keywords.end(), identifier);
    }
    if (safe)
        return identifier;
    QString quoted = identifier;
    quoted.replace(u"\""_s, u"\"\""_s);
    return u'"' + quoted + u'"';
}

QString SchemaSql::quoteLiteral(const QString &text)
{
    QString quoted = text;
    quoted.replace(u"'"_s, u"''"_s);
    if (quoted.contains(u'\\')) {
        quoted.replace(u"\\"_s, u"\\\\"_s);
        return u"E'"_s + quoted + u'\'';
    }
    return u'\'' + quoted + u'\'';
}

QString SchemaSql::qualified(const QString &schema, const QString &name)
{
    return quoteIdentifier(schema) + u'.' + quoteIdentifier(name);
}

const QStringList &SchemaSql::quotedKeywords()
{
    // SELECT word FROM pg_get_keywords() WHERE catcode <> 'U' on PostgreSQL 15.
    static const QStringList keywords = { u"all"_s, u"analyse"_s, u"analyze"_s, u"and"_s, u"any"_s,
        u"array"_s, u"as"_s, u"asc"_s, u"asymmetric"_s, u"authorization"_s, u"between"_s, u"bigint"_s,
        u"binary"_s, u"bit"_s, u"boolean"_s, u"both"_s, u"case"_s, u"cast"_s, u"char"_s, u"character"_s,
        u"check"_s, u"coalesce"_s, u"collate"_s, u"collation"_s, u"column"_s, u"concurrently"_s,
        u"constraint"_s, u"create"_s, u"cross"_s, u"current_catalog"_s, u"current_date"_s, u"current_role"_s,
        u"current_schema"_s, u"current_time"_s, u"current_timestamp"_s, u"current_user"_s, u"dec"_s,
        u"decimal"_s, u"default"_s, u"deferrable"_s, u"desc"_s, u"distinct"_s, u"do"_s, u"else"_s, u"end"_s,
        u"except"_s, u"exists"_s, u"extract"_s, u"false"_s, u"fetch"_s, u"float"_s, u"for"_s, u"foreign"_s,
        u"freeze"_s, u"from"_s, u"full"_s, u"grant"_s, u"greatest"_s, u"group"_s, u"grouping"_s, u"having"_s,
        u"ilike"_s, u"in"_s, u"initially"_s, u"inner"_s, u"inout"_s, u"int"_s, u"integer"_s, u"intersect"_s,
        u"interval"_s, u"into"_s, u"is"_s, u"isnull"_s, u"join"_s, u"lateral"_s, u"leading"_s, u"least"_s,
        u"left"_s, u"like"_s, u"limit"_s, u"localtime"_s, u"localtimestamp"_s, u"national"_s, u"natural"_s,
        u"nchar"_s, u"none"_s, u"normalize"_s, u"not"_s, u"notnull"_s, u"null"_s, u"nullif"_s, u"numeric"_s,
        u"offset"_s, u"on"_s, u"only"_s, u"or"_s, u"order"_s, u"out"_s, u"outer"_s, u"overlaps"_s,
        u"overlay"_s, u"placing"_s, u"position"_s, u"precision"_s, u"primary"_s, u"real"_s, u"references"_s,
        u"returning"_s, u"right"_s, u"row"_s, u"select"_s, u"session_user"_s, u"setof"_s, u"similar"_s,
        u"smallint"_s, u"some"_s, u"substring"_s, u"symmetric"_s, u"table"_s, u"tablesample"_s, u"then"_s,
        u"time"_s, u"timestamp"_s, u"to"_s, u"trailing"_s, u"treat"_s, u"trim"_s, u"true"_s, u"union"_s,
        u"unique"_s, u"user"_s, u"using"_s, u"values"_s, u"varchar"_s, u"variadic"_s, u"verbose"_s, u"when"_s,
        u"where"_s, u"window"_s, u"with"_s, u"xmlattributes"_s, u"xmlconcat"_s, u"xmlelement"_s,
        u"xmlexists"_s, u"xmlforest"_s, u"xmlnamespaces"_s, u"xmlparse"_s, u"xmlpi"_s, u"xmlroot"_s,
        u"xmlserialize"_s, u"xmltable"_s };
    return keywords;
}
