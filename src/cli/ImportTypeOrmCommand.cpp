#include "ImportTypeOrmCommand.h"

#include "CliContext.h"
#include "migration/MigrationSource.h"
#include "project/Project.h"
#include "project/TypeOrmShadowReader.h"
#include "typeorm/TypeOrmImporter.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

int ImportTypeOrmCommand::run(const QStringList &args)
{
    if (args.size() != 2)
        return m_cli.usage(
            QStringLiteral("import-typeorm takes two folders: the TypeORM migrations (SRC) and where "
                           "the .sql files go (DEST), e.g. strata-cli import-typeorm src/migrations "
                           "migrations"));
    const bool force = m_cli.parser().isSet(QStringLiteral("force"));
    TypeOrmImporter::VersionGuess version = TypeOrmImporter::detectVersion(args.at(0));
    if (m_cli.parser().isSet(QStringLiteral("typeorm-version"))) {
        const QString wanted = m_cli.parser().value(QStringLiteral("typeorm-version"));
        if (wanted == QLatin1String("0.3"))
            version.version = TypeOrmVersion::V0_3;
        else if (wanted == QLatin1String("1"))
            version.version = TypeOrmVersion::V1;
        else
            return m_cli.usage(QStringLiteral("--typeorm-version takes 0.3 or 1, not '%1'").arg(wanted));
        version.from = QStringLiteral("--typeorm-version");
    }
    // What the static reader cannot read exactly, the project's TypeORM is asked
    // (unless --static), in a shadow of the database the options name, if any.
    QHash<QString, TypeOrmMigrationFile> recorded;
    if (!m_cli.parser().isSet(QStringLiteral("static"))) {
        Result<Project> source = Project::open(args.at(0));
        Result<MigrationSource::Scan> scan
            = source ? source->scan() : Result<MigrationSource::Scan>(source.error());
        if (scan) {
            TypeOrmShadowReader::Options options;
            const Result<ConnectionSettings> target = m_cli.connectionSettings();
            const bool targetNamed = m_cli.parser().isSet(QStringLiteral("dsn"))
                || m_cli.parser().isSet(QStringLiteral("host"))
                || m_cli.parser().isSet(QStringLiteral("profile"))
                || m_cli.parser().isSet(QStringLiteral("dbname")) || qEnvironmentVariableIsSet("PGDATABASE")
                || qEnvironmentVariableIsSet("PGHOST");
            if (target && targetNamed)
                options.target = &*target;
            Result<TypeOrmShadowReader::Reading> reading
                = TypeOrmShadowReader::read(*source, std::move(scan).value(), options);
            if (!reading)
                return m_cli.fail(reading.error());
            for (const QString &note : std::as_const(reading->notes))
                m_cli.err() << "note: " << note << '\n';
            m_cli.err().flush();
            recorded = reading->recordedFiles;
        }
    }
    const Result<TypeOrmImporter::Report> imported
        = TypeOrmImporter::importFolder(args.at(0), args.at(1), force, version.version, recorded);
    if (!imported)
        return m_cli.fail(imported.error());
    const TypeOrmImporter::Report &report = imported.value();
    if (report.entries.isEmpty())
        return m_cli.fail(StrataError::make(StrataError::Kind::Source,
            QStringLiteral("no TypeORM migrations (*.ts, *.js) in the folder"), args.at(0)));
    if (m_cli.json()) {
        QJsonArray list;
        for (const TypeOrmImporter::Entry &e : report.entries) {
            QJsonObject o;
            o[QLatin1String("source")] = e.source;
            o[QLatin1String("name")] = e.historyName;
            o[QLatin1String("converted")] = e.converted;
            o[QLatin1String("target")] = e.converted ? QJsonValue(e.target) : QJsonValue();
            QJsonArray problems;
            for (const TypeOrmProblem &p : e.problems)
                problems.append(
                    QJsonObject { { QLatin1String("file"), p.file }, { QLatin1String("line"), p.line },
                        { QLatin1String("column"), p.column }, { QLatin1String("message"), p.message } });
            o[QLatin1String("problems")] = problems;
            list.append(o);
        }
        QJsonObject root;
        root[QLatin1String("ok")] = report.failedCount() == 0;
        root[QLatin1String("converted")] = report.convertedCount();
        root[QLatin1String("notConverted")] = report.failedCount();
        root[QLatin1String("typeormVersion")] = TypeOrmImporter::versionName(version.version);
        root[QLatin1String("typeormVersionFrom")] = version.from;
        root[QLatin1String("migrations")] = list;
        m_cli.out() << QJsonDocument(root).toJson(QJsonDocument::Indented);
    } else {
        // Schema API calls are translated to the SQL of this TypeORM release.
        m_cli.out() << "TypeORM " << TypeOrmImporter::versionName(version.version) << " ("
                    << (version.from.isEmpty() ? QStringLiteral("no typeorm package found; assumed")
                                               : version.from)
                    << ")\n";
        for (const TypeOrmImporter::Entry &e : report.entries) {
            if (e.converted) {
                m_cli.out() << "converted      " << QDir::toNativeSeparators(e.source) << " -> "
                            << QDir::toNativeSeparators(e.target) << '\n';
                continue;
            }
            m_cli.out() << "not converted  " << QDir::toNativeSeparators(e.source) << '\n';
            // file:line:column: message, as compilers print, so editors jump to it.
            for (const TypeOrmProblem &p : e.problems)
                m_cli.out() << "    " << p.toString() << '\n';
        }
        m_cli.out() << report.convertedCount() << " converted, " << report.failedCount()
                    << " not converted.\n";
    }
    m_cli.out().flush();
    return report.failedCount() == 0 ? Success : CheckFailed;
}
