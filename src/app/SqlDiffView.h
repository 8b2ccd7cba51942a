#pragma once

#include <Qsci/qscistyle.h>

#include <QList>
#include <QString>
#include <QWidget>

class QAction;
class QCheckBox;
class QLabel;
class QStackedWidget;
class QToolButton;
class QsciScintilla;

// Two versions of an SQL text side by side: read-only, highlighted as SQL,
// scrolled together, and padded with blank filler lines so that matching
// lines stay level. Changed lines are tinted (red on the left, green on the
// right) and the words that changed within them are boxed. "Unified" swaps
// the two panes for the `diff -u` text.
class SqlDiffView : public QWidget
{
    Q_OBJECT

public:
    // Marker numbers (QsciScintilla::markersAtLine() bits).
    enum Marker {
        RemovedLineMarker = 1, // left pane, and `-` lines of the unified view
        AddedLineMarker = 2, // right pane, and `+` lines of the unified view
        FillerLineMarker = 3, // a padding line standing for a line the other side has
        HunkHeaderMarker = 4, // `@@ ... @@` lines of the unified view
    };

    explicit SqlDiffView(QWidget *parent = nullptr);
    ~SqlDiffView() override;

    void setTexts(const QString &leftTitle, const QString &leftText, const QString &rightTitle,
        const QString &rightText);

    // Number of change blocks (runs of removed/added lines).
    int changeCount() const { return static_cast<int>(m_changeRows.size()); }
    // 0-based index of the change last moved to; -1 before the first move.
    int currentChange() const { return m_currentChange; }
    // Moves the cursor of the visible pane(s) to the next/previous change and
    // scrolls it into view. Bound to Alt+Down / Alt+Up.
    void goToNextChange();
    void goToPreviousChange();

    bool isUnified() const { return m_unified; }
    void setUnified(bool unified);

    // Panes, for tests and for owners that want to tweak them.
    QsciScintilla *leftTextEdit() const { return m_leftEdit; }
    QsciScintilla *rightTextEdit() const { return m_rightEdit; }
    QsciScintilla *unifiedTextEdit() const { return m_unifiedEdit; }
    // The indicator boxing changed words in leftTextEdit()/rightTextEdit().
    int changedWordIndicator() const { return m_wordIndicator; }

Q_SIGNALS:
    void currentChangeChanged(int index);

private:
    QsciScintilla *createEditor(const QString &objectName, bool sqlLexer);
    void synchronizeScrolling();
    void fill(const QString &leftText, const QString &rightText);
    void goToChange(int index);
    void updateNavigation();

    QLabel *m_leftTitleLabel = nullptr;
    QLabel *m_rightTitleLabel = nullptr;
    QLabel *m_changeLabel = nullptr;
    QToolButton *m_previousButton = nullptr;
    QToolButton *m_nextButton = nullptr;
    QCheckBox *m_unifiedCheckBox = nullptr;
    QAction *m_previousAction = nullptr;
    QAction *m_nextAction = nullptr;
    QStackedWidget *m_stack = nullptr;
    QsciScintilla *m_leftEdit = nullptr;
    QsciScintilla *m_rightEdit = nullptr;
    QsciScintilla *m_unifiedEdit = nullptr;
    int m_wordIndicator = -1;
    QsciStyle m_lineNumberStyle;
    QList<int> m_changeRows; // first padded row of each change, same in both panes
    QList<int> m_unifiedChangeRows; // first `-`/`+` line of each change in the unified text
    int m_currentChange = -1;
    bool m_unified = false;
    struct ScrollPosition
    {
        int firstLine = 0;
        long xOffset = 0;
        bool operator==(const ScrollPosition &other) const = default;
    };
    ScrollPosition m_sharedScroll; // where both side-by-side panes were last put
};
