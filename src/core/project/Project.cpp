#include "Project.h"

#include "common/FolderListing.h"
#include "common/Logging.h"
#include "migration/MigrationName.h"
#include "typeorm/TypeOrmMigrationSource.h"
#include "typeorm/TypeOrmProject.h"

#include <QDir>
#include <QFileInfo>

namespace {

QStringList sqlFiles(const QDir &dir)
{
    return FolderListing::fileNames(dir.path(), { QStringLiteral("*.sql") });
}

// Every .ts / .js file of a folder of TypeORM migrations (declarations excluded).
QStringList typeOrmFiles(const QDir &dir)
{
    QStringList files;
    for (const QString &name :
        FolderListing::fileNames(dir.path(), { QStringLiteral("*.ts"), QStringLiteral("*.js") }))
        if (!name.endsWith(QLatin1String(".d.ts")))
            files.append(dir.absoluteFilePath(name));
    return files;
}

// The .ts / .js files named the way TypeORM's CLI names migrations
// (`<timestamp>-Name.ts`): what cannot sit next to .sql migrations.
QStringList typeOrmMigrationNames(const QDir &dir)
{
    QStringList names;
    for (const QString &path : typeOrmFiles(dir)) {
        const QString name = QFileInfo(path).fileName();
        if (!name.isEmpty() && name.at(0).isDigit())
            names.append(name);
    }
    return names;
}

QString someOf(const QStringList &names)
{
    constexpr int shown = 3;
    QString text = names.mid(0, shown).join(QLatin1String(", "));
    if (names.size() > shown)
        text += QStringLiteral(" and %1 more").arg(names.size() - shown);
    return text;
}

} // namespace

Result<Project> Project::open(const QString &folder, const QProcessEnvironment &environment)
{
    Project project;
    project.m_folder = QDir::cleanPath(QDir(folder).absolutePath());
    const QDir dir(project.m_folder);
    if (!dir.exists())
        return project;
    const QStringList sql = sqlFiles(dir);
    if (!sql.isEmpty()) {
        const QStringList typeOrm = typeOrmMigrationNames(dir);
        if (!typeOrm.isEmpty()) {
            StrataError e = StrataError::make(StrataError::Kind::Source,
                QStringLiteral("the folder mixes Strata .sql migrations (%1) and TypeORM migrations (%2); "
                               "one kind would hide the other")
                    .arg(someOf(sql), someOf(typeOrm)),
                project.m_folder);
            e.hint = QStringLiteral("keep one kind per folder: convert the TypeORM migrations with "
                                    "`strata-cli import-typeorm SRC DEST`, or move the .sql files out");
            return e;
        }
        return project;
    }
    if (!TypeOrmProject::findConfigFile(project.m_folder).isEmpty())
        return openTypeOrm(project.m_folder, {}, environment);
    if (!typeOrmFiles(dir).isEmpty())
        project.m_kind = Kind::TypeOrmFolder;
    return project;
}

Result<Project> Project::openTypeOrm(
    const QString &projectFolder, const QString &migrationsFolder, const QProcessEnvironment &environment)
{
    Result<TypeOrmProject> typeOrm = TypeOrmProject::open(projectFolder, environment);
    if (!typeOrm)
        return typeOrm.error();
    Project project;
    project.m_kind = Kind::TypeOrmProject;
    project.m_folder = QDir::cleanPath(QDir(projectFolder).absolutePath());
    if (!migrationsFolder.isEmpty())
        project.m_migrationsOverride = QDir::cleanPath(QDir(migrationsFolder).absolutePath());
    project.m_typeOrm = std::make_shared<const TypeOrmProject>(std::move(typeOrm).value());
    return project;
}

QString Project::locate(const QString &folder, const QString &fallback)
{
    const QDir dir(folder);
    const QDir nested(dir.filePath(QStringLiteral("migrations")));
    // .sql files decide first: a Strata folder, or a project root whose
    // `migrations` holds them (even next to a TypeORM data source).
    if (!sqlFiles(dir).isEmpty())
        return QDir::cleanPath(dir.absolutePath());
    if (nested.exists() && !sqlFiles(nested).isEmpty())
        return QDir::cleanPath(nested.absolutePath());
    if (!TypeOrmProject::findConfigFile(dir.absolutePath()).isEmpty() || !typeOrmFiles(dir).isEmpty())
        return QDir::cleanPath(dir.absolutePath());
    if (nested.exists())
        return QDir::cleanPath(nested.absolutePath());
    return fallback.isEmpty() ? QDir::cleanPath(dir.absolutePath()) : fallback;
}

Result<MigrationSource::Scan> Project::scanFolder(const QString &folder, MigrationSource::ScanDepth depth)
{
    Result<Project> project = open(folder);
    if (!project)
        return project.error();
    return project->scan(depth);
}

QString Project::kindName() const
{
    switch (m_kind) {
    case Kind::Strata:
        return QStringLiteral("Strata migrations folder");
    case Kind::TypeOrmFolder:
        return QStringLiteral("TypeORM migrations folder");
    case Kind::TypeOrmProject:
        return QStringLiteral("TypeORM project folder");
    }
    return {};
}

QString Project::migrationsDirectory() const
{
    if (!m_migrationsOverride.isEmpty())
        return m_migrationsOverride;
    if (m_typeOrm) {
        const QStringList folders = m_typeOrm->migrationFolders();
        if (!folders.isEmpty())
            return folders.first();
    }
    return m_folder;
}

HistoryTable Project::history() const
{
    return m_typeOrm ? m_typeOrm->history() : HistoryTable {};
}

bool Project::batchTransaction() const
{
    return m_typeOrm && m_typeOrm->transactionMode() == TypeOrmProject::TransactionMode::All;
}

Result<MigrationSource::Scan> Project::scan(MigrationSource::ScanDepth depth) const
{
    switch (m_kind) {
    case Kind::Strata:
        return MigrationSource::scan(m_folder, depth);
    case Kind::TypeOrmFolder:
        return TypeOrmMigrationSource::scanFiles(typeOrmFiles(QDir(m_folder)), m_folder);
    case Kind::TypeOrmProject:
        if (m_migrationsOverride.isEmpty())
            return TypeOrmMigrationSource::scan(*m_typeOrm);
        if (!QDir(m_migrationsOverride).exists())
            return StrataError::make(StrataError::Kind::Io,
                QStringLiteral("the migrations folder does not exist"), m_migrationsOverride);
        // --migrations overrides the data source's globs: that folder's files.
        return TypeOrmMigrationSource::scanFiles(
            typeOrmFiles(QDir(m_migrationsOverride)), m_migrationsOverride);
    }
    return MigrationSource::scan(m_folder, depth);
}

Result<QString> Project::createMigration(const QString &name) const
{
    if (isTypeOrm()) {
        StrataError e = StrataError::make(StrataError::Kind::Usage,
            QStringLiteral("this is a %1: a .sql migration here would hide its TypeORM migrations from "
                           "Strata; nothing was written")
                .arg(kindName()),
            migrationsDirectory());
        e.hint = QStringLiteral(
            "convert the folder first (strata-cli import-typeorm SRC DEST) and work in DEST, "
            "or write the migration with the TypeORM CLI");
        return e;
    }
    return MigrationSource::createMigration(m_folder, name);
}
