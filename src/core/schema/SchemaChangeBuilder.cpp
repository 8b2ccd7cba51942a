#include "SchemaChangeBuilder.h"

#include "SchemaChangeOrder.h"
#include "SchemaSql.h"

#include <algorithm>
#include <set>

using namespace Qt::StringLiterals;
using namespace SchemaDdl;

void SchemaChangeBuilder::planTables()
{
    for (auto it = m_from.tables.cbegin(); it != m_from.tables.cend(); ++it) {
        const SchemaTable *other = m_toTables.value(it.key());
        if (!other) {
            m_droppedTables.insert(it.key());
        } else if (it->partitioned != other->partitioned || it->partitionKey != other->partitionKey
            || it->partitionOf != other->partitionOf || it->partitionBound != other->partitionBound) {
            m_droppedTables.insert(it.key());
            m_createdTables.insert(it.key());
        }
    }
    // Dropping a partitioned table drops its partitions: recreate those too.
    for (bool grew = true; grew;) {
        grew = false;
        for (auto it = m_from.tables.cbegin(); it != m_from.tables.cend(); ++it) {
            if (!it->partitionOf.isEmpty() && m_droppedTables.contains(it->partitionOf)
                && !m_droppedTables.contains(it.key())) {
                m_droppedTables.insert(it.key());
                if (m_toTables.contains(it.key()))
                    m_createdTables.insert(it.key());
                grew = true;
            }
        }
    }
    for (auto it = m_to.tables.cbegin(); it != m_to.tables.cend(); ++it) {
        if (!m_fromTables.contains(it.key()))
            m_createdTables.insert(it.key());
    }
    // Enums whose labels change: their columns are rewritten.
    for (auto it = m_from.enums.cbegin(); it != m_from.enums.cend(); ++it) {
        if (m_to.enums.contains(it.key()) && m_to.enums.value(it.key()).labels != it->labels)
            m_changedEnums.insert(it.key());
    }
    for (auto it = m_from.tables.cbegin(); it != m_from.tables.cend(); ++it) {
        if (m_droppedTables.contains(it.key()))
            continue;
        const SchemaTable &to = tableIn(m_toTables, it.key());
        for (const SchemaColumn &c : it->columns) {
            const SchemaColumn *other = to.column(c.name);
            // compareTables() relies on this rule to tell dropped columns without building their keys.
            if (!other || other->generatedExpression != c.generatedExpression) {
                m_droppedColumns.insert(it.key() + u'.' + q(c.name));
                continue;
            }
            QStringView base = c.type;
            if (base.endsWith(u"[]"))
                base.chop(2);
            if (other->type != c.type || other->collation != c.collation
                || (!m_changedEnums.isEmpty() && m_changedEnums.contains(base.toString())))
                m_changedTypeColumns.insert(it.key() + u'.' + q(c.name));
        }
    }
}

void SchemaChangeBuilder::planViews()
{
    for (auto it = m_from.views.cbegin(); it != m_from.views.cend(); ++it) {
        const auto other = m_to.views.constFind(it.key());
        if (other == m_to.views.cend()) {
            m_droppedViews.insert(it.key());
        } else if (!sameDefinition(other->definition, it->definition)
            || other->materialized != it->materialized) {
            m_droppedViews.insert(it.key());
        }
    }
    // Views reading what changes under them are rebuilt, and so are views reading those.
    for (bool grew = true; grew;) {
        grew = false;
        for (auto it = m_from.views.cbegin(); it != m_from.views.cend(); ++it) {
            if (m_droppedViews.contains(it.key()))
                continue;
            bool rebuild = false;
            for (const QString &r : it->dependsOnRelations)
                rebuild = rebuild || m_droppedTables.contains(r) || m_droppedViews.contains(r);
            for (const QString &c : it->dependsOnColumns)
                rebuild = rebuild || m_changedTypeColumns.contains(c) || m_droppedColumns.contains(c);
            if (rebuild) {
                m_droppedViews.insert(it.key());
                grew = true;
            }
        }
    }
    for (auto it = m_to.views.cbegin(); it != m_to.views.cend(); ++it) {
        if (!m_from.views.contains(it.key()) || m_droppedViews.contains(it.key()))
            m_createdViews.insert(it.key());
    }
}

void SchemaChangeBuilder::compareSchemasAndExtensions()
{
    for (auto it = m_to.schemas.cbegin(); it != m_to.schemas.cend(); ++it) {
        const auto old = m_from.schemas.constFind(it.key());
        if (old == m_from.schemas.cend()) {
            add(CreateSchemas, u"schema"_s, it.key(), SchemaChange::Kind::Create,
                u"create schema "_s + it.key(),
                u"CREATE SCHEMA %1;\n"_s.arg(it.key()) + commentIfAny(u"SCHEMA "_s + it.key(), it->comment),
                u"DROP SCHEMA %1;\n"_s.arg(it.key()));
        } else {
            comment(u"SCHEMA "_s + it.key(), it.key(), old->comment, it->comment);
        }
    }
    for (auto it = m_from.schemas.cbegin(); it != m_from.schemas.cend(); ++it) {
        if (!m_to.schemas.contains(it.key()))
            add(DropSchemas, u"schema"_s, it.key(), SchemaChange::Kind::Drop, u"drop schema "_s + it.key(),
                u"DROP SCHEMA %1;\n"_s.arg(it.key()),
                u"CREATE SCHEMA %1;\n"_s.arg(it.key()) + commentIfAny(u"SCHEMA "_s + it.key(), it->comment));
    }
    auto createExtension = [](const SchemaExtension &e) {
        return u"CREATE EXTENSION IF NOT EXISTS %1 WITH SCHEMA %2;\n"_s.arg(q(e.name), q(e.schema));
    };
    auto dropExtension = [](const SchemaExtension &e) { return u"DROP EXTENSION %1;\n"_s.arg(q(e.name)); };
    for (auto it = m_to.extensions.cbegin(); it != m_to.extensions.cend(); ++it) {
        const auto old = m_from.extensions.constFind(it.key());
        if (old == m_from.extensions.cend())
            add(CreateExtensions, u"extension"_s, it.key(), SchemaChange::Kind::Create,
                u"create extension "_s + it.key(), createExtension(*it), dropExtension(*it));
        else if (old->schema != it->schema)
            add(CreateExtensions, u"extension"_s, it.key(), SchemaChange::Kind::Alter,
                u"move extension %1 to schema %2"_s.arg(it.key(), q(it->schema)),
                u"ALTER EXTENSION %1 SET SCHEMA %2;\n"_s.arg(it.key(), q(it->schema)),
                u"ALTER EXTENSION %1 SET SCHEMA %2;\n"_s.arg(it.key(), q(old->schema)));
    }
    for (auto it = m_from.extensions.cbegin(); it != m_from.extensions.cend(); ++it) {
        if (!m_to.extensions.contains(it.key()))
            add(DropExtensions, u"extension"_s, it.key(), SchemaChange::Kind::Drop,
                u"drop extension "_s + it.key(), dropExtension(*it), createExtension(*it));
    }
}

QString SchemaChangeBuilder::recreateEnumSql(const SchemaEnum &e, const QStringList &labels) const
{
    // Values cannot be removed or reordered in place: rename the old type, create
    // the new one, move every column over through text, drop the old type.
    const QString name = e.qualifiedName();
    const QString old = SchemaSql::qualified(e.schema, e.name + u"__strata_old"_s);
    QString sql = u"ALTER TYPE %1 RENAME TO %2;\n"_s.arg(name, q(e.name + u"__strata_old"_s));
    sql += u"CREATE TYPE %1 AS ENUM (%2);\n"_s.arg(name, labelList(labels));
    for (const SchemaTable &t : m_from.tables) {
        if (!t.partitionOf.isEmpty())
            continue;
        for (const SchemaColumn &c : t.columns) {
            const bool array = c.type == name + u"[]"_s;
            if (c.type != name && !array)
                continue;
            const QString prefix = u"ALTER TABLE %1 ALTER COLUMN %2 "_s.arg(t.qualifiedName(), q(c.name));
            if (!c.defaultExpression.isEmpty())
                sql += prefix + u"DROP DEFAULT;\n"_s;
            sql += prefix
                + u"TYPE %1 USING %2::text%3::%1;\n"_s.arg(c.type, q(c.name), array ? u"[]"_s : QString());
            if (!c.defaultExpression.isEmpty())
                sql += prefix + u"SET DEFAULT "_s + c.defaultExpression + u";\n"_s;
        }
    }
    sql += u"DROP TYPE %1;\n"_s.arg(old);
    return sql + commentIfAny(u"TYPE "_s + name, e.comment);
}

void SchemaChangeBuilder::compareTypes()
{
    for (auto it = m_to.enums.cbegin(); it != m_to.enums.cend(); ++it) {
        const auto old = m_from.enums.constFind(it.key());
        if (old == m_from.enums.cend()) {
            add(CreateEnums, u"enum"_s, it.key(), SchemaChange::Kind::Create, u"create enum "_s + it.key(),
                createEnumSql(*it), u"DROP TYPE %1;\n"_s.arg(it.key()));
            continue;
        }
        comment(u"TYPE "_s + it.key(), it.key(), old->comment, it->comment);
        if (old->labels == it->labels)
            continue;
        // Only added values (the old ones keep their order): ALTER TYPE ... ADD VALUE.
        qsizetype matched = 0;
        for (const QString &l : it->labels) {
            if (matched < old->labels.size() && old->labels.at(matched) == l)
                ++matched;
        }
        const bool onlyAdded = matched == old->labels.size();
        bool dataLoss = false;
        for (const QString &l : old->labels)
            dataLoss = dataLoss || !it->labels.contains(l);
        SchemaEnum oldWithNewComment = *old;
        oldWithNewComment.comment.clear();
        if (onlyAdded) {
            QString up;
            for (qsizetype i = 0; i < it->labels.size(); ++i) {
                const QString &l = it->labels.at(i);
                if (old->labels.contains(l))
                    continue;
                up += u"ALTER TYPE %1 ADD VALUE %2"_s.arg(it.key(), SchemaSql::quoteLiteral(l));
                if (i > 0)
                    up += u" AFTER "_s + SchemaSql::quoteLiteral(it->labels.at(i - 1));
                else if (it->labels.size() > 1)
                    up += u" BEFORE "_s + SchemaSql::quoteLiteral(it->labels.at(1));
                up += u";\n"_s;
            }
            add(ChangeEnums, u"enum"_s, it.key(), SchemaChange::Kind::Alter,
                u"add values to enum "_s + it.key(), up, recreateEnumSql(oldWithNewComment, old->labels));
            m_steps.last().change.outsideTransaction = true;
        } else {
            add(ChangeEnums, u"enum"_s, it.key(), SchemaChange::Kind::Alter,
                u"recreate enum %1 with values %2"_s.arg(it.key(), it->labels.join(u", "_s)),
                recreateEnumSql(oldWithNewComment, it->labels),
                recreateEnumSql(oldWithNewComment, old->labels), dataLoss);
        }
    }
    for (auto it = m_from.enums.cbegin(); it != m_from.enums.cend(); ++it) {
        if (!m_to.enums.contains(it.key()))
            add(DropEnums, u"enum"_s, it.key(), SchemaChange::Kind::Drop, u"drop enum "_s + it.key(),
                u"DROP TYPE %1;\n"_s.arg(it.key()), createEnumSql(*it));
    }

    for (auto it = m_to.domains.cbegin(); it != m_to.domains.cend(); ++it) {
        const auto old = m_from.domains.constFind(it.key());
        const QString drop = u"DROP DOMAIN %1;\n"_s.arg(it.key());
        if (old == m_from.domains.cend()) {
            add(CreateDomains, u"domain"_s, it.key(), SchemaChange::Kind::Create,
                u"create domain "_s + it.key(), createDomainSql(*it), drop);
            continue;
        }
        comment(u"DOMAIN "_s + it.key(), it.key(), old->comment, it->comment);
        if (old->baseType != it->baseType || old->collation != it->collation) {
            add(CreateDomains, u"domain"_s, it.key(), SchemaChange::Kind::Alter,
                u"recreate domain "_s + it.key(), drop + createDomainSql(*it), drop + createDomainSql(*old),
                true);
        } else if (old->defaultExpression != it->defaultExpression || old->notNull != it->notNull
            || old->checks != it->checks) {
            add(CreateDomains, u"domain"_s, it.key(), SchemaChange::Kind::Alter,
                u"alter domain "_s + it.key(), alterDomainSql(*old, *it), alterDomainSql(*it, *old));
        }
    }
    for (auto it = m_from.domains.cbegin(); it != m_from.domains.cend(); ++it) {
        if (!m_to.domains.contains(it.key()))
            add(DropDomains, u"domain"_s, it.key(), SchemaChange::Kind::Drop, u"drop domain "_s + it.key(),
                u"DROP DOMAIN %1;\n"_s.arg(it.key()), createDomainSql(*it));
    }

    for (auto it = m_to.compositeTypes.cbegin(); it != m_to.compositeTypes.cend(); ++it) {
        const auto old = m_from.compositeTypes.constFind(it.key());
        if (old == m_from.compositeTypes.cend()) {
            add(CreateCompositeTypes, u"type"_s, it.key(), SchemaChange::Kind::Create,
                u"create type "_s + it.key(), createCompositeSql(*it), u"DROP TYPE %1;\n"_s.arg(it.key()));
            continue;
        }
        comment(u"TYPE "_s + it.key(), it.key(), old->comment, it->comment);
        if (old->attributes != it->attributes)
            add(CreateCompositeTypes, u"type"_s, it.key(), SchemaChange::Kind::Alter,
                u"alter type "_s + it.key(), alterCompositeSql(*old, *it), alterCompositeSql(*it, *old));
    }
    for (auto it = m_from.compositeTypes.cbegin(); it != m_from.compositeTypes.cend(); ++it) {
        if (!m_to.compositeTypes.contains(it.key()))
            add(DropCompositeTypes, u"type"_s, it.key(), SchemaChange::Kind::Drop, u"drop type "_s + it.key(),
                u"DROP TYPE %1;\n"_s.arg(it.key()), createCompositeSql(*it));
    }
}

void SchemaChangeBuilder::compareSequences()
{
    auto create = [](const SchemaSequence &s) {
        return u"CREATE SEQUENCE %1%2;\n"_s.arg(s.qualifiedName(), sequenceOptions(s))
            + commentIfAny(u"SEQUENCE "_s + s.qualifiedName(), s.comment);
    };
    auto ownerTable = [](const QString &ownedBy) { return ownedBy.section(u'.', 0, 1); };
    for (auto it = m_from.sequences.cbegin(); it != m_from.sequences.cend(); ++it) {
        const auto other = m_to.sequences.constFind(it.key());
        if (it->ownedBy.isEmpty())
            continue;
        if (other == m_to.sequences.cend() || other->ownedBy != it->ownedBy
            || m_droppedTables.contains(ownerTable(it->ownedBy)) || m_droppedColumns.contains(it->ownedBy))
            add(DisownSequences, u"sequence"_s, it.key(), SchemaChange::Kind::Alter,
                u"detach sequence %1 from %2"_s.arg(it.key(), it->ownedBy),
                u"ALTER SEQUENCE %1 OWNED BY NONE;\n"_s.arg(it.key()),
                u"ALTER SEQUENCE %1 OWNED BY %2;\n"_s.arg(it.key(), it->ownedBy));
    }
    for (auto it = m_to.sequences.cbegin(); it != m_to.sequences.cend(); ++it) {
        const auto old = m_from.sequences.constFind(it.key());
        if (old == m_from.sequences.cend()) {
            add(CreateSequences, u"sequence"_s, it.key(), SchemaChange::Kind::Create,
                u"create sequence "_s + it.key(), create(*it), u"DROP SEQUENCE %1;\n"_s.arg(it.key()));
        } else {
            if (!sameSequenceOptions(*old, *it))
                add(CreateSequences, u"sequence"_s, it.key(), SchemaChange::Kind::Alter,
                    u"alter sequence "_s + it.key(),
                    u"ALTER SEQUENCE %1%2;\n"_s.arg(it.key(), sequenceOptions(*it)),
                    u"ALTER SEQUENCE %1%2;\n"_s.arg(it.key(), sequenceOptions(*old)));
            comment(u"SEQUENCE "_s + it.key(), it.key(), old->comment, it->comment);
        }
        if (!it->ownedBy.isEmpty()
            && (old == m_from.sequences.cend() || old->ownedBy != it->ownedBy
                || m_createdTables.contains(ownerTable(it->ownedBy))
                || m_droppedColumns.contains(it->ownedBy)))
            add(OwnSequences, u"sequence"_s, it.key(), SchemaChange::Kind::Alter,
                u"sequence %1 owned by %2"_s.arg(it.key(), it->ownedBy),
                u"ALTER SEQUENCE %1 OWNED BY %2;\n"_s.arg(it.key(), it->ownedBy),
                u"ALTER SEQUENCE %1 OWNED BY NONE;\n"_s.arg(it.key()));
    }
    for (auto it = m_from.sequences.cbegin(); it != m_from.sequences.cend(); ++it) {
        if (!m_to.sequences.contains(it.key())) {
            SchemaSequence unowned = *it;
            add(DropSequences, u"sequence"_s, it.key(), SchemaChange::Kind::Drop,
                u"drop sequence "_s + it.key(), u"DROP SEQUENCE %1;\n"_s.arg(it.key()), create(unowned));
        }
    }
}

void SchemaChangeBuilder::compareFunctions()
{
    for (auto it = m_to.functions.cbegin(); it != m_to.functions.cend(); ++it) {
        const auto old = m_from.functions.constFind(it.key());
        const QString drop = u"DROP %1;\n"_s.arg(functionWhat(*it));
        if (old == m_from.functions.cend()) {
            add(CreateFunctions, it->procedure ? u"procedure"_s : u"function"_s, it.key(),
                SchemaChange::Kind::Create, u"create "_s + functionWhat(*it).toLower(),
                createFunctionSql(*it), drop);
            continue;
        }
        if (old->definition != it->definition) {
            if (old->resultType == it->resultType && old->procedure == it->procedure)
                add(CreateFunctions, it->procedure ? u"procedure"_s : u"function"_s, it.key(),
                    SchemaChange::Kind::Alter, u"replace "_s + functionWhat(*it).toLower(),
                    it->definition + u";\n"_s, old->definition + u";\n"_s);
            else
                add(CreateFunctions, it->procedure ? u"procedure"_s : u"function"_s, it.key(),
                    SchemaChange::Kind::Alter, u"recreate "_s + functionWhat(*it).toLower(),
                    u"DROP %1;\n"_s.arg(functionWhat(*old)) + it->definition + u";\n"_s,
                    drop + old->definition + u";\n"_s);
        }
        comment(functionWhat(*it), it.key(), old->comment, it->comment);
    }
    for (auto it = m_from.functions.cbegin(); it != m_from.functions.cend(); ++it) {
        if (!m_to.functions.contains(it.key()))
            add(DropFunctions, it->procedure ? u"procedure"_s : u"function"_s, it.key(),
                SchemaChange::Kind::Drop, u"drop "_s + functionWhat(*it).toLower(),
                u"DROP %1;\n"_s.arg(functionWhat(*it)), createFunctionSql(*it));
    }
}

void SchemaChangeBuilder::compareTables()
{
    // Dropped tables: foreign keys of their own first, then the tables, partitions first.
    for (const QString &name : SchemaChangeOrder::tables(m_to, m_createdTables)) {
        const SchemaTable &t = tableIn(m_toTables, name);
        add(CreateTables, u"table"_s, name, SchemaChange::Kind::Create,
            m_droppedTables.contains(name) ? u"recreate table "_s + name : u"create table "_s + name,
            createTableSql(t, m_toIndexes.value(name)), u"DROP TABLE %1;\n"_s.arg(name));
    }
    QList<QString> dropped = SchemaChangeOrder::tables(m_from, m_droppedTables);
    std::reverse(dropped.begin(), dropped.end());
    for (const QString &name : dropped) {
        const SchemaTable &t = tableIn(m_fromTables, name);
        add(DropTables, u"table"_s, name, SchemaChange::Kind::Drop, u"drop table "_s + name,
            u"DROP TABLE %1;\n"_s.arg(name), createTableSql(t, m_fromIndexes.value(name)), true);
    }

    // Which tables' keys change: foreign keys pointing at them are rebuilt around it.
    QSet<QString> keysChanged;
    for (auto it = m_from.tables.cbegin(); it != m_from.tables.cend(); ++it) {
        if (m_droppedTables.contains(it.key()))
            continue;
        const SchemaTable &to = tableIn(m_toTables, it.key());
        for (const SchemaConstraint *constraint : sortedConstraints(*it, false)) {
            const SchemaConstraint &c = *constraint;
            const SchemaConstraint *other = to.constraint(c.name);
            if (!other || !sameDefinition(other->definition, c.definition))
                keysChanged.insert(it.key());
        }
    }

    // Foreign keys.
    for (auto it = m_from.tables.cbegin(); it != m_from.tables.cend(); ++it) {
        const bool tableGone = m_droppedTables.contains(it.key());
        for (const SchemaConstraint *constraint : sortedConstraints(*it, true)) {
            const SchemaConstraint &c = *constraint;
            const SchemaConstraint *other
                = tableGone ? nullptr : tableIn(m_toTables, it.key()).constraint(c.name);
            if (!other || !sameDefinition(other->definition, c.definition)
                || keysChanged.contains(c.referencedTable) || m_droppedTables.contains(c.referencedTable))
                add(DropForeignKeys, u"foreign key"_s, it.key() + u'.' + q(c.name), SchemaChange::Kind::Drop,
                    u"drop foreign key %1 on %2"_s.arg(q(c.name), it.key()), dropConstraintSql(it.key(), c),
                    addConstraintSql(it.key(), c));
            else if (c.comment != other->comment)
                comment(u"CONSTRAINT %1 ON %2"_s.arg(q(c.name), it.key()), it.key() + u'.' + q(c.name),
                    c.comment, other->comment);
        }
    }
    for (auto it = m_to.tables.cbegin(); it != m_to.tables.cend(); ++it) {
        const bool tableNew = m_createdTables.contains(it.key());
        for (const SchemaConstraint *constraint : sortedConstraints(*it, true)) {
            const SchemaConstraint &c = *constraint;
            const SchemaConstraint *old
                = tableNew ? nullptr : tableIn(m_fromTables, it.key()).constraint(c.name);
            if (!old || !sameDefinition(old->definition, c.definition)
                || keysChanged.contains(c.referencedTable) || m_droppedTables.contains(c.referencedTable))
                add(AddForeignKeys, u"foreign key"_s, it.key() + u'.' + q(c.name), SchemaChange::Kind::Create,
                    u"add foreign key %1 on %2"_s.arg(q(c.name), it.key()), addConstraintSql(it.key(), c),
                    dropConstraintSql(it.key(), c));
        }
    }

    // Tables in both: constraints, columns, comments.
    for (auto it = m_from.tables.cbegin(); it != m_from.tables.cend(); ++it) {
        if (m_droppedTables.contains(it.key()))
            continue;
        const QString name = it.key();
        const SchemaTable &to = tableIn(m_toTables, name);
        for (const SchemaConstraint *constraint : sortedConstraints(*it, false)) {
            const SchemaConstraint &c = *constraint;
            const SchemaConstraint *other = to.constraint(c.name);
            if (!other || !sameDefinition(other->definition, c.definition))
                add(DropConstraints, u"constraint"_s, name + u'.' + q(c.name), SchemaChange::Kind::Drop,
                    u"drop constraint %1 on %2"_s.arg(q(c.name), name), dropConstraintSql(name, c),
                    addConstraintSql(name, c));
            else if (c.comment != other->comment)
                comment(u"CONSTRAINT %1 ON %2"_s.arg(q(c.name), name), name + u'.' + q(c.name), c.comment,
                    other->comment);
        }
        for (const SchemaConstraint *constraint : sortedConstraints(to, false)) {
            const SchemaConstraint &c = *constraint;
            const SchemaConstraint *old = it->constraint(c.name);
            if (!old || !sameDefinition(old->definition, c.definition))
                add(AddConstraints, u"constraint"_s, name + u'.' + q(c.name), SchemaChange::Kind::Create,
                    u"add constraint %1 on %2"_s.arg(q(c.name), name), addConstraintSql(name, c),
                    dropConstraintSql(name, c));
        }
        for (const SchemaColumn &c : it->columns) {
            const SchemaColumn *other = to.column(c.name);
            // The rule planTables() used for m_droppedColumns; keys are built only for changes.
            const bool columnDropped = !other || other->generatedExpression != c.generatedExpression;
            if (!columnDropped && other->comment == c.comment && alterColumnSql(name, c, *other).isEmpty())
                continue;
            const QString key = name + u'.' + q(c.name);
            const QString what = u"COLUMN "_s + key;
            if (columnDropped) {
                add(DropColumns, u"column"_s, key, SchemaChange::Kind::Drop, u"drop column "_s + key,
                    u"ALTER TABLE %1 DROP COLUMN %2;\n"_s.arg(name, q(c.name)),
                    u"ALTER TABLE %1 ADD COLUMN %2;\n"_s.arg(name, columnDefinition(c))
                        + columnSettingsSql(name, c) + commentIfAny(what, c.comment),
                    true);
                continue;
            }
            const QString up = alterColumnSql(name, c, *other);
            if (!up.isEmpty()) {
                const bool typeChanged = c.type != other->type;
                add(AlterColumns, u"column"_s, key, SchemaChange::Kind::Alter,
                    typeChanged ? u"alter column %1 type %2 to %3"_s.arg(key, c.type, other->type)
                                : u"alter column "_s + key,
                    up, alterColumnSql(name, *other, c), typeChanged && !isWidening(c.type, other->type));
            }
            if (c.comment != other->comment)
                comment(what, key, c.comment, other->comment);
        }
        for (const SchemaColumn &c : to.columns) {
            const SchemaColumn *old = it->column(c.name);
            if (old && old->generatedExpression == c.generatedExpression)
                continue; // kept, not dropped (the rule of planTables())
            const QString key = name + u'.' + q(c.name);
            add(AddColumns, u"column"_s, key, SchemaChange::Kind::Create, u"add column "_s + key,
                u"ALTER TABLE %1 ADD COLUMN %2;\n"_s.arg(name, columnDefinition(c))
                    + columnSettingsSql(name, c) + commentIfAny(u"COLUMN "_s + key, c.comment),
                u"ALTER TABLE %1 DROP COLUMN %2;\n"_s.arg(name, q(c.name)));
        }
        if (it->unlogged != to.unlogged)
            add(AlterColumns, u"table"_s, name, SchemaChange::Kind::Alter,
                u"set table %1 %2"_s.arg(name, to.unlogged ? u"unlogged"_s : u"logged"_s),
                u"ALTER TABLE %1 SET %2;\n"_s.arg(name, to.unlogged ? u"UNLOGGED"_s : u"LOGGED"_s),
                u"ALTER TABLE %1 SET %2;\n"_s.arg(name, it->unlogged ? u"UNLOGGED"_s : u"LOGGED"_s));
        if (it->storageOptions != to.storageOptions)
            add(AlterColumns, u"table"_s, name, SchemaChange::Kind::Alter,
                u"set storage options of "_s + name,
                storageOptionsSql(name, it->storageOptions, to.storageOptions),
                storageOptionsSql(name, to.storageOptions, it->storageOptions));
        if (it->rowSecurity != to.rowSecurity || it->forceRowSecurity != to.forceRowSecurity)
            add(AlterColumns, u"table"_s, name, SchemaChange::Kind::Alter,
                u"set row level security of "_s + name, rowSecuritySql(name, *it, to),
                rowSecuritySql(name, to, *it));
        comment(u"TABLE "_s + name, name, it->comment, to.comment);
    }

    // Indexes of tables (and materialized views) that stay.
    auto bundled = [](const QSet<QString> &tables, const QSet<QString> &views, const QString &on) {
        return tables.contains(on) || views.contains(on);
    };
    for (auto it = m_from.indexes.cbegin(); it != m_from.indexes.cend(); ++it) {
        if (bundled(m_droppedTables, m_droppedViews, it->table))
            continue;
        const auto other = m_to.indexes.constFind(it.key());
        if (other == m_to.indexes.cend() || !sameDefinition(other->definition, it->definition)
            || other->valid != it->valid) {
            add(DropIndexes, u"index"_s, it.key(), SchemaChange::Kind::Drop, u"drop index "_s + it.key(),
                dropIndexSql(*it), createIndexSql(*it));
            continue;
        }
        if (it->columnStatistics != other->columnStatistics)
            add(CreateIndexes, u"index"_s, it.key(), SchemaChange::Kind::Alter,
                u"set statistics of index "_s + it.key(),
                indexStatisticsSql(it.key(), it->columnStatistics, other->columnStatistics),
                indexStatisticsSql(it.key(), other->columnStatistics, it->columnStatistics));
        if (it->comment != other->comment)
            comment(u"INDEX "_s + it.key(), it.key(), it->comment, other->comment);
    }
    for (auto it = m_to.indexes.cbegin(); it != m_to.indexes.cend(); ++it) {
        if (bundled(m_createdTables, m_createdViews, it->table))
            continue;
        const auto old = m_from.indexes.constFind(it.key());
        if (old == m_from.indexes.cend() || !sameDefinition(old->definition, it->definition)
            || old->valid != it->valid || bundled(m_droppedTables, m_droppedViews, old->table))
            add(CreateIndexes, u"index"_s, it.key(), SchemaChange::Kind::Create,
                u"create index "_s + it.key(), createIndexSql(*it), dropIndexSql(*it));
    }
}

void SchemaChangeBuilder::compareViews()
{
    QList<QString> dropped = SchemaChangeOrder::views(m_from, m_droppedViews);
    std::reverse(dropped.begin(), dropped.end());
    for (const QString &name : dropped) {
        const SchemaView &v = ref(m_from.views, name);
        const bool rebuilt = m_to.views.contains(name);
        add(DropViews, v.materialized ? u"materialized view"_s : u"view"_s, name, SchemaChange::Kind::Drop,
            (rebuilt ? u"drop (to recreate) "_s : u"drop "_s)
                + (v.materialized ? u"materialized view "_s : u"view "_s) + name,
            dropViewSql(v), createViewSql(v, m_from));
    }
    for (const QString &name : SchemaChangeOrder::views(m_to, m_createdViews)) {
        const SchemaView &v = ref(m_to.views, name);
        add(CreateViews, v.materialized ? u"materialized view"_s : u"view"_s, name,
            SchemaChange::Kind::Create,
            u"create "_s + (v.materialized ? u"materialized view "_s : u"view "_s) + name,
            createViewSql(v, m_to), dropViewSql(v));
    }
    for (auto it = m_to.views.cbegin(); it != m_to.views.cend(); ++it) {
        if (m_createdViews.contains(it.key()))
            continue;
        const SchemaView &old = ref(m_from.views, it.key());
        comment((it->materialized ? u"MATERIALIZED VIEW "_s : u"VIEW "_s) + it.key(), it.key(), old.comment,
            it->comment);
        if (old.columnDefaults != it->columnDefaults)
            add(CreateViews, u"view"_s, it.key(), SchemaChange::Kind::Alter,
                u"alter column defaults of view "_s + it.key(),
                viewDefaultsSql(it.key(), old.columnDefaults, it->columnDefaults),
                viewDefaultsSql(it.key(), it->columnDefaults, old.columnDefaults));
        QStringList columns = old.columnComments.keys() + it->columnComments.keys();
        columns.removeDuplicates();
        for (const QString &column : std::as_const(columns)) {
            const QString key = it.key() + u'.' + q(column);
            comment(
                u"COLUMN "_s + key, key, old.columnComments.value(column), it->columnComments.value(column));
        }
    }
}

void SchemaChangeBuilder::compareTriggers()
{
    auto rebuiltUnder = [&](const SchemaTrigger &t) {
        return m_droppedTables.contains(t.table) || m_droppedViews.contains(t.table);
    };
    for (auto it = m_from.triggers.cbegin(); it != m_from.triggers.cend(); ++it) {
        const auto other = m_to.triggers.constFind(it.key());
        if (other == m_to.triggers.cend() || other->definition != it->definition
            || other->enabled != it->enabled || rebuiltUnder(*it))
            add(DropTriggers, u"trigger"_s, it.key(), SchemaChange::Kind::Drop, u"drop trigger "_s + it.key(),
                u"DROP TRIGGER %1 ON %2;\n"_s.arg(q(it->name), it->table), createTriggerSql(*it));
        else if (it->comment != other->comment)
            comment(u"TRIGGER %1 ON %2"_s.arg(q(it->name), it->table), it.key(), it->comment, other->comment);
    }
    for (auto it = m_to.triggers.cbegin(); it != m_to.triggers.cend(); ++it) {
        const auto old = m_from.triggers.constFind(it.key());
        if (old == m_from.triggers.cend() || old->definition != it->definition || old->enabled != it->enabled
            || rebuiltUnder(*old))
            add(CreateTriggers, u"trigger"_s, it.key(), SchemaChange::Kind::Create,
                u"create trigger "_s + it.key(), createTriggerSql(*it),
                u"DROP TRIGGER %1 ON %2;\n"_s.arg(q(it->name), it->table));
    }
}

void SchemaChangeBuilder::comparePolicies()
{
    auto rebuiltUnder = [&](const SchemaPolicy &p) { return m_droppedTables.contains(p.table); };
    for (auto it = m_from.policies.cbegin(); it != m_from.policies.cend(); ++it) {
        const auto other = m_to.policies.constFind(it.key());
        SchemaPolicy a = *it;
        a.comment.clear();
        SchemaPolicy b = other == m_to.policies.cend() ? SchemaPolicy {} : *other;
        b.comment.clear();
        if (other == m_to.policies.cend() || !(a == b) || rebuiltUnder(*it))
            add(DropPolicies, u"policy"_s, it.key(), SchemaChange::Kind::Drop, u"drop policy "_s + it.key(),
                dropPolicySql(*it), createPolicySql(*it));
        else if (it->comment != other->comment)
            comment(u"POLICY %1 ON %2"_s.arg(q(it->name), it->table), it.key(), it->comment, other->comment);
    }
    for (auto it = m_to.policies.cbegin(); it != m_to.policies.cend(); ++it) {
        const auto old = m_from.policies.constFind(it.key());
        SchemaPolicy a = *it;
        a.comment.clear();
        SchemaPolicy b = old == m_from.policies.cend() ? SchemaPolicy {} : *old;
        b.comment.clear();
        if (old == m_from.policies.cend() || !(a == b) || rebuiltUnder(*old))
            add(CreatePolicies, u"policy"_s, it.key(), SchemaChange::Kind::Create,
                u"create policy "_s + it.key(), createPolicySql(*it), dropPolicySql(*it));
    }
}

void SchemaChangeBuilder::compareAggregatesAndOperators()
{
    auto createAggregate = [](const SchemaAggregate &a) {
        return a.definition + u";\n"_s + commentIfAny(u"AGGREGATE "_s + a.qualifiedSignature(), a.comment);
    };
    auto dropAggregate = [](const SchemaAggregate &a) {
        // An aggregate of no arguments (count(*)-like) is named with "*".
        return u"DROP AGGREGATE %1;\n"_s.arg(a.identityArguments.isEmpty()
                ? SchemaSql::qualified(a.schema, a.name) + u"(*)"_s
                : a.qualifiedSignature());
    };
    for (auto it = m_to.aggregates.cbegin(); it != m_to.aggregates.cend(); ++it) {
        const auto old = m_from.aggregates.constFind(it.key());
        if (old == m_from.aggregates.cend()) {
            add(CreateAggregates, u"aggregate"_s, it.key(), SchemaChange::Kind::Create,
                u"create aggregate "_s + it.key(), createAggregate(*it), dropAggregate(*it));
            continue;
        }
        if (old->definition != it->definition)
            add(CreateAggregates, u"aggregate"_s, it.key(), SchemaChange::Kind::Alter,
                u"recreate aggregate "_s + it.key(), dropAggregate(*old) + createAggregate(*it),
                dropAggregate(*it) + createAggregate(*old));
        else
            comment(u"AGGREGATE "_s + it.key(), it.key(), old->comment, it->comment);
    }
    for (auto it = m_from.aggregates.cbegin(); it != m_from.aggregates.cend(); ++it) {
        if (!m_to.aggregates.contains(it.key()))
            add(DropAggregates, u"aggregate"_s, it.key(), SchemaChange::Kind::Drop,
                u"drop aggregate "_s + it.key(), dropAggregate(*it), createAggregate(*it));
    }

    auto createOperator = [](const SchemaOperator &o) {
        return o.definition + u";\n"_s + commentIfAny(u"OPERATOR "_s + o.signature(), o.comment);
    };
    auto dropOperator = [](const SchemaOperator &o) { return u"DROP OPERATOR %1;\n"_s.arg(o.signature()); };
    for (auto it = m_to.operators.cbegin(); it != m_to.operators.cend(); ++it) {
        const auto old = m_from.operators.constFind(it.key());
        if (old == m_from.operators.cend()) {
            add(CreateOperators, u"operator"_s, it.key(), SchemaChange::Kind::Create,
                u"create operator "_s + it.key(), createOperator(*it), dropOperator(*it));
            continue;
        }
        if (old->definition != it->definition)
            add(CreateOperators, u"operator"_s, it.key(), SchemaChange::Kind::Alter,
                u"recreate operator "_s + it.key(), dropOperator(*old) + createOperator(*it),
                dropOperator(*it) + createOperator(*old));
        else
            comment(u"OPERATOR "_s + it.key(), it.key(), old->comment, it->comment);
    }
    for (auto it = m_from.operators.cbegin(); it != m_from.operators.cend(); ++it) {
        if (!m_to.operators.contains(it.key()))
            add(DropOperators, u"operator"_s, it.key(), SchemaChange::Kind::Drop,
                u"drop operator "_s + it.key(), dropOperator(*it), createOperator(*it));
    }
}

void SchemaChangeBuilder::run()
{
    planTables();
    planViews();
    compareSchemasAndExtensions();
    compareTypes();
    compareSequences();
    compareFunctions();
    compareTables();
    compareViews();
    compareTriggers();
    comparePolicies();
    compareAggregatesAndOperators();
}

QList<SchemaChange> SchemaChangeBuilder::changes() const
{
    return SchemaChangeOrder::sorted(m_steps, m_from, m_to);
}
