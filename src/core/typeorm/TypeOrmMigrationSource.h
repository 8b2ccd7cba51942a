#pragma once

#include "TypeOrmProject.h"
#include "migration/MigrationSource.h"

// The migrations of a TypeORM project as Strata's engine sees migrations: each
// `.ts` / `.js` file its data source's globs match, read by
// TypeOrmMigrationReader, becomes a Migration whose history name is TypeORM's
// (the `name` property or the class name), whose SQL is the queries of up()
// and down() one statement per query() call, and whose checksum is that of the
// native file `strata-cli import-typeorm` would write for it, so importing later
// is not an edit.
//
// A file that cannot be read exactly (parameters, computed SQL, a schema call
// that is not translated) is still listed, with Migration::refusal set to the
// reader's message, so status shows it and the runner refuses it. A file that
// is no migration at all is a scan problem, as a malformed .sql file is.
class TypeOrmMigrationSource
{
public:
    static Result<MigrationSource::Scan> scan(const TypeOrmProject &project);
    // What the app and the worker open: a Strata folder (it has .sql files) is
    // scanned as always; a TypeORM project folder (a data source, no .sql) by
    // its data source's globs; a folder of TypeORM .ts / .js migrations as they are.
    static Result<MigrationSource::Scan> scanFolder(const QString &folder);
    static bool isTypeOrmFolder(const QString &folder);
    // MigrationSource::createMigration, refused in a TypeORM folder: one .sql
    // file there makes every reader take it for a Strata folder (scanFolder) and
    // hides its TypeORM migrations. The error says what to do instead.
    static Result<QString> createSqlMigration(const QString &folder, const QString &name);
    // One file the reader has read (from disk, or the editor's buffer) as a
    // Migration, with a source map from its composed SQL to the file's text.
    static Result<Migration> toMigration(const TypeOrmMigrationFile &file);
    static Result<MigrationSource::Scan> scanFiles(const QStringList &files, const QString &directory);
};
