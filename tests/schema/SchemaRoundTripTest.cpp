// Round trips through the schema diff, judged by pg_dump: for each fixture pair
// (a.sql, b.sql) the generated up turns a database in state A into one whose
// `pg_dump --schema-only` equals B's, and the generated down turns it back into A.

#include "support/TestCluster.h"

#include "db/PgConnection.h"
#include "sandbox/SandboxCluster.h"
#include "schema/SchemaDiff.h"
#include "schema/SchemaIntrospector.h"
#include "sql/SqlScript.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace {

QString fixturesDir()
{
    return QStringLiteral(STRATA_SOURCE_DIR "/tests/schema/fixtures");
}

std::vector<std::string> fixtureNames()
{
    std::vector<std::string> names;
    const QStringList dirs = QDir(fixturesDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &d : dirs)
        names.push_back(d.toStdString());
    return names;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

// pg_dump's text with only the noise removed: the \restrict lines (a random key),
// comment lines, SET lines and blank lines. Everything that describes an object
// stays, in pg_dump's order (by object type and name).
QString normalizedDump(const ConnectionSettings &s, QString *error)
{
    QProcess dump;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PGPASSWORD"_s, s.password);
    dump.setProcessEnvironment(env);
    dump.start(SandboxCluster::postgresBinDir() + u"/pg_dump"_s,
        { u"--schema-only"_s, u"-h"_s, s.host, u"-p"_s, QString::number(s.port), u"-U"_s, s.user,
            s.database });
    if (!dump.waitForFinished(120000) || dump.exitCode() != 0) {
        *error = QString::fromUtf8(dump.readAllStandardError());
        return {};
    }
    QStringList kept;
    const QStringList lines = QString::fromUtf8(dump.readAllStandardOutput()).split(u'\n');
    for (const QString &line : lines) {
        if (line.isEmpty() || line.startsWith(u"--"_s) || line.startsWith(u"SET "_s)
            || line.startsWith(u"SELECT pg_catalog.set_config('search_path'"_s)
            || line.startsWith(u"\\restrict"_s) || line.startsWith(u"\\unrestrict"_s))
            continue;
        kept << line;
    }
    return kept.join(u'\n');
}

// Applies a generated script the way a migration would run it: in one
// transaction, or statement by statement when the diff asks for transaction:false.
::testing::AssertionResult applyScript(PgConnection &c, const QString &sql, bool outsideTransaction)
{
    if (sql.isEmpty())
        return ::testing::AssertionSuccess();
    if (!outsideTransaction) {
        PgResult r = c.exec((u"BEGIN;\n"_s + sql + u"\nCOMMIT;"_s).toUtf8());
        if (!r.ok()) {
            c.exec("ROLLBACK");
            return ::testing::AssertionFailure() << r.error().toString().toStdString() << "\nin:\n"
                                                 << sql.toStdString();
        }
        return ::testing::AssertionSuccess();
    }
    auto statements = SqlScript::parse(sql.toUtf8(), u"generated"_s);
    if (!statements)
        return ::testing::AssertionFailure() << statements.error().toString().toStdString();
    for (const SqlStatement &s : *statements) {
        PgResult r = c.exec(s.text);
        if (!r.ok())
            return ::testing::AssertionFailure() << r.error().toString().toStdString() << "\nin:\n"
                                                 << sql.toStdString();
    }
    return ::testing::AssertionSuccess();
}

struct Database
{
    ConnectionSettings settings;
    std::unique_ptr<PgConnection> connection;
};

::testing::AssertionResult openWith(Database &db, const QByteArray &sql)
{
    db.settings = TestCluster::freshDatabase(u"schema"_s);
    auto opened = PgConnection::open(db.settings);
    if (!opened)
        return ::testing::AssertionFailure() << opened.error().toString().toStdString();
    db.connection = std::move(opened.value());
    PgResult r = db.connection->exec(sql);
    if (!r.ok())
        return ::testing::AssertionFailure() << "loading the fixture: " << r.error().toString().toStdString();
    return ::testing::AssertionSuccess();
}

QString describe(const SchemaDiff &diff)
{
    QString text;
    for (const SchemaChange &c : diff.changes())
        text += c.description + u'\n';
    return text + u"-- up:\n"_s + diff.upSql() + u"-- down:\n"_s + diff.downSql();
}

class SchemaRoundTripTest : public ::testing::TestWithParam<std::string>
{
};

} // namespace

TEST_P(SchemaRoundTripTest, UpGivesBAndDownGivesABackAndSelfDiffsAreEmpty)
{
    STRATA_REQUIRE_CLUSTER();
    const QString dir = fixturesDir() + u'/' + QString::fromStdString(GetParam());
    const QByteArray a = readFile(dir + u"/a.sql"_s);
    const QByteArray b = readFile(dir + u"/b.sql"_s);
    ASSERT_FALSE(b.isEmpty()) << "no b.sql in " << dir.toStdString();

    Database dbA, dbB, work;
    ASSERT_TRUE(openWith(dbA, a));
    ASSERT_TRUE(openWith(dbB, b));
    ASSERT_TRUE(openWith(work, a));

    auto modelA = SchemaIntrospector::read(*dbA.connection, {});
    ASSERT_TRUE(modelA) << modelA.error().toString().toStdString();
    auto modelB = SchemaIntrospector::read(*dbB.connection, {});
    ASSERT_TRUE(modelB) << modelB.error().toString().toStdString();

    // A schema compared with itself has no changes, in both directions.
    for (const SchemaModel *m : { &modelA.value(), &modelB.value() }) {
        const SchemaDiff self = SchemaDiff::compare(*m, *m);
        EXPECT_TRUE(self.isEmpty()) << describe(self).toStdString();
        EXPECT_TRUE(self.upSql().isEmpty());
        EXPECT_TRUE(self.downSql().isEmpty());
    }

    const SchemaDiff diff = SchemaDiff::compare(*modelA, *modelB);
    ASSERT_FALSE(diff.isEmpty()) << "the fixture's two schemas should differ";
    EXPECT_TRUE(diff.notCompared().isEmpty()) << diff.notCompared().join(u'\n').toStdString();

    QString error;
    const QString dumpA = normalizedDump(dbA.settings, &error);
    ASSERT_FALSE(dumpA.isEmpty()) << error.toStdString();
    const QString dumpB = normalizedDump(dbB.settings, &error);
    ASSERT_FALSE(dumpB.isEmpty()) << error.toStdString();
    ASSERT_NE(dumpA, dumpB);

    ASSERT_TRUE(applyScript(*work.connection, diff.upSql(), diff.needsOutsideTransaction()));
    EXPECT_EQ(normalizedDump(work.settings, &error).toStdString(), dumpB.toStdString())
        << describe(diff).toStdString();
    // The model read back equals B's too.
    auto afterUp = SchemaIntrospector::read(*work.connection, {});
    ASSERT_TRUE(afterUp) << afterUp.error().toString().toStdString();
    EXPECT_TRUE(SchemaDiff::compare(*afterUp, *modelB).isEmpty())
        << describe(SchemaDiff::compare(*afterUp, *modelB)).toStdString();

    ASSERT_TRUE(applyScript(*work.connection, diff.downSql(), diff.needsOutsideTransaction()));
    EXPECT_EQ(normalizedDump(work.settings, &error).toStdString(), dumpA.toStdString())
        << describe(diff).toStdString();
}

INSTANTIATE_TEST_SUITE_P(Fixtures, SchemaRoundTripTest, ::testing::ValuesIn(fixtureNames()),
    [](const ::testing::TestParamInfo<std::string> &fixture) {
        std::string name = fixture.param;
        for (char &c : name) {
            if (!std::isalnum(static_cast<unsigned char>(c)))
                c = '_';
        }
        return name;
    });
