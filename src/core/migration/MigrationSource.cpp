#include "MigrationSource.h"

#include "MigrationFileParser.h"
#include "MigrationName.h"
#include "common/Logging.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>

Result<MigrationSource::Scan> MigrationSource::scan(const QString &directory)
{
    const QDir dir(directory);
    if (!dir.exists())
        return StrataError::make(StrataError::Kind::Io,
            QStringLiteral("the migrations folder does not exist (use --migrations DIR)"),
            QDir::cleanPath(dir.absolutePath()));
    Scan scan;
    scan.directory = dir.absolutePath();
    const QStringList files
        = dir.entryList({ QStringLiteral("*.sql") }, QDir::Files | QDir::Readable, QDir::Name);
    // Reading, hashing and parsing are independent per file: spread them over
    // the cores (a project with thousands of migrations is scanned on every
    // `status`), then merge in file-name order so results stay deterministic.
    const QList<Result<Migration>> results
        = QtConcurrent::blockingMapped(files, [&dir](const QString &fileName) -> Result<Migration> {
              const QString path = dir.absoluteFilePath(fileName);
              QFile file(path);
              if (!file.open(QIODevice::ReadOnly))
                  return StrataError::make(
                      StrataError::Kind::Io, QStringLiteral("cannot read: ") + file.errorString(), path);
              return MigrationFileParser::parse(path, file.readAll());
          });
    MigrationList parsedFiles;
    QHash<qint64, QStringList> byTimestamp;
    for (const Result<Migration> &parsed : results) {
        if (!parsed) {
            scan.problems.append(parsed.error());
            continue;
        }
        byTimestamp[parsed->timestamp].append(parsed->fileName());
        parsedFiles.append(*parsed);
    }
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
                      << scan.problems.size() << "problems";
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
    for (const QString &existing : dir.entryList({ QStringLiteral("*.sql") }, QDir::Files)) {
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
