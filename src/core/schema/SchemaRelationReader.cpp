#include "SchemaRelationReader.h"

#include "SchemaSql.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

SchemaRelationReader::SchemaRelationReader(
    SchemaCatalogQuery &query, SchemaModel &model, QStringList excludedTables)
    : m_query(query)
    , m_model(model)
    , m_excludedTables(std::move(excludedTables))
{
}

bool SchemaRelationReader::isExcluded(const QString &quotedQualified) const
{
    for (const QString &t : m_excludedTables) {
        const QStringList parts = t.split(u'.');
        if (t == quotedQualified
            || (parts.size() == 2 && SchemaSql::qualified(parts[0], parts[1]) == quotedQualified))
            return true;
    }
    return false;
}

// Relations: tables, partitions, views, materialized views, sequences.
Status SchemaRelationReader::readRelations()
{
    auto r = m_query.query(
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
            + SchemaCatalogQuery::schemaFilter() + " AND "
            + SchemaCatalogQuery::notExtensionMember("pg_class", "c.oid") + " ORDER BY 2, 3",
        "relations");
    if (!r)
        return r.error();
    for (int i = 0; i < r->rowCount(); ++i) {
        const QString oid = r->value(i, 0);
        const QString schema = r->value(i, 1);
        const QString name = r->value(i, 2);
        const QString kind = r->value(i, 3);
        const QString qualified = SchemaSql::qualified(schema, name);
        if (isExcluded(qualified) || m_excludedTables.contains(schema + u'.' + name))
            continue;
        m_relationNames.insert(oid, qualified);
        const QString comment = r->value(i, 9);
        if (r->value(i, 18) == u"t"_s)
            m_model.notCompared << u"privileges on %1"_s.arg(qualified);
        const bool table = kind == u"r"_s || kind == u"p"_s;
        if (!table && r->value(i, 19) == u"t"_s)
            m_model.notCompared << u"row level security on %1"_s.arg(qualified);
        if (!table && !r->isNull(i, 20))
            m_model.notCompared << u"storage options of %1: %2"_s.arg(qualified, r->value(i, 20));
        if (r->value(i, 21) == u"t"_s)
            m_model.notCompared << u"table inheritance of %1 (INHERITS)"_s.arg(qualified);
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
            m_model.tables.insert(qualified, t);
            m_tableOids.insert(oid, qualified);
        } else if (kind == u"v"_s || kind == u"m"_s) {
            SchemaView v;
            v.schema = schema;
            v.name = name;
            v.materialized = kind == u"m"_s;
            v.definition = r->value(i, 8).trimmed();
            if (v.definition.endsWith(u';'))
                v.definition.chop(1);
            v.comment = comment;
            m_model.views.insert(qualified, v);
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
            m_model.sequences.insert(qualified, s);
        } else if (kind == u"f"_s) {
            m_model.notCompared << u"foreign table %1"_s.arg(qualified);
        }
    }
    return Ok {};
}

// Columns of tables (a partition's columns are its parent's).
Status SchemaRelationReader::readColumns()
{
    auto r = m_query.query(
        "SELECT a.attrelid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),"
        "  CASE WHEN a.attcollation <> t.typcollation THEN"
        "   pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) END,"
        "  pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), a.attnotnull, a.attidentity, a.attgenerated,"
        "  d.description, a.attstattarget, pg_catalog.array_to_string("
            + SchemaCatalogQuery::userColumnOptions()
            + ", E'\\n')"
              " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
              " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
              " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
              " LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation"
              " LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace"
              " LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
              " LEFT JOIN pg_catalog.pg_description d ON d.objoid = a.attrelid"
              "  AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objsubid = a.attnum"
              " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT "
              "a.attisdropped "
              "AND "
            + SchemaCatalogQuery::schemaFilter() + " ORDER BY a.attrelid, a.attnum",
        "columns");
    if (!r)
        return r.error();
    for (int i = 0; i < r->rowCount(); ++i) {
        auto table = m_model.tables.find(m_tableOids.value(r->value(i, 0)));
        if (table == m_model.tables.end())
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
    return Ok {};
}

// Constraints declared on tables (not those a partition inherits).
Status SchemaRelationReader::readConstraints()
{
    auto r = m_query.query(
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
            + SchemaCatalogQuery::schemaFilter() + " ORDER BY co.conrelid, co.conname",
        "constraints");
    if (!r)
        return r.error();
    for (int i = 0; i < r->rowCount(); ++i) {
        auto table = m_model.tables.find(m_tableOids.value(r->value(i, 0)));
        if (table == m_model.tables.end())
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
            m_model.notCompared << u"constraint %1 on %2 (contype %3)"_s.arg(c.name, table.key(), type);
            continue;
        }
        c.definition = r->value(i, 3);
        c.referencedTable = r->value(i, 4);
        c.comment = r->value(i, 5);
        // pg_get_constraintdef() leaves out the storage options of the index behind a key.
        if (!r->isNull(i, 6))
            m_model.notCompared << u"storage options of the index of constraint %1 on %2: %3"_s.arg(
                SchemaSql::quoteIdentifier(c.name), table.key(), r->value(i, 6));
        table->constraints << c;
    }
    return Ok {};
}

// Indexes that are not a constraint's and not a partition's copy of its parent's index.
Status SchemaRelationReader::readIndexes()
{
    auto r = m_query.query(
        "SELECT n.nspname, ic.relname, x.indrelid, pg_catalog.pg_get_indexdef(x.indexrelid), "
        "d.description, x.indisvalid,"
        "  (SELECT pg_catalog.json_agg(a.attnum::text || '=' || a.attstattarget::text ORDER BY a.attnum)"
        "   FROM pg_catalog.pg_attribute a WHERE a.attrelid = x.indexrelid AND a.attstattarget >= 0)"
        " FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid"
        " JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace"
        " LEFT JOIN pg_catalog.pg_description d ON d.objoid = x.indexrelid"
        "  AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objsubid = 0"
        " WHERE "
            + SchemaCatalogQuery::schemaFilter()
            + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint co WHERE co.conindid = "
              "x.indexrelid"
              "  AND co.contype IN ('p', 'u', 'x'))"
              " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhrelid = x.indexrelid)"
              " AND "
            + SchemaCatalogQuery::notExtensionMember("pg_class", "x.indexrelid") + " ORDER BY 1, 2",
        "indexes");
    if (!r)
        return r.error();
    for (int i = 0; i < r->rowCount(); ++i) {
        const QString on = m_relationNames.value(r->value(i, 2));
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
        for (const QJsonValue v : SchemaCatalogQuery::jsonArray(*r, i, 6))
            x.columnStatistics << v.toString();
        x.comment = r->value(i, 4);
        m_model.indexes.insert(x.qualifiedName(), x);
    }
    return Ok {};
}

// What each view reads, for rebuilding views around changes; and rules.
Status SchemaRelationReader::readViews()
{
    auto r = m_query.query(
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
            + SchemaCatalogQuery::schemaFilter()
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
        const QString owner = m_relationNames.value(r->value(i, 0));
        if (owner.isEmpty())
            continue;
        if (r->value(i, 1) != u"_RETURN"_s) {
            const QString line = u"rule %1 on %2"_s.arg(SchemaSql::quoteIdentifier(r->value(i, 1)), owner);
            if (!m_model.notCompared.contains(line))
                m_model.notCompared << line;
            continue;
        }
        auto view = m_model.views.find(owner);
        if (view != m_model.views.end() && !viewsRead.contains(owner)) {
            viewsRead.insert(owner);
            for (const QJsonValue v : SchemaCatalogQuery::jsonArray(*r, i, 6))
                view->placeholderColumns << v.toString();
            for (const QJsonValue v : SchemaCatalogQuery::jsonArray(*r, i, 7)) {
                const QJsonArray column = v.toArray();
                const QString name = column.at(0).toString();
                if (!column.at(1).isNull())
                    view->columnComments.insert(name, column.at(1).toString());
                if (!column.at(2).isNull())
                    view->columnDefaults.insert(name, column.at(2).toString());
            }
        }
        if (view == m_model.views.end() || r->isNull(i, 2))
            continue;
        const QString relation = m_relationNames.value(r->value(i, 2));
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
    return Ok {};
}

// Row level security policies.
Status SchemaRelationReader::readPolicies()
{
    auto r = m_query.query(
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
            + SchemaCatalogQuery::schemaFilter() + " ORDER BY 1, 2",
        "policies");
    if (!r)
        return r.error();
    for (int i = 0; i < r->rowCount(); ++i) {
        const QString on = m_relationNames.value(r->value(i, 0));
        if (on.isEmpty())
            continue;
        SchemaPolicy p;
        p.name = r->value(i, 1);
        p.table = on;
        p.permissive = r->value(i, 2) == u"t"_s;
        p.command = r->value(i, 3);
        for (const QJsonValue v : SchemaCatalogQuery::jsonArray(*r, i, 4))
            p.roles << v.toString();
        p.usingExpression = r->value(i, 5);
        p.checkExpression = r->value(i, 6);
        p.comment = r->value(i, 7);
        m_model.policies.insert(p.key(), p);
    }
    return Ok {};
}

// Dependencies between the objects read, from pg_depend, mapped onto the
// objects a diff creates and drops: a column default, a constraint, an index,
// a view's rule or a table's row type stand for their relation. Foreign keys
// are left out: they are added after every table exists.
Status SchemaRelationReader::readDependencies()
{
    auto r = m_query.query(
        "WITH rel AS ("
        "  SELECT c.oid, CASE WHEN c.relkind = 'c' THEN 'type ' ELSE 'relation ' END"
        "   || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS key"
        "  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
        "  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'c') AND "
            + SchemaCatalogQuery::schemaFilter()
            + "), typ AS ("
              "  SELECT t.oid, COALESCE(rel.key, 'type ' || pg_catalog.quote_ident(n.nspname) || '.'"
              "   || pg_catalog.quote_ident(t.typname)) AS key"
              "  FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
              "  LEFT JOIN rel ON rel.oid = t.typrelid"
              "  WHERE NOT (t.typtype = 'b' AND t.typcategory = 'A') AND "
            + SchemaCatalogQuery::schemaFilter()
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
            + SchemaCatalogQuery::schemaFilter()
            + "  UNION ALL SELECT 'pg_catalog.pg_operator'::pg_catalog.regclass, o.oid, 'operator '"
              "   || pg_catalog.quote_ident(n.nspname) || '.' || o.oprname || '('"
              "   || CASE WHEN o.oprleft = 0 THEN 'NONE' ELSE pg_catalog.format_type(o.oprleft, NULL) "
              "END || ', '"
              "   || CASE WHEN o.oprright = 0 THEN 'NONE' ELSE pg_catalog.format_type(o.oprright, NULL) "
              "END || ')'"
              "   FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace "
              "WHERE "
            + SchemaCatalogQuery::schemaFilter()
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
        m_model.dependencies[r->value(i, 0)] << r->value(i, 1);
    return Ok {};
}

// Triggers (not internal ones, not a partition's copy of its parent's).
Status SchemaRelationReader::readTriggers()
{
    auto r = m_query.query(
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
            + SchemaCatalogQuery::schemaFilter() + " ORDER BY 1, 2",
        "triggers");
    if (!r)
        return r.error();
    for (int i = 0; i < r->rowCount(); ++i) {
        const QString on = m_relationNames.value(r->value(i, 0));
        if (on.isEmpty())
            continue;
        SchemaTrigger t { r->value(i, 1), on, r->value(i, 4), r->value(i, 2), r->value(i, 3),
            r->value(i, 5) };
        m_model.triggers.insert(t.key(), t);
    }
    return Ok {};
}
