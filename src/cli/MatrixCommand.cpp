#include "MatrixCommand.h"

#include "CliContext.h"
#include "CliKeychain.h"
#include "StatusPrinter.h"
#include "migration/MigrationSource.h"
#include "service/EnvironmentMatrixReader.h"
#include "service/FleetTargetResolver.h"
#include "settings/FleetTargets.h"
#include "settings/ProfileStore.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

QString cellLine(const EnvironmentMatrix::Cell &cell)
{
    QString text = EnvironmentMatrix::cellText(cell);
    if (cell.applied && cell.applied->appliedAt.isValid())
        text += u' ' + cell.applied->appliedAt.toUTC().toString(u"yyyy-MM-dd"_s);
    return text;
}

} // namespace

int MatrixCommand::run(const QStringList &args)
{
    if (!args.isEmpty())
        return m_cli.usage(u"matrix takes no arguments; name profiles with --profiles a,b,c"_s);
    // The columns: the targets of a fleet file, the profiles named, else
    // every profile of this project.
    const ProfileStore store;
    QList<ConnectionProfile> profiles;
    QList<EnvironmentMatrixReader::Target> targets;
    const QCommandLineParser &parser = m_cli.parser();
    if (parser.isSet(u"targets"_s)) {
        if (parser.isSet(u"profiles"_s))
            return m_cli.usage(u"matrix takes --targets FILE or --profiles a,b, not both"_s);
        const QString path = parser.value(u"targets"_s);
        Result<FleetTargets> file = FleetTargets::read(path);
        if (!file)
            return m_cli.fail(file.error());
        Result<QList<FleetRunner::Target>> resolved = FleetTargetResolver::resolve(*file, path, store,
            m_cli.historyTable(),
            [](const ConnectionProfile &p, ConnectionSettings *s) { CliKeychain::readProfileSecrets(p, s); });
        if (!resolved)
            return m_cli.fail(resolved.error());
        for (const FleetRunner::Target &f : std::as_const(*resolved))
            targets << EnvironmentMatrixReader::Target { f.label,
                ConnectionProfile::environmentName(f.environment), f.settings, f.history };
        if (targets.isEmpty())
            return m_cli.fail(StrataError::make(StrataError::Kind::Usage,
                u"no target in %1 (its patterns match no database)"_s.arg(path), path));
    } else if (parser.isSet(u"profiles"_s)) {
        for (const QString &name : parser.value(u"profiles"_s).split(u',', Qt::SkipEmptyParts)) {
            const std::optional<ConnectionProfile> p = store.find(name.trimmed());
            if (!p)
                return m_cli.usage(
                    u"no profile named '%1' (see: strata-cli profile list)"_s.arg(name.trimmed()));
            profiles << *p;
        }
    } else {
        profiles = store.profilesOfProject(m_cli.migrationsDirectory());
        if (profiles.isEmpty())
            return m_cli.usage(
                u"no profile uses the migrations folder %1; name profiles with --profiles a,b,c"_s.arg(
                    QDir::toNativeSeparators(m_cli.migrationsDirectory())));
    }

    for (const ConnectionProfile &p : std::as_const(profiles)) {
        EnvironmentMatrixReader::Target t;
        t.label = p.name;
        t.environment = ConnectionProfile::environmentName(p.environment);
        t.settings = p.connection;
        QString problem;
        CliKeychain::readProfileSecrets(p, &t.settings, &problem);
        if (!problem.isEmpty())
            m_cli.err() << "warning: " << p.name << ": " << problem << '\n';
        t.history = p.history;
        targets << t;
    }
    m_cli.err().flush();
    // The migrations, TypeORM's read in a shadow of the first column's server.
    Result<MigrationSource::Scan> scan
        = m_cli.scanMigrations(targets.isEmpty() ? nullptr : &targets.first().settings);
    if (!scan)
        return m_cli.fail(scan.error());
    const EnvironmentMatrix matrix = EnvironmentMatrixReader::read(scan->migrations, targets, 8);
    const QList<EnvironmentMatrix::Target> columns = matrix.targets();

    // --expect-same A,B: the check the user asked for.
    std::optional<QStringList> expectDiffers;
    QStringList expected;
    if (parser.isSet(u"expect-same"_s)) {
        expected = parser.value(u"expect-same"_s).split(u',', Qt::SkipEmptyParts);
        if (expected.size() != 2)
            return m_cli.usage(u"--expect-same takes two profiles, e.g. --expect-same staging,production"_s);
        // A profile by id or name, shown under its name.
        auto columnOf = [&](const QString &name) {
            const std::optional<ConnectionProfile> p = store.find(name.trimmed());
            return matrix.targetIndex(p ? p->name : name.trimmed());
        };
        const int a = columnOf(expected[0]);
        const int b = columnOf(expected[1]);
        if (a < 0 || b < 0)
            return m_cli.usage(u"--expect-same names %1, which is not a column of this matrix"_s.arg(
                a < 0 ? expected[0] : expected[1]));
        for (int t : { a, b })
            if (!columns[t].reachable)
                return m_cli.fail(StrataError::make(StrataError::Kind::Connection,
                    u"%1 is unreachable, so it cannot be compared: %2"_s.arg(
                        columns[t].label, columns[t].error.message)));
        expectDiffers = matrix.disagreements(a, b);
    }

    const QList<EnvironmentMatrix::Row> rows = matrix.rows();
    const QList<EnvironmentMatrix::Difference> differences = matrix.differences();
    if (m_cli.json()) {
        QJsonArray targetsJson;
        for (qsizetype t = 0; t < columns.size(); ++t) {
            QJsonObject o { { u"label"_s, columns[t].label }, { u"environment"_s, columns[t].environment },
                { u"reachable"_s, columns[t].reachable } };
            if (columns[t].reachable) {
                o[u"serverVersion"_s] = columns[t].serverVersion;
                o[u"applied"_s] = matrix.appliedCount(int(t));
            } else {
                o[u"error"_s] = StatusPrinter::errorJson(columns[t].error);
            }
            targetsJson.append(o);
        }
        QJsonArray rowsJson;
        for (qsizetype r = 0; r < rows.size(); ++r) {
            QJsonArray cells;
            for (qsizetype t = 0; t < columns.size(); ++t) {
                const EnvironmentMatrix::Cell c = matrix.cell(int(r), int(t));
                QJsonObject cell { { u"target"_s, columns[t].label } };
                cell[u"state"_s] = c.known ? QJsonValue(stateName(c.state)) : QJsonValue();
                if (c.applied) {
                    if (c.applied->appliedAt.isValid())
                        cell[u"appliedAt"_s] = c.applied->appliedAt.toUTC().toString(Qt::ISODate);
                    if (!c.applied->appliedBy.isEmpty())
                        cell[u"appliedBy"_s] = c.applied->appliedBy;
                    if (!c.applied->checksum.isEmpty())
                        cell[u"checksum"_s] = c.applied->checksum;
                }
                cells.append(cell);
            }
            QJsonObject row { { u"name"_s, rows[r].name }, { u"cells"_s, cells } };
            if (!rows[r].filePath.isEmpty())
                row[u"file"_s] = rows[r].filePath;
            rowsJson.append(row);
        }
        QJsonArray differencesJson;
        for (const EnvironmentMatrix::Difference &d : differences) {
            QJsonObject o { { u"kind"_s, EnvironmentMatrix::kindName(d.kind) },
                { u"targets"_s, QJsonArray::fromStringList(d.targets) }, { u"text"_s, d.text } };
            if (!d.migration.isEmpty())
                o[u"migration"_s] = d.migration;
            differencesJson.append(o);
        }
        QJsonObject root { { u"ok"_s, !expectDiffers || expectDiffers->isEmpty() },
            { u"targets"_s, targetsJson }, { u"migrations"_s, rowsJson },
            { u"differences"_s, differencesJson } };
        if (expectDiffers)
            root[u"expectSame"_s] = QJsonObject { { u"targets"_s, QJsonArray::fromStringList(expected) },
                { u"same"_s, expectDiffers->isEmpty() },
                { u"differences"_s, QJsonArray::fromStringList(*expectDiffers) } };
        m_cli.out() << QJsonDocument(root).toJson(QJsonDocument::Indented);
    } else {
        // A table: the migration, then one column per target.
        QTextStream &out = m_cli.out();
        int nameWidth = 9;
        for (const EnvironmentMatrix::Row &r : rows)
            nameWidth = std::max(nameWidth, int(r.name.size()));
        QList<int> widths;
        for (qsizetype t = 0; t < columns.size(); ++t) {
            int w = int(columns[t].label.size());
            for (qsizetype r = 0; r < rows.size(); ++r)
                w = std::max(w, int(cellLine(matrix.cell(int(r), int(t))).size()));
            widths << w;
        }
        out << u"migration"_s.leftJustified(nameWidth);
        for (qsizetype t = 0; t < columns.size(); ++t)
            out << "  " << columns[t].label.leftJustified(widths[t]);
        out << '\n';
        for (qsizetype r = 0; r < rows.size(); ++r) {
            out << rows[r].name.leftJustified(nameWidth);
            for (qsizetype t = 0; t < columns.size(); ++t)
                out << "  " << cellLine(matrix.cell(int(r), int(t))).leftJustified(widths[t]);
            out << '\n';
        }
        out << '\n';
        for (qsizetype t = 0; t < columns.size(); ++t) {
            if (columns[t].reachable)
                out << columns[t].label << " (" << columns[t].environment
                    << "): " << matrix.appliedCount(int(t)) << " applied, PostgreSQL "
                    << columns[t].serverVersion << '\n';
            else
                out << columns[t].label << " (" << columns[t].environment
                    << "): unreachable: " << columns[t].error.message << '\n';
        }
        if (!differences.isEmpty()) {
            out << "\nDifferences:\n";
            for (const EnvironmentMatrix::Difference &d : differences)
                out << "  " << d.text << '\n';
        }
        if (expectDiffers) {
            if (expectDiffers->isEmpty()) {
                out << '\n' << expected.join(u" and "_s) << " agree.\n";
            } else {
                out << '\n' << expected.join(u" and "_s) << " differ:\n";
                for (const QString &line : std::as_const(*expectDiffers))
                    out << "  " << line << '\n';
            }
        }
    }
    m_cli.out().flush();
    return expectDiffers && !expectDiffers->isEmpty() ? CheckFailed : Success;
}
