#include "LintFixWriter.h"

#include "ParseTree.h"
#include "db/PgConnection.h"
#include "migration/MigrationName.h"

using namespace ParseTree;

namespace {

// The statement's bytes in the file, with its semicolon and the line break
// after it: what a fix that moves the statement elsewhere removes.
LintFix::Edit removal(const Migration &m, const SqlStatement &s)
{
    qsizetype end = s.sourceOffset + s.text.size();
    qsizetype at = end;
    while (at < m.text.size() && (m.text.at(at) == ' ' || m.text.at(at) == '\t'))
        ++at;
    if (at < m.text.size() && m.text.at(at) == ';') {
        end = at + 1;
        while (end < m.text.size() && (m.text.at(end) == ' ' || m.text.at(end) == '\t'))
            ++end;
        if (end < m.text.size() && m.text.at(end) == '\n')
            ++end;
    }
    return LintFix::Edit { s.sourceOffset, end, {} };
}

LintFix::Edit replacement(const SqlStatement &s, const QByteArray &text)
{
    return LintFix::Edit { s.sourceOffset, s.sourceOffset + s.text.size(), text };
}

// <timestamp + offset>-<Name><suffix>.sql: right after (or before) the
// migration it is split from.
QString neighbourFileName(const Migration &m, qint64 offset, const QString &suffix)
{
    return QStringLiteral("%1-%2.sql")
        .arg(m.timestamp + offset, 13, 10, QLatin1Char('0'))
        .arg(MigrationName::encodeStem(m.name + suffix));
}

QByteArray migrationText(const QByteArray &up, const QByteArray &down, bool transactional)
{
    const QByteArray option = transactional ? QByteArray() : QByteArrayLiteral(" transaction:false");
    return "-- Split from a migration by strata lint's fix.\n\n-- migrate:up" + option + "\n" + up
        + "\n\n-- migrate:down\n" + down + "\n";
}

QByteArray quoted(const QString &name)
{
    return PgConnection::quoteIdentifier(name).toUtf8();
}

// "schema.table" as the SQL wrote it, quoted part by part.
QByteArray quotedQualified(const QString &name)
{
    QByteArrayList parts;
    for (const QString &part : name.split(QLatin1Char('.')))
        parts.append(quoted(part));
    return parts.join('.');
}

// The single subcommand of an ALTER TABLE; empty when it has several (a fix
// would have to split the statement, which is the author's call).
QJsonObject onlyCommand(const QJsonObject &alterTable)
{
    const QJsonArray cmds = alterTable.value(key("cmds")).toArray();
    return cmds.size() == 1 ? objectAt(cmds.first().toObject(), "AlterTableCmd") : QJsonObject();
}

QList<LintFix> concurrentIndex(const Migration &m, const LintStatement &p)
{
    const QByteArray &sql = p.statement.text;
    const qsizetype at = sql.toUpper().indexOf("INDEX");
    const QString name = stringAt(p.node, "idxname");
    if (at < 0 || name.isEmpty())
        return {};
    QByteArray concurrent = sql;
    concurrent.insert(at + 5, " CONCURRENTLY");
    LintFix fix;
    fix.title = QStringLiteral("Build the index CONCURRENTLY in a transaction:false migration of its own");
    fix.edits = { removal(m, p.statement) };
    fix.newFileName = neighbourFileName(m, 1, QStringLiteral("Concurrently"));
    const QString schema = stringAt(objectAt(p.node, "relation"), "schemaname");
    const QByteArray index = schema.isEmpty() ? quoted(name) : quoted(schema) + "." + quoted(name);
    fix.newFileText
        = migrationText(concurrent + ";", "DROP INDEX CONCURRENTLY IF EXISTS " + index + ";", false);
    return { fix };
}

QList<LintFix> concurrentDropIndex(const Migration &m, const LintStatement &p)
{
    const QJsonArray objects = p.node.value(key("objects")).toArray();
    if (objects.size() != 1)
        return {};
    QByteArray sql = p.statement.text;
    const qsizetype at = sql.toUpper().indexOf("INDEX");
    if (at < 0)
        return {};
    sql.insert(at + 5, " CONCURRENTLY");
    LintFix fix;
    fix.title = QStringLiteral("Drop the index CONCURRENTLY in a transaction:false migration of its own");
    fix.edits = { removal(m, p.statement) };
    fix.newFileName = neighbourFileName(m, 1, QStringLiteral("DropIndexConcurrently"));
    fix.newFileText
        = migrationText(sql + ";", "-- Recreate the index here (CREATE INDEX CONCURRENTLY ...).", false);
    return { fix };
}

// ADD CONSTRAINT name ... NOT VALID here, VALIDATE CONSTRAINT in the next migration.
QList<LintFix> notValidThenValidate(const Migration &m, const LintStatement &p)
{
    const QJsonObject cmd = onlyCommand(p.node);
    const QJsonObject constraint = objectAt(objectAt(cmd, "def"), "Constraint");
    const QString name = stringAt(constraint, "conname");
    if (stringAt(cmd, "subtype") != QLatin1String("AT_AddConstraint") || name.isEmpty())
        return {};
    const QByteArray table = quotedQualified(rangeVarName(objectAt(p.node, "relation")));
    LintFix fix;
    fix.title = QStringLiteral("Add the constraint NOT VALID here and validate it in a later migration");
    fix.edits = { LintFix::Edit { p.statement.sourceOffset + p.statement.text.size(),
        p.statement.sourceOffset + p.statement.text.size(), " NOT VALID" } };
    fix.newFileName = neighbourFileName(m, 1, QStringLiteral("Validate"));
    fix.newFileText = migrationText("ALTER TABLE " + table + " VALIDATE CONSTRAINT " + quoted(name) + ";",
        "SELECT 1; -- nothing to undo", true);
    return { fix };
}

// PostgreSQL 12+: a validated CHECK (col IS NOT NULL) lets SET NOT NULL skip its scan.
QList<LintFix> notNullThroughCheck(const Migration &m, const LintStatement &p)
{
    const QJsonObject cmd = onlyCommand(p.node);
    if (stringAt(cmd, "subtype") != QLatin1String("AT_SetNotNull"))
        return {};
    const QString tableName = rangeVarName(objectAt(p.node, "relation"));
    const QString column = stringAt(cmd, "name");
    const QString checkName
        = (unqualified(tableName) + QLatin1Char('_') + column + QStringLiteral("_not_null")).left(63);
    const QByteArray table = quotedQualified(tableName);
    const QByteArray check = quoted(checkName);
    LintFix fix;
    fix.title
        = QStringLiteral("Go through a NOT VALID check, validated in a later migration (PostgreSQL 12+)");
    fix.edits = { replacement(p.statement,
        "ALTER TABLE " + table + " ADD CONSTRAINT " + check + " CHECK (" + quoted(column)
            + " IS NOT NULL) NOT VALID") };
    fix.newFileName = neighbourFileName(m, 1, QStringLiteral("SetNotNull"));
    // SET NOT NULL still takes an ACCESS EXCLUSIVE lock, briefly: not behind a queue.
    fix.newFileText = migrationText("SET lock_timeout = '5s';\nALTER TABLE " + table + " VALIDATE CONSTRAINT "
            + check + ";\nALTER TABLE " + table + " ALTER COLUMN " + quoted(column)
            + " SET NOT NULL;\nALTER TABLE " + table + " DROP CONSTRAINT " + check + ";",
        "SET lock_timeout = '5s';\nALTER TABLE " + table + " ALTER COLUMN " + quoted(column)
            + " DROP NOT NULL;",
        true);
    return { fix };
}

// CREATE UNIQUE INDEX CONCURRENTLY in a migration before this one, then the
// constraint USING INDEX, which is instant.
QList<LintFix> uniqueUsingIndex(const Migration &m, const LintStatement &p)
{
    const QJsonObject cmd = onlyCommand(p.node);
    const QJsonObject constraint = objectAt(objectAt(cmd, "def"), "Constraint");
    const QString type = stringAt(constraint, "contype");
    const QString name = stringAt(constraint, "conname");
    const QJsonArray keys = constraint.value(key("keys")).toArray();
    if (stringAt(cmd, "subtype") != QLatin1String("AT_AddConstraint") || name.isEmpty() || keys.isEmpty()
        || (type != QLatin1String("CONSTR_UNIQUE") && type != QLatin1String("CONSTR_PRIMARY"))
        || constraint.contains(key("including")) || constraint.contains(key("options")))
        return {};
    QByteArrayList columns;
    for (const QJsonValue &k : keys)
        columns.append(quoted(stringAt(objectAt(k.toObject(), "String"), "sval")));
    const QString tableName = rangeVarName(objectAt(p.node, "relation"));
    const QByteArray table = quotedQualified(tableName);
    const QString schema = stringAt(objectAt(p.node, "relation"), "schemaname");
    const QByteArray index = schema.isEmpty() ? quoted(name) : quoted(schema) + "." + quoted(name);
    const QByteArray kind = type == QLatin1String("CONSTR_PRIMARY") ? "PRIMARY KEY" : "UNIQUE";
    LintFix fix;
    fix.title
        = QStringLiteral("Build the unique index CONCURRENTLY first, then add the constraint USING INDEX");
    fix.edits = { replacement(p.statement,
        "ALTER TABLE " + table + " ADD CONSTRAINT " + quoted(name) + " " + kind + " USING INDEX "
            + quoted(name)) };
    fix.newFileName = neighbourFileName(m, -1, QStringLiteral("UniqueIndex"));
    fix.newFileText = migrationText("CREATE UNIQUE INDEX CONCURRENTLY " + quoted(name) + " ON " + table + " ("
            + columns.join(", ") + ");",
        "DROP INDEX CONCURRENTLY IF EXISTS " + index + ";", false);
    return { fix };
}

QList<LintFix> lockTimeoutFirst(const Migration &m, const QString &section)
{
    const MigrationSection &s = section == QLatin1String("down") ? m.down : m.up;
    // Right after the section's marker line, before its first statement.
    LintFix fix;
    fix.title = QStringLiteral("Set lock_timeout at the start of the section");
    fix.edits = { LintFix::Edit { s.fileOffset, s.fileOffset, "SET lock_timeout = '5s';\n" } };
    return { fix };
}

} // namespace

QList<LintFix> LintFixWriter::fixesFor(
    const QString &ruleId, const Migration &migration, const LintStatement &statement, const QString &section)
{
    // Byte offsets are into a .sql file's text; a TypeORM file maps its
    // statements from TypeScript, where these edits would not apply.
    if (!migration.filePath.endsWith(QLatin1String(".sql")) || statement.type.isEmpty())
        return {};
    const QString &type = statement.type;
    if (ruleId == QLatin1String("index-not-concurrent") && type == QLatin1String("IndexStmt"))
        return concurrentIndex(migration, statement);
    if (ruleId == QLatin1String("drop-index-not-concurrent") && type == QLatin1String("DropStmt"))
        return concurrentDropIndex(migration, statement);
    if ((ruleId == QLatin1String("fk-not-valid") || ruleId == QLatin1String("check-not-valid"))
        && type == QLatin1String("AlterTableStmt"))
        return notValidThenValidate(migration, statement);
    if (ruleId == QLatin1String("set-not-null") && type == QLatin1String("AlterTableStmt"))
        return notNullThroughCheck(migration, statement);
    if (ruleId == QLatin1String("unique-without-index") && type == QLatin1String("AlterTableStmt"))
        return uniqueUsingIndex(migration, statement);
    if (ruleId == QLatin1String("missing-lock-timeout"))
        return lockTimeoutFirst(migration, section);
    return {};
}
