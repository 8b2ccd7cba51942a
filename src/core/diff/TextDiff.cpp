#include "diff/TextDiff.h"

#include <dtl/dtl.hpp>

#include <algorithm>
#include <vector>

namespace {

// A line as dtl compares it. The last line of a text without a final line
// break differs from the same text with one, as it does for diff.
struct LineKey
{
    QString text;
    bool terminated = true;

    bool operator==(const LineKey &other) const = default;
};

struct SplitText
{
    std::vector<LineKey> lines;
    bool missingNewline = false;
};

SplitText splitLines(const QString &text)
{
    SplitText result;
    if (text.isEmpty())
        return result;
    const QStringList parts = text.split(QLatin1Char('\n'));
    const bool terminated = text.endsWith(QLatin1Char('\n'));
    // After a final line break split() yields an empty part that is no line.
    const qsizetype count = terminated ? parts.size() - 1 : parts.size();
    result.lines.reserve(static_cast<size_t>(count));
    for (qsizetype i = 0; i < count; ++i)
        result.lines.push_back(LineKey { parts.at(i), terminated || i + 1 < count });
    result.missingNewline = !terminated;
    return result;
}

struct Token
{
    QString text;
    int start = 0;
};

enum class TokenClass { Word, Space, Other };

TokenClass classify(QChar c)
{
    if (c.isLetterOrNumber() || c == u'_')
        return TokenClass::Word;
    if (c.isSpace())
        return TokenClass::Space;
    return TokenClass::Other;
}

// Words (letters, digits, underscore), whitespace runs, and every other
// character on its own, so `integer,` vs `bigint,` marks only the type.
QList<Token> tokenize(const QString &text)
{
    QList<Token> tokens;
    const int size = static_cast<int>(text.size());
    int i = 0;
    while (i < size) {
        const TokenClass tokenClass = classify(text.at(i));
        int end = i + 1;
        if (tokenClass != TokenClass::Other) {
            while (end < size && classify(text.at(end)) == tokenClass)
                ++end;
        } else if (text.at(i).isHighSurrogate() && end < size && text.at(end).isLowSurrogate()) {
            // Keep a character outside the BMP whole: half of it is no span to draw.
            ++end;
        }
        tokens.append(Token { text.mid(i, end - i), i });
        i = end;
    }
    return tokens;
}

bool isBlank(QStringView text)
{
    return std::all_of(text.begin(), text.end(), [](QChar c) { return c.isSpace(); });
}

// Neighbouring changed tokens become one span, also across an unchanged run
// of whitespace: "b_c, d" reads better as one highlight than as "b_c," and "d".
QList<DiffSpan> spansOf(const QString &text, const QList<Token> &tokens, const std::vector<bool> &changed)
{
    QList<DiffSpan> spans;
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        if (!changed[static_cast<size_t>(i)])
            continue;
        const Token &token = tokens.at(i);
        const int length = static_cast<int>(token.text.size());
        if (!spans.isEmpty()) {
            DiffSpan &previous = spans.last();
            const int previousEnd = previous.start + previous.length;
            if (isBlank(QStringView(text).mid(previousEnd, token.start - previousEnd))) {
                previous.length = token.start + length - previous.start;
                continue;
            }
        }
        spans.append(DiffSpan { token.start, length });
    }
    // Which of two equal blanks the LCS keeps is arbitrary; a span with words
    // in it is about the words, so it loses its outer whitespace.
    for (DiffSpan &span : spans) {
        const QStringView spanText = QStringView(text).mid(span.start, span.length);
        if (isBlank(spanText))
            continue;
        const QStringView trimmed = spanText.trimmed();
        span.start += static_cast<int>(trimmed.data() - spanText.data());
        span.length = static_cast<int>(trimmed.size());
    }
    return spans;
}

// Marks the words that differ between a removed line and the added line
// that replaced it.
void diffWords(DiffLine &removed, DiffLine &added)
{
    const QList<Token> leftTokens = tokenize(removed.text);
    const QList<Token> rightTokens = tokenize(added.text);
    std::vector<bool> leftChanged(static_cast<size_t>(leftTokens.size()), leftTokens.isEmpty());
    std::vector<bool> rightChanged(static_cast<size_t>(rightTokens.size()), leftTokens.isEmpty());
    if (!leftTokens.isEmpty() && !rightTokens.isEmpty()) {
        std::vector<QString> left;
        std::vector<QString> right;
        for (const Token &token : leftTokens)
            left.push_back(token.text);
        for (const Token &token : rightTokens)
            right.push_back(token.text);
        dtl::Diff<QString, std::vector<QString>> diff(left, right);
        diff.compose();
        for (const auto &[text, info] : diff.getSes().getSequence()) {
            if (info.type == dtl::SES_DELETE)
                leftChanged[static_cast<size_t>(info.beforeIdx - 1)] = true;
            else if (info.type == dtl::SES_ADD)
                rightChanged[static_cast<size_t>(info.afterIdx - 1)] = true;
        }
    } else {
        // One side is an empty line: all of the other side is new.
        std::fill(leftChanged.begin(), leftChanged.end(), true);
        std::fill(rightChanged.begin(), rightChanged.end(), true);
    }
    removed.changedSpans = spansOf(removed.text, leftTokens, leftChanged);
    added.changedSpans = spansOf(added.text, rightTokens, rightChanged);
}

// GNU diff's hunk range: "start" for one line, "start,count" otherwise, and
// for no lines the line before the range, which patch expects.
QString unifiedRange(int start, int count)
{
    if (count == 1)
        return QString::number(start);
    return QStringLiteral("%1,%2").arg(count == 0 ? start - 1 : start).arg(count);
}

} // namespace

TextDiff TextDiff::compute(const QString &left, const QString &right)
{
    TextDiff result;
    const SplitText leftLines = splitLines(left);
    const SplitText rightLines = splitLines(right);
    result.m_leftLineCount = static_cast<int>(leftLines.lines.size());
    result.m_rightLineCount = static_cast<int>(rightLines.lines.size());
    result.m_leftMissingNewline = leftLines.missingNewline;
    result.m_rightMissingNewline = rightLines.missingNewline;

    if (!leftLines.lines.empty() || !rightLines.lines.empty()) {
        // deletesFirst: inside a change block dtl then lists every removed
        // line before the added ones, which is what pairing them needs.
        dtl::Diff<LineKey, std::vector<LineKey>> diff(leftLines.lines, rightLines.lines, true);
        diff.compose();
        const auto sequence = diff.getSes().getSequence();
        result.m_lines.reserve(static_cast<qsizetype>(sequence.size()));
        for (const auto &[key, info] : sequence) {
            DiffLine line;
            line.text = key.text;
            if (info.type == dtl::SES_DELETE) {
                line.kind = DiffLine::Kind::Removed;
                line.leftLine = static_cast<int>(info.beforeIdx);
            } else if (info.type == dtl::SES_ADD) {
                line.kind = DiffLine::Kind::Added;
                line.rightLine = static_cast<int>(info.afterIdx);
            } else {
                line.leftLine = static_cast<int>(info.beforeIdx);
                line.rightLine = static_cast<int>(info.afterIdx);
            }
            result.m_lines.append(line);
        }
    }

    const qsizetype count = result.m_lines.size();
    qsizetype i = 0;
    while (i < count) {
        if (result.m_lines.at(i).kind == DiffLine::Kind::Same) {
            ++i;
            continue;
        }
        ++result.m_changeCount;
        QList<qsizetype> removed;
        QList<qsizetype> added;
        for (; i < count && result.m_lines.at(i).kind != DiffLine::Kind::Same; ++i)
            (result.m_lines.at(i).kind == DiffLine::Kind::Removed ? removed : added).append(i);
        const qsizetype pairs = std::min(removed.size(), added.size());
        for (qsizetype p = 0; p < pairs; ++p)
            diffWords(result.m_lines[removed.at(p)], result.m_lines[added.at(p)]);
    }
    return result;
}

bool TextDiff::isEmpty() const
{
    return m_changeCount == 0;
}

QString TextDiff::unified(const QString &leftName, const QString &rightName, int context) const
{
    if (isEmpty())
        return {};
    context = std::max(context, 0);

    // The change blocks as [begin, end) row ranges.
    QList<std::pair<qsizetype, qsizetype>> blocks;
    const qsizetype rowCount = m_lines.size();
    for (qsizetype row = 0; row < rowCount;) {
        if (m_lines.at(row).kind == DiffLine::Kind::Same) {
            ++row;
            continue;
        }
        const qsizetype begin = row;
        while (row < rowCount && m_lines.at(row).kind != DiffLine::Kind::Same)
            ++row;
        blocks.append({ begin, row });
    }
    // Lines of each side before each row, for the hunk headers.
    QList<int> leftBefore(rowCount + 1, 0);
    QList<int> rightBefore(rowCount + 1, 0);
    for (qsizetype row = 0; row < rowCount; ++row) {
        const DiffLine::Kind kind = m_lines.at(row).kind;
        leftBefore[row + 1] = leftBefore.at(row) + (kind != DiffLine::Kind::Added ? 1 : 0);
        rightBefore[row + 1] = rightBefore.at(row) + (kind != DiffLine::Kind::Removed ? 1 : 0);
    }

    const QString noNewline = QStringLiteral("\\ No newline at end of file\n");
    QString out = QStringLiteral("--- %1\n+++ %2\n").arg(leftName, rightName);
    qsizetype block = 0;
    while (block < blocks.size()) {
        const qsizetype begin = std::max<qsizetype>(0, blocks.at(block).first - context);
        qsizetype last = blocks.at(block).second;
        // GNU diff joins changes up to 2 * context unchanged lines apart.
        while (block + 1 < blocks.size() && blocks.at(block + 1).first - last <= 2 * context)
            last = blocks.at(++block).second;
        ++block;
        const qsizetype end = std::min(rowCount, last + context);

        out += QStringLiteral("@@ -%1 +%2 @@\n")
                   .arg(unifiedRange(leftBefore.at(begin) + 1, leftBefore.at(end) - leftBefore.at(begin)),
                       unifiedRange(rightBefore.at(begin) + 1, rightBefore.at(end) - rightBefore.at(begin)));
        for (qsizetype row = begin; row < end; ++row) {
            const DiffLine &line = m_lines.at(row);
            bool lastOfSide = false;
            switch (line.kind) {
            case DiffLine::Kind::Same:
                out += QLatin1Char(' ');
                lastOfSide = m_leftMissingNewline && line.leftLine == m_leftLineCount;
                break;
            case DiffLine::Kind::Removed:
                out += QLatin1Char('-');
                lastOfSide = m_leftMissingNewline && line.leftLine == m_leftLineCount;
                break;
            case DiffLine::Kind::Added:
                out += QLatin1Char('+');
                lastOfSide = m_rightMissingNewline && line.rightLine == m_rightLineCount;
                break;
            }
            out += line.text;
            out += QLatin1Char('\n');
            if (lastOfSide)
                out += noNewline;
        }
    }
    return out;
}
