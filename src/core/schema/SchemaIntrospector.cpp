#include "SchemaIntrospector.h"

#include "SchemaCatalogQuery.h"
#include "SchemaRelationReader.h"
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
    // The catalog queries read every table at once; on a few thousand tables
    // their estimated cost passes jit_above_cost and the server spends longer
    // compiling them with LLVM than running them (measured: 2,000 tables read
    // in 2.6 s with JIT, see docs/benchmarks.md). Off for this transaction only.
    if (Status s = connection.run("SELECT pg_catalog.set_config('jit', 'off', true)"); !s)
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
            + SchemaCatalogQuery::notExtensionMember("pg_namespace", "n.oid") + " ORDER BY 1");
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
    SchemaCatalogQuery reader(connection, schemaNames);

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
                + SchemaCatalogQuery::schemaFilter() + " AND "
                + SchemaCatalogQuery::notExtensionMember("pg_type", "t.oid")
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
                for (const QJsonValue v : SchemaCatalogQuery::jsonArray(*r, i, 8))
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
                for (const QJsonValue v : SchemaCatalogQuery::jsonArray(*r, i, 9))
                    d.checks << SchemaDomain::Check { v[0].toString(), v[1].toString() };
                d.comment = comment;
                model.domains.insert(qualified, d);
            } else if (type == u"c"_s) {
                SchemaCompositeType c { schema, name, {}, comment };
                for (const QJsonValue v : SchemaCatalogQuery::jsonArray(*r, i, 10))
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

    // Relations and what hangs on them; the order of the reads is the order they always had.
    SchemaRelationReader relations(reader, model, options.excludedTables);
    if (Status s = relations.readRelations(); !s)
        return s.error();
    if (Status s = relations.readColumns(); !s)
        return s.error();
    if (Status s = relations.readConstraints(); !s)
        return s.error();
    if (Status s = relations.readIndexes(); !s)
        return s.error();
    if (Status s = relations.readViews(); !s)
        return s.error();

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
                + SchemaCatalogQuery::schemaFilter() + " AND "
                + SchemaCatalogQuery::notExtensionMember("pg_proc", "p.oid")
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
                + SchemaCatalogQuery::schemaFilter() + " AND "
                + SchemaCatalogQuery::notExtensionMember("pg_proc", "p.oid") + " ORDER BY 1, 2, 3",
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
                + SchemaCatalogQuery::schemaFilter() + " AND "
                + SchemaCatalogQuery::notExtensionMember("pg_operator", "o.oid") + " ORDER BY 1, 2, 3, 4",
            "operators");
        if (!r)
            return r.error();
        for (int i = 0; i < r->rowCount(); ++i) {
            SchemaOperator o { r->value(i, 0), r->value(i, 1), r->value(i, 2), r->value(i, 3), r->value(i, 4),
                r->value(i, 5) };
            model.operators.insert(o.signature(), o);
        }
    }

    if (Status s = relations.readPolicies(); !s)
        return s.error();
    if (Status s = relations.readDependencies(); !s)
        return s.error();
    if (Status s = relations.readTriggers(); !s)
        return s.error();

    // Kinds of objects the model does not know: listed, never silently ignored.
    {
        auto r = reader.query("SELECT 'event trigger ' || pg_catalog.quote_ident(evtname) FROM "
                              "pg_catalog.pg_event_trigger"
                              " UNION ALL SELECT 'publication ' || pg_catalog.quote_ident(pubname) FROM "
                              "pg_catalog.pg_publication"
                              " UNION ALL SELECT 'collation ' || pg_catalog.quote_ident(n.nspname) || '.'"
                              "  || pg_catalog.quote_ident(co.collname) FROM pg_catalog.pg_collation co"
                              "  JOIN pg_catalog.pg_namespace n ON n.oid = co.collnamespace WHERE "
                + SchemaCatalogQuery::schemaFilter() + " AND "
                + SchemaCatalogQuery::notExtensionMember("pg_collation", "co.oid")
                + " UNION ALL SELECT 'statistics object ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(s.stxname) FROM pg_catalog.pg_statistic_ext s"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace WHERE "
                + SchemaCatalogQuery::schemaFilter()
                + " UNION ALL SELECT 'text search configuration ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(t.cfgname) FROM pg_catalog.pg_ts_config t"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = t.cfgnamespace WHERE "
                + SchemaCatalogQuery::schemaFilter() + " AND "
                + SchemaCatalogQuery::notExtensionMember("pg_ts_config", "t.oid")
                + " UNION ALL SELECT 'foreign server ' || pg_catalog.quote_ident(srvname)"
                  "  FROM pg_catalog.pg_foreign_server s WHERE "
                + SchemaCatalogQuery::notExtensionMember("pg_foreign_server", "s.oid")
                // More of what pg_dump --schema-only writes for PostgreSQL 15.
                + " UNION ALL SELECT 'text search dictionary ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(t.dictname) FROM pg_catalog.pg_ts_dict t"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = t.dictnamespace WHERE "
                + SchemaCatalogQuery::schemaFilter() + " AND "
                + SchemaCatalogQuery::notExtensionMember("pg_ts_dict", "t.oid")
                + " UNION ALL SELECT 'text search parser ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(t.prsname) FROM pg_catalog.pg_ts_parser t"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = t.prsnamespace WHERE "
                + SchemaCatalogQuery::schemaFilter() + " AND "
                + SchemaCatalogQuery::notExtensionMember("pg_ts_parser", "t.oid")
                + " UNION ALL SELECT 'text search template ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(t.tmplname) FROM pg_catalog.pg_ts_template t"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = t.tmplnamespace WHERE "
                + SchemaCatalogQuery::schemaFilter() + " AND "
                + SchemaCatalogQuery::notExtensionMember("pg_ts_template", "t.oid")
                + " UNION ALL SELECT 'operator class ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(o.opcname) FROM pg_catalog.pg_opclass o"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = o.opcnamespace WHERE "
                + SchemaCatalogQuery::schemaFilter() + " AND "
                + SchemaCatalogQuery::notExtensionMember("pg_opclass", "o.oid")
                + " UNION ALL SELECT 'operator family ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(o.opfname) FROM pg_catalog.pg_opfamily o"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = o.opfnamespace WHERE "
                + SchemaCatalogQuery::schemaFilter() + " AND "
                + SchemaCatalogQuery::notExtensionMember("pg_opfamily", "o.oid")
                + " UNION ALL SELECT 'conversion ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(o.conname) FROM pg_catalog.pg_conversion o"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = o.connamespace WHERE "
                + SchemaCatalogQuery::schemaFilter() + " AND "
                + SchemaCatalogQuery::notExtensionMember("pg_conversion", "o.oid")
                + " UNION ALL SELECT 'cast (' || pg_catalog.format_type(c.castsource, NULL) || ' AS '"
                  "  || pg_catalog.format_type(c.casttarget, NULL) || ')' FROM pg_catalog.pg_cast c"
                  "  WHERE c.oid >= 16384 AND "
                + SchemaCatalogQuery::notExtensionMember("pg_cast", "c.oid")
                // A range type's casts to its multirange belong to the type.
                + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend i WHERE i.classid = "
                  "'pg_catalog.pg_cast'::pg_catalog.regclass AND i.objid = c.oid AND i.deptype = 'i')"
                + " UNION ALL SELECT 'procedural language ' || pg_catalog.quote_ident(l.lanname)"
                  "  FROM pg_catalog.pg_language l WHERE l.oid >= 16384 AND "
                + SchemaCatalogQuery::notExtensionMember("pg_language", "l.oid")
                + " UNION ALL SELECT 'transform for ' || pg_catalog.format_type(t.trftype, NULL)"
                  "  FROM pg_catalog.pg_transform t WHERE "
                + SchemaCatalogQuery::notExtensionMember("pg_transform", "t.oid")
                + " UNION ALL SELECT 'access method ' || pg_catalog.quote_ident(a.amname)"
                  "  FROM pg_catalog.pg_am a WHERE a.oid >= 16384 AND "
                + SchemaCatalogQuery::notExtensionMember("pg_am", "a.oid")
                + " UNION ALL SELECT 'foreign-data wrapper ' || pg_catalog.quote_ident(w.fdwname)"
                  "  FROM pg_catalog.pg_foreign_data_wrapper w WHERE "
                + SchemaCatalogQuery::notExtensionMember("pg_foreign_data_wrapper", "w.oid")
                + " UNION ALL SELECT 'user mapping for ' || pg_catalog.quote_ident(u.usename) || ' server '"
                  "  || pg_catalog.quote_ident(u.srvname) FROM pg_catalog.pg_user_mappings u"
                  " UNION ALL SELECT 'default privileges (ALTER DEFAULT PRIVILEGES) on ' || "
                  "d.defaclobjtype::text"
                  "  FROM pg_catalog.pg_default_acl d"
                  " UNION ALL SELECT 'security label on ' || s.objoid::text FROM pg_catalog.pg_seclabel s"
                  " UNION ALL SELECT 'privileges on type ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(t.typname) FROM pg_catalog.pg_type t"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE t.typacl IS NOT NULL AND "
                + SchemaCatalogQuery::schemaFilter()
                // Per-table and per-column properties the model does not hold.
                + " UNION ALL SELECT 'replica identity of ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_class c"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                  "  WHERE c.relkind IN ('r', 'p') AND c.relreplident <> 'd' AND "
                + SchemaCatalogQuery::schemaFilter()
                + " UNION ALL SELECT 'typed table (OF type) ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_class c"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                  "  WHERE c.relkind IN ('r', 'p') AND c.reloftype <> 0 AND "
                + SchemaCatalogQuery::schemaFilter()
                + " UNION ALL SELECT 'access method of table ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_class c"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                  "  WHERE c.relkind IN ('r', 'm') AND c.relam <> 0 AND c.relam <> 2 AND "
                + SchemaCatalogQuery::schemaFilter()
                + " UNION ALL SELECT 'CLUSTER ON index ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_index x"
                  "  JOIN pg_catalog.pg_class c ON c.oid = x.indexrelid"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE x.indisclustered AND "
                + SchemaCatalogQuery::schemaFilter()
                + " UNION ALL SELECT 'column ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(c.relname) || '.' || pg_catalog.quote_ident(a.attname) || ': '"
                  "  || pg_catalog.concat_ws(', ',"
                  "   CASE WHEN "
                + SchemaCatalogQuery::userColumnOptions()
                + " IS NOT NULL AND (c.relkind NOT IN ('r', 'p') OR c.relispartition)"
                  "    THEN 'options ' || "
                + SchemaCatalogQuery::userColumnOptions()
                + "::text END,"
                  "   CASE WHEN a.attstorage <> t.typstorage THEN 'storage ' || a.attstorage::text END,"
                  "   CASE WHEN a.attcompression <> '' THEN 'compression ' || a.attcompression::text END,"
                  "   CASE WHEN a.attacl IS NOT NULL THEN 'privileges' END)"
                  "  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                  "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                  "  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
                  "  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped"
                  "  AND (("
                + SchemaCatalogQuery::userColumnOptions()
                + " IS NOT NULL AND (c.relkind NOT IN ('r', 'p') OR c.relispartition))"
                  "   OR a.attstorage <> t.typstorage OR a.attcompression <> ''"
                  "   OR a.attacl IS NOT NULL) AND "
                + SchemaCatalogQuery::schemaFilter()
                + " UNION ALL SELECT 'tablespace of ' || pg_catalog.quote_ident(n.nspname) || '.'"
                  "  || pg_catalog.quote_ident(c.relname) || ': ' || pg_catalog.quote_ident(ts.spcname)"
                  "  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                  "  JOIN pg_catalog.pg_tablespace ts ON ts.oid = c.reltablespace"
                  "  WHERE c.relkind IN ('r', 'p', 'm', 'i', 'I') AND "
                + SchemaCatalogQuery::schemaFilter()
                + " UNION ALL SELECT 'subscription ' || pg_catalog.quote_ident(s.subname)"
                  "  FROM pg_catalog.pg_subscription s WHERE s.subdbid = (SELECT oid FROM "
                  "pg_catalog.pg_database"
                  "  WHERE datname = pg_catalog.current_database())"
                  " UNION ALL SELECT 'privileges on schema ' || pg_catalog.quote_ident(n.nspname)"
                  "  FROM pg_catalog.pg_namespace n WHERE n.nspacl IS NOT NULL AND n.nspname <> 'public' AND "
                + SchemaCatalogQuery::schemaFilter() + " ORDER BY 1",
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
