#include "StatementRelations.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pg_query.h>

#include <array>

namespace {

using LockMode = StatementRelations::LockMode;

QJsonObject parseOne(const QByteArray &statement, QString *nodeType)
{
    PgQueryParseResult parsed = pg_query_parse(statement.constData());
    if (parsed.error) {
        pg_query_free_parse_result(parsed);
        return {};
    }
    const QJsonDocument tree = QJsonDocument::fromJson(QByteArray(parsed.parse_tree));
    pg_query_free_parse_result(parsed);
    const QJsonArray stmts = tree.object().value(QLatin1String("stmts")).toArray();
    if (stmts.isEmpty())
        return {};
    const QJsonObject stmt = stmts.first().toObject().value(QLatin1String("stmt")).toObject();
    if (stmt.isEmpty())
        return {};
    *nodeType = stmt.constBegin().key();
    return stmt.constBegin().value().toObject();
}

// The lock the statement takes on the tables it names. Coarse on purpose and
// never weaker than the server's: ALTER TABLE subcommands that take less than
// ACCESS EXCLUSIVE are counted as ACCESS EXCLUSIVE, and a table read inside an
// INSERT ... SELECT counts as written. A pre-flight that overstates a conflict
// costs a look; one that understates it costs an outage.
LockMode modeFor(const QString &type, const QJsonObject &node)
{
    if (type == QLatin1String("SelectStmt"))
        return node.value(QLatin1String("lockingClause")).toArray().isEmpty() ? LockMode::AccessShare
                                                                              : LockMode::RowShare;
    if (type == QLatin1String("InsertStmt") || type == QLatin1String("UpdateStmt")
        || type == QLatin1String("DeleteStmt") || type == QLatin1String("MergeStmt")
        || type == QLatin1String("CopyStmt"))
        return LockMode::RowExclusive;
    if (type == QLatin1String("IndexStmt"))
        return node.value(QLatin1String("concurrent")).toBool() ? LockMode::ShareUpdateExclusive
                                                                : LockMode::Share;
    if (type == QLatin1String("VacuumStmt") || type == QLatin1String("CreateStatsStmt"))
        return LockMode::ShareUpdateExclusive;
    if (type == QLatin1String("CreateTrigStmt"))
        return LockMode::ShareRowExclusive;
    if (type == QLatin1String("ViewStmt") || type == QLatin1String("CreateTableAsStmt"))
        return LockMode::AccessShare; // reads the tables it selects from
    if (type == QLatin1String("RefreshMatViewStmt"))
        return node.value(QLatin1String("concurrent")).toBool() ? LockMode::Exclusive
                                                                : LockMode::AccessExclusive;
    if (type == QLatin1String("LockStmt")) {
        // LockStmt.mode is the server's LOCKMODE number, 1 = AccessShare ... 8.
        const int m = node.value(QLatin1String("mode")).toInt(8);
        return static_cast<LockMode>(qBound(0, m - 1, 7));
    }
    return LockMode::AccessExclusive;
}

QString rangeVarName(const QJsonObject &rangeVar)
{
    const QString schema = rangeVar.value(QLatin1String("schemaname")).toString();
    const QString name = rangeVar.value(QLatin1String("relname")).toString();
    return schema.isEmpty() ? name : schema + QLatin1Char('.') + name;
}

void collectRangeVars(const QJsonValue &value, QStringList *names)
{
    if (value.isArray()) {
        for (const QJsonValue &v : value.toArray())
            collectRangeVars(v, names);
        return;
    }
    if (!value.isObject())
        return;
    const QJsonObject object = value.toObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        // A RangeVar is keyed "RangeVar" when it is a Node, and sits unkeyed
        // (with relname) in fields typed RangeVar*, such as AlterTableStmt.relation.
        if (it.key() == QLatin1String("RangeVar")) {
            names->append(rangeVarName(it.value().toObject()));
            continue;
        }
        const QJsonObject child = it.value().toObject();
        if (child.contains(QLatin1String("relname")) && !child.contains(QLatin1String("RangeVar"))) {
            names->append(rangeVarName(child));
            continue;
        }
        collectRangeVars(it.value(), names);
    }
}

QString joinNames(const QJsonArray &names)
{
    QStringList parts;
    for (const QJsonValue &v : names)
        parts.append(
            v.toObject().value(QLatin1String("String")).toObject().value(QLatin1String("sval")).toString());
    return parts.join(QLatin1Char('.'));
}

} // namespace

QList<StatementRelations::Relation> StatementRelations::of(const QByteArray &statement)
{
    QString type;
    const QJsonObject node = parseOne(statement, &type);
    if (type.isEmpty())
        return {};
    QStringList names;
    collectRangeVars(node, &names);
    if (type == QLatin1String("DropStmt")) {
        static const QStringList relationKinds { QStringLiteral("OBJECT_TABLE"),
            QStringLiteral("OBJECT_VIEW"), QStringLiteral("OBJECT_MATVIEW"), QStringLiteral("OBJECT_INDEX"),
            QStringLiteral("OBJECT_SEQUENCE"), QStringLiteral("OBJECT_FOREIGN_TABLE") };
        if (relationKinds.contains(node.value(QLatin1String("removeType")).toString()))
            for (const QJsonValue &o : node.value(QLatin1String("objects")).toArray())
                names.append(joinNames(o.toObject()
                                           .value(QLatin1String("List"))
                                           .toObject()
                                           .value(QLatin1String("items"))
                                           .toArray()));
    }
    const LockMode mode = modeFor(type, node);
    QList<Relation> relations;
    for (const QString &name : std::as_const(names)) {
        if (name.isEmpty())
            continue;
        bool seen = false;
        for (const Relation &r : std::as_const(relations))
            seen = seen || r.name == name;
        if (!seen)
            relations.append(Relation { name, mode });
    }
    return relations;
}

QString StatementRelations::concurrentIndexName(const QByteArray &statement)
{
    QString type;
    const QJsonObject node = parseOne(statement, &type);
    if (type != QLatin1String("IndexStmt") || !node.value(QLatin1String("concurrent")).toBool())
        return {};
    const QString index = node.value(QLatin1String("idxname")).toString();
    if (index.isEmpty())
        return {};
    const QString schema
        = node.value(QLatin1String("relation")).toObject().value(QLatin1String("schemaname")).toString();
    return schema.isEmpty() ? index : schema + QLatin1Char('.') + index;
}

QString StatementRelations::modeName(LockMode mode)
{
    static const std::array<const char *, 8> names { "AccessShareLock", "RowShareLock", "RowExclusiveLock",
        "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock",
        "AccessExclusiveLock" };
    return QLatin1String(names[static_cast<size_t>(mode)]);
}

bool StatementRelations::parseMode(const QString &name, LockMode *mode)
{
    for (int m = 0; m < 8; ++m) {
        if (modeName(static_cast<LockMode>(m)) == name) {
            *mode = static_cast<LockMode>(m);
            return true;
        }
    }
    return false;
}

bool StatementRelations::conflicts(LockMode a, LockMode b)
{
    // PostgreSQL's table-level lock conflict table ("Conflicting Lock Modes"),
    // one bit per mode in the order of the enum.
    static const std::array<unsigned, 8> conflictsWith {
        0b10000000, // AccessShare: AccessExclusive
        0b11000000, // RowShare: Exclusive, AccessExclusive
        0b11110000, // RowExclusive: Share and stronger
        0b11111000, // ShareUpdateExclusive: itself and stronger
        0b11101100, // Share: RowExclusive, ShareUpdateExclusive, ShareRowExclusive and stronger
        0b11111100, // ShareRowExclusive: RowExclusive and stronger
        0b11111110, // Exclusive: RowShare and stronger
        0b11111111, // AccessExclusive: everything
    };
    return (conflictsWith[static_cast<size_t>(a)] >> static_cast<unsigned>(b)) & 1U;
}
