#pragma once

#include "TypeOrmFileView.h"
#include "common/StrataError.h"
#include "lint/LintContext.h"
#include "lint/LintFinding.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QWidget>

#include <memory>
#include <optional>

class EditorMarks;
class LintFindingsView;
class PgSqlLexer;
class TypeScriptLexer;
class QAction;
class QTimer;
class QsciScintilla;
class QListWidget;
class QPushButton;

namespace Ui {
class MigrationEditor;
}

// Edits one migration file: the whole file with its `-- migrate:up` and
// `-- migrate:down` sections, checked as you type by the same parsers the
// runner uses (MigrationFileParser, libpg_query through MigrationRunner::prepare),
// so what the editor accepts is what `up` will accept. A failed run can be
// pinned to its line with the server's message.
//
// The editor never asks about unsaved changes by itself: the owner calls
// maybeSave() before it opens another file or quits.
//
// A TypeORM migration (.ts / .js) is edited as TypeScript with the SQL of its
// queryRunner.query(...) strings painted as SQL, checked by the reader the
// runner uses (TypeOrmMigrationReader, then each statement by PostgreSQL's
// grammar), every position being the .ts file's; the list under the editor
// shows the statements it runs, up then down.
//
// Made of: EditorMarks (margin markers, underlines, annotations, the failed
// run), TypeOrmFileView (what is particular to TypeORM files) and
// LintFindingsView (the lint findings and their fixes). This class keeps the
// file (open, save, revert), the check, the applied banner and the status line.
class MigrationEditor : public QWidget
{
    Q_OBJECT

public:
    // Marker numbers on the editor (QsciScintilla::markersAtLine() bits).
    enum Marker {
        ProblemMarker = 1, // a check found a problem on the line
        RunErrorMarker = 2, // the server rejected the statement on the line
        UpSectionMarker = 3, // the `-- migrate:up` line
        DownSectionMarker = 4, // the `-- migrate:down` line
        SectionLineMarker = 5, // background of both section lines
        RunErrorLineMarker = 6, // background of the failed line
        LintErrorMarker = 7, // lint findings, by severity
        LintWarningMarker = 8,
        LintInfoMarker = 9,
    };

    // How long typing must pause before the check runs.
    static constexpr int checkDelayMs = 300;

    explicit MigrationEditor(QWidget *parent = nullptr);
    ~MigrationEditor() override;

    // Loads a migration file (UTF-8). Line endings become LF and a BOM is
    // dropped, which the checksum ignores, so this is not an edit. Returns
    // false, with errorString(), if the file cannot be read or is not UTF-8;
    // the current buffer is then kept. Does not ask about unsaved changes.
    // Clears the run error and the applied warning: state them again for the
    // new file.
    bool openFile(const QString &filePath);
    QString filePath() const { return m_filePath; }
    bool isModified() const;
    // The buffer as it will be written.
    QString text() const;
    // Why the last openFile() or save() failed.
    QString errorString() const { return m_errorString; }

    // Writes the buffer atomically (QSaveFile), UTF-8 with LF endings, exactly
    // as shown. Also bound to Ctrl+S while the editor has focus.
    bool save();
    // Unsaved changes: asks Save / Discard / Cancel (a modal QMessageBox named
    // "unsavedChangesMessageBox"). Returns false when the user cancels or the
    // save fails; on Discard the buffer goes back to the file's text.
    bool maybeSave(QWidget *parent = nullptr);
    // Drops unsaved edits: back to the text last loaded or saved.
    void revert();

    // What the last check found, in line order: malformed sections, syntax
    // errors, statements the runner refuses (e.g. CREATE INDEX CONCURRENTLY
    // in a transactional migration). Empty when the file would run.
    QList<StrataError> problems() const { return m_problems; }
    // Runs the check now instead of after the typing pause.
    void checkNow();

    // Pins a failed run to its line: marker, annotation with the server's
    // message (SQLSTATE, DETAIL, HINT, CONTEXT), cursor and view moved there.
    // It stays, moving with its line, until clearRunError() or openFile().
    void markRunError(const StrataError &error);
    void clearRunError();
    std::optional<StrataError> runError() const;

    // Warns that the migration is applied on the connected database: shown
    // while `applied` is true, in a stronger form once the buffer is modified.
    void setAppliedWarning(bool applied);

    // What the linter needs from outside the file: the history (for
    // older-than-applied), the project's strata.ini, table sizes. Findings
    // show in the margin (message on hover) and in the lint list below.
    void setLintContext(const LintContext &context);
    const LintFindingList &lintFindings() const;
    QListWidget *lintList() const;
    // Shown under the lint list when the selected finding has a safe rewrite.
    QPushButton *lintFixButton() const;
    // Applies fix `fixIndex` of finding `findingIndex`: edits the buffer (one
    // undo step, not saved) and writes the new migration file the fix adds,
    // never over an existing one. False with errorString() when it cannot.
    bool applyLintFix(int findingIndex, int fixIndex = 0);
    // The text shown when hovering the margin of a 1-based line; empty if none.
    QString lintToolTip(int line) const;
    bool appliedWarning() const { return m_applied; }

    // The Ctrl+S action (shortcut limited to this widget), for a File menu.
    QAction *saveAction() const { return m_saveAction; }
    QsciScintilla *textEdit() const;

    // The file open is a TypeORM migration (.ts / .js).
    bool isTypeOrmFile() const;
    // TypeORM files: one row per statement the file runs, up then down, each
    // "up 1  7:33  CREATE TABLE ..." with its line in Qt::UserRole.
    QListWidget *statementList() const;
    // The indicators painting the SQL inside query(...) strings.
    using SqlPaint = TypeOrmFileView::SqlPaint;
    int sqlIndicator(SqlPaint paint) const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

Q_SIGNALS:
    void saved(const QString &filePath);
    // A lint fix wrote a new migration next to the open one.
    void migrationFileCreated(const QString &filePath);
    void modificationChanged(bool modified);
    void problemsChanged();

private:
    void setUpEditor();
    void loadText(const QByteArray &text);
    void runCheck();
    void updateLint();
    void updateDecorations();
    void updateBanner();
    void updateStatus();
    void renderStatus();
    void updateLineNumberWidth();
    void updateCursorPosition(int line, int index);
    void showLine(int line, int index);
    void jumpToFirstProblem();
    void handleModificationChanged(bool modified);

    const std::unique_ptr<Ui::MigrationEditor> m_ui;
    PgSqlLexer *m_lexer = nullptr;
    TypeScriptLexer *m_tsLexer = nullptr;
    std::unique_ptr<EditorMarks> m_marks;
    TypeOrmFileView *m_typeOrmView = nullptr;
    LintFindingsView *m_lint = nullptr;
    QTimer *m_checkTimer = nullptr;
    QAction *m_saveAction = nullptr;
    QString m_filePath;
    QByteArray m_savedText; // the file's text as last loaded or saved (normalized)
    QString m_errorString;
    QList<StrataError> m_problems;
    LintContext m_lintContext;
    bool m_applied = false;
    QString m_statusLink; // "Line 3, column 1", shown as a link to the line
    QString m_statusMessage;
    QString m_statusSuffix; // "(+2 more)"
    bool m_statusIsError = false;
};
