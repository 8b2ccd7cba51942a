#include "SchemaDdl.h"

#include "DeparseCanonicalizer.h"
#include "SchemaSql.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SchemaDdl {

// Two deparsed definitions (constraints, indexes, views) of the same thing;
// equal text is the common case and needs no rewriting.
bool sameDefinition(const QString &a, const QString &b)
{
    return a == b || DeparseCanonicalizer::canonical(a) == DeparseCanonicalizer::canonical(b);
}

QString q(const QString &identifier)
{
    return SchemaSql::quoteIdentifier(identifier);
}

QString commentSql(const QString &what, const QString &comment)
{
    return u"COMMENT ON %1 IS %2;\n"_s.arg(
        what, comment.isEmpty() ? u"NULL"_s : SchemaSql::quoteLiteral(comment));
}

QString commentIfAny(const QString &what, const QString &comment)
{
    return comment.isEmpty() ? QString() : commentSql(what, comment);
}

QString columnDefinition(const SchemaColumn &c)
{
    QString sql = q(c.name) + u' ' + c.type;
    if (!c.collation.isEmpty())
        sql += u" COLLATE "_s + c.collation;
    if (!c.generatedExpression.isEmpty())
        sql += u" GENERATED ALWAYS AS ("_s + c.generatedExpression + u") STORED"_s;
    if (!c.identity.isEmpty())
        sql += u" GENERATED "_s + c.identity + u" AS IDENTITY"_s;
    if (!c.defaultExpression.isEmpty())
        sql += u" DEFAULT "_s + c.defaultExpression;
    if (c.notNull)
        sql += u" NOT NULL"_s;
    return sql;
}

int constraintRank(SchemaConstraint::Type type)
{
    switch (type) {
    case SchemaConstraint::Type::PrimaryKey:
        return 0;
    case SchemaConstraint::Type::Unique:
        return 1;
    case SchemaConstraint::Type::Exclusion:
        return 2;
    case SchemaConstraint::Type::Check:
        return 3;
    case SchemaConstraint::Type::ForeignKey:
        return 4;
    }
    return 5;
}

QString addConstraintSql(const QString &table, const SchemaConstraint &c)
{
    return u"ALTER TABLE %1 ADD CONSTRAINT %2 %3;\n"_s.arg(table, q(c.name), c.definition)
        + commentIfAny(u"CONSTRAINT %1 ON %2"_s.arg(q(c.name), table), c.comment);
}

QString dropConstraintSql(const QString &table, const SchemaConstraint &c)
{
    return u"ALTER TABLE %1 DROP CONSTRAINT %2;\n"_s.arg(table, q(c.name));
}

// The names of `from`'s name=value settings that `to` no longer sets: they
// go back to their defaults (RESET, or SET STATISTICS -1).
QStringList namesGone(const QStringList &from, const QStringList &to)
{
    QStringList gone;
    for (const QString &setting : from) {
        const QString name = setting.section(u'=', 0, 0);
        const bool kept = std::any_of(
            to.cbegin(), to.cend(), [&name](const QString &t) { return t.section(u'=', 0, 0) == name; });
        if (!kept)
            gone << name;
    }
    return gone;
}

// ALTER INDEX ... ALTER COLUMN n SET STATISTICS for each target in `to` that
// differs from `from` (a target gone goes back to the default, -1).
QString indexStatisticsSql(const QString &index, const QStringList &from, const QStringList &to)
{
    QString sql;
    for (const QString &column : namesGone(from, to))
        sql += u"ALTER INDEX %1 ALTER COLUMN %2 SET STATISTICS -1;\n"_s.arg(index, column);
    for (const QString &t : to) {
        if (!from.contains(t))
            sql += u"ALTER INDEX %1 ALTER COLUMN %2 SET STATISTICS %3;\n"_s.arg(
                index, t.section(u'=', 0, 0), t.section(u'=', 1));
    }
    return sql;
}

QString createIndexSql(const SchemaIndex &x)
{
    if (!x.valid && x.onPartitionedTable) {
        // An invalid index of a partitioned table: on the parent only, as it was.
        QString definition = x.definition;
        const qsizetype on = definition.indexOf(u" ON "_s);
        definition.insert(on + 4, u"ONLY "_s);
        return definition + u";\n"_s + indexStatisticsSql(x.qualifiedName(), {}, x.columnStatistics)
            + commentIfAny(u"INDEX "_s + x.qualifiedName(), x.comment);
    }
    return x.definition + u";\n"_s + indexStatisticsSql(x.qualifiedName(), {}, x.columnStatistics)
        + commentIfAny(u"INDEX "_s + x.qualifiedName(), x.comment);
}

// ALTER COLUMN ... SET (...) / RESET (...) that turns the options `from` into
// `to` ("n_distinct=-0.02"); RESET takes the names of the options `to` lacks.
QString columnOptionsSql(
    const QString &table, const QString &column, const QStringList &from, const QStringList &to)
{
    if (from == to)
        return {};
    const QStringList reset = namesGone(from, to);
    const QString prefix = u"ALTER TABLE %1 ALTER COLUMN %2 "_s.arg(table, q(column));
    QString sql;
    if (!reset.isEmpty())
        sql += prefix + u"RESET ("_s + reset.join(u", "_s) + u");\n"_s;
    if (!to.isEmpty())
        sql += prefix + u"SET ("_s + to.join(u", "_s) + u");\n"_s;
    return sql;
}

// What a new column needs besides its definition: its statistics target and options.
QString columnSettingsSql(const QString &table, const SchemaColumn &c)
{
    QString sql;
    if (c.statistics >= 0)
        sql += u"ALTER TABLE %1 ALTER COLUMN %2 SET STATISTICS %3;\n"_s.arg(table, q(c.name))
                   .arg(c.statistics);
    return sql + columnOptionsSql(table, c.name, {}, c.options);
}

QString storageOptionsSql(const QString &table, const QStringList &from, const QStringList &to)
{
    const QStringList reset = namesGone(from, to);
    QStringList set;
    for (const QString &t : to) {
        if (!from.contains(t))
            set << t;
    }
    QString sql;
    if (!reset.isEmpty())
        sql += u"ALTER TABLE %1 RESET (%2);\n"_s.arg(table, reset.join(u", "_s));
    if (!set.isEmpty())
        sql += u"ALTER TABLE %1 SET (%2);\n"_s.arg(table, set.join(u", "_s));
    return sql;
}

QString rowSecuritySql(const QString &table, const SchemaTable &from, const SchemaTable &to)
{
    QString sql;
    if (from.rowSecurity != to.rowSecurity)
        sql += u"ALTER TABLE %1 %2 ROW LEVEL SECURITY;\n"_s.arg(
            table, to.rowSecurity ? u"ENABLE"_s : u"DISABLE"_s);
    if (from.forceRowSecurity != to.forceRowSecurity)
        sql += u"ALTER TABLE %1 %2 ROW LEVEL SECURITY;\n"_s.arg(
            table, to.forceRowSecurity ? u"FORCE"_s : u"NO FORCE"_s);
    return sql;
}

QString createPolicySql(const SchemaPolicy &p)
{
    QString sql = u"CREATE POLICY %1 ON %2 AS %3 FOR %4 TO %5"_s.arg(q(p.name), p.table,
        p.permissive ? u"PERMISSIVE"_s : u"RESTRICTIVE"_s, p.command,
        p.roles.isEmpty() ? u"PUBLIC"_s : p.roles.join(u", "_s));
    if (!p.usingExpression.isEmpty())
        sql += u" USING ("_s + p.usingExpression + u')';
    if (!p.checkExpression.isEmpty())
        sql += u" WITH CHECK ("_s + p.checkExpression + u')';
    return sql + u";\n"_s + commentIfAny(u"POLICY %1 ON %2"_s.arg(q(p.name), p.table), p.comment);
}

QString dropPolicySql(const SchemaPolicy &p)
{
    return u"DROP POLICY %1 ON %2;\n"_s.arg(q(p.name), p.table);
}

QString dropIndexSql(const SchemaIndex &x)
{
    return u"DROP INDEX %1;\n"_s.arg(x.qualifiedName());
}

// Pointers into the table, not copies: the diff walks every table's constraints several times.
QList<const SchemaConstraint *> sortedConstraints(const SchemaTable &t, bool foreignKeys)
{
    QList<const SchemaConstraint *> list;
    list.reserve(t.constraints.size());
    for (const SchemaConstraint &c : t.constraints) {
        if ((c.type == SchemaConstraint::Type::ForeignKey) == foreignKeys)
            list << &c;
    }
    std::stable_sort(list.begin(), list.end(), [](const SchemaConstraint *a, const SchemaConstraint *b) {
        return constraintRank(a->type) < constraintRank(b->type);
    });
    return list;
}

// The table with its columns, its own constraints except foreign keys, its
// indexes and comments. Foreign keys and triggers are changes of their own.
QHash<QString, QList<const SchemaIndex *>> indexesByTable(const SchemaModel &model)
{
    QHash<QString, QList<const SchemaIndex *>> result;
    for (const SchemaIndex &x : model.indexes)
        result[x.table] << &x;
    return result;
}

QString createTableSql(const SchemaTable &t, const QList<const SchemaIndex *> &indexes)
{
    const QString name = t.qualifiedName();
    QString sql = t.unlogged ? u"CREATE UNLOGGED TABLE "_s : u"CREATE TABLE "_s;
    sql += name;
    if (!t.partitionOf.isEmpty()) {
        sql += u" PARTITION OF "_s + t.partitionOf + u' ' + t.partitionBound;
    } else {
        QStringList columns;
        for (const SchemaColumn &c : t.columns)
            columns << u"    "_s + columnDefinition(c);
        sql += columns.isEmpty() ? u" ()"_s : u" (\n"_s + columns.join(u",\n"_s) + u"\n)"_s;
    }
    if (t.partitioned)
        sql += u" PARTITION BY "_s + t.partitionKey;
    if (!t.storageOptions.isEmpty())
        sql += u" WITH ("_s + t.storageOptions.join(u", "_s) + u')';
    sql += u";\n"_s;
    for (const SchemaColumn &c : t.columns)
        sql += columnSettingsSql(name, c);
    sql += rowSecuritySql(name, SchemaTable {}, t);
    for (const SchemaConstraint *c : sortedConstraints(t, false))
        sql += addConstraintSql(name, *c);
    for (const SchemaIndex *x : indexes)
        sql += createIndexSql(*x);
    sql += commentIfAny(u"TABLE "_s + name, t.comment);
    for (const SchemaColumn &c : t.columns)
        sql += commentIfAny(u"COLUMN %1.%2"_s.arg(name, q(c.name)), c.comment);
    return sql;
}

QString createViewSql(const SchemaView &v, const SchemaModel &model)
{
    const QString name = v.qualifiedName();
    QString sql;
    if (!v.placeholderColumns.isEmpty() && !v.materialized) {
        // It reads itself: create it with its columns and no source first, then
        // replace it (what pg_dump does for a view in a dependency loop).
        sql = u"CREATE VIEW %1 AS\n SELECT %2;\nCREATE OR REPLACE VIEW %1 AS\n%3;\n"_s.arg(
            name, v.placeholderColumns.join(u",\n    "_s), v.definition);
    } else {
        sql = u"CREATE %1 %2 AS\n%3;\n"_s.arg(
            v.materialized ? u"MATERIALIZED VIEW"_s : u"VIEW"_s, name, v.definition);
    }
    for (const SchemaIndex &x : model.indexes) {
        if (x.table == name)
            sql += createIndexSql(x);
    }
    sql += commentIfAny((v.materialized ? u"MATERIALIZED VIEW "_s : u"VIEW "_s) + name, v.comment);
    for (auto it = v.columnDefaults.cbegin(); it != v.columnDefaults.cend(); ++it)
        sql += u"ALTER VIEW %1 ALTER COLUMN %2 SET DEFAULT %3;\n"_s.arg(name, q(it.key()), it.value());
    for (auto it = v.columnComments.cbegin(); it != v.columnComments.cend(); ++it)
        sql += commentIfAny(u"COLUMN %1.%2"_s.arg(name, q(it.key())), it.value());
    return sql;
}

// ALTER VIEW ... ALTER COLUMN ... SET / DROP DEFAULT that turns the column
// defaults `from` of view `name` into `to`.
QString viewDefaultsSql(
    const QString &name, const QMap<QString, QString> &from, const QMap<QString, QString> &to)
{
    QString sql;
    for (auto it = from.cbegin(); it != from.cend(); ++it) {
        if (!to.contains(it.key()))
            sql += u"ALTER VIEW %1 ALTER COLUMN %2 DROP DEFAULT;\n"_s.arg(name, q(it.key()));
    }
    for (auto it = to.cbegin(); it != to.cend(); ++it) {
        if (from.value(it.key()) != it.value())
            sql += u"ALTER VIEW %1 ALTER COLUMN %2 SET DEFAULT %3;\n"_s.arg(name, q(it.key()), it.value());
    }
    return sql;
}

QString dropViewSql(const SchemaView &v)
{
    return u"DROP %1 %2;\n"_s.arg(v.materialized ? u"MATERIALIZED VIEW"_s : u"VIEW"_s, v.qualifiedName());
}

QString functionWhat(const SchemaFunction &f)
{
    return (f.procedure ? u"PROCEDURE "_s : u"FUNCTION "_s) + f.qualifiedSignature();
}

QString createFunctionSql(const SchemaFunction &f)
{
    return f.definition + u";\n"_s + commentIfAny(functionWhat(f), f.comment);
}

QString triggerEnableSql(const SchemaTrigger &t)
{
    if (t.enabled == u"D"_s)
        return u"ALTER TABLE %1 DISABLE TRIGGER %2;\n"_s.arg(t.table, q(t.name));
    if (t.enabled == u"R"_s)
        return u"ALTER TABLE %1 ENABLE REPLICA TRIGGER %2;\n"_s.arg(t.table, q(t.name));
    if (t.enabled == u"A"_s)
        return u"ALTER TABLE %1 ENABLE ALWAYS TRIGGER %2;\n"_s.arg(t.table, q(t.name));
    return {};
}

QString createTriggerSql(const SchemaTrigger &t)
{
    return t.definition + u";\n"_s + triggerEnableSql(t)
        + commentIfAny(u"TRIGGER %1 ON %2"_s.arg(q(t.name), t.table), t.comment);
}

QString sequenceOptions(const SchemaSequence &s)
{
    return u" AS %1 START WITH %2 INCREMENT BY %3 MINVALUE %4 MAXVALUE %5 CACHE %6%7"_s.arg(s.dataType)
        .arg(s.start)
        .arg(s.increment)
        .arg(s.minValue)
        .arg(s.maxValue)
        .arg(s.cache)
        .arg(s.cycle ? u" CYCLE"_s : u" NO CYCLE"_s);
}

bool sameSequenceOptions(const SchemaSequence &a, const SchemaSequence &b)
{
    return a.dataType == b.dataType && a.start == b.start && a.increment == b.increment
        && a.minValue == b.minValue && a.maxValue == b.maxValue && a.cache == b.cache && a.cycle == b.cycle;
}

QString labelList(const QStringList &labels)
{
    QStringList quoted;
    for (const QString &l : labels)
        quoted << SchemaSql::quoteLiteral(l);
    return quoted.join(u", "_s);
}

QString createEnumSql(const SchemaEnum &e)
{
    return u"CREATE TYPE %1 AS ENUM (%2);\n"_s.arg(e.qualifiedName(), labelList(e.labels))
        + commentIfAny(u"TYPE "_s + e.qualifiedName(), e.comment);
}

QString createDomainSql(const SchemaDomain &d)
{
    QString sql = u"CREATE DOMAIN %1 AS %2"_s.arg(d.qualifiedName(), d.baseType);
    if (!d.collation.isEmpty())
        sql += u" COLLATE "_s + d.collation;
    if (!d.defaultExpression.isEmpty())
        sql += u" DEFAULT "_s + d.defaultExpression;
    if (d.notNull)
        sql += u" NOT NULL"_s;
    for (const SchemaDomain::Check &c : d.checks)
        sql += u" CONSTRAINT %1 %2"_s.arg(q(c.name), c.definition);
    return sql + u";\n"_s + commentIfAny(u"DOMAIN "_s + d.qualifiedName(), d.comment);
}

QString alterDomainSql(const SchemaDomain &from, const SchemaDomain &to)
{
    const QString name = to.qualifiedName();
    QString sql;
    for (const SchemaDomain::Check &c : from.checks) {
        if (!to.checks.contains(c))
            sql += u"ALTER DOMAIN %1 DROP CONSTRAINT %2;\n"_s.arg(name, q(c.name));
    }
    if (from.defaultExpression != to.defaultExpression) {
        sql += to.defaultExpression.isEmpty()
            ? u"ALTER DOMAIN %1 DROP DEFAULT;\n"_s.arg(name)
            : u"ALTER DOMAIN %1 SET DEFAULT %2;\n"_s.arg(name, to.defaultExpression);
    }
    if (from.notNull != to.notNull)
        sql += u"ALTER DOMAIN %1 %2 NOT NULL;\n"_s.arg(name, to.notNull ? u"SET"_s : u"DROP"_s);
    for (const SchemaDomain::Check &c : to.checks) {
        if (!from.checks.contains(c))
            sql += u"ALTER DOMAIN %1 ADD CONSTRAINT %2 %3;\n"_s.arg(name, q(c.name), c.definition);
    }
    return sql;
}

QString attributeDefinition(const SchemaCompositeType::Attribute &a)
{
    return q(a.name) + u' ' + a.type + (a.collation.isEmpty() ? QString() : u" COLLATE "_s + a.collation);
}

QString createCompositeSql(const SchemaCompositeType &c)
{
    QStringList attributes;
    for (const SchemaCompositeType::Attribute &a : c.attributes)
        attributes << u"    "_s + attributeDefinition(a);
    return u"CREATE TYPE %1 AS (\n%2\n);\n"_s.arg(c.qualifiedName(), attributes.join(u",\n"_s))
        + commentIfAny(u"TYPE "_s + c.qualifiedName(), c.comment);
}

const SchemaCompositeType::Attribute *findAttribute(const SchemaCompositeType &c, const QString &name)
{
    for (const SchemaCompositeType::Attribute &a : c.attributes) {
        if (a.name == name)
            return &a;
    }
    return nullptr;
}

QString alterCompositeSql(const SchemaCompositeType &from, const SchemaCompositeType &to)
{
    const QString name = to.qualifiedName();
    QString sql;
    for (const SchemaCompositeType::Attribute &a : from.attributes) {
        if (!findAttribute(to, a.name))
            sql += u"ALTER TYPE %1 DROP ATTRIBUTE %2;\n"_s.arg(name, q(a.name));
    }
    for (const SchemaCompositeType::Attribute &a : to.attributes) {
        const SchemaCompositeType::Attribute *old = findAttribute(from, a.name);
        if (!old)
            sql += u"ALTER TYPE %1 ADD ATTRIBUTE %2;\n"_s.arg(name, attributeDefinition(a));
        else if (!(*old == a))
            sql += u"ALTER TYPE %1 ALTER ATTRIBUTE %2 TYPE %3%4;\n"_s.arg(
                name, q(a.name), a.type, a.collation.isEmpty() ? QString() : u" COLLATE "_s + a.collation);
    }
    return sql;
}

// Widening changes keep every value; anything else may lose data.
bool isWidening(const QString &from, const QString &to)
{
    static const QStringList integers = { u"smallint"_s, u"integer"_s, u"bigint"_s, u"numeric"_s };
    if (integers.indexOf(from) >= 0 && integers.indexOf(to) > integers.indexOf(from))
        return true;
    if (from == u"real"_s && to == u"double precision"_s)
        return true;
    static const QRegularExpression sized(
        u"^(character varying|character|numeric|bit varying)\\((\\d+)(?:,(\\d+))?\\)$"_s);
    const auto a = sized.match(from);
    if (to == u"text"_s && (a.hasMatch() || from == u"character varying"_s))
        return a.captured(1) != u"numeric"_s;
    if (!a.hasMatch())
        return false;
    if (to == a.captured(1) && a.captured(1) != u"character"_s)
        return true; // varchar(n) -> varchar, numeric(p,s) -> numeric
    const auto b = sized.match(to);
    if (!b.hasMatch() || b.captured(1) != a.captured(1))
        return false;
    const int scaleA = a.captured(3).toInt();
    const int scaleB = b.captured(3).toInt();
    return b.captured(2).toInt() - scaleB >= a.captured(2).toInt() - scaleA && scaleB >= scaleA;
}

// Statements that turn column `a` into `b` in place, in an order the server accepts.
QString alterColumnSql(const QString &table, const SchemaColumn &a, const SchemaColumn &b)
{
    // Most columns do not change: skip building the statement prefix for them.
    if (a.type == b.type && a.collation == b.collation && a.defaultExpression == b.defaultExpression
        && a.notNull == b.notNull && a.identity == b.identity && a.statistics == b.statistics
        && a.options == b.options)
        return {};
    const QString prefix = u"ALTER TABLE %1 ALTER COLUMN %2 "_s.arg(table, q(a.name));
    const bool typeChanged = a.type != b.type || a.collation != b.collation;
    QString sql;
    if (!a.identity.isEmpty() && b.identity.isEmpty())
        sql += prefix + u"DROP IDENTITY;\n"_s;
    if (typeChanged && !a.defaultExpression.isEmpty())
        sql += prefix + u"DROP DEFAULT;\n"_s;
    if (typeChanged) {
        sql += prefix + u"TYPE "_s + b.type
            + (b.collation.isEmpty() ? QString() : u" COLLATE "_s + b.collation);
        if (a.type != b.type)
            sql += u" USING %1::%2"_s.arg(q(a.name), b.type);
        sql += u";\n"_s;
    }
    if (typeChanged ? !b.defaultExpression.isEmpty() : a.defaultExpression != b.defaultExpression) {
        sql += b.defaultExpression.isEmpty() ? prefix + u"DROP DEFAULT;\n"_s
                                             : prefix + u"SET DEFAULT "_s + b.defaultExpression + u";\n"_s;
    }
    if (a.notNull != b.notNull)
        sql += prefix + (b.notNull ? u"SET NOT NULL;\n"_s : u"DROP NOT NULL;\n"_s);
    if (a.identity.isEmpty() && !b.identity.isEmpty())
        sql += prefix + u"ADD GENERATED "_s + b.identity + u" AS IDENTITY;\n"_s;
    else if (!a.identity.isEmpty() && !b.identity.isEmpty() && a.identity != b.identity)
        sql += prefix + u"SET GENERATED "_s + b.identity + u";\n"_s;
    if (a.statistics != b.statistics)
        sql += prefix + u"SET STATISTICS %1;\n"_s.arg(b.statistics);
    return sql + columnOptionsSql(table, a.name, a.options, b.options);
}

QHash<QString, const SchemaTable *> indexTables(const SchemaModel &model)
{
    QHash<QString, const SchemaTable *> index;
    index.reserve(model.tables.size());
    for (auto it = model.tables.cbegin(); it != model.tables.cend(); ++it)
        index.insert(it.key(), &*it);
    return index;
}

// The table of that name in the index, or an empty one.
const SchemaTable &tableIn(const QHash<QString, const SchemaTable *> &index, const QString &name)
{
    static const SchemaTable missing {};
    const SchemaTable *t = index.value(name);
    return t ? *t : missing;
}

} // namespace SchemaDdl
