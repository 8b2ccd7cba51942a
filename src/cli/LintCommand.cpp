#include "LintCommand.h"

#include "CliContext.h"
#include "StatusPrinter.h"
#include "db/PgConnection.h"
#include "history/HistoryStore.h"
#include "lint/LintConfig.h"
#include "lint/LintDatabaseFacts.h"
#include "lint/MigrationLinter.h"
#include "lint/SarifWriter.h"
#include "lint/TableSizes.h"
#include "migration/MigrationFileParser.h"
#include "migration/MigrationSource.h"
#include "sql/SqlScript.h"
#include "typeorm/TypeOrmMigrationSource.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

int LintCommand::run(const QStringList &files)
{
    QString format = m_cli.parser().isSet(QStringLiteral("format"))
        ? m_cli.parser().value(QStringLiteral("format"))
        : m_cli.json() ? QStringLiteral("json")
                       : QStringLiteral("text");
    if (format != QLatin1String("text") && format != QLatin1String("json")
        && format != QLatin1String("sarif"))
        return m_cli.usage(QStringLiteral("--format takes text, json or sarif, not '%1'").arg(format));

    // Files named on the command line, or the whole migrations folder.
    MigrationList migrations;
    QList<StrataError> problems;
    QString directory = m_cli.migrationsDirectory();
    if (files.isEmpty()) {
        Result<MigrationSource::Scan> scan = m_cli.scanMigrations();
        if (!scan)
            return m_cli.fail(scan.error());
        migrations = scan->migrations;
        problems = scan->problems;
        directory = scan->directory;
    } else {
        if (!m_cli.parser().isSet(QStringLiteral("migrations")))
            directory = QFileInfo(files.first()).absolutePath();
        for (const QString &file : files) {
            const QString path = QFileInfo(file).absoluteFilePath();
            if (path.endsWith(QLatin1String(".ts")) || path.endsWith(QLatin1String(".js"))) {
                // A TypeORM migration: its statements as the app's editor reads them.
                Result<MigrationSource::Scan> read
                    = TypeOrmMigrationSource::scanFiles({ path }, QFileInfo(path).absolutePath());
                if (!read) {
                    problems.append(read.error());
                    continue;
                }
                migrations.append(read->migrations);
                problems.append(read->problems);
                continue;
            }
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly)) {
                problems.append(StrataError::make(
                    StrataError::Kind::Io, QStringLiteral("cannot read: %1").arg(f.errorString()), path));
                continue;
            }
            Result<Migration> m = MigrationFileParser::parse(path, f.readAll());
            if (m)
                migrations.append(*m);
            else
                problems.append(m.error());
        }
    }
    // The linter skips a section it cannot parse; say so here, as validate does.
    for (const Migration &m : std::as_const(migrations)) {
        for (const MigrationSection *section : { &m.up, &m.down }) {
            if (!section->present && section == &m.down)
                continue;
            Result<QList<SqlStatement>> parsed
                = SqlScript::parse(section->sql, m.text, section->fileOffset, m.filePath, m.sourceMap);
            if (!parsed)
                problems.append(parsed.error());
        }
    }

    LintContext context;
    const LintConfig config = LintConfig::load(directory);
    config.applyTo(context);
    bool versionPinned = config.serverVersion > 0;
    if (m_cli.parser().isSet(QStringLiteral("pg-version"))) {
        context.serverVersion
            = LintConfig::parseServerVersion(m_cli.parser().value(QStringLiteral("pg-version")));
        versionPinned = true;
    }
    // The run sets lock_timeout itself: migrations need not.
    context.runnerSetsLockTimeout = m_cli.parser().isSet(QStringLiteral("lock-timeout"));

    // The database only adds knowledge (history, table sizes): lint works
    // offline, and connects only when the user pointed it at a server.
    std::unique_ptr<PgConnection> connection;
    const bool wantsDatabase = m_cli.serverNamed();
    if (wantsDatabase) {
        Result<std::unique_ptr<PgConnection>> opened = m_cli.connect();
        if (opened) {
            connection = std::move(opened).value();
        } else {
            m_cli.err() << "warning: linting without the database: " << opened.error().toString() << '\n';
        }
    }
    if (connection) {
        HistoryStore history(*connection, m_cli.historyTable());
        Result<bool> exists = history.exists();
        if (exists && *exists) {
            Result<AppliedMigrationList> applied = history.read();
            if (applied) {
                for (const AppliedMigration &a : *applied) {
                    context.newestAppliedTimestamp = qMax(context.newestAppliedTimestamp, a.timestamp);
                    context.appliedNames.insert(a.name);
                }
            } else {
                m_cli.err() << "warning: cannot read the history: " << applied.error().toString() << '\n';
            }
        } else if (!exists) {
            m_cli.err() << "warning: cannot read the history: " << exists.error().toString() << '\n';
        }
        if (std::optional<StrataError> e = LintDatabaseFacts::read(*connection, context, versionPinned))
            m_cli.err() << "warning: cannot read the catalog for lint: " << e->toString() << '\n';
    }

    auto lintAll = [&] { return MigrationLinter::lintChain(migrations, context); };
    LintFindingList findings = lintAll();
    if (connection) {
        QStringList tables;
        for (const LintFinding &f : std::as_const(findings))
            if (!f.table.isEmpty() && !tables.contains(f.table))
                tables.append(f.table);
        Result<QHash<QString, TableSize>> sizes = TableSizes::fetch(*connection, tables);
        if (sizes) {
            context.tableSizes = *sizes;
            findings = lintAll();
        } else {
            m_cli.err() << "warning: cannot read table sizes: " << sizes.error().toString() << '\n';
        }
    }

    int errors = 0;
    int warnings = 0;
    for (const LintFinding &f : std::as_const(findings)) {
        errors += f.severity == LintFinding::Severity::Error;
        warnings += f.severity == LintFinding::Severity::Warning;
    }
    if (format == QLatin1String("sarif")) {
        m_cli.out() << QJsonDocument(SarifWriter::write(findings, QDir::currentPath()))
                           .toJson(QJsonDocument::Indented);
    } else if (format == QLatin1String("json")) {
        QJsonArray list;
        for (const LintFinding &f : std::as_const(findings)) {
            QJsonObject o {
                { QStringLiteral("ruleId"), f.ruleId },
                { QStringLiteral("severity"), LintFinding::severityName(f.severity) },
                { QStringLiteral("message"), f.message },
                { QStringLiteral("explanation"), f.explanation },
                { QStringLiteral("file"), f.file },
                { QStringLiteral("line"), f.line },
                { QStringLiteral("column"), f.column },
                { QStringLiteral("section"), f.section },
            };
            if (!f.table.isEmpty())
                o.insert(QStringLiteral("table"), f.table);
            if (f.tableBytes >= 0)
                o.insert(QStringLiteral("tableBytes"), f.tableBytes);
            if (f.tableRows >= 0)
                o.insert(QStringLiteral("tableRows"), f.tableRows);
            QJsonArray fixes;
            for (const LintFix &fix : f.fixes)
                fixes.append(fix.toJson());
            if (!fixes.isEmpty())
                o.insert(QStringLiteral("fixes"), fixes);
            list.append(o);
        }
        QJsonArray problemList;
        for (const StrataError &p : std::as_const(problems))
            problemList.append(StatusPrinter::errorJson(p));
        QJsonObject root;
        root[QLatin1String("ok")] = errors == 0 && problems.isEmpty();
        root[QLatin1String("errors")] = errors;
        root[QLatin1String("warnings")] = warnings;
        root[QLatin1String("findings")] = list;
        root[QLatin1String("problems")] = problemList;
        m_cli.out() << QJsonDocument(root).toJson(QJsonDocument::Indented);
    } else {
        // file:line:col: severity [rule] message, as compilers print, so editors jump to it.
        const QDir here = QDir::current();
        for (const LintFinding &f : std::as_const(findings)) {
            const QString relative = here.relativeFilePath(f.file);
            const QString shown = relative.startsWith(QLatin1String("..")) ? f.file : relative;
            m_cli.out() << QDir::toNativeSeparators(shown) << ':' << f.line << ':' << f.column << ": "
                        << LintFinding::severityName(f.severity) << " [" << f.ruleId << "] " << f.message
                        << '\n';
        }
        m_cli.out() << migrations.size() << " file(s) linted: " << errors << " error(s), " << warnings
                    << " warning(s), " << findings.size() - errors - warnings << " note(s).\n";
    }
    m_cli.out().flush();
    for (const StrataError &p : std::as_const(problems))
        m_cli.err() << "error: " << p.toString() << '\n';
    m_cli.err().flush();
    if (!problems.isEmpty())
        return Failure;
    return errors > 0 ? CheckFailed : Success;
}
