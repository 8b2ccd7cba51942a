#include "EditorMarks.h"

#include "MigrationEditor.h"
#include "ScintillaSend.h"

#include <Qsci/qsciscintilla.h>
#include <Qsci/qscistyledtext.h>

#include <QApplication>
#include <QColor>
#include <QImage>
#include <QMap>
#include <QPainter>
#include <QPainterPath>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>

namespace {

// Scintilla numbers its own annotation styles after the lexer's; the SQL lexer
// uses 0-24 and 32-39 are Scintilla's predefined styles. Fixed numbers, not
// QsciStyle's allocator, whose pool is shared by every editor of the process.
constexpr int annotationStyleNumber = 50;
constexpr int annotationDetailStyleNumber = 51;

constexpr int symbolMargin = 1;
constexpr int markerSize = 14;

const QColor errorColor(0xc5, 0x22, 0x1f);
const QColor errorBackground(0xfd, 0xec, 0xea);
const QColor upSectionColor(0x1a, 0x7f, 0x37);
const QColor downSectionColor(0x09, 0x69, 0xda);

// Where to draw an error: its 0-based line and the byte range to underline.
struct Anchor
{
    int line = -1;
    long start = 0;
    long end = 0;
};

bool isBlankAt(const QsciScintilla &editor, long position)
{
    const long c
        = sendScintilla(editor, QsciScintillaBase::SCI_GETCHARAT, static_cast<unsigned long>(position));
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isCommentLine(const QsciScintilla &editor, int line)
{
    return editor.text(line).trimmed().startsWith(QLatin1String("--"));
}

enum class AnchorMode {
    Token, // the token at the position (syntax and server errors)
    Line, // the rest of the line (refusals point at a whole statement)
    // The last token before the position. An unfinished statement is reported
    // "at end of input", past the blank and comment lines that end the
    // section, i.e. on the next marker line; it is drawn where the SQL stops.
    LastTokenBefore,
};

Anchor anchorOf(const QsciScintilla &editor, int line, int column, AnchorMode mode)
{
    Anchor a;
    if (line <= 0)
        return a;
    auto lineStartOf = [&](int l) {
        return sendScintilla(editor, QsciScintillaBase::SCI_POSITIONFROMLINE, static_cast<unsigned long>(l));
    };
    auto lineEndOf = [&](int l) {
        return sendScintilla(
            editor, QsciScintillaBase::SCI_GETLINEENDPOSITION, static_cast<unsigned long>(l));
    };
    a.line = std::min(line, editor.lines()) - 1;
    long position = column > 0 ? editor.positionFromLineIndex(a.line, column - 1) : lineStartOf(a.line);
    position = std::clamp(position, lineStartOf(a.line), lineEndOf(a.line));
    if (mode == AnchorMode::LastTokenBefore) {
        long p = position;
        for (;;) {
            while (p > 0 && isBlankAt(editor, p - 1))
                --p;
            const int l = int(sendScintilla(
                editor, QsciScintillaBase::SCI_LINEFROMPOSITION, static_cast<unsigned long>(p)));
            if (p == 0 || !isCommentLine(editor, l))
                break;
            p = lineStartOf(l);
        }
        if (p > 0) {
            position
                = sendScintilla(editor, QsciScintillaBase::SCI_POSITIONBEFORE, static_cast<unsigned long>(p));
            position = sendScintilla(
                editor, QsciScintillaBase::SCI_WORDSTARTPOSITION, static_cast<unsigned long>(position), 1);
            a.line = int(sendScintilla(
                editor, QsciScintillaBase::SCI_LINEFROMPOSITION, static_cast<unsigned long>(position)));
        }
    }
    const long lineEnd = lineEndOf(a.line);
    a.start = position;
    if (mode == AnchorMode::Line) {
        a.end = lineEnd;
        while (a.end > a.start && isBlankAt(editor, a.end - 1))
            --a.end;
        return a;
    }
    a.end = sendScintilla(
        editor, QsciScintillaBase::SCI_WORDENDPOSITION, static_cast<unsigned long>(position), 1);
    if (a.end <= a.start && position < lineEnd)
        a.end = sendScintilla(
            editor, QsciScintillaBase::SCI_POSITIONAFTER, static_cast<unsigned long>(position));
    return a;
}

// The `-- migrate:up` / `-- migrate:down` lines, by the parser's own rule
// (a whole comment line), found even while the file does not parse.
struct SectionLine
{
    int line = 0;
    bool up = true;
};

QList<SectionLine> sectionLines(const QsciScintilla &editor)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^\s*--\s*migrate:(up|down)\b)"));
    QList<SectionLine> lines;
    for (int line = 0; line < editor.lines(); ++line) {
        const QString text = editor.text(line);
        if (!text.contains(QLatin1String("migrate:")))
            continue;
        const QRegularExpressionMatch match = pattern.match(text);
        if (match.hasMatch())
            lines.append({ line, match.capturedView(1) == QLatin1String("up") });
    }
    return lines;
}

QImage blankImage()
{
    QImage image(markerSize, markerSize, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    return image;
}

QImage problemImage()
{
    QImage image = blankImage();
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(errorColor);
    p.drawEllipse(QRectF(1, 1, markerSize - 2, markerSize - 2));
    p.setPen(QPen(Qt::white, 1.8, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(QPointF(4.8, 4.8), QPointF(9.2, 9.2));
    p.drawLine(QPointF(9.2, 4.8), QPointF(4.8, 9.2));
    return image;
}

QImage runErrorImage()
{
    // An arrow, as debuggers mark where execution stopped.
    QImage image = blankImage();
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    QPainterPath arrow;
    arrow.moveTo(1.5, 4.5);
    arrow.lineTo(7, 4.5);
    arrow.lineTo(7, 1.5);
    arrow.lineTo(12.5, 7);
    arrow.lineTo(7, 12.5);
    arrow.lineTo(7, 9.5);
    arrow.lineTo(1.5, 9.5);
    arrow.closeSubpath();
    p.setPen(Qt::NoPen);
    p.setBrush(errorColor);
    p.drawPath(arrow);
    return image;
}

QImage sectionImage(bool up)
{
    QImage image = blankImage();
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(up ? upSectionColor : downSectionColor);
    QPainterPath triangle;
    if (up) {
        triangle.moveTo(7, 2.5);
        triangle.lineTo(12.5, 11);
        triangle.lineTo(1.5, 11);
    } else {
        triangle.moveTo(1.5, 3);
        triangle.lineTo(12.5, 3);
        triangle.lineTo(7, 11.5);
    }
    triangle.closeSubpath();
    p.drawPath(triangle);
    return image;
}

QString annotationDetails(const StrataError &error)
{
    QStringList lines;
    if (!error.detail.isEmpty())
        lines.append(QStringLiteral("DETAIL: ") + error.detail);
    if (!error.hint.isEmpty())
        lines.append(QStringLiteral("HINT: ") + error.hint);
    if (!error.context.isEmpty())
        lines.append(QStringLiteral("CONTEXT: ") + error.context);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

EditorMarks::EditorMarks(QsciScintilla *editor)
    : m_editor(editor)
    , m_annotationStyle(annotationStyleNumber)
    , m_annotationDetailStyle(annotationDetailStyleNumber)
{
    editor->setMarginType(symbolMargin, QsciScintilla::SymbolMargin);
    editor->setMarginWidth(symbolMargin, markerSize + 6);
    editor->setMarginMarkerMask(symbolMargin,
        (1 << MigrationEditor::ProblemMarker) | (1 << MigrationEditor::RunErrorMarker)
            | (1 << MigrationEditor::UpSectionMarker) | (1 << MigrationEditor::DownSectionMarker)
            | (1 << MigrationEditor::LintErrorMarker) | (1 << MigrationEditor::LintWarningMarker)
            | (1 << MigrationEditor::LintInfoMarker));

    editor->setAnnotationDisplay(QsciScintilla::AnnotationIndented);
    QFont annotationFont = QApplication::font();
    annotationFont.setPointSizeF(std::max(annotationFont.pointSizeF() - 0.5, 8.0));
    m_annotationStyle.setColor(errorColor);
    m_annotationStyle.setPaper(errorBackground);
    m_annotationStyle.setFont(annotationFont);
    m_annotationStyle.setEolFill(true);
    m_annotationDetailStyle.setColor(QColor(0x57, 0x60, 0x6a));
    m_annotationDetailStyle.setPaper(errorBackground);
    m_annotationDetailStyle.setFont(annotationFont);
    m_annotationDetailStyle.setEolFill(true);

    m_problemIndicator = editor->indicatorDefine(QsciScintilla::SquigglePixmapIndicator);
    editor->setIndicatorForegroundColor(errorColor, m_problemIndicator);
    m_runErrorIndicator = editor->indicatorDefine(QsciScintilla::SquigglePixmapIndicator);
    editor->setIndicatorForegroundColor(errorColor, m_runErrorIndicator);
    m_upSectionIndicator = editor->indicatorDefine(QsciScintilla::TextColorIndicator);
    editor->setIndicatorForegroundColor(upSectionColor, m_upSectionIndicator);
    m_downSectionIndicator = editor->indicatorDefine(QsciScintilla::TextColorIndicator);
    editor->setIndicatorForegroundColor(downSectionColor, m_downSectionIndicator);

    using Marker = MigrationEditor::Marker;
    editor->markerDefine(problemImage(), Marker::ProblemMarker);
    editor->markerDefine(runErrorImage(), Marker::RunErrorMarker);
    editor->markerDefine(sectionImage(true), Marker::UpSectionMarker);
    editor->markerDefine(sectionImage(false), Marker::DownSectionMarker);
    editor->markerDefine(QsciScintilla::Background, Marker::SectionLineMarker);
    editor->setMarkerBackgroundColor(QColor(0xee, 0xf2, 0xf7), Marker::SectionLineMarker);
    editor->markerDefine(QsciScintilla::Background, Marker::RunErrorLineMarker);
    editor->setMarkerBackgroundColor(errorBackground, Marker::RunErrorLineMarker);
    // Lint findings: a small dot in the severity's colour.
    const std::pair<int, QColor> lintMarkers[] = { { Marker::LintErrorMarker, QColor(0xc6, 0x28, 0x28) },
        { Marker::LintWarningMarker, QColor(0xe0, 0x8a, 0x00) },
        { Marker::LintInfoMarker, QColor(0x1f, 0x6f, 0xeb) } };
    for (const auto &[marker, colour] : lintMarkers) {
        editor->markerDefine(QsciScintilla::Circle, marker);
        editor->setMarkerBackgroundColor(colour, marker);
        editor->setMarkerForegroundColor(colour, marker);
    }
}

void EditorMarks::markSectionLines()
{
    QsciScintilla *editor = m_editor;
    editor->markerDeleteAll(MigrationEditor::UpSectionMarker);
    editor->markerDeleteAll(MigrationEditor::DownSectionMarker);
    editor->markerDeleteAll(MigrationEditor::SectionLineMarker);
    const long length = sendScintilla(*editor, QsciScintillaBase::SCI_GETLENGTH);
    for (const int indicator : { m_upSectionIndicator, m_downSectionIndicator }) {
        sendScintilla(
            *editor, QsciScintillaBase::SCI_SETINDICATORCURRENT, static_cast<unsigned long>(indicator));
        sendScintilla(*editor, QsciScintillaBase::SCI_INDICATORCLEARRANGE, 0, length);
    }
    for (const SectionLine &section : sectionLines(*editor)) {
        editor->markerAdd(
            section.line, section.up ? MigrationEditor::UpSectionMarker : MigrationEditor::DownSectionMarker);
        editor->markerAdd(section.line, MigrationEditor::SectionLineMarker);
        const long start = sendScintilla(
            *editor, QsciScintillaBase::SCI_POSITIONFROMLINE, static_cast<unsigned long>(section.line));
        const long end = sendScintilla(
            *editor, QsciScintillaBase::SCI_GETLINEENDPOSITION, static_cast<unsigned long>(section.line));
        sendScintilla(*editor, QsciScintillaBase::SCI_SETINDICATORCURRENT,
            static_cast<unsigned long>(section.up ? m_upSectionIndicator : m_downSectionIndicator));
        sendScintilla(*editor, QsciScintillaBase::SCI_INDICATORFILLRANGE, static_cast<unsigned long>(start),
            end - start);
    }
}

void EditorMarks::showProblems(const QList<StrataError> &problems)
{
    QsciScintilla *editor = m_editor;
    editor->markerDeleteAll(MigrationEditor::ProblemMarker);
    editor->clearAnnotations();
    sendScintilla(
        *editor, QsciScintillaBase::SCI_SETINDICATORCURRENT, static_cast<unsigned long>(m_problemIndicator));
    sendScintilla(*editor, QsciScintillaBase::SCI_INDICATORCLEARRANGE, 0,
        sendScintilla(*editor, QsciScintillaBase::SCI_GETLENGTH));

    // One annotation per line: problems and the run error on the same line
    // share it.
    QMap<int, QList<QsciStyledText>> annotations;
    auto annotate = [&](int line, const StrataError &error, bool runError) {
        QList<QsciStyledText> &parts = annotations[line];
        QString headline = annotationHeadline(error, runError);
        if (!parts.isEmpty())
            headline.prepend(QLatin1Char('\n'));
        parts.append(QsciStyledText(headline, m_annotationStyle));
        if (const QString details = annotationDetails(error); !details.isEmpty())
            parts.append(QsciStyledText(QLatin1Char('\n') + details, m_annotationDetailStyle));
    };

    for (const StrataError &problem : problems) {
        const Anchor a = anchorOf(*editor, problem.line, problem.column,
            problem.kind == StrataError::Kind::Syntax ? AnchorMode::Token : AnchorMode::Line);
        if (a.line < 0)
            continue;
        editor->markerAdd(a.line, MigrationEditor::ProblemMarker);
        if (a.end > a.start)
            sendScintilla(*editor, QsciScintillaBase::SCI_INDICATORFILLRANGE,
                static_cast<unsigned long>(a.start), a.end - a.start);
        annotate(a.line, problem, false);
    }
    if (m_runError && m_runErrorHandle >= 0) {
        const int line = editor->markerLine(m_runErrorHandle);
        if (line >= 0)
            annotate(line, *m_runError, true);
    }
    for (auto it = annotations.cbegin(); it != annotations.cend(); ++it)
        editor->annotate(it.key(), it.value());
}

void EditorMarks::moveEndOfInputErrors(QList<StrataError> *problems) const
{
    // (PostgreSQL's scanner words it "... at end of input".)
    for (StrataError &problem : *problems) {
        if (problem.kind != StrataError::Kind::Syntax
            || !problem.message.endsWith(QLatin1String("at end of input")))
            continue;
        const Anchor a = anchorOf(*m_editor, problem.line, problem.column, AnchorMode::LastTokenBefore);
        if (a.line < 0)
            continue;
        int index = 0;
        int line = 0;
        m_editor->lineIndexFromPosition(int(a.start), &line, &index);
        problem.line = line + 1;
        problem.column = index + 1;
    }
}

long EditorMarks::markRunError(const StrataError &error)
{
    clearRunError();
    QsciScintilla *editor = m_editor;
    m_runError = error;
    const Anchor a = anchorOf(*editor, std::max(error.line, 1), error.column, AnchorMode::Token);
    m_runErrorHandle = editor->markerAdd(a.line, MigrationEditor::RunErrorMarker);
    editor->markerAdd(a.line, MigrationEditor::RunErrorLineMarker);
    if (error.line > 0 && a.end > a.start) {
        sendScintilla(*editor, QsciScintillaBase::SCI_SETINDICATORCURRENT,
            static_cast<unsigned long>(m_runErrorIndicator));
        sendScintilla(*editor, QsciScintillaBase::SCI_INDICATORFILLRANGE, static_cast<unsigned long>(a.start),
            a.end - a.start);
    }
    return a.start;
}

bool EditorMarks::clearRunError()
{
    QsciScintilla *editor = m_editor;
    const bool had = m_runError.has_value();
    m_runError.reset();
    m_runErrorHandle = -1;
    editor->markerDeleteAll(MigrationEditor::RunErrorMarker);
    editor->markerDeleteAll(MigrationEditor::RunErrorLineMarker);
    sendScintilla(
        *editor, QsciScintillaBase::SCI_SETINDICATORCURRENT, static_cast<unsigned long>(m_runErrorIndicator));
    sendScintilla(*editor, QsciScintillaBase::SCI_INDICATORCLEARRANGE, 0,
        sendScintilla(*editor, QsciScintillaBase::SCI_GETLENGTH));
    return had;
}

int EditorMarks::runErrorLine() const
{
    return m_runErrorHandle >= 0 ? m_editor->markerLine(m_runErrorHandle) : -1;
}

// SqlScript prefixes libpg_query's message with "syntax error: ", and the
// parser's own message starts with the same words.
QString EditorMarks::displayMessage(const StrataError &error)
{
    static const QString doubled = QStringLiteral("syntax error: syntax error");
    if (error.message.startsWith(doubled))
        return error.message.mid(doubled.size() - QStringLiteral("syntax error").size());
    return error.message;
}

QString EditorMarks::annotationHeadline(const StrataError &error, bool runError)
{
    QString headline = displayMessage(error);
    if (!error.sqlState.isEmpty())
        headline += QStringLiteral(" (SQLSTATE %1)").arg(error.sqlState);
    if (runError)
        return error.kind == StrataError::Kind::Cancelled ? tr("Run cancelled: %1").arg(headline)
                                                          : tr("Run failed: %1").arg(headline);
    return headline;
}

QPixmap EditorMarks::problemPixmap()
{
    return QPixmap::fromImage(problemImage());
}

QPixmap EditorMarks::okPixmap()
{
    QImage image = blankImage();
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x1a, 0x7f, 0x37));
    p.drawEllipse(QRectF(1, 1, markerSize - 2, markerSize - 2));
    p.setPen(QPen(Qt::white, 1.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPolyline(QPolygonF({ QPointF(4.2, 7.2), QPointF(6.2, 9.2), QPointF(9.8, 5.2) }));
    p.end();
    return QPixmap::fromImage(image);
}
