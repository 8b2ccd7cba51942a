#include "MigrationLinter.h"

#include "LintRule.h"
#include "common/TextPosition.h"
#include "sql/SqlScript.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pg_query.h>

#include <algorithm>

namespace {

using Severity = LintFinding::Severity;

QLatin1String key(const char *k)
{
    return QLatin1String(k);
}

QJsonObject objectAt(const QJsonObject &o, const char *k)
{
    return o.value(key(k)).toObject();
}

QString stringAt(const QJsonObject &o, const char *k)
{
    return o.value(key(k)).toString();
}

// [{"String":{"sval":"a"}}, {"String":{"sval":"b"}}] -> "a.b"
QString joinNames(const QJsonArray &names)
{
    QStringList parts;
    for (const QJsonValue &v : names)
        parts.append(objectAt(v.toObject(), "String").value(key("sval")).toString());
    return parts.join(QLatin1Char('.'));
}

// A RangeVar as the SQL wrote it: "schema.table" or "table".
QString rangeVarName(const QJsonObject &rangeVar)
{
    const QString schema = stringAt(rangeVar, "schemaname");
    const QString name = stringAt(rangeVar, "relname");
    return schema.isEmpty() ? name : schema + QLatin1Char('.') + name;
}

QString unqualified(const QString &name)
{
    return name.section(QLatin1Char('.'), -1);
}

// The name of one entry of DropStmt.objects, whose node kind depends on what is
// dropped (List for relations, TypeName for types, String for schemas ...).
QString dropObjectName(const QJsonObject &object)
{
    if (object.contains(key("List")))
        return joinNames(objectAt(object, "List").value(key("items")).toArray());
    if (object.contains(key("TypeName")))
        return joinNames(objectAt(object, "TypeName").value(key("names")).toArray());
    if (object.contains(key("ObjectWithArgs")))
        return joinNames(objectAt(object, "ObjectWithArgs").value(key("objname")).toArray());
    if (object.contains(key("String")))
        return objectAt(object, "String").value(key("sval")).toString();
    return {};
}

// What a DROP removes, in the words used for created objects below.
QString dropKind(const QString &removeType)
{
    static const QHash<QString, QString> kinds {
        { QStringLiteral("OBJECT_TABLE"), QStringLiteral("table") },
        { QStringLiteral("OBJECT_INDEX"), QStringLiteral("index") },
        { QStringLiteral("OBJECT_TYPE"), QStringLiteral("type") },
        { QStringLiteral("OBJECT_DOMAIN"), QStringLiteral("type") },
        { QStringLiteral("OBJECT_VIEW"), QStringLiteral("view") },
        { QStringLiteral("OBJECT_MATVIEW"), QStringLiteral("materialized view") },
        { QStringLiteral("OBJECT_SEQUENCE"), QStringLiteral("sequence") },
        { QStringLiteral("OBJECT_SCHEMA"), QStringLiteral("schema") },
        { QStringLiteral("OBJECT_FUNCTION"), QStringLiteral("function") },
        { QStringLiteral("OBJECT_PROCEDURE"), QStringLiteral("function") },
        { QStringLiteral("OBJECT_ROUTINE"), QStringLiteral("function") },
        { QStringLiteral("OBJECT_EXTENSION"), QStringLiteral("extension") },
    };
    return kinds.value(removeType);
}

// Functions whose value differs per row, so a DEFAULT using them makes ADD
// COLUMN rewrite the table (a constant or stable default is stored once).
bool isVolatileFunction(const QString &name)
{
    static const QSet<QString> names { QStringLiteral("random"), QStringLiteral("gen_random_uuid"),
        QStringLiteral("uuid_generate_v1"), QStringLiteral("uuid_generate_v1mc"),
        QStringLiteral("uuid_generate_v4"), QStringLiteral("clock_timestamp"), QStringLiteral("timeofday"),
        QStringLiteral("nextval"), QStringLiteral("txid_current"), QStringLiteral("random_normal") };
    return names.contains(name);
}

// The first volatile function called anywhere in an expression tree.
QString volatileCallIn(const QJsonValue &value)
{
    if (value.isArray()) {
        for (const QJsonValue &v : value.toArray())
            if (QString f = volatileCallIn(v); !f.isEmpty())
                return f;
    } else if (value.isObject()) {
        const QJsonObject o = value.toObject();
        if (o.contains(key("FuncCall"))) {
            const QString f
                = unqualified(joinNames(objectAt(o, "FuncCall").value(key("funcname")).toArray()));
            if (isVolatileFunction(f))
                return f;
        }
        for (auto it = o.constBegin(); it != o.constEnd(); ++it)
            if (QString f = volatileCallIn(it.value()); !f.isEmpty())
                return f;
    }
    return {};
}

// The type's own name without pg_catalog: "varchar", "timestamp", "serial".
QString columnType(const QJsonObject &columnDef)
{
    return unqualified(joinNames(objectAt(columnDef, "typeName").value(key("names")).toArray()));
}

bool isSerialType(const QString &type)
{
    static const QSet<QString> serials { QStringLiteral("serial"), QStringLiteral("bigserial"),
        QStringLiteral("smallserial"), QStringLiteral("serial2"), QStringLiteral("serial4"),
        QStringLiteral("serial8") };
    return serials.contains(type);
}

struct ParsedStatement
{
    SqlStatement statement; // text, file position, notInTransactionReason
    QString type; // "CreateStmt", ...
    QJsonObject node; // the statement node's fields
};

// SqlScript gives file positions; the tree comes from one more pg_query_parse
// of the same text, so both list the same statements in the same order.
std::optional<QList<ParsedStatement>> parseSection(const Migration &m, const MigrationSection &section)
{
    Result<QList<SqlStatement>> statements
        = SqlScript::parse(section.sql, m.text, section.fileOffset, m.filePath, m.sourceMap);
    if (!statements)
        return std::nullopt;
    PgQueryParseResult parsed = pg_query_parse(section.sql.constData());
    if (parsed.error) {
        pg_query_free_parse_result(parsed);
        return std::nullopt;
    }
    const QJsonArray raws
        = QJsonDocument::fromJson(QByteArray(parsed.parse_tree)).object().value(key("stmts")).toArray();
    pg_query_free_parse_result(parsed);
    if (raws.size() != statements->size())
        return std::nullopt;
    QList<ParsedStatement> result;
    for (qsizetype i = 0; i < raws.size(); ++i) {
        const QJsonObject stmt = objectAt(raws.at(i).toObject(), "stmt");
        ParsedStatement p;
        p.statement = statements->at(i);
        if (!stmt.isEmpty()) {
            p.type = stmt.constBegin().key();
            p.node = stmt.constBegin().value().toObject();
        }
        result.append(std::move(p));
    }
    return result;
}

struct CreatedObject
{
    QString kind;
    QString name; // as written
    QString table; // for an index: the table it is on
    SqlStatement statement;
};

QString humanBytes(qint64 bytes)
{
    const char *units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
    double value = double(bytes);
    int unit = 0;
    while (value >= 1024.0 && unit < 4) {
        value /= 1024.0;
        ++unit;
    }
    return unit == 0 ? QStringLiteral("%1 B").arg(bytes)
                     : QStringLiteral("%1 %2").arg(value, 0, 'f', 1).arg(QLatin1String(units[unit]));
}

class Checker
{
public:
    Checker(const Migration &m, const LintContext &context)
        : m_migration(m)
        , m_context(context)
        , m_disabled(context.disabledRules + MigrationLinter::disabledInFile(m.text))
    {
    }

    void add(const char *ruleId, const SqlStatement *at, const QString &message, const QString &table = {})
    {
        const QString id = QLatin1String(ruleId);
        if (m_disabled.contains(id))
            return;
        const LintRule *rule = LintRule::find(id);
        Q_ASSERT(rule);
        LintFinding f;
        f.ruleId = id;
        f.severity = rule->defaultSeverity;
        f.message = message;
        f.explanation = rule->explanation;
        f.file = m_migration.filePath;
        f.section = m_section;
        f.table = table;
        if (at) {
            f.line = at->line;
            f.column = at->column;
        } else {
            f.line = 1;
            f.column = 1;
        }
        if (!table.isEmpty() && m_context.tableSizes.contains(table)) {
            const TableSize size = m_context.tableSizes.value(table);
            f.tableBytes = size.bytes;
            f.tableRows = size.rows;
            if (rule->locking && size.bytes > m_context.largeTableBytes) {
                f.severity = Severity::Error;
                f.message += QStringLiteral(" on a large table: %1 is %2").arg(table, humanBytes(size.bytes));
                if (size.rows >= 0)
                    f.message += QStringLiteral(", about %1 rows").arg(size.rows);
            }
        }
        m_findings.append(std::move(f));
    }

    void checkUp(const QList<ParsedStatement> &statements)
    {
        m_section = QStringLiteral("up");
        for (const ParsedStatement &p : statements) {
            checkTransaction(p);
            checkUpStatement(p);
        }
    }

    void checkDown(const QList<ParsedStatement> &statements)
    {
        m_section = QStringLiteral("down");
        for (const ParsedStatement &p : statements) {
            checkTransaction(p);
            if (p.type == QLatin1String("DropStmt")) {
                const QString removeType = stringAt(p.node, "removeType");
                const QString kind = dropKind(removeType);
                QStringList names;
                for (const QJsonValue &o : p.node.value(key("objects")).toArray()) {
                    names.append(dropObjectName(o.toObject()));
                    m_dropped.insert(kind + QLatin1Char(':') + unqualified(names.constLast()));
                }
                // OBJECT_MATVIEW -> "MATVIEW": good enough for a message about any kind.
                const QString what
                    = removeType.mid(int(qstrlen("OBJECT_"))).replace(QLatin1Char('_'), QLatin1Char(' '));
                if (!p.node.value(key("missing_ok")).toBool())
                    add("missing-if-exists", &p.statement,
                        QStringLiteral("DROP %1 %2 without IF EXISTS in the down section")
                            .arg(what, names.join(QStringLiteral(", "))));
            } else if (p.type == QLatin1String("AlterTableStmt")) {
                for (const QJsonValue &c : p.node.value(key("cmds")).toArray()) {
                    const QJsonObject cmd = objectAt(c.toObject(), "AlterTableCmd");
                    if (stringAt(cmd, "subtype") == QLatin1String("AT_DropColumn")
                        && !cmd.value(key("missing_ok")).toBool())
                        add("missing-if-exists", &p.statement,
                            QStringLiteral("DROP COLUMN %1 without IF EXISTS in the down section")
                                .arg(stringAt(cmd, "name")));
                }
            }
        }
    }

    // After both sections: every object up creates should be dropped by down.
    void checkUndone()
    {
        m_section = QStringLiteral("up");
        for (const CreatedObject &c : std::as_const(m_created)) {
            const QString name = unqualified(c.name);
            if (m_dropped.contains(c.kind + QLatin1Char(':') + name))
                continue;
            // Dropping a table drops its indexes.
            if (c.kind == QLatin1String("index")
                && m_dropped.contains(QStringLiteral("table:") + unqualified(c.table)))
                continue;
            add("down-does-not-undo", &c.statement,
                QStringLiteral("%1 %2 is created in up but never dropped in down").arg(c.kind, c.name));
        }
    }

    void setSection(const QString &section) { m_section = section; }
    LintFindingList takeFindings() { return std::move(m_findings); }

private:
    void checkTransaction(const ParsedStatement &p)
    {
        if (m_migration.transactional && !p.statement.notInTransactionReason.isEmpty())
            add("non-transactional-statement", &p.statement,
                QStringLiteral("%1 cannot run inside a transaction; mark the migration transaction:false")
                    .arg(p.statement.notInTransactionReason));
    }

    // A locking rule does not apply to a table this migration created: it is
    // new and empty, nobody else is using it yet.
    bool isNewTable(const QString &table) const { return m_newTables.contains(unqualified(table)); }

    void created(const char *kind, const QString &name, const ParsedStatement &p, const QString &table = {})
    {
        if (!name.isEmpty())
            m_created.append(CreatedObject { QLatin1String(kind), name, table, p.statement });
    }

    void checkColumnType(const QJsonObject &columnDef, const ParsedStatement &p, const QString &table)
    {
        const QJsonObject typeName = objectAt(columnDef, "typeName");
        const QString type = columnType(columnDef);
        const QString column = stringAt(columnDef, "colname");
        const QString where = table.isEmpty() ? column : table + QLatin1Char('.') + column;
        if (type == QLatin1String("varchar") && !typeName.value(key("typmods")).toArray().isEmpty())
            add("prefer-text", &p.statement,
                QStringLiteral("column %1 is varchar(n); prefer text").arg(where));
        else if (type == QLatin1String("timestamp"))
            add("timestamp-without-time-zone", &p.statement,
                QStringLiteral("column %1 is timestamp without time zone; prefer timestamptz").arg(where));
        else if (isSerialType(type))
            add("prefer-identity", &p.statement,
                QStringLiteral("column %1 is %2; prefer GENERATED ALWAYS AS IDENTITY").arg(where, type));
    }

    void checkAlterTable(const ParsedStatement &p)
    {
        const QString table = rangeVarName(objectAt(p.node, "relation"));
        const bool fresh = isNewTable(table);
        for (const QJsonValue &c : p.node.value(key("cmds")).toArray()) {
            const QJsonObject cmd = objectAt(c.toObject(), "AlterTableCmd");
            const QString subtype = stringAt(cmd, "subtype");
            const QString column = stringAt(cmd, "name");
            if (subtype == QLatin1String("AT_DropColumn")) {
                add("drop-column", &p.statement, QStringLiteral("drops column %1.%2").arg(table, column),
                    table);
            } else if (subtype == QLatin1String("AT_AddConstraint")) {
                const QJsonObject constraint = objectAt(objectAt(cmd, "def"), "Constraint");
                const QString type = stringAt(constraint, "contype");
                const bool validates = !constraint.value(key("skip_validation")).toBool();
                if (fresh || !validates)
                    continue;
                if (type == QLatin1String("CONSTR_FOREIGN"))
                    add("fk-not-valid", &p.statement,
                        QStringLiteral("foreign key on %1 is validated while the tables are locked; add it "
                                       "NOT VALID and VALIDATE CONSTRAINT later")
                            .arg(table),
                        table);
                else if (type == QLatin1String("CONSTR_CHECK"))
                    add("check-not-valid", &p.statement,
                        QStringLiteral("CHECK constraint on %1 scans the table under an ACCESS EXCLUSIVE "
                                       "lock; add it NOT VALID and VALIDATE CONSTRAINT later")
                            .arg(table),
                        table);
            } else if (subtype == QLatin1String("AT_SetNotNull") && !fresh) {
                add("set-not-null", &p.statement,
                    QStringLiteral("SET NOT NULL on %1.%2 scans the table under an ACCESS EXCLUSIVE lock")
                        .arg(table, column),
                    table);
            } else if (subtype == QLatin1String("AT_AlterColumnType") && !fresh) {
                add("alter-column-type", &p.statement,
                    QStringLiteral("changing the type of %1.%2 may rewrite the table under an ACCESS "
                                   "EXCLUSIVE lock")
                        .arg(table, column),
                    table);
            } else if (subtype == QLatin1String("AT_AddColumn")) {
                const QJsonObject def = objectAt(objectAt(cmd, "def"), "ColumnDef");
                checkColumnType(def, p, table);
                if (fresh)
                    continue;
                // A serial column's default is nextval(), filled in for every existing row.
                if (isSerialType(columnType(def))) {
                    add("volatile-default", &p.statement,
                        QStringLiteral("column %1.%2 is %3, whose nextval() default rewrites the table")
                            .arg(table, stringAt(def, "colname"), columnType(def)),
                        table);
                    continue;
                }
                for (const QJsonValue &cv : def.value(key("constraints")).toArray()) {
                    const QJsonObject constraint = objectAt(cv.toObject(), "Constraint");
                    if (stringAt(constraint, "contype") != QLatin1String("CONSTR_DEFAULT"))
                        continue;
                    const QString function = volatileCallIn(constraint.value(key("raw_expr")));
                    if (!function.isEmpty())
                        add("volatile-default", &p.statement,
                            QStringLiteral("column %1.%2 defaults to %3(), which rewrites the table")
                                .arg(table, stringAt(def, "colname"), function),
                            table);
                }
            }
        }
    }

    void checkUpStatement(const ParsedStatement &p)
    {
        const QString &type = p.type;
        const QJsonObject &node = p.node;
        if (type == QLatin1String("DropStmt")) {
            const QString removeType = stringAt(node, "removeType");
            for (const QJsonValue &o : node.value(key("objects")).toArray()) {
                const QString name = dropObjectName(o.toObject());
                if (removeType == QLatin1String("OBJECT_TABLE"))
                    add("drop-table", &p.statement, QStringLiteral("drops table %1 and its data").arg(name),
                        name);
                else if (removeType == QLatin1String("OBJECT_SCHEMA"))
                    add("drop-schema", &p.statement, QStringLiteral("drops schema %1").arg(name));
            }
        } else if (type == QLatin1String("TruncateStmt")) {
            for (const QJsonValue &r : node.value(key("relations")).toArray()) {
                const QString table = rangeVarName(objectAt(r.toObject(), "RangeVar"));
                add("truncate", &p.statement, QStringLiteral("truncates %1").arg(table), table);
            }
        } else if (type == QLatin1String("DeleteStmt")) {
            if (!node.contains(key("whereClause"))) {
                const QString table = rangeVarName(objectAt(node, "relation"));
                add("delete-without-where", &p.statement,
                    QStringLiteral("DELETE FROM %1 without WHERE deletes every row").arg(table), table);
            }
        } else if (type == QLatin1String("UpdateStmt")) {
            if (!node.contains(key("whereClause"))) {
                const QString table = rangeVarName(objectAt(node, "relation"));
                add("update-without-where", &p.statement,
                    QStringLiteral("UPDATE %1 without WHERE rewrites every row").arg(table), table);
            }
        } else if (type == QLatin1String("IndexStmt")) {
            const QString table = rangeVarName(objectAt(node, "relation"));
            created("index", stringAt(node, "idxname"), p, table);
            if (!node.value(key("concurrent")).toBool() && !isNewTable(table))
                add("index-not-concurrent", &p.statement,
                    QStringLiteral("CREATE INDEX on %1 without CONCURRENTLY blocks writes while it builds")
                        .arg(table),
                    table);
        } else if (type == QLatin1String("AlterTableStmt")) {
            if (stringAt(node, "objtype") == QLatin1String("OBJECT_TABLE"))
                checkAlterTable(p);
        } else if (type == QLatin1String("VacuumStmt")) {
            bool full = false;
            for (const QJsonValue &o : node.value(key("options")).toArray())
                full
                    = full || stringAt(objectAt(o.toObject(), "DefElem"), "defname") == QLatin1String("full");
            if (full) {
                const QJsonArray rels = node.value(key("rels")).toArray();
                if (rels.isEmpty())
                    add("vacuum-full", &p.statement, QStringLiteral("VACUUM FULL rewrites every table"));
                for (const QJsonValue &r : rels) {
                    const QString table
                        = rangeVarName(objectAt(objectAt(r.toObject(), "VacuumRelation"), "relation"));
                    add("vacuum-full", &p.statement,
                        QStringLiteral("VACUUM FULL %1 rewrites the table under an ACCESS EXCLUSIVE lock")
                            .arg(table),
                        table);
                }
            }
        } else if (type == QLatin1String("ClusterStmt")) {
            const QString table = rangeVarName(objectAt(node, "relation"));
            add("cluster", &p.statement,
                table.isEmpty()
                    ? QStringLiteral("CLUSTER rewrites every clustered table")
                    : QStringLiteral("CLUSTER %1 rewrites the table under an ACCESS EXCLUSIVE lock")
                          .arg(table),
                table);
        } else if (type == QLatin1String("RenameStmt")) {
            const QString renameType = stringAt(node, "renameType");
            const QString table = rangeVarName(objectAt(node, "relation"));
            if (renameType == QLatin1String("OBJECT_TABLE"))
                add("rename-table", &p.statement,
                    QStringLiteral("renames table %1 to %2").arg(table, stringAt(node, "newname")), table);
            else if (renameType == QLatin1String("OBJECT_COLUMN"))
                add("rename-column", &p.statement,
                    QStringLiteral("renames column %1.%2 to %3")
                        .arg(table, stringAt(node, "subname"), stringAt(node, "newname")),
                    table);
        } else if (type == QLatin1String("CreateStmt")) {
            const QString table = rangeVarName(objectAt(node, "relation"));
            m_newTables.insert(unqualified(table));
            created("table", table, p);
            for (const QJsonValue &e : node.value(key("tableElts")).toArray())
                if (e.toObject().contains(key("ColumnDef")))
                    checkColumnType(objectAt(e.toObject(), "ColumnDef"), p, table);
        } else if (type == QLatin1String("CreateEnumStmt") || type == QLatin1String("CreateRangeStmt")) {
            created("type", joinNames(node.value(key("typeName")).toArray()), p);
        } else if (type == QLatin1String("CreateDomainStmt")) {
            created("type", joinNames(node.value(key("domainname")).toArray()), p);
        } else if (type == QLatin1String("CompositeTypeStmt")) {
            created("type", rangeVarName(objectAt(node, "typevar")), p);
        } else if (type == QLatin1String("ViewStmt")) {
            created("view", rangeVarName(objectAt(node, "view")), p);
        } else if (type == QLatin1String("CreateSeqStmt")) {
            created("sequence", rangeVarName(objectAt(node, "sequence")), p);
        } else if (type == QLatin1String("CreateTableAsStmt")) {
            const bool matview = stringAt(node, "objtype") == QLatin1String("OBJECT_MATVIEW");
            const QString name = rangeVarName(objectAt(objectAt(node, "into"), "rel"));
            created(matview ? "materialized view" : "table", name, p);
            if (!matview)
                m_newTables.insert(unqualified(name));
        } else if (type == QLatin1String("CreateSchemaStmt")) {
            created("schema", stringAt(node, "schemaname"), p);
        } else if (type == QLatin1String("CreateFunctionStmt")) {
            if (!node.value(key("replace")).toBool())
                created("function", joinNames(node.value(key("funcname")).toArray()), p);
        } else if (type == QLatin1String("CreateExtensionStmt")) {
            created("extension", stringAt(node, "extname"), p);
        }
    }

    const Migration &m_migration;
    const LintContext &m_context;
    const QSet<QString> m_disabled;
    QString m_section;
    LintFindingList m_findings;
    QSet<QString> m_newTables; // unqualified names created earlier in up
    QList<CreatedObject> m_created;
    QSet<QString> m_dropped; // "kind:unqualified name" dropped in down
};

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
    Checker checker(migration, context);
    const std::optional<QList<ParsedStatement>> up = parseSection(migration, migration.up);
    const std::optional<QList<ParsedStatement>> down
        = migration.down.present ? parseSection(migration, migration.down) : QList<ParsedStatement> {};
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

    LintFindingList findings = checker.takeFindings();
    std::stable_sort(findings.begin(), findings.end(), [](const LintFinding &a, const LintFinding &b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    return findings;
}
