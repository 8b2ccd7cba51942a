#include "MigrationEditor.h"

#include "typeorm/TypeOrmMigrationReader.h"

#include <Qsci/qscilexerjavascript.h>
#include <Qsci/qsciscintilla.h>

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFrame>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

namespace {

// Line 3 is the CREATE TABLE, line 8 the down marker, line 9 the DROP.
const QByteArray usersMigration = "-- Users of the app.\n"
                                  "-- migrate:up\n"
                                  "CREATE TABLE users (\n"
                                  "    id bigint PRIMARY KEY,\n"
                                  "    email text NOT NULL\n"
                                  ");\n"
                                  "\n"
                                  "-- migrate:down\n"
                                  "DROP TABLE users;\n";

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool hasMarker(const MigrationEditor &editor, int oneBasedLine, MigrationEditor::Marker marker)
{
    return editor.textEdit()->markersAtLine(oneBasedLine - 1) & (1u << marker);
}

QList<int> linesWithMarker(const MigrationEditor &editor, MigrationEditor::Marker marker)
{
    QList<int> lines;
    for (int line = 0; line < editor.textEdit()->lines(); ++line) {
        if (editor.textEdit()->markersAtLine(line) & (1u << marker))
            lines.append(line + 1);
    }
    return lines;
}

bool hasIndicatorAt(const MigrationEditor &editor, int oneBasedLine, int oneBasedColumn)
{
    const QsciScintilla *text = editor.textEdit();
    const long position = text->positionFromLineIndex(oneBasedLine - 1, oneBasedColumn - 1);
    return text->SendScintilla(QsciScintillaBase::SCI_INDICATORALLONFOR, static_cast<unsigned long>(position))
        != 0;
}

// Answers the modal QMessageBox that the code under test is about to show,
// polling because exec() only shows it after this returns.
void answerMessageBox(QMessageBox::StandardButton answer, QString *objectName, int attemptsLeft = 300)
{
    QTimer::singleShot(10, qApp, [=] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box) {
            if (attemptsLeft > 0)
                answerMessageBox(answer, objectName, attemptsLeft - 1);
            return;
        }
        *objectName = box->objectName();
        box->button(answer)->click();
    });
}

class MigrationEditorTest : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }

    QString write(const QByteArray &content, const char *fileName = "1700000000000-CreateUsers.sql")
    {
        const QString path = m_dir.filePath(QString::fromLatin1(fileName));
        QFile file(path);
        EXPECT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(content);
        return path;
    }

    QTemporaryDir m_dir;
};

TEST_F(MigrationEditorTest, ShowsTheWholeFile)
{
    const QString path = write(usersMigration);
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(path)) << qPrintable(editor.errorString());
    EXPECT_EQ(editor.filePath(), path);
    EXPECT_EQ(editor.text().toUtf8(), usersMigration);
    EXPECT_FALSE(editor.isModified());
    EXPECT_TRUE(editor.problems().isEmpty());
}

TEST_F(MigrationEditorTest, MarksTheTwoSectionLines)
{
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(write(usersMigration)));
    EXPECT_EQ(linesWithMarker(editor, MigrationEditor::UpSectionMarker), QList<int>({ 2 }));
    EXPECT_EQ(linesWithMarker(editor, MigrationEditor::DownSectionMarker), QList<int>({ 8 }));
    EXPECT_EQ(linesWithMarker(editor, MigrationEditor::SectionLineMarker), QList<int>({ 2, 8 }));
}

TEST_F(MigrationEditorTest, SavesTheEditExactlyAndClearsModified)
{
    const QString path = write(usersMigration);
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(path));
    QSignalSpy modified(&editor, &MigrationEditor::modificationChanged);
    QSignalSpy saved(&editor, &MigrationEditor::saved);

    editor.textEdit()->insertAt(QStringLiteral("    name text,\n"), 4, 0);
    EXPECT_TRUE(editor.isModified());
    ASSERT_EQ(modified.size(), 1);
    EXPECT_TRUE(modified.at(0).at(0).toBool());

    ASSERT_TRUE(editor.save()) << qPrintable(editor.errorString());
    EXPECT_FALSE(editor.isModified());
    ASSERT_EQ(modified.size(), 2);
    EXPECT_FALSE(modified.at(1).at(0).toBool());
    ASSERT_EQ(saved.size(), 1);
    EXPECT_EQ(saved.at(0).at(0).toString(), path);

    QByteArray expected = usersMigration;
    expected.insert(expected.indexOf("    email"), "    name text,\n");
    EXPECT_EQ(readFile(path), expected);
}

TEST_F(MigrationEditorTest, CtrlSSaves)
{
    const QString path = write(usersMigration);
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(path));
    editor.show();
    editor.activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&editor));
    editor.textEdit()->setFocus();
    editor.textEdit()->setCursorPosition(8, 0);
    QTest::keyClicks(editor.textEdit(), QStringLiteral("-- bye"));
    QTest::keyClick(editor.textEdit(), Qt::Key_Return);
    ASSERT_TRUE(editor.isModified());

    QSignalSpy saved(&editor, &MigrationEditor::saved);
    QTest::keyClick(editor.textEdit(), Qt::Key_S, Qt::ControlModifier);
    EXPECT_EQ(saved.size(), 1);
    EXPECT_FALSE(editor.isModified());
    QByteArray expected = usersMigration;
    expected.insert(expected.indexOf("DROP"), "-- bye\n");
    EXPECT_EQ(readFile(path), expected);
    EXPECT_TRUE(editor.saveAction()->shortcut().matches(QKeySequence::Save));
}

TEST_F(MigrationEditorTest, ReadsCrlfAsLfWithoutCallingItAnEdit)
{
    QByteArray crlf = usersMigration;
    crlf.replace("\n", "\r\n");
    const QString path = write(crlf);
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(path));
    EXPECT_EQ(editor.text().toUtf8(), usersMigration);
    EXPECT_FALSE(editor.isModified());
    ASSERT_TRUE(editor.save());
    EXPECT_EQ(readFile(path), usersMigration);
}

TEST_F(MigrationEditorTest, RefusesAFileThatIsNotUtf8AndKeepsTheBuffer)
{
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(write(usersMigration)));
    const QString latin1 = write("-- migrate:up\nSELECT 'caf\xe9';\n", "1700000000001-Latin1.sql");
    EXPECT_FALSE(editor.openFile(latin1));
    EXPECT_TRUE(editor.errorString().contains(QLatin1String("UTF-8")));
    EXPECT_EQ(editor.text().toUtf8(), usersMigration);
}

TEST_F(MigrationEditorTest, MarksASyntaxErrorAfterTheTypingPauseAndClearsItWhenFixed)
{
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(write(usersMigration)));
    QSignalSpy changed(&editor, &MigrationEditor::problemsChanged);
    QsciScintilla *text = editor.textEdit();

    // CREATE -> CREAT on line 3.
    text->setCursorPosition(2, 5);
    QTest::keyClick(text, Qt::Key_Delete);
    ASSERT_EQ(text->text(2), QStringLiteral("CREAT TABLE users (\n"));
    EXPECT_TRUE(editor.problems().isEmpty()) << "the check waits for a pause in typing";

    ASSERT_TRUE(changed.wait(MigrationEditor::checkDelayMs * 10));
    ASSERT_EQ(editor.problems().size(), 1);
    const StrataError problem = editor.problems().first();
    EXPECT_EQ(problem.kind, StrataError::Kind::Syntax);
    EXPECT_EQ(problem.line, 3);
    EXPECT_EQ(problem.column, 1);
    EXPECT_TRUE(problem.message.contains(QLatin1String("\"CREAT\""))) << qPrintable(problem.message);
    EXPECT_EQ(linesWithMarker(editor, MigrationEditor::ProblemMarker), QList<int>({ 3 }));
    EXPECT_TRUE(hasIndicatorAt(editor, 3, 1));
    EXPECT_TRUE(hasIndicatorAt(editor, 3, 5));
    EXPECT_FALSE(hasIndicatorAt(editor, 3, 7)) << "only the token is underlined";
    EXPECT_TRUE(text->annotation(2).contains(QLatin1String("syntax error")));

    QTest::keyClicks(text, QStringLiteral("E"));
    ASSERT_TRUE(changed.wait(MigrationEditor::checkDelayMs * 10));
    EXPECT_TRUE(editor.problems().isEmpty());
    EXPECT_TRUE(linesWithMarker(editor, MigrationEditor::ProblemMarker).isEmpty());
    EXPECT_FALSE(hasIndicatorAt(editor, 3, 1));
    EXPECT_TRUE(text->annotation(2).isEmpty());
}

TEST_F(MigrationEditorTest, MapsADownSectionErrorToItsFileLine)
{
    QByteArray content = usersMigration;
    content.replace("DROP TABLE users;", "DROP TABEL users;");
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(write(content)));
    ASSERT_EQ(editor.problems().size(), 1);
    EXPECT_EQ(editor.problems().first().line, 9);
    EXPECT_EQ(editor.problems().first().column, 6);
    EXPECT_TRUE(hasMarker(editor, 9, MigrationEditor::ProblemMarker));
    EXPECT_TRUE(hasIndicatorAt(editor, 9, 6));
}

TEST_F(MigrationEditorTest, ShowsAnUnfinishedStatementOnItsLastToken)
{
    // The parser reports "at end of input", past the blank line, on the down
    // marker; the editor points at the last token instead.
    const QByteArray content
        = "-- migrate:up\nCREATE TABLE users (\n    id bigint\n\n-- migrate:down\nDROP TABLE users;\n";
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(write(content)));
    ASSERT_EQ(editor.problems().size(), 1);
    EXPECT_TRUE(editor.problems().first().message.contains(QLatin1String("end of input")));
    EXPECT_EQ(editor.problems().first().line, 3);
    EXPECT_EQ(editor.problems().first().column, 8);
    EXPECT_EQ(linesWithMarker(editor, MigrationEditor::ProblemMarker), QList<int>({ 3 }));
}

TEST_F(MigrationEditorTest, FlagsWhatTheRunnerRefusesInATransaction)
{
    const QByteArray concurrently = "-- migrate:up\n"
                                    "CREATE INDEX CONCURRENTLY users_email ON users (email);\n"
                                    "-- migrate:down\n"
                                    "DROP INDEX users_email;\n";
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(write(concurrently)));
    ASSERT_EQ(editor.problems().size(), 1);
    const StrataError problem = editor.problems().first();
    EXPECT_EQ(problem.line, 2);
    EXPECT_TRUE(problem.message.contains(QLatin1String("CREATE INDEX CONCURRENTLY")))
        << qPrintable(problem.message);
    EXPECT_TRUE(hasMarker(editor, 2, MigrationEditor::ProblemMarker));
    EXPECT_TRUE(editor.textEdit()->annotation(1).contains(QLatin1String("transaction:false")))
        << "the runner's hint is shown";

    QByteArray outside = concurrently;
    outside.replace("-- migrate:up\n", "-- migrate:up transaction:false\n");
    ASSERT_TRUE(editor.openFile(write(outside)));
    EXPECT_TRUE(editor.problems().isEmpty());
}

TEST_F(MigrationEditorTest, ReportsSqlOutsideTheSectionsOnItsLine)
{
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(write("CREATE TABLE users (id int);\n")));
    ASSERT_EQ(editor.problems().size(), 1);
    EXPECT_EQ(editor.problems().first().kind, StrataError::Kind::Source);
    EXPECT_EQ(editor.problems().first().line, 1);
    EXPECT_TRUE(hasMarker(editor, 1, MigrationEditor::ProblemMarker));
}

TEST_F(MigrationEditorTest, MarkRunErrorAnnotatesTheLineAndMovesTheCursor)
{
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(write(usersMigration)));
    StrataError error
        = StrataError::make(StrataError::Kind::Sql, QStringLiteral("column \"nope\" does not exist"));
    error.line = 5;
    error.column = 5;
    error.sqlState = QStringLiteral("42703");
    error.hint = QStringLiteral("Perhaps you meant to reference the column \"users.email\".");
    editor.markRunError(error);

    EXPECT_TRUE(hasMarker(editor, 5, MigrationEditor::RunErrorMarker));
    EXPECT_TRUE(hasMarker(editor, 5, MigrationEditor::RunErrorLineMarker));
    const QString annotation = editor.textEdit()->annotation(4);
    EXPECT_TRUE(annotation.contains(QLatin1String("column \"nope\" does not exist (SQLSTATE 42703)")))
        << qPrintable(annotation);
    EXPECT_TRUE(annotation.contains(QLatin1String("HINT: Perhaps")));
    int line = -1;
    int index = -1;
    editor.textEdit()->getCursorPosition(&line, &index);
    EXPECT_EQ(line, 4);
    EXPECT_EQ(index, 4);
    EXPECT_TRUE(hasIndicatorAt(editor, 5, 5));
    ASSERT_TRUE(editor.runError().has_value());

    // The mark follows its line when lines are added above it.
    editor.textEdit()->insertAt(QStringLiteral("-- a note\n"), 0, 0);
    editor.checkNow();
    EXPECT_TRUE(hasMarker(editor, 6, MigrationEditor::RunErrorMarker));
    EXPECT_TRUE(editor.textEdit()->annotation(5).contains(QLatin1String("SQLSTATE 42703")));
    EXPECT_TRUE(editor.textEdit()->annotation(4).isEmpty());

    editor.clearRunError();
    EXPECT_FALSE(editor.runError().has_value());
    EXPECT_TRUE(linesWithMarker(editor, MigrationEditor::RunErrorMarker).isEmpty());
    EXPECT_TRUE(editor.textEdit()->annotation(5).isEmpty());
}

TEST_F(MigrationEditorTest, MaybeSaveDoesNotAskWithoutChanges)
{
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(write(usersMigration)));
    EXPECT_TRUE(editor.maybeSave(nullptr));
}

TEST_F(MigrationEditorTest, MaybeSaveCancelKeepsTheEdit)
{
    const QString path = write(usersMigration);
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(path));
    editor.textEdit()->insertAt(QStringLiteral("-- edited\n"), 0, 0);

    QString shown;
    answerMessageBox(QMessageBox::Cancel, &shown);
    EXPECT_FALSE(editor.maybeSave(&editor));
    EXPECT_EQ(shown, QStringLiteral("unsavedChangesMessageBox"));
    EXPECT_TRUE(editor.isModified());
    EXPECT_TRUE(editor.text().startsWith(QLatin1String("-- edited\n")));
    EXPECT_EQ(readFile(path), usersMigration);
}

TEST_F(MigrationEditorTest, MaybeSaveDiscardDropsTheEdit)
{
    const QString path = write(usersMigration);
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(path));
    editor.textEdit()->insertAt(QStringLiteral("-- edited\n"), 0, 0);

    QString shown;
    answerMessageBox(QMessageBox::Discard, &shown);
    EXPECT_TRUE(editor.maybeSave(&editor));
    EXPECT_EQ(shown, QStringLiteral("unsavedChangesMessageBox"));
    EXPECT_FALSE(editor.isModified());
    EXPECT_EQ(editor.text().toUtf8(), usersMigration);
    EXPECT_EQ(readFile(path), usersMigration);
}

TEST_F(MigrationEditorTest, MaybeSaveSaveWritesTheFile)
{
    const QString path = write(usersMigration);
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(path));
    editor.textEdit()->insertAt(QStringLiteral("-- edited\n"), 0, 0);

    QString shown;
    answerMessageBox(QMessageBox::Save, &shown);
    EXPECT_TRUE(editor.maybeSave(&editor));
    EXPECT_FALSE(editor.isModified());
    EXPECT_EQ(readFile(path), "-- edited\n" + usersMigration);
}

TEST_F(MigrationEditorTest, AppliedBannerShowsAndStrengthensOnceModified)
{
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(write(usersMigration)));
    auto *banner = editor.findChild<QFrame *>(QStringLiteral("appliedBannerFrame"));
    auto *label = editor.findChild<QLabel *>(QStringLiteral("appliedBannerLabel"));
    auto *revert = editor.findChild<QPushButton *>(QStringLiteral("revertButton"));
    ASSERT_NE(banner, nullptr);
    ASSERT_NE(label, nullptr);
    ASSERT_NE(revert, nullptr);
    EXPECT_FALSE(banner->isVisibleTo(&editor));

    editor.setAppliedWarning(true);
    EXPECT_TRUE(editor.appliedWarning());
    EXPECT_TRUE(banner->isVisibleTo(&editor));
    EXPECT_TRUE(label->text().contains(QLatin1String("new migration")));
    EXPECT_FALSE(revert->isVisibleTo(&editor));

    editor.textEdit()->insertAt(QStringLiteral("-- edited\n"), 0, 0);
    EXPECT_TRUE(label->text().contains(QLatin1String("You are editing a migration that is already applied")));
    EXPECT_TRUE(revert->isVisibleTo(&editor));

    revert->click();
    EXPECT_FALSE(editor.isModified());
    EXPECT_EQ(editor.text().toUtf8(), usersMigration);
    EXPECT_FALSE(revert->isVisibleTo(&editor));
    EXPECT_TRUE(banner->isVisibleTo(&editor));

    editor.setAppliedWarning(false);
    EXPECT_FALSE(banner->isVisibleTo(&editor));
}

// Renders the editor with a failed run for the docs. Set
// STRATA_EDITOR_SCREENSHOT to a .png path to keep the picture.
TEST_F(MigrationEditorTest, RendersARunError)
{
    const QByteArray content
        = "-- Orders placed through the storefront. Old orders are archived in the same\n"
          "-- migration so the status check below holds for every row.\n"
          "-- migrate:up\n"
          "CREATE TABLE orders (\n"
          "    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
          "    customer_id bigint NOT NULL REFERENCES customers (id),\n"
          "    status      text NOT NULL DEFAULT 'pending',\n"
          "    placed_at   timestamptz NOT NULL DEFAULT now()\n"
          ");\n"
          "\n"
          "CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n"
          "\n"
          "UPDATE orders SET status = 'archived'\n"
          " WHERE nope < now() - interval '1 year';\n"
          "\n"
          "-- migrate:down\n"
          "DROP TABLE orders;\n";
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(write(content, "1765670400000-CreateOrders.sql")));
    EXPECT_TRUE(editor.problems().isEmpty());
    editor.resize(860, 540);
    editor.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&editor));

    StrataError error
        = StrataError::make(StrataError::Kind::Sql, QStringLiteral("column \"nope\" does not exist"));
    error.sqlState = QStringLiteral("42703");
    error.line = 14;
    error.column = 8;
    editor.markRunError(error);
    QTest::qWait(50);

    const QImage image = editor.grab().toImage();
    ASSERT_FALSE(image.isNull());
    if (const QString path = qEnvironmentVariable("STRATA_EDITOR_SCREENSHOT"); !path.isEmpty()) {
        EXPECT_TRUE(image.save(path)) << qPrintable(path);
    }
}

// TypeORM migrations (.ts): TypeScript with the SQL of query(...) painted as
// SQL, checked by the TypeORM reader, every position the .ts file's.
QString generatedMigration(const char *name)
{
    return QString::fromUtf8(readFile(
        QStringLiteral(STRATA_SOURCE_DIR "/tests/typeorm/compat/v0.3/migrations/") + QLatin1String(name)));
}

// 1-based line and column of `needle` in `text`.
std::pair<int, int> lineColumnOf(const QString &text, const QString &needle)
{
    const qsizetype at = text.indexOf(needle);
    EXPECT_GE(at, 0) << qPrintable(needle);
    const int line = int(text.left(at).count(QLatin1Char('\n'))) + 1;
    const qsizetype lineStart = text.lastIndexOf(QLatin1Char('\n'), at - 1) + 1;
    return { line, int(at - lineStart) + 1 };
}

bool paintedAt(const MigrationEditor &editor, MigrationEditor::SqlPaint paint, int line, int column)
{
    const QsciScintilla *text = editor.textEdit();
    const long position = text->positionFromLineIndex(line - 1, column - 1);
    return text->SendScintilla(QsciScintillaBase::SCI_INDICATORVALUEAT,
               static_cast<unsigned long>(editor.sqlIndicator(paint)), position)
        != 0;
}

int styleAt(const MigrationEditor &editor, int line, int column)
{
    QsciScintilla *text = editor.textEdit();
    text->SendScintilla(QsciScintillaBase::SCI_COLOURISE, 0UL, -1L);
    const long position = text->positionFromLineIndex(line - 1, column - 1);
    return int(text->SendScintilla(QsciScintillaBase::SCI_GETSTYLEAT, static_cast<unsigned long>(position)));
}

TEST_F(MigrationEditorTest, AGeneratedTypeOrmMigrationIsTypeScriptWithItsSqlAndStatements)
{
    const QString source = generatedMigration("1795676712362-Initial.ts");
    const QString path = write(source.toUtf8(), "1795676712362-Initial.ts");
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(path)) << qPrintable(editor.errorString());
    EXPECT_TRUE(editor.isTypeOrmFile());
    EXPECT_TRUE(editor.problems().isEmpty()) << qPrintable(editor.problems().value(0).toString());
    EXPECT_NE(qobject_cast<QsciLexerJavaScript *>(editor.textEdit()->lexer()), nullptr);

    // TypeScript's words by the lexer, the SQL by the SQL paint.
    const auto [awaitLine, awaitColumn] = lineColumnOf(source, QStringLiteral("await queryRunner"));
    EXPECT_EQ(styleAt(editor, awaitLine, awaitColumn), int(QsciLexerCPP::Keyword));
    EXPECT_FALSE(paintedAt(editor, MigrationEditor::SqlPaint::Keyword, awaitLine, awaitColumn));
    EXPECT_EQ(styleAt(editor, awaitLine, awaitColumn + 24), int(QsciLexerCPP::RawString)); // the backtick
    const auto [createLine, createColumn] = lineColumnOf(source, QStringLiteral("CREATE TABLE \"posts\""));
    EXPECT_TRUE(paintedAt(editor, MigrationEditor::SqlPaint::Keyword, createLine, createColumn));
    EXPECT_TRUE(paintedAt(editor, MigrationEditor::SqlPaint::Literal, createLine, createColumn));
    EXPECT_TRUE(paintedAt(editor, MigrationEditor::SqlPaint::Identifier, createLine, createColumn + 13));
    const auto [typeLine, typeColumn] = lineColumnOf(source, QStringLiteral("uuid NOT NULL"));
    EXPECT_TRUE(paintedAt(editor, MigrationEditor::SqlPaint::Type, typeLine, typeColumn));

    // The list under the editor: what the file runs, up then down, in order.
    const Result<TypeOrmMigrationFile> read = TypeOrmMigrationReader::parse(source, path);
    ASSERT_TRUE(read.ok());
    QListWidget *list = editor.statementList();
    EXPECT_TRUE(list->isVisibleTo(&editor));
    ASSERT_EQ(list->count(), read->up.size() + read->down.size());
    for (int i = 0; i < list->count(); ++i) {
        const bool up = i < read->up.size();
        const TypeOrmQuery &q = up ? read->up.at(i) : read->down.at(i - read->up.size());
        const QString text = list->item(i)->text();
        const QString prefix = QStringLiteral("%1 %2  ")
                                   .arg(up ? QStringLiteral("up") : QStringLiteral("down"))
                                   .arg(up ? i + 1 : i - read->up.size() + 1);
        EXPECT_TRUE(text.startsWith(prefix)) << qPrintable(text);
        EXPECT_TRUE(text.contains(q.sql.simplified().left(60))) << qPrintable(text);
        // Each statement is at its string in the file.
        const auto [line, column] = lineColumnOf(source, q.sql.trimmed().left(60));
        EXPECT_EQ(list->item(i)->data(Qt::UserRole).toInt(), line);
        EXPECT_EQ(list->item(i)->data(Qt::UserRole + 1).toInt(), column);
    }
    // up() and down() carry the section markers.
    EXPECT_EQ(linesWithMarker(editor, MigrationEditor::UpSectionMarker),
        QList<int>({ lineColumnOf(source, QStringLiteral("up(queryRunner")).first }));
    EXPECT_EQ(linesWithMarker(editor, MigrationEditor::DownSectionMarker),
        QList<int>({ lineColumnOf(source, QStringLiteral("down(queryRunner")).first }));

    // A .sql file opened next is SQL again.
    ASSERT_TRUE(editor.openFile(write(usersMigration)));
    EXPECT_FALSE(editor.isTypeOrmFile());
    EXPECT_EQ(qobject_cast<QsciLexerJavaScript *>(editor.textEdit()->lexer()), nullptr);
    EXPECT_FALSE(editor.statementList()->isVisibleTo(&editor));
}

TEST_F(MigrationEditorTest, ASyntaxErrorInAQueryStringIsMarkedAtItsTsLineAndColumn)
{
    QString source = generatedMigration("1795676812812-AddUserProfile.ts");
    source.replace(QStringLiteral("ADD \"display_name\""), QStringLiteral("ADDD \"display_name\""));
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(write(source.toUtf8(), "1795676812812-AddUserProfile.ts")));
    ASSERT_EQ(editor.problems().size(), 1) << qPrintable(editor.problems().value(1).toString());
    const StrataError &problem = editor.problems().constFirst();
    EXPECT_EQ(problem.kind, StrataError::Kind::Syntax) << qPrintable(problem.toString());
    const auto [line, column] = lineColumnOf(source, QStringLiteral("ADDD"));
    EXPECT_EQ(problem.line, line);
    EXPECT_EQ(problem.column, column);
    EXPECT_TRUE(hasMarker(editor, line, MigrationEditor::ProblemMarker));
    EXPECT_TRUE(hasIndicatorAt(editor, line, column));
    EXPECT_EQ(linesWithMarker(editor, MigrationEditor::ProblemMarker), QList<int>({ line }));
    // The list still shows what the file would run, each statement at its SQL.
    ASSERT_EQ(editor.statementList()->count(), 6);
    const auto [sqlLine, sqlColumn] = lineColumnOf(source, QStringLiteral("ALTER TABLE \"users\" ADDD"));
    EXPECT_EQ(editor.statementList()->item(1)->data(Qt::UserRole).toInt(), sqlLine);
    EXPECT_EQ(editor.statementList()->item(1)->data(Qt::UserRole + 1).toInt(), sqlColumn);

    // Fixed in the buffer: the live check clears it.
    const auto [fixLine, fixColumn] = lineColumnOf(editor.text(), QStringLiteral("ADDD"));
    editor.textEdit()->setSelection(fixLine - 1, fixColumn - 1, fixLine - 1, fixColumn + 3);
    editor.textEdit()->replaceSelectedText(QStringLiteral("ADD"));
    editor.checkNow();
    EXPECT_TRUE(editor.problems().isEmpty()) << qPrintable(editor.problems().value(0).toString());
}

TEST_F(MigrationEditorTest, TypeOrmReaderProblemsAndLintFindingsAreAtTheirTsPositions)
{
    QString source = generatedMigration("1795676928246-AddTags.ts");
    const QString anchor = QStringLiteral("    public async up(queryRunner: QueryRunner): Promise<void> {\n");
    ASSERT_NE(source.indexOf(anchor), -1);
    source.replace(
        anchor, anchor + QStringLiteral("        await queryRunner.query(`DROP TABLE \"legacy\"`);\n"));
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(write(source.toUtf8(), "1795676928246-AddTags.ts")));
    EXPECT_TRUE(editor.problems().isEmpty()) << qPrintable(editor.problems().value(0).toString());
    const auto [line, column] = lineColumnOf(source, QStringLiteral("DROP TABLE \"legacy\""));
    bool found = false;
    for (const LintFinding &f : editor.lintFindings()) {
        if (f.ruleId != QLatin1String("drop-table"))
            continue;
        found = true;
        EXPECT_EQ(f.line, line);
        EXPECT_EQ(f.column, column);
    }
    EXPECT_TRUE(found);
    EXPECT_NE(editor.textEdit()->markersAtLine(line - 1)
            & (1u << MigrationEditor::LintErrorMarker | 1u << MigrationEditor::LintWarningMarker),
        0u);

    // What the reader cannot know statically is a problem at its place.
    const QString computed = QStringLiteral("        await queryRunner.query(`DROP TABLE ${name}`);\n");
    editor.textEdit()->insertAt(computed, line, 0);
    editor.checkNow();
    ASSERT_FALSE(editor.problems().isEmpty());
    EXPECT_EQ(editor.problems().constFirst().line, line + 1)
        << qPrintable(editor.problems().constFirst().toString());
    EXPECT_FALSE(editor.problems().constFirst().message.contains(QLatin1String("migrate:up")));
}

TEST_F(MigrationEditorTest, CompiledJavaScriptWithASchemaBuilderCall)
{
    const QString source = QString::fromUtf8(
        readFile(QStringLiteral(STRATA_SOURCE_DIR "/tests/typeorm/samples/compiled-es2021.js")));
    ASSERT_FALSE(source.isEmpty());
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(write(source.toUtf8(), "1795677368889-AddUsers.js")));
    EXPECT_TRUE(editor.isTypeOrmFile());
    EXPECT_TRUE(editor.problems().isEmpty()) << qPrintable(editor.problems().value(0).toString());
    QListWidget *list = editor.statementList();
    ASSERT_EQ(list->count(), 3);
    // The SQL createIndex(...) stands for is listed at the call, which is not painted as SQL.
    const auto [callLine, callColumn] = lineColumnOf(source, QStringLiteral("queryRunner.createIndex"));
    EXPECT_TRUE(list->item(1)->text().startsWith(
        QStringLiteral("up 2  %1:%2  CREATE UNIQUE INDEX").arg(callLine).arg(callColumn)))
        << qPrintable(list->item(1)->text());
    EXPECT_FALSE(paintedAt(editor, MigrationEditor::SqlPaint::Literal, callLine, callColumn));
    const auto [createLine, createColumn] = lineColumnOf(source, QStringLiteral("CREATE TABLE"));
    EXPECT_TRUE(paintedAt(editor, MigrationEditor::SqlPaint::Keyword, createLine, createColumn));
}

// Renders a TypeORM migration with a typo in a query string, for the README.
// Saved as typeorm-editor.png when STRATA_SCREENSHOT_DIR is set.
TEST_F(MigrationEditorTest, RendersATypeOrmMigration)
{
    QString source = generatedMigration("1795676812812-AddUserProfile.ts");
    source.replace(QStringLiteral("ADD \"display_name\""), QStringLiteral("ADDD \"display_name\""));
    MigrationEditor editor;
    ASSERT_TRUE(editor.openFile(write(source.toUtf8(), "1795676812812-AddUserProfile.ts")));
    editor.resize(1100, 620);
    editor.show();
    QTest::qWait(50);
    const QImage image = editor.grab().toImage();
    ASSERT_FALSE(image.isNull());
    if (const QString dir = qEnvironmentVariable("STRATA_SCREENSHOT_DIR"); !dir.isEmpty()) {
        EXPECT_TRUE(image.save(QDir(dir).filePath(QStringLiteral("typeorm-editor.png"))));
    }
}

} // namespace

TEST_F(MigrationEditorTest, OneClickAppliesALintFixAsOneUndoStepAndWritesTheSplitMigration)
{
    const QByteArray text = "-- migrate:up\n"
                            "ALTER TABLE users ADD COLUMN nickname text;\n"
                            "CREATE INDEX users_email ON users (email);\n"
                            "\n"
                            "-- migrate:down\n"
                            "SELECT 1;\n";
    MigrationEditor editor;
    editor.show();
    ASSERT_TRUE(editor.openFile(write(text, "1700000000000-IndexEmail.sql")));
    QPushButton *fix = editor.lintFixButton();
    ASSERT_NE(fix, nullptr);
    // The first finding with a fix is selected and its button says what it does.
    editor.lintList()->setCurrentRow(-1);
    int indexFinding = -1;
    for (qsizetype i = 0; i < editor.lintFindings().size(); ++i)
        if (editor.lintFindings().at(i).ruleId == QLatin1String("index-not-concurrent"))
            indexFinding = int(i);
    ASSERT_GE(indexFinding, 0);
    EXPECT_FALSE(fix->isVisible());
    editor.lintList()->setCurrentRow(indexFinding);
    ASSERT_TRUE(fix->isVisible());
    EXPECT_TRUE(fix->text().contains(QLatin1String("CONCURRENTLY"))) << qPrintable(fix->text());

    QSignalSpy created(&editor, &MigrationEditor::migrationFileCreated);
    QTest::mouseClick(fix, Qt::LeftButton);
    ASSERT_EQ(created.count(), 1);
    const QString newFile = m_dir.filePath(QStringLiteral("1700000000001-IndexEmailConcurrently.sql"));
    EXPECT_EQ(created.at(0).at(0).toString(), newFile);
    EXPECT_TRUE(
        readFile(newFile).contains("-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY users_email"));
    EXPECT_FALSE(editor.text().contains(QLatin1String("CREATE INDEX")));
    EXPECT_TRUE(editor.text().contains(QLatin1String("ADD COLUMN nickname")));
    EXPECT_TRUE(editor.isModified()); // the edit waits for Save, like any other
    EXPECT_EQ(readFile(m_dir.filePath(QStringLiteral("1700000000000-IndexEmail.sql"))), text);

    editor.textEdit()->undo();
    EXPECT_EQ(editor.text().toUtf8(), text);

    // The same fix again would need the file it already wrote: refused, buffer kept.
    editor.checkNow();
    for (qsizetype i = 0; i < editor.lintFindings().size(); ++i)
        if (editor.lintFindings().at(i).ruleId == QLatin1String("index-not-concurrent"))
            indexFinding = int(i);
    EXPECT_FALSE(editor.applyLintFix(indexFinding));
    EXPECT_TRUE(editor.errorString().contains(QLatin1String("already exists")))
        << qPrintable(editor.errorString());
    EXPECT_EQ(editor.text().toUtf8(), text);
}
