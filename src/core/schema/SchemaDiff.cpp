#include "SchemaDiff.h"

#include "DeparseCanonicalizer.h"
#include "SchemaSql.h"
#include "common/Logging.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <set>

using namespace Qt::StringLiterals;

namespace {

// Two deparsed definitions (constraints, indexes, views) of the same thing;
// equal text is the common case and needs no rewriting.
bool sameDefinition(const QString &a, const QString &b)
{
    return a == b || DeparseCanonicalizer::canonical(a) == DeparseCanonicalizer::canonical(b);
}

// The order changes run in (up), before the dependencies read from pg_depend
// move a change after what it needs (see Builder::changes()). Down runs the
// inverse of each change in the reverse order, which is dependency-correct for
// the same reason.
enum Phase {
    RenameObjects,
    DropPolicies,
    DropTriggers,
    DropViews,
    DropForeignKeys,
    DropIndexes,
    DropConstraints,
    DisownSequences,
    CreateSchemas,
    CreateExtensions,
    CreateEnums,
    ChangeEnums,
    CreateDomains,
    CreateCompositeTypes,
    CreateSequences,
    CreateFunctions,
    CreateOperators,
    CreateAggregates,
    CreateTables,
    DropColumns,
    AddColumns,
    AlterColumns,
    DropTables,
    DropSequences,
    DropAggregates,
    DropOperators,
    DropFunctions,
    DropCompositeTypes,
    DropDomains,
    DropEnums,
    DropExtensions,
    DropSchemas,
    AddConstraints,
    CreateIndexes,
    AddForeignKeys,
    OwnSequences,
    CreateViews,
    CreateTriggers,
    CreatePolicies,
    Comments,
};

// A const QMap's operator[] and value() return copies; the diff looks up whole tables often.
template<typename Map> const typename Map::mapped_type &ref(const Map &map, const QString &key)
{
    static const typename Map::mapped_type missing {};
    const auto it = map.constFind(key);
    return it == map.cend() ? missing : *it;
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

// ALTER INDEX ... ALTER COLUMN n SET STATISTICS for each target in `to` that
// differs from `from` (a target gone goes back to the default, -1).
QString indexStatisticsSql(const QString &index, const QStringList &from, const QStringList &to)
{
    QString sql;
    for (const QString &s : from) {
        const QString column = s.section(u'=', 0, 0);
        bool kept = false;
        for (const QString &t : to)
            kept = kept || t.section(u'=', 0, 0) == column;
        if (!kept)
            sql += u"ALTER INDEX %1 ALTER COLUMN %2 SET STATISTICS -1;\n"_s.arg(index, column);
    }
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
    QStringList reset;
    for (const QString &option : from) {
        const QString key = option.section(u'=', 0, 0);
        bool kept = false;
        for (const QString &o : to)
            kept = kept || o.section(u'=', 0, 0) == key;
        if (!kept)
            reset << key;
    }
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
    QStringList reset;
    for (const QString &o : from) {
        const QString name = o.section(u'=', 0, 0);
        bool kept = false;
        for (const QString &t : to)
            kept = kept || t.section(u'=', 0, 0) == name;
        if (!kept)
            reset << name;
    }
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
QString createTableSql(const SchemaTable &t, const SchemaModel &model)
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
    for (const SchemaIndex &x : model.indexes) {
        if (x.table == name)
            sql += createIndexSql(x);
    }
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

struct Step
{
    Phase phase;
    SchemaChange change;
};

class Builder
{
public:
    Builder(const SchemaModel &from, const SchemaModel &to)
        : m_from(from)
        , m_to(to)
        , m_fromTables(indexTables(from))
        , m_toTables(indexTables(to))
    {
    }

    void run();
    QList<SchemaChange> changes() const;

private:
    void add(Phase phase, const QString &objectKind, const QString &objectName, SchemaChange::Kind kind,
        const QString &description, const QString &up, const QString &down, bool dataLoss = false)
    {
        SchemaChange c;
        c.objectKind = objectKind;
        c.objectName = objectName;
        c.kind = kind;
        c.description = description;
        c.upSql = up;
        c.downSql = down;
        c.dataLoss = dataLoss;
        m_steps << Step { phase, c };
    }
    void comment(const QString &what, const QString &objectName, const QString &from, const QString &to)
    {
        if (from != to)
            add(Comments, u"comment"_s, objectName, SchemaChange::Kind::Alter,
                u"comment on "_s + what.toLower(), commentSql(what, to), commentSql(what, from));
    }

    void planTables();
    void planViews();
    void compareSchemasAndExtensions();
    void compareTypes();
    void compareSequences();
    void compareFunctions();
    void compareTables();
    void compareViews();
    void compareTriggers();
    void comparePolicies();
    void compareAggregatesAndOperators();
    QString recreateEnumSql(const SchemaEnum &e, const QStringList &labels) const;
    QList<QString> orderTables(const SchemaModel &model, const QSet<QString> &names) const;
    QList<QString> orderViews(const SchemaModel &model, const QSet<QString> &names) const;

    const SchemaModel &m_from;
    const SchemaModel &m_to;
    // The diff looks tables up by name thousands of times; hashing the name once
    // beats a QMap's string comparisons along the tree. Only for look-ups: the
    // output still follows the QMaps' (sorted) order.
    QHash<QString, const SchemaTable *> m_fromTables;
    QHash<QString, const SchemaTable *> m_toTables;
    QList<Step> m_steps;
    QSet<QString> m_droppedTables; // in `from`, gone or recreated
    QSet<QString> m_createdTables; // in `to`, new or recreated
    QSet<QString> m_changedTypeColumns; // "table.column" whose type changes (also through an enum)
    QSet<QString> m_droppedColumns;
    QSet<QString> m_changedEnums;
    QSet<QString> m_droppedViews;
    QSet<QString> m_createdViews;
};

QList<QString> Builder::orderTables(const SchemaModel &model, const QSet<QString> &names) const
{
    // Parents before partitions.
    auto depth = [&](const QString &name) {
        int d = 0;
        for (QString p = ref(model.tables, name).partitionOf; !p.isEmpty() && d < 64;
             p = ref(model.tables, p).partitionOf)
            ++d;
        return d;
    };
    QList<QString> list(names.begin(), names.end());
    std::sort(list.begin(), list.end(), [&](const QString &a, const QString &b) {
        const int da = depth(a);
        const int db = depth(b);
        return da != db ? da < db : a < b;
    });
    return list;
}

QList<QString> Builder::orderViews(const SchemaModel &model, const QSet<QString> &names) const
{
    // Views after the views they read, ties by name.
    QList<QString> ordered;
    QSet<QString> done;
    QList<QString> pending(names.begin(), names.end());
    std::sort(pending.begin(), pending.end());
    while (!pending.isEmpty()) {
        bool progress = false;
        for (auto it = pending.begin(); it != pending.end();) {
            bool ready = true;
            for (const QString &dep : ref(model.views, *it).dependsOnRelations) {
                if (names.contains(dep) && !done.contains(dep) && dep != *it)
                    ready = false;
            }
            if (ready) {
                ordered << *it;
                done.insert(*it);
                it = pending.erase(it);
                progress = true;
            } else {
                ++it;
            }
        }
        if (!progress) { // a cycle cannot happen between views; keep going rather than loop
            ordered << pending;
            break;
        }
    }
    return ordered;
}

void Builder::planTables()
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

void Builder::planViews()
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

void Builder::compareSchemasAndExtensions()
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

QString Builder::recreateEnumSql(const SchemaEnum &e, const QStringList &labels) const
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

void Builder::compareTypes()
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

void Builder::compareSequences()
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

void Builder::compareFunctions()
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

void Builder::compareTables()
{
    // Dropped tables: foreign keys of their own first, then the tables, partitions first.
    for (const QString &name : orderTables(m_to, m_createdTables)) {
        const SchemaTable &t = tableIn(m_toTables, name);
        add(CreateTables, u"table"_s, name, SchemaChange::Kind::Create,
            m_droppedTables.contains(name) ? u"recreate table "_s + name : u"create table "_s + name,
            createTableSql(t, m_to), u"DROP TABLE %1;\n"_s.arg(name));
    }
    QList<QString> dropped = orderTables(m_from, m_droppedTables);
    std::reverse(dropped.begin(), dropped.end());
    for (const QString &name : dropped) {
        const SchemaTable &t = tableIn(m_fromTables, name);
        add(DropTables, u"table"_s, name, SchemaChange::Kind::Drop, u"drop table "_s + name,
            u"DROP TABLE %1;\n"_s.arg(name), createTableSql(t, m_from), true);
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

void Builder::compareViews()
{
    QList<QString> dropped = orderViews(m_from, m_droppedViews);
    std::reverse(dropped.begin(), dropped.end());
    for (const QString &name : dropped) {
        const SchemaView &v = ref(m_from.views, name);
        const bool rebuilt = m_to.views.contains(name);
        add(DropViews, v.materialized ? u"materialized view"_s : u"view"_s, name, SchemaChange::Kind::Drop,
            (rebuilt ? u"drop (to recreate) "_s : u"drop "_s)
                + (v.materialized ? u"materialized view "_s : u"view "_s) + name,
            dropViewSql(v), createViewSql(v, m_from));
    }
    for (const QString &name : orderViews(m_to, m_createdViews)) {
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

void Builder::compareTriggers()
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

void Builder::comparePolicies()
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

void Builder::compareAggregatesAndOperators()
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

void Builder::run()
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

// The node of SchemaModel::dependencies a change creates, alters or drops;
// empty for changes to parts of an object (columns, indexes, comments).
QString dependencyNode(const SchemaChange &c)
{
    const QString &k = c.objectKind;
    if (k == u"table"_s || k == u"view"_s || k == u"materialized view"_s || k == u"sequence"_s)
        return u"relation "_s + c.objectName;
    if (k == u"function"_s || k == u"procedure"_s || k == u"aggregate"_s)
        return u"function "_s + c.objectName;
    if (k == u"enum"_s || k == u"domain"_s || k == u"type"_s)
        return u"type "_s + c.objectName;
    if (k == u"operator"_s)
        return u"operator "_s + c.objectName;
    return {};
}

QList<SchemaChange> Builder::changes() const
{
    QList<Step> steps = m_steps;
    std::stable_sort(
        steps.begin(), steps.end(), [](const Step &a, const Step &b) { return a.phase < b.phase; });

    // Then the dependencies PostgreSQL records (pg_depend), as pg_dump sorts its
    // objects: an object is created after what it needs (a function returning a
    // table's rows after the table, a view after the aggregate it calls), and
    // dropped before it. The phase order is kept wherever pg_depend says nothing:
    // of the steps that may run next, the earliest in phase order runs.
    const qsizetype n = steps.size();
    QList<QList<qsizetype>> after(n); // after[i]: steps that must wait for step i
    QList<int> waitingFor(n, 0);
    QHash<QString, QList<qsizetype>> creators;
    QHash<QString, QList<qsizetype>> droppers;
    QList<QString> nodes(n);
    for (qsizetype i = 0; i < n; ++i) {
        nodes[i] = dependencyNode(steps[i].change);
        if (nodes[i].isEmpty())
            continue;
        if (steps[i].change.kind == SchemaChange::Kind::Create)
            creators[nodes[i]] << i;
        else if (steps[i].change.kind == SchemaChange::Kind::Drop)
            droppers[nodes[i]] << i;
    }
    auto edge = [&](qsizetype first, qsizetype then) {
        if (first == then)
            return;
        after[first] << then;
        ++waitingFor[then];
    };
    for (qsizetype i = 0; i < n; ++i) {
        if (nodes[i].isEmpty())
            continue;
        if (steps[i].change.kind == SchemaChange::Kind::Drop) {
            for (const QString &needed : m_from.dependencies.value(nodes[i])) {
                for (const qsizetype j : droppers.value(needed))
                    edge(i, j);
            }
        } else {
            for (const QString &needed : m_to.dependencies.value(nodes[i])) {
                for (const qsizetype j : creators.value(needed))
                    edge(j, i);
            }
        }
    }
    QList<SchemaChange> list;
    list.reserve(n);
    std::set<qsizetype> ready;
    QList<bool> done(n, false);
    for (qsizetype i = 0; i < n; ++i) {
        if (waitingFor[i] == 0)
            ready.insert(i);
    }
    while (list.size() < n) {
        qsizetype next = -1;
        if (!ready.empty()) {
            next = *ready.begin();
            ready.erase(ready.begin());
        } else {
            // A cycle (a table whose default calls a function returning its rows):
            // break it at the earliest step in phase order.
            for (qsizetype i = 0; i < n && next < 0; ++i) {
                if (!done[i])
                    next = i;
            }
        }
        done[next] = true;
        list << steps[next].change;
        for (const qsizetype j : after[next]) {
            if (--waitingFor[j] == 0 && !done[j])
                ready.insert(j);
        }
    }
    return list;
}

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

} // namespace

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
    const SchemaModel renamed = renames.isEmpty() ? from : applyRenames(from, renames, renameChanges);
    Builder builder(renamed, to);
    builder.run();
    diff.m_changes = renameChanges + builder.changes();
    diff.m_renameCandidates = findRenameCandidates(renamed, to);
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
