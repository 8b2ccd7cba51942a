#include "MigrationLinter.h"

#include "LintChecker.h"
#include "ParseTree.h"
#include "common/TextPosition.h"
#include "sql/SqlScript.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pg_query.h>

#include <algorithm>

using namespace ParseTree;

namespace {

// SqlScript gives file positions; the tree comes from one more pg_query_parse
// of the same text, so both list the same statements in the same order.
std::optional<QList<LintStatement>> parseSection(const Migration &m, const MigrationSection &section)
{
    // A statement too deeply nested to read comes without a tree and gets no
    // finding; the others are still checked (the lint command reports it).
    Result<QList<SqlStatement>> statements
        = SqlScript::parse(section.sql, m.text, section.fileOffset, m.filePath, m.sourceMap, true);
    if (!statements)
        return std::nullopt;
    const std::optional<QJsonArray> trees = SqlScript::parseTrees(section.sql);
    if (!trees || trees->size() != statements->size())
        return std::nullopt;
    const QJsonArray &raws = *trees;
    QList<LintStatement> result;
    for (qsizetype i = 0; i < raws.size(); ++i) {
        const QJsonObject stmt = objectAt(raws.at(i).toObject(), "stmt");
        LintStatement p;
        p.statement = statements->at(i);
        if (!stmt.isEmpty()) {
            p.type = stmt.constBegin().key();
            p.node = stmt.constBegin().value().toObject();
        }
        result.append(std::move(p));
    }
    return result;
}

} // namespace

QSet<QString> MigrationLinter::disabledInFile(const QByteArray &text)
{
    // Comment lines, the same way the migrate:up/down markers are found: a
    // directive is a line of its own, not something inside a statement.
    QSet<QString> ids;
    const QLatin1String directive("strata:disable");
    for (const QByteArray &rawLine : text.split('\n')) {
        const QString line = QString::fromUtf8(rawLine).trimmed();
        if (!line.startsWith(QLatin1String("--")))
            continue;
        const QString comment = line.mid(2).trimmed();
        if (!comment.startsWith(directive))
            continue;
        const QString list = comment.mid(directive.size());
        if (!list.isEmpty() && !list.at(0).isSpace())
            continue; // strata:disabled-something is not the directive
        for (const QString &id : list.split(QLatin1Char(','), Qt::SkipEmptyParts))
            if (const QString trimmed = id.trimmed(); !trimmed.isEmpty())
                ids.insert(trimmed);
    }
    return ids;
}

LintFindingList MigrationLinter::lint(const Migration &migration, const LintContext &context)
{
    return lint(migration, context, nullptr);
}

LintFindingList MigrationLinter::lintChain(const QList<Migration> &migrations, const LintContext &context)
{
    // What one migration proves (a validated CHECK (col IS NOT NULL)) or
    // leaves pending (the same check NOT VALID) is known to the ones after it.
    QList<const Migration *> ordered;
    for (const Migration &m : migrations)
        ordered.append(&m);
    std::stable_sort(ordered.begin(), ordered.end(),
        [](const Migration *a, const Migration *b) { return a->timestamp < b->timestamp; });
    LintContext running = context;
    QHash<const Migration *, LintFindingList> findings;
    for (const Migration *m : std::as_const(ordered))
        findings.insert(m, lint(*m, running, &running));
    LintFindingList all;
    for (const Migration &m : migrations)
        all += findings.value(&m);
    return all;
}

LintFindingList MigrationLinter::lint(
    const Migration &migration, const LintContext &context, LintContext *after)
{
    LintChecker checker(migration, context, context.disabledRules + disabledInFile(migration.text));
    const std::optional<QList<LintStatement>> up = parseSection(migration, migration.up);
    const std::optional<QList<LintStatement>> down
        = migration.down.present ? parseSection(migration, migration.down) : QList<LintStatement> {};
    if (up)
        checker.checkUp(*up);
    if (down)
        checker.checkDown(*down);

    if (down && down->isEmpty()) {
        checker.setSection(QStringLiteral("down"));
        if (migration.down.present) {
            // Point at the down section itself, where the statements belong.
            const TextPosition at = migration.positionAt(migration.down.fileOffset);
            SqlStatement where;
            where.line = at.line;
            where.column = at.column;
            checker.add("empty-down", &where, QStringLiteral("the down section has no statements"));
        } else {
            checker.add("empty-down", nullptr, QStringLiteral("the migration has no down section"));
        }
    } else if (up && down) {
        checker.checkUndone();
    }

    if (context.newestAppliedTimestamp > 0 && migration.timestamp < context.newestAppliedTimestamp
        && !context.appliedNames.contains(migration.historyName())) {
        checker.setSection({});
        checker.add("older-than-applied", nullptr,
            QStringLiteral("timestamp %1 is older than the newest applied migration (%2)")
                .arg(migration.timestamp)
                .arg(context.newestAppliedTimestamp));
    }

    if (after) {
        after->provenNotNull += checker.provenNotNull();
        const QHash<QString, QString> pending = checker.pendingNotNullChecks();
        for (auto it = pending.cbegin(); it != pending.cend(); ++it)
            after->pendingNotNullChecks.insert(it.key(), it.value());
    }
    LintFindingList findings = checker.takeFindings();
    std::stable_sort(findings.begin(), findings.end(), [](const LintFinding &a, const LintFinding &b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    return findings;
}
