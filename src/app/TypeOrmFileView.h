#pragma once

#include "common/StrataError.h"
#include "migration/Migration.h"
#include "typeorm/TypeOrmMigrationFile.h"

#include <QList>
#include <QObject>
#include <QString>

#include <optional>

class PgSqlLexer;
class QListWidget;
class QWidget;
class QsciScintilla;

// What MigrationEditor shows of a TypeORM migration (.ts / .js): the live
// check by the reader the runner uses (TypeOrmMigrationReader, then each
// statement by PostgreSQL's grammar), the up() and down() lines marked as a
// .sql file's sections are, the SQL of its queryRunner.query(...) strings
// painted as SQL, and the list of the statements it runs. Every position is
// the .ts file's (the migration's source map). For any other file it shows
// nothing and clears what it painted.
class TypeOrmFileView : public QObject
{
    Q_OBJECT

public:
    // The indicators painting the SQL inside query(...) strings.
    enum class SqlPaint { Literal, Keyword, Type, Identifier, String, Number, Comment };

    // Defines the SQL paint indicators of `editor` and adds the statement
    // list at the end of `owner`'s layout. `sqlLexer` has the words painted
    // as keywords and type names; `editor` and `sqlLexer` outlive this.
    TypeOrmFileView(QsciScintilla *editor, const PgSqlLexer *sqlLexer, QWidget *owner);

    static bool isTypeOrmPath(const QString &path);

    // A file was opened: a TypeORM migration or not by its name. Forgets the
    // last reading and finds the TypeORM version of the file's project.
    void open(const QString &filePath);
    // The file open is a TypeORM migration.
    bool isActive() const { return m_active; }

    // Reads the buffer and appends what is wrong, sorted by line.
    void check(QList<StrataError> *problems);
    // Shows the last reading that succeeded: section markers, SQL paint and
    // statement list. While the buffer cannot be read, the paint stays.
    void showReading();

    // The statements of the last reading as Strata runs them.
    const std::optional<Migration> &migration() const { return m_migration; }
    // One row per statement the file runs, up then down, each
    // "up 1  7:33  CREATE TABLE ..." with its line in Qt::UserRole.
    QListWidget *statementList() const { return m_statementList; }
    int sqlIndicator(SqlPaint paint) const { return m_sqlIndicators.value(int(paint), -1); }

Q_SIGNALS:
    // A row of the statement list was activated; 1-based.
    void statementActivated(int line, int column);

private:
    void markSections();
    void paintSql();
    void updateStatementList();

    QsciScintilla *const m_editor;
    const PgSqlLexer *const m_sqlLexer;
    QListWidget *m_statementList = nullptr;
    QList<int> m_sqlIndicators; // by SqlPaint
    QString m_filePath;
    bool m_active = false;
    TypeOrmVersion m_version = TypeOrmVersion::V0_3;
    // The last reading of the buffer that succeeded, and its statements as Strata runs them.
    std::optional<TypeOrmMigrationFile> m_file;
    std::optional<Migration> m_migration;
};
