#pragma once

#include "TypeOrmMigrationFile.h"
#include "common/StrataError.h"

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
        int convertedCount() const;
        int failedCount() const;
    };

    // The native file text: `-- migrate:up [transaction:false]`, the up
    // statements each ending in `;`, `-- migrate:down`, the down statements.
    // Fails when the migration is not importable().
    static Result<QString> toStrataSql(const TypeOrmMigrationFile &migration);
    // `<timestamp>-<Name>.sql`, or an error when the name does not fit Strata's
    // file name rules.
    static Result<QString> strataFileName(const TypeOrmMigrationFile &migration);

    // Every `*.ts` / `*.js` migration in sourceDir (not `.d.ts`, not maps) into
    // targetDir. Existing targets are refused unless overwrite. The error result
    // is for the folders themselves (missing, unreadable); per-file failures are
    // in the report.
    static Result<Report> importFolder(const QString &sourceDir, const QString &targetDir, bool overwrite);
};
