#include "common/TextPosition.h"

#include <gtest/gtest.h>

TEST(TextPosition, LinesAndCharacterColumns)
{
    const QByteArray text = "ab\ncé d\n";
    EXPECT_EQ(TextPosition::fromByteOffset(text, 0).line, 1);
    EXPECT_EQ(TextPosition::fromByteOffset(text, 0).column, 1);
    const TextPosition d = TextPosition::fromByteOffset(text, text.indexOf('d'));
    EXPECT_EQ(d.line, 2);
    EXPECT_EQ(d.column, 4); // c, é (2 bytes), space, d
}

TEST(TextPosition, CharacterToByteOffset)
{
    const QByteArray text = "é=x";
    EXPECT_EQ(TextPosition::byteOffsetOfCharacter(text, 1), 0);
    EXPECT_EQ(TextPosition::byteOffsetOfCharacter(text, 2), 2);
    EXPECT_EQ(TextPosition::byteOffsetOfCharacter(text, 3), 3);
    EXPECT_EQ(TextPosition::byteOffsetOfCharacter(text, 99), text.size());
}

TEST(TextPosition, AdvanceMatchesFromScratch)
{
    const QByteArray text = "one\ntwo\nthree\nfour";
    const TextPosition mid = TextPosition::fromByteOffset(text, 5);
    const TextPosition a = TextPosition::advance(text, 5, mid, 15);
    const TextPosition b = TextPosition::fromByteOffset(text, 15);
    EXPECT_EQ(a.line, b.line);
    EXPECT_EQ(a.column, b.column);
}

// Scintilla positions and libpg_query offsets are UTF-8 bytes, Qt's indexes
// UTF-16 units: one table for both directions of the editor and SourceMap.
TEST(TextPosition, Utf8OffsetsCountEachCharactersBytesAndThePairOnce)
{
    // a (1 byte), é (2), € (3), 😀 (4, a surrogate pair), b (1)
    const QString text
        = QStringLiteral("a\u00e9\u20ac") + QString::fromUtf8("\xF0\x9F\x98\x80") + QStringLiteral("b");
    ASSERT_EQ(text.size(), 6);
    const QList<qsizetype> offsets = TextPosition::utf8Offsets(text);
    EXPECT_EQ(offsets, (QList<qsizetype> { 0, 1, 3, 6, 10, 10, 11 }));
    EXPECT_EQ(offsets.last(), text.toUtf8().size());
    EXPECT_EQ(TextPosition::utf8Offsets(QString()), (QList<qsizetype> { 0 }));
}
