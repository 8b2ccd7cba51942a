#pragma once

#include "TextPosition.h"

#include <QByteArray>
#include <QList>
#include <QString>

// Where the bytes of a synthesized text came from in the file a person edits.
// A TypeORM migration runs SQL Strata composes from the string literals of a
// .ts file; parse errors, lint findings and server errors are found in that
// composed text but must be reported at the line and column of the .ts file.
// Empty for a .sql file, whose text is the file: positions are then taken from
// the text itself, so callers use one call for both.
class SourceMap
{
public:
    // From `synthesized` on (up to the next segment), offsets map to `original`
    // plus the distance when `linear` (a run of identical text), else all to
    // `original` (an escape sequence, or SQL a schema-builder call stands for).
    struct Segment
    {
        qsizetype synthesized = 0;
        qsizetype original = 0;
        bool linear = true;
    };

    SourceMap() = default;
    // `original` is the UTF-8 of the file; segments in any order.
    SourceMap(QByteArray original, QList<Segment> segments);

    // A map whose segments index two QStrings (UTF-16 units), as the TypeORM
    // reader records them, turned into one over their UTF-8 bytes.
    static SourceMap fromUtf16(
        const QString &synthesized, const QString &original, const QList<Segment> &segments);

    bool isEmpty() const { return m_segments.isEmpty(); }
    const QByteArray &original() const { return m_original; }
    const QList<Segment> &segments() const { return m_segments; }

    // The byte offset in the original file of byte `offset` of the synthesized
    // text; the offset itself when the map is empty.
    qsizetype originalOffset(qsizetype offset) const;
    // Line and column, in the original file, of byte `offset` of `synthesized`.
    TextPosition position(const QByteArray &synthesized, qsizetype offset) const;

private:
    QByteArray m_original;
    QList<Segment> m_segments; // sorted by synthesized offset
    QList<qsizetype> m_lineStarts; // byte offsets of the original's lines
};
