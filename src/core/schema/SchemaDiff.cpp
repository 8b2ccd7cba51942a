#include "SchemaDiff.h"

#include "SchemaChangeBuilder.h"
#include "SchemaRenames.h"
#include "common/Logging.h"

#include <algorithm>

using namespace Qt::StringLiterals;

SchemaDiff SchemaDiff::compare(const SchemaModel &from, const SchemaModel &to)
{
    return compareWithRenames(from, to, {});
}

SchemaDiff SchemaDiff::compareWithRenames(
    const SchemaModel &from, const SchemaModel &to, const QList<RenameCandidate> &renames)
{
    SchemaDiff diff;
    diff.m_from = from;
    diff.m_to = to;
    QList<SchemaChange> renameChanges;
    const SchemaModel renamed
        = renames.isEmpty() ? from : SchemaRenames::applyRenames(from, renames, renameChanges);
    SchemaChangeBuilder builder(renamed, to);
    builder.run();
    diff.m_changes = renameChanges + builder.changes();
    diff.m_renameCandidates = SchemaRenames::findRenameCandidates(renamed, to);
    QStringList notCompared = from.notCompared + to.notCompared;
    // ALTER TABLE can only add columns at the end: say so where the result's
    // column order will differ from `to` (the data and the names are the same).
    for (auto it = renamed.tables.cbegin(); it != renamed.tables.cend(); ++it) {
        const auto other = to.tables.constFind(it.key());
        if (other == to.tables.cend() || !it->partitionOf.isEmpty())
            continue;
        // The common case, the same columns in the same order, needs no lists.
        const bool sameColumns = std::equal(it->columns.cbegin(), it->columns.cend(), other->columns.cbegin(),
            other->columns.cend(), [](const SchemaColumn &a, const SchemaColumn &b) {
                return a.name == b.name && a.generatedExpression == b.generatedExpression;
            });
        if (sameColumns)
            continue;
        QStringList result;
        for (const SchemaColumn &c : it->columns) {
            const SchemaColumn *kept = other->column(c.name);
            if (kept && kept->generatedExpression == c.generatedExpression)
                result << c.name;
        }
        for (const SchemaColumn &c : other->columns) {
            if (!result.contains(c.name))
                result << c.name;
        }
        QStringList wanted;
        for (const SchemaColumn &c : other->columns)
            wanted << c.name;
        if (result != wanted)
            notCompared << u"column order of %1 (new columns are added at the end)"_s.arg(it.key());
    }
    // An invalid index outside a partitioned table (a failed CREATE INDEX
    // CONCURRENTLY) is told from a valid one, but a migration creates it valid.
    for (const SchemaIndex &x : to.indexes) {
        if (!x.valid && !x.onPartitionedTable)
            notCompared << u"invalid index %1 (a migration creates it valid)"_s.arg(x.qualifiedName());
    }
    notCompared.sort();
    notCompared.removeDuplicates();
    diff.m_notCompared = notCompared;
    qCDebug(lcSchema) << "compared" << from.objectCount() << "with" << to.objectCount()
                      << "objects:" << diff.m_changes.size() << "changes";
    return diff;
}

bool SchemaDiff::hasDataLoss() const
{
    for (const SchemaChange &c : m_changes) {
        if (c.dataLoss)
            return true;
    }
    return false;
}

bool SchemaDiff::needsOutsideTransaction() const
{
    for (const SchemaChange &c : m_changes) {
        if (c.outsideTransaction)
            return true;
    }
    return false;
}

QString SchemaDiff::withFunctionBodyChecksOff(const QString &sql) const
{
    if (!sql.contains(u"CREATE OR REPLACE FUNCTION "_s) && !sql.contains(u"CREATE OR REPLACE PROCEDURE "_s))
        return sql;
    // As in pg_dump's output. A LANGUAGE sql function may read a table created
    // further down (or one a later migration creates), and a function that
    // exists in the database may have a body that no longer parses: with the
    // checks on, either fails to be created.
    if (needsOutsideTransaction())
        return u"-- Function bodies are not checked when the functions below are created (as in\n"
               "-- pg_dump's output): they may read tables created further down. This migration\n"
               "-- runs outside a transaction, so the setting lasts until the session ends.\n"
               "SET check_function_bodies = false;\n"_s
            + sql;
    return u"-- Function bodies are not checked when the functions below are created (as in\n"
           "-- pg_dump's output): they may read tables created further down. SET LOCAL keeps\n"
           "-- the setting to this migration's transaction.\n"
           "SET LOCAL check_function_bodies = false;\n"_s
        + sql;
}

QString SchemaDiff::upSql() const
{
    QString sql;
    for (const SchemaChange &c : m_changes)
        sql += c.upSql;
    return withFunctionBodyChecksOff(sql);
}

QString SchemaDiff::downSql() const
{
    QString sql;
    for (auto it = m_changes.crbegin(); it != m_changes.crend(); ++it)
        sql += it->downSql;
    return withFunctionBodyChecksOff(sql);
}

SchemaDiff SchemaDiff::withRenames(const QList<RenameCandidate> &accepted) const
{
    return compareWithRenames(m_from, m_to, accepted);
}
