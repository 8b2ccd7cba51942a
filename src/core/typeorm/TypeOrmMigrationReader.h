#pragma once

#include "TypeOrmMigrationFile.h"
#include "common/StrataError.h"

// Reads a TypeORM migration file without running JavaScript: a small tokenizer
// (JsTokenizer) and a reader for the one shape TypeORM migrations have, a class
// with `up(queryRunner)` and `down(queryRunner)` whose bodies await
// `queryRunner.query(<static string>)` and QueryRunner schema calls. Handles the
// TypeScript source and what tsc emits for it (CommonJS, ES2017+ targets).
//
// The error result means the file could not be read or holds no migration
// class; anything inside the class that cannot be known statically is a
// TypeOrmProblem in the result instead, with its line and column.
class TypeOrmMigrationReader
{
public:
    static Result<TypeOrmMigrationFile> read(
        const QString &path, TypeOrmVersion version = TypeOrmVersion::V0_3);
    static Result<TypeOrmMigrationFile> parse(
        const QString &source, const QString &path, TypeOrmVersion version = TypeOrmVersion::V0_3);
};
