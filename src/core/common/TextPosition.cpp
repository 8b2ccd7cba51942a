#include "TextPosition.h"

namespace {
bool isContinuationByte(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}
} // namespace

TextPosition TextPosition::fromByteOffset(const QByteArray &utf8, qsizetype byteOffset)
{
    return advance(utf8, 0, TextPosition { 1, 1 }, byteOffset);
}

TextPosition TextPosition::advance(
    const QByteArray &utf8, qsizetype fromOffset, TextPosition from, qsizetype toOffset)
{
    TextPosition pos = from;
    const qsizetype end = qBound(qsizetype(0), toOffset, utf8.size());
    for (qsizetype i = qMax(qsizetype(0), fromOffset); i < end; ++i) {
        const char c = utf8.at(i);
        if (c == '\n') {
            ++pos.line;
            pos.column = 1;
        } else if (!isContinuationByte(c)) {
            ++pos.column;
        }
    }
    return pos;
}

qsizetype TextPosition::byteOffsetOfCharacter(const QByteArray &utf8, int oneBasedCharacter)
{
    int seen = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        if (isContinuationByte(utf8.at(i)))
            continue;
        if (++seen == oneBasedCharacter)
            return i;
    }
    return utf8.size();
}

QList<qsizetype> TextPosition::utf8Offsets(const QString &text)
{
    QList<qsizetype> offsets;
    offsets.reserve(text.size() + 1);
    qsizetype bytes = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        offsets.append(bytes);
        const char16_t c = text.at(i).unicode();
        if (QChar::isLowSurrogate(c) && i > 0 && QChar::isHighSurrogate(text.at(i - 1).unicode()))
            continue; // the pair's four bytes are counted at its high half
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : QChar::isHighSurrogate(c) ? 4 : 3;
    }
    offsets.append(bytes);
    return offsets;
}
