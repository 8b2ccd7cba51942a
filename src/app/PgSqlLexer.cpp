#include "PgSqlLexer.h"

#include <QColor>
#include <QFont>

namespace {

// PostgreSQL's keywords (src/include/parser/kwlist.h) as they appear in
// migrations. Unreserved words that are mostly column names in practice
// (name, type, value, data, version, comment, position, owner, password ...)
// are left out: painting every `name` column as a keyword hides the SQL.
const char *const pgKeywords
    = "abort absolute access action add after aggregate all also alter always analyse "
      "analyze and any array as asc assertion assignment asymmetric at attach "
      "authorization before begin between both by cache call called cascade cascaded "
      "case cast chain characteristics check checkpoint class close cluster coalesce "
      "collate collation column columns commit committed concurrently configuration "
      "conflict connection constraint constraints content continue conversion copy "
      "cost create cross csv cube current current_catalog current_date current_role "
      "current_schema current_time current_timestamp current_user cursor cycle "
      "database deallocate declare default defaults deferrable deferred definer delete "
      "delimiter depends desc detach dictionary disable discard distinct do document "
      "domain drop each else enable encoding encrypted end enum escape event except "
      "exclude excluding exclusive execute exists explain expression extension external "
      "extract false family fetch filter first following for force foreign forward "
      "freeze from full function functions generated global grant granted greatest "
      "group grouping groups handler having header hold identity if ilike immutable "
      "implicit import in include including increment index indexes inherit inherits "
      "initially inline inner inout input insensitive insert instead intersect into "
      "invoker is isnull isolation join key language large last lateral leading "
      "leakproof least left like limit listen load local localtime localtimestamp "
      "location lock locked logged mapping match materialized maxvalue merge method "
      "minvalue mode move natural new next nfc nfd nfkc nfkd no none normalize "
      "normalized not nothing notify notnull nowait null nullif nulls object of off "
      "offset oids old on only operator option options or order ordinality others "
      "out outer over overlaps overlay overriding owned parallel parser partial "
      "partition passing placing plans policy preceding prepare prepared preserve "
      "primary prior privileges procedural procedure procedures program publication "
      "quote range read reassign recheck recursive ref references referencing refresh "
      "reindex relative release rename repeatable replace replica reset restart "
      "restrict return returning returns revoke right rollback rollup routine routines "
      "row rows rule savepoint schema schemas scroll search security select sequence "
      "sequences serializable server session session_user set setof sets share show "
      "similar simple skip snapshot some stable standalone start statement statistics "
      "stdin stdout storage stored strict strip subscription substring support "
      "symmetric sysid system system_user table tables tablesample tablespace temp "
      "template temporary then ties to trailing transaction transform treat trigger "
      "trim true truncate trusted typmod unbounded uncommitted unencrypted union unique "
      "unlisten unlogged until update user using vacuum valid validate validator "
      "values variadic verbose view views volatile when where window with within "
      "without work wrapper write";

// Built-in and common extension type names, in a colour of their own.
const char *const pgTypes
    = "bigint bigserial bit bool boolean box bpchar bytea char character cidr circle "
      "citext date daterange decimal double float float4 float8 hstore inet int int2 int4 "
      "int4range int8 int8range integer interval json jsonb line lseg ltree macaddr "
      "macaddr8 money numeric numrange oid path point polygon precision real record "
      "regclass regproc regtype serial serial2 serial4 serial8 smallint smallserial text "
      "time timestamp timestamptz timetz tsquery tsrange tstzrange tsvector uuid varbit "
      "varchar varying void xml zone";

QColor commentColor()
{
    return QColor(0x6a, 0x73, 0x7d);
}

} // namespace

PgSqlLexer::PgSqlLexer(QObject *parent)
    : QsciLexerSQL(parent)
{
    // With standard_conforming_strings (the default since PostgreSQL 9.1) a
    // backslash is an ordinary character in '...'.
    setBackslashEscapes(false);
    // Folding a run of comment lines would swallow the `-- migrate:` marker
    // line into the comment above it; parentheses and BEGIN ... END still fold.
    setFoldComments(false);
    setFoldCompact(false);

    setDefaultPaper(Qt::white);
    setPaper(Qt::white, -1);
    setDefaultColor(QColor(0x1f, 0x23, 0x28));
    setColor(QColor(0x1f, 0x23, 0x28), -1);
    for (int style : { Comment, CommentLine, CommentDoc, PlusComment, CommentLineHash })
        setColor(commentColor(), style);
    setColor(QColor(0x00, 0x33, 0xb3), Keyword);
    setColor(QColor(0x7a, 0x3e, 0x9d), KeywordSet5);
    setColor(QColor(0x06, 0x7d, 0x17), SingleQuotedString);
    // PostgreSQL's "..." is a quoted identifier, not a string.
    setColor(QColor(0x87, 0x10, 0x94), DoubleQuotedString);
    setColor(QColor(0x17, 0x50, 0xeb), Number);
    setColor(QColor(0x3c, 0x44, 0x4d), Operator);
}

const char *PgSqlLexer::keywords(int set) const
{
    if (set == 1)
        return pgKeywords;
    if (set == 5)
        return pgTypes;
    // The stock sets 2 to 5 are Oracle's: database objects, PLDoc, SQL*Plus
    // commands and DBMS_OUTPUT. The SQL*Plus list matches abbreviations
    // (`l~ist`, `r~un`), which would paint one-letter table aliases.
    return nullptr;
}

void PgSqlLexer::setEditorFont(const QFont &font)
{
    setDefaultFont(font);
    setFont(font, -1);
    QFont bold = font;
    bold.setBold(true);
    setFont(bold, Keyword);
    QFont italic = font;
    italic.setItalic(true);
    for (int style : { Comment, CommentLine, CommentDoc, PlusComment, CommentLineHash })
        setFont(italic, style);
}
