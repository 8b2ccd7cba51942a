#include "SchemaObjects.h"

#include "SchemaDdl.h"
#include "SchemaDiff.h"
#include "SchemaSql.h"

using namespace Qt::StringLiterals;
using namespace SchemaDdl;

namespace {

// What a table is apart from its columns, constraints and indexes (those are
// objects of their own): a column added changes the column's history, not
// the table's fingerprint.
QString tableFingerprint(const SchemaTable &t)
{
    return QStringList { t.unlogged ? u"unlogged"_s : QString(), t.partitioned ? t.partitionKey : QString(),
        t.partitionOf, t.partitionBound, t.storageOptions.join(u','), t.rowSecurity ? u"rls"_s : QString(),
        t.forceRowSecurity ? u"force rls"_s : QString(), t.comment }
        .join(u'\n');
}

QString columnSql(const QString &table, const SchemaColumn &c)
{
    return u"ALTER TABLE %1 ADD COLUMN %2;\n"_s.arg(table, columnDefinition(c)) + columnSettingsSql(table, c)
        + commentIfAny(u"COLUMN %1.%2"_s.arg(table, q(c.name)), c.comment);
}

QString indexSql(const SchemaIndex &x)
{
    return createIndexSql(x) + commentIfAny(u"INDEX "_s + x.qualifiedName(), x.comment);
}

QString sequenceSql(const SchemaSequence &s)
{
    QString sql = u"CREATE SEQUENCE %1%2;\n"_s.arg(s.qualifiedName(), sequenceOptions(s));
    if (!s.ownedBy.isEmpty())
        sql += u"ALTER SEQUENCE %1 OWNED BY %2;\n"_s.arg(s.qualifiedName(), s.ownedBy);
    return sql + commentIfAny(u"SEQUENCE "_s + s.qualifiedName(), s.comment);
}

QString viewFingerprint(const SchemaView &v)
{
    QStringList parts { v.materialized ? u"materialized"_s : QString(), v.definition, v.comment };
    for (auto it = v.columnComments.cbegin(); it != v.columnComments.cend(); ++it)
        parts << u"comment "_s + it.key() + u'=' + *it;
    for (auto it = v.columnDefaults.cbegin(); it != v.columnDefaults.cend(); ++it)
        parts << u"default "_s + it.key() + u'=' + *it;
    return parts.join(u'\n');
}

} // namespace

QString SchemaObjects::kindOf(const QString &changeObjectKind)
{
    if (changeObjectKind == u"foreign key"_s)
        return u"constraint"_s;
    return changeObjectKind;
}

const SchemaObject *SchemaObjects::find(const QString &key) const
{
    const auto it = m_byKey.constFind(key);
    return it == m_byKey.cend() ? nullptr : &m_objects[*it];
}

QString SchemaObjects::keyOf(const SchemaChange &change) const
{
    if (change.objectKind == u"comment"_s)
        return m_keyByIdentity.value(change.objectName);
    const QString key = SchemaObject::key(kindOf(change.objectKind), change.objectName);
    if (m_byKey.contains(key))
        return key;
    // A view's "alter column defaults" is filed under "view" for both kinds.
    if (change.objectKind == u"view"_s) {
        const QString materialized = SchemaObject::key(u"materialized view"_s, change.objectName);
        if (m_byKey.contains(materialized))
            return materialized;
    }
    return {};
}

void SchemaObjects::add(SchemaObject object)
{
    const QString key = object.key();
    if (m_byKey.contains(key))
        return;
    m_keyByIdentity.insert(object.identity, key); // later kinds win: a column's comment beats nothing
    m_byKey.insert(key, m_objects.size());
    m_objects.append(std::move(object));
}

SchemaObjects SchemaObjects::of(const SchemaModel &model)
{
    SchemaObjects result;
    auto object = [](const QString &kind, const QString &identity, const QString &schema, const QString &name,
                      const QString &comment, const QString &fingerprint) {
        SchemaObject o;
        o.kind = kind;
        o.identity = identity;
        o.schema = schema;
        o.name = name;
        o.comment = comment;
        o.fingerprint = fingerprint;
        return o;
    };

    for (auto it = model.schemas.cbegin(); it != model.schemas.cend(); ++it)
        result.add(object(u"schema"_s, it.key(), QString(), it->name, it->comment, it->comment));
    for (auto it = model.extensions.cbegin(); it != model.extensions.cend(); ++it)
        result.add(object(u"extension"_s, it.key(), QString(), it->name, QString(), it->schema));
    for (const SchemaEnum &e : model.enums)
        result.add(object(u"enum"_s, e.qualifiedName(), e.schema, e.name, e.comment, createEnumSql(e)));
    for (const SchemaDomain &d : model.domains)
        result.add(object(u"domain"_s, d.qualifiedName(), d.schema, d.name, d.comment, createDomainSql(d)));
    for (const SchemaCompositeType &c : model.compositeTypes)
        result.add(object(u"type"_s, c.qualifiedName(), c.schema, c.name, c.comment, createCompositeSql(c)));
    for (const SchemaSequence &s : model.sequences) {
        SchemaObject o
            = object(u"sequence"_s, s.qualifiedName(), s.schema, s.name, s.comment, sequenceSql(s));
        o.ddl = o.fingerprint;
        o.detail = s.dataType;
        result.add(std::move(o));
    }
    // Partitions name their parent; a parent sorts anywhere among them, so
    // plain tables go first and each partition once its parent is in.
    QList<const SchemaTable *> waiting;
    for (const SchemaTable &t : model.tables)
        waiting << &t;
    while (!waiting.isEmpty()) {
        QList<const SchemaTable *> later;
        for (const SchemaTable *t : std::as_const(waiting)) {
            const QString parent
                = t->partitionOf.isEmpty() ? QString() : SchemaObject::key(u"table"_s, t->partitionOf);
            if (!parent.isEmpty() && !result.m_byKey.contains(parent)
                && model.tables.contains(t->partitionOf)) {
                later << t;
                continue;
            }
            SchemaObject o = object(
                u"table"_s, t->qualifiedName(), t->schema, t->name, t->comment, tableFingerprint(*t));
            o.parent = parent;
            result.add(std::move(o));
        }
        if (later.size() == waiting.size())
            break; // cannot happen with a catalog's data; never loop forever on a crafted model
        waiting = later;
    }
    for (const SchemaView &v : model.views)
        result.add(object(v.materialized ? u"materialized view"_s : u"view"_s, v.qualifiedName(), v.schema,
            v.name, v.comment, viewFingerprint(v)));
    for (const SchemaFunction &f : model.functions) {
        SchemaObject o = object(f.procedure ? u"procedure"_s : u"function"_s, f.qualifiedSignature(),
            f.schema, f.name + u'(' + f.identityArguments + u')', f.comment, createFunctionSql(f));
        o.detail = f.resultType;
        result.add(std::move(o));
    }
    for (const SchemaAggregate &a : model.aggregates)
        result.add(object(u"aggregate"_s, a.qualifiedSignature(), a.schema,
            a.name + u'(' + a.identityArguments + u')', a.comment, a.definition + u'\n' + a.comment));
    for (const SchemaOperator &op : model.operators)
        result.add(object(u"operator"_s, op.signature(), op.schema,
            op.name + u'(' + op.leftType + u", "_s + op.rightType + u')', op.comment,
            op.definition + u'\n' + op.comment));

    // What belongs to a table (or a materialized view's indexes).
    for (const SchemaTable &t : model.tables) {
        const QString table = t.qualifiedName();
        const QString parent = SchemaObject::key(u"table"_s, table);
        for (const SchemaColumn &c : t.columns) {
            SchemaObject o = object(
                u"column"_s, table + u'.' + q(c.name), t.schema, c.name, c.comment, columnSql(table, c));
            o.parent = parent;
            o.ddl = o.fingerprint;
            o.detail = c.notNull ? c.type + u" not null"_s : c.type;
            result.add(std::move(o));
        }
        for (const SchemaConstraint &c : t.constraints) {
            SchemaObject o = object(u"constraint"_s, table + u'.' + q(c.name), t.schema, c.name, c.comment,
                c.definition + u'\n' + c.comment);
            o.parent = parent;
            o.detail = c.definition;
            result.add(std::move(o));
        }
    }
    for (const SchemaIndex &x : model.indexes) {
        QString parent = SchemaObject::key(u"table"_s, x.table);
        if (!result.m_byKey.contains(parent))
            parent = SchemaObject::key(u"materialized view"_s, x.table);
        SchemaObject o = object(u"index"_s, x.qualifiedName(), x.schema, x.name, x.comment,
            indexSql(x) + (x.valid ? QString() : u"-- invalid\n"_s) + x.columnStatistics.join(u','));
        o.parent = parent;
        o.ddl = indexSql(x);
        o.detail = x.valid ? x.definition : u"(invalid) "_s + x.definition;
        result.add(std::move(o));
    }
    for (const SchemaTrigger &t : model.triggers) {
        QString parent = SchemaObject::key(u"table"_s, t.table);
        if (!result.m_byKey.contains(parent))
            parent = SchemaObject::key(u"view"_s, t.table);
        SchemaObject o = object(u"trigger"_s, t.key(), QString(), t.name, t.comment, createTriggerSql(t));
        o.parent = parent;
        o.ddl = o.fingerprint;
        result.add(std::move(o));
    }
    for (const SchemaPolicy &p : model.policies) {
        SchemaObject o
            = object(u"policy"_s, p.key(), QString(), p.name, p.comment, createPolicySql(p) + p.comment);
        o.parent = SchemaObject::key(u"table"_s, p.table);
        o.ddl = createPolicySql(p) + commentIfAny(u"POLICY %1 ON %2"_s.arg(q(p.name), p.table), p.comment);
        result.add(std::move(o));
    }
    // A trigger or policy keeps the schema of its table.
    for (SchemaObject &o : result.m_objects) {
        if (o.schema.isEmpty() && !o.parent.isEmpty())
            if (const SchemaObject *parent = result.find(o.parent))
                o.schema = parent->schema;
    }

    // The rest of the DDL: what the diff writes to create the whole model,
    // each change under the object it is about.
    const SchemaDiff fromNothing = SchemaDiff::compare(SchemaModel {}, model);
    for (const SchemaChange &change : fromNothing.changes()) {
        const QString key = result.keyOf(change);
        const auto it = result.m_byKey.constFind(key);
        if (it == result.m_byKey.cend())
            continue;
        SchemaObject &o = result.m_objects[*it];
        if (o.kind == u"column"_s || o.kind == u"index"_s || o.kind == u"sequence"_s || o.kind == u"trigger"_s
            || o.kind == u"policy"_s)
            continue; // written above: the diff creates them with their table
        o.ddl += change.upSql;
    }
    // A table's foreign keys are added after every table exists; show them with it.
    for (SchemaObject &o : result.m_objects) {
        if (o.kind != u"constraint"_s || o.ddl.isEmpty())
            continue;
        const auto parent = result.m_byKey.constFind(o.parent);
        if (parent != result.m_byKey.cend())
            result.m_objects[*parent].ddl += o.ddl;
    }
    for (SchemaObject &o : result.m_objects) {
        if (o.kind == u"constraint"_s && o.ddl.isEmpty()) {
            // Declared inside CREATE TABLE: written the way ALTER TABLE adds it.
            const SchemaTable &t = ref(model.tables, o.parent.mid(6));
            if (const SchemaConstraint *c = t.constraint(o.name))
                o.ddl = addConstraintSql(t.qualifiedName(), *c);
        }
    }
    return result;
}
