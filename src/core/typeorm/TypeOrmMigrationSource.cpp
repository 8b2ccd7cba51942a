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
Result<Migration> readMigration(const QString &path)
{
    Result<TypeOrmMigrationFile> read = TypeOrmMigrationReader::read(path);
    if (!read)
        return read.error();
    return TypeOrmMigrationSource::toMigration(*read);
}

} // namespace

Result<Migration> TypeOrmMigrationSource::toMigration(const TypeOrmMigrationFile &file)
{
    const QString &path = file.path;
    if (file.timestamp <= 0) {
        // The reader said why (TypeORM refuses the name too).
        QString reason;
        MigrationName ignored;
        MigrationName::fromHistoryName(file.historyName(), &ignored, &reason);
        return StrataError::make(StrataError::Kind::Source, reason, path);
    }

    QList<SourceMap::Segment> origins;
    Result<QString> text = TypeOrmImporter::toStrataSql(file, &origins);
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
            // Positions in the text are the .ts file's; the parser only
            // normalizes line endings, which a composed text has none to change.
            if (migration.text == text->toUtf8())
                migration.sourceMap = SourceMap::fromUtf16(*text, file.source, origins);
            if (!file.downProblems.isEmpty()) {
                const TypeOrmProblem &why = file.downProblems.constFirst();
                migration.downRefusal = why.message;
                migration.downRefusalLine = why.line;
                migration.downRefusalColumn = why.column;
            }
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
    QString composed = QStringLiteral("-- migrate:up\n");
    origins.clear();
    if (file.upOffset >= 0)
        origins.append(SourceMap::Segment { 0, file.upOffset, false });
    for (const TypeOrmQuery &q : file.up)
        TypeOrmImporter::appendStatement(&composed, &origins, q, false);
    const qsizetype upEnd = composed.size();
    if (file.downOffset >= 0)
        origins.append(SourceMap::Segment { composed.size(), file.downOffset, false });
    composed += QStringLiteral("\n-- migrate:down\n");
    const qsizetype downStart = composed.size();
    for (const TypeOrmQuery &q : file.down)
        TypeOrmImporter::appendStatement(&composed, &origins, q, false);
    migration.text = composed.toUtf8();
    const qsizetype upBytes = qsizetype(strlen("-- migrate:up\n"));
    const qsizetype upEndBytes = QStringView(composed).left(upEnd).toUtf8().size();
    const qsizetype downBytes = QStringView(composed).left(downStart).toUtf8().size();
    migration.up = MigrationSection { migration.text.mid(upBytes, upEndBytes - upBytes), upBytes, true };
    migration.down = MigrationSection { migration.text.mid(downBytes), downBytes, true };
    migration.sourceMap = SourceMap::fromUtf16(composed, file.source, origins);
    migration.checksum = MigrationFileParser::checksumOf(migration.text);
    migration.refusal = text.error().message;
    migration.refusalLine = text.error().line;
    migration.refusalColumn = text.error().column;
    return migration;
}

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
    const QList<Result<Migration>> results = QtConcurrent::blockingMapped(files, readMigration);
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
