#include "MigrationEditor.h"

#include "EditorMarks.h"
#include "LintFindingsView.h"
#include "PgSqlLexer.h"
#include "ScintillaSend.h"
#include "TypeScriptLexer.h"
#include "lint/MigrationLinter.h"
#include "migration/MigrationFileParser.h"
#include "runner/MigrationCheck.h"

#include "ui_MigrationEditor.h"

#include <Qsci/qsciscintilla.h>

#include <QAction>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QIcon>
#include <QListWidget>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QStyle>
#include <QTimer>

#include <algorithm>

Q_LOGGING_CATEGORY(lcEditor, "strata.editor", QtWarningMsg)

namespace {

constexpr int lineNumberMargin = 0;
constexpr int foldMargin = 2;

bool sameProblems(const QList<StrataError> &a, const QList<StrataError> &b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const StrataError &x, const StrataError &y) {
        return x.kind == y.kind && x.line == y.line && x.column == y.column && x.message == y.message
            && x.hint == y.hint;
    });
}

// Checks the text the way `strata-cli up` would before it runs anything: the
// file format, then each section (MigrationCheck, as `validate` does).
QList<StrataError> checkMigration(const QString &filePath, const QByteArray &text)
{
    QList<StrataError> problems;
    // The parser stops at a bad file name; the SQL of a file being renamed
    // still deserves a check, so the name is checked apart.
    QString parsePath = filePath;
    Migration named;
    QString reason;
    if (!MigrationFileParser::parseFileName(QFileInfo(filePath).fileName(), &named, &reason)) {
        problems.append(StrataError::make(StrataError::Kind::Source, reason, filePath));
        parsePath = QFileInfo(filePath).dir().filePath(QStringLiteral("0000000000001-Migration.sql"));
    }
    const Result<Migration> parsed = MigrationFileParser::parse(parsePath, text);
    if (!parsed) {
        StrataError e = parsed.error();
        e.file = filePath;
        problems.append(e);
        return problems;
    }
    problems.append(MigrationCheck::sections(*parsed, filePath));
    std::stable_sort(problems.begin(), problems.end(),
        [](const StrataError &a, const StrataError &b) { return a.line < b.line; });
    return problems;
}

} // namespace

MigrationEditor::MigrationEditor(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::MigrationEditor>())
{
    m_ui->setupUi(this);
    setUpEditor();
    m_marks = std::make_unique<EditorMarks>(m_ui->sqlEditor);
    // TypeORM files: the statements the file runs; activating one jumps to it.
    m_typeOrmView = new TypeOrmFileView(m_ui->sqlEditor, m_lexer, this);
    connect(m_typeOrmView, &TypeOrmFileView::statementActivated, this,
        [this](int line, int column) { showLine(line - 1, std::max(column - 1, 0)); });
    // The lint panel: one line per finding; activating one jumps to it.
    m_lint = new LintFindingsView(m_ui->sqlEditor, this);
    connect(m_lint, &LintFindingsView::findingActivated, this, [this](int line) { showLine(line - 1, 0); });
    connect(m_lint, &LintFindingsView::migrationFileCreated, this, &MigrationEditor::migrationFileCreated);
    connect(m_lint->fixButton(), &QPushButton::clicked, this, [this] {
        if (!applyLintFix(m_lint->list()->currentRow()))
            QMessageBox::warning(this, tr("Lint fix"), m_errorString);
    });

    m_checkTimer = new QTimer(this);
    m_checkTimer->setObjectName(QStringLiteral("checkTimer"));
    m_checkTimer->setSingleShot(true);
    m_checkTimer->setInterval(checkDelayMs);
    connect(m_checkTimer, &QTimer::timeout, this, &MigrationEditor::runCheck);

    m_saveAction = new QAction(tr("&Save Migration"), this);
    m_saveAction->setObjectName(QStringLiteral("saveAction"));
    m_saveAction->setShortcut(QKeySequence::Save);
    // Only while the editor has focus, so it never competes with a window-wide
    // Ctrl+S the main window may define.
    m_saveAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_saveAction->setEnabled(false);
    addAction(m_saveAction);
    connect(m_saveAction, &QAction::triggered, this, [this] {
        if (!save())
            QMessageBox::warning(this, tr("Save Failed"), m_errorString);
    });

    QsciScintilla *editor = m_ui->sqlEditor;
    connect(editor, &QsciScintilla::textChanged, m_checkTimer, qOverload<>(&QTimer::start));
    connect(editor, &QsciScintilla::modificationChanged, this, &MigrationEditor::handleModificationChanged);
    connect(editor, &QsciScintilla::cursorPositionChanged, this, &MigrationEditor::updateCursorPosition);
    connect(editor, &QsciScintilla::linesChanged, this, &MigrationEditor::updateLineNumberWidth);
    connect(m_ui->problemLabel, &QLabel::linkActivated, this, &MigrationEditor::jumpToFirstProblem);
    connect(m_ui->revertButton, &QPushButton::clicked, this, &MigrationEditor::revert);
    m_ui->problemLabel->installEventFilter(this);

    const QIcon warning(QStringLiteral(":/icons/warning.svg"));
    m_ui->appliedBannerIconLabel->setPixmap(
        (warning.isNull() ? style()->standardIcon(QStyle::SP_MessageBoxWarning) : warning).pixmap(20, 20));
    m_ui->statusFrame->setStyleSheet(
        QStringLiteral("QFrame#statusFrame { background: #f6f8fa; border-top: 1px solid #d8dee4; }"
                       "QLabel { color: #57606a; }"));
    m_ui->appliedBannerFrame->hide();
    m_ui->revertButton->hide();
    updateCursorPosition(0, 0);
    updateStatus();
}

MigrationEditor::~MigrationEditor() = default;

void MigrationEditor::setUpEditor()
{
    QsciScintilla *editor = m_ui->sqlEditor;
    editor->setUtf8(true);
    editor->setEolMode(QsciScintilla::EolUnix);
    editor->setFrameShape(QFrame::NoFrame);

    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setPointSizeF(std::max(font.pointSizeF(), 10.0));
    m_lexer = new PgSqlLexer(this);
    m_lexer->setEditorFont(font);
    m_tsLexer = new TypeScriptLexer(this);
    m_tsLexer->setEditorFont(font);
    editor->setLexer(m_lexer);

    editor->setIndentationsUseTabs(false);
    editor->setIndentationWidth(4);
    editor->setTabWidth(4);
    editor->setAutoIndent(true);
    editor->setBraceMatching(QsciScintilla::SloppyBraceMatch);
    editor->setMatchedBraceBackgroundColor(QColor(0xdd, 0xe8, 0xf6));
    editor->setCaretLineVisible(true);
    // Translucent, so the section and run-error line tints show through it.
    editor->setCaretLineBackgroundColor(QColor(0x1f, 0x6f, 0xeb, 18));
    editor->setCaretForegroundColor(QColor(0x1f, 0x23, 0x28));
    editor->setSelectionBackgroundColor(QColor(0xc8, 0xdd, 0xf8));
    editor->setScrollWidth(1);
    editor->setScrollWidthTracking(true);

    QFont marginFont = font;
    marginFont.setPointSizeF(font.pointSizeF() - 1);
    editor->setMarginsFont(marginFont);
    editor->setMarginsBackgroundColor(QColor(0xf6, 0xf8, 0xfa));
    editor->setMarginsForegroundColor(QColor(0x8c, 0x95, 0x9f));
    editor->setMarginType(lineNumberMargin, QsciScintilla::NumberMargin);
    editor->setMarginLineNumbers(lineNumberMargin, true);
    // Margin 1, the symbol margin, is EditorMarks'.
    editor->setFolding(QsciScintilla::BoxedTreeFoldStyle, foldMargin);
    editor->setFoldMarginColors(QColor(0xf6, 0xf8, 0xfa), QColor(0xf6, 0xf8, 0xfa));
    sendScintilla(*editor, QsciScintillaBase::SCI_SETMARGINLEFT, 0, 4);
    updateLineNumberWidth();
}

void MigrationEditor::setLintContext(const LintContext &context)
{
    m_lintContext = context;
    updateLint();
}

const LintFindingList &MigrationEditor::lintFindings() const
{
    return m_lint->findings();
}

QListWidget *MigrationEditor::lintList() const
{
    return m_lint->list();
}

QPushButton *MigrationEditor::lintFixButton() const
{
    return m_lint->fixButton();
}

QString MigrationEditor::lintToolTip(int line) const
{
    return m_lint->toolTip(line);
}

void MigrationEditor::updateLint()
{
    LintFindingList findings;
    std::optional<QByteArray> lintedText;
    // Lint only what parses: a syntax error is already marked, and findings on
    // half-typed SQL would be noise.
    if (!m_filePath.isEmpty() && m_problems.isEmpty()) {
        if (isTypeOrmFile()) {
            // Findings come out at the .ts positions (the migration's source map).
            if (m_typeOrmView->migration())
                findings = MigrationLinter::lint(*m_typeOrmView->migration(), m_lintContext);
        } else {
            Result<Migration> migration
                = MigrationFileParser::parse(m_filePath, m_ui->sqlEditor->text().toUtf8());
            if (migration) {
                findings = MigrationLinter::lint(*migration, m_lintContext);
                lintedText = migration->text;
            }
        }
    }
    m_lint->setFindings(findings, lintedText);
}

bool MigrationEditor::applyLintFix(int findingIndex, int fixIndex)
{
    if (!m_lint->hasFix(findingIndex, fixIndex)) {
        m_errorString = tr("That finding has no fix.");
        return false;
    }
    // The offsets are into the text that was linted.
    if (!m_lint->isCurrent()) {
        m_errorString = tr("The text changed since it was checked; try the fix again.");
        updateLint();
        return false;
    }
    const Status applied = m_lint->applyFix(findingIndex, fixIndex, m_filePath);
    if (!applied) {
        m_errorString = applied.error().message;
        return false;
    }
    return true;
}

bool MigrationEditor::isTypeOrmFile() const
{
    return m_typeOrmView->isActive();
}

QListWidget *MigrationEditor::statementList() const
{
    return m_typeOrmView->statementList();
}

int MigrationEditor::sqlIndicator(SqlPaint paint) const
{
    return m_typeOrmView->sqlIndicator(paint);
}

QsciScintilla *MigrationEditor::textEdit() const
{
    return m_ui->sqlEditor;
}

bool MigrationEditor::isModified() const
{
    return m_ui->sqlEditor->isModified();
}

QString MigrationEditor::text() const
{
    return m_ui->sqlEditor->text();
}

bool MigrationEditor::openFile(const QString &filePath)
{
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly)) {
        m_errorString = tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(filePath), file.errorString());
        return false;
    }
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        m_errorString = tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(filePath), file.errorString());
        return false;
    }
    // Refused rather than shown with replacement characters, which a save
    // would then write back over the original bytes.
    if (!QByteArrayView(bytes).isValidUtf8() || bytes.contains('\0')) {
        m_errorString = tr("%1 is not UTF-8 text; Strata reads and writes migrations as UTF-8.")
                            .arg(QDir::toNativeSeparators(filePath));
        return false;
    }
    m_errorString.clear();
    m_filePath = QFileInfo(filePath).absoluteFilePath();
    const bool wasTypeOrm = isTypeOrmFile();
    m_typeOrmView->open(m_filePath);
    if (isTypeOrmFile() != wasTypeOrm || m_ui->sqlEditor->lexer() == nullptr) {
        m_ui->sqlEditor->setLexer(isTypeOrmFile() ? static_cast<QsciLexer *>(m_tsLexer) : m_lexer);
        // Template literals (`...`, what TypeORM generates) as strings over
        // several lines: Scintilla's C-family lexer calls them back-quoted.
        if (isTypeOrmFile())
            m_ui->sqlEditor->SendScintilla(
                QsciScintillaBase::SCI_SETPROPERTY, "lexer.cpp.backquoted.strings", "1");
    }
    m_marks->clearRunError();
    m_applied = false;
    m_savedText = MigrationFileParser::normalizeLineEndings(bytes);
    loadText(m_savedText);
    m_ui->sqlEditor->setCursorPosition(0, 0);
    m_saveAction->setEnabled(true);
    qCDebug(lcEditor) << "opened" << m_filePath;
    m_checkTimer->stop();
    runCheck();
    updateBanner();
    return true;
}

void MigrationEditor::loadText(const QByteArray &text)
{
    QsciScintilla *editor = m_ui->sqlEditor;
    editor->setText(QString::fromUtf8(text));
    editor->setModified(false);
}

bool MigrationEditor::save()
{
    if (m_filePath.isEmpty()) {
        m_errorString = tr("No migration file is open.");
        return false;
    }
    const QByteArray bytes = m_ui->sqlEditor->text().toUtf8();
    // QSaveFile writes a temporary file and renames it over the original, so
    // a crash or a full disk never leaves half a migration behind.
    QSaveFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        m_errorString
            = tr("Cannot save %1: %2").arg(QDir::toNativeSeparators(m_filePath), file.errorString());
        file.cancelWriting();
        qCWarning(lcEditor) << m_errorString;
        return false;
    }
    m_errorString.clear();
    m_savedText = bytes;
    m_ui->sqlEditor->setModified(false);
    qCDebug(lcEditor) << "saved" << m_filePath << bytes.size() << "bytes";
    Q_EMIT saved(m_filePath);
    return true;
}

bool MigrationEditor::maybeSave(QWidget *parent)
{
    if (!isModified())
        return true;
    QMessageBox box(parent ? parent : this);
    box.setObjectName(QStringLiteral("unsavedChangesMessageBox"));
    box.setIcon(QMessageBox::Warning);
    box.setWindowTitle(tr("Unsaved Changes"));
    box.setText(tr("Save the changes to %1?").arg(QFileInfo(m_filePath).fileName()));
    box.setInformativeText(m_applied
            ? tr("This migration is already applied on the connected database: saving the edit makes "
                 "it drift, and the change never runs there.")
            : tr("Your changes are lost if you don't save them."));
    box.setStandardButtons(QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    // Saving an applied migration is the wrong move, so Enter does not do it.
    box.setDefaultButton(m_applied ? QMessageBox::Cancel : QMessageBox::Save);
    box.setEscapeButton(QMessageBox::Cancel);
    switch (box.exec()) {
    case QMessageBox::Save:
        if (save())
            return true;
        QMessageBox::critical(parent ? parent : this, tr("Save Failed"), m_errorString);
        return false;
    case QMessageBox::Discard:
        revert();
        return true;
    default:
        return false;
    }
}

void MigrationEditor::revert()
{
    QsciScintilla *editor = m_ui->sqlEditor;
    if (!editor->isModified())
        return;
    int line = 0;
    int index = 0;
    editor->getCursorPosition(&line, &index);
    const int firstVisible = editor->firstVisibleLine();
    // setText() is one undoable step, so an unintended revert can be undone.
    loadText(m_savedText);
    editor->setCursorPosition(std::min(line, editor->lines() - 1), index);
    editor->setFirstVisibleLine(firstVisible);
    m_checkTimer->stop();
    runCheck();
}

void MigrationEditor::checkNow()
{
    m_checkTimer->stop();
    runCheck();
}

void MigrationEditor::runCheck()
{
    m_marks->markSectionLines();
    QList<StrataError> problems;
    if (!m_filePath.isEmpty() && isTypeOrmFile())
        m_typeOrmView->check(&problems);
    else if (!m_filePath.isEmpty())
        problems = checkMigration(m_filePath, m_ui->sqlEditor->text().toUtf8());
    // An error at the end of the input is drawn on the last token; report it
    // there too, so the list and the view agree.
    if (!isTypeOrmFile())
        m_marks->moveEndOfInputErrors(&problems);
    const bool changed = !sameProblems(problems, m_problems);
    m_problems = problems;
    updateLint();
    updateDecorations();
    updateStatus();
    m_typeOrmView->showReading();
    if (changed) {
        qCDebug(lcEditor) << m_filePath << m_problems.size() << "problems";
        Q_EMIT problemsChanged();
    }
}

void MigrationEditor::updateDecorations()
{
    m_marks->showProblems(m_problems);
}

void MigrationEditor::markRunError(const StrataError &error)
{
    const long position = m_marks->markRunError(error);
    updateDecorations();
    updateStatus();
    int line = 0;
    int index = 0;
    m_ui->sqlEditor->lineIndexFromPosition(int(position), &line, &index);
    showLine(line, error.column > 0 ? index : 0);
    m_ui->sqlEditor->setFocus();
}

void MigrationEditor::clearRunError()
{
    if (m_marks->clearRunError()) {
        updateDecorations();
        updateStatus();
    }
}

std::optional<StrataError> MigrationEditor::runError() const
{
    return m_marks->runError();
}

void MigrationEditor::showLine(int line, int index)
{
    QsciScintilla *editor = m_ui->sqlEditor;
    editor->ensureLineVisible(line);
    editor->setCursorPosition(line, index);
    // Put the line in the upper third, leaving room for its annotation below.
    const int onScreen = int(sendScintilla(*editor, QsciScintillaBase::SCI_LINESONSCREEN));
    const int first = editor->firstVisibleLine();
    if (line < first + 1 || line > first + std::max(onScreen - 6, 1))
        editor->setFirstVisibleLine(std::max(0, line - std::max(onScreen / 3, 1)));
}

void MigrationEditor::jumpToFirstProblem()
{
    const std::optional<StrataError> &runError = m_marks->runError();
    if (runError && m_marks->runErrorLine() >= 0) {
        showLine(m_marks->runErrorLine(), std::max(runError->column - 1, 0));
    } else if (!m_problems.isEmpty() && m_problems.first().line > 0) {
        showLine(m_problems.first().line - 1, std::max(m_problems.first().column - 1, 0));
    }
    m_ui->sqlEditor->setFocus();
}

void MigrationEditor::setAppliedWarning(bool applied)
{
    m_applied = applied;
    updateBanner();
}

void MigrationEditor::handleModificationChanged(bool modified)
{
    updateBanner();
    Q_EMIT modificationChanged(modified);
}

void MigrationEditor::updateBanner()
{
    m_ui->appliedBannerFrame->setVisible(m_applied);
    if (!m_applied)
        return;
    const bool modified = isModified();
    m_ui->revertButton->setVisible(modified);
    if (modified) {
        m_ui->appliedBannerLabel->setText(
            tr("<b>You are editing a migration that is already applied.</b> Saving changes its "
               "checksum, so the database reports drift, and the edit never runs there. Revert, then "
               "make the change in a new migration."));
        m_ui->appliedBannerFrame->setStyleSheet(
            QStringLiteral("QFrame#appliedBannerFrame { background: #fde2b0; border-left: 4px solid #d4880f;"
                           " border-bottom: 1px solid #d4880f; }"
                           "QLabel { color: #4a2c00; }"));
    } else {
        m_ui->appliedBannerLabel->setText(
            tr("<b>Applied</b> on the connected database. Leave this file as it is: an edit never "
               "runs there and shows as drift. Make schema changes in a new migration."));
        m_ui->appliedBannerFrame->setStyleSheet(
            QStringLiteral("QFrame#appliedBannerFrame { background: #fff4ce; border-left: 4px solid #e3a21a;"
                           " border-bottom: 1px solid #f0d48a; }"
                           "QLabel { color: #5c4300; }"));
    }
}

void MigrationEditor::updateStatus()
{
    m_statusLink.clear();
    m_statusMessage.clear();
    m_statusSuffix.clear();
    m_statusIsError = false;
    if (m_filePath.isEmpty()) {
        m_ui->problemIconLabel->clear();
    } else if (const std::optional<StrataError> &runError = m_marks->runError()) {
        const int line = m_marks->runErrorLine() >= 0 ? m_marks->runErrorLine() + 1 : runError->line;
        m_statusLink = line > 0 ? tr("Line %1").arg(line) : QString();
        m_statusMessage = EditorMarks::annotationHeadline(*runError, true);
        m_statusIsError = true;
    } else if (!m_problems.isEmpty()) {
        const StrataError &first = m_problems.first();
        if (first.line > 0)
            m_statusLink = first.column > 0 ? tr("Line %1, column %2").arg(first.line).arg(first.column)
                                            : tr("Line %1").arg(first.line);
        m_statusMessage = EditorMarks::displayMessage(first);
        if (m_problems.size() > 1)
            m_statusSuffix = tr(" (+%n more)", nullptr, int(m_problems.size() - 1));
        m_statusIsError = true;
    } else if (isTypeOrmFile()) {
        m_statusMessage
            = tr("No problems: Strata reads every statement, and PostgreSQL's parser accepts them");
    } else {
        m_statusMessage = tr("No problems: PostgreSQL's parser accepts both sections");
    }
    if (!m_filePath.isEmpty())
        m_ui->problemIconLabel->setPixmap(
            m_statusIsError ? EditorMarks::problemPixmap() : EditorMarks::okPixmap());
    renderStatus();
}

void MigrationEditor::renderStatus()
{
    // Rich text does not elide by itself: the message is cut to the label's
    // width here, and again whenever the label is resized.
    QLabel *label = m_ui->problemLabel;
    const QFontMetrics metrics(label->font());
    int available = label->contentsRect().width() - metrics.horizontalAdvance(m_statusSuffix);
    QString html;
    if (!m_statusLink.isEmpty()) {
        html = QStringLiteral("<a href=\"#problem\" style=\"color: #c5221f;\">%1</a>: ")
                   .arg(m_statusLink.toHtmlEscaped());
        available -= metrics.horizontalAdvance(m_statusLink + QStringLiteral(": "));
    }
    const QString message = metrics.elidedText(m_statusMessage, Qt::ElideRight, std::max(available, 0));
    const QString body = (message + m_statusSuffix).toHtmlEscaped();
    html += m_statusIsError ? QStringLiteral("<span style=\"color: #c5221f;\">%1</span>").arg(body) : body;
    label->setText(html);
    label->setToolTip(message == m_statusMessage ? QString() : m_statusMessage);
}

bool MigrationEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_ui->problemLabel && event->type() == QEvent::Resize)
        renderStatus();
    return QWidget::eventFilter(watched, event);
}

void MigrationEditor::updateLineNumberWidth()
{
    const int digits = int(QString::number(std::max(m_ui->sqlEditor->lines(), 1)).size());
    m_ui->sqlEditor->setMarginWidth(lineNumberMargin, QString(std::max(digits, 3) + 1, QLatin1Char('9')));
}

void MigrationEditor::updateCursorPosition(int line, int index)
{
    m_ui->cursorPositionLabel->setText(tr("Ln %1, Col %2").arg(line + 1).arg(index + 1));
}
