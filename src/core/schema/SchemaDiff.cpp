#include "SchemaDiff.h"

#include "common/Logging.h"

using namespace Qt::StringLiterals;

SchemaDiff SchemaDiff::compare(const SchemaModel &from, const SchemaModel &to)
{
    return compareWithRenames(from, to, {});
}

SchemaDiff SchemaDiff::compareWithRenames(
    const SchemaModel &from, const SchemaModel &to, const QList<RenameCandidate> &renames)
{
    Q_UNUSED(renames);
    SchemaDiff diff;
    diff.m_from = from;
    diff.m_to = to;
    // Being written: until the comparison lands, nothing is compared and the diff says so.
    diff.m_notCompared << u"everything: the schema comparison is not implemented yet"_s;
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

QString SchemaDiff::upSql() const
{
    QString sql;
    for (const SchemaChange &c : m_changes)
        sql += c.upSql;
    return sql;
}

QString SchemaDiff::downSql() const
{
    QString sql;
    for (auto it = m_changes.crbegin(); it != m_changes.crend(); ++it)
        sql += it->downSql;
    return sql;
}

SchemaDiff SchemaDiff::withRenames(const QList<RenameCandidate> &accepted) const
{
    return compareWithRenames(m_from, m_to, accepted);
}
