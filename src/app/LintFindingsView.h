#pragma once

#include "common/StrataError.h"
#include "lint/LintFinding.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <optional>

class QListWidget;
class QPushButton;
class QWidget;
class QsciScintilla;

// The lint findings of the file in a MigrationEditor: a dot in the margin on
// each finding's line (message on hover), one line per finding in a list
// under the editor, and a button applying the selected finding's safe
// rewrite. Which findings there are is the editor's business.
class LintFindingsView : public QObject
{
    Q_OBJECT

public:
    // Adds the list and the fix button at the end of `owner`'s layout;
    // `editor` outlives this.
    LintFindingsView(QsciScintilla *editor, QWidget *owner);

    // Shows `findings` in place of the last ones and selects the first with a
    // fix. `lintedText` is the text their byte offsets refer to; without it
    // the fixes keep referring to the last text given.
    void setFindings(const LintFindingList &findings, const std::optional<QByteArray> &lintedText);
    const LintFindingList &findings() const { return m_findings; }
    QListWidget *list() const { return m_list; }
    QPushButton *fixButton() const { return m_fixButton; }
    // The text shown when hovering a 1-based line; empty if none.
    QString toolTip(int line) const;

    bool hasFix(int findingIndex, int fixIndex) const;
    // Whether the buffer is still the text that was linted, so the fixes'
    // offsets cut it in the right places.
    bool isCurrent() const;
    // Writes the new migration file the fix adds next to `filePath` (never
    // over an existing one), then edits the buffer in one undo step, unsaved.
    // Call only when hasFix() and isCurrent().
    Status applyFix(int findingIndex, int fixIndex, const QString &filePath);

Q_SIGNALS:
    // A finding of the list was activated; its 1-based line.
    void findingActivated(int line);
    // A fix wrote a new migration.
    void migrationFileCreated(const QString &filePath);

private:
    void updateFixButton();

    QsciScintilla *const m_editor;
    QListWidget *m_list = nullptr;
    QPushButton *m_fixButton = nullptr;
    LintFindingList m_findings;
    QByteArray m_lintedText; // the text the findings' byte offsets refer to
};
