#include "JsTokens.h"

namespace {

bool punctuatorIn(const JsToken &t, QLatin1String a, QLatin1String b, QLatin1String c)
{
    return t.kind == JsToken::Kind::Punctuator && (t.text == a || t.text == b || t.text == c);
}

} // namespace

JsTokens::JsTokens(QString source, QList<JsToken> tokens)
    : m_source(std::move(source))
    , m_tokens(std::move(tokens))
{
    if (m_tokens.isEmpty() || m_tokens.constLast().kind != JsToken::Kind::End)
        m_tokens.append(JsToken {});
    m_closer.fill(-1, m_tokens.size());
    m_enclosing.fill(-1, m_tokens.size());
    // A stack of the open brackets, not a scan per bracket: linear at any depth.
    QList<qsizetype> open;
    for (qsizetype i = 0; i < m_tokens.size(); ++i) {
        m_enclosing[i] = open.isEmpty() ? -1 : open.constLast();
        if (isOpener(i))
            open.append(i);
        else if (isCloser(i) && !open.isEmpty())
            m_closer[open.takeLast()] = i;
    }
}

const JsToken &JsTokens::at(qsizetype i) const
{
    static const JsToken end;
    if (m_tokens.isEmpty())
        return end;
    return m_tokens.at(qBound(qsizetype(0), i, m_tokens.size() - 1));
}

bool JsTokens::isOpener(qsizetype i) const
{
    return punctuatorIn(at(i), QLatin1String("("), QLatin1String("["), QLatin1String("{"));
}

bool JsTokens::isCloser(qsizetype i) const
{
    return punctuatorIn(at(i), QLatin1String(")"), QLatin1String("]"), QLatin1String("}"));
}

qsizetype JsTokens::closer(qsizetype open) const
{
    return open >= 0 && open < m_closer.size() ? m_closer.at(open) : -1;
}

qsizetype JsTokens::enclosingOpener(qsizetype i) const
{
    return i >= 0 && i < m_enclosing.size() ? m_enclosing.at(i) : -1;
}

QString JsTokens::text(qsizetype first, qsizetype last) const
{
    if (last < first || m_tokens.isEmpty())
        return {};
    const qsizetype begin = at(first).offset;
    const qsizetype end = at(last).offset + at(last).length;
    return m_source.mid(begin, end - begin).simplified();
}
