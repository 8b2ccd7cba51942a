#pragma once

#include <Qsci/qscilexersql.h>

// Scintilla's SQL lexer with PostgreSQL's vocabulary and Strata's colours.
// The stock keyword list is SQL:1999 and misses words every migration uses
// (INDEX, CONCURRENTLY, EXISTS, RETURNING, EXTENSION ...), so CREATE INDEX
// would read half-highlighted; types get a colour of their own.
class PgSqlLexer : public QsciLexerSQL
{
    Q_OBJECT

public:
    explicit PgSqlLexer(QObject *parent = nullptr);

    // Set 1: keywords (style Keyword); set 5, the first user set: type
    // names (style KeywordSet5). No others.
    const char *keywords(int set) const override;

    // Applies `font` to every style, keeping keywords bold and comments
    // italic.
    void setEditorFont(const QFont &font);
};
