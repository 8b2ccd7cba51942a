#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// Maps offsets in UTF-8 text to 1-based line and column numbers. Columns count
// characters (code points), as editors and the PostgreSQL server do.
struct TextPosition
{
    int line = 0;
    int column = 0;

    static TextPosition fromByteOffset(const QByteArray &utf8, qsizetype byteOffset);
    // Continues from a known position (`from` at `fromOffset`) to a later offset,
    // so walking many statements of one large file stays linear.
    static TextPosition advance(
        const QByteArray &utf8, qsizetype fromOffset, TextPosition from, qsizetype toOffset);
    // The server and libpg_query report positions as 1-based character counts
    // into the statement; this turns one into a byte offset into that statement.
    static qsizetype byteOffsetOfCharacter(const QByteArray &utf8, int oneBasedCharacter);
    // The UTF-8 byte offset of every UTF-16 index of `text`, and of its end:
    // Qt strings index UTF-16, libpg_query and Scintilla UTF-8 bytes.
    static QList<qsizetype> utf8Offsets(const QString &text);
};
