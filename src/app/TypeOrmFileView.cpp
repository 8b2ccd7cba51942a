#include "TypeOrmFileView.h"

#include "MigrationEditor.h"
#include "PgSqlLexer.h"
#include "ScintillaSend.h"
#include "common/TextPosition.h"
#include "runner/MigrationCheck.h"
#include "sql/SqlScript.h"
#include "typeorm/TypeOrmImporter.h"
#include "typeorm/TypeOrmMigrationReader.h"
#include "typeorm/TypeOrmMigrationSource.h"

#include <Qsci/qsciscintilla.h>

#include <QBoxLayout>
#include <QColor>
#include <QFileInfo>
#include <QListWidget>
#include <QSet>

#include <algorithm>

namespace {

QSet<QString> wordSet(const char *words)
{
    QSet<QString> set;
    for (const QString &w : QString::fromLatin1(words).split(QLatin1Char(' '), Qt::SkipEmptyParts))
        set.insert(w);
    return set;
}

struct SqlSpan
{
    qsizetype begin = 0;
    qsizetype end = 0;
    TypeOrmFileView::SqlPaint paint = TypeOrmFileView::SqlPaint::Keyword;
};

// The words of a statement as the SQL lexer colours a .sql file: keywords and
// type names (PgSqlLexer's lists), quoted identifiers, strings (also
// $tag$...$tag$), numbers and comments. For painting only; what the SQL means
// is always PostgreSQL's parser's business.
QList<SqlSpan> scanSql(const QString &sql, const QSet<QString> &keywords, const QSet<QString> &types)
{
    using Paint = TypeOrmFileView::SqlPaint;
    QList<SqlSpan> spans;
    const qsizetype n = sql.size();
    qsizetype i = 0;
    auto at = [&](qsizetype k) { return k < n ? sql.at(k) : QChar(); };
    while (i < n) {
        const QChar c = sql.at(i);
        const qsizetype start = i;
        if (c == QLatin1Char('-') && at(i + 1) == QLatin1Char('-')) {
            while (i < n && sql.at(i) != QLatin1Char('\n'))
                ++i;
            spans.append({ start, i, Paint::Comment });
        } else if (c == QLatin1Char('/') && at(i + 1) == QLatin1Char('*')) {
            const qsizetype close = sql.indexOf(QLatin1String("*/"), i + 2);
            i = close < 0 ? n : close + 2;
            spans.append({ start, i, Paint::Comment });
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            ++i;
            while (i < n) {
                if (sql.at(i) == c) {
                    if (at(i + 1) == c) { // '' and "" stand for one quote
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                ++i;
            }
            spans.append({ start, i, c == QLatin1Char('"') ? Paint::Identifier : Paint::String });
        } else if (c == QLatin1Char('$') && (at(i + 1) == QLatin1Char('$') || at(i + 1).isLetter())) {
            qsizetype tagEnd = i + 1;
            while (tagEnd < n && (sql.at(tagEnd).isLetterOrNumber() || sql.at(tagEnd) == QLatin1Char('_')))
                ++tagEnd;
            if (at(tagEnd) != QLatin1Char('$')) {
                i = tagEnd;
                continue;
            }
            const QString tag = sql.mid(i, tagEnd - i + 1);
            const qsizetype close = sql.indexOf(tag, tagEnd + 1);
            i = close < 0 ? n : close + tag.size();
            spans.append({ start, i, Paint::String });
        } else if (c.isDigit()) {
            while (i < n && (sql.at(i).isLetterOrNumber() || sql.at(i) == QLatin1Char('.')))
                ++i;
            spans.append({ start, i, Paint::Number });
        } else if (c.isLetter() || c == QLatin1Char('_')) {
            while (i < n
                && (sql.at(i).isLetterOrNumber() || sql.at(i) == QLatin1Char('_')
                    || sql.at(i) == QLatin1Char('$')))
                ++i;
            const QString word = sql.mid(start, i - start).toLower();
            if (keywords.contains(word))
                spans.append({ start, i, Paint::Keyword });
            else if (types.contains(word))
                spans.append({ start, i, Paint::Type });
        } else {
            ++i;
        }
    }
    return spans;
}

} // namespace

TypeOrmFileView::TypeOrmFileView(QsciScintilla *editor, const PgSqlLexer *sqlLexer, QWidget *owner)
    : QObject(owner)
    , m_editor(editor)
    , m_sqlLexer(sqlLexer)
{
    // The SQL inside a TypeORM file's query(...) strings, in the colours
    // PgSqlLexer gives a .sql file, on a faint tint that marks the SQL.
    const int literal = editor->indicatorDefine(QsciScintilla::FullBoxIndicator);
    editor->setIndicatorForegroundColor(QColor(0x54, 0xae, 0xff, 28), literal);
    editor->setIndicatorOutlineColor(QColor(0x54, 0xae, 0xff, 0), literal);
    editor->setIndicatorDrawUnder(true, literal);
    m_sqlIndicators.append(literal);
    for (const QColor &colour :
        { QColor(0x00, 0x33, 0xb3), QColor(0x7a, 0x3e, 0x9d), QColor(0x87, 0x10, 0x94),
            QColor(0x06, 0x7d, 0x17), QColor(0x17, 0x50, 0xeb), QColor(0x6a, 0x73, 0x7d) }) {
        const int indicator = editor->indicatorDefine(QsciScintilla::TextColorIndicator);
        editor->setIndicatorForegroundColor(colour, indicator);
        m_sqlIndicators.append(indicator);
    }

    // The statements the file runs; activating one jumps to it.
    m_statementList = new QListWidget(owner);
    m_statementList->setObjectName(QStringLiteral("statementListWidget"));
    m_statementList->setMaximumHeight(owner->fontMetrics().height() * 8);
    m_statementList->hide();
    owner->layout()->addWidget(m_statementList);
    connect(m_statementList, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        Q_EMIT statementActivated(item->data(Qt::UserRole).toInt(), item->data(Qt::UserRole + 1).toInt());
    });
}

bool TypeOrmFileView::isTypeOrmPath(const QString &path)
{
    return (path.endsWith(QLatin1String(".ts")) && !path.endsWith(QLatin1String(".d.ts")))
        || path.endsWith(QLatin1String(".js"));
}

void TypeOrmFileView::open(const QString &filePath)
{
    m_filePath = filePath;
    m_active = isTypeOrmPath(filePath);
    m_file.reset();
    m_migration.reset();
    if (m_active)
        m_version = TypeOrmImporter::detectVersion(QFileInfo(filePath).absolutePath()).version;
}

// The live check of a TypeORM file: the reader the runner uses, on the buffer;
// then the statements it found, each parsed by PostgreSQL's grammar. Every
// position is the .ts file's (the migration's source map).
void TypeOrmFileView::check(QList<StrataError> *problems)
{
    m_file.reset();
    m_migration.reset();
    const Result<TypeOrmMigrationFile> read
        = TypeOrmMigrationReader::parse(m_editor->text(), m_filePath, m_version);
    if (!read) {
        problems->append(read.error());
        return;
    }
    m_file = *read;
    for (const TypeOrmProblem &p : read->problems) {
        StrataError e = StrataError::make(StrataError::Kind::Source, p.message, m_filePath);
        e.line = p.line;
        e.column = p.column;
        problems->append(e);
    }
    const Result<Migration> migration = TypeOrmMigrationSource::toMigration(*read);
    if (!migration) {
        if (read->problems.isEmpty())
            problems->append(migration.error());
    } else {
        m_migration = *migration;
        // A refusal the reader did not report itself (parameters, a marker line).
        if (read->problems.isEmpty() && !migration->refusal.isEmpty()) {
            StrataError e = StrataError::make(StrataError::Kind::Source, migration->refusal, m_filePath);
            e.line = migration->refusalLine;
            e.column = migration->refusalColumn;
            problems->append(e);
        }
        problems->append(MigrationCheck::sections(*migration, m_filePath));
    }
    std::stable_sort(problems->begin(), problems->end(),
        [](const StrataError &a, const StrataError &b) { return a.line < b.line; });
}

// The up() and down() lines carry the section markers a .sql file has on its
// `-- migrate:` lines.
void TypeOrmFileView::markSections()
{
    if (!m_active || !m_file)
        return;
    QsciScintilla *editor = m_editor;
    const QList<qsizetype> positions = TextPosition::utf8Offsets(m_file->source);
    for (const auto &[offset, up] :
        { std::pair { m_file->upOffset, true }, std::pair { m_file->downOffset, false } }) {
        if (offset < 0 || offset >= positions.size())
            continue;
        const int line = int(sendScintilla(*editor, QsciScintillaBase::SCI_LINEFROMPOSITION,
            static_cast<unsigned long>(positions.at(offset))));
        editor->markerAdd(line, up ? MigrationEditor::UpSectionMarker : MigrationEditor::DownSectionMarker);
    }
}

void TypeOrmFileView::paintSql()
{
    QsciScintilla *editor = m_editor;
    const long length = sendScintilla(*editor, QsciScintillaBase::SCI_GETLENGTH);
    // While the file cannot be read (a string being typed), the last paint
    // stays: Scintilla moves it with the text.
    if (m_active && !m_file)
        return;
    for (const int indicator : std::as_const(m_sqlIndicators)) {
        sendScintilla(
            *editor, QsciScintillaBase::SCI_SETINDICATORCURRENT, static_cast<unsigned long>(indicator));
        sendScintilla(*editor, QsciScintillaBase::SCI_INDICATORCLEARRANGE, 0, length);
    }
    if (!m_active)
        return;
    static const QSet<QString> keywords = wordSet(m_sqlLexer->keywords(1));
    static const QSet<QString> types = wordSet(m_sqlLexer->keywords(5));
    const QString &source = m_file->source;
    const QList<qsizetype> positions = TextPosition::utf8Offsets(source);
    for (const QList<TypeOrmQuery> *queries : { &m_file->up, &m_file->down }) {
        for (const TypeOrmQuery &q : *queries) {
            const QList<SourceMap::Segment> &origins = q.origins;
            // SQL a schema-builder call stands for has no string to paint.
            if (origins.isEmpty() || (origins.size() == 1 && !origins.constFirst().linear))
                continue;
            // Fills the source of q.sql's characters [from, to) with an indicator.
            auto fill = [&](int indicator, qsizetype from, qsizetype to) {
                sendScintilla(*editor, QsciScintillaBase::SCI_SETINDICATORCURRENT,
                    static_cast<unsigned long>(indicator));
                for (qsizetype k = 0; k < origins.size(); ++k) {
                    const SourceMap::Segment &o = origins.at(k);
                    const qsizetype segmentEnd
                        = k + 1 < origins.size() ? origins.at(k + 1).synthesized : q.sql.size();
                    const qsizetype lo = std::max(from, o.synthesized);
                    const qsizetype hi = std::min(to, segmentEnd);
                    if (lo >= hi)
                        continue;
                    qsizetype begin = o.original;
                    qsizetype end = o.original + 1;
                    if (o.linear) {
                        begin = o.original + (lo - o.synthesized);
                        end = o.original + (hi - o.synthesized);
                    } else if (k + 1 < origins.size() && origins.at(k + 1).original > o.original) {
                        end = std::min(origins.at(k + 1).original, o.original + 12); // the escape sequence
                    }
                    begin = std::clamp(begin, qsizetype(0), source.size());
                    end = std::clamp(end, begin, source.size());
                    sendScintilla(*editor, QsciScintillaBase::SCI_INDICATORFILLRANGE,
                        static_cast<unsigned long>(positions.at(begin)),
                        long(positions.at(end) - positions.at(begin)));
                }
            };
            fill(sqlIndicator(SqlPaint::Literal), 0, q.sql.size());
            for (const SqlSpan &span : scanSql(q.sql, keywords, types))
                fill(sqlIndicator(span.paint), span.begin, span.end);
        }
    }
}

void TypeOrmFileView::updateStatementList()
{
    m_statementList->clear();
    if (!m_active) {
        m_statementList->hide();
        return;
    }
    auto add = [this](const QString &section, int index, int line, int column, const QString &sql) {
        QString text = sql.simplified();
        if (text.size() > 160)
            text = text.left(157) + QStringLiteral("...");
        auto *item = new QListWidgetItem(
            QStringLiteral("%1 %2  %3:%4  %5").arg(section).arg(index).arg(line).arg(column).arg(text),
            m_statementList);
        item->setData(Qt::UserRole, line);
        item->setData(Qt::UserRole + 1, column);
        item->setToolTip(sql.trimmed());
    };
    if (m_migration && m_file) {
        const Migration &m = *m_migration;
        for (const bool up : { true, false }) {
            const MigrationSection &section = up ? m.up : m.down;
            const QString name = up ? QStringLiteral("up") : QStringLiteral("down");
            const Result<QList<SqlStatement>> statements
                = SqlScript::parse(section.sql, m.text, section.fileOffset, m.filePath, m.sourceMap);
            if (statements) {
                int index = 0;
                for (const SqlStatement &st : *statements)
                    add(name, ++index, st.line, st.column, QString::fromUtf8(st.text));
                continue;
            }
            // The SQL does not parse (the error is marked): list the queries
            // as TypeORM sends them, each at the start of its SQL.
            const QByteArray source = m_file->source.toUtf8();
            const QList<qsizetype> positions = TextPosition::utf8Offsets(m_file->source);
            int index = 0;
            for (const TypeOrmQuery &q : up ? m_file->up : m_file->down) {
                qsizetype first = 0;
                while (first < q.sql.size() && q.sql.at(first).isSpace())
                    ++first;
                TextPosition at { q.line, q.column };
                for (const SourceMap::Segment &o : q.origins) {
                    if (o.synthesized > first)
                        break;
                    const qsizetype original = o.linear ? o.original + (first - o.synthesized) : o.original;
                    at = TextPosition::fromByteOffset(
                        source, positions.at(std::clamp(original, qsizetype(0), positions.size() - 1)));
                }
                add(name, ++index, at.line, at.column, q.sql);
            }
        }
    }
    m_statementList->setVisible(true);
}

void TypeOrmFileView::showReading()
{
    markSections();
    paintSql();
    updateStatementList();
}
