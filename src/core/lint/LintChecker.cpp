#include "LintChecker.h"

#include "FunctionVolatility.h"
#include "LintFixWriter.h"
#include "LintLockReader.h"
#include "LintRule.h"
#include "LintUndoLedger.h"
#include "ParseTree.h"
#include "sql/SqlScanner.h"

#include <QJsonArray>

using namespace ParseTree;

namespace {

using Severity = LintFinding::Severity;

constexpr int maxIdentifierBytes = 63; // NAMEDATALEN - 1

bool isSerialType(const QString &type)
{
    static const QSet<QString> serials { QStringLiteral("serial"), QStringLiteral("bigserial"),
        QStringLiteral("smallserial"), QStringLiteral("serial2"), QStringLiteral("serial4"),
        QStringLiteral("serial8") };
    return serials.contains(type);
}

// Key types that run out: integer and smallint, and their serial forms.
bool isNarrowIntegerType(const QString &type)
{
    static const QSet<QString> narrow { QStringLiteral("int4"), QStringLiteral("int2"), QStringLiteral("int"),
        QStringLiteral("integer"), QStringLiteral("smallint"), QStringLiteral("serial"),
        QStringLiteral("serial4"), QStringLiteral("smallserial"), QStringLiteral("serial2") };
    return narrow.contains(type);
}

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

} // namespace

LintChecker::LintChecker(
    const Migration &migration, const LintContext &context, const QSet<QString> &disabled)
    : m_migration(migration)
    , m_context(context)
    , m_disabled(disabled)
    , m_provenNotNull(context.provenNotNull)
{
}

void LintChecker::add(
    const char *ruleId, const SqlStatement *at, const QString &message, const QString &table)
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
    f.line = at ? at->line : 1;
    f.column = at ? at->column : 1;
    if (m_current && at == &m_current->statement)
        f.fixes = LintFixWriter::fixesFor(id, m_migration, *m_current, m_section);
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

void LintChecker::checkUp(const QList<LintStatement> &statements)
{
    m_section = QStringLiteral("up");
    for (const LintStatement &p : statements) {
        m_current = &p;
        checkUpStatement(p);
        checkIdentifiers(p);
        checkStatementOrder(p);
    }
    m_current = nullptr;
}

void LintChecker::checkDown(const QList<LintStatement> &statements)
{
    // The down section runs in a transaction of its own, on the tables as up
    // left them: nothing up created is new any more, no lock is held yet.
    m_section = QStringLiteral("down");
    m_newTables.clear();
    m_newIndexes.clear();
    m_newColumnTypes.clear();
    m_newTableStatements.clear();
    m_lockTimeoutSet = false;
    m_lockTimeoutReported = false;
    m_heldLock.reset();
    m_heldLockReported = false;
    m_inExplicitTransaction = false;
    for (const LintStatement &p : statements) {
        m_current = &p;
        checkIdentifiers(p);
        checkDuplicateAssignments(p);
        checkStatementOrder(p);
        if (p.type == QLatin1String("DropStmt")) {
            const QString removeType = stringAt(p.node, "removeType");
            QStringList names;
            for (const QJsonValue &o : p.node.value(key("objects")).toArray()) {
                names.append(dropObjectName(o.toObject()));
                m_undo.dropped(removeType, names.constLast());
            }
            // OBJECT_MATVIEW -> "MATVIEW": good enough for a message about any kind.
            const QString what
                = removeType.mid(int(qstrlen("OBJECT_"))).replace(QLatin1Char('_'), QLatin1Char(' '));
            if (!boolAt(p.node, "missing_ok"))
                add("missing-if-exists", &p.statement,
                    QStringLiteral("DROP %1 %2 without IF EXISTS in the down section")
                        .arg(what, names.join(QStringLiteral(", "))));
        } else if (p.type == QLatin1String("AlterTableStmt")) {
            for (const QJsonValue &c : p.node.value(key("cmds")).toArray()) {
                const QJsonObject cmd = objectAt(c.toObject(), "AlterTableCmd");
                if (stringAt(cmd, "subtype") == QLatin1String("AT_DropColumn") && !boolAt(cmd, "missing_ok"))
                    add("missing-if-exists", &p.statement,
                        QStringLiteral("DROP COLUMN %1 without IF EXISTS in the down section")
                            .arg(stringAt(cmd, "name")));
            }
        }
    }
    m_current = nullptr;
}

void LintChecker::checkUndone()
{
    m_section = QStringLiteral("up");
    for (const LintUndoLedger::CreatedObject &c : m_undo.undone())
        add("down-does-not-undo", &c.statement,
            QStringLiteral("%1 %2 is created in up but never dropped in down").arg(c.kind, c.name));
}

// Transaction structure, lock_timeout and locks held: what a statement means
// depends on the ones before it in the same transaction.
void LintChecker::checkStatementOrder(const LintStatement &p)
{
    const SqlStatement &s = p.statement;
    if (p.type == QLatin1String("TransactionStmt")) {
        const QString kind = stringAt(p.node, "kind");
        if (m_migration.transactional) {
            add("transaction-control", &s,
                QStringLiteral("%1 inside a migration Strata runs in a transaction of its own")
                    .arg(s.summary(30)));
        } else if (kind == QLatin1String("TRANS_STMT_BEGIN") || kind == QLatin1String("TRANS_STMT_START")) {
            m_inExplicitTransaction = true;
        } else if (kind == QLatin1String("TRANS_STMT_COMMIT")
            || kind == QLatin1String("TRANS_STMT_ROLLBACK")) {
            m_inExplicitTransaction = false;
        }
        return;
    }

    QString notInTransaction = s.notInTransactionReason;
    // Before PostgreSQL 12 a new enum value could not be added in a transaction.
    if (notInTransaction.isEmpty() && p.type == QLatin1String("AlterEnumStmt")
        && stringAt(p.node, "oldVal").isEmpty() && !versionAtLeast(120000))
        notInTransaction = QStringLiteral("ALTER TYPE ... ADD VALUE (before PostgreSQL 12)");
    if (!notInTransaction.isEmpty()) {
        if (m_migration.transactional)
            add("non-transactional-statement", &s,
                QStringLiteral("%1 cannot run inside a transaction; mark the migration transaction:false")
                    .arg(notInTransaction));
        else if (m_inExplicitTransaction)
            add("non-transactional-statement", &s,
                QStringLiteral("%1 cannot run inside a transaction block, and this one follows a BEGIN")
                    .arg(notInTransaction));
    }

    if (p.type == QLatin1String("VariableSetStmt")) {
        if (stringAt(p.node, "name") == QLatin1String("lock_timeout"))
            m_lockTimeoutSet = stringAt(p.node, "kind") == QLatin1String("VAR_SET_VALUE")
                && !isZeroSetting(p.node.value(key("args")).toArray());
        return; // settings take no lock
    }
    if (p.type == QLatin1String("CommentStmt"))
        return;

    if (m_locks.takesBlockingLock(p) && !m_lockTimeoutSet && !m_context.runnerSetsLockTimeout
        && !m_lockTimeoutReported) {
        m_lockTimeoutReported = true;
        add("missing-lock-timeout", &s,
            QStringLiteral("%1 waits for a lock on a live table with no lock_timeout set: while it waits, "
                           "every query on the table queues behind it")
                .arg(s.summary(40)));
    }

    // Another ALTER TABLE of the table already locked adds no one to the queue
    // (it could have been a subcommand of the first).
    const bool sameTableAgain = m_heldLock && p.type == QLatin1String("AlterTableStmt")
        && rangeVarName(objectAt(p.node, "relation")) == m_heldLock->table;
    if (m_heldLock && !m_heldLockReported && !sameTableAgain) {
        m_heldLockReported = true;
        add("statement-after-access-exclusive", &s,
            QStringLiteral(
                "runs while %1 at line %2 holds an ACCESS EXCLUSIVE lock on %3 until the migration "
                "commits")
                .arg(m_heldLock->what)
                .arg(m_heldLock->line)
                .arg(m_heldLock->table),
            m_heldLock->table);
    }
    // A dropped table's lock stops nobody for long: the table is gone at commit.
    if (!m_heldLock && m_migration.transactional)
        if (std::optional<LintLockReader::HeldLock> lock = m_locks.accessExclusiveLock(p);
            lock && lock->what != QLatin1String("DROP TABLE"))
            m_heldLock = std::move(lock);
}

bool LintChecker::isNewTable(const QString &table) const
{
    return m_newTables.contains(unqualified(table));
}

void LintChecker::created(const char *kind, const QString &name, const LintStatement &p, const QString &table)
{
    if (!name.isEmpty())
        m_undo.created(QLatin1String(kind), name, p.statement, table);
}

void LintChecker::checkIdentifiers(const LintStatement &p)
{
    // The grammar has already cut a long name to 63 bytes in the parse tree
    // (with only a NOTICE), so the scanner's tokens are read instead.
    Result<QList<SqlToken>> tokens = SqlScanner::scan(p.statement.text);
    if (!tokens)
        return;
    QSet<QByteArray> reported;
    for (const SqlToken &token : std::as_const(*tokens)) {
        if (token.kind != SqlToken::identifier)
            continue;
        QByteArray name = p.statement.text.mid(token.start, token.end - token.start);
        if (name.startsWith('"') && name.endsWith('"') && name.size() >= 2)
            name = name.mid(1, name.size() - 2).replace("\"\"", "\"");
        if (name.size() <= maxIdentifierBytes || reported.contains(name))
            continue;
        reported.insert(name);
        add("identifier-too-long", &p.statement,
            QStringLiteral("%1 is %2 bytes; PostgreSQL keeps only the first %3 (\"%4\")")
                .arg(QString::fromUtf8(name.left(40)) + QStringLiteral("..."))
                .arg(name.size())
                .arg(maxIdentifierBytes)
                .arg(QString::fromUtf8(name.left(maxIdentifierBytes))));
    }
}

void LintChecker::checkDuplicateAssignments(const LintStatement &p)
{
    QJsonArray targets;
    QString table;
    if (p.type == QLatin1String("UpdateStmt")) {
        targets = p.node.value(key("targetList")).toArray();
        table = rangeVarName(objectAt(p.node, "relation"));
    } else if (p.type == QLatin1String("InsertStmt")) {
        targets = p.node.value(key("cols")).toArray();
        table = rangeVarName(objectAt(p.node, "relation"));
    } else {
        return;
    }
    QSet<QString> seen;
    for (const QJsonValue &t : targets) {
        const QJsonObject target = objectAt(t.toObject(), "ResTarget");
        // a[1] = x, a[2] = y and (c).f1, (c).f2 assign parts of one column: allowed.
        if (!target.value(key("indirection")).toArray().isEmpty())
            continue;
        const QString column = stringAt(target, "name");
        if (seen.contains(column)) {
            add("duplicate-column-assignment", &p.statement,
                QStringLiteral("%1.%2 is assigned twice; PostgreSQL refuses the statement")
                    .arg(table, column),
                table);
            return;
        }
        seen.insert(column);
    }
}

void LintChecker::checkColumnType(const QJsonObject &columnDef, const LintStatement &p, const QString &table)
{
    const QJsonObject typeNode = objectAt(columnDef, "typeName");
    const QString type = typeName(typeNode);
    const QString column = stringAt(columnDef, "colname");
    const QString where = table.isEmpty() ? column : table + QLatin1Char('.') + column;
    if (type == QLatin1String("varchar") && !typeNode.value(key("typmods")).toArray().isEmpty())
        add("prefer-text", &p.statement, QStringLiteral("column %1 is varchar(n); prefer text").arg(where));
    else if (type == QLatin1String("timestamp"))
        add("timestamp-without-time-zone", &p.statement,
            QStringLiteral("column %1 is timestamp without time zone; prefer timestamptz").arg(where));
    else if (isSerialType(type))
        add("prefer-identity", &p.statement,
            QStringLiteral("column %1 is %2; prefer GENERATED ALWAYS AS IDENTITY").arg(where, type));
}

void LintChecker::checkKeyType(
    const QString &column, const QString &type, const SqlStatement &at, const QString &table)
{
    if (!isNarrowIntegerType(type))
        return;
    const bool small = type.contains(QLatin1String("2")) || type.startsWith(QLatin1String("small"));
    add("prefer-bigint-key", &at,
        QStringLiteral("key column %1.%2 is %3, which runs out at %4; prefer bigint")
            .arg(table, column, type, small ? QStringLiteral("32,767") : QStringLiteral("about 2.1 billion")),
        table);
}

void LintChecker::checkCreateTable(const LintStatement &p)
{
    const QString table = rangeVarName(objectAt(p.node, "relation"));
    m_newTables.insert(unqualified(table));
    created("table", table, p);
    QHash<QString, QString> &columnTypes = m_newColumnTypes[unqualified(table)];
    m_newTableStatements.insert(unqualified(table), p.statement);
    const QJsonArray elements = p.node.value(key("tableElts")).toArray();
    for (const QJsonValue &e : elements) {
        if (!e.toObject().contains(key("ColumnDef")))
            continue;
        const QJsonObject def = objectAt(e.toObject(), "ColumnDef");
        const QString column = stringAt(def, "colname");
        const QString type = typeName(objectAt(def, "typeName"));
        columnTypes.insert(column, type);
        checkColumnType(def, p, table);
        if (hasConstraint(def, QLatin1String("CONSTR_PRIMARY"))
            || hasConstraint(def, QLatin1String("CONSTR_IDENTITY")))
            checkKeyType(column, type, p.statement, table);
    }
    for (const QJsonValue &e : elements) {
        const QJsonObject constraint = objectAt(e.toObject(), "Constraint");
        if (stringAt(constraint, "contype") != QLatin1String("CONSTR_PRIMARY"))
            continue;
        const QJsonArray keys = constraint.value(key("keys")).toArray();
        if (keys.size() == 1) { // a composite key's parts are usually foreign keys, sized by their tables
            const QString column = stringAt(objectAt(keys.first().toObject(), "String"), "sval");
            checkKeyType(column, columnTypes.value(column), p.statement, table);
        }
    }
}

void LintChecker::checkAddConstraint(
    const QJsonObject &constraint, const LintStatement &p, const QString &table)
{
    const QString type = stringAt(constraint, "contype");
    const QString name = stringAt(constraint, "conname");
    const bool validates = !boolAt(constraint, "skip_validation");
    const QString notNullColumn = type == QLatin1String("CONSTR_CHECK")
        ? notNullTestColumn(objectAt(constraint, "raw_expr"))
        : QString();
    if (!notNullColumn.isEmpty()) {
        const QString column = unqualified(table) + QLatin1Char('.') + notNullColumn;
        if (validates)
            m_provenNotNull.insert(column);
        else if (!name.isEmpty())
            m_notNullChecks.insert(name, column);
    }
    if (!validates && !name.isEmpty())
        m_notValidConstraints.insert(name, table);
    // A primary key added after CREATE TABLE (pg_dump's style) on a column whose type the migration wrote.
    if (type == QLatin1String("CONSTR_PRIMARY")) {
        const QJsonArray keys = constraint.value(key("keys")).toArray();
        const QString column
            = keys.size() == 1 ? stringAt(objectAt(keys.first().toObject(), "String"), "sval") : QString();
        if (const QString columnType = m_newColumnTypes.value(unqualified(table)).value(column);
            !columnType.isEmpty())
            // At the CREATE TABLE, where the type is written and changed.
            checkKeyType(column, columnType, m_newTableStatements.value(unqualified(table)), table);
    }
    if (isNewTable(table))
        return;
    if ((type == QLatin1String("CONSTR_UNIQUE") || type == QLatin1String("CONSTR_PRIMARY")
            || type == QLatin1String("CONSTR_EXCLUSION"))
        && stringAt(constraint, "indexname").isEmpty()) {
        const QString what = type == QLatin1String("CONSTR_PRIMARY") ? QStringLiteral("PRIMARY KEY")
            : type == QLatin1String("CONSTR_UNIQUE")                 ? QStringLiteral("UNIQUE")
                                                                     : QStringLiteral("EXCLUDE");
        add("unique-without-index", &p.statement,
            QStringLiteral(
                "%1 on %2 builds its index under an ACCESS EXCLUSIVE lock; build it CONCURRENTLY first "
                "and add the constraint USING INDEX")
                .arg(what, table),
            table);
        return;
    }
    if (!validates)
        return;
    if (type == QLatin1String("CONSTR_FOREIGN"))
        add("fk-not-valid", &p.statement,
            QStringLiteral("foreign key on %1 is validated while the tables are locked; add it NOT VALID and "
                           "VALIDATE CONSTRAINT later")
                .arg(table),
            table);
    else if (type == QLatin1String("CONSTR_CHECK"))
        add("check-not-valid", &p.statement,
            QStringLiteral(
                "CHECK constraint on %1 scans the table under an ACCESS EXCLUSIVE lock; add it NOT "
                "VALID and VALIDATE CONSTRAINT later")
                .arg(table),
            table);
}

void LintChecker::checkAddColumn(const QJsonObject &def, const LintStatement &p, const QString &table)
{
    checkColumnType(def, p, table);
    const QString column = stringAt(def, "colname");
    const QString type = typeName(objectAt(def, "typeName"));
    if (hasConstraint(def, QLatin1String("CONSTR_PRIMARY"))
        || hasConstraint(def, QLatin1String("CONSTR_IDENTITY")))
        checkKeyType(column, type, p.statement, table);
    if (isNewTable(table))
        return;

    // A serial column's default is nextval(), filled in for every existing row.
    // With an inline PRIMARY KEY its index is built under the same lock: that
    // is unique-without-index below.
    bool rewrites = false;
    if (isSerialType(type)) {
        add("volatile-default", &p.statement,
            QStringLiteral("column %1.%2 is %3, whose nextval() default rewrites the table")
                .arg(table, column, type),
            table);
        rewrites = true;
    }
    bool hasDefault = false;
    for (const QJsonObject &constraint : columnConstraints(def)) {
        const QString contype = stringAt(constraint, "contype");
        if (contype == QLatin1String("CONSTR_DEFAULT")) {
            hasDefault = true;
            if (rewrites)
                continue;
            if (!versionAtLeast(110000)) {
                add("volatile-default", &p.statement,
                    QStringLiteral(
                        "column %1.%2 has a DEFAULT, which before PostgreSQL 11 rewrites the table")
                        .arg(table, column),
                    table);
                continue;
            }
            const QString function
                = FunctionVolatility::firstVolatileCall(constraint.value(key("raw_expr")), m_context);
            if (!function.isEmpty())
                add("volatile-default", &p.statement,
                    QStringLiteral(
                        "column %1.%2 defaults to %3(), which is volatile (or unknown, so taken as "
                        "volatile) and rewrites the table")
                        .arg(table, column, function),
                    table);
        } else if (contype == QLatin1String("CONSTR_GENERATED")) {
            hasDefault = true;
            add("generated-column-rewrite", &p.statement,
                QStringLiteral(
                    "stored generated column %1.%2 is computed for every row: the table is rewritten")
                    .arg(table, column),
                table);
        } else if (contype == QLatin1String("CONSTR_IDENTITY")) {
            hasDefault = true;
            add("generated-column-rewrite", &p.statement,
                QStringLiteral("identity column %1.%2 numbers every existing row: the table is rewritten")
                    .arg(table, column),
                table);
        } else if (contype == QLatin1String("CONSTR_FOREIGN") || contype == QLatin1String("CONSTR_UNIQUE")
            || contype == QLatin1String("CONSTR_PRIMARY")) {
            checkAddConstraint(constraint, p, table);
        }
    }
    if (hasConstraint(def, QLatin1String("CONSTR_NOTNULL")) && !hasDefault && !isSerialType(type)) {
        add("add-not-null-without-default", &p.statement,
            QStringLiteral("column %1.%2 is NOT NULL with no DEFAULT: adding it fails if %1 has any row")
                .arg(table, column),
            table);
        LintFinding &f = m_findings.last();
        if (f.ruleId == QLatin1String("add-not-null-without-default") && f.tableRows > 0) {
            f.severity = Severity::Error;
            f.message += QStringLiteral(", and it has about %1").arg(f.tableRows);
        }
    }
}

void LintChecker::checkAlterTable(const LintStatement &p)
{
    const QString table = rangeVarName(objectAt(p.node, "relation"));
    const bool fresh = isNewTable(table);
    for (const QJsonValue &c : p.node.value(key("cmds")).toArray()) {
        const QJsonObject cmd = objectAt(c.toObject(), "AlterTableCmd");
        const QString subtype = stringAt(cmd, "subtype");
        const QString column = stringAt(cmd, "name");
        if (subtype == QLatin1String("AT_DropColumn")) {
            add("drop-column", &p.statement, QStringLiteral("drops column %1.%2").arg(table, column), table);
        } else if (subtype == QLatin1String("AT_AddConstraint")) {
            checkAddConstraint(objectAt(objectAt(cmd, "def"), "Constraint"), p, table);
        } else if (subtype == QLatin1String("AT_ValidateConstraint")) {
            if (const auto it = m_notNullChecks.constFind(column); it != m_notNullChecks.cend())
                m_provenNotNull.insert(it.value());
            else if (const auto pending = m_context.pendingNotNullChecks.constFind(column);
                     pending != m_context.pendingNotNullChecks.cend())
                m_provenNotNull.insert(pending.value());
            m_notNullChecks.remove(column);
            if (m_migration.transactional && m_notValidConstraints.contains(column))
                add("validate-in-same-transaction", &p.statement,
                    QStringLiteral("VALIDATE CONSTRAINT %1 runs in the transaction that added it NOT VALID, "
                                   "holding that lock for the whole scan; validate in a later migration")
                        .arg(column),
                    table);
        } else if (subtype == QLatin1String("AT_SetNotNull") && !fresh) {
            // PostgreSQL 12+ skips the scan when a valid CHECK (col IS NOT NULL) proves it.
            if (versionAtLeast(120000)
                && m_provenNotNull.contains(unqualified(table) + QLatin1Char('.') + column))
                continue;
            add("set-not-null", &p.statement,
                QStringLiteral("SET NOT NULL on %1.%2 scans the table under an ACCESS EXCLUSIVE lock")
                    .arg(table, column),
                table);
        } else if (subtype == QLatin1String("AT_AlterColumnType")) {
            QJsonObject def = objectAt(objectAt(cmd, "def"), "ColumnDef");
            def.insert(QStringLiteral("colname"), column);
            checkColumnType(def, p, table);
            if (!fresh)
                add("alter-column-type", &p.statement,
                    QStringLiteral(
                        "changing the type of %1.%2 may rewrite the table under an ACCESS EXCLUSIVE "
                        "lock")
                        .arg(table, column),
                    table);
        } else if (subtype == QLatin1String("AT_AddColumn")) {
            checkAddColumn(objectAt(objectAt(cmd, "def"), "ColumnDef"), p, table);
        } else if (subtype == QLatin1String("AT_DetachPartition") && !fresh && versionAtLeast(140000)
            && !boolAt(objectAt(objectAt(cmd, "def"), "PartitionCmd"), "concurrent")) {
            add("detach-partition-not-concurrent", &p.statement,
                QStringLiteral("DETACH PARTITION %1 locks all of %2; use DETACH PARTITION ... CONCURRENTLY")
                    .arg(rangeVarName(objectAt(objectAt(objectAt(cmd, "def"), "PartitionCmd"), "name")),
                        table),
                table);
        }
    }
}

void LintChecker::checkVacuum(const LintStatement &p)
{
    bool full = false;
    for (const QJsonValue &o : p.node.value(key("options")).toArray()) {
        const QJsonObject option = objectAt(o.toObject(), "DefElem");
        if (stringAt(option, "defname") == QLatin1String("full"))
            full = defElemIsTrue(option); // VACUUM (FULL FALSE) is a plain VACUUM
    }
    if (!full)
        return;
    const QJsonArray rels = p.node.value(key("rels")).toArray();
    if (rels.isEmpty())
        add("vacuum-full", &p.statement, QStringLiteral("VACUUM FULL rewrites every table"));
    for (const QJsonValue &r : rels) {
        const QString table = rangeVarName(objectAt(objectAt(r.toObject(), "VacuumRelation"), "relation"));
        add("vacuum-full", &p.statement,
            QStringLiteral("VACUUM FULL %1 rewrites the table under an ACCESS EXCLUSIVE lock").arg(table),
            table);
    }
}

void LintChecker::checkUpStatement(const LintStatement &p)
{
    const QString &type = p.type;
    const QJsonObject &node = p.node;
    checkDuplicateAssignments(p);
    if (type == QLatin1String("DropStmt")) {
        const QString removeType = stringAt(node, "removeType");
        for (const QJsonValue &o : node.value(key("objects")).toArray()) {
            const QString name = dropObjectName(o.toObject());
            if (removeType == QLatin1String("OBJECT_TABLE"))
                add("drop-table", &p.statement, QStringLiteral("drops table %1 and its data").arg(name),
                    name);
            else if (removeType == QLatin1String("OBJECT_SCHEMA"))
                add("drop-schema", &p.statement, QStringLiteral("drops schema %1").arg(name));
            else if (removeType == QLatin1String("OBJECT_INDEX") && !boolAt(node, "concurrent")
                && !m_newIndexes.contains(unqualified(name)))
                add("drop-index-not-concurrent", &p.statement,
                    QStringLiteral("DROP INDEX %1 without CONCURRENTLY locks its table").arg(name));
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
        const QString name = stringAt(node, "idxname");
        created("index", name, p, table);
        m_newIndexes.insert(unqualified(name));
        if (!boolAt(node, "concurrent") && !isNewTable(table))
            add("index-not-concurrent", &p.statement,
                QStringLiteral("CREATE INDEX on %1 without CONCURRENTLY blocks writes while it builds")
                    .arg(table),
                table);
    } else if (type == QLatin1String("ReindexStmt")) {
        if (versionAtLeast(120000) && !hasConcurrentlyParam(node)) {
            const QString target = node.contains(key("relation")) ? rangeVarName(objectAt(node, "relation"))
                                                                  : stringAt(node, "name");
            add("reindex-not-concurrent", &p.statement,
                QStringLiteral("REINDEX %1 without CONCURRENTLY blocks writes until it ends").arg(target));
        }
    } else if (type == QLatin1String("AlterTableStmt")) {
        if (stringAt(node, "objtype") == QLatin1String("OBJECT_TABLE"))
            checkAlterTable(p);
    } else if (type == QLatin1String("VacuumStmt")) {
        checkVacuum(p);
    } else if (type == QLatin1String("ClusterStmt")) {
        const QString table = rangeVarName(objectAt(node, "relation"));
        add("cluster", &p.statement,
            table.isEmpty()
                ? QStringLiteral("CLUSTER rewrites every clustered table")
                : QStringLiteral("CLUSTER %1 rewrites the table under an ACCESS EXCLUSIVE lock").arg(table),
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
        checkCreateTable(p);
    } else if (type == QLatin1String("CreateEnumStmt") || type == QLatin1String("CreateRangeStmt")) {
        created("type", joinNames(node.value(key("typeName")).toArray()), p);
    } else if (type == QLatin1String("AlterEnumStmt")) {
        if (stringAt(node, "oldVal").isEmpty() && !stringAt(node, "newValNeighbor").isEmpty())
            add("enum-value-out-of-order", &p.statement,
                QStringLiteral("enum value '%1' is added %2 '%3', not at the end of %4")
                    .arg(stringAt(node, "newVal"),
                        boolAt(node, "newValIsAfter") ? QStringLiteral("after") : QStringLiteral("before"),
                        stringAt(node, "newValNeighbor"), joinNames(node.value(key("typeName")).toArray())));
    } else if (type == QLatin1String("CreateDomainStmt")) {
        const QString domain = joinNames(node.value(key("domainname")).toArray());
        created("type", domain, p);
        for (const QJsonValue &cv : node.value(key("constraints")).toArray())
            if (stringAt(objectAt(cv.toObject(), "Constraint"), "contype") == QLatin1String("CONSTR_CHECK")) {
                add("domain-constraint", &p.statement,
                    QStringLiteral("domain %1 has a CHECK constraint; changing it later checks every column "
                                   "using the domain")
                        .arg(domain));
                break;
            }
    } else if (type == QLatin1String("AlterDomainStmt")) {
        const QJsonObject constraint = objectAt(objectAt(node, "def"), "Constraint");
        if (stringAt(node, "subtype") == QLatin1String("C")
            && stringAt(constraint, "contype") == QLatin1String("CONSTR_CHECK")
            && !boolAt(constraint, "skip_validation"))
            add("domain-constraint", &p.statement,
                QStringLiteral(
                    "adding a CHECK constraint to domain %1 checks every column using it, under locks")
                    .arg(joinNames(node.value(key("typeName")).toArray())));
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
        if (!boolAt(node, "replace"))
            created("function", joinNames(node.value(key("funcname")).toArray()), p);
    } else if (type == QLatin1String("CreateExtensionStmt")) {
        created("extension", stringAt(node, "extname"), p);
    }
}
