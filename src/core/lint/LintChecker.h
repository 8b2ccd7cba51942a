#pragma once

#include "LintContext.h"
#include "LintFinding.h"
#include "LintLockReader.h"
#include "LintUndoLedger.h"
#include "migration/Migration.h"
#include "sql/SqlStatement.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>

#include <optional>

// One statement with its parse tree.
struct LintStatement
{
    SqlStatement statement; // text, file position, notInTransactionReason
    QString type; // "CreateStmt", ... (empty when the tree was too deep to read)
    QJsonObject node; // the statement node's fields
};

// The rules, applied to one migration statement by statement. It keeps what
// the migration did so far (tables it created, constraints it added NOT VALID,
// locks it holds, lock_timeout set or not), because most hazards depend on it:
// an index on a table created a line above is harmless, the same index on a
// live table blocks writes.
class LintChecker
{
public:
    LintChecker(const Migration &migration, const LintContext &context, const QSet<QString> &disabled);
    // m_locks reads this object's own sets.
    LintChecker(const LintChecker &) = delete;
    LintChecker &operator=(const LintChecker &) = delete;

    void checkUp(const QList<LintStatement> &statements);
    void checkDown(const QList<LintStatement> &statements);
    // After both sections: every object up creates should be dropped by down.
    void checkUndone();

    // A finding of `ruleId` at `at` (the file's first line when null).
    void add(const char *ruleId, const SqlStatement *at, const QString &message, const QString &table = {});
    void setSection(const QString &section) { m_section = section; }
    LintFindingList takeFindings() { return std::move(m_findings); }

    // "table.column" this migration proved NOT NULL with a validated check:
    // a later migration's SET NOT NULL needs no scan.
    QSet<QString> provenNotNull() const { return m_provenNotNull; }
    // Checks of that kind added NOT VALID and not validated by this migration.
    QHash<QString, QString> pendingNotNullChecks() const { return m_notNullChecks; }

private:
    void checkStatementOrder(const LintStatement &p);
    void checkUpStatement(const LintStatement &p);
    void checkAlterTable(const LintStatement &p);
    void checkAddColumn(const QJsonObject &columnDef, const LintStatement &p, const QString &table);
    void checkAddConstraint(const QJsonObject &constraint, const LintStatement &p, const QString &table);
    void checkColumnType(const QJsonObject &columnDef, const LintStatement &p, const QString &table);
    void checkKeyType(
        const QString &column, const QString &type, const SqlStatement &at, const QString &table);
    void checkCreateTable(const LintStatement &p);
    void checkIdentifiers(const LintStatement &p);
    void checkDuplicateAssignments(const LintStatement &p);
    void checkVacuum(const LintStatement &p);

    bool isNewTable(const QString &table) const;
    void created(const char *kind, const QString &name, const LintStatement &p, const QString &table = {});
    bool versionAtLeast(int serverVersion) const { return m_context.serverVersion >= serverVersion; }

    const LintStatement *m_current = nullptr; // the statement being checked, for fixes
    const Migration &m_migration;
    const LintContext &m_context;
    const QSet<QString> m_disabled;
    QString m_section;
    LintFindingList m_findings;
    QSet<QString> m_newTables; // unqualified names created earlier in up
    QSet<QString> m_newIndexes; // unqualified names created earlier in up
    const LintLockReader m_locks { m_newTables, m_newIndexes };
    QHash<QString, QHash<QString, QString>> m_newColumnTypes; // new table -> column -> type
    QHash<QString, SqlStatement> m_newTableStatements; // new table -> its CREATE TABLE
    LintUndoLedger m_undo;
    QHash<QString, QString> m_notValidConstraints; // name -> table, added NOT VALID in up
    QHash<QString, QString> m_notNullChecks; // constraint name -> "table.column" it tests
    QSet<QString> m_provenNotNull;
    bool m_lockTimeoutSet = false;
    bool m_lockTimeoutReported = false;
    std::optional<LintLockReader::HeldLock> m_heldLock;
    bool m_heldLockReported = false;
    bool m_inExplicitTransaction = false; // BEGIN seen in a transaction:false migration
};
