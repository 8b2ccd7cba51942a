#include "TypeOrmMigrationSource.h"

#include "TypeOrmImporter.h"
#include "TypeOrmMigrationReader.h"
#include "common/Logging.h"
#include "migration/MigrationFileParser.h"
#include "migration/MigrationName.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>

namespace {

// One TypeORM file to a Migration, or the reason it is no migration at all.
Result<Migration> toMigration(const QString &path)
{
    Result<TypeOrmMigrationFile> read = TypeOrmMigrationReader::read(path);
    if (!read)
        return read.error();
    const TypeOrmMigrationFile &file = *read;
    if (file.timestamp <= 0) {
        // The reader said why (TypeORM refuses the name too).
        QString reason;
        MigrationName ignored;
        MigrationName::fromHistoryName(file.historyName(), &ignored, &reason);
        return StrataError::make(StrataError::Kind::Source, reason, path);
    }

    Result<QString> text = TypeOrmImporter::toStrataSql(file);
    if (text) {
        // Parse the native text exactly as a .sql file would be: the sections,
        // the transaction option and the checksum all come from one place. The
        // file name only has to satisfy the parser; name and path are TypeORM's.
        const QString nativePath = QFileInfo(path).absoluteDir().absoluteFilePath(
            MigrationName(QStringLiteral("TypeOrmMigration"), file.timestampDigits).fileName());
        Result<Migration> parsed = MigrationFileParser::parse(nativePath, text->toUtf8());
        if (parsed) {
            Migration migration = std::move(parsed).value();
            migration.filePath = path;
            migration.timestamp = file.timestamp;
            migration.timestampDigits = file.timestampDigits;
            migration.name = file.name;
            return migration;
        }
        text = parsed.error();
    }

    // Shown, refused: the statements that are known, and why it cannot run.
    Migration migration;
    migration.timestamp = file.timestamp;
    migration.timestampDigits = file.timestampDigits;
    migration.name = file.name;
    migration.filePath = path;
    migration.transactional = !file.transactionDisabled;
    QByteArray up;
    for (const TypeOrmQuery &q : file.up)
        up += q.sql.toUtf8() + ";\n";
    QByteArray down;
    for (const TypeOrmQuery &q : file.down)
        down += q.sql.toUtf8() + ";\n";
    migration.text = "-- migrate:up\n" + up + "\n-- migrate:down\n" + down;
    migration.up = MigrationSection { up, qsizetype(strlen("-- migrate:up\n")), true };
    migration.down = MigrationSection { down,
        qsizetype(strlen("-- migrate:up\n") + up.size() + strlen("\n-- migrate:down\n")), true };
    migration.checksum = MigrationFileParser::checksumOf(migration.text);
    migration.refusal = text.error().message;
    migration.refusalLine = text.error().line;
    migration.refusalColumn = text.error().column;
    return migration;
}

} // namespace

Result<MigrationSource::Scan> TypeOrmMigrationSource::scan(const TypeOrmProject &project)
{
    if (project.migrationGlobs().isEmpty())
        return StrataError::make(StrataError::Kind::Source,
            QStringLiteral("the data source names no migrations glob Strata can read; pass --migrations DIR"),
            project.configFile());
    const QStringList folders = project.migrationFolders();
    return scanFiles(project.migrationFiles(), folders.isEmpty() ? project.folder() : folders.first());
}

Result<MigrationSource::Scan> TypeOrmMigrationSource::scanFiles(
    const QStringList &files, const QString &directory)
{
    MigrationSource::Scan scan;
    scan.directory = QDir::cleanPath(QDir(directory).absolutePath());
    const QList<Result<Migration>> results = QtConcurrent::blockingMapped(files, toMigration);
    QHash<QString, QStringList> byName;
    QHash<qint64, QStringList> byTimestamp;
    MigrationList read;
    for (const Result<Migration> &r : results) {
        if (!r) {
            scan.problems.append(r.error());
            continue;
        }
        byName[r->historyName()].append(r->filePath);
        byTimestamp[r->timestamp].append(r->filePath);
        read.append(*r);
    }
    // TypeORM refuses two migrations with one name; Strata also needs one
    // timestamp per migration to order them. Both files are reported.
    for (Migration &m : read) {
        QStringList others = byTimestamp.value(m.timestamp);
        others.removeAll(m.filePath);
        if (!others.isEmpty()) {
            scan.problems.append(StrataError::make(StrataError::Kind::Source,
                QStringLiteral("duplicate timestamp %1: %2 has it too (a .ts and its compiled .js both "
                               "matched by the migrations glob?)")
                    .arg(m.timestamp)
                    .arg(others.join(QLatin1String(", "))),
                m.filePath));
            continue;
        }
        scan.migrations.append(std::move(m));
    }
    std::sort(scan.migrations.begin(), scan.migrations.end(),
        [](const Migration &a, const Migration &b) { return a.timestamp < b.timestamp; });
    qCDebug(lcTypeOrm) << "scanned TypeORM migrations" << scan.directory << scan.migrations.size()
                       << "migrations" << scan.problems.size() << "problems";
    return scan;
}
