#pragma once

#include "Project.h"
#include "common/StrataError.h"
#include "db/ConnectionSettings.h"
#include "migration/MigrationSource.h"

#include "typeorm/TypeOrmMigrationFile.h"

#include <QHash>
#include <QStringList>

// The TypeORM migrations the static reader cannot know exactly (a data loop
// over an imported module, parameters, schema-builder calls that need the live
// table: dropColumn, renameColumn, changeColumn ...), read by asking the
// project's own TypeORM: TypeOrmNodeRecorder runs the whole chain through
// TypeORM's query runner in a shadow database that starts from the target's
// baseline (its extensions), and each such migration gets the statements
// TypeORM issued. Migrations the static reader reads exactly keep that reading
// (it is what a bare clone without Node sees too); every Migration says which
// way it was read.
//
// Without `node`, or without the `typeorm` package in the project, nothing
// changes and a note says why: those migrations stay listed and refused.
class TypeOrmShadowReader
{
public:
    struct Options
    {
        // Where the shadow is made and whose baseline it starts from (the
        // database the migrations are for); null: a local sandbox, no baseline.
        const ConnectionSettings *target = nullptr;
        QString nodePath; // empty: `node` on PATH
    };

    struct Reading
    {
        MigrationSource::Scan scan;
        QStringList notes; // for the user: what was read how, and why not
        int readByTypeOrm = 0;
        // Each migration read by TypeORM, by absolute file path (for import-typeorm).
        QHash<QString, TypeOrmMigrationFile> recordedFiles;
    };

    // `scan` is project.scan()'s result; returned as it is when every
    // migration is read exactly or the project is not TypeORM's. When TypeORM
    // cannot be asked (no node, no typeorm package, no shadow, TypeORM fails to
    // load the chain), the static reading is returned with a note saying why.
    static Result<Reading> read(const Project &project, MigrationSource::Scan scan, const Options &options);
    // The folder as Project::scanFolder() reads it, then read().
    static Result<Reading> readFolder(const QString &folder, const Options &options);

    // The folder Node resolves `typeorm` from for this project.
    static QString nodeProjectFolder(const Project &project);
};
