#pragma once

#include "common/SourceMap.h"

#include <QList>
#include <QString>

// One token of JavaScript / TypeScript source, as much as the TypeORM migration
// reader needs: identifiers (keywords included), numbers, strings and template
// literals with their cooked value, regular expression literals (skipped whole
// so a `/` never derails the reader) and punctuation.
struct JsToken
{
    enum class Kind {
        Identifier,
        Number,
        String, // '...' or "..."; value is the cooked string
        Template, // `...`; value is the cooked string when it has no substitution
        RegExp,
        Punctuator,
        End,
    };

    Kind kind = Kind::End;
    QString text; // the source text of the token
    QString value; // cooked string (String, Template) or the text
    // A template literal with `${...}`: not a static string. substitution holds
    // the source text of the first `${...}` expression.
    bool hasSubstitution = false;
    QString substitution;
    // String and Template: where the runs of `value` come from in the source,
    // as UTF-16 indexes (value index -> source index), so positions found in
    // the SQL a literal holds map back to the file past escapes and line breaks.
    QList<SourceMap::Segment> origins;
    qsizetype offset = 0; // into the source
    qsizetype length = 0;
    int line = 0; // 1-based
    int column = 0; // 1-based, in UTF-16 code units
    bool newlineBefore = false; // a line break between this token and the previous one

    bool is(QLatin1String punctuatorOrIdentifier) const
    {
        return (kind == Kind::Punctuator || kind == Kind::Identifier) && text == punctuatorOrIdentifier;
    }
};

// Splits source into tokens; comments and whitespace are dropped. Errors (an
// unterminated string, comment or template) are reported through error() with
// a position, and tokenizing stops there.
class JsTokenizer
{
public:
    // How deep template literals may nest inside `${...}` (and how deep the
    // readers built on the tokens nest values): crafted input nested deeper
    // would exhaust the stack. Real code stays in single digits.
    static constexpr int MaxNesting = 200;

    explicit JsTokenizer(QString source);

    QList<JsToken> tokenize();
    bool failed() const { return !m_error.isEmpty(); }
    QString error() const { return m_error; }
    int errorLine() const { return m_errorLine; }
    int errorColumn() const { return m_errorColumn; }

private:
    bool atEnd() const { return m_pos >= m_source.size(); }
    QChar peek(qsizetype ahead = 0) const;
    void advance();
    void fail(const QString &message, int line, int column);
    bool skipBlanksAndComments(bool *sawNewline);
    bool readEscape(QString *out);
    // Records that `value` grows from here with what is at the source position
    // `sourceAt` (linear: the same characters follow one another).
    static void noteOrigin(JsToken *token, qsizetype valueAt, qsizetype sourceAt, bool linear);
    bool readString(JsToken *token);
    bool readTemplate(JsToken *token);
    bool readTemplateBody(JsToken *token);
    bool skipBalancedSubstitution(QString *text);
    bool readRegExp(JsToken *token);
    void readNumber(JsToken *token);
    void readIdentifier(JsToken *token);
    void readPunctuator(JsToken *token);
    bool regExpAllowed(const QList<JsToken> &tokens) const;

    QString m_source;
    qsizetype m_pos = 0;
    int m_line = 1;
    qsizetype m_lineStart = 0;
    QString m_error;
    int m_errorLine = 0;
    int m_errorColumn = 0;
    int m_templateDepth = 0;
};
