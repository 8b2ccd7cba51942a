#pragma once

#include "TypeOrmMigrationFile.h"
#include "common/StrataError.h"

#include <QHash>
#include <QList>
#include <QString>

// Converts TypeORM migrations into Strata's native `<timestamp>-<Name>.sql`
// files (same timestamp and name, so the history rows match) and reports what
// could not be converted and why.
class TypeOrmImporter
{
public:
    struct Entry
    {
        QString source; // the TypeORM file
        QString target; // the written .sql file (empty when not converted)
        QString historyName;
        bool converted = false;
        QList<TypeOrmProblem> problems; // why it was not converted
    };

    struct Report
    {
        QList<Entry> entries;
        TypeOrmVersion version = TypeOrmVersion::V0_3;
        int convertedCount() const;
        int failedCount() const;
    };

    // The native file text: `-- migrate:up [transaction:false]`, the up
    // statements each ending in `;`, `-- migrate:down`, the down statements.
    // Fails when the migration is not importable().
    // With `origins`, also where each run of the text comes from in the
    // migration's source (UTF-16 indexes, see TypeOrmQuery::origins), for
    // SourceMap::fromUtf16.
    static Result<QString> toStrataSql(
        const TypeOrmMigrationFile &migration, QList<SourceMap::Segment> *origins = nullptr);
    // Appends one query as a statement of such a text with its origins: when
    // `trim`, as the native file has it (trimmed, ending in one `;`), else the
    // SQL as it is and `;`; then a line break.
    static void appendStatement(
        QString *text, QList<SourceMap::Segment> *origins, const TypeOrmQuery &query, bool trim);
    // `<timestamp>-<Name>.sql`, or an error when the name does not fit Strata's
    // file name rules.
    static Result<QString> strataFileName(const TypeOrmMigrationFile &migration);

    // Every `*.ts` / `*.js` migration in sourceDir (not `.d.ts`, not maps) into
    // targetDir. Existing targets are refused unless overwrite. The error result
    // is for the folders themselves (missing, unreadable); per-file failures are
    // in the report.
    // `recorded`: what TypeORM itself issued for some files (TypeOrmShadowReader),
    // by absolute path, used for the files the static reader cannot read exactly.
    static Result<Report> importFolder(const QString &sourceDir, const QString &targetDir, bool overwrite,
        TypeOrmVersion version = TypeOrmVersion::V0_3,
        const QHash<QString, TypeOrmMigrationFile> &recorded = {});

    // Which TypeORM the project uses, for the schema API translation: the
    // installed node_modules/typeorm/package.json, else the typeorm dependency
    // of the nearest package.json, looking from sourceDir upwards. `from` says
    // which file and version it read; empty when none was found (0.3 then).
    struct VersionGuess
    {
        TypeOrmVersion version = TypeOrmVersion::V0_3;
        QString from;
    };
    static VersionGuess detectVersion(const QString &sourceDir);
    static QString versionName(TypeOrmVersion version); // "0.3" or "1"
};
