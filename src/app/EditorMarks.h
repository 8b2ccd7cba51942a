#pragma once

#include "common/StrataError.h"

#include <Qsci/qscistyle.h>

#include <QCoreApplication>
#include <QList>
#include <QPixmap>
#include <QString>

#include <optional>

class QsciScintilla;

// What MigrationEditor draws on its text to say where something is wrong or
// where a section starts: the markers of the symbol margin (the numbers of
// MigrationEditor::Marker), the underlines and the annotations under a line
// for the check's problems and for a failed run, and the tinted
// `-- migrate:up` / `-- migrate:down` lines.
//
// A failed run is kept here because its marker is what follows its line as
// text is edited above it.
class EditorMarks
{
    Q_DECLARE_TR_FUNCTIONS(EditorMarks)

public:
    // Sets up the symbol margin, the markers, the indicators and the
    // annotation styles of `editor`, which outlives this.
    explicit EditorMarks(QsciScintilla *editor);

    // Marks the `-- migrate:` lines, found by the parser's own rule (a whole
    // comment line) even while the file does not parse.
    void markSectionLines();
    // Marks each problem (margin marker, underline, annotation) and annotates
    // the run error's line, replacing what was drawn before.
    void showProblems(const QList<StrataError> &problems);
    // An unfinished statement is reported "at end of input", past the blank
    // and comment lines that end the section; it is drawn on the last token
    // before that. Moves such syntax errors there, so the list and the view agree.
    void moveEndOfInputErrors(QList<StrataError> *problems) const;

    // Pins a failed run to its line: margin marker, line tint, underline.
    // Returns the position (a Scintilla byte offset) of the token it points at.
    long markRunError(const StrataError &error);
    // Removes the run error's marks; returns whether there was one.
    bool clearRunError();
    const std::optional<StrataError> &runError() const { return m_runError; }
    // The 0-based line the run error's marker is on now; -1 without one.
    int runErrorLine() const;

    // The message of a problem as shown: libpg_query's doubled prefix removed.
    static QString displayMessage(const StrataError &error);
    // The first line of the annotation: the message, its SQLSTATE, and for a
    // failed run what happened to the run.
    static QString annotationHeadline(const StrataError &error, bool runError);
    // The icons of the status line: a problem, or none.
    static QPixmap problemPixmap();
    static QPixmap okPixmap();

private:
    QsciScintilla *const m_editor;
    std::optional<StrataError> m_runError;
    int m_runErrorHandle = -1; // marker handle: the line moves as text is edited above it
    int m_problemIndicator = -1;
    int m_runErrorIndicator = -1;
    int m_upSectionIndicator = -1; // text colour of the marker lines
    int m_downSectionIndicator = -1;
    QsciStyle m_annotationStyle;
    QsciStyle m_annotationDetailStyle;
};
