// The schema diff on real schemas of public projects (tests/schema/corpus, with
// tests/schema/corpus/SOURCES saying where each comes from), judged by pg_dump.
// For every schema file: the schema compared with itself has no changes; the
// migration generated from an empty database to it, applied to an empty
// database, rebuilds it (normalized `pg_dump --schema-only` equal); and the one
// back to empty drops everything. For a folder with old.sql and new.sql (two
// versions of one project's schema, months apart) also old -> new and
// new -> old, each applied to the other version, give exactly the other dump.
//
// Owners and privileges are left out of the dumps (--no-owner --no-privileges):
// a migration runs as its role, and privileges are listed as not compared.
//
// STRATA_SCHEMA_CORPUS picks the folders: unset or `all`, every folder (what
// ctest runs); `small`, all but the largest; else a comma-separated list of names.
// STRATA_SCHEMA_CORPUS_REPORT, if set, names a file that gets one line per
// checked schema (tab-separated: schema, objects, the checks, seconds);
// scripts/schema-corpus.sh prints it as a table.

#include "SchemaTestSupport.h"
#include "support/TestCluster.h"

#include "schema/SchemaDiff.h"
#include "schema/SchemaIntrospector.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>

#include <gtest/gtest.h>

#include <iostream>

using namespace Qt::StringLiterals;
using namespace SchemaTestSupport;

namespace {

QString corpusDir()
{
    return QStringLiteral(STRATA_SOURCE_DIR "/tests/schema/corpus");
}

// `STRATA_SCHEMA_CORPUS=small`: the folders whose schemas have fewer than 500
// objects, for a quick run; ctest runs them all (about 40 s on two cores).
const QStringList kLarge = { u"apflora"_s, u"danbooru"_s };

std::vector<std::string> corpusNames()
{
    const QStringList all = QDir(corpusDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    const QString pick = qEnvironmentVariable("STRATA_SCHEMA_CORPUS");
    QStringList chosen;
    if (pick.isEmpty() || pick == u"all"_s) {
        chosen = all;
    } else if (pick == u"small"_s) {
        for (const QString &name : all)
            if (!kLarge.contains(name))
                chosen << name;
    } else {
        chosen = pick.split(u',', Qt::SkipEmptyParts);
    }
    std::vector<std::string> names;
    for (const QString &name : std::as_const(chosen))
        names.push_back(name.trimmed().toStdString());
    return names;
}

const QStringList kDumpArguments = { u"--no-owner"_s, u"--no-privileges"_s };

struct Loaded
{
    QString label;
    Database db;
    SchemaModel model;
    QString dump;
    int objects = 0;
};

::testing::AssertionResult load(Loaded &loaded, const QString &label, const QString &path)
{
    loaded.label = label;
    if (auto r = openWithFile(loaded.db, path); !r)
        return r;
    auto model = SchemaIntrospector::read(*loaded.db.connection, {});
    if (!model)
        return ::testing::AssertionFailure()
            << label.toStdString() << ": " << model.error().toString().toStdString();
    loaded.model = std::move(model.value());
    QString error;
    loaded.dump = normalizedDump(loaded.db.settings, &error, kDumpArguments, &loaded.objects);
    if (!error.isEmpty())
        return ::testing::AssertionFailure()
            << "pg_dump of " << label.toStdString() << ": " << error.toStdString();
    return ::testing::AssertionSuccess();
}

// One check's verdict, for the report line as well as gtest.
QString verdict(bool passed)
{
    return passed ? u"ok"_s : u"FAIL"_s;
}

// `dump` with the columns of `tables` in name order: a migration adds a column
// at the end, and the diff lists "column order of T" as not compared (a
// table is not rebuilt to move a column), so only there the order is ignored.
QString withColumnsSorted(const QString &dump, const QStringList &tables)
{
    if (tables.isEmpty())
        return dump;
    QStringList lines = dump.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        bool listed = false;
        for (const QString &t : tables)
            listed = listed || lines[i] == u"CREATE TABLE "_s + t + u" ("_s;
        if (!listed)
            continue;
        qsizetype end = i + 1;
        while (end < lines.size() && !lines[end].startsWith(u')'))
            ++end;
        QStringList columns;
        for (qsizetype j = i + 1; j < end; ++j)
            columns << (lines[j].endsWith(u',') ? lines[j].chopped(1) : lines[j]);
        columns.sort();
        for (qsizetype j = i + 1; j < end; ++j)
            lines[j] = columns[j - i - 1] + (j + 1 < end ? u","_s : QString());
        i = end;
    }
    return lines.join(u'\n');
}

// Applies the diff from `from` to `to` in `work` (a database whose schema is
// `from`'s) and tells whether its dump then equals `to`'s. `*columnOrder`
// receives the tables whose column order the diff lists as not compared.
bool migrates(Database &work, const SchemaModel &from, const SchemaModel &to, const QString &expectedDump,
    const std::string &what, QStringList *columnOrder = nullptr)
{
    const SchemaDiff diff = SchemaDiff::compare(from, to);
    const ::testing::AssertionResult applied
        = applyScript(*work.connection, diff.upSql(), diff.needsOutsideTransaction());
    EXPECT_TRUE(applied) << what;
    if (!applied)
        return false;
    static const QRegularExpression columnOrderEntry(u"^column order of (\\S+) \\("_s);
    QStringList tables;
    for (const QString &entry : diff.notCompared())
        if (const QRegularExpressionMatch m = columnOrderEntry.match(entry); m.hasMatch())
            tables << m.captured(1);
    if (columnOrder)
        *columnOrder = tables;
    QString error;
    const QString dump = withColumnsSorted(normalizedDump(work.settings, &error, kDumpArguments), tables);
    const QString expected = withColumnsSorted(expectedDump, tables);
    EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    EXPECT_EQ(dump.toStdString(), expected.toStdString()) << what << "\n" << describe(diff).toStdString();
    return error.isEmpty() && dump == expected;
}

// The roles a folder's schema files name (OWNER TO, GRANT), one a line in its
// ROLES file: roles belong to the cluster, not to a schema.
::testing::AssertionResult createRoles(const QDir &dir, PgConnection &c)
{
    QFile f(dir.filePath(u"ROLES"_s));
    if (!f.exists())
        return ::testing::AssertionSuccess();
    if (!f.open(QIODevice::ReadOnly))
        return ::testing::AssertionFailure() << "cannot read " << f.fileName().toStdString();
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QString role = QString::fromUtf8(line.trimmed());
        if (role.isEmpty())
            continue;
        PgResult exists = c.execParams("SELECT 1 FROM pg_roles WHERE rolname = $1", { role.toUtf8() });
        if (!exists.ok())
            return ::testing::AssertionFailure() << exists.error().toString().toStdString();
        if (exists.rowCount() > 0)
            continue;
        PgResult created = c.exec((u"CREATE ROLE "_s + PgConnection::quoteIdentifier(role)).toUtf8());
        if (!created.ok())
            return ::testing::AssertionFailure() << created.error().toString().toStdString();
    }
    return ::testing::AssertionSuccess();
}

void report(const QStringList &fields)
{
    const QString path = qEnvironmentVariable("STRATA_SCHEMA_CORPUS_REPORT");
    if (path.isEmpty())
        return;
    QFile f(path);
    if (f.open(QIODevice::Append | QIODevice::Text))
        f.write((fields.join(u'\t') + u'\n').toUtf8());
}

class SchemaCorpusTest : public ::testing::TestWithParam<std::string>
{
};

} // namespace

TEST_P(SchemaCorpusTest, SelfDiffIsEmptyAndRebuildsDropsAndVersionStepsAreExact)
{
    STRATA_REQUIRE_CLUSTER();
    const QString name = QString::fromStdString(GetParam());
    const QDir dir(corpusDir() + u'/' + name);
    ASSERT_TRUE(dir.exists()) << "no corpus folder " << dir.path().toStdString();
    QStringList files;
    if (dir.exists(u"old.sql"_s) && dir.exists(u"new.sql"_s))
        files = { u"old.sql"_s, u"new.sql"_s };
    else if (dir.exists(u"schema.sql"_s))
        files = { u"schema.sql"_s };
    ASSERT_FALSE(files.isEmpty()) << dir.path().toStdString()
                                  << " has neither schema.sql nor old.sql and new.sql";

    Loaded empty;
    {
        ASSERT_TRUE(openWith(empty.db, {}));
        auto model = SchemaIntrospector::read(*empty.db.connection, {});
        ASSERT_TRUE(model) << model.error().toString().toStdString();
        empty.model = std::move(model.value());
        QString error;
        empty.dump = normalizedDump(empty.db.settings, &error, kDumpArguments);
        ASSERT_TRUE(error.isEmpty()) << error.toStdString();
        ASSERT_TRUE(createRoles(dir, *empty.db.connection));
    }

    std::vector<Loaded> versions(files.size());
    for (qsizetype i = 0; i < files.size(); ++i) {
        QElapsedTimer timer;
        timer.start();
        const QString label = files.size() == 1 ? name : name + u'/' + files[i].chopped(4);
        Loaded &v = versions[size_t(i)];
        ASSERT_TRUE(load(v, label, dir.filePath(files[i])));

        const SchemaDiff self = SchemaDiff::compare(v.model, v.model);
        EXPECT_TRUE(self.isEmpty()) << describe(self).toStdString();
        const bool selfOk = self.isEmpty() && self.upSql().isEmpty() && self.downSql().isEmpty();

        Database work;
        ASSERT_TRUE(openWith(work, {}));
        const bool created
            = migrates(work, empty.model, v.model, v.dump, label.toStdString() + ": empty -> schema");
        bool dropped = false;
        if (created)
            dropped
                = migrates(work, v.model, empty.model, empty.dump, label.toStdString() + ": schema -> empty");

        QStringList notCompared = SchemaDiff::compare(empty.model, v.model).notCompared();
        report({ label, QString::number(v.objects), verdict(selfOk), verdict(created),
            created ? verdict(dropped) : u"-"_s, u"-"_s, u"-"_s, QString::number(notCompared.size()),
            QString::number(timer.elapsed() / 1000.0, 'f', 1) });
        if (!notCompared.isEmpty())
            std::cout << label.toStdString() << " not compared:\n  "
                      << notCompared.join(u"\n  "_s).toStdString() << std::endl;
    }

    if (versions.size() == 2) {
        QElapsedTimer timer;
        timer.start();
        const Loaded &oldVersion = versions[0];
        const Loaded &newVersion = versions[1];
        Database work;
        ASSERT_TRUE(openWithFile(work, dir.filePath(u"old.sql"_s)));
        QStringList forwardOrder, backwardOrder;
        const bool forward = migrates(work, oldVersion.model, newVersion.model, newVersion.dump,
            name.toStdString() + ": old -> new", &forwardOrder);
        bool backward = false;
        if (forward)
            backward = migrates(work, newVersion.model, oldVersion.model, oldVersion.dump,
                name.toStdString() + ": new -> old", &backwardOrder);
        // "ok*": exact but for the column order of the tables listed as not compared.
        auto pairVerdict = [](bool passed, const QStringList &order) {
            return verdict(passed) + (passed && !order.isEmpty() ? u"*"_s : QString());
        };
        report({ name + u"/old->new"_s,
            QString::number(oldVersion.objects) + u"->"_s + QString::number(newVersion.objects), u"-"_s,
            u"-"_s, u"-"_s, pairVerdict(forward, forwardOrder),
            forward ? pairVerdict(backward, backwardOrder) : u"-"_s,
            QString::number(forwardOrder.size() + backwardOrder.size()),
            QString::number(timer.elapsed() / 1000.0, 'f', 1) });
        for (const QStringList *order : { &forwardOrder, &backwardOrder })
            if (!order->isEmpty())
                std::cout << name.toStdString() << (order == &forwardOrder ? " old -> new" : " new -> old")
                          << ": column order not compared for " << order->join(u", "_s).toStdString()
                          << std::endl;
    }
}

INSTANTIATE_TEST_SUITE_P(Corpus, SchemaCorpusTest, ::testing::ValuesIn(corpusNames()),
    [](const ::testing::TestParamInfo<std::string> &schema) {
        std::string name = schema.param;
        for (char &c : name) {
            if (!std::isalnum(static_cast<unsigned char>(c)))
                c = '_';
        }
        return name;
    });
