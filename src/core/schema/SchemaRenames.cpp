#include "SchemaRenames.h"

#include "SchemaDdl.h"
#include "SchemaSql.h"

#include <QSet>

using namespace Qt::StringLiterals;
using namespace SchemaDdl;

namespace SchemaRenames {

// The parts of a qualified name as quoteIdentifier wrote them ("s"."t"."c"),
// split on the dots outside double quotes: a quoted schema or table name may
// itself hold a dot (and anything else), which must stay inside its quotes.
QStringList splitQualified(const QString &name)
{
    QStringList parts(1);
    bool quoted = false;
    for (const QChar c : name) {
        if (c == u'"')
            quoted = !quoted; // a doubled "" inside a quoted name toggles twice
        if (c == u'.' && !quoted)
            parts.append(QString());
        else
            parts.last().append(c);
    }
    return parts;
}

// Renames applied to the `from` side, so the rest of the comparison sees the new names.
SchemaModel applyRenames(
    SchemaModel model, const QList<RenameCandidate> &renames, QList<SchemaChange> &changes)
{
    for (const RenameCandidate &r : renames) {
        if (r.objectKind == u"table"_s && model.tables.contains(r.fromName)) {
            SchemaTable t = model.tables.take(r.fromName);
            const QString newName = splitQualified(r.toName).last();
            SchemaChange c;
            c.objectKind = u"table"_s;
            c.objectName = r.toName;
            c.kind = SchemaChange::Kind::Rename;
            c.description = u"rename table %1 to %2"_s.arg(r.fromName, r.toName);
            c.upSql = u"ALTER TABLE %1 RENAME TO %2;\n"_s.arg(r.fromName, newName);
            c.downSql = u"ALTER TABLE %1 RENAME TO %2;\n"_s.arg(r.toName, splitQualified(r.fromName).last());
            changes << c;
            t.name = SchemaSql::quoteIdentifier(newName) == newName
                ? newName
                : newName.mid(1, newName.size() - 2).replace(u"\"\""_s, u"\""_s);
            model.tables.insert(r.toName, t);
            for (SchemaIndex &x : model.indexes) {
                if (x.table == r.fromName)
                    x.table = r.toName;
            }
            QMap<QString, SchemaTrigger> triggers;
            for (SchemaTrigger t2 : model.triggers) {
                if (t2.table == r.fromName)
                    t2.table = r.toName;
                triggers.insert(t2.key(), t2);
            }
            model.triggers = triggers;
            for (SchemaSequence &s : model.sequences) {
                if (s.ownedBy.startsWith(r.fromName + u'.'))
                    s.ownedBy = r.toName + s.ownedBy.mid(r.fromName.size());
            }
            for (SchemaTable &other : model.tables) {
                for (SchemaConstraint &fk : other.constraints) {
                    if (fk.referencedTable == r.fromName)
                        fk.referencedTable = r.toName;
                }
                if (other.partitionOf == r.fromName)
                    other.partitionOf = r.toName;
            }
        } else if (r.objectKind == u"column"_s) {
            const QStringList from = splitQualified(r.fromName);
            const QStringList to = splitQualified(r.toName);
            if (from.size() != 3 || to.size() != 3)
                continue;
            const QString table = from.at(0) + u'.' + from.at(1);
            auto t = model.tables.find(table);
            if (t == model.tables.end())
                continue;
            const QString oldColumn = from.at(2);
            const QString newColumn = to.at(2);
            for (SchemaColumn &col : t->columns) {
                if (SchemaSql::quoteIdentifier(col.name) != oldColumn)
                    continue;
                SchemaChange c;
                c.objectKind = u"column"_s;
                c.objectName = r.toName;
                c.kind = SchemaChange::Kind::Rename;
                c.description = u"rename column %1 to %2"_s.arg(r.fromName, newColumn);
                c.upSql = u"ALTER TABLE %1 RENAME COLUMN %2 TO %3;\n"_s.arg(table, oldColumn, newColumn);
                c.downSql = u"ALTER TABLE %1 RENAME COLUMN %2 TO %3;\n"_s.arg(table, newColumn, oldColumn);
                changes << c;
                col.name = SchemaSql::quoteIdentifier(newColumn) == newColumn
                    ? newColumn
                    : newColumn.mid(1, newColumn.size() - 2).replace(u"\"\""_s, u"\""_s);
                for (SchemaSequence &s : model.sequences) {
                    if (s.ownedBy == r.fromName)
                        s.ownedBy = r.toName;
                }
            }
        }
    }
    return model;
}

QList<RenameCandidate> findRenameCandidates(const SchemaModel &from, const SchemaModel &to)
{
    QList<RenameCandidate> candidates;
    auto sameShape = [](const SchemaTable &a, const SchemaTable &b) {
        if (a.columns.size() != b.columns.size() || a.partitioned != b.partitioned
            || a.partitionOf != b.partitionOf)
            return false;
        for (qsizetype i = 0; i < a.columns.size(); ++i) {
            if (a.columns[i].name != b.columns[i].name || a.columns[i].type != b.columns[i].type)
                return false;
        }
        return true;
    };
    QSet<QString> used;
    for (auto it = from.tables.cbegin(); it != from.tables.cend(); ++it) {
        if (to.tables.contains(it.key()))
            continue;
        for (auto other = to.tables.cbegin(); other != to.tables.cend(); ++other) {
            if (from.tables.contains(other.key()) || used.contains(other.key()) || other->schema != it->schema
                || !sameShape(*it, *other))
                continue;
            candidates << RenameCandidate { u"table"_s, it.key(), other.key() };
            used.insert(other.key());
            break;
        }
    }
    for (auto it = from.tables.cbegin(); it != from.tables.cend(); ++it) {
        const auto other = to.tables.constFind(it.key());
        if (other == to.tables.cend())
            continue;
        QSet<QString> taken;
        for (qsizetype i = 0; i < it->columns.size(); ++i) {
            const SchemaColumn &c = it->columns[i];
            if (other->column(c.name))
                continue;
            // Prefer the added column at the same position, then the first of the same type.
            const SchemaColumn *match = nullptr;
            if (i < other->columns.size() && !it->column(other->columns[i].name)
                && other->columns[i].type == c.type && !taken.contains(other->columns[i].name))
                match = &other->columns[i];
            for (qsizetype j = 0; !match && j < other->columns.size(); ++j) {
                const SchemaColumn &n = other->columns[j];
                if (!it->column(n.name) && n.type == c.type && !taken.contains(n.name))
                    match = &n;
            }
            if (!match)
                continue;
            taken.insert(match->name);
            candidates << RenameCandidate { u"column"_s, it.key() + u'.' + q(c.name),
                it.key() + u'.' + q(match->name) };
        }
    }
    return candidates;
}

} // namespace SchemaRenames
