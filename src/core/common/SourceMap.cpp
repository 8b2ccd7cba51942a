#include "SourceMap.h"

#include "TextPosition.h"

#include <algorithm>

SourceMap::SourceMap(QByteArray original, QList<Segment> segments)
    : m_original(std::move(original))
    , m_segments(std::move(segments))
{
    std::stable_sort(m_segments.begin(), m_segments.end(),
        [](const Segment &a, const Segment &b) { return a.synthesized < b.synthesized; });
    m_lineStarts.append(0);
    for (qsizetype i = 0; i < m_original.size(); ++i)
        if (m_original.at(i) == '\n')
            m_lineStarts.append(i + 1);
}

SourceMap SourceMap::fromUtf16(
    const QString &synthesized, const QString &original, const QList<Segment> &segments)
{
    const QList<qsizetype> from = TextPosition::utf8Offsets(synthesized);
    const QList<qsizetype> to = TextPosition::utf8Offsets(original);
    QList<Segment> bytes;
    bytes.reserve(segments.size());
    for (const Segment &s : segments) {
        const qsizetype a = qBound(qsizetype(0), s.synthesized, synthesized.size());
        const qsizetype b = qBound(qsizetype(0), s.original, original.size());
        bytes.append(Segment { from.at(a), to.at(b), s.linear });
    }
    return SourceMap(original.toUtf8(), std::move(bytes));
}

qsizetype SourceMap::originalOffset(qsizetype offset) const
{
    if (m_segments.isEmpty())
        return offset;
    auto next = std::upper_bound(m_segments.cbegin(), m_segments.cend(), offset,
        [](qsizetype value, const Segment &s) { return value < s.synthesized; });
    if (next == m_segments.cbegin())
        return m_segments.constFirst().original; // before the first mapped byte
    const Segment &s = *(next - 1);
    const qsizetype mapped = s.linear ? s.original + (offset - s.synthesized) : s.original;
    return qBound(qsizetype(0), mapped, m_original.size());
}

TextPosition SourceMap::position(const QByteArray &synthesized, qsizetype offset) const
{
    if (m_segments.isEmpty())
        return TextPosition::fromByteOffset(synthesized, offset);
    const qsizetype at = originalOffset(offset);
    const auto line = std::upper_bound(m_lineStarts.cbegin(), m_lineStarts.cend(), at) - 1;
    return TextPosition::advance(
        m_original, *line, TextPosition { int(line - m_lineStarts.cbegin()) + 1, 1 }, at);
}
