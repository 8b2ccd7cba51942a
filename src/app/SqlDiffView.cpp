#include "SqlDiffView.h"

#include "PgSqlLexer.h"
#include "diff/TextDiff.h"

#include <Qsci/qsciscintilla.h>

#include <QAction>
#include <QCheckBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QScrollBar>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace {

// Lines above a change when the view jumps to it, so it is seen in context.
constexpr int contextAbove = 3;

const QColor removedLineColor(0xff, 0xeb, 0xe9);
const QColor addedLineColor(0xe6, 0xff, 0xec);
const QColor fillerLineColor(0xf3, 0xf4, 0xf6);
const QColor hunkHeaderColor(0xdd, 0xf4, 0xff);
const QColor removedWordColor(0xff, 0x81, 0x82, 110);
const QColor addedWordColor(0x4a, 0xc2, 0x6b, 110);
const QColor marginBackground(0xf6, 0xf8, 0xfa);
const QColor marginForeground(0x8c, 0x95, 0x9f);

// SendScintilla has a dozen overloads; this one takes plain numbers.
long send(QsciScintilla *editor, unsigned int message, unsigned long wParam = 0, long lParam = 0)
{
    return editor->SendScintilla(message, wParam, lParam);
}

// Scintilla counts bytes of UTF-8; spans count characters of the line.
long positionOf(QsciScintilla *editor, int line, int column)
{
    const long lineStart
        = send(editor, QsciScintillaBase::SCI_POSITIONFROMLINE, static_cast<unsigned long>(line));
    return send(
        editor, QsciScintillaBase::SCI_POSITIONRELATIVE, static_cast<unsigned long>(lineStart), column);
}

void fillSpans(QsciScintilla *editor, int indicator, int line, const QList<DiffSpan> &spans)
{
    send(editor, QsciScintillaBase::SCI_SETINDICATORCURRENT, static_cast<unsigned long>(indicator));
    for (const DiffSpan &span : spans) {
        const long from = positionOf(editor, line, span.start);
        const long to = positionOf(editor, line, span.start + span.length);
        send(editor, QsciScintillaBase::SCI_INDICATORFILLRANGE, static_cast<unsigned long>(from), to - from);
    }
}

// One padded row of a pane: a real line (number > 0) or a filler.
struct PaneRow
{
    int lineNumber = 0;
    DiffLine::Kind kind = DiffLine::Kind::Same;
    QString text;
    QList<DiffSpan> spans;
};

} // namespace

SqlDiffView::SqlDiffView(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto *toolBar = new QWidget(this);
    toolBar->setObjectName(QStringLiteral("diffToolBarWidget"));
    auto *toolBarLayout = new QHBoxLayout(toolBar);
    toolBarLayout->setContentsMargins(8, 4, 8, 4);
    toolBarLayout->setSpacing(6);

    // Actions rather than button shortcuts: the shortcuts then work only
    // while focus is in this view, not in the whole window that hosts it.
    m_previousAction = new QAction(QIcon::fromTheme(QStringLiteral("go-up")), tr("Previous change"), this);
    m_previousAction->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Up));
    m_previousAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_previousAction->setToolTip(
        tr("Previous change (%1)").arg(m_previousAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_previousAction, &QAction::triggered, this, &SqlDiffView::goToPreviousChange);
    addAction(m_previousAction);
    m_nextAction = new QAction(QIcon::fromTheme(QStringLiteral("go-down")), tr("Next change"), this);
    m_nextAction->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Down));
    m_nextAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_nextAction->setToolTip(
        tr("Next change (%1)").arg(m_nextAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_nextAction, &QAction::triggered, this, &SqlDiffView::goToNextChange);
    addAction(m_nextAction);

    m_previousButton = new QToolButton(toolBar);
    m_previousButton->setObjectName(QStringLiteral("previousChangeButton"));
    m_previousButton->setDefaultAction(m_previousAction);
    m_previousButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_nextButton = new QToolButton(toolBar);
    m_nextButton->setObjectName(QStringLiteral("nextChangeButton"));
    m_nextButton->setDefaultAction(m_nextAction);
    m_nextButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_changeLabel = new QLabel(toolBar);
    m_changeLabel->setObjectName(QStringLiteral("changePositionLabel"));
    m_unifiedCheckBox = new QCheckBox(tr("Unified"), toolBar);
    m_unifiedCheckBox->setObjectName(QStringLiteral("unifiedCheckBox"));
    m_unifiedCheckBox->setToolTip(tr("Show one pane with the changes as diff -u prints them"));
    connect(m_unifiedCheckBox, &QCheckBox::toggled, this, &SqlDiffView::setUnified);
    toolBarLayout->addWidget(m_previousButton);
    toolBarLayout->addWidget(m_nextButton);
    toolBarLayout->addSpacing(6);
    toolBarLayout->addWidget(m_changeLabel);
    toolBarLayout->addStretch(1);
    toolBarLayout->addWidget(m_unifiedCheckBox);
    layout->addWidget(toolBar);

    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("diffStackedWidget"));
    auto *sideBySide = new QWidget(m_stack);
    auto *grid = new QGridLayout(sideBySide);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(1);
    grid->setVerticalSpacing(0);
    m_leftTitleLabel = new QLabel(sideBySide);
    m_leftTitleLabel->setObjectName(QStringLiteral("leftTitleLabel"));
    m_rightTitleLabel = new QLabel(sideBySide);
    m_rightTitleLabel->setObjectName(QStringLiteral("rightTitleLabel"));
    for (QLabel *label : { m_leftTitleLabel, m_rightTitleLabel }) {
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setContentsMargins(8, 4, 8, 4);
        label->setMinimumWidth(1); // long paths must not widen the dialog
        QFont font = label->font();
        font.setBold(true);
        label->setFont(font);
    }
    m_leftEdit = createEditor(QStringLiteral("leftTextEdit"), true);
    m_rightEdit = createEditor(QStringLiteral("rightTextEdit"), true);
    grid->addWidget(m_leftTitleLabel, 0, 0);
    grid->addWidget(m_rightTitleLabel, 0, 1);
    grid->addWidget(m_leftEdit, 1, 0);
    grid->addWidget(m_rightEdit, 1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    m_stack->addWidget(sideBySide);
    m_unifiedEdit = createEditor(QStringLiteral("unifiedTextEdit"), false);
    m_stack->addWidget(m_unifiedEdit);
    layout->addWidget(m_stack, 1);

    for (QsciScintilla *editor : { m_leftEdit, m_rightEdit }) {
        m_wordIndicator = editor->indicatorDefine(QsciScintilla::FullBoxIndicator, m_wordIndicator);
        editor->setIndicatorDrawUnder(true, m_wordIndicator);
    }
    m_leftEdit->setIndicatorForegroundColor(removedWordColor, m_wordIndicator);
    m_rightEdit->setIndicatorForegroundColor(addedWordColor, m_wordIndicator);
    synchronizeScrolling();
    updateNavigation();
}

SqlDiffView::~SqlDiffView() = default;

QsciScintilla *SqlDiffView::createEditor(const QString &objectName, bool sqlLexer)
{
    auto *editor = new QsciScintilla(this);
    editor->setObjectName(objectName);
    editor->setUtf8(true);
    editor->setReadOnly(true);
    editor->setFrameShape(QFrame::NoFrame);
    editor->setCaretLineVisible(true);
    // Translucent, so the removed/added tints show through the current line.
    editor->setCaretLineBackgroundColor(QColor(0x1f, 0x6f, 0xeb, 24));
    editor->setScrollWidth(1);
    editor->setScrollWidthTracking(true);

    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setPointSizeF(std::max(font.pointSizeF(), 10.0));
    if (sqlLexer) {
        auto *lexer = new PgSqlLexer(editor);
        lexer->setEditorFont(font);
        editor->setLexer(lexer);
    } else {
        editor->setFont(font);
    }

    QFont marginFont = font;
    marginFont.setPointSizeF(font.pointSizeF() - 1);
    editor->setMarginsFont(marginFont);
    editor->setMarginsBackgroundColor(marginBackground);
    editor->setMarginsForegroundColor(marginForeground);
    // Line numbers are margin text, not a number margin: filler lines have
    // none, and every other line keeps its number in its own file. The
    // unified text has none at all: its hunk headers say where lines are.
    editor->setMarginType(0, QsciScintilla::TextMarginRightJustified);
    editor->setMarginWidth(0, 0);
    editor->setMarginWidth(1, 0);
    editor->setMarginWidth(2, 0);
    send(editor, QsciScintillaBase::SCI_SETMARGINLEFT, 0, 4);
    m_lineNumberStyle.setFont(marginFont);
    m_lineNumberStyle.setColor(marginForeground);
    m_lineNumberStyle.setPaper(marginBackground);

    editor->markerDefine(QsciScintilla::Background, RemovedLineMarker);
    editor->setMarkerBackgroundColor(removedLineColor, RemovedLineMarker);
    editor->markerDefine(QsciScintilla::Background, AddedLineMarker);
    editor->setMarkerBackgroundColor(addedLineColor, AddedLineMarker);
    editor->markerDefine(QsciScintilla::Background, FillerLineMarker);
    editor->setMarkerBackgroundColor(fillerLineColor, FillerLineMarker);
    editor->markerDefine(QsciScintilla::Background, HunkHeaderMarker);
    editor->setMarkerBackgroundColor(hunkHeaderColor, HunkHeaderMarker);
    return editor;
}

void SqlDiffView::synchronizeScrolling()
{
    // Filler lines make both panes equally long, so the same first visible
    // line (vertical) and pixel offset (horizontal) keep rows level.
    // Scintilla reports scrolling, from any cause, only through SCN_UPDATEUI,
    // after the fact and for the pane we scrolled to follow as well: a pane
    // leads only when it moved away from the position both last shared, so
    // a late report from the follower cannot pull the leader back.
    const auto follow = [this](QsciScintilla *source, QsciScintilla *target) {
        connect(source, &QsciScintillaBase::SCN_UPDATEUI, this, [this, source, target](int) {
            const ScrollPosition position { source->firstVisibleLine(),
                send(source, QsciScintillaBase::SCI_GETXOFFSET) };
            if (position == m_sharedScroll)
                return;
            m_sharedScroll = position;
            target->setFirstVisibleLine(position.firstLine);
            send(target, QsciScintillaBase::SCI_SETXOFFSET, static_cast<unsigned long>(position.xOffset));
        });
    };
    follow(m_leftEdit, m_rightEdit);
    follow(m_rightEdit, m_leftEdit);
}

void SqlDiffView::setTexts(
    const QString &leftTitle, const QString &leftText, const QString &rightTitle, const QString &rightText)
{
    m_leftTitleLabel->setText(leftTitle);
    m_leftTitleLabel->setToolTip(leftTitle);
    m_rightTitleLabel->setText(rightTitle);
    m_rightTitleLabel->setToolTip(rightTitle);

    const TextDiff diff = TextDiff::compute(leftText, rightText);
    QList<PaneRow> leftRows;
    QList<PaneRow> rightRows;
    m_changeRows.clear();
    const QList<DiffLine> &lines = diff.lines();
    for (qsizetype i = 0; i < lines.size();) {
        const DiffLine &line = lines.at(i);
        if (line.kind == DiffLine::Kind::Same) {
            leftRows.append({ line.leftLine, line.kind, line.text, {} });
            rightRows.append({ line.rightLine, line.kind, line.text, {} });
            ++i;
            continue;
        }
        m_changeRows.append(static_cast<int>(leftRows.size()));
        QList<PaneRow> removed;
        QList<PaneRow> added;
        for (; i < lines.size() && lines.at(i).kind != DiffLine::Kind::Same; ++i) {
            const DiffLine &changed = lines.at(i);
            if (changed.kind == DiffLine::Kind::Removed)
                removed.append({ changed.leftLine, changed.kind, changed.text, changed.changedSpans });
            else
                added.append({ changed.rightLine, changed.kind, changed.text, changed.changedSpans });
        }
        // TextDiff pairs the n-th removed line with the n-th added one; the
        // shorter side is padded below its lines.
        const qsizetype rows = std::max(removed.size(), added.size());
        removed.resize(rows);
        added.resize(rows);
        leftRows.append(removed);
        rightRows.append(added);
    }

    const auto fillPane = [this](QsciScintilla *editor, const QList<PaneRow> &rows) {
        QStringList texts;
        int widest = 1;
        for (const PaneRow &row : rows) {
            texts.append(row.text);
            widest = std::max(widest, row.lineNumber);
        }
        editor->setText(texts.join(QLatin1Char('\n')));
        editor->markerDeleteAll();
        editor->clearMarginText();
        editor->setMarginWidth(0, QString(QString::number(widest).size() + 1, QLatin1Char('9')));
        for (int row = 0; row < rows.size(); ++row) {
            const PaneRow &paneRow = rows.at(row);
            if (paneRow.lineNumber > 0)
                editor->setMarginText(row, QString::number(paneRow.lineNumber), m_lineNumberStyle);
            if (paneRow.lineNumber == 0)
                editor->markerAdd(row, FillerLineMarker);
            else if (paneRow.kind == DiffLine::Kind::Removed)
                editor->markerAdd(row, RemovedLineMarker);
            else if (paneRow.kind == DiffLine::Kind::Added)
                editor->markerAdd(row, AddedLineMarker);
            fillSpans(editor, m_wordIndicator, row, paneRow.spans);
        }
    };
    fillPane(m_leftEdit, leftRows);
    fillPane(m_rightEdit, rightRows);

    // The unified pane: its change blocks are the runs of `-`/`+` lines
    // (a "\ No newline" note inside a run does not end it).
    const QString unified = diff.unified(leftTitle, rightTitle);
    // Without the final line break, which would show as an empty last line.
    m_unifiedEdit->setText(unified.endsWith(QLatin1Char('\n')) ? unified.chopped(1) : unified);
    m_unifiedEdit->markerDeleteAll();
    m_unifiedChangeRows.clear();
    const QStringList unifiedLines = unified.split(QLatin1Char('\n'));
    bool inRun = false;
    for (int row = 2; row < unifiedLines.size(); ++row) {
        const QString &text = unifiedLines.at(row);
        const QChar first = text.isEmpty() ? QChar() : text.front();
        if (first == u'-' || first == u'+') {
            m_unifiedEdit->markerAdd(row, first == u'-' ? RemovedLineMarker : AddedLineMarker);
            if (!inRun)
                m_unifiedChangeRows.append(row);
            inRun = true;
        } else if (first != u'\\') {
            inRun = false;
            if (first == u'@')
                m_unifiedEdit->markerAdd(row, HunkHeaderMarker);
        }
    }

    m_currentChange = -1;
    for (QsciScintilla *editor : { m_leftEdit, m_rightEdit, m_unifiedEdit }) {
        editor->setCursorPosition(0, 0);
        editor->setFirstVisibleLine(0);
    }
    updateNavigation();
    Q_EMIT currentChangeChanged(m_currentChange);
}

void SqlDiffView::goToNextChange()
{
    if (m_currentChange + 1 < changeCount())
        goToChange(m_currentChange + 1);
}

void SqlDiffView::goToPreviousChange()
{
    if (m_currentChange > 0)
        goToChange(m_currentChange - 1);
}

void SqlDiffView::goToChange(int index)
{
    m_currentChange = index;
    const QList<QsciScintilla *> editors = m_unified ? QList<QsciScintilla *> { m_unifiedEdit }
                                                     : QList<QsciScintilla *> { m_leftEdit, m_rightEdit };
    const QList<int> &rows = m_unified ? m_unifiedChangeRows : m_changeRows;
    if (index >= 0 && index < rows.size()) {
        const int row = rows.at(index);
        for (QsciScintilla *editor : editors) {
            editor->setCursorPosition(row, 0);
            editor->setFirstVisibleLine(std::max(0, row - contextAbove));
        }
    }
    updateNavigation();
    Q_EMIT currentChangeChanged(m_currentChange);
}

void SqlDiffView::setUnified(bool unified)
{
    if (m_unifiedCheckBox->isChecked() != unified)
        m_unifiedCheckBox->setChecked(unified); // comes back here through toggled()
    if (m_unified == unified)
        return;
    m_unified = unified;
    m_stack->setCurrentIndex(unified ? 1 : 0);
    if (m_currentChange >= 0)
        goToChange(m_currentChange);
}

void SqlDiffView::updateNavigation()
{
    const int count = changeCount();
    m_previousAction->setEnabled(m_currentChange > 0);
    m_nextAction->setEnabled(m_currentChange + 1 < count);
    if (count == 0)
        m_changeLabel->setText(tr("No differences"));
    else if (m_currentChange < 0)
        m_changeLabel->setText(tr("%n change(s)", nullptr, count));
    else
        m_changeLabel->setText(tr("Change %1 of %2").arg(m_currentChange + 1).arg(count));
}
