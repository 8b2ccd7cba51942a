#include "SchemaCommands.h"

#include "CliContext.h"
#include "StatusPrinter.h"
#include "db/PgConnection.h"
#include "lint/LintConfig.h"
#include "lint/MigrationLinter.h"
#include "migration/MigrationFileParser.h"
#include "migration/MigrationSource.h"
#include "project/Project.h"
#include "sandbox/SandboxCluster.h"
#include "schema/SchemaDiff.h"
#include "service/MigrationGenerator.h"
#include "service/SchemaSource.h"
#include "shadow/DatabaseSchema.h"
#include "shadow/MigrationVerifier.h"
#include "shadow/ShadowBaseline.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace {

using enum CliContext::ExitCode;

QJsonObject changeJson(const SchemaChange &c)
{
    return QJsonObject {
        { QStringLiteral("objectKind"), c.objectKind },
        { QStringLiteral("objectName"), c.objectName },
        { QStringLiteral("kind"), SchemaChange::kindName(c.kind) },
        { QStringLiteral("dataLoss"), c.dataLoss },
        { QStringLiteral("description"), c.description },
        { QStringLiteral("upSql"), c.upSql },
        { QStringLiteral("downSql"), c.downSql },
    };
}

} // namespace

struct SchemaCommands::Compared
{
    SchemaDiff diff;
    QString fromDescription;
    QString toDescription;
    QList<RenameCandidate> openCandidates; // offered, not accepted
    QList<RenameCandidate> accepted;
};

SchemaCommands::SchemaCommands(Context context)
    : m_context(std::move(context))
    , m_out(*m_context.out)
    , m_err(*m_context.err)
{
}

int SchemaCommands::fail(const StrataError &error)
{
    return m_context.fail(error);
}

Result<SchemaCommands::Compared> SchemaCommands::compare()
{
    if (m_context.to.isEmpty())
        return StrataError::make(StrataError::Kind::Usage,
            QStringLiteral("--to is required: the schema to reach (a DSN, profile:NAME, a .sql file, a "
                           "migrations folder or connection)"));
    const QString fromSpec = m_context.from.isEmpty() ? QStringLiteral("migrations") : m_context.from;
    QList<SchemaSource> sources;
    for (const QString &spec : { fromSpec, m_context.to }) {
        Result<SchemaSource> source = SchemaSource::parse(spec,
            spec.trimmed() == QLatin1String("migrations") ? m_context.migrationsDirectory() : QString());
        if (!source)
            return source.error();
        if (source->kind() == SchemaSource::Kind::Connection) {
            Result<ConnectionSettings> settings = m_context.connectionSettings();
            if (!settings)
                return settings.error();
            source->setConnectionSettings(*settings);
        }
        if (source->kind() == SchemaSource::Kind::Connection
            || source->kind() == SchemaSource::Kind::MigrationsFolder
            || source->kind() == SchemaSource::Kind::Dsn)
            source->setHistory(m_context.history);
        sources.append(std::move(source).value());
    }

    // Shadows go to a server one side lives on (same PostgreSQL version as
    // what they are compared with), else to the server the options name, else
    // to one local sandbox both sides share.
    ConnectionSettings shadowServer;
    bool haveShadowServer = false;
    for (const SchemaSource &s : std::as_const(sources))
        if (!s.needsShadow() && !haveShadowServer) {
            shadowServer = s.connectionSettings();
            haveShadowServer = true;
        }
    if (!haveShadowServer && m_context.serverGiven) {
        Result<ConnectionSettings> settings = m_context.connectionSettings();
        if (!settings)
            return settings.error();
        shadowServer = *settings;
        haveShadowServer = true;
    }
    // Shadows start from the baseline (extensions, search_path) of the database
    // the comparison is about: a side that is a database, else the one the
    // connection options name. Two shadows (a folder and a schema file) and no
    // database: nothing is copied.
    ShadowBaseline baseline;
    if (sources[0].needsShadow() || sources[1].needsShadow()) {
        std::optional<ConnectionSettings> target;
        for (const SchemaSource &s : std::as_const(sources))
            if (!s.needsShadow() && !target)
                target = s.connectionSettings();
        if (!target && m_context.serverGiven)
            target = shadowServer;
        if (target) {
            Result<ShadowBaseline> read = ShadowBaseline::read(*target);
            if (!read)
                return read.error();
            baseline = std::move(read).value();
        }
    }
    std::shared_ptr<SandboxCluster> sandbox;
    QList<SchemaModel> models;
    Compared compared;
    // Two databases: read both at once (two connections, two threads).
    if (!sources[0].needsShadow() && !sources[1].needsShadow()) {
        Result<std::pair<SchemaModel, SchemaModel>> both
            = SchemaSource::readDatabases(sources[0], sources[1]);
        if (!both)
            return both.error();
        models << std::move(both->first) << std::move(both->second);
    }
    for (const SchemaSource &source : std::as_const(sources)) {
        if (models.size() == 2)
            break;
        if (source.needsShadow() && !m_context.json) {
            m_err << "Loading " << source.describe() << " into a shadow database...\n";
            m_err.flush();
        }
        Result<SchemaSource::Opened> opened
            = source.open(haveShadowServer ? &shadowServer : nullptr, &sandbox, {}, baseline);
        if (!opened)
            return opened.error();
        Result<SchemaModel> model = DatabaseSchema::read(*opened->connection, source.history());
        if (!model)
            return model.error();
        models.append(std::move(model).value());
        if (opened->shadow)
            if (Status s = opened->shadow->drop(); !s)
                return s.error();
    }
    compared.fromDescription = sources[0].describe();
    compared.toDescription = sources[1].describe();
    compared.diff = SchemaDiff::compare(models[0], models[1]);

    // --rename old=new accepts an offered candidate; names match in full
    // (public.t.old) or by their last parts (t.old, old).
    const QList<RenameCandidate> candidates = compared.diff.renameCandidates();
    auto matches = [](const QString &qualified, const QString &given) {
        return qualified == given || qualified.endsWith(QLatin1Char('.') + given);
    };
    for (const QString &rename : std::as_const(m_context.renames)) {
        const qsizetype eq = rename.indexOf(QLatin1Char('='));
        if (eq <= 0 || eq == rename.size() - 1)
            return StrataError::make(
                StrataError::Kind::Usage, QStringLiteral("--rename takes OLD=NEW, not '%1'").arg(rename));
        const QString oldName = rename.left(eq);
        const QString newName = rename.mid(eq + 1);
        bool found = false;
        for (const RenameCandidate &c : candidates) {
            if (matches(c.fromName, oldName) && matches(c.toName, newName)
                && !compared.accepted.contains(c)) {
                compared.accepted.append(c);
                found = true;
                break;
            }
        }
        if (!found) {
            QStringList offered;
            for (const RenameCandidate &c : candidates)
                offered << QStringLiteral("%1 %2=%3").arg(c.objectKind, c.fromName, c.toName);
            return StrataError::make(StrataError::Kind::Usage,
                QStringLiteral("--rename %1 matches no rename candidate of this diff (%2)")
                    .arg(rename,
                        offered.isEmpty()
                            ? QStringLiteral("there are none")
                            : QStringLiteral("candidates: ") + offered.join(QStringLiteral(", "))));
        }
    }
    for (const RenameCandidate &c : candidates)
        if (!compared.accepted.contains(c))
            compared.openCandidates.append(c);
    if (!compared.accepted.isEmpty())
        compared.diff = compared.diff.withRenames(compared.accepted);
    return compared;
}

int SchemaCommands::diff()
{
    Result<Compared> compared = compare();
    if (!compared)
        return fail(compared.error());
    const SchemaDiff &diff = compared->diff;
    if (m_context.json) {
        QJsonArray changes;
        for (const SchemaChange &c : diff.changes())
            changes.append(changeJson(c));
        QJsonArray candidates;
        for (const RenameCandidate &c : std::as_const(compared->openCandidates))
            candidates.append(QJsonObject { { QStringLiteral("objectKind"), c.objectKind },
                { QStringLiteral("from"), c.fromName }, { QStringLiteral("to"), c.toName } });
        QJsonObject root;
        root[QLatin1String("ok")] = true;
        root[QLatin1String("from")] = compared->fromDescription;
        root[QLatin1String("to")] = compared->toDescription;
        root[QLatin1String("empty")] = diff.isEmpty();
        root[QLatin1String("dataLoss")] = diff.hasDataLoss();
        root[QLatin1String("changes")] = changes;
        root[QLatin1String("upSql")] = diff.upSql();
        root[QLatin1String("downSql")] = diff.downSql();
        root[QLatin1String("renameCandidates")] = candidates;
        root[QLatin1String("notCompared")] = QJsonArray::fromStringList(diff.notCompared());
        m_out << QJsonDocument(root).toJson(QJsonDocument::Indented);
    } else {
        m_out << "-- From: " << compared->fromDescription << "\n-- To:   " << compared->toDescription << '\n';
        if (diff.isEmpty()) {
            m_out << "-- No differences.\n";
        } else {
            if (m_context.down)
                m_out << "\n-- up\n";
            m_out << '\n' << diff.upSql();
            if (m_context.down)
                m_out << "\n-- down\n\n" << diff.downSql();
            m_out << "\n-- " << diff.changes().size() << " change(s):\n";
            for (const SchemaChange &c : diff.changes())
                m_out << "--   " << SchemaChange::kindName(c.kind).leftJustified(7) << ' ' << c.objectKind
                      << ' ' << c.objectName << (c.dataLoss ? "  [DATA LOSS]" : "") << '\n';
        }
        for (const RenameCandidate &c : std::as_const(compared->openCandidates))
            m_out << "-- Possible rename: " << c.objectKind << ' ' << c.fromName << " -> " << c.toName
                  << " (shown as drop and add; accept with --rename " << c.fromName << '=' << c.toName
                  << ")\n";
        if (!diff.notCompared().isEmpty()) {
            m_out << "-- Not compared (kinds Strata does not compare yet):\n";
            for (const QString &o : diff.notCompared())
                m_out << "--   " << o << '\n';
        }
    }
    m_out.flush();
    return m_context.exitCode && !diff.isEmpty() ? CheckFailed : Success;
}

int SchemaCommands::generate(const QString &name)
{
    Result<Compared> compared = compare();
    if (!compared)
        return fail(compared.error());
    const SchemaDiff &diff = compared->diff;
    for (const RenameCandidate &c : std::as_const(compared->openCandidates))
        m_err << "note: possible rename " << c.objectKind << ' ' << c.fromName << " -> " << c.toName
              << " is written as drop and add; to rename instead, run again with --rename " << c.fromName
              << '=' << c.toName << '\n';
    for (const QString &o : diff.notCompared())
        m_err << "warning: not compared: " << o << '\n';
    m_err.flush();
    if (diff.isEmpty()) {
        StrataError e = StrataError::make(StrataError::Kind::Usage,
            QStringLiteral("no changes: %1 and %2 have the same schema; no migration written")
                .arg(compared->fromDescription, compared->toDescription));
        fail(e);
        return CheckFailed;
    }

    const QList<SchemaChange> changes = diff.changes();
    Result<QString> path = MigrationGenerator::write(
        m_context.migrationsDirectory(), name, diff, compared->fromDescription, compared->toDescription);
    if (!path)
        return fail(path.error());
    QByteArray text;
    if (QFile file(*path); file.open(QIODevice::ReadOnly))
        text = file.readAll();

    // The linter's view of what was written: data loss shows as its findings.
    LintFindingList findings;
    if (Result<Migration> parsed = MigrationFileParser::parse(*path, text)) {
        LintContext lintContext;
        LintConfig::load(m_context.migrationsDirectory()).applyTo(lintContext);
        findings = MigrationLinter::lint(*parsed, lintContext);
    }
    if (m_context.json) {
        QJsonArray list;
        for (const SchemaChange &c : changes)
            list.append(changeJson(c));
        QJsonArray lint;
        for (const LintFinding &f : std::as_const(findings))
            lint.append(QJsonObject { { QStringLiteral("ruleId"), f.ruleId },
                { QStringLiteral("severity"), LintFinding::severityName(f.severity) },
                { QStringLiteral("message"), f.message }, { QStringLiteral("line"), f.line } });
        QJsonObject root;
        root[QLatin1String("ok")] = true;
        root[QLatin1String("file")] = *path;
        root[QLatin1String("changes")] = list;
        root[QLatin1String("dataLoss")] = diff.hasDataLoss();
        root[QLatin1String("transactional")] = !diff.needsOutsideTransaction();
        root[QLatin1String("lint")] = lint;
        m_out << QJsonDocument(root).toJson(QJsonDocument::Indented);
    } else {
        m_out << "Created " << QDir::toNativeSeparators(*path) << " (" << changes.size() << " change(s))\n";
        for (const SchemaChange &c : changes)
            m_out << "  " << SchemaChange::kindName(c.kind).leftJustified(7) << ' ' << c.objectKind << ' '
                  << c.objectName << (c.dataLoss ? "  [DATA LOSS]" : "") << '\n';
        for (const LintFinding &f : std::as_const(findings))
            m_out << QDir::toNativeSeparators(*path) << ':' << f.line << ':' << f.column << ": "
                  << LintFinding::severityName(f.severity) << " [" << f.ruleId << "] " << f.message << '\n';
        if (diff.needsOutsideTransaction())
            m_out << "It runs outside a transaction (transaction:false): a change needs it.\n";
    }
    m_out.flush();
    return Success;
}

int SchemaCommands::verify()
{
    // The migrations as `up` runs them: .sql files, or TypeORM migrations.
    Result<MigrationSource::Scan> scan = m_context.scanMigrations();
    if (!scan)
        return fail(scan.error());
    if (!scan->problems.isEmpty()) {
        for (const StrataError &problem : scan->problems)
            m_err << "error: " << problem.toString() << '\n';
        return fail(StrataError::make(StrataError::Kind::Source,
            QStringLiteral("%1 malformed migration file(s); nothing was verified").arg(scan->problems.size()),
            scan->directory));
    }
    ConnectionSettings server;
    if (m_context.serverGiven) {
        Result<ConnectionSettings> settings = m_context.connectionSettings();
        if (!settings)
            return fail(settings.error());
        server = *settings;
    }
    MigrationVerifier verifier(m_context.history);
    // The shadow starts where the target starts (its extensions, search_path);
    // without a target it starts empty.
    if (m_context.serverGiven) {
        Result<ShadowBaseline> baseline = ShadowBaseline::read(server);
        if (!baseline)
            return fail(baseline.error());
        verifier.setBaseline(*baseline);
    }
    if (!m_context.json) {
        QObject::connect(&verifier, &MigrationVerifier::shadowCreated, [this](const QString &where) {
            m_out << "Verifying in " << where << '\n';
            m_out.flush();
        });
        QObject::connect(&verifier, &MigrationVerifier::verificationStarted,
            [this](int index, int count, const QString &name) {
                m_out << QStringLiteral("[%1/%2] %3").arg(count - index).arg(count).arg(name);
                m_out.flush();
            });
        QObject::connect(
            &verifier, &MigrationVerifier::migrationVerified, [this](int, const MigrationVerdict &v) {
                m_out << " ... " << MigrationVerdict::outcomeText(v.outcome) << '\n';
                for (const QString &d : v.differences)
                    m_out << "    " << d << '\n';
                if (v.hasError())
                    m_out << "    " << v.error.toString().replace(QLatin1Char('\n'), QStringLiteral("\n    "))
                          << '\n';
                if (v.outcome == MigrationVerdict::Outcome::DownMissing)
                    m_out << "    " << QDir::toNativeSeparators(v.filePath) << " has no down section\n";
                m_out.flush();
            });
    }
    const VerificationReport report
        = verifier.verify(scan->migrations, m_context.serverGiven ? &server : nullptr);
    if (m_context.json) {
        QJsonArray list;
        for (const MigrationVerdict &v : report.verdicts) {
            QJsonObject o { { QStringLiteral("name"), v.name }, { QStringLiteral("file"), v.filePath },
                { QStringLiteral("outcome"), MigrationVerdict::outcomeName(v.outcome) },
                { QStringLiteral("differences"), QJsonArray::fromStringList(v.differences) } };
            if (v.hasError())
                o[QLatin1String("error")] = StatusPrinter::errorJson(v.error);
            list.append(o);
        }
        QJsonObject root;
        root[QLatin1String("ok")] = report.ok();
        root[QLatin1String("shadow")] = report.shadow;
        root[QLatin1String("migrations")] = list;
        root[QLatin1String("failures")] = report.failureCount();
        if (report.failed)
            root[QLatin1String("error")] = StatusPrinter::errorJson(report.error);
        m_out << QJsonDocument(root).toJson(QJsonDocument::Indented);
        m_out.flush();
    }
    if (report.failed) {
        m_err << "error: " << report.error.toString() << '\n';
        m_err.flush();
        return report.error.kind == StrataError::Kind::Usage ? UsageError : Failure;
    }
    if (!m_context.json) {
        m_out << report.verdicts.size()
              << " migration(s) verified: " << report.verdicts.size() - report.failureCount() << " ok, "
              << report.failureCount() << " failed.\n";
        m_out.flush();
    }
    return report.ok() ? Success : CheckFailed;
}
