#pragma once

#include "common/StrataError.h"
#include "history/HistoryTable.h"
#include "migration/MigrationSource.h"

#include <QProcessEnvironment>
#include <QString>

#include <memory>

class TypeOrmProject;

// What a folder of migrations is, decided in one place for the app, the CLI,
// the workers and the schema tools: a Strata folder (`<timestamp>-<Name>.sql`
// files), a folder of TypeORM migrations (`.ts` / `.js` files), or a TypeORM
// project (a data source whose globs say where its migrations are). It scans
// the migrations of whichever it is, and knows the history table and
// transaction mode the project itself declares.
//
// A folder with both .sql migrations and TypeORM migration files is refused
// with the files named: one kind would hide the other.
class Project
{
public:
    enum class Kind { Strata, TypeOrmFolder, TypeOrmProject };

    // Opens `folder` as what it holds. A folder that does not exist opens as an
    // empty Strata folder (scan() says it is missing; new creates it).
    static Result<Project> open(const QString &folder,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    // The TypeORM project in `projectFolder` (its data source); a non-empty
    // `migrationsFolder` replaces the data source's globs by that folder's files.
    static Result<Project> openTypeOrm(const QString &projectFolder, const QString &migrationsFolder = {},
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

    // Where the migrations of a folder a user points at are: the folder itself
    // when it holds migrations (.sql, TypeORM files or a data source), else its
    // `migrations` subfolder when there is one, else `fallback` (the folder
    // itself when empty).
    static QString locate(const QString &folder, const QString &fallback = {});

    // open(folder) then scan(): for callers that only need the migrations.
    static Result<MigrationSource::Scan> scanFolder(
        const QString &folder, MigrationSource::ScanDepth depth = MigrationSource::ScanDepth::Full);

    Kind kind() const { return m_kind; }
    bool isTypeOrm() const { return m_kind != Kind::Strata; }
    // "Strata migrations folder", "TypeORM migrations folder", "TypeORM project folder".
    QString kindName() const;
    QString folder() const { return m_folder; } // absolute: what was opened
    QString migrationsDirectory() const; // absolute: where the migration files are
    // The data source of a TypeORM project; null for the other kinds.
    const TypeOrmProject *typeOrm() const { return m_typeOrm.get(); }
    // The history table the project declares (TypeORM's migrationsTableName and
    // schema), else the default `migrations`.
    HistoryTable history() const;
    // TypeORM's migrationsTransactionMode "all": one transaction for the batch.
    bool batchTransaction() const;

    // `depth` matters to a Strata folder only: TypeORM files are always read.
    Result<MigrationSource::Scan> scan(
        MigrationSource::ScanDepth depth = MigrationSource::ScanDepth::Full) const;
    // A new `<now>-<Name>.sql` migration; refused in a TypeORM folder or
    // project, where one .sql file would hide its migrations.
    Result<QString> createMigration(const QString &name) const;

private:
    Kind m_kind = Kind::Strata;
    QString m_folder;
    QString m_migrationsOverride; // openTypeOrm's migrationsFolder
    std::shared_ptr<const TypeOrmProject> m_typeOrm;
};
