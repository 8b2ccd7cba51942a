// Schema introspection against pg_dump --schema-only on the same generated
// database in the same run (alternating repetitions, medians, ratio), and the
// time to diff two such models; and the schema browser's read of the same
// database (SchemaWorker::readSchema: catalog, table sizes, objects with their
// DDL, on the worker thread) with the tree built from it (SchemaTreeModel, the
// only part on the window's thread). Then blame: a generated chain replayed
// one migration at a time with the schema read after each
// (SchemaBlameReplayer) against the same chain applied by the runner alone,
// and the cached blame read back. A benchmark, not a test: it prints figures.
//
// Usage: strata_schema_bench [--tables 2000] [--reps 5] [--migrations 100]

#include "db/PgConnection.h"
#include "migration/MigrationSource.h"
#include "models/SchemaTreeModel.h"
#include "runner/MigrationRunner.h"
#include "sandbox/SandboxCluster.h"
#include "schema/SchemaDiff.h"
#include "schema/SchemaIntrospector.h"
#include "service/SchemaWorker.h"
#include "shadow/SchemaBlameCache.h"
#include "shadow/SchemaBlameReplayer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values[values.size() / 2];
}

Status runInBatches(PgConnection &c, const QByteArray &block, int tables)
{
    for (int first = 1; first <= tables; first += 100) {
        QByteArray sql = block;
        sql.replace("FIRST", QByteArray::number(first))
            .replace("LAST", QByteArray::number(std::min(tables, first + 99)));
        if (Status s = c.run(sql); !s)
            return s;
    }
    return Ok {};
}

int fail(const QString &what)
{
    std::fprintf(stderr, "%s\n", qPrintable(what));
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int tables = 2000;
    int reps = 5;
    int migrations = 100;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == u"--tables"_s)
            tables = args[i + 1].toInt();
        else if (args[i] == u"--reps"_s)
            reps = args[i + 1].toInt();
        else if (args[i] == u"--migrations"_s)
            migrations = args[i + 1].toInt();
    }
    QTextStream out(stdout);

    SandboxCluster::Options options;
    options.fsync = true;
    auto cluster = SandboxCluster::start(options);
    if (!cluster)
        return fail(cluster.error().toString());
    if (Status s = cluster.value()->createDatabase(u"bench"_s); !s)
        return fail(s.error().toString());
    const ConnectionSettings settings = cluster.value()->connectionSettings(u"bench"_s);
    auto connection = PgConnection::open(settings);
    if (!connection)
        return fail(connection.error().toString());
    PgConnection &c = *connection.value();

    // N tables in 20 schemas, each with a primary key, a foreign key to the
    // previous table, a unique constraint, a check, two indexes (one on an
    // expression, one partial), a comment; a view on every 10th table.
    QElapsedTimer timer;
    timer.start();
    const QByteArray generate = QStringLiteral(
        "DO $$ BEGIN\n"
        " FOR i IN FIRST..LAST LOOP\n"
        "  EXECUTE format('CREATE TABLE s%1$s.t%2$s (id bigint PRIMARY KEY, parent_id bigint, code text NOT "
        "NULL UNIQUE,"
        "   amount numeric(12,2) DEFAULT 0 CHECK (amount >= 0), created_at timestamptz NOT NULL DEFAULT "
        "now(), note text)',"
        "   i % 20, i);\n"
        "  IF i > 1 THEN EXECUTE format('ALTER TABLE s%1$s.t%2$s ADD CONSTRAINT t%2$s_parent_fk FOREIGN KEY "
        "(parent_id)"
        "   REFERENCES s%3$s.t%4$s (id) ON DELETE CASCADE', i % 20, i, (i - 1) % 20, i - 1); END IF;\n"
        "  EXECUTE format('CREATE INDEX t%2$s_lower_code ON s%1$s.t%2$s (lower(code))', i % 20, i);\n"
        "  EXECUTE format('CREATE INDEX t%2$s_recent ON s%1$s.t%2$s (created_at) WHERE note IS NOT NULL', i "
        "% 20, i);\n"
        "  EXECUTE format('COMMENT ON TABLE s%1$s.t%2$s IS %3$L', i % 20, i, 'table ' || i);\n"
        "  IF i % 10 = 0 THEN EXECUTE format('CREATE VIEW s%1$s.v%2$s AS SELECT t.id, t.code, p.code AS "
        "parent_code"
        "   FROM s%1$s.t%2$s t LEFT JOIN s%3$s.t%4$s p ON p.id = t.parent_id', i % 20, i, (i - 1) % 20, i - "
        "1); END IF;\n"
        " END LOOP;\n"
        "END $$")
                                    .toUtf8();
    if (Status s
        = c.run("DO $$ BEGIN FOR s IN 0..19 LOOP EXECUTE format('CREATE SCHEMA s%1$s', s); END LOOP; END $$");
        !s)
        return fail(s.error().toString());
    // In batches: one transaction holding locks on thousands of new tables runs out of lock slots.
    if (Status s = runInBatches(c, generate, tables); !s)
        return fail(s.error().toString());
    out << "generated " << tables << " tables in " << timer.elapsed() << " ms\n";
    out.flush();

    QList<double> introspection;
    QList<double> dump;
    QList<double> browserRead;
    QList<double> treeBuild;
    QList<double> objectListing; // SchemaObjects::of alone, part of the browser read
    int browserObjects = 0;
    SchemaWorker worker;
    SchemaRead lastRead;
    QObject::connect(&worker, &SchemaWorker::schemaRead, [&](quint64, const SchemaRead &r) { lastRead = r; });
    SchemaModel model;
    for (int rep = 0; rep < reps; ++rep) {
        // Strata: connect and read, like pg_dump connects and reads.
        timer.restart();
        auto own = PgConnection::open(settings);
        if (!own)
            return fail(own.error().toString());
        auto read = SchemaIntrospector::read(*own.value(), {});
        if (!read)
            return fail(read.error().toString());
        introspection << timer.nsecsElapsed() / 1e6;
        model = read.value();

        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (!settings.password.isEmpty())
            env.insert(u"PGPASSWORD"_s, settings.password);
        p.setProcessEnvironment(env);
        timer.restart();
        p.start(SandboxCluster::postgresBinDir() + u"/pg_dump"_s,
            { u"--schema-only"_s, u"-h"_s, settings.host, u"-p"_s, QString::number(settings.port), u"-U"_s,
                settings.user, u"-f"_s, u"/dev/null"_s, settings.database });
        if (!p.waitForFinished(600000) || p.exitCode() != 0)
            return fail(u"pg_dump failed: "_s + QString::fromUtf8(p.readAllStandardError()));
        dump << timer.nsecsElapsed() / 1e6;

        // The schema browser: the worker's read (direct call: the same code
        // the window queues to the schema thread), then the tree.
        timer.restart();
        worker.readSchema(quint64(rep + 1), settings, HistoryTable {});
        if (lastRead.error)
            return fail(lastRead.error->toString());
        browserRead << timer.nsecsElapsed() / 1e6;
        timer.restart();
        const SchemaObjects listed = SchemaObjects::of(lastRead.model);
        objectListing << timer.nsecsElapsed() / 1e6;
        SchemaTreeModel tree;
        timer.restart();
        tree.setSchema(lastRead.objects, lastRead.tableSizes);
        treeBuild << timer.nsecsElapsed() / 1e6;
        browserObjects = tree.objectCount();
        out << "rep " << rep + 1 << ": introspection " << introspection.last() << " ms, pg_dump "
            << dump.last() << " ms, browser read " << browserRead.last() << " ms (listing the objects "
            << objectListing.last() << " ms of it), tree " << treeBuild.last() << " ms\n";
        out.flush();
    }
    out << "objects in the model: " << model.objectCount() << " (tables " << model.tables.size()
        << ", indexes " << model.indexes.size() << ", views " << model.views.size() << ")\n";

    // A second model: the same schema with changes spread over it.
    const QByteArray change = QStringLiteral(
        "DO $$ BEGIN\n"
        " FOR i IN FIRST..LAST LOOP\n"
        "  IF i % 10 = 1 THEN EXECUTE format('ALTER TABLE s%1$s.t%2$s ADD COLUMN extra integer', i % 20, i); "
        "END IF;\n"
        "  IF i % 25 = 3 THEN EXECUTE format('DROP INDEX s%1$s.t%2$s_recent', i % 20, i); END IF;\n"
        "  IF i % 50 = 7 THEN EXECUTE format('ALTER TABLE s%1$s.t%2$s ALTER COLUMN note TYPE varchar(100)', "
        "i % 20, i); END IF;\n"
        " END LOOP;\n"
        "END $$")
                                  .toUtf8();
    if (Status s = runInBatches(c, change, tables); !s)
        return fail(s.error().toString());
    auto changed = SchemaIntrospector::read(c, {});
    if (!changed)
        return fail(changed.error().toString());

    QList<double> diffing;
    QList<double> selfDiff;
    qsizetype changeCount = 0;
    qsizetype sqlSize = 0;
    for (int rep = 0; rep < reps; ++rep) {
        timer.restart();
        const SchemaDiff diff = SchemaDiff::compare(model, changed.value());
        sqlSize = diff.upSql().size() + diff.downSql().size();
        diffing << timer.nsecsElapsed() / 1e6;
        changeCount = diff.changes().size();
        timer.restart();
        const SchemaDiff same = SchemaDiff::compare(model, model);
        selfDiff << timer.nsecsElapsed() / 1e6;
        if (!same.isEmpty())
            return fail(u"a model compared with itself is not empty"_s);
    }

    out << "\n| tables | browser objects | browser read, worker thread (median) | pg_dump --schema-only "
           "(median) | ratio | tree built on the window's thread (median) |\n|---|---|---|---|---|---|\n";
    out << "| " << tables << " | " << browserObjects << " | " << median(browserRead) << " ms | "
        << median(dump) << " ms | " << median(browserRead) / median(dump) << " | " << median(treeBuild)
        << " ms |\n";

    const double ratio = median(introspection) / median(dump);
    out << "\n| tables | introspection (median) | pg_dump --schema-only (median) | ratio | diff of two "
           "models | "
           "self-diff |\n|---|---|---|---|---|---|\n";
    out << "| " << tables << " | " << median(introspection) << " ms | " << median(dump) << " ms | " << ratio
        << " | " << median(diffing) << " ms (" << changeCount << " changes, up+down SQL " << sqlSize
        << " chars) | " << median(selfDiff) << " ms |\n";

    // Blame: a chain where each migration creates a table with an index and a
    // foreign key to the one before, and every third widens a column of an
    // older table and adds one to it.
    QTemporaryDir folder;
    for (int i = 1; i <= migrations; ++i) {
        QString up = u"CREATE TABLE m%1 (id bigint PRIMARY KEY, prev_id bigint%2, code varchar(20) NOT NULL, "
                     "amount numeric(12,2) DEFAULT 0, created_at timestamptz NOT NULL DEFAULT now());\n"
                     "CREATE INDEX m%1_code ON m%1 (lower(code));\n"_s.arg(i)
                         .arg(i > 1 ? u" REFERENCES m%1"_s.arg(i - 1) : QString());
        if (i % 3 == 0 && i > 3)
            up += u"ALTER TABLE m%1 ALTER COLUMN code TYPE varchar(40);\nALTER TABLE m%1 ADD COLUMN note text;\n"_s
                      .arg(i / 3);
        QFile file(folder.filePath(u"%1-Step%2.sql"_s.arg(1700000000000LL + i).arg(i)));
        if (!file.open(QIODevice::WriteOnly))
            return fail(file.errorString());
        file.write(
            (u"-- migrate:up\n"_s + up + u"\n-- migrate:down\nDROP TABLE m%1 CASCADE;\n"_s.arg(i)).toUtf8());
    }
    Result<MigrationSource::Scan> chain = MigrationSource::scan(folder.path());
    if (!chain || !chain->problems.isEmpty())
        return fail(u"the generated chain does not scan"_s);
    QList<double> applyTimes;
    QList<double> replayTimes;
    QList<double> loadTimes;
    qsizetype blamedObjects = 0;
    for (int rep = 0; rep < reps; ++rep) {
        const QString database = u"chain%1"_s.arg(rep);
        if (Status s = cluster.value()->createDatabase(database); !s)
            return fail(s.error().toString());
        auto target = PgConnection::open(cluster.value()->connectionSettings(database));
        if (!target)
            return fail(target.error().toString());
        timer.restart();
        MigrationRunner runner(*target.value(), RunOptions {});
        const RunReport applied = runner.up(chain->migrations, UpOptions {});
        if (applied.error)
            return fail(applied.error->toString());
        applyTimes << timer.nsecsElapsed() / 1e6;

        // The shadow goes on the same server, as for a role with CREATEDB.
        SchemaBlameReplayer replayer(HistoryTable {});
        timer.restart();
        Result<SchemaBlame> blame = replayer.replay(chain->migrations, &settings);
        if (!blame)
            return fail(blame.error().toString());
        replayTimes << timer.nsecsElapsed() / 1e6;
        blamedObjects = blame->keys().size();

        const SchemaBlameCache cache(folder.filePath(u"cache"_s));
        const QString key = SchemaBlameCache::keyOf(chain->migrations, HistoryTable {}, ShadowBaseline {});
        if (Status s = cache.save(key, *blame); !s)
            return fail(s.error().toString());
        timer.restart();
        if (!cache.load(key))
            return fail(u"the cached blame did not load"_s);
        loadTimes << timer.nsecsElapsed() / 1e6;
        out << "blame rep " << rep + 1 << ": up " << applyTimes.last() << " ms, replay " << replayTimes.last()
            << " ms, cached " << loadTimes.last() << " ms\n";
        out.flush();
    }
    out << "\n| migrations | objects blamed | up, runner alone (median) | blame replay (median) | ratio | "
           "cached blame read (median) |\n|---|---|---|---|---|---|\n";
    out << "| " << migrations << " | " << blamedObjects << " | " << median(applyTimes) << " ms | "
        << median(replayTimes) << " ms | " << median(replayTimes) / median(applyTimes) << " | "
        << median(loadTimes) << " ms |\n";
    return 0;
}
