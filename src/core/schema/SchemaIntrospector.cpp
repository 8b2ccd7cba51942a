#include "SchemaIntrospector.h"

#include "SchemaSql.h"
#include "common/Logging.h"
#include "db/PgConnection.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace {

// The schemas a query reads: $1 is a text[] of schema names.
constexpr auto kSchemaFilter = "n.nspname = ANY($1::text[])";

// Objects created by CREATE EXTENSION belong to the extension, not to the user.
QByteArray notExtensionMember(const char *catalog, const char *oidColumn)
{
    return QByteArray("NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.")
        + catalog + "'::pg_catalog.regclass AND e.objid = " + oidColumn + " AND e.deptype = 'e')";
}

QByteArray arrayLiteral(const QStringList &values)
{
    QStringList quoted;
    for (QString v : values) {
        v.replace(u"\\"_s, u"\\\\"_s);
        v.replace(u"\""_s, u"\\\""_s);
        quoted << u'"' + v + u'"';
    }
    return (u'{' + quoted.join(u',') + u'}').toUtf8();
}

QJsonArray jsonArray(const PgResult &r, int row, int column)
{
    if (r.isNull(row, column))
        return {};
    return QJsonDocument::fromJson(r.bytes(row, column)).array();
}

class Reader
{
public:
    Reader(PgConnection &connection, QByteArray schemas)
        : m_connection(connection)
        , m_schemas(std::move(schemas))
    {
    }

    Result<PgResult> query(const QByteArray &sql, const char *what)
    {
        PgResult r = m_connection.execParams(sql, { m_schemas });
        if (!r.ok()) {
            StrataError e = r.error();
            e.message = u"reading the schema (%1): %2"_s.arg(QLatin1String(what), e.message);
            return e;
        }
        return r;
    }

private:
    PgConnection &m_connection;
    QByteArray m_schemas;
};

} // namespace

Result<SchemaModel> SchemaIntrospector::read(PgConnection &connection, const Options &options)
{
    QElapsedTimer timer;
    timer.start();
    // One snapshot for all queries, and an empty search_path so that every name
    // in a definition comes out schema-qualified (as pg_dump does).
    if (Status s = connection.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !s)
        return s.error();
    struct Rollback
    {
        PgConnection &c;
        ~Rollback() { c.exec("ROLLBACK"); }
    } rollback { connection };
    if (Status s = connection.run("SELECT pg_catalog.set_config('search_path', '', true)"); !s)
        return s.error();

    SchemaModel model;

    // Schemas.
    QStringList schemaNames;
    {
        PgResult r = connection.exec(
            "SELECT n.nspname, d.description FROM pg_catalog.pg_namespace n"
            " LEFT JOIN pg_catalog.pg_description d ON d.objoid = n.oid"
            "  AND d.classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass"
            " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
            "  AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'"
            "  AND "
            + notExtensionMember("pg_namespace", "n.oid") + " ORDER BY 1");
        if (!r.ok())
            return r.error();
        for (int i = 0; i < r.rowCount(); ++i) {
            const QString name = r.value(i, 0);
            if (!options.schemas.isEmpty() && !options.schemas.contains(name))
                continue;
            schemaNames << name;
            model.schemas.insert(SchemaSql::quoteIdentifier(name), SchemaNamespace { name, r.value(i, 1) });
        }
    }
    Reader reader(connection, arrayLiteral(schemaNames));

    // Extensions (in any schema: plpgsql lives in pg_catalog).
    {
        PgResult r = connection.exec("SELECT e.extname, n.nspname FROM pg_catalog.pg_extension e"
                                     " JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace ORDER BY 1");
        if (!r.ok())
            return r.error();
        for (int i = 0; i < r.rowCount(); ++i)
            model.extensions.insert(
                SchemaSql::quoteIdentifier(r.value(i, 0)), SchemaExtension { r.value(i, 0), r.value(i, 1) });
    }

    // Types: enums, domains, composite types; other kinds are listed as not compared.
    {
        auto r = reader.query(
            "SELECT n.nspname, t.typname, t.typtype, c.relkind,"
            "  pg_catalog.format_type(t.typbasetype, t.typtypmod), t.typnotnull,"
            "  pg_catalog.pg_get_expr(t.typdefaultbin, 0),"
            "  CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation THEN"
            "   pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) END,"
            "  (SELECT pg_catalog.json_agg(l.enumlabel ORDER BY l.enumsortorder) FROM pg_catalog.pg_enum l"
            "   WHERE l.enumtypid = t.oid),"
            "  (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(dc.conname, "
            "pg_catalog.pg_get_constraintdef(dc.oid))"
            "   ORDER BY dc.conname) FROM pg_catalog.pg_constraint dc WHERE dc.contypid = t.oid),"
            "  (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(a.attname,"
            "     pg_catalog.format_type(a.atttypid, a.atttypmod),"
            "     CASE WHEN a.attcollation <> at.typcollation THEN"
            "      (SELECT pg_catalog.quote_ident(acn.nspname) || '.' || pg_catalog.quote_ident(aco.collname)"
            "       FROM pg_catalog.pg_collation aco JOIN pg_catalog.pg_namespace acn ON acn.oid = "
            "aco.collnamespace"
            "       WHERE aco.oid = a.attcollation) ELSE '' END) ORDER BY a.attnum)"
            "   FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type at ON at.oid = a.atttypid"
            "   WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped),"
            "  d.description"
            " FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
            " LEFT JOIN pg_catalog.pg_class c ON c.oid = t.typrelid"
            " LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype"
            " LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation"
            " LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace"
            " LEFT JOIN pg_catalog.pg_description d ON d.objoid = t.oid"
            "  AND d.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass AND d.objsubid = 0"
            " WHERE "
                + QByteArray(kSchemaFilter) + " AND " + notExtensionMember("pg_type", "t.oid")
                + " AND (t.typtype <> 'c' OR c.relkind = 'c')"
                  " AND NOT (t.typtype = 'b' AND t.typcategory = 'A') AND t.typtype <> 'm'"
                  " ORDER BY 1, 2",
            "types");
        if (!r)
            return r.error();
        for (int i = 0; i < r->rowCount(); ++i) {
            const QString schema = r->value(i, 0);
            const QString name = r->value(i, 1);
            const QString type = r->value(i, 2);
            const QString qualified = SchemaSql::qualified(schema, name);
            const QString comment = r->value(i, 11);
            if (type == u"e"_s) {
                SchemaEnum e { schema, name, {}, comment };
                for (const QJsonValue v : jsonArray(*r, i, 8))
                    e.labels << v.toString();
                model.enums.insert(qualified, e);
            } else if (type == u"d"_s) {
                SchemaDomain d;
                d.schema = schema;
                d.name = name;
                d.baseType = r->value(i, 4);
                d.notNull = r->value(i, 5) == u"t"_s;
                d.defaultExpression = r->value(i, 6);
                d.collation = r->value(i, 7);
                for (const QJsonValue v : jsonArray(*r, i, 9))
                    d.checks << SchemaDomain::Check { v[0].toString(), v[1].toString() };
                d.comment = comment;
                model.domains.insert(qualified, d);
            } else if (type == u"c"_s) {
                SchemaCompositeType c { schema, name, {}, comment };
                for (const QJsonValue v : jsonArray(*r, i, 10))
                    c.attributes << SchemaCompositeType::Attribute { v[0].toString(), v[1].toString(),
                        v[2].toString() };
                model.compositeTypes.insert(qualified, c);
            } else if (type == u"r"_s) {
                model.notCompared << u"range type %1"_s.arg(qualified);
            } else if (type == u"b"_s) {
                model.notCompared << u"base type %1"_s.arg(qualified);
            } else {
                model.notCompared << u"type %1 (typtype %2)"_s.arg(qualified, type);
            }
        }
    }

    // Relations: tables, partitions, views, materialized views, sequences.
    auto isExcluded = [&](const QString &quotedQualified) {
        for (const QString &t : options.excludedTables) {
            const QStringList parts = t.split(u'.');
            if (t == quotedQualified
                || (parts.size() == 2 && SchemaSql::qualified(parts[0], parts[1]) == quotedQualified))
                return true;
        }
        return false;
    };
    QHash<QString, QString> relationNames; // oid -> qualified name
    QHash<QString, QString> tableOids; // oid -> qualified name, tables only
    {
        auto r = reader.query(
            "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence,"
            "  CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,"
            "  (SELECT pg_catalog.quote_ident(pn.nspname) || '.' || pg_catalog.quote_ident(pc.relname)"
            "   FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent"
            "   JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid),"
            "  CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END,"
            "  CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END,"
            "  d.description,"
            "  pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, "
            "s.seqcache,"
            "  s.seqcycle,"
            "  (SELECT pg_catalog.quote_ident(on_.nspname) || '.' || pg_catalog.quote_ident(oc.relname) || "
            "'.'"
            "    || pg_catalog.quote_ident(oa.attname) || ':' || od.deptype::text"
            "   FROM pg_catalog.pg_depend od JOIN pg_catalog.pg_class oc ON oc.oid = od.refobjid"
            "   JOIN pg_catalog.pg_namespace on_ ON on_.oid = oc.relnamespace"
            "   JOIN pg_catalog.pg_attribute oa ON oa.attrelid = od.refobjid AND oa.attnum = od.refobjsubid"
            "   WHERE od.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND od.objid = c.oid"
            "    AND od.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND od.deptype IN ('a', 'i')"
            "   LIMIT 1),"
            "  c.relacl IS NOT NULL, c.relrowsecurity, c.reloptions::text,"
            "  EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid) AND NOT "
            "c.relispartition,"
            "  c.relforcerowsecurity"
            " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            " LEFT JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid"
            " LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid"
            "  AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objsubid = 0"
            " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND "
                + QByteArray(kSchemaFilter) + " AND " + notExtensionMember("pg_class", "c.oid")
                + " ORDER BY 2, 3",
            "relations");
        if (!r)
            return r.error();
        for (int i = 0; i < r->rowCount(); ++i) {
            const QString oid = r->value(i, 0);
            const QString schema = r->value(i, 1);
            const QString name = r->value(i, 2);
            const QString kind = r->value(i, 3);
            const QString qualified = SchemaSql::qualified(schema, name);
            if (isExcluded(qualified) || options.excludedTables.contains(schema + u'.' + name))
                continue;
            relationNames.insert(oid, qualified);
            const QString comment = r->value(i, 9);
            if (r->value(i, 18) == u"t"_s)
                model.notCompared << u"privileges on %1"_s.arg(qualified);
            const bool table = kind == u"r"_s || kind == u"p"_s;
            if (!table && r->value(i, 19) == u"t"_s)
                model.notCompared << u"row level security on %1"_s.arg(qualified);
            if (!table && !r->isNull(i, 20))
                model.notCompared << u"storage options of %1: %2"_s.arg(qualified, r->value(i, 20));
            if (r->value(i, 21) == u"t"_s)
                model.notCompared << u"table inheritance of %1 (INHERITS)"_s.arg(qualified);
            if (kind == u"r"_s || kind == u"p"_s) {
                SchemaTable t;
                t.schema = schema;
                t.name = name;
                t.partitioned = kind == u"p"_s;
                t.unlogged = r->value(i, 4) == u"u"_s;
                t.partitionKey = r->value(i, 5);
                t.partitionBound = r->value(i, 7);
                if (!t.partitionBound.isEmpty())
                    t.partitionOf = r->value(i, 6);
                t.comment = comment;
                t.rowSecurity = r->value(i, 19) == u"t"_s;
                t.forceRowSecurity = r->value(i, 22) == u"t"_s;
                if (!r->isNull(i, 20)) {
                    // reloptions::text is an array literal: {fillfactor=50,autovacuum_enabled=false}.
                    QString reloptions = r->value(i, 20);
                    reloptions = reloptions.mid(1, reloptions.size() - 2);
                    for (const QString &o : reloptions.split(u',', Qt::SkipEmptyParts))
                        t.storageOptions << (o.startsWith(u'"') ? o.mid(1, o.size() - 2) : o);
                    t.storageOptions.sort();
                }
                model.tables.insert(qualified, t);
                tableOids.insert(oid, qualified);
            } else if (kind == u"v"_s || kind == u"m"_s) {
                SchemaView v;
                v.schema = schema;
                v.name = name;
                v.materialized = kind == u"m"_s;
                v.definition = r->value(i, 8).trimmed();
                if (v.definition.endsWith(u';'))
                    v.definition.chop(1);
                v.comment = comment;
                model.views.insert(qualified, v);
            } else if (kind == u"S"_s) {
                const QString owner = r->value(i, 17);
                if (owner.endsWith(u":i"_s))
                    continue; // an identity column's sequence: part of the column
                const QString ownerTable = owner.section(u'.', 0, 1);
                if (!owner.isEmpty() && isExcluded(ownerTable))
                    continue; // a history table's serial
                SchemaSequence s;
                s.schema = schema;
                s.name = name;
                s.dataType = r->value(i, 10);
                s.start = r->toInt64(i, 11);
                s.increment = r->toInt64(i, 12);
                s.minValue = r->toInt64(i, 13);
                s.maxValue = r->toInt64(i, 14);
                s.cache = r->toInt64(i, 15);
                s.cycle = r->value(i, 16) == u"t"_s;
                s.ownedBy = owner.left(owner.size() - 2);
                s.comment = comment;
                model.sequences.insert(qualified, s);
            } else if (kind == u"f"_s) {
                model.notCompared << u"foreign table %1"_s.arg(qualified);
            }
        }
    }

    // Columns of tables (a partition's columns are its parent's).
    {
        auto r = reader.query(
            "SELECT a.attrelid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),"
            "  CASE WHEN a.attcollation <> t.typcollation THEN"
            "   pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) END,"
            "  pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), a.attnotnull, a.attidentity, a.attgenerated,"
            "  d.description, a.attstattarget, pg_catalog.array_to_string(a.attoptions, E'\\n')"
            " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
            " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
            " LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation"
            " LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace"
            " LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
            " LEFT JOIN pg_catalog.pg_description d ON d.objoid = a.attrelid"
            "  AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objsubid = a.attnum"
            " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped "
            "AND "
                + QByteArray(kSchemaFilter) + " ORDER BY a.attrelid, a.attnum",
            "columns");
        if (!r)
            return r.error();
        for (int i = 0; i < r->rowCount(); ++i) {
            auto table = model.tables.find(tableOids.value(r->value(i, 0)));
            if (table == model.tables.end())
                continue;
            SchemaColumn c;
            c.name = r->value(i, 1);
            c.type = r->value(i, 2);
            c.collation = r->value(i, 3);
            const QString expression = r->value(i, 4);
            if (r->value(i, 7) == u"s"_s)
                c.generatedExpression = expression;
            else
                c.defaultExpression = expression;
            c.notNull = r->value(i, 5) == u"t"_s;
            const QString identity = r->value(i, 6);
            c.identity = identity == u"a"_s ? u"ALWAYS"_s : identity == u"d"_s ? u"BY DEFAULT"_s : QString();
            c.comment = r->value(i, 8);
            c.statistics = r->isNull(i, 9) ? -1 : r->value(i, 9).toInt();
            if (!r->isNull(i, 10))
                c.options = r->value(i, 10).split(u'\n', Qt::SkipEmptyParts);
            table->columns << c;
        }
    }

    // Constraints declared on tables (not those a partition inherits).
    {
        auto r = reader.query(
            "SELECT co.conrelid, co.conname, co.contype, pg_catalog.pg_get_constraintdef(co.oid),"
            "  CASE WHEN co.contype = 'f' THEN pg_catalog.quote_ident(fn.nspname) || '.' || "
            "pg_catalog.quote_ident(fc.relname) END,"
            "  d.description, ci.reloptions::text"
            " FROM pg_catalog.pg_constraint co JOIN pg_catalog.pg_class c ON c.oid = co.conrelid"
            " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            " LEFT JOIN pg_catalog.pg_class fc ON fc.oid = co.confrelid"
            " LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace"
            " LEFT JOIN pg_catalog.pg_class ci ON ci.oid = co.conindid AND co.contype IN ('p', 'u', 'x')"
            " LEFT JOIN pg_catalog.pg_description d ON d.objoid = co.oid"
            "  AND d.classoid = 'pg_catalog.pg_constraint'::pg_catalog.regclass"
            " WHERE co.conparentid = 0 AND co.conislocal AND c.relkind IN ('r', 'p') AND "
                + QByteArray(kSchemaFilter) + " ORDER BY co.conrelid, co.conname",
            "constraints");
        if (!r)
            return r.error();
        for (int i = 0; i < r->rowCount(); ++i) {
            auto table = model.tables.find(tableOids.value(r->value(i, 0)));
            if (table == model.tables.end())
                continue;
            const QString type = r->value(i, 2);
            SchemaConstraint c;
            c.name = r->value(i, 1);
            if (type == u"p"_s)
                c.type = SchemaConstraint::Type::PrimaryKey;
            else if (type == u"u"_s)
                c.type = SchemaConstraint::Type::Unique;
            else if (type == u"c"_s)
                c.type = SchemaConstraint::Type::Check;
            else if (type == u"f"_s)
                c.type = SchemaConstraint::Type::ForeignKey;
            else if (type == u"x"_s)
                c.type = SchemaConstraint::Type::Exclusion;
            else if (type == u"t"_s)
                continue; // a constraint trigger: read with the triggers (CREATE CONSTRAINT TRIGGER)
            else {
                model.notCompared << u"constraint %1 on %2 (contype %3)"_s.arg(c.name, table.key(), type);
                continue;
            }
            c.definition = r->value(i, 3);
            c.referencedTable = r->value(i, 4);
            c.comment = r->value(i, 5);
            // pg_get_constraintdef() leaves out the storage options of the index behind a key.
            if (!r->isNull(i, 6))
                model.notCompared << u"storage options of the index of constraint %1 on %2: %3"_s.arg(
                    SchemaSql::quoteIdentifier(c.name), table.key(), r->value(i, 6));
            table->constraints << c;
        }
    }

    // Indexes that are not a constraint's and not a partition's copy of its parent's index.
    {
        auto r = reader.query(
            "SELECT n.nspname, ic.relname, x.indrelid, pg_catalog.pg_get_indexdef(x.indexrelid), "
            "d.description, x.indisvalid,"
            "  (SELECT pg_catalog.json_agg(a.attnum::text || '=' || a.attstattarget::text ORDER BY a.attnum)"
            "   FROM pg_catalog.pg_attribute a WHERE a.attrelid = x.indexrelid AND a.attstattarget >= 0)"
            " FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid"
            " JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace"
            " LEFT JOIN pg_catalog.pg_description d ON d.objoid = x.indexrelid"
            "  AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objsubid = 0"
            " WHERE "
                + QByteArray(kSchemaFilter)
                + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint co WHERE co.conindid = "
                  "x.indexrelid"
                  "  AND co.contype IN ('p', 'u', 'x'))"
                  " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhrelid = x.indexrelid)"
                  " AND "
                + notExtensionMember("pg_class", "x.indexrelid") + " ORDER BY 1, 2",
            "indexes");
        if (!r)
            return r.error();
        for (int i = 0; i < r->rowCount(); ++i) {
            const QString on = relationNames.value(r->value(i, 2));
            if (on.isEmpty())
                continue; // on an excluded table, or a table outside the schemas read
            SchemaIndex x;
            x.schema = r->value(i, 0);
            x.name = r->value(i, 1);
            x.table = on;
            // pg_get_indexdef() writes "ON ONLY" for an index of a partitioned table, as
            // pg_dump creates it before attaching each partition's index. Run on its own
            // it leaves an invalid index and no index on the partitions: a migration
            // creates it on the parent, which builds the partitions' indexes too.
            x.definition = r->value(i, 3);
            static const QRegularExpression only(
                u"^(CREATE (?:UNIQUE )?INDEX (?:\"(?:[^\"]|\"\")*\"|\\S+) ON )ONLY "_s);
            x.onPartitionedTable = x.definition.contains(only);
            x.definition.replace(only, u"\\1"_s);
            x.valid = r->value(i, 5) == u"t"_s;
            for (const QJsonValue v : jsonArray(*r, i, 6))
                x.columnStatistics << v.toString();
            x.comment = r->value(i, 4);
            model.indexes.insert(x.qualifiedName(), x);
        }
    }

    // What each view reads, for rebuilding views around changes; and rules.
    {
        auto r = reader.query(
            "SELECT rw.ev_class, rw.rulename, dp.refobjid, dp.refobjsubid, a.attname, rw.relkind,"
            "  rw.placeholder, rw.columns"
            // One row per rule, its extras computed once (OFFSET 0 keeps the planner from
            // pulling them up into the per-dependency rows below).
            " FROM (SELECT rw.oid, rw.ev_class, rw.rulename, c.relkind,"
            // A view that reads itself (CREATE OR REPLACE VIEW v AS ... FROM v) cannot be
            // created in one statement: its columns, for a placeholder as pg_dump makes.
            // Every view's rule depends on the whole view (its OLD/NEW entries); one that
            // reads itself also depends on its columns.
            "   CASE WHEN rw.rulename = '_RETURN' AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend s"
            "    WHERE s.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND s.objid = rw.oid"
            "    AND s.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND s.refobjid = rw.ev_class"
            "    AND s.refobjsubid > 0 AND s.deptype = 'n') THEN (SELECT pg_catalog.json_agg('NULL::'"
            "    || pg_catalog.format_type(va.atttypid, va.atttypmod)"
            "    || CASE WHEN va.attcollation <> vt.typcollation THEN ' COLLATE '"
            "     || pg_catalog.quote_ident(vcn.nspname) || '.' || pg_catalog.quote_ident(vco.collname)"
            "     ELSE '' END"
            "    || ' AS ' || pg_catalog.quote_ident(va.attname) ORDER BY va.attnum)"
            "    FROM pg_catalog.pg_attribute va JOIN pg_catalog.pg_type vt ON vt.oid = va.atttypid"
            "    LEFT JOIN pg_catalog.pg_collation vco ON vco.oid = va.attcollation"
            "    LEFT JOIN pg_catalog.pg_namespace vcn ON vcn.oid = vco.collnamespace"
            "    WHERE va.attrelid = rw.ev_class AND va.attnum > 0 AND NOT va.attisdropped) END AS "
            "placeholder,"
            // Comments and defaults of the view's columns.
            "   CASE WHEN rw.rulename = '_RETURN' THEN (SELECT "
            "pg_catalog.json_agg(pg_catalog.json_build_array("
            "    ca.attname, cd.description, pg_catalog.pg_get_expr(cad.adbin, cad.adrelid)) ORDER BY "
            "ca.attnum)"
            "    FROM pg_catalog.pg_attribute ca LEFT JOIN pg_catalog.pg_description cd"
            "     ON cd.objoid = ca.attrelid AND cd.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass"
            "     AND cd.objsubid = ca.attnum"
            "    LEFT JOIN pg_catalog.pg_attrdef cad ON cad.adrelid = ca.attrelid AND cad.adnum = ca.attnum"
            "    WHERE ca.attrelid = rw.ev_class AND ca.attnum > 0 AND NOT ca.attisdropped"
            "     AND (cd.description IS NOT NULL OR cad.oid IS NOT NULL)) END AS columns"
            "  FROM pg_catalog.pg_rewrite rw JOIN pg_catalog.pg_class c ON c.oid = rw.ev_class"
            "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            "  WHERE "
                + QByteArray(kSchemaFilter)
                + " OFFSET 0) rw"
                  " LEFT JOIN pg_catalog.pg_depend dp ON dp.classid = "
                  "'pg_catalog.pg_rewrite'::pg_catalog.regclass"
                  "  AND dp.objid = rw.oid AND dp.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass"
                  "  AND dp.refobjid <> rw.ev_class AND dp.deptype = 'n'"
                  " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = dp.refobjid AND a.attnum = "
                  "dp.refobjsubid"
                  "  AND dp.refobjsubid > 0"
                  " ORDER BY 1, 3, 4",
            "view dependencies");
        if (!r)
            return r.error();
        QSet<QString> viewsRead;
        for (int i = 0; i < r->rowCount(); ++i) {
            const QString owner = relationNames.value(r->value(i, 0));
            if (owner.isEmpty())
                continue;
            if (r->value(i, 1) != u"_RETURN"_s) {
                const QString line
                    = u"rule %1 on %2"_s.arg(SchemaSql::quoteIdentifier(r->value(i, 1)), owner);
                if (!model.notCompared.contains(line))
                    model.notCompared << line;
                continue;
            }
            auto view = model.views.find(owner);
            if (view != model.views.end() && !viewsRead.contains(owner)) {
                viewsRead.insert(owner);
                for (const QJsonValue v : jsonArray(*r, i, 6))
                    view->placeholderColumns << v.toString();
                for (const QJsonValue v : jsonArray(*r, i, 7)) {
                    const QJsonArray column = v.toArray();
                    const QString name = column.at(0).toString();
                    if (!column.at(1).isNull())
                        view->columnComments.insert(name, column.at(1).toString());
                    if (!column.at(2).isNull())
                        view->columnDefaults.insert(name, column.at(2).toString());
                }
            }
            if (view == model.views.end() || r->isNull(i, 2))
                continue;
            const QString relation = relationNames.value(r->value(i, 2));
            if (relation.isEmpty())
                continue;
            if (!view->dependsOnRelations.contains(relation))
                view->dependsOnRelations << relation;
            if (!r->isNull(i, 4)) {
                const QString column = relation + u'.' + SchemaSql::quoteIdentifier(r->value(i, 4));
                if (!view->dependsOnColumns.contains(column))
                    view->dependsOnColumns << column;
            }
        }
    }

    // Functions and procedures.
    {
        auto r = reader.query(
            "SELECT n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid), p.prokind,"
            "  CASE WHEN p.prokind = 'f' THEN pg_catalog.pg_get_function_result(p.oid) END,"
            "  CASE WHEN p.prokind IN ('f', 'p') THEN pg_catalog.pg_get_functiondef(p.oid) END, "
            "d.description,"
            "  p.proacl IS NOT NULL"
            " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
            " LEFT JOIN pg_catalog.pg_description d ON d.objoid = p.oid"
            "  AND d.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass"
            " WHERE "
                + QByteArray(kSchemaFilter) + " AND "
                + notExtensionMember("pg_proc", "p.oid")
                // A range type's constructors belong to the type.
                + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend i WHERE i.classid = "
                  "'pg_catalog.pg_proc'::pg_catalog.regclass AND i.objid = p.oid AND i.deptype = 'i')"
                  " ORDER BY 1, 2, 3",
            "functions");
        if (!r)
            return r.error();
        for (int i = 0; i < r->rowCount(); ++i) {
            SchemaFunction f;
            f.schema = r->value(i, 0);
            f.name = r->value(i, 1);
            f.identityArguments = r->value(i, 2);
            const QString kind = r->value(i, 3);
            if (kind == u"a"_s)
                continue; // read below
            if (kind != u"f"_s && kind != u"p"_s) {
                model.notCompared << u"window function %1"_s.arg(f.qualifiedSignature());
                continue;
            }
            f.procedure = kind == u"p"_s;
            f.resultType = r->value(i, 4);
            f.definition = r->value(i, 5).trimmed();
            f.comment = r->value(i, 6);
            if (r->value(i, 7) == u"t"_s)
                model.notCompared << u"privileges on %1"_s.arg(f.qualifiedSignature());
            model.functions.insert(f.qualifiedSignature(), f);
        }
    }

    // Aggregates, written as CREATE AGGREGATE from pg_aggregate. Moving-aggregate
    // and ordered-set forms are listed as not compared.
    {
        auto r = reader.query(
            "SELECT n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid),"
            "  'CREATE AGGREGATE ' || pg_catalog.quote_ident(n.nspname) || '.' || "
            "pg_catalog.quote_ident(p.proname)"
            "  || '(' || CASE WHEN p.pronargs = 0 THEN '*' ELSE pg_catalog.pg_get_function_arguments(p.oid) "
            "END"
            "  || ') (\n    SFUNC = ' || a.aggtransfn::pg_catalog.regproc::text"
            "  || ',\n    STYPE = ' || pg_catalog.format_type(a.aggtranstype, NULL)"
            "  || CASE WHEN a.aggtransspace <> 0 THEN ',\n    SSPACE = ' || a.aggtransspace ELSE '' END"
            "  || CASE WHEN a.aggfinalfn <> 0 THEN ',\n    FINALFUNC = ' || "
            "a.aggfinalfn::pg_catalog.regproc::text"
            "     || CASE WHEN a.aggfinalextra THEN ',\n    FINALFUNC_EXTRA' ELSE '' END"
            "     || CASE a.aggfinalmodify WHEN 's' THEN ',\n    FINALFUNC_MODIFY = SHAREABLE'"
            "        WHEN 'w' THEN ',\n    FINALFUNC_MODIFY = READ_WRITE' ELSE '' END ELSE '' END"
            "  || CASE WHEN a.aggcombinefn <> 0 THEN ',\n    COMBINEFUNC = ' || "
            "a.aggcombinefn::pg_catalog.regproc::text"
            "     ELSE '' END"
            "  || CASE WHEN a.aggserialfn <> 0 THEN ',\n    SERIALFUNC = ' || "
            "a.aggserialfn::pg_catalog.regproc::text"
            "     || ',\n    DESERIALFUNC = ' || a.aggdeserialfn::pg_catalog.regproc::text ELSE '' END"
            "  || CASE WHEN a.agginitval IS NOT NULL THEN ',\n    INITCOND = ' || "
            "pg_catalog.quote_literal(a.agginitval)"
            "     ELSE '' END"
            "  || CASE WHEN a.aggsortop <> 0 THEN ',\n    SORTOP = ' || pg_catalog.quote_ident(son.nspname) "
            "|| '.'"
            "     || so.oprname ELSE '' END"
            "  || CASE p.proparallel WHEN 's' THEN ',\n    PARALLEL = SAFE' WHEN 'r' THEN ',\n    PARALLEL = "
            "RESTRICTED'"
            "     ELSE '' END || '\n)',"
            "  d.description, a.aggkind <> 'n' OR a.aggmtransfn <> 0, p.proacl IS NOT NULL"
            " FROM pg_catalog.pg_aggregate a JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid"
            " JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
            " LEFT JOIN pg_catalog.pg_operator so ON so.oid = a.aggsortop"
            " LEFT JOIN pg_catalog.pg_namespace son ON son.oid = so.oprnamespace"
            " LEFT JOIN pg_catalog.pg_description d ON d.objoid = p.oid"
            "  AND d.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass"
            " WHERE "
                + QByteArray(kSchemaFilter) + " AND " + notExtensionMember("pg_proc", "p.oid")
                + " ORDER BY 1, 2, 3",
            "aggregates");
        if (!r)
            return r.error();
        for (int i = 0; i < r->rowCount(); ++i) {
            SchemaAggregate a { r->value(i, 0), r->value(i, 1), r->value(i, 2), r->value(i, 3),
                r->value(i, 4) };
            if (r->value(i, 5) == u"t"_s) {
                model.notCompared << u"aggregate %1 (ordered-set or moving-aggregate form)"_s.arg(
                    a.qualifiedSignature());
                continue;
            }
            if (r->value(i, 6) == u"t"_s)
                model.notCompared << u"privileges on %1"_s.arg(a.qualifiedSignature());
            model.aggregates.insert(a.qualifiedSignature(), a);
        }
    }

    // Operators, written as CREATE OPERATOR from pg_operator.
    {
        auto r = reader.query(
            "SELECT n.nspname, o.oprname,"
            "  CASE WHEN o.oprleft = 0 THEN 'NONE' ELSE pg_catalog.format_type(o.oprleft, NULL) END,"
            "  CASE WHEN o.oprright = 0 THEN 'NONE' ELSE pg_catalog.format_type(o.oprright, NULL) END,"
            "  'CREATE OPERATOR ' || pg_catalog.quote_ident(n.nspname) || '.' || o.oprname"
            "  || ' (\n    FUNCTION = ' || o.oprcode::pg_catalog.regproc::text"
            "  || CASE WHEN o.oprleft <> 0 THEN ',\n    LEFTARG = ' || pg_catalog.format_type(o.oprleft, "
            "NULL)"
            "     ELSE '' END"
            "  || ',\n    RIGHTARG = ' || pg_catalog.format_type(o.oprright, NULL)"
            "  || CASE WHEN o.oprcom <> 0 THEN ',\n    COMMUTATOR = OPERATOR(' || "
            "pg_catalog.quote_ident(cn.nspname)"
            "     || '.' || co.oprname || ')' ELSE '' END"
            "  || CASE WHEN o.oprnegate <> 0 THEN ',\n    NEGATOR = OPERATOR(' || "
            "pg_catalog.quote_ident(nn.nspname)"
            "     || '.' || no.oprname || ')' ELSE '' END"
            "  || CASE WHEN o.oprrest <> 0 THEN ',\n    RESTRICT = ' || o.oprrest::pg_catalog.regproc::text "
            "ELSE '' END"
            "  || CASE WHEN o.oprjoin <> 0 THEN ',\n    JOIN = ' || o.oprjoin::pg_catalog.regproc::text ELSE "
            "'' END"
            "  || CASE WHEN o.oprcanhash THEN ',\n    HASHES' ELSE '' END"
            "  || CASE WHEN o.oprcanmerge THEN ',\n    MERGES' ELSE '' END || '\n)',"
            "  d.description"
            " FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace"
            " LEFT JOIN pg_catalog.pg_operator co ON co.oid = o.oprcom"
            " LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.oprnamespace"
            " LEFT JOIN pg_catalog.pg_operator no ON no.oid = o.oprnegate"
            " LEFT JOIN pg_catalog.pg_namespace nn ON nn.oid = no.oprnamespace"
            " LEFT JOIN pg_catalog.pg_description d ON d.objoid = o.oid"
            "  AND d.classoid = 'pg_catalog.pg_operator'::pg_catalog.regclass"
            " WHERE "
                + QByteArray(kSchemaFilter) + " AND " + notExtensionMember("pg_operator", "o.oid")
                + " ORDER BY 1, 2, 3, 4",
            "operators");
        if (!r)
            return r.error();
        for (int i = 0; i < r->rowCount(); ++i) {
            SchemaOperator o { r->value(i, 0), r->value(i, 1), r->value(i, 2), r->value(i, 3), r->value(i, 4),
                r->value(i, 5) };
            model.operators.insert(o.signature(), o);
        }
    }

    // Row level security policies.
    {
        auto r = reader.query(
            "SELECT po.polrelid, po.polname, po.polpermissive,"
            "  CASE po.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'"
            "   WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,"
            "  (SELECT pg_catalog.json_agg(CASE WHEN ro = 0 THEN 'PUBLIC' ELSE "
            "pg_catalog.quote_ident(au.rolname) END"
            "    ORDER BY 1) FROM pg_catalog.unnest(po.polroles) ro"
            "   LEFT JOIN pg_catalog.pg_roles au ON au.oid = ro),"
            "  pg_catalog.pg_get_expr(po.polqual, po.polrelid), pg_catalog.pg_get_expr(po.polwithcheck, "
            "po.polrelid),"
            "  d.description"
            " FROM pg_catalog.pg_policy po JOIN pg_catalog.pg_class c ON c.oid = po.polrelid"
            " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            " LEFT JOIN pg_catalog.pg_description d ON d.objoid = po.oid"
            "  AND d.classoid = 'pg_catalog.pg_policy'::pg_catalog.regclass"
            " WHERE "
                + QByteArray(kSchemaFilter) + " ORDER BY 1, 2",
            "policies");
        if (!r)
            return r.error();
        for (int i = 0; i < r->rowCount(); ++i) {
            const QString on = relationNames.value(r->value(i, 0));
            if (on.isEmpty())
                continue;
            SchemaPolicy p;
            p.name = r->value(i, 1);
            p.table = on;
            p.permissive = r->value(i, 2) == u"t"_s;
            p.command = r->value(i, 3);
            for (const QJsonValue v : jsonArray(*r, i, 4))
                p.roles << v.toString();
            p.usingExpression = r->value(i, 5);
            p.checkExpression = r->value(i, 6);
            p.comment = r->value(i, 7);
            model.policies.insert(p.key(), p);
        }
    }

    // Dependencies between the objects read, from pg_depend, mapped onto the
    // objects a diff creates and drops: a column default, a constraint, an index,
    // a view's rule or a table's row type stand for their relation. Foreign keys
    // are left out: they are added after every table exists.
    {
        auto r = reader.query(
            "WITH rel AS ("
            "  SELECT c.oid, CASE WHEN c.relkind = 'c' THEN 'type ' ELSE 'relation ' END"
            "   || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS key"
            "  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            "  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'c') AND "
                + QByteArray(kSchemaFilter)
                + "), typ AS ("
                  "  SELECT t.oid, COALESCE(rel.key, 'type ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "   || pg_catalog.quote_ident(t.typname)) AS key"
                  "  FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
                  "  LEFT JOIN rel ON rel.oid = t.typrelid"
                  "  WHERE NOT (t.typtype = 'b' AND t.typcategory = 'A') AND "
                + QByteArray(kSchemaFilter)
                + "), obj AS ("
                  "  SELECT 'pg_catalog.pg_class'::pg_catalog.regclass AS classid, rel.oid AS objid, rel.key "
                  "FROM rel"
                  "  UNION ALL SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, x.indexrelid, rel.key"
                  "   FROM pg_catalog.pg_index x JOIN rel ON rel.oid = x.indrelid"
                  "  UNION ALL SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, typ.oid, typ.key FROM typ"
                  "  UNION ALL SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, t.oid, typ.key"
                  "   FROM pg_catalog.pg_type t JOIN typ ON typ.oid = t.typelem"
                  "   WHERE t.typtype = 'b' AND t.typcategory = 'A'"
                  "  UNION ALL SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass, p.oid, 'function '"
                  "   || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname) || '('"
                  "   || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')'"
                  "   FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
                  "WHERE "
                + QByteArray(kSchemaFilter)
                + "  UNION ALL SELECT 'pg_catalog.pg_operator'::pg_catalog.regclass, o.oid, 'operator '"
                  "   || pg_catalog.quote_ident(n.nspname) || '.' || o.oprname || '('"
                  "   || CASE WHEN o.oprleft = 0 THEN 'NONE' ELSE pg_catalog.format_type(o.oprleft, NULL) "
                  "END || ', '"
                  "   || CASE WHEN o.oprright = 0 THEN 'NONE' ELSE pg_catalog.format_type(o.oprright, NULL) "
                  "END || ')'"
                  "   FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace "
                  "WHERE "
                + QByteArray(kSchemaFilter)
                + "  UNION ALL SELECT 'pg_catalog.pg_attrdef'::pg_catalog.regclass, ad.oid, rel.key"
                  "   FROM pg_catalog.pg_attrdef ad JOIN rel ON rel.oid = ad.adrelid"
                  "  UNION ALL SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass, co.oid,"
                  "   COALESCE(rel.key, typ.key) FROM pg_catalog.pg_constraint co"
                  "   LEFT JOIN rel ON rel.oid = co.conrelid LEFT JOIN typ ON typ.oid = co.contypid"
                  "   WHERE co.contype <> 'f' AND COALESCE(rel.key, typ.key) IS NOT NULL"
                  "  UNION ALL SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass, rw.oid, rel.key"
                  "   FROM pg_catalog.pg_rewrite rw JOIN rel ON rel.oid = rw.ev_class"
                  ")"
                  " SELECT DISTINCT a.key, b.key FROM pg_catalog.pg_depend dp"
                  " JOIN obj a ON a.classid = dp.classid AND a.objid = dp.objid"
                  " JOIN obj b ON b.classid = dp.refclassid AND b.objid = dp.refobjid"
                  " WHERE dp.deptype = 'n' AND a.key <> b.key ORDER BY 1, 2",
            "dependencies");
        if (!r)
            return r.error();
        for (int i = 0; i < r->rowCount(); ++i)
            model.dependencies[r->value(i, 0)] << r->value(i, 1);
    }

    // Triggers (not internal ones, not a partition's copy of its parent's).
    {
        auto r = reader.query(
            "SELECT tg.tgrelid, tg.tgname, pg_catalog.pg_get_triggerdef(tg.oid), tg.tgenabled,"
            "  pg_catalog.quote_ident(pn.nspname) || '.' || pg_catalog.quote_ident(p.proname) || '('"
            "   || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',"
            "  d.description"
            " FROM pg_catalog.pg_trigger tg JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid"
            " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            " JOIN pg_catalog.pg_proc p ON p.oid = tg.tgfoid JOIN pg_catalog.pg_namespace pn ON pn.oid = "
            "p.pronamespace"
            " LEFT JOIN pg_catalog.pg_description d ON d.objoid = tg.oid"
            "  AND d.classoid = 'pg_catalog.pg_trigger'::pg_catalog.regclass"
            " WHERE NOT tg.tgisinternal AND tg.tgparentid = 0 AND "
                + QByteArray(kSchemaFilter) + " ORDER BY 1, 2",
            "triggers");
        if (!r)
            return r.error();
        for (int i = 0; i < r->rowCount(); ++i) {
            const QString on = relationNames.value(r->value(i, 0));
            if (on.isEmpty())
                continue;
            SchemaTrigger t { r->value(i, 1), on, r->value(i, 4), r->value(i, 2), r->value(i, 3),
                r->value(i, 5) };
            model.triggers.insert(t.key(), t);
        }
    }

    // Kinds of objects the model does not know: listed, never silently ignored.
    {
        auto r = reader.query("SELECT 'event trigger ' || pg_catalog.quote_ident(evtname) FROM "
                              "pg_catalog.pg_event_trigger"
                              " UNION ALL SELECT 'publication ' || pg_catalog.quote_ident(pubname) FROM "
                              "pg_catalog.pg_publication"
                              " UNION ALL SELECT 'collation ' || pg_catalog.quote_ident(n.nspname) || '.'"
                              "  || pg_catalog.quote_ident(co.collname) FROM pg_catalog.pg_collation co"
                              "  JOIN pg_catalog.pg_namespace n ON n.oid = co.collnamespace WHERE "
                + QByteArray(kSchemaFilter) + " AND " + notExtensionMember("pg_collation", "co.oid")
                + " UNION ALL SELECT 'statistics object ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(s.stxname) FROM pg_catalog.pg_statistic_ext s"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace WHERE "
                + QByteArray(kSchemaFilter)
                + " UNION ALL SELECT 'text search configuration ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(t.cfgname) FROM pg_catalog.pg_ts_config t"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = t.cfgnamespace WHERE "
                + QByteArray(kSchemaFilter) + " AND " + notExtensionMember("pg_ts_config", "t.oid")
                + " UNION ALL SELECT 'foreign server ' || pg_catalog.quote_ident(srvname)"
                  "  FROM pg_catalog.pg_foreign_server s WHERE "
                + notExtensionMember("pg_foreign_server", "s.oid")
                // More of what pg_dump --schema-only writes for PostgreSQL 15.
                + " UNION ALL SELECT 'text search dictionary ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(t.dictname) FROM pg_catalog.pg_ts_dict t"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = t.dictnamespace WHERE "
                + QByteArray(kSchemaFilter) + " AND " + notExtensionMember("pg_ts_dict", "t.oid")
                + " UNION ALL SELECT 'text search parser ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(t.prsname) FROM pg_catalog.pg_ts_parser t"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = t.prsnamespace WHERE "
                + QByteArray(kSchemaFilter) + " AND " + notExtensionMember("pg_ts_parser", "t.oid")
                + " UNION ALL SELECT 'text search template ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(t.tmplname) FROM pg_catalog.pg_ts_template t"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = t.tmplnamespace WHERE "
                + QByteArray(kSchemaFilter) + " AND " + notExtensionMember("pg_ts_template", "t.oid")
                + " UNION ALL SELECT 'operator class ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(o.opcname) FROM pg_catalog.pg_opclass o"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = o.opcnamespace WHERE "
                + QByteArray(kSchemaFilter) + " AND " + notExtensionMember("pg_opclass", "o.oid")
                + " UNION ALL SELECT 'operator family ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(o.opfname) FROM pg_catalog.pg_opfamily o"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = o.opfnamespace WHERE "
                + QByteArray(kSchemaFilter) + " AND " + notExtensionMember("pg_opfamily", "o.oid")
                + " UNION ALL SELECT 'conversion ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(o.conname) FROM pg_catalog.pg_conversion o"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = o.connamespace WHERE "
                + QByteArray(kSchemaFilter) + " AND " + notExtensionMember("pg_conversion", "o.oid")
                + " UNION ALL SELECT 'cast (' || pg_catalog.format_type(c.castsource, NULL) || ' AS '"
                  "  || pg_catalog.format_type(c.casttarget, NULL) || ')' FROM pg_catalog.pg_cast c"
                  "  WHERE c.oid >= 16384 AND "
                + notExtensionMember("pg_cast", "c.oid")
                // A range type's casts to its multirange belong to the type.
                + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend i WHERE i.classid = "
                  "'pg_catalog.pg_cast'::pg_catalog.regclass AND i.objid = c.oid AND i.deptype = 'i')"
                + " UNION ALL SELECT 'procedural language ' || pg_catalog.quote_ident(l.lanname)"
                  "  FROM pg_catalog.pg_language l WHERE l.oid >= 16384 AND "
                + notExtensionMember("pg_language", "l.oid")
                + " UNION ALL SELECT 'transform for ' || pg_catalog.format_type(t.trftype, NULL)"
                  "  FROM pg_catalog.pg_transform t WHERE "
                + notExtensionMember("pg_transform", "t.oid")
                + " UNION ALL SELECT 'access method ' || pg_catalog.quote_ident(a.amname)"
                  "  FROM pg_catalog.pg_am a WHERE a.oid >= 16384 AND "
                + notExtensionMember("pg_am", "a.oid")
                + " UNION ALL SELECT 'foreign-data wrapper ' || pg_catalog.quote_ident(w.fdwname)"
                  "  FROM pg_catalog.pg_foreign_data_wrapper w WHERE "
                + notExtensionMember("pg_foreign_data_wrapper", "w.oid")
                + " UNION ALL SELECT 'user mapping for ' || pg_catalog.quote_ident(u.usename) || ' server '"
                  "  || pg_catalog.quote_ident(u.srvname) FROM pg_catalog.pg_user_mappings u"
                  " UNION ALL SELECT 'default privileges (ALTER DEFAULT PRIVILEGES) on ' || "
                  "d.defaclobjtype::text"
                  "  FROM pg_catalog.pg_default_acl d"
                  " UNION ALL SELECT 'security label on ' || s.objoid::text FROM pg_catalog.pg_seclabel s"
                  " UNION ALL SELECT 'privileges on type ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(t.typname) FROM pg_catalog.pg_type t"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE t.typacl IS NOT NULL AND "
                + QByteArray(kSchemaFilter)
                // Per-table and per-column properties the model does not hold.
                + " UNION ALL SELECT 'replica identity of ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_class c"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                  "  WHERE c.relkind IN ('r', 'p') AND c.relreplident <> 'd' AND "
                + QByteArray(kSchemaFilter)
                + " UNION ALL SELECT 'typed table (OF type) ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_class c"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                  "  WHERE c.relkind IN ('r', 'p') AND c.reloftype <> 0 AND "
                + QByteArray(kSchemaFilter)
                + " UNION ALL SELECT 'access method of table ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_class c"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                  "  WHERE c.relkind IN ('r', 'm') AND c.relam <> 0 AND c.relam <> 2 AND "
                + QByteArray(kSchemaFilter)
                + " UNION ALL SELECT 'CLUSTER ON index ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_index x"
                  "  JOIN pg_catalog.pg_class c ON c.oid = x.indexrelid"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE x.indisclustered AND "
                + QByteArray(kSchemaFilter)
                + " UNION ALL SELECT 'column ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(c.relname) || '.' || pg_catalog.quote_ident(a.attname) || ': '"
                  "  || pg_catalog.concat_ws(', ',"
                  "   CASE WHEN a.attoptions IS NOT NULL AND (c.relkind NOT IN ('r', 'p') OR "
                  "c.relispartition)"
                  "    THEN 'options ' || a.attoptions::text END,"
                  "   CASE WHEN a.attstorage <> t.typstorage THEN 'storage ' || a.attstorage::text END,"
                  "   CASE WHEN a.attcompression <> '' THEN 'compression ' || a.attcompression::text END,"
                  "   CASE WHEN a.attacl IS NOT NULL THEN 'privileges' END)"
                  "  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                  "  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
                  "  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped"
                  "  AND ((a.attoptions IS NOT NULL AND (c.relkind NOT IN ('r', 'p') OR c.relispartition))"
                  "   OR a.attstorage <> t.typstorage OR a.attcompression <> ''"
                  "   OR a.attacl IS NOT NULL) AND "
                + QByteArray(kSchemaFilter)
                + " UNION ALL SELECT 'tablespace of ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(c.relname) || ': ' || pg_catalog.quote_ident(ts.spcname)"
                  "  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                  "  JOIN pg_catalog.pg_tablespace ts ON ts.oid = c.reltablespace"
                  "  WHERE c.relkind IN ('r', 'p', 'm', 'i', 'I') AND "
                + QByteArray(kSchemaFilter)
                + " UNION ALL SELECT 'subscription ' || pg_catalog.quote_ident(s.subname)"
                  "  FROM pg_catalog.pg_subscription s WHERE s.subdbid = (SELECT oid FROM "
                  "pg_catalog.pg_database"
                  "  WHERE datname = pg_catalog.current_database())"
                  " UNION ALL SELECT 'privileges on schema ' || pg_catalog.quote_ident(n.nspname)"
                  "  FROM pg_catalog.pg_namespace n WHERE n.nspacl IS NOT NULL AND n.nspname <> 'public' AND "
                + QByteArray(kSchemaFilter) + " ORDER BY 1",
            "other objects");
        if (!r)
            return r.error();
        for (int i = 0; i < r->rowCount(); ++i)
            model.notCompared << r->value(i, 0);
    }
    model.notCompared.sort();
    qCDebug(lcSchema) << "read" << model.objectCount() << "objects in" << timer.elapsed() << "ms";
    return model;
}
