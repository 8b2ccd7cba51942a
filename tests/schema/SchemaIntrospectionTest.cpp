// Introspection and diff details the round trips do not show on their own:
// quoting rules against the server's, what is left out or listed as not
// compared, the order of changes, data-loss marks and rename candidates.

#include "support/TestCluster.h"

#include "db/PgConnection.h"
#include "schema/DeparseCanonicalizer.h"
#include "schema/SchemaDiff.h"
#include "schema/SchemaIntrospector.h"
#include "schema/SchemaSql.h"

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace {

class SchemaIntrospectionTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        auto opened = PgConnection::open(TestCluster::freshDatabase(u"introspect"_s));
        ASSERT_TRUE(opened) << opened.error().toString().toStdString();
        m_connection = std::move(opened.value());
    }

    void exec(const char *sql)
    {
        PgResult r = m_connection->exec(sql);
        ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    }

    SchemaModel read(const SchemaIntrospector::Options &options = {})
    {
        auto model = SchemaIntrospector::read(*m_connection, options);
        EXPECT_TRUE(model) << model.error().toString().toStdString();
        return model ? model.value() : SchemaModel {};
    }

    static int indexOf(const SchemaDiff &diff, const QString &description)
    {
        const QList<SchemaChange> changes = diff.changes();
        for (qsizetype i = 0; i < changes.size(); ++i) {
            if (changes[i].description == description)
                return int(i);
        }
        return -1;
    }

    std::unique_ptr<PgConnection> m_connection;
};

} // namespace

TEST_F(SchemaIntrospectionTest, QuotingFollowsTheServersQuoteIdentAndQuoteLiteral)
{
    QStringList samples = SchemaSql::quotedKeywords();
    samples << u"users"_s << u"Users"_s << u"_x1"_s << u"1abc"_s << u"a b"_s << u"say \"hi\""_s << u"abort"_s
            << u"é"_s << u"a$b"_s << u"name"_s << u"text"_s;
    for (const QString &s : samples) {
        PgResult r = m_connection->execParams(
            "SELECT pg_catalog.quote_ident($1), pg_catalog.quote_literal($1)", { s.toUtf8() });
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(SchemaSql::quoteIdentifier(s).toStdString(), r.value(0, 0).toStdString())
            << s.toStdString();
        EXPECT_EQ(SchemaSql::quoteLiteral(s).toStdString(), r.value(0, 1).toStdString()) << s.toStdString();
    }
    PgResult r = m_connection->exec("SELECT pg_catalog.quote_literal(E'back\\\\slash ''q''')");
    EXPECT_EQ(SchemaSql::quoteLiteral(u"back\\slash 'q'"_s).toStdString(), r.value(0, 0).toStdString());
}

TEST(DeparseCanonicalizerTest, MovesTheArrayCastInsideOnlyForTypedLiterals)
{
    // As PostgreSQL 15 deparses `level varchar CHECK (level IN ('debug', 'info'))`, then the same check
    // reloaded.
    const QString first
        = u"CHECK (((level)::text = ANY ((ARRAY['debug'::character varying, 'info'::character varying])::text[])))"_s;
    const QString reloaded = u"CHECK (((level)::text = ANY (ARRAY[('debug'::character varying)::text, "
                             "('info'::character varying)::text])))"_s;
    EXPECT_EQ(DeparseCanonicalizer::canonical(first).toStdString(), reloaded.toStdString());
    EXPECT_EQ(DeparseCanonicalizer::canonical(reloaded).toStdString(), reloaded.toStdString());
    // Quotes inside literals, and two arrays in one definition.
    EXPECT_EQ(DeparseCanonicalizer::canonical(
                  u"(a)::text = ANY ((ARRAY['it''s, ]'::character varying])::text[]) AND (b)::text = ANY "
                  "((ARRAY['x'::character varying])::text[])"_s)
                  .toStdString(),
        "(a)::text = ANY (ARRAY[('it''s, ]'::character varying)::text]) AND (b)::text = ANY "
        "(ARRAY[('x'::character varying)::text])");
    // Left alone: no cast outside, elements that are not typed literals, text in a literal.
    for (const QString &same :
        { u"CHECK ((s = ANY (ARRAY['a'::text, 'b'::text])))"_s,
            u"CHECK ((n = ANY (ARRAY[1.5, (2)::numeric])))"_s, u"CHECK ((x = ANY ((ARRAY[y, z])::text[])))"_s,
            u"CHECK ((s <> '(ARRAY[''a''::x])::t[]'::text))"_s,
            u"CHECK ((x = ANY ((ARRAY['a'::character varying(3)])::text[])))"_s })
        EXPECT_EQ(DeparseCanonicalizer::canonical(same).toStdString(), same.toStdString());
}

TEST_F(SchemaIntrospectionTest, ADefinitionAndItsReloadedTextAreCanonicallyEqual)
{
    // The server's own texts: deparse, create again from that text, deparse again.
    exec("CREATE TABLE one (level varchar(10) CONSTRAINT level_check CHECK (level IN ('debug', 'info')));"
         "CREATE INDEX one_levels ON one (level) WHERE level IN ('debug', 'info');"
         "CREATE VIEW one_view AS SELECT level FROM one WHERE level IN ('debug', 'info');");
    auto deparse = [this](const char *sql) {
        PgResult r = m_connection->exec(sql);
        EXPECT_TRUE(r.ok()) << r.error().toString().toStdString();
        return r.ok() && r.rowCount() == 1 ? r.value(0, 0) : QString();
    };
    const QString check
        = deparse("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'level_check'");
    const QString index = deparse("SELECT pg_get_indexdef('one_levels'::regclass)");
    const QString view = deparse("SELECT pg_get_viewdef('one_view'::regclass)");
    ASSERT_TRUE(
        m_connection
            ->exec((u"CREATE TABLE two (level varchar(10) CONSTRAINT level_check2 "_s + check + u");"_s)
                       .toUtf8())
            .ok());
    QString indexAgain = index;
    indexAgain.replace(u"one_levels ON public.one"_s, u"two_levels ON public.two"_s);
    ASSERT_TRUE(m_connection->exec(indexAgain.toUtf8()).ok()) << indexAgain.toStdString();
    QString viewAgain = view;
    viewAgain.replace(u"one."_s, u"two."_s).replace(u"FROM one"_s, u"FROM two"_s);
    ASSERT_TRUE(m_connection->exec((u"CREATE VIEW two_view AS "_s + viewAgain).toUtf8()).ok())
        << viewAgain.toStdString();

    const QString check2
        = deparse("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'level_check2'");
    QString index2 = deparse("SELECT pg_get_indexdef('two_levels'::regclass)");
    index2.replace(u"two_levels ON public.two"_s, u"one_levels ON public.one"_s);
    QString view2 = deparse("SELECT pg_get_viewdef('two_view'::regclass)");
    view2.replace(u"two."_s, u"one."_s).replace(u"FROM two"_s, u"FROM one"_s);
    for (const auto &[before, after] :
        { std::pair { check, check2 }, std::pair { index, index2 }, std::pair { view, view2 } }) {
        EXPECT_EQ(DeparseCanonicalizer::canonical(before).toStdString(), after.toStdString());
        EXPECT_EQ(DeparseCanonicalizer::canonical(after).toStdString(), after.toStdString());
    }

    // And so the diff sees no change when `one`'s objects are given the texts
    // the introspector reads for `two` (qualified, as the diff compares them).
    const SchemaModel a = read();
    SchemaModel b = a;
    ASSERT_TRUE(a.tables.contains(u"public.two"_s));
    b.tables[u"public.one"_s].constraints[0].definition = a.tables[u"public.two"_s].constraints[0].definition;
    ASSERT_TRUE(a.indexes.contains(u"public.two_levels"_s));
    b.indexes[u"public.one_levels"_s].definition
        = QString(a.indexes[u"public.two_levels"_s].definition)
              .replace(u"two_levels ON public.two"_s, u"one_levels ON public.one"_s);
    ASSERT_TRUE(a.views.contains(u"public.two_view"_s));
    b.views[u"public.one_view"_s].definition = QString(a.views[u"public.two_view"_s].definition)
                                                   .replace(u"two."_s, u"one."_s)
                                                   .replace(u"public.two"_s, u"public.one"_s);
    EXPECT_NE(b.tables[u"public.one"_s].constraints[0].definition,
        a.tables[u"public.one"_s].constraints[0].definition)
        << "the server deparses the reloaded check differently";
    const SchemaDiff diff = SchemaDiff::compare(a, b);
    QStringList changes;
    for (const SchemaChange &c : diff.changes())
        changes << c.description;
    EXPECT_TRUE(changes.isEmpty()) << changes.join(u'\n').toStdString();
}

TEST_F(SchemaIntrospectionTest, HistoryTablesAndExtensionObjectsAreLeftOutAndUnknownKindsAreListed)
{
    exec("CREATE EXTENSION citext;"
         "CREATE TABLE public.migrations (id serial PRIMARY KEY, \"timestamp\" bigint NOT NULL, name varchar "
         "NOT NULL);"
         "CREATE TABLE public.t (id integer PRIMARY KEY, email public.citext);"
         "CREATE RULE r1 AS ON INSERT TO public.t DO ALSO NOTIFY t_changed;"
         "ALTER TABLE public.t ENABLE ROW LEVEL SECURITY;"
         "CREATE POLICY p1 ON public.t USING (id > 0);"
         "GRANT SELECT ON public.t TO PUBLIC;"
         "CREATE PUBLICATION pub1 FOR TABLE public.t;"
         "CREATE TYPE public.span AS RANGE (subtype = integer);"
         "CREATE SCHEMA other; CREATE TABLE other.x (a integer);"
         "CREATE TEXT SEARCH DICTIONARY public.d1 (TEMPLATE = pg_catalog.simple);"
         "CREATE CAST (integer AS public.span) WITH INOUT;"
         "CREATE VIEW public.tv AS SELECT id FROM public.t;"
         "COMMENT ON COLUMN public.tv.id IS 'the id';"
         "ALTER TABLE public.t REPLICA IDENTITY FULL;"
         "ALTER TABLE public.t ALTER COLUMN email SET (n_distinct = 10);"
         "ALTER TABLE public.t ALTER COLUMN email SET STORAGE EXTERNAL;"
         "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC;");
    const SchemaModel model = read({ { u"public.migrations"_s }, {} });
    EXPECT_FALSE(model.tables.contains(u"public.migrations"_s));
    EXPECT_FALSE(model.sequences.contains(u"public.migrations_id_seq"_s));
    EXPECT_TRUE(model.tables.contains(u"public.t"_s));
    EXPECT_TRUE(model.tables.contains(u"other.x"_s));
    EXPECT_TRUE(model.extensions.contains(u"citext"_s));
    for (const SchemaFunction &f : model.functions)
        ADD_FAILURE() << "an extension's function in the model: " << f.qualifiedSignature().toStdString();
    EXPECT_EQ(model.tables[u"public.t"_s].columns.value(1).type, u"public.citext"_s);
    // Row level security and policies are modelled, not listed.
    EXPECT_TRUE(model.tables[u"public.t"_s].rowSecurity);
    EXPECT_TRUE(model.policies.contains(u"p1 on public.t"_s));
    // So are a view's column comments, and column options (n_distinct).
    EXPECT_EQ(model.views[u"public.tv"_s].columnComments.value(u"id"_s), u"the id"_s);
    // A plain view is created in one statement: no placeholder (every view's rule
    // depends on the view itself; only one reading itself depends on its columns).
    EXPECT_TRUE(model.views[u"public.tv"_s].placeholderColumns.isEmpty());
    EXPECT_EQ(model.tables[u"public.t"_s].columns.value(1).options, QStringList { u"n_distinct=10"_s });
    const QStringList expected = { u"privileges on public.t"_s, u"publication pub1"_s,
        u"range type public.span"_s, u"rule r1 on public.t"_s, u"text search dictionary public.d1"_s,
        u"cast (integer AS public.span)"_s, u"replica identity of public.t"_s,
        u"column public.t.email: storage e"_s, u"default privileges (ALTER DEFAULT PRIVILEGES) on r"_s };
    for (const QString &line : expected)
        EXPECT_TRUE(model.notCompared.contains(line)) << line.toStdString() << " not in\n"
                                                      << model.notCompared.join(u'\n').toStdString();
    // The diff reports them too.
    EXPECT_TRUE(SchemaDiff::compare(SchemaModel {}, model).notCompared().contains(u"rule r1 on public.t"_s));

    const SchemaModel onlyOther = read({ {}, { u"other"_s } });
    EXPECT_EQ(onlyOther.tables.keys(), QStringList { u"other.x"_s });
}

TEST_F(SchemaIntrospectionTest, ChangesAreOrderedByDependencies)
{
    exec("CREATE SCHEMA s; CREATE TYPE s.kind AS ENUM ('a');"
         "CREATE TABLE s.parent (id integer PRIMARY KEY, k s.kind);"
         "CREATE TABLE s.child (id integer PRIMARY KEY, parent_id integer REFERENCES s.parent (id));"
         "CREATE VIEW s.v AS SELECT c.id, p.k FROM s.child c JOIN s.parent p ON p.id = c.parent_id;"
         "CREATE FUNCTION s.f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;"
         "CREATE TRIGGER tr BEFORE INSERT ON s.child FOR EACH ROW EXECUTE FUNCTION s.f();"
         "COMMENT ON TABLE s.parent IS 'p';");
    const SchemaModel full = read();
    const SchemaDiff create = SchemaDiff::compare(SchemaModel {}, full);
    const int schema = indexOf(create, u"create schema s"_s);
    const int type = indexOf(create, u"create enum s.kind"_s);
    const int function = indexOf(create, u"create function s.f()"_s);
    const int parent = indexOf(create, u"create table s.parent"_s);
    const int child = indexOf(create, u"create table s.child"_s);
    const int fk = indexOf(create, u"add foreign key child_parent_id_fkey on s.child"_s);
    const int view = indexOf(create, u"create view s.v"_s);
    const int trigger = indexOf(create, u"create trigger tr on s.child"_s);
    EXPECT_GE(schema, 0);
    EXPECT_LT(schema, type);
    EXPECT_LT(type, parent);
    EXPECT_LT(function, trigger);
    EXPECT_LT(parent, fk);
    EXPECT_LT(child, fk);
    EXPECT_LT(fk, view);
    EXPECT_LT(view, trigger);
    EXPECT_TRUE(create.upSql().contains(u"COMMENT ON TABLE s.parent IS 'p';"_s));

    const SchemaDiff drop = SchemaDiff::compare(full, SchemaModel {});
    EXPECT_LT(indexOf(drop, u"drop trigger tr on s.child"_s), indexOf(drop, u"drop function s.f()"_s));
    EXPECT_LT(indexOf(drop, u"drop view s.v"_s), indexOf(drop, u"drop table s.parent"_s));
    EXPECT_LT(indexOf(drop, u"drop foreign key child_parent_id_fkey on s.child"_s),
        indexOf(drop, u"drop table s.parent"_s));
    EXPECT_LT(indexOf(drop, u"drop table s.parent"_s), indexOf(drop, u"drop enum s.kind"_s));
    EXPECT_LT(indexOf(drop, u"drop enum s.kind"_s), indexOf(drop, u"drop schema s"_s));
    EXPECT_TRUE(drop.hasDataLoss());
}

TEST_F(SchemaIntrospectionTest, PgDependOrdersFunctionsAroundTablesAndAggregatesAroundFunctions)
{
    exec("CREATE TABLE public.customer (id integer PRIMARY KEY);"
         "CREATE FUNCTION public.all_customers() RETURNS SETOF public.customer LANGUAGE sql"
         " AS 'SELECT * FROM public.customer';"
         "CREATE FUNCTION public.z_base() RETURNS integer LANGUAGE sql RETURN 1;"
         "CREATE FUNCTION public.a_caller() RETURNS integer LANGUAGE sql RETURN public.z_base() + 1;"
         "CREATE FUNCTION public.add(integer, integer) RETURNS integer LANGUAGE sql AS 'SELECT $1 + $2';"
         "CREATE AGGREGATE public.total(integer) (SFUNC = public.add, STYPE = integer);"
         "CREATE VIEW public.v AS SELECT public.total(id) FROM public.customer;");
    const SchemaModel full = read();
    EXPECT_TRUE(full.dependencies.value(u"function public.all_customers()"_s)
                    .contains(u"relation public.customer"_s));
    const SchemaDiff create = SchemaDiff::compare(SchemaModel {}, full);
    EXPECT_LT(indexOf(create, u"create table public.customer"_s),
        indexOf(create, u"create function public.all_customers()"_s));
    EXPECT_LT(indexOf(create, u"create function public.z_base()"_s),
        indexOf(create, u"create function public.a_caller()"_s));
    EXPECT_LT(indexOf(create, u"create function public.add(integer, integer)"_s),
        indexOf(create, u"create aggregate public.total(integer)"_s));
    EXPECT_LT(indexOf(create, u"create aggregate public.total(integer)"_s),
        indexOf(create, u"create view public.v"_s));
    const SchemaDiff drop = SchemaDiff::compare(full, SchemaModel {});
    EXPECT_LT(indexOf(drop, u"drop function public.all_customers()"_s),
        indexOf(drop, u"drop table public.customer"_s));
    EXPECT_LT(indexOf(drop, u"drop function public.a_caller()"_s),
        indexOf(drop, u"drop function public.z_base()"_s));
    EXPECT_LT(indexOf(drop, u"drop aggregate public.total(integer)"_s),
        indexOf(drop, u"drop function public.add(integer, integer)"_s));

    // A script creating functions turns body checks off for its transaction only.
    EXPECT_TRUE(create.upSql().startsWith(u"-- Function bodies are not checked"_s))
        << create.upSql().toStdString();
    EXPECT_TRUE(create.upSql().contains(u"\nSET LOCAL check_function_bodies = false;\n"_s));
    EXPECT_TRUE(drop.downSql().contains(u"\nSET LOCAL check_function_bodies = false;\n"_s));
    EXPECT_FALSE(drop.upSql().contains(u"check_function_bodies"_s)) << "dropping needs no setting";
    ASSERT_TRUE(m_connection->exec((u"BEGIN;\n"_s + drop.upSql() + u"COMMIT;"_s).toUtf8()).ok());
    ASSERT_TRUE(m_connection->exec((u"BEGIN;\n"_s + drop.downSql() + u"COMMIT;"_s).toUtf8()).ok());
    EXPECT_TRUE(SchemaDiff::compare(read(), full).isEmpty());
    PgResult setting = m_connection->exec("SHOW check_function_bodies");
    ASSERT_TRUE(setting.ok());
    EXPECT_EQ(setting.value(0, 0), u"on"_s) << "the setting outlived the migration's transaction";
}

TEST_F(SchemaIntrospectionTest, DataLossAndTransactionMarks)
{
    exec("CREATE TYPE public.e AS ENUM ('a', 'b');"
         "CREATE TABLE public.t (id integer, wide varchar(200), n integer, gone text)");
    const SchemaModel before = read();
    exec("ALTER TYPE public.e ADD VALUE 'c'; ALTER TABLE public.t DROP COLUMN gone;"
         "ALTER TABLE public.t ALTER COLUMN wide TYPE varchar(20), ALTER COLUMN n TYPE bigint,"
         " ALTER COLUMN id TYPE bigint");
    const SchemaModel after = read();
    const SchemaDiff diff = SchemaDiff::compare(before, after);
    QMap<QString, SchemaChange> byName;
    for (const SchemaChange &c : diff.changes())
        byName.insert(c.objectName, c);
    EXPECT_TRUE(byName[u"public.t.gone"_s].dataLoss);
    EXPECT_TRUE(byName[u"public.t.wide"_s].dataLoss);
    EXPECT_FALSE(byName[u"public.t.n"_s].dataLoss);
    EXPECT_TRUE(byName[u"public.e"_s].outsideTransaction);
    EXPECT_FALSE(byName[u"public.e"_s].dataLoss);
    EXPECT_TRUE(diff.needsOutsideTransaction());
    // Going back removes an enum value: the type is recreated, and that can lose data.
    const SchemaDiff back = SchemaDiff::compare(after, before);
    bool enumLoss = false;
    for (const SchemaChange &c : back.changes())
        enumLoss = enumLoss || (c.objectName == u"public.e"_s && c.dataLoss);
    EXPECT_TRUE(enumLoss);
    EXPECT_FALSE(back.needsOutsideTransaction());
}

TEST_F(SchemaIntrospectionTest, RenamesAreOfferedNotAppliedAndWorkWhenAccepted)
{
    exec("CREATE TABLE public.person (id integer PRIMARY KEY, full_name text, age integer);"
         "CREATE TABLE public.other (id integer)");
    const SchemaModel before = read();
    exec("ALTER TABLE public.person RENAME COLUMN full_name TO display_name;"
         "ALTER TABLE public.other RENAME TO renamed");
    const SchemaModel after = read();
    const SchemaDiff diff = SchemaDiff::compare(before, after);
    const QList<RenameCandidate> candidates = diff.renameCandidates();
    EXPECT_TRUE(candidates.contains(RenameCandidate { u"table"_s, u"public.other"_s, u"public.renamed"_s }));
    EXPECT_TRUE(candidates.contains(
        RenameCandidate { u"column"_s, u"public.person.full_name"_s, u"public.person.display_name"_s }));
    // Not applied: the plain diff drops and adds (and says that loses data).
    EXPECT_TRUE(diff.hasDataLoss());
    EXPECT_TRUE(diff.upSql().contains(u"DROP COLUMN full_name"_s));

    const SchemaDiff renamed = diff.withRenames(candidates);
    EXPECT_FALSE(renamed.hasDataLoss()) << renamed.upSql().toStdString();
    EXPECT_TRUE(renamed.renameCandidates().isEmpty());
    EXPECT_EQ(renamed.upSql(),
        u"ALTER TABLE public.other RENAME TO renamed;\n"
        "ALTER TABLE public.person RENAME COLUMN full_name TO display_name;\n"_s);
    // Applied to the database as it is now (after), down gives `before` back and up `after` again.
    ASSERT_TRUE(m_connection->exec(renamed.downSql().toUtf8()).ok());
    EXPECT_TRUE(SchemaDiff::compare(read(), before).isEmpty());
    ASSERT_TRUE(m_connection->exec(renamed.upSql().toUtf8()).ok());
    EXPECT_TRUE(SchemaDiff::compare(read(), after).isEmpty());
}

TEST(SchemaDiffTest, ColumnOrderThatAlterTableCannotReproduceIsListedAsNotCompared)
{
    SchemaTable t;
    t.schema = u"public"_s;
    t.name = u"t"_s;
    for (const QString &name : { u"a"_s, u"b"_s })
        t.columns << SchemaColumn { name, u"integer"_s, {}, {}, false, {}, {}, {}, -1, {} };
    SchemaModel from;
    from.tables.insert(t.qualifiedName(), t);

    SchemaModel appended = from;
    appended.tables[t.qualifiedName()].columns
        << SchemaColumn { u"c"_s, u"text"_s, {}, {}, false, {}, {}, {}, -1, {} };
    const SchemaDiff atEnd = SchemaDiff::compare(from, appended);
    EXPECT_EQ(atEnd.upSql(), u"ALTER TABLE public.t ADD COLUMN c text;\n"_s);
    EXPECT_TRUE(atEnd.notCompared().isEmpty());

    SchemaModel inserted = from;
    inserted.tables[t.qualifiedName()].columns.insert(
        1, SchemaColumn { u"c"_s, u"text"_s, {}, {}, false, {}, {}, {}, -1, {} });
    EXPECT_EQ(SchemaDiff::compare(from, inserted).notCompared(),
        QStringList { u"column order of public.t (new columns are added at the end)"_s });
}
