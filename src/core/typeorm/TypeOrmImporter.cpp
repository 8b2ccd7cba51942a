#include "TypeOrmImporter.h"

#include "TypeOrmMigrationReader.h"
#include "common/Logging.h"
#include "migration/MigrationFileParser.h"
#include "migration/MigrationName.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>

namespace {

TypeOrmProblem problemFor(const QString &file, int line, int column, const QString &message)
{
    TypeOrmProblem p;
    p.file = file;
    p.line = line;
    p.column = column;
    p.message = message;
    return p;
}

} // namespace

int TypeOrmImporter::Report::convertedCount() const
{
    int n = 0;
    for (const Entry &e : entries)
        n += e.converted ? 1 : 0;
    return n;
}

int TypeOrmImporter::Report::failedCount() const
{
    return int(entries.size()) - convertedCount();
}

Result<QString> TypeOrmImporter::strataFileName(const TypeOrmMigrationFile &migration)
{
    MigrationName name;
    QString reason;
    if (!MigrationName::fromHistoryName(migration.historyName(), &name, &reason))
        return StrataError::make(StrataError::Kind::Source, reason, migration.path);
    return name.fileName();
}

// The statement as it goes into the file: without the blank lines and
// indentation a template literal carries around it, ending in one `;`.
void TypeOrmImporter::appendStatement(
    QString *text, QList<SourceMap::Segment> *origins, const TypeOrmQuery &query, bool trim)
{
    qsizetype first = 0;
    qsizetype last = query.sql.size();
    if (trim) {
        while (first < last && query.sql.at(first).isSpace())
            ++first;
        while (last > first && query.sql.at(last - 1).isSpace())
            --last;
    }
    const qsizetype start = text->size();
    if (origins) {
        // The run that covers `first` starts the statement; later runs follow.
        const SourceMap::Segment *covering = nullptr;
        for (const SourceMap::Segment &o : query.origins) {
            if (o.synthesized <= first) {
                covering = &o;
                continue;
            }
            if (o.synthesized >= last)
                break;
            if (covering) {
                origins->append(SourceMap::Segment { start,
                    covering->linear ? covering->original + (first - covering->synthesized)
                                     : covering->original,
                    covering->linear });
                covering = nullptr;
            }
            origins->append(SourceMap::Segment { start + o.synthesized - first, o.original, o.linear });
        }
        if (covering)
            origins->append(SourceMap::Segment { start,
                covering->linear ? covering->original + (first - covering->synthesized) : covering->original,
                covering->linear });
    }
    *text += QStringView(query.sql).mid(first, last - first);
    if (!trim || !text->endsWith(QLatin1Char(';')))
        *text += QLatin1Char(';');
    *text += QLatin1Char('\n');
}

Result<QString> TypeOrmImporter::toStrataSql(
    const TypeOrmMigrationFile &migration, QList<SourceMap::Segment> *origins)
{
    if (!migration.problems.isEmpty()) {
        StrataError e = StrataError::make(
            StrataError::Kind::Source, migration.problems.constFirst().message, migration.path);
        e.line = migration.problems.constFirst().line;
        e.column = migration.problems.constFirst().column;
        return e;
    }
    for (const QList<TypeOrmQuery> *list : { &migration.up, &migration.down }) {
        for (const TypeOrmQuery &q : *list) {
            if (q.hasParameters) {
                StrataError e = StrataError::make(StrataError::Kind::Source,
                    QStringLiteral(
                        "queryRunner.query(...) passes parameters [%1]; a .sql migration has none and "
                        "Strata does not inline them (node-postgres sends them as untyped text "
                        "parameters, which no SQL text reproduces exactly)")
                        .arg(q.parameters.join(QStringLiteral(", "))),
                    migration.path);
                e.line = q.line;
                e.column = q.column;
                return e;
            }
            // A line that reads as a section marker would split the file differently.
            static const QRegularExpression marker(QStringLiteral(R"((^|\n)\s*--\s*migrate:)"));
            if (marker.match(q.sql).hasMatch()) {
                StrataError e = StrataError::make(StrataError::Kind::Source,
                    QStringLiteral("the SQL holds a line starting with `-- migrate:`, which would read as a "
                                   "section marker in a Strata file"),
                    migration.path);
                e.line = q.line;
                e.column = q.column;
                return e;
            }
        }
    }
    QString text = QStringLiteral("-- Converted by strata-cli import-typeorm from %1 (%2).\n")
                       .arg(QFileInfo(migration.path).fileName(), migration.historyName());
    // A down() that cannot run (TypeORM itself fails on it, or it is not
    // known) gives no down section: the revert is refused, saying so, while
    // the up runs as TypeORM runs it.
    const bool withDown = migration.downProblems.isEmpty();
    if (!withDown) {
        QString reason = migration.downProblems.constFirst().message;
        reason.replace(QLatin1Char('\r'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
        text += QStringLiteral("-- No down section: %1\n").arg(reason);
    }
    text += QLatin1Char('\n');
    // The markers stand for the methods: an empty down section is reported at down().
    if (origins && migration.upOffset >= 0)
        origins->append(SourceMap::Segment { text.size(), migration.upOffset, false });
    // TypeORM records a migration whose up() issues no SQL; so does Strata when
    // the file says the emptiness is meant. (An empty down stays as it was: the
    // revert is refused, and the checksums of files read before stay the same.)
    text += QStringLiteral("-- migrate:up");
    if (migration.transactionDisabled)
        text += QStringLiteral(" transaction:false");
    if (migration.up.isEmpty())
        text += QStringLiteral(" empty:true");
    text += QLatin1Char('\n');
    for (const TypeOrmQuery &q : migration.up)
        appendStatement(&text, origins, q, true);
    if (!withDown)
        return text;
    if (origins && migration.downOffset >= 0)
        origins->append(SourceMap::Segment { text.size(), migration.downOffset, false });
    text += QStringLiteral("\n-- migrate:down\n");
    for (const TypeOrmQuery &q : migration.down)
        appendStatement(&text, origins, q, true);
    return text;
}

QString TypeOrmImporter::versionName(TypeOrmVersion version)
{
    return version == TypeOrmVersion::V1 ? QStringLiteral("1") : QStringLiteral("0.3");
}

TypeOrmImporter::VersionGuess TypeOrmImporter::detectVersion(const QString &sourceDir)
{
    VersionGuess guess;
    // The major version of "1.1.1", "^0.3.20", "~1.0.0", ">=0.3"...
    auto majorOf = [](const QString &spec, int *major) {
        static const QRegularExpression digits(QStringLiteral(R"((\d+)\.)"));
        const QRegularExpressionMatch m = digits.match(spec);
        if (!m.hasMatch())
            return false;
        *major = m.captured(1).toInt();
        return true;
    };
    auto readJson = [](const QString &path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
    };
    QDir dir(QFileInfo(sourceDir).absoluteFilePath());
    while (true) {
        int major = 0;
        const QString installed = dir.filePath(QStringLiteral("node_modules/typeorm/package.json"));
        const QString installedVersion = readJson(installed).value(QLatin1String("version")).toString();
        if (majorOf(installedVersion, &major)) {
            guess.version = major >= 1 ? TypeOrmVersion::V1 : TypeOrmVersion::V0_3;
            guess.from = installed + QStringLiteral(" (") + installedVersion + QLatin1Char(')');
            return guess;
        }
        const QString package = dir.filePath(QStringLiteral("package.json"));
        if (QFileInfo::exists(package)) {
            const QJsonObject root = readJson(package);
            for (const char *section : { "dependencies", "devDependencies" }) {
                const QString spec = root.value(QLatin1String(section))
                                         .toObject()
                                         .value(QLatin1String("typeorm"))
                                         .toString();
                if (majorOf(spec, &major)) {
                    guess.version = major >= 1 ? TypeOrmVersion::V1 : TypeOrmVersion::V0_3;
                    guess.from = package + QStringLiteral(" (typeorm ") + spec + QLatin1Char(')');
                    return guess;
                }
            }
        }
        if (!dir.cdUp())
            return guess;
    }
}

Result<TypeOrmImporter::Report> TypeOrmImporter::importFolder(const QString &sourceDir,
    const QString &targetDir, bool overwrite, TypeOrmVersion version,
    const QHash<QString, TypeOrmMigrationFile> &recorded)
{
    const QDir source(sourceDir);
    if (!source.exists())
        return StrataError::make(
            StrataError::Kind::Io, QStringLiteral("the folder does not exist"), sourceDir);
    if (!QDir().mkpath(targetDir))
        return StrataError::make(
            StrataError::Kind::Io, QStringLiteral("cannot create the folder"), targetDir);
    const QDir target(targetDir);

    Report report;
    report.version = version;
    QHash<qint64, QString> timestamps; // to the source that took it
    const QStringList files
        = source.entryList({ QStringLiteral("*.ts"), QStringLiteral("*.js") }, QDir::Files, QDir::Name);
    for (const QString &fileName : files) {
        if (fileName.endsWith(QLatin1String(".d.ts")))
            continue;
        Entry entry;
        entry.source = source.filePath(fileName);
        const Result<TypeOrmMigrationFile> read = TypeOrmMigrationReader::read(entry.source, version);
        if (!read) {
            const StrataError &e = read.error();
            entry.problems.append(problemFor(entry.source, e.line, e.column, e.message));
            report.entries.append(entry);
            continue;
        }
        const auto fromTypeOrm = recorded.constFind(QFileInfo(entry.source).absoluteFilePath());
        const TypeOrmMigrationFile &migration
            = !read->importable() && fromTypeOrm != recorded.cend() ? *fromTypeOrm : read.value();
        entry.historyName = migration.historyName();
        entry.problems = migration.problems;
        // A down() read statically but not translated is not converted: TypeORM
        // (with node) may know it. One TypeORM itself fails on is converted
        // without a down section, since no reading can give one.
        if (migration.readBy == TypeOrmReadBy::Static)
            entry.problems += migration.downProblems;
        if (entry.problems.isEmpty()) {
            const Result<QString> name = strataFileName(migration);
            const Result<QString> text = toStrataSql(migration);
            for (const StrataError *e : { name ? nullptr : &name.error(), text ? nullptr : &text.error() })
                if (e)
                    entry.problems.append(problemFor(entry.source, e->line, e->column, e->message));
            if (entry.problems.isEmpty()) {
                const QString targetPath = target.filePath(name.value());
                if (timestamps.contains(migration.timestamp)) {
                    entry.problems.append(problemFor(entry.source, 0, 0,
                        QStringLiteral(
                            "the timestamp %1 is already taken by %2 (the .ts and the compiled .js of "
                            "one migration, or two migrations with one timestamp)")
                            .arg(migration.timestamp)
                            .arg(timestamps.value(migration.timestamp))));
                } else if (QFileInfo::exists(targetPath) && !overwrite) {
                    entry.problems.append(problemFor(entry.source, 0, 0,
                        QStringLiteral("%1 exists; not overwritten (use --force)").arg(targetPath)));
                } else {
                    // The written file must read back as the same migration.
                    const QByteArray bytes = text.value().toUtf8();
                    const Result<Migration> check = MigrationFileParser::parse(targetPath, bytes);
                    QSaveFile out(targetPath);
                    if (!check) {
                        entry.problems.append(problemFor(entry.source, 0, 0,
                            QStringLiteral("the converted file would not be a valid Strata migration: %1")
                                .arg(check.error().message)));
                    } else if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size()
                        || !out.commit()) {
                        entry.problems.append(problemFor(targetPath, 0, 0,
                            QStringLiteral("cannot write the file: %1").arg(out.errorString())));
                    } else {
                        entry.target = targetPath;
                        entry.converted = true;
                        timestamps.insert(migration.timestamp, entry.source);
                    }
                }
            }
        }
        qCDebug(lcTypeOrm) << "import" << entry.source << (entry.converted ? "converted" : "not converted");
        report.entries.append(entry);
    }
    return report;
}
