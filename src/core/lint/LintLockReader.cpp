#include "LintLockReader.h"

#include "LintChecker.h"
#include "ParseTree.h"

#include <QJsonArray>

using namespace ParseTree;

namespace {

// The ALTER TABLE subcommands that take less than ACCESS EXCLUSIVE.
bool isWeakAlterTableCommand(const QJsonObject &cmd)
{
    static const QSet<QString> weak { QStringLiteral("AT_ValidateConstraint"),
        QStringLiteral("AT_SetStatistics"), QStringLiteral("AT_AttachPartition"),
        QStringLiteral("AT_SetRelOptions"), QStringLiteral("AT_ResetRelOptions"),
        QStringLiteral("AT_ClusterOn"), QStringLiteral("AT_DropCluster"), QStringLiteral("AT_EnableTrig"),
        QStringLiteral("AT_DisableTrig") };
    const QString subtype = stringAt(cmd, "subtype");
    if (weak.contains(subtype))
        return true;
    if (subtype == QLatin1String("AT_DetachPartition"))
        return boolAt(objectAt(objectAt(cmd, "def"), "PartitionCmd"), "concurrent");
    // A foreign key takes SHARE ROW EXCLUSIVE: writes wait, reads do not.
    return subtype == QLatin1String("AT_AddConstraint")
        && stringAt(objectAt(objectAt(cmd, "def"), "Constraint"), "contype")
        == QLatin1String("CONSTR_FOREIGN");
}

} // namespace

LintLockReader::LintLockReader(const QSet<QString> &newTables, const QSet<QString> &newIndexes)
    : m_newTables(newTables)
    , m_newIndexes(newIndexes)
{
}

bool LintLockReader::isNewTable(const QString &table) const
{
    return m_newTables.contains(unqualified(table));
}

std::optional<LintLockReader::HeldLock> LintLockReader::accessExclusiveLock(const LintStatement &p) const
{
    const QJsonObject &node = p.node;
    auto lock = [&p](const QString &table, const char *what) {
        return HeldLock { table, QLatin1String(what), p.statement.line };
    };
    if (p.type == QLatin1String("AlterTableStmt")
        && stringAt(node, "objtype") == QLatin1String("OBJECT_TABLE")) {
        const QString table = rangeVarName(objectAt(node, "relation"));
        if (isNewTable(table))
            return std::nullopt;
        for (const QJsonValue &c : node.value(key("cmds")).toArray())
            if (!isWeakAlterTableCommand(objectAt(c.toObject(), "AlterTableCmd")))
                return lock(table, "ALTER TABLE");
    } else if (p.type == QLatin1String("RenameStmt")) {
        const QString table = rangeVarName(objectAt(node, "relation"));
        if (!table.isEmpty() && !isNewTable(table))
            return lock(table, "RENAME");
    } else if (p.type == QLatin1String("TruncateStmt")) {
        const QJsonArray relations = node.value(key("relations")).toArray();
        if (!relations.isEmpty())
            return lock(rangeVarName(objectAt(relations.first().toObject(), "RangeVar")), "TRUNCATE");
    } else if (p.type == QLatin1String("DropStmt") && !boolAt(node, "concurrent")) {
        const QString removeType = stringAt(node, "removeType");
        const QJsonArray objects = node.value(key("objects")).toArray();
        if (objects.isEmpty())
            return std::nullopt;
        const QString name = dropObjectName(objects.first().toObject());
        if (removeType == QLatin1String("OBJECT_TABLE") && !isNewTable(name))
            return lock(name, "DROP TABLE");
        if (removeType == QLatin1String("OBJECT_INDEX") && !m_newIndexes.contains(unqualified(name)))
            return lock(QStringLiteral("the table of index %1").arg(name), "DROP INDEX");
    } else if (p.type == QLatin1String("ClusterStmt")) {
        const QString table = rangeVarName(objectAt(node, "relation"));
        if (!table.isEmpty())
            return lock(table, "CLUSTER");
    }
    return std::nullopt;
}

bool LintLockReader::takesBlockingLock(const LintStatement &p) const
{
    if (accessExclusiveLock(p))
        return true;
    const QJsonObject &node = p.node;
    // A new table's foreign key locks the table it references (SHARE ROW EXCLUSIVE).
    if (p.type == QLatin1String("CreateStmt")) {
        bool referencesLiveTable = false;
        auto check = [&](const QJsonObject &constraint) {
            if (stringAt(constraint, "contype") == QLatin1String("CONSTR_FOREIGN")
                && !isNewTable(rangeVarName(objectAt(constraint, "pktable"))))
                referencesLiveTable = true;
        };
        for (const QJsonValue &e : node.value(key("tableElts")).toArray()) {
            check(objectAt(e.toObject(), "Constraint"));
            for (const QJsonObject &c : columnConstraints(objectAt(e.toObject(), "ColumnDef")))
                check(c);
        }
        return referencesLiveTable;
    }
    if (p.type == QLatin1String("DropStmt")
        && stringAt(node, "removeType") == QLatin1String("OBJECT_TRIGGER")) {
        const QJsonArray objects = node.value(key("objects")).toArray();
        QStringList parts
            = objects.isEmpty() ? QStringList() : dropObjectName(objects.first().toObject()).split(u'.');
        if (!parts.isEmpty())
            parts.removeLast(); // the trigger's own name; the rest is its table
        return !parts.isEmpty() && !isNewTable(parts.join(u'.'));
    }
    if (p.type == QLatin1String("AlterTableStmt")
        && stringAt(node, "objtype") == QLatin1String("OBJECT_TABLE")) {
        if (isNewTable(rangeVarName(objectAt(node, "relation")))) {
            // Its own table is free, but a foreign key also locks the table it references.
            for (const QJsonValue &c : node.value(key("cmds")).toArray()) {
                const QJsonObject constraint
                    = objectAt(objectAt(objectAt(c.toObject(), "AlterTableCmd"), "def"), "Constraint");
                if (stringAt(constraint, "contype") == QLatin1String("CONSTR_FOREIGN")
                    && !isNewTable(rangeVarName(objectAt(constraint, "pktable"))))
                    return true;
            }
            return false;
        }
        // VALIDATE CONSTRAINT and friends take SHARE UPDATE EXCLUSIVE, which
        // reads and writes pass; a foreign key's SHARE ROW EXCLUSIVE stops writes.
        for (const QJsonValue &c : node.value(key("cmds")).toArray()) {
            const QJsonObject cmd = objectAt(c.toObject(), "AlterTableCmd");
            if (!isWeakAlterTableCommand(cmd)
                || stringAt(cmd, "subtype") == QLatin1String("AT_AddConstraint"))
                return true;
        }
        return false;
    }
    if (p.type == QLatin1String("IndexStmt"))
        return !boolAt(node, "concurrent") && !isNewTable(rangeVarName(objectAt(node, "relation")));
    if (p.type == QLatin1String("CreateTrigStmt"))
        return !isNewTable(rangeVarName(objectAt(node, "relation")));
    if (p.type == QLatin1String("ReindexStmt"))
        return !hasConcurrentlyParam(node);
    return false;
}
