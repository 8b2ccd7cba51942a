#include "TypeOrmShadowReader.h"

#include "common/Logging.h"
#include "migration/MigrationFileParser.h"
#include "sandbox/SandboxCluster.h"
#include "shadow/ShadowBaseline.h"
#include "shadow/ShadowDatabase.h"
#include "typeorm/TypeOrmMigrationSource.h"
#include "typeorm/TypeOrmNodeRecorder.h"

#include <QFile>
#include <QHash>

namespace {

// A recorded statement maps, as a whole, to the line and column TypeORM ran it
// from: the source map the editor and the error messages use.
void attachSource(TypeOrmMigrationFile *file)
{
    QFile f(file->path);
    if (!f.open(QIODevice::ReadOnly))
        return;
    file->source = QString::fromUtf8(f.readAll());
    QList<qsizetype> lineStarts { 0 };
    for (qsizetype i = 0; i < file->source.size(); ++i)
        if (file->source.at(i) == QLatin1Char('\n'))
            lineStarts.append(i + 1);
    for (QList<TypeOrmQuery> *list : { &file->up, &file->down }) {
        for (TypeOrmQuery &q : *list) {
            if (q.line <= 0 || q.line > lineStarts.size())
                continue;
            q.offset = lineStarts.at(q.line - 1) + qMax(0, q.column - 1);
            q.origins = { SourceMap::Segment { 0, q.offset, false } };
        }
    }
}

} // namespace

Result<TypeOrmShadowReader::Reading> TypeOrmShadowReader::readFolder(
    const QString &folder, const Options &options)
{
    Result<Project> project = Project::open(folder);
    if (!project)
        return project.error();
    Result<MigrationSource::Scan> scan = project->scan();
    if (!scan)
        return scan.error();
    return read(*project, std::move(scan).value(), options);
}

QString TypeOrmShadowReader::nodeProjectFolder(const Project &project)
{
    return project.kind() == Project::Kind::TypeOrmProject ? project.folder() : project.migrationsDirectory();
}

Result<TypeOrmShadowReader::Reading> TypeOrmShadowReader::read(
    const Project &project, MigrationSource::Scan scan, const Options &options)
{
    Reading reading;
    reading.scan = std::move(scan);
    if (!project.isTypeOrm())
        return reading;
    QStringList refused;
    for (const Migration &m : std::as_const(reading.scan.migrations))
        if (!m.refusal.isEmpty() || !m.downRefusal.isEmpty())
            refused << m.historyName();
    if (refused.isEmpty())
        return reading;

    const QString folder = nodeProjectFolder(project);
    // When TypeORM cannot be asked, the static reading stands (those migrations
    // stay refused, each with its reason) and a note says why.
    auto notAsked = [&](const StrataError &why) -> Result<Reading> {
        reading.notes << QStringLiteral("%1 migration(s) cannot be read without running them (%2), and "
                                        "TypeORM could not be asked: %3")
                             .arg(refused.size())
                             .arg(refused.join(QLatin1String(", ")), why.toString());
        return reading;
    };
    const Result<QString> node = TypeOrmNodeRecorder::findNode(options.nodePath);
    if (!node) {
        reading.notes << QStringLiteral("%1 migration(s) cannot be read without running them (%2), and %3")
                             .arg(refused.size())
                             .arg(refused.join(QLatin1String(", ")), node.error().message);
        return reading;
    }
    if (!TypeOrmNodeRecorder::hasTypeOrm(folder)) {
        reading.notes << QStringLiteral(
            "%1 migration(s) cannot be read without running them (%2), and the project has no typeorm "
            "package installed (npm install in %3 lets Strata ask TypeORM itself)")
                             .arg(refused.size())
                             .arg(refused.join(QLatin1String(", ")), folder);
        return reading;
    }

    // The shadow starts where the target starts (its extensions), less what
    // the chain creates itself.
    ShadowBaseline baseline;
    if (options.target) {
        Result<ShadowBaseline> read = ShadowBaseline::read(*options.target);
        if (!read)
            return notAsked(read.error());
        baseline = read->without(reading.scan.migrations);
    }
    std::shared_ptr<SandboxCluster> sandbox;
    Result<std::unique_ptr<ShadowDatabase>> shadow
        = ShadowDatabase::create(options.target, &sandbox, baseline);
    if (!shadow)
        return notAsked(shadow.error());

    TypeOrmRecordRequest request;
    request.projectDir = folder;
    request.nodePath = *node;
    request.shadow = (*shadow)->connectionSettings();
    for (const Migration &m : std::as_const(reading.scan.migrations))
        request.migrationFiles << m.filePath;
    TypeOrmNodeRecorder recorder;
    Result<TypeOrmRecording> recording = recorder.record(request);
    const Status dropped = (*shadow)->drop();
    if (!recording)
        return notAsked(recording.error());
    if (!dropped)
        qCWarning(lcTypeOrm) << "the recording's shadow was not dropped:" << dropped.error().toString();

    QHash<QString, const TypeOrmRecordedMigration *> byFile;
    for (const TypeOrmRecordedMigration &r : std::as_const(recording->migrations))
        byFile.insert(r.file.path, &r);
    for (Migration &m : reading.scan.migrations) {
        if (m.refusal.isEmpty() && m.downRefusal.isEmpty())
            continue;
        const TypeOrmRecordedMigration *recorded = byFile.value(m.filePath);
        if (!recorded || !recorded->ran)
            continue; // an earlier migration failed in TypeORM: the static refusal stands
        if (recorded->error) {
            m.refusal = QStringLiteral("TypeORM %1 itself fails on it: %2")
                            .arg(recording->typeOrmVersion, recorded->error->message);
            m.refusalLine = recorded->error->line;
            m.refusalColumn = recorded->error->column;
            continue;
        }
        TypeOrmMigrationFile file = recorded->file;
        attachSource(&file);
        Result<Migration> read = TypeOrmMigrationSource::toMigration(file);
        if (!read) {
            m.refusal = read.error().message;
            continue;
        }
        Migration migration = std::move(read).value();
        if (!migration.downRefusal.isEmpty())
            migration.downRefusal = QStringLiteral("TypeORM %1 itself fails on its down(): %2")
                                        .arg(recording->typeOrmVersion, migration.downRefusal);
        // What TypeORM issues may differ from run to run (a `new Date()` in a
        // data loop): the checksum is the source file's, so only an edit of the
        // file reads as an edit.
        migration.checksum = MigrationFileParser::checksumOf(
            MigrationFileParser::normalizeLineEndings(file.source.toUtf8()));
        migration.readByTypeOrm = true;
        m = std::move(migration);
        reading.recordedFiles.insert(file.path, file);
        ++reading.readByTypeOrm;
        if (recorded->readsData)
            reading.notes << QStringLiteral("%1 reads rows while it runs: its statements were recorded "
                                            "on the shadow's data, which may differ from the target's")
                                 .arg(m.historyName());
    }
    reading.notes << QStringLiteral("%1 of %2 migration(s) read by running them through TypeORM %3 (node %4) "
                                    "in a shadow database")
                         .arg(reading.readByTypeOrm)
                         .arg(refused.size())
                         .arg(recording->typeOrmVersion, recording->nodeVersion);
    return reading;
}
