#include "LintFindingsView.h"

#include "MigrationEditor.h"
#include "ScintillaSend.h"

#include <Qsci/qsciscintilla.h>

#include <QBoxLayout>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QListWidget>
#include <QPushButton>
#include <QStringList>
#include <QToolTip>

#include <algorithm>

LintFindingsView::LintFindingsView(QsciScintilla *editor, QWidget *owner)
    : QObject(owner)
    , m_editor(editor)
{
    // One line per finding; activating one jumps to it.
    m_list = new QListWidget(owner);
    m_list->setObjectName(QStringLiteral("lintListWidget"));
    m_list->setMaximumHeight(owner->fontMetrics().height() * 6);
    m_list->hide();
    owner->layout()->addWidget(m_list);
    connect(m_list, &QListWidget::itemActivated, this,
        [this](QListWidgetItem *item) { Q_EMIT findingActivated(item->data(Qt::UserRole).toInt()); });
    // One click applies the selected finding's safe rewrite.
    m_fixButton = new QPushButton(owner);
    m_fixButton->setObjectName(QStringLiteral("lintFixButton"));
    m_fixButton->hide();
    owner->layout()->addWidget(m_fixButton);
    connect(m_list, &QListWidget::currentRowChanged, this, &LintFindingsView::updateFixButton);
    // Hovering a line (margin or text) shows its findings.
    sendScintilla(*editor, QsciScintillaBase::SCI_SETMOUSEDWELLTIME, 400);
    connect(editor, &QsciScintillaBase::SCN_DWELLSTART, this, [this](int, int x, int y) {
        const long position = sendScintilla(*m_editor, QsciScintillaBase::SCI_POSITIONFROMPOINT,
            static_cast<unsigned long>(std::max(x, 0)), y);
        const int line = int(sendScintilla(*m_editor, QsciScintillaBase::SCI_LINEFROMPOSITION,
                             static_cast<unsigned long>(std::max(position, 0L))))
            + 1;
        const QString tip = toolTip(line);
        if (!tip.isEmpty())
            QToolTip::showText(m_editor->viewport()->mapToGlobal(QPoint(x, y)), tip, m_editor);
    });
    connect(editor, &QsciScintillaBase::SCN_DWELLEND, this, [] { QToolTip::hideText(); });
}

QString LintFindingsView::toolTip(int line) const
{
    QStringList parts;
    for (const LintFinding &f : m_findings) {
        if (f.line == line)
            parts << QStringLiteral("<b>%1 [%2]</b> %3<br><i>%4</i>")
                         .arg(LintFinding::severityName(f.severity), f.ruleId, f.message.toHtmlEscaped(),
                             f.explanation.toHtmlEscaped());
    }
    return parts.join(QLatin1String("<hr>"));
}

void LintFindingsView::setFindings(
    const LintFindingList &findings, const std::optional<QByteArray> &lintedText)
{
    QsciScintilla *editor = m_editor;
    for (const int marker : { MigrationEditor::LintErrorMarker, MigrationEditor::LintWarningMarker,
             MigrationEditor::LintInfoMarker })
        editor->markerDeleteAll(marker);
    m_findings = findings;
    if (lintedText)
        m_lintedText = *lintedText;
    m_list->clear();
    for (const LintFinding &f : m_findings) {
        const int marker = f.severity == LintFinding::Severity::Error ? MigrationEditor::LintErrorMarker
            : f.severity == LintFinding::Severity::Warning            ? MigrationEditor::LintWarningMarker
                                                                      : MigrationEditor::LintInfoMarker;
        if (f.line > 0)
            editor->markerAdd(f.line - 1, marker);
        auto *item = new QListWidgetItem(QStringLiteral("%1:%2  %3 [%4] %5")
                                             .arg(f.line)
                                             .arg(f.column)
                                             .arg(LintFinding::severityName(f.severity), f.ruleId, f.message),
            m_list);
        item->setData(Qt::UserRole, f.line);
        item->setToolTip(f.explanation);
        if (!f.fixes.isEmpty())
            item->setText(item->text() + tr("  (fix available)"));
    }
    m_list->setVisible(!m_findings.isEmpty());
    // Select the first finding with a fix, so its button is one click away.
    for (qsizetype i = 0; i < m_findings.size(); ++i)
        if (!m_findings.at(i).fixes.isEmpty()) {
            m_list->setCurrentRow(int(i));
            break;
        }
    updateFixButton();
}

void LintFindingsView::updateFixButton()
{
    const int row = m_list->currentRow();
    const bool fixable = row >= 0 && row < m_findings.size() && !m_findings.at(row).fixes.isEmpty();
    if (fixable)
        m_fixButton->setText(tr("Fix: %1").arg(m_findings.at(row).fixes.first().title));
    m_fixButton->setVisible(fixable);
}

bool LintFindingsView::hasFix(int findingIndex, int fixIndex) const
{
    return findingIndex >= 0 && findingIndex < m_findings.size() && fixIndex >= 0
        && fixIndex < m_findings.at(findingIndex).fixes.size();
}

bool LintFindingsView::isCurrent() const
{
    // A buffer changed since (or with line endings the parser normalized)
    // would be cut in the wrong place.
    return m_editor->text().toUtf8() == m_lintedText;
}

Status LintFindingsView::applyFix(int findingIndex, int fixIndex, const QString &filePath)
{
    const LintFix fix = m_findings.at(findingIndex).fixes.at(fixIndex);
    QsciScintilla *editor = m_editor;
    // The new migration first: if it cannot be written, the buffer stays as it was.
    if (!fix.newFileName.isEmpty()) {
        const QString path = QFileInfo(filePath).dir().filePath(fix.newFileName);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            return StrataError::make(StrataError::Kind::Io,
                file.exists()
                    ? tr("%1 already exists; the fix would need its place.")
                          .arg(QDir::toNativeSeparators(path))
                    : tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()),
                path);
        }
        if (file.write(fix.newFileText) != fix.newFileText.size() || !file.flush()) {
            const QString message
                = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
            file.remove();
            return StrataError::make(StrataError::Kind::Io, message, path);
        }
        file.close();
        Q_EMIT migrationFileCreated(path);
    }
    const int firstLine = editor->firstVisibleLine();
    editor->beginUndoAction();
    editor->selectAll();
    editor->replaceSelectedText(QString::fromUtf8(fix.apply(m_lintedText)));
    editor->endUndoAction();
    editor->setFirstVisibleLine(firstLine);
    return Ok {};
}
