#pragma once

#include <QList>
#include <QString>

// A run of characters inside one line's text (DiffLine::text), 0-based.
struct DiffSpan
{
    int start = 0;
    int length = 0;

    bool operator==(const DiffSpan &other) const = default;
};

// One row of the alignment of two texts: a line both sides share, or a line
// only one side has.
struct DiffLine
{
    enum class Kind { Same, Removed, Added };
    Kind kind = Kind::Same;
    int leftLine = 0; // 1-based line in the left text, 0 for Added
    int rightLine = 0; // 1-based line in the right text, 0 for Removed
    QString text; // without its line break
    // For Removed/Added lines paired with a counterpart in the same change
    // block (the n-th removed line with the n-th added line): the words that
    // differ. Empty for unpaired lines, which differ as a whole.
    QList<DiffSpan> changedSpans;
};

// A line diff of two texts (dtl's O(NP) algorithm), with word-level detail
// inside replaced lines. Within a change block every Removed line comes
// before every Added line, as `diff -u` prints them.
class TextDiff
{
public:
    static TextDiff compute(const QString &left, const QString &right);

    // No Removed/Added lines.
    bool isEmpty() const;
    // The whole alignment, in order.
    const QList<DiffLine> &lines() const { return m_lines; }
    // Number of change blocks (maximal runs of Removed/Added lines).
    int changeCount() const { return m_changeCount; }
    // `diff -u` style: a `---`/`+++` header naming both sides, then hunks with
    // `context` unchanged lines around each change; hunks whose context would
    // touch or overlap are merged, as GNU diff does. Empty when isEmpty().
    QString unified(const QString &leftName, const QString &rightName, int context = 3) const;

private:
    QList<DiffLine> m_lines;
    int m_changeCount = 0;
    int m_leftLineCount = 0;
    int m_rightLineCount = 0;
    // A last line without a line break is a different line from the same text
    // with one (as for diff); unified() then says "\ No newline at end of file".
    bool m_leftMissingNewline = false;
    bool m_rightMissingNewline = false;
};
