#pragma once

#include "common/SourceMap.h"

#include <QList>
#include <QString>
#include <QStringList>

// The TypeORM release whose PostgreSQL SQL the schema API translation matches.
// 0.3.x and 1.x write the same SQL for the supported calls except two things:
// 0.3 hashes percent-encoded text for constraint names (so CHK_ names and IDX_
// names with a WHERE differ) and 1.x writes `ON "t"  (cols)` with two blanks.
enum class TypeOrmVersion { V0_3, V1 };

// How a migration's statements were learnt: from its source text by
// TypeOrmMigrationReader, or by running it through the project's own TypeORM
// with TypeOrmNodeRecorder (parameters then inlined as literals).
enum class TypeOrmReadBy { Static, TypeOrm };

// One `queryRunner.query(...)` call of a TypeORM migration, or the SQL a
// QueryRunner schema call (createTable, addColumn ...) stands for.
struct TypeOrmQuery
{
    QString sql;
    // The source text of each element of the parameters array (the second
    // argument of query()), e.g. `'abc'`, `42`, `user.id`. Strata never binds
    // them: node-postgres sends them as untyped text parameters and a .sql
    // migration has none, so a migration with parameters is shown, not run.
    QStringList parameters;
    bool hasParameters = false;
    int line = 0; // 1-based position of the call in the source file
    int column = 0;
    qsizetype offset = 0; // UTF-16 index of the call in the source file
    // Where the runs of `sql` come from in the source file (UTF-16 indexes):
    // the pieces of the string literals, or the call for a schema-builder call.
    QList<SourceMap::Segment> origins;
};

// Something in a migration that cannot be read statically: a computed value, a
// schema API call or option the reader does not translate, a method other than
// up/down's queryRunner calls. Never guessed; the file is not importable.
struct TypeOrmProblem
{
    QString file;
    int line = 0;
    int column = 0;
    QString message;

    QString toString() const; // "file:line:column: message"
};

// What the reader learnt from one TypeORM migration file (.ts or compiled .js).
struct TypeOrmMigrationFile
{
    QString path;
    QString source; // the text read, which the queries' origins index
    qsizetype upOffset = -1; // UTF-16 index of the up() / down() method names, -1 when absent
    qsizetype downOffset = -1;
    QString className; // the JS class name, e.g. AddUsers1700000000000
    QString nameProperty; // the `name = '...'` property when present (TypeORM prefers it)
    qint64 timestamp = 0; // the last 13 digits of historyName(), as TypeORM reads them
    QString timestampDigits; // those 13 digits as written, zeros kept
    QString name; // historyName() without its 13 digits (MigrationName::stem)
    QList<TypeOrmQuery> up;
    QList<TypeOrmQuery> down;
    QList<TypeOrmProblem> problems; // the file cannot run at all
    // Problems inside down() only: the up is known and may run, the down
    // cannot (a static reading left untranslated, or TypeORM's own down() fails).
    QList<TypeOrmProblem> downProblems;
    bool transactionDisabled = false; // `transaction = false` (TypeORM 0.3)
    TypeOrmVersion typeOrmVersion = TypeOrmVersion::V0_3; // whose SQL the schema calls were translated to
    TypeOrmReadBy readBy = TypeOrmReadBy::Static;

    // The name TypeORM writes into its history table: the `name` property when
    // set, otherwise the class name.
    QString historyName() const { return nameProperty.isEmpty() ? className : nameProperty; }
    // No problems and no parameters: every statement is known exactly.
    bool importable() const;
};
