#include "DeparseCanonicalizer.h"

#include <QRegularExpression>
#include <QStringList>

namespace {

// Skips a quoted token ('literal' or "identifier", the quote doubled inside)
// starting at `i`; returns the index just past it.
qsizetype skipQuoted(const QString &text, qsizetype i)
{
    const QChar quote = text.at(i);
    for (++i; i < text.size(); ++i) {
        if (text.at(i) != quote)
            continue;
        if (i + 1 < text.size() && text.at(i + 1) == quote)
            ++i; // doubled: part of the token
        else
            return i + 1;
    }
    return i;
}

bool isQuote(QChar c)
{
    return c == u'\'' || c == u'"';
}

// `'text'::type name`: the element form the cast is moved into.
bool isTypedLiteral(const QString &element)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^'(?:[^']|'')*'::[A-Za-z_][A-Za-z0-9_ ."]*$)"));
    return pattern.match(element).hasMatch();
}

// At `start`, text reads "(ARRAY[". If what follows is "e1, e2, ...])::T[]"
// with every element a typed literal, appends the fixpoint form to `out` and
// returns the index past the match; else returns -1 and appends nothing.
qsizetype rewriteArrayCast(const QString &text, qsizetype start, QString &out)
{
    static const QLatin1String open("(ARRAY[");
    QStringList elements;
    qsizetype elementStart = start + open.size();
    int depth = 0;
    qsizetype i = elementStart;
    for (; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (isQuote(c)) {
            i = skipQuoted(text, i) - 1;
        } else if (c == u'(' || c == u'[') {
            ++depth;
        } else if ((c == u')' || c == u']') && depth > 0) {
            --depth;
        } else if (c == u',' && depth == 0) {
            elements << text.mid(elementStart, i - elementStart).trimmed();
            elementStart = i + 1;
        } else if (c == u']' && depth == 0) {
            elements << text.mid(elementStart, i - elementStart).trimmed();
            break;
        } else if (c == u')') {
            return -1; // unbalanced
        }
    }
    static const QLatin1String close("])::");
    if (i >= text.size() || QStringView(text).mid(i, close.size()) != close)
        return -1;
    const qsizetype typeStart = i + close.size();
    const qsizetype typeEnd = text.indexOf(QLatin1String("[]"), typeStart);
    if (typeEnd < 0)
        return -1;
    const QString type = text.mid(typeStart, typeEnd - typeStart);
    static const QRegularExpression typeName(QStringLiteral(R"(^[A-Za-z_][A-Za-z0-9_ ."]*$)"));
    if (!typeName.match(type).hasMatch())
        return -1;
    for (const QString &e : std::as_const(elements))
        if (!isTypedLiteral(e))
            return -1;
    QStringList cast;
    cast.reserve(elements.size());
    for (const QString &e : std::as_const(elements))
        cast << QStringLiteral("(%1)::%2").arg(e, type);
    out += QStringLiteral("ARRAY[") + cast.join(QStringLiteral(", ")) + u']';
    return typeEnd + 2;
}

} // namespace

QString DeparseCanonicalizer::canonical(const QString &deparsed)
{
    static const QLatin1String open("(ARRAY[");
    // Most definitions have no array cast at all: no copy.
    if (!deparsed.contains(open))
        return deparsed;
    QString out;
    out.reserve(deparsed.size() + 32);
    for (qsizetype i = 0; i < deparsed.size();) {
        const QChar c = deparsed.at(i);
        if (isQuote(c)) {
            const qsizetype end = skipQuoted(deparsed, i);
            out += QStringView(deparsed).mid(i, end - i);
            i = end;
            continue;
        }
        if (QStringView(deparsed).mid(i, open.size()) == open) {
            if (const qsizetype next = rewriteArrayCast(deparsed, i, out); next >= 0) {
                i = next;
                continue;
            }
        }
        out += c;
        ++i;
    }
    return out;
}
