#include "SqlDiffView.h"
#include "DiffDialog.h"
#include "diff/TextDiff.h"

#include <Qsci/qsciscintilla.h>

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPointer>
#include <QProcess>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <gtest/gtest.h>

#include <functional>

namespace {

// Two versions of one migration: the total becomes numeric (line 6) and an
// index is added, with its DROP in the down section.
const QString ordersV1 = QStringLiteral("-- Orders placed through the shop.\n"
                                        "-- migrate:up\n"
                                        "CREATE TABLE orders (\n"
                                        "    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
                                        "    customer_id bigint NOT NULL REFERENCES customers (id),\n"
                                        "    total integer NOT NULL,\n"
                                        "    placed_at timestamptz NOT NULL DEFAULT now()\n"
                                        ");\n"
                                        "\n"
                                        "-- migrate:down\n"
                                        "DROP TABLE orders;\n");
const QString ordersV2
    = QStringLiteral("-- Orders placed through the shop.\n"
                     "-- migrate:up\n"
                     "CREATE TABLE orders (\n"
                     "    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
                     "    customer_id bigint NOT NULL REFERENCES customers (id),\n"
                     "    total numeric(12, 2) NOT NULL,\n"
                     "    placed_at timestamptz NOT NULL DEFAULT now()\n"
                     ");\n"
                     "\n"
                     "CREATE INDEX orders_customer_placed_idx ON orders (customer_id, placed_at DESC);\n"
                     "\n"
                     "-- migrate:down\n"
                     "DROP INDEX orders_customer_placed_idx;\n"
                     "DROP TABLE orders;\n");

bool hasMarker(const QsciScintilla *editor, int line, SqlDiffView::Marker marker)
{
    return editor->markersAtLine(line) & (1u << marker);
}

QList<int> linesWithAnyMarker(const QsciScintilla *editor)
{
    QList<int> lines;
    for (int line = 0; line < editor->lines(); ++line) {
        if (editor->markersAtLine(line) != 0)
            lines.append(line);
    }
    return lines;
}

int rowContaining(const QsciScintilla *editor, const QString &text)
{
    for (int line = 0; line < editor->lines(); ++line) {
        if (editor->text(line).contains(text))
            return line;
    }
    return -1;
}

// Whether the character at `column` of `line` carries the indicator.
bool hasIndicator(const QsciScintilla *editor, int indicator, int line, int column)
{
    const long position = editor->positionFromLineIndex(line, column);
    return editor->SendScintilla(
               QsciScintillaBase::SCI_INDICATORVALUEAT, static_cast<unsigned long>(indicator), position)
        != 0;
}

int cursorLine(const QsciScintilla *editor)
{
    int line = -1;
    int index = -1;
    editor->getCursorPosition(&line, &index);
    return line;
}

QString gnuUnifiedHunks(const QString &left, const QString &right)
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
        { QStringLiteral("-u"), write(QStringLiteral("a.sql"), left),
            write(QStringLiteral("b.sql"), right) });
    EXPECT_TRUE(diff.waitForFinished(10000));
    return QString::fromUtf8(diff.readAllStandardOutput())
        .split(QLatin1Char('\n'))
        .mid(2)
        .join(QLatin1Char('\n'));
}

class SqlDiffViewTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_view.resize(1000, 560);
        m_view.setTexts(m_leftTitle, ordersV1, m_rightTitle, ordersV2);
    }

    const QString m_leftTitle = QStringLiteral("20240612093000_create_orders.sql (applied on production)");
    const QString m_rightTitle = QStringLiteral("20240612093000_create_orders.sql (working copy)");
    SqlDiffView m_view;
};

TEST_F(SqlDiffViewTest, MarksChangedLinesOnBothSidesAtTheSameRows)
{
    QsciScintilla *left = m_view.leftTextEdit();
    QsciScintilla *right = m_view.rightTextEdit();
    EXPECT_EQ(m_view.changeCount(), 3);
    EXPECT_EQ(m_view.currentChange(), -1);
    EXPECT_EQ(left->lines(), right->lines());
    EXPECT_TRUE(left->isReadOnly());
    EXPECT_TRUE(right->isReadOnly());

    // The column type change: line 6 on both sides, row 5.
    EXPECT_TRUE(left->text(5).startsWith(QStringLiteral("    total integer")));
    EXPECT_TRUE(right->text(5).startsWith(QStringLiteral("    total numeric")));
    EXPECT_TRUE(hasMarker(left, 5, SqlDiffView::RemovedLineMarker));
    EXPECT_TRUE(hasMarker(right, 5, SqlDiffView::AddedLineMarker));
    EXPECT_FALSE(hasMarker(left, 4, SqlDiffView::RemovedLineMarker));
    EXPECT_FALSE(hasMarker(right, 6, SqlDiffView::AddedLineMarker));

    // The added index: green on the right, a filler on the left, level.
    const int indexRow = rowContaining(right, QStringLiteral("CREATE INDEX"));
    ASSERT_GE(indexRow, 0);
    EXPECT_TRUE(hasMarker(right, indexRow, SqlDiffView::AddedLineMarker));
    EXPECT_TRUE(hasMarker(left, indexRow, SqlDiffView::FillerLineMarker));
    EXPECT_EQ(left->text(indexRow).trimmed(), QString());
    const int dropIndexRow = rowContaining(right, QStringLiteral("DROP INDEX"));
    ASSERT_GE(dropIndexRow, 0);
    EXPECT_TRUE(hasMarker(left, dropIndexRow, SqlDiffView::FillerLineMarker));

    // Unchanged lines after the insertions stay side by side.
    const int dropTableRow = rowContaining(left, QStringLiteral("DROP TABLE"));
    EXPECT_EQ(dropTableRow, rowContaining(right, QStringLiteral("DROP TABLE")));
    EXPECT_EQ(linesWithAnyMarker(left).size(), 4); // row 5, two fillers for the index, one for DROP INDEX
    EXPECT_EQ(linesWithAnyMarker(right).size(), 4);
}

TEST_F(SqlDiffViewTest, BoxesTheChangedWords)
{
    QsciScintilla *left = m_view.leftTextEdit();
    QsciScintilla *right = m_view.rightTextEdit();
    const int indicator = m_view.changedWordIndicator();
    const QString removed = left->text(5);
    const QString added = right->text(5);
    const int integerAt = static_cast<int>(removed.indexOf(QStringLiteral("integer")));
    const int numericAt = static_cast<int>(added.indexOf(QStringLiteral("numeric(12, 2)")));
    EXPECT_TRUE(hasIndicator(left, indicator, 5, integerAt));
    EXPECT_TRUE(hasIndicator(left, indicator, 5, integerAt + 6));
    EXPECT_FALSE(hasIndicator(left, indicator, 5, integerAt + 7)); // the blank after it
    EXPECT_FALSE(hasIndicator(left, indicator, 5, integerAt - 2)); // "total"
    EXPECT_FALSE(hasIndicator(left, indicator, 5, integerAt + 8)); // NOT
    EXPECT_TRUE(hasIndicator(right, indicator, 5, numericAt));
    EXPECT_TRUE(hasIndicator(right, indicator, 5, numericAt + 13)); // the closing parenthesis
    EXPECT_FALSE(hasIndicator(right, indicator, 5, numericAt + 15)); // NOT
    EXPECT_FALSE(hasIndicator(right, indicator, 5, numericAt - 2));
    // Lines added without a counterpart are green as a whole, not boxed.
    const int indexRow = rowContaining(right, QStringLiteral("CREATE INDEX"));
    EXPECT_FALSE(hasIndicator(right, indicator, indexRow, 0));
}

TEST_F(SqlDiffViewTest, NextAndPreviousVisitEachChange)
{
    QsciScintilla *left = m_view.leftTextEdit();
    QsciScintilla *right = m_view.rightTextEdit();
    auto *next = m_view.findChild<QToolButton *>(QStringLiteral("nextChangeButton"));
    auto *previous = m_view.findChild<QToolButton *>(QStringLiteral("previousChangeButton"));
    ASSERT_TRUE(next);
    ASSERT_TRUE(previous);
    EXPECT_FALSE(previous->isEnabled());

    const int indexBlockRow = std::min(rowContaining(right, QStringLiteral("CREATE INDEX")),
        rowContaining(right, QStringLiteral("placed_at DESC")));
    const int firstAddedNearIndex = hasMarker(right, indexBlockRow - 1, SqlDiffView::AddedLineMarker)
        ? indexBlockRow - 1
        : indexBlockRow;
    const QList<int> expectedRows
        = { 5, firstAddedNearIndex, rowContaining(right, QStringLiteral("DROP INDEX")) };
    for (int change = 0; change < 3; ++change) {
        next->click();
        EXPECT_EQ(m_view.currentChange(), change);
        EXPECT_EQ(cursorLine(left), expectedRows.at(change));
        EXPECT_EQ(cursorLine(right), expectedRows.at(change));
    }
    EXPECT_FALSE(next->isEnabled());
    m_view.goToNextChange(); // past the last: stays
    EXPECT_EQ(m_view.currentChange(), 2);
    previous->click();
    EXPECT_EQ(m_view.currentChange(), 1);
    EXPECT_EQ(cursorLine(right), expectedRows.at(1));
    m_view.goToPreviousChange();
    m_view.goToPreviousChange();
    EXPECT_EQ(m_view.currentChange(), 0);
    EXPECT_EQ(cursorLine(left), 5);
    auto *label = m_view.findChild<QLabel *>(QStringLiteral("changePositionLabel"));
    ASSERT_TRUE(label);
    EXPECT_EQ(label->text(), QStringLiteral("Change 1 of 3"));
}

TEST_F(SqlDiffViewTest, AltDownAndAltUpMoveBetweenChanges)
{
    m_view.show();
    m_view.activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&m_view));
    m_view.leftTextEdit()->setFocus();
    QTest::keyClick(m_view.leftTextEdit(), Qt::Key_Down, Qt::AltModifier);
    QTest::keyClick(m_view.leftTextEdit(), Qt::Key_Down, Qt::AltModifier);
    EXPECT_EQ(m_view.currentChange(), 1);
    QTest::keyClick(m_view.leftTextEdit(), Qt::Key_Up, Qt::AltModifier);
    EXPECT_EQ(m_view.currentChange(), 0);
}

TEST_F(SqlDiffViewTest, ScrollingOnePaneScrollsTheOther)
{
    const QString longLine = QStringLiteral("-- ") + QString(300, QLatin1Char('x')) + QStringLiteral("\n");
    const QString longText = (ordersV1 + longLine).repeated(20);
    m_view.setTexts(m_leftTitle, longText, m_rightTitle, longText + ordersV2);
    m_view.show();
    QsciScintilla *left = m_view.leftTextEdit();
    QsciScintilla *right = m_view.rightTextEdit();
    const auto waitFor = [](const std::function<bool()> &condition) {
        for (int i = 0; i < 100 && !condition(); ++i)
            QTest::qWait(10);
        return condition();
    };
    left->verticalScrollBar()->setValue(17);
    EXPECT_TRUE(waitFor([&] { return right->firstVisibleLine() == 17; })) << right->firstVisibleLine();
    right->setFirstVisibleLine(40);
    EXPECT_TRUE(waitFor([&] { return left->firstVisibleLine() == 40; })) << left->firstVisibleLine();
    // Horizontally Scintilla scrolls by pixels, shown as its X offset.
    const auto xOffset
        = [](QsciScintilla *editor) { return editor->SendScintilla(QsciScintillaBase::SCI_GETXOFFSET); };
    left->SendScintilla(QsciScintillaBase::SCI_SETXOFFSET, 120ul);
    EXPECT_TRUE(waitFor([&] { return xOffset(right) == 120; })) << xOffset(left) << " " << xOffset(right);
    EXPECT_EQ(left->firstVisibleLine(), 40);
    EXPECT_EQ(right->firstVisibleLine(), 40);
}

TEST_F(SqlDiffViewTest, UnifiedToggleShowsDiffU)
{
    auto *checkBox = m_view.findChild<QCheckBox *>(QStringLiteral("unifiedCheckBox"));
    ASSERT_TRUE(checkBox);
    m_view.show();
    checkBox->click();
    EXPECT_TRUE(m_view.isUnified());
    EXPECT_TRUE(m_view.unifiedTextEdit()->isVisible());
    EXPECT_FALSE(m_view.leftTextEdit()->isVisible());
    const QString text = m_view.unifiedTextEdit()->text();
    EXPECT_EQ(
        text + QLatin1Char('\n'), TextDiff::compute(ordersV1, ordersV2).unified(m_leftTitle, m_rightTitle));
    EXPECT_TRUE(
        text.startsWith(QStringLiteral("--- ") + m_leftTitle + QStringLiteral("\n+++ ") + m_rightTitle));
    const QString hunks = (text + QLatin1Char('\n')).split(QLatin1Char('\n')).mid(2).join(QLatin1Char('\n'));
    EXPECT_EQ(hunks.toStdString(), gnuUnifiedHunks(ordersV1, ordersV2).toStdString());

    m_view.goToNextChange();
    const int row = cursorLine(m_view.unifiedTextEdit());
    EXPECT_TRUE(m_view.unifiedTextEdit()->text(row).startsWith(QStringLiteral("-    total integer")));
    EXPECT_TRUE(hasMarker(m_view.unifiedTextEdit(), row, SqlDiffView::RemovedLineMarker));
    EXPECT_TRUE(hasMarker(m_view.unifiedTextEdit(), row + 1, SqlDiffView::AddedLineMarker));

    m_view.setUnified(false);
    EXPECT_FALSE(checkBox->isChecked());
    EXPECT_TRUE(m_view.leftTextEdit()->isVisible());
    EXPECT_EQ(cursorLine(m_view.leftTextEdit()), 5); // still at the first change
}

TEST_F(SqlDiffViewTest, IdenticalTextsShowNoChanges)
{
    m_view.setTexts(m_leftTitle, ordersV1, m_rightTitle, ordersV1);
    EXPECT_EQ(m_view.changeCount(), 0);
    EXPECT_TRUE(linesWithAnyMarker(m_view.leftTextEdit()).isEmpty());
    EXPECT_TRUE(linesWithAnyMarker(m_view.rightTextEdit()).isEmpty());
    EXPECT_EQ(m_view.leftTextEdit()->text(), ordersV1.chopped(1));
    m_view.goToNextChange();
    EXPECT_EQ(m_view.currentChange(), -1);
    EXPECT_FALSE(m_view.findChild<QToolButton *>(QStringLiteral("nextChangeButton"))->isEnabled());
    EXPECT_EQ(m_view.findChild<QLabel *>(QStringLiteral("changePositionLabel"))->text(),
        QStringLiteral("No differences"));
    m_view.setUnified(true);
    EXPECT_TRUE(m_view.unifiedTextEdit()->text().isEmpty());
}

TEST(DiffDialogTest, ShowOpensANonModalDialogAtTheFirstChange)
{
    QPointer<DiffDialog> dialog
        = DiffDialog::show(nullptr, QStringLiteral("a.sql"), ordersV1, QStringLiteral("b.sql"), ordersV2);
    ASSERT_TRUE(dialog);
    EXPECT_TRUE(dialog->isVisible());
    EXPECT_FALSE(dialog->isModal());
    EXPECT_TRUE(dialog->testAttribute(Qt::WA_DeleteOnClose));
    EXPECT_EQ(dialog->diffView()->currentChange(), 0);
    dialog->close();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    EXPECT_TRUE(dialog.isNull());
}

// With STRATA_SCREENSHOT_DIR set, saves diff-view.png (and diff-view-unified.png) there.
TEST_F(SqlDiffViewTest, Screenshot)
{
    m_view.resize(1100, 420);
    m_view.show();
    m_view.goToNextChange();
    QCoreApplication::processEvents();
    const QImage image = m_view.grab().toImage();
    ASSERT_FALSE(image.isNull());
    if (const QString folder = qEnvironmentVariable("STRATA_SCREENSHOT_DIR"); !folder.isEmpty()) {
        const QString path = QDir(folder).filePath(QStringLiteral("diff-view.png"));
        EXPECT_TRUE(image.save(path)) << path.toStdString();
        m_view.setUnified(true);
        QCoreApplication::processEvents();
        const QString unifiedPath = QDir(folder).filePath(QStringLiteral("diff-view-unified.png"));
        EXPECT_TRUE(m_view.grab().save(unifiedPath)) << unifiedPath.toStdString();
    }
}

} // namespace
