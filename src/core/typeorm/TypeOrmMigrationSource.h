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
    // One file the reader has read (from disk, or the editor's buffer) as a
    // Migration, with a source map from its composed SQL to the file's text.
    static Result<Migration> toMigration(const TypeOrmMigrationFile &file);
    // These files, as one folder of migrations (Project decides which files a
    // folder or project has).
    static Result<MigrationSource::Scan> scanFiles(const QStringList &files, const QString &directory);
};
