#include "diff/TextDiff.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QStringList>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

using Kind = DiffLine::Kind;

const QString tableV1 = QStringLiteral("CREATE TABLE account (\n"
                                       "    id integer NOT NULL,\n"
                                       "    email text NOT NULL\n"
                                       ");\n");
const QString tableV2 = QStringLiteral("CREATE TABLE account (\n"
                                       "    id bigint NOT NULL,\n"
                                       "    email text NOT NULL\n"
                                       ");\n");

QString numberedLines(int from, int to)
{
    QString text;
    for (int i = from; i <= to; ++i)
        text += QStringLiteral("line %1\n").arg(i);
    return text;
}

QString withLine(QString text, int line, const QString &replacement)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    lines[line - 1] = replacement;
    return lines.join(QLatin1Char('\n'));
}

// The hunks the real `diff -u` prints, without its `---`/`+++` header.
QString gnuUnified(const QString &left, const QString &right, int context)
{
    QTemporaryDir dir;
    const auto write = [&dir](const QString &name, const QString &text) {
        QFile file(dir.filePath(name));
        EXPECT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(text.toUtf8());
        return file.fileName();
    };
    QProcess diff;
    diff.start(QStringLiteral("diff"),
        { QStringLiteral("-U%1").arg(context), write(QStringLiteral("left.sql"), left),
            write(QStringLiteral("right.sql"), right) });
    EXPECT_TRUE(diff.waitForFinished(10000));
    QStringList lines = QString::fromUtf8(diff.readAllStandardOutput()).split(QLatin1Char('\n'));
    return lines.mid(2).join(QLatin1Char('\n'));
}

QString withoutHeader(const QString &unified)
{
    return unified.split(QLatin1Char('\n')).mid(2).join(QLatin1Char('\n'));
}

QString spanText(const QString &text, const DiffSpan &span)
{
    return text.mid(span.start, span.length);
}

} // namespace

TEST(TextDiffTest, IdenticalTextsAreEmpty)
{
    const TextDiff diff = TextDiff::compute(tableV1, tableV1);
    EXPECT_TRUE(diff.isEmpty());
    EXPECT_EQ(diff.changeCount(), 0);
    ASSERT_EQ(diff.lines().size(), 4);
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(diff.lines().at(i).kind, Kind::Same);
        EXPECT_EQ(diff.lines().at(i).leftLine, i + 1);
        EXPECT_EQ(diff.lines().at(i).rightLine, i + 1);
        EXPECT_TRUE(diff.lines().at(i).changedSpans.isEmpty());
    }
    EXPECT_EQ(diff.lines().at(1).text, QStringLiteral("    id integer NOT NULL,"));
    EXPECT_TRUE(diff.unified(QStringLiteral("a"), QStringLiteral("b")).isEmpty());
}

TEST(TextDiffTest, BothEmpty)
{
    const TextDiff diff = TextDiff::compute(QString(), QString());
    EXPECT_TRUE(diff.isEmpty());
    EXPECT_TRUE(diff.lines().isEmpty());
}

TEST(TextDiffTest, OneLineChangeIsARemovedAddedPairWithWordSpans)
{
    const TextDiff diff = TextDiff::compute(tableV1, tableV2);
    EXPECT_FALSE(diff.isEmpty());
    EXPECT_EQ(diff.changeCount(), 1);
    ASSERT_EQ(diff.lines().size(), 5);
    const QList<DiffLine> &lines = diff.lines();
    EXPECT_EQ(lines.at(0).kind, Kind::Same);
    const DiffLine &removed = lines.at(1);
    const DiffLine &added = lines.at(2);
    EXPECT_EQ(removed.kind, Kind::Removed);
    EXPECT_EQ(removed.leftLine, 2);
    EXPECT_EQ(removed.rightLine, 0);
    EXPECT_EQ(removed.text, QStringLiteral("    id integer NOT NULL,"));
    EXPECT_EQ(added.kind, Kind::Added);
    EXPECT_EQ(added.leftLine, 0);
    EXPECT_EQ(added.rightLine, 2);
    EXPECT_EQ(added.text, QStringLiteral("    id bigint NOT NULL,"));
    ASSERT_EQ(removed.changedSpans.size(), 1);
    EXPECT_EQ(removed.changedSpans.at(0), (DiffSpan { 7, 7 }));
    EXPECT_EQ(spanText(removed.text, removed.changedSpans.at(0)), QStringLiteral("integer"));
    ASSERT_EQ(added.changedSpans.size(), 1);
    EXPECT_EQ(added.changedSpans.at(0), (DiffSpan { 7, 6 }));
    EXPECT_EQ(spanText(added.text, added.changedSpans.at(0)), QStringLiteral("bigint"));
    EXPECT_EQ(lines.at(3).leftLine, 3);
    EXPECT_EQ(lines.at(3).rightLine, 3);
    EXPECT_EQ(lines.at(4).leftLine, 4);
    EXPECT_EQ(lines.at(4).rightLine, 4);
}

TEST(TextDiffTest, WordSpansSeparatePunctuationAndMergeNeighbours)
{
    const TextDiff diff = TextDiff::compute(
        QStringLiteral("SELECT a, b FROM t;\n"), QStringLiteral("SELECT a, b_c, d FROM t;\n"));
    ASSERT_EQ(diff.lines().size(), 2);
    const DiffLine &removed = diff.lines().at(0);
    const DiffLine &added = diff.lines().at(1);
    ASSERT_EQ(removed.changedSpans.size(), 1);
    EXPECT_EQ(spanText(removed.text, removed.changedSpans.at(0)), QStringLiteral("b"));
    ASSERT_EQ(added.changedSpans.size(), 1);
    EXPECT_EQ(spanText(added.text, added.changedSpans.at(0)), QStringLiteral("b_c, d"));
}

TEST(TextDiffTest, UnpairedLinesHaveNoSpans)
{
    const TextDiff diff
        = TextDiff::compute(QStringLiteral("a\nold\nz\n"), QStringLiteral("a\nnew one\nnew two\nz\n"));
    EXPECT_EQ(diff.changeCount(), 1);
    ASSERT_EQ(diff.lines().size(), 5);
    EXPECT_EQ(diff.lines().at(1).kind, Kind::Removed);
    EXPECT_EQ(diff.lines().at(2).kind, Kind::Added);
    EXPECT_EQ(diff.lines().at(3).kind, Kind::Added);
    EXPECT_EQ(diff.lines().at(3).rightLine, 3);
    EXPECT_FALSE(diff.lines().at(1).changedSpans.isEmpty());
    EXPECT_FALSE(diff.lines().at(2).changedSpans.isEmpty());
    EXPECT_TRUE(diff.lines().at(3).changedSpans.isEmpty());
}

TEST(TextDiffTest, InsertionAtStartAndEnd)
{
    const TextDiff diff = TextDiff::compute(numberedLines(2, 4), numberedLines(1, 5));
    EXPECT_EQ(diff.changeCount(), 2);
    const QList<DiffLine> &lines = diff.lines();
    ASSERT_EQ(lines.size(), 5);
    EXPECT_EQ(lines.at(0).kind, Kind::Added);
    EXPECT_EQ(lines.at(0).rightLine, 1);
    EXPECT_EQ(lines.at(0).leftLine, 0);
    EXPECT_EQ(lines.at(1).kind, Kind::Same);
    EXPECT_EQ(lines.at(1).leftLine, 1);
    EXPECT_EQ(lines.at(1).rightLine, 2);
    EXPECT_EQ(lines.at(4).kind, Kind::Added);
    EXPECT_EQ(lines.at(4).rightLine, 5);
    EXPECT_EQ(lines.at(4).text, QStringLiteral("line 5"));
}

TEST(TextDiffTest, DeletionAtStartAndEnd)
{
    const TextDiff diff = TextDiff::compute(numberedLines(1, 5), numberedLines(2, 4));
    EXPECT_EQ(diff.changeCount(), 2);
    const QList<DiffLine> &lines = diff.lines();
    ASSERT_EQ(lines.size(), 5);
    EXPECT_EQ(lines.at(0).kind, Kind::Removed);
    EXPECT_EQ(lines.at(0).leftLine, 1);
    EXPECT_EQ(lines.at(0).rightLine, 0);
    EXPECT_EQ(lines.at(3).kind, Kind::Same);
    EXPECT_EQ(lines.at(3).leftLine, 4);
    EXPECT_EQ(lines.at(3).rightLine, 3);
    EXPECT_EQ(lines.at(4).kind, Kind::Removed);
    EXPECT_EQ(lines.at(4).leftLine, 5);
}

TEST(TextDiffTest, FromAndToEmptyText)
{
    const TextDiff added = TextDiff::compute(QString(), numberedLines(1, 2));
    EXPECT_EQ(added.changeCount(), 1);
    ASSERT_EQ(added.lines().size(), 2);
    EXPECT_EQ(added.lines().at(1).kind, Kind::Added);
    EXPECT_EQ(added.lines().at(1).rightLine, 2);

    const TextDiff removed = TextDiff::compute(numberedLines(1, 2), QString());
    EXPECT_EQ(removed.changeCount(), 1);
    ASSERT_EQ(removed.lines().size(), 2);
    EXPECT_EQ(removed.lines().at(0).kind, Kind::Removed);
}

TEST(TextDiffTest, MissingFinalNewlineIsAChange)
{
    const TextDiff diff = TextDiff::compute(QStringLiteral("a\nb"), QStringLiteral("a\nb\n"));
    EXPECT_EQ(diff.changeCount(), 1);
    ASSERT_EQ(diff.lines().size(), 3);
    EXPECT_EQ(diff.lines().at(1).kind, Kind::Removed);
    EXPECT_EQ(diff.lines().at(1).text, QStringLiteral("b"));
}

TEST(TextDiffTest, UnifiedHasHeaderAndHunks)
{
    const QString unified
        = TextDiff::compute(tableV1, tableV2)
              .unified(QStringLiteral("a/001_account.sql"), QStringLiteral("b/001_account.sql"));
    EXPECT_EQ(unified,
        QStringLiteral("--- a/001_account.sql\n"
                       "+++ b/001_account.sql\n"
                       "@@ -1,4 +1,4 @@\n"
                       " CREATE TABLE account (\n"
                       "-    id integer NOT NULL,\n"
                       "+    id bigint NOT NULL,\n"
                       "     email text NOT NULL\n"
                       " );\n"));
}

TEST(TextDiffTest, UnifiedMatchesGnuDiff)
{
    if (QStandardPaths::findExecutable(QStringLiteral("diff")).isEmpty())
        GTEST_FAIL() << "the diff program (diffutils) is needed to check unified()";
    const QString base = numberedLines(1, 30);
    struct Case
    {
        const char *name;
        QString left;
        QString right;
        int context;
    };
    const QList<Case> cases = {
        { "one change", tableV1, tableV2, 3 },
        { "far apart", base, withLine(withLine(base, 5, QStringLiteral("five")), 25, QStringLiteral("x")),
            3 },
        { "gap of six joins", base, withLine(withLine(base, 5, QStringLiteral("a")), 12, QStringLiteral("b")),
            3 },
        { "gap of seven splits", base,
            withLine(withLine(base, 5, QStringLiteral("a")), 13, QStringLiteral("b")), 3 },
        { "insert at start", base, QStringLiteral("new\n") + base, 3 },
        { "insert at end", base, base + QStringLiteral("new\n"), 3 },
        { "delete at start", base, numberedLines(3, 30), 3 },
        { "delete at end", base, numberedLines(1, 28), 3 },
        { "pure insertion in the middle, no context", base,
            withLine(base, 10, QStringLiteral("line 10\nextra")), 0 },
        { "pure deletion, no context", base, numberedLines(1, 9) + numberedLines(11, 30), 0 },
        { "one line of context", base,
            withLine(withLine(base, 5, QStringLiteral("a")), 9, QStringLiteral("b")), 1 },
        { "from empty", QString(), numberedLines(1, 3), 3 },
        { "to empty", numberedLines(1, 3), QString(), 3 },
        { "single lines", QStringLiteral("a\n"), QStringLiteral("b\n"), 3 },
        { "no newline at end", numberedLines(1, 5) + QStringLiteral("last"),
            numberedLines(1, 5) + QStringLiteral("last\n"), 3 },
        { "no newline on both", numberedLines(1, 5) + QStringLiteral("old"),
            numberedLines(1, 5) + QStringLiteral("new"), 3 },
    };
    for (const Case &c : cases) {
        SCOPED_TRACE(c.name);
        const QString ours = TextDiff::compute(c.left, c.right)
                                 .unified(QStringLiteral("left.sql"), QStringLiteral("right.sql"), c.context);
        EXPECT_EQ(withoutHeader(ours).toStdString(), gnuUnified(c.left, c.right, c.context).toStdString());
    }
}
