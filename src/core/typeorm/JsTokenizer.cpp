#include "JsTokenizer.h"

namespace {

bool isIdentifierStart(QChar c)
{
    return c.isLetter() || c == QLatin1Char('_') || c == QLatin1Char('$');
}

bool isIdentifierPart(QChar c)
{
    return isIdentifierStart(c) || c.isDigit();
}

bool isLineBreak(QChar c)
{
    return c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QChar(0x2028) || c == QChar(0x2029);
}

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

// Longest first, so `===` wins over `==` and `=`.
const char *const punctuators[] = { ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>",
    "&&=", "||=", "?\?=", "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "**", "<<", ">>" };

} // namespace

JsTokenizer::JsTokenizer(QString source)
    : m_source(std::move(source))
{
}

QChar JsTokenizer::peek(qsizetype ahead) const
{
    const qsizetype at = m_pos + ahead;
    return at < m_source.size() ? m_source.at(at) : QChar();
}

// Moves one character on, counting lines (CRLF is one line break).
void JsTokenizer::advance()
{
    const QChar c = m_source.at(m_pos);
    ++m_pos;
    if (c == QLatin1Char('\r') && peek() == QLatin1Char('\n'))
        return; // the LF ends the line
    if (isLineBreak(c)) {
        ++m_line;
        m_lineStart = m_pos;
    }
}

void JsTokenizer::fail(const QString &message, int line, int column)
{
    if (!m_error.isEmpty())
        return;
    m_error = message;
    m_errorLine = line;
    m_errorColumn = column;
}

bool JsTokenizer::skipBlanksAndComments(bool *sawNewline)
{
    while (!atEnd()) {
        const QChar c = peek();
        if (isLineBreak(c)) {
            *sawNewline = true;
            advance();
        } else if (c.isSpace() || c == QChar(0xFEFF)) {
            advance();
        } else if (c == QLatin1Char('/') && peek(1) == QLatin1Char('/')) {
            while (!atEnd() && !isLineBreak(peek()))
                advance();
        } else if (c == QLatin1Char('/') && peek(1) == QLatin1Char('*')) {
            const int line = m_line;
            const int column = int(m_pos - m_lineStart) + 1;
            advance();
            advance();
            while (!atEnd() && !(peek() == QLatin1Char('*') && peek(1) == QLatin1Char('/'))) {
                if (isLineBreak(peek()))
                    *sawNewline = true;
                advance();
            }
            if (atEnd()) {
                fail(QStringLiteral("unterminated /* comment"), line, column);
                return false;
            }
            advance();
            advance();
        } else {
            break;
        }
    }
    return true;
}

// After a backslash in a string or template: appends the cooked character(s).
bool JsTokenizer::readEscape(QString *out)
{
    const int line = m_line;
    const int column = int(m_pos - m_lineStart); // the backslash
    if (atEnd()) {
        fail(QStringLiteral("unterminated escape sequence"), line, column);
        return false;
    }
    const QChar c = peek();
    if (isLineBreak(c)) { // a line continuation: the break is not part of the string
        advance();
        return true;
    }
    advance();
    switch (c.unicode()) {
    case u'n':
        out->append(QLatin1Char('\n'));
        return true;
    case u't':
        out->append(QLatin1Char('\t'));
        return true;
    case u'r':
        out->append(QLatin1Char('\r'));
        return true;
    case u'b':
        out->append(QLatin1Char('\b'));
        return true;
    case u'f':
        out->append(QLatin1Char('\f'));
        return true;
    case u'v':
        out->append(QLatin1Char('\v'));
        return true;
    case u'0':
        if (!peek().isDigit()) {
            out->append(QChar(0));
            return true;
        }
        break; // legacy octal: refused below
    case u'x': {
        const int high = hexValue(peek());
        const int low = hexValue(peek(1));
        if (high < 0 || low < 0)
            break;
        advance();
        advance();
        out->append(QChar(char16_t(high * 16 + low)));
        return true;
    }
    case u'u': {
        char32_t code = 0;
        if (peek() == QLatin1Char('{')) {
            advance();
            int digits = 0;
            while (!atEnd() && hexValue(peek()) >= 0 && digits < 7) {
                code = code * 16 + char32_t(hexValue(peek()));
                advance();
                ++digits;
            }
            if (digits == 0 || peek() != QLatin1Char('}') || code > 0x10FFFF)
                break;
            advance();
        } else {
            for (int i = 0; i < 4; ++i) {
                const int h = hexValue(peek());
                if (h < 0) {
                    fail(QStringLiteral("bad \\u escape"), line, column);
                    return false;
                }
                code = code * 16 + char32_t(h);
                advance();
            }
        }
        out->append(QString::fromUcs4(&code, 1));
        return true;
    }
    default:
        if (c.isDigit())
            break; // legacy octal escapes (\1, \01): refused, TypeScript does too
        out->append(c); // \' \" \\ \` \$ and any other character stand for themselves
        return true;
    }
    fail(QStringLiteral("escape sequence not understood"), line, column);
    return false;
}

void JsTokenizer::noteOrigin(JsToken *token, qsizetype valueAt, qsizetype sourceAt, bool linear)
{
    if (linear && !token->origins.isEmpty()) {
        const SourceMap::Segment &last = token->origins.constLast();
        if (last.linear && last.original + (valueAt - last.synthesized) == sourceAt)
            return; // continues the current run
    }
    token->origins.append(SourceMap::Segment { valueAt, sourceAt, linear });
}

bool JsTokenizer::readString(JsToken *token)
{
    const QChar quote = peek();
    advance();
    QString value;
    while (true) {
        if (atEnd() || isLineBreak(peek())) {
            fail(QStringLiteral("unterminated string"), token->line, token->column);
            return false;
        }
        const QChar c = peek();
        if (c == quote) {
            advance();
            break;
        }
        if (c == QLatin1Char('\\')) {
            const qsizetype backslash = m_pos;
            const qsizetype before = value.size();
            advance();
            if (!readEscape(&value))
                return false;
            if (value.size() > before)
                noteOrigin(token, before, backslash, false);
            continue;
        }
        noteOrigin(token, value.size(), m_pos, true);
        value.append(c);
        advance();
    }
    token->kind = JsToken::Kind::String;
    token->value = value;
    return true;
}

// Skips the expression of a `${...}` (the `${` already consumed) up to and
// including its closing brace, minding nested braces, strings and templates.
bool JsTokenizer::skipBalancedSubstitution(QString *text)
{
    const qsizetype start = m_pos;
    int depth = 0;
    while (true) {
        bool newline = false;
        if (!skipBlanksAndComments(&newline))
            return false;
        if (atEnd())
            return false;
        const QChar c = peek();
        if (c == QLatin1Char('}') && depth == 0) {
            *text = m_source.mid(start, m_pos - start).trimmed();
            advance();
            return true;
        }
        JsToken nested;
        nested.line = m_line;
        nested.column = int(m_pos - m_lineStart) + 1;
        if (c == QLatin1Char('{')) {
            ++depth;
            advance();
        } else if (c == QLatin1Char('}')) {
            --depth;
            advance();
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            if (!readString(&nested))
                return false;
        } else if (c == QLatin1Char('`')) {
            if (!readTemplate(&nested))
                return false;
        } else {
            advance();
        }
    }
}

bool JsTokenizer::readTemplate(JsToken *token)
{
    // A template inside `${...}` is read by recursion: bounded, so crafted
    // nesting is an error with a position instead of a stack overflow.
    if (m_templateDepth >= MaxNesting) {
        fail(QStringLiteral("template literals nested more than %1 deep").arg(MaxNesting), token->line,
            token->column);
        return false;
    }
    ++m_templateDepth;
    const bool ok = readTemplateBody(token);
    --m_templateDepth;
    return ok;
}

bool JsTokenizer::readTemplateBody(JsToken *token)
{
    advance(); // the opening backtick
    QString value;
    while (true) {
        if (atEnd()) {
            fail(QStringLiteral("unterminated template literal"), token->line, token->column);
            return false;
        }
        const QChar c = peek();
        if (c == QLatin1Char('`')) {
            advance();
            break;
        }
        if (c == QLatin1Char('\\')) {
            const qsizetype backslash = m_pos;
            const qsizetype before = value.size();
            advance();
            if (!readEscape(&value))
                return false;
            if (value.size() > before)
                noteOrigin(token, before, backslash, false);
            continue;
        }
        if (c == QLatin1Char('$') && peek(1) == QLatin1Char('{')) {
            advance();
            advance();
            QString expression;
            if (!skipBalancedSubstitution(&expression)) {
                fail(QStringLiteral("unterminated ${ in a template literal"), token->line, token->column);
                return false;
            }
            if (!token->hasSubstitution)
                token->substitution = expression;
            token->hasSubstitution = true;
            continue;
        }
        if (c == QLatin1Char('\r')) { // JavaScript cooks CRLF and CR in templates to LF
            noteOrigin(token, value.size(), m_pos, false);
            advance();
            if (peek() == QLatin1Char('\n'))
                advance();
            value.append(QLatin1Char('\n'));
            continue;
        }
        noteOrigin(token, value.size(), m_pos, true);
        value.append(c);
        advance();
    }
    token->kind = JsToken::Kind::Template;
    token->value = token->hasSubstitution ? QString() : value;
    return true;
}

bool JsTokenizer::readRegExp(JsToken *token)
{
    advance(); // the opening slash
    bool inClass = false;
    while (true) {
        if (atEnd() || isLineBreak(peek())) {
            fail(QStringLiteral("unterminated regular expression"), token->line, token->column);
            return false;
        }
        const QChar c = peek();
        advance();
        if (c == QLatin1Char('\\')) {
            if (!atEnd())
                advance();
        } else if (c == QLatin1Char('[')) {
            inClass = true;
        } else if (c == QLatin1Char(']')) {
            inClass = false;
        } else if (c == QLatin1Char('/') && !inClass) {
            break;
        }
    }
    while (!atEnd() && isIdentifierPart(peek()))
        advance(); // flags
    token->kind = JsToken::Kind::RegExp;
    return true;
}

void JsTokenizer::readNumber(JsToken *token)
{
    while (!atEnd()
        && (isIdentifierPart(peek()) || peek() == QLatin1Char('.')
            || ((peek() == QLatin1Char('+') || peek() == QLatin1Char('-'))
                && (m_source.at(m_pos - 1) == QLatin1Char('e') || m_source.at(m_pos - 1) == QLatin1Char('E'))
                && !m_source.mid(token->offset, 2).startsWith(QLatin1String("0x"), Qt::CaseInsensitive))))
        advance();
    token->kind = JsToken::Kind::Number;
}

void JsTokenizer::readIdentifier(JsToken *token)
{
    advance(); // the first character (may be # or @, for private names and decorators)
    while (!atEnd() && isIdentifierPart(peek()))
        advance();
    token->kind = JsToken::Kind::Identifier;
}

void JsTokenizer::readPunctuator(JsToken *token)
{
    token->kind = JsToken::Kind::Punctuator;
    for (const char *p : punctuators) {
        const QLatin1String candidate(p);
        if (QStringView(m_source).mid(m_pos).startsWith(candidate)) {
            for (qsizetype i = 0; i < candidate.size(); ++i)
                advance();
            return;
        }
    }
    advance();
}

// A `/` starts a regular expression unless it follows something that ends an
// operand (the usual heuristic; good enough for migration files).
bool JsTokenizer::regExpAllowed(const QList<JsToken> &tokens) const
{
    if (tokens.isEmpty())
        return true;
    const JsToken &last = tokens.constLast();
    switch (last.kind) {
    case JsToken::Kind::Number:
    case JsToken::Kind::String:
    case JsToken::Kind::Template:
    case JsToken::Kind::RegExp:
        return false;
    case JsToken::Kind::Identifier: {
        static const QStringList operatorKeywords = { QStringLiteral("return"), QStringLiteral("typeof"),
            QStringLiteral("instanceof"), QStringLiteral("in"), QStringLiteral("of"), QStringLiteral("new"),
            QStringLiteral("delete"), QStringLiteral("void"), QStringLiteral("throw"), QStringLiteral("case"),
            QStringLiteral("do"), QStringLiteral("else"), QStringLiteral("yield"), QStringLiteral("await") };
        return operatorKeywords.contains(last.text);
    }
    case JsToken::Kind::Punctuator:
        return !(last.text == QLatin1String(")") || last.text == QLatin1String("]")
            || last.text == QLatin1String("}") || last.text == QLatin1String("++")
            || last.text == QLatin1String("--"));
    case JsToken::Kind::End:
        return true;
    }
    return true;
}

QList<JsToken> JsTokenizer::tokenize()
{
    QList<JsToken> tokens;
    while (true) {
        bool newline = false;
        if (!skipBlanksAndComments(&newline))
            break;
        JsToken token;
        token.offset = m_pos;
        token.line = m_line;
        token.column = int(m_pos - m_lineStart) + 1;
        token.newlineBefore = newline;
        if (atEnd()) {
            token.kind = JsToken::Kind::End;
            tokens.append(token);
            return tokens;
        }
        const QChar c = peek();
        bool ok = true;
        if (c == QLatin1Char('\'') || c == QLatin1Char('"'))
            ok = readString(&token);
        else if (c == QLatin1Char('`'))
            ok = readTemplate(&token);
        else if (c.isDigit() || (c == QLatin1Char('.') && peek(1).isDigit()))
            readNumber(&token);
        else if (isIdentifierStart(c) || c == QLatin1Char('#') || c == QLatin1Char('@'))
            readIdentifier(&token);
        else if (c == QLatin1Char('/') && regExpAllowed(tokens))
            ok = readRegExp(&token);
        else
            readPunctuator(&token);
        if (!ok)
            break;
        token.length = m_pos - token.offset;
        token.text = m_source.mid(token.offset, token.length);
        if (token.kind != JsToken::Kind::String && token.kind != JsToken::Kind::Template)
            token.value = token.text;
        tokens.append(token);
    }
    JsToken end;
    end.offset = m_pos;
    end.line = m_line;
    end.column = int(m_pos - m_lineStart) + 1;
    tokens.append(end);
    return tokens;
}
