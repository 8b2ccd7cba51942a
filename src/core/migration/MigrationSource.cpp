#include "MigrationSource.h"

#include "MigrationFileCache.h"
#include "MigrationFileParser.h"
#include "MigrationName.h"
#include "common/FolderListing.h"
#include "common/Logging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>

namespace {

struct FileReading
{
    Result<Migration> migration = Migration {};
    std::optional<MigrationFileCache::Stamp> stamp;
};

FileReading readFile(const QString &path)
{
    FileReading reading;
    // The stamp before the read: a write during the read changes the file
    // after the stamp, so the next scan reads it again.
    reading.stamp = MigrationFileCache::Stamp::of(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        reading.migration = StrataError::make(
            StrataError::Kind::Io, QStringLiteral("cannot read: ") + file.errorString(), path);
    else
        reading.migration = MigrationFileParser::parse(path, file.readAll());
    return reading;
}

qint64 wallClockNs()
{
    return QDateTime::currentMSecsSinceEpoch() * 1000000;
}

} // namespace

Result<MigrationSource::Scan> MigrationSource::scan(
    const QString &directory, ScanDepth depth, const QString &cacheFile)
{
    const QDir dir(directory);
    if (!dir.exists())
        return StrataError::make(StrataError::Kind::Io,
            QStringLiteral("the migrations folder does not exist (use --migrations DIR)"),
            QDir::cleanPath(dir.absolutePath()));
    Scan scan;
    scan.directory = dir.absolutePath();
    const qint64 scanStartNs = wallClockNs();
    // No stat or access check per file: an unreadable file is reported when read.
    const QStringList files = FolderListing::fileNames(scan.directory, { QStringLiteral("*.sql") });
    MigrationFileCache cache(scan.directory, cacheFile);
    cache.load();

    QList<FileReading> readings(files.size());
    QList<qsizetype> toRead;
    for (qsizetype i = 0; i < files.size(); ++i) {
        const QString path = dir.absoluteFilePath(files.at(i));
        if (depth == ScanDepth::ForStatus) {
            const std::optional<MigrationFileCache::Stamp> stamp = MigrationFileCache::Stamp::of(path);
            const MigrationFileCache::Entry *entry = stamp ? cache.find(files.at(i), *stamp) : nullptr;
            if (entry) {
                Migration m;
                m.filePath = path;
                QString reason;
                // Only well-formed files are remembered, so their names parse.
                if (MigrationFileParser::parseFileName(files.at(i), &m, &reason)) {
                    MigrationFileCache::fill(&m, *entry);
                    readings[i].migration = std::move(m);
                    continue;
                }
            }
        }
        toRead.append(i);
    }
    // Reading, hashing and parsing are independent per file: spread them over
    // the cores (a project with thousands of migrations is scanned on every
    // `up`), then merge in file-name order so results stay deterministic.
    const QList<FileReading> read = toRead.isEmpty()
        ? QList<FileReading> {}
        : QtConcurrent::blockingMapped(
            toRead, [&dir, &files](qsizetype i) { return readFile(dir.absoluteFilePath(files.at(i))); });
    for (qsizetype k = 0; k < toRead.size(); ++k) {
        FileReading &reading = readings[toRead.at(k)];
        reading = read.at(k);
        if (reading.migration && reading.stamp)
            cache.remember(files.at(toRead.at(k)), *reading.stamp, *reading.migration, scanStartNs);
    }
    scan.filesRead = int(toRead.size());
    cache.keepOnly(files);
    cache.save();

    MigrationList parsedFiles;
    parsedFiles.reserve(readings.size());
    QHash<qint64, QStringList> byTimestamp;
    byTimestamp.reserve(readings.size());
    for (FileReading &reading : readings) {
        if (!reading.migration) {
            scan.problems.append(reading.migration.error());
            continue;
        }
        byTimestamp[reading.migration->timestamp].append(reading.migration->fileName());
        parsedFiles.append(std::move(reading.migration).value());
    }
    scan.migrations.reserve(parsedFiles.size());
    // Two files with one timestamp have no defined order, and TypeORM would
    // tell them apart by class name only: both are refused until one is renamed.
    for (Migration &migration : parsedFiles) {
        const QStringList &sharing = byTimestamp.value(migration.timestamp);
        if (sharing.size() > 1) {
            QStringList others = sharing;
            others.removeAll(migration.fileName());
            scan.problems.append(StrataError::make(StrataError::Kind::Source,
                QStringLiteral(
                    "duplicate timestamp %1: %2 has it too; each migration needs its own timestamp")
                    .arg(migration.timestamp)
                    .arg(others.join(QLatin1String(", "))),
                migration.filePath));
            continue;
        }
        scan.migrations.append(std::move(migration));
    }
    std::sort(scan.migrations.begin(), scan.migrations.end(),
        [](const Migration &a, const Migration &b) { return a.timestamp < b.timestamp; });
    qCDebug(lcSource) << "scanned" << scan.directory << scan.migrations.size() << "migrations"
                      << scan.problems.size() << "problems" << scan.filesRead << "files read";
    return scan;
}

Result<QString> MigrationSource::createMigration(
    const QString &directory, const QString &name, const QDateTime &now)
{
    qint64 timestamp = now.toMSecsSinceEpoch();
    // Any TypeORM name reads (MigrationName), but new files keep the one style.
    if (!MigrationName::isPascalCase(name))
        return StrataError::make(StrataError::Kind::Usage,
            QStringLiteral(
                "bad name '%1': expected a PascalCase name of letters and digits (e.g. AddUserEmail)")
                .arg(name));

    QDir dir(directory);
    if (!dir.exists() && !dir.mkpath(QStringLiteral(".")))
        return StrataError::make(
            StrataError::Kind::Io, QStringLiteral("cannot create the migrations folder"), directory);
    // Bump past every existing timestamp, parseable or not, so ordering stays total.
    for (const QString &existing : FolderListing::fileNames(dir.path(), { QStringLiteral("*.sql") })) {
        const qint64 t = existing.section(QLatin1Char('-'), 0, 0).toLongLong();
        if (t >= timestamp)
            timestamp = t + 1;
    }
    const QString path
        = dir.absoluteFilePath(QString::number(timestamp) + QLatin1Char('-') + name + QStringLiteral(".sql"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return StrataError::make(
            StrataError::Kind::Io, QStringLiteral("cannot write: ") + file.errorString(), path);
    file.write("-- migrate:up\n\n\n-- migrate:down\n\n");
    if (!file.commit())
        return StrataError::make(
            StrataError::Kind::Io, QStringLiteral("cannot write: ") + file.errorString(), path);
    return path;
}
