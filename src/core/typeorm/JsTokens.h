#pragma once

#include "JsTokenizer.h"

#include <QList>
#include <QString>

// The tokens of one JavaScript source with their brackets paired once, so no
// reader rescans the file per bracket (30,000 nested classes or `config(`
// repeated made that quadratic). `(`, `[` and `{` pair with the next
// unpaired closer of any kind, as a person reading broken code would.
class JsTokens
{
public:
    JsTokens() = default;
    // `tokens` as JsTokenizer::tokenize returns them, ending with an End token.
    JsTokens(QString source, QList<JsToken> tokens);

    const QString &source() const { return m_source; }
    const QList<JsToken> &list() const { return m_tokens; }
    // Tokens, the End token included.
    qsizetype size() const { return m_tokens.size(); }
    // Past the end: the End token.
    const JsToken &at(qsizetype i) const;

    bool isOpener(qsizetype i) const;
    bool isCloser(qsizetype i) const;
    // The index of the bracket closing the opener at `open`; -1 when it is
    // unclosed or not an opener.
    qsizetype closer(qsizetype open) const;
    // The innermost opener whose bracket is still open at token `i` (-1 at
    // the top level).
    qsizetype enclosingOpener(qsizetype i) const;
    // The source text of tokens `first` to `last` (both included), its
    // white space simplified; empty when last < first.
    QString text(qsizetype first, qsizetype last) const;

private:
    QString m_source;
    QList<JsToken> m_tokens;
    QList<qsizetype> m_closer;
    QList<qsizetype> m_enclosing;
};
