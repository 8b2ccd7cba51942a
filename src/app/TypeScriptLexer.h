#pragma once

#include <Qsci/qscilexerjavascript.h>

// QScintilla's JavaScript lexer (Scintilla's C-family lexer) with TypeScript's
// words and template literals, for TypeORM migrations (.ts and the .js tsc
// writes). QScintilla 2.13 has no TypeScript lexer of its own; the SQL inside
// queryRunner.query(...) is painted over it by the editor (indicators), since
// a Scintilla lexer cannot hand a range to another one.
class TypeScriptLexer : public QsciLexerJavaScript
{
    Q_OBJECT

public:
    explicit TypeScriptLexer(QObject *parent = nullptr);

    // Set 1: JavaScript's and TypeScript's keywords (style Keyword); set 2:
    // the built-in types and globals TypeORM files use (KeywordSet2).
    const char *keywords(int set) const override;

    // Applies `font` to every style, keeping keywords bold and comments italic.
    void setEditorFont(const QFont &font);
};
