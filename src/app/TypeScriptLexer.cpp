#include "TypeScriptLexer.h"

namespace {

const char *const tsKeywords
    = "abstract any as async await boolean break case catch class const constructor continue debugger "
      "declare default delete do else enum export extends false finally for from function get if "
      "implements import in infer instanceof interface is keyof let module namespace never new null "
      "number object of override package private protected public readonly return satisfies set "
      "static string super switch symbol this throw true try type typeof undefined unique unknown var "
      "void while with yield";

const char *const tsGlobals = "Array Date Error JSON Map Math Number Object Promise Set String "
                              "MigrationInterface QueryRunner Table TableColumn TableForeignKey "
                              "TableIndex TableUnique TableCheck exports require module";

QColor commentColor()
{
    return QColor(0x6a, 0x73, 0x7d);
}

} // namespace

TypeScriptLexer::TypeScriptLexer(QObject *parent)
    : QsciLexerJavaScript(parent)
{
    setFoldComments(true);
    setFoldCompact(false);
    setDefaultPaper(Qt::white);
    setPaper(Qt::white, -1);
    setDefaultColor(QColor(0x1f, 0x23, 0x28));
    setColor(QColor(0x1f, 0x23, 0x28), -1);
    for (int style : { Comment, CommentLine, CommentDoc, CommentLineDoc })
        setColor(commentColor(), style);
    setColor(QColor(0xcf, 0x22, 0x2e), Keyword);
    setColor(QColor(0x95, 0x38, 0x00), KeywordSet2);
    // Strings keep one colour; the SQL in them is painted by the editor.
    for (int style : { SingleQuotedString, DoubleQuotedString, RawString, UnclosedString })
        setColor(QColor(0x0a, 0x30, 0x69), style);
    setPaper(Qt::white, UnclosedString);
    setColor(QColor(0x05, 0x50, 0xae), Number);
    setColor(QColor(0x3c, 0x44, 0x4d), Operator);
    setColor(QColor(0x11, 0x63, 0x29), Regex);
}

const char *TypeScriptLexer::keywords(int set) const
{
    if (set == 1)
        return tsKeywords;
    if (set == 2)
        return tsGlobals;
    return nullptr;
}

void TypeScriptLexer::setEditorFont(const QFont &font)
{
    setDefaultFont(font);
    setFont(font, -1);
    QFont bold = font;
    bold.setBold(true);
    setFont(bold, Keyword);
    QFont italic = font;
    italic.setItalic(true);
    for (int style : { Comment, CommentLine, CommentDoc, CommentLineDoc })
        setFont(italic, style);
}
