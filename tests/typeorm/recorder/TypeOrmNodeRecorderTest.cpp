// TypeOrmNodeRecorder against the real TypeORM installs (0.3.31 and 1.1.1, from
// scripts/typeorm-compat-setup.sh) and the test cluster: the migrations in
// tests/typeorm/recorder/project are recorded through TypeORM's own query
// runner, and the recorded SQL (parameters inlined), replayed on an empty
// database, gives what the real TypeORM CLI gives.
#include "typeorm/TypeOrmNodeRecorder.h"
#include "support/ChildProcess.h"
#include "support/DbProbe.h"
#include "support/QtPrinters.h"
#include "support/TestCluster.h"
#include "typeorm/TypeOrmMigrationReader.h"
#include "typeorm/TypeOrmParameterInliner.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <thread>

#include <unistd.h>

namespace {

const QString recorderRoot = QStringLiteral(STRATA_SOURCE_DIR "/tests/typeorm/recorder");
const QString cacheRoot = QStringLiteral(STRATA_TYPEORM_CACHE);

const ProcessResult &setUpNpm()
{
    return setUpTypeOrmInstalls(cacheRoot);
}

bool copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString target = to + file.mid(from.size());
        QDir().mkpath(QFileInfo(target).absolutePath());
        if (!QFile::copy(file, target))
            return false;
    }
    return true;
}

QString normalizedDump(const QString &dump)
{
    QStringList kept;
    for (const QString &line : dump.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("\\restrict")) || line.startsWith(QLatin1String("\\unrestrict"))
            || line.startsWith(QLatin1String("--")) || line.trimmed().isEmpty())
            continue;
        kept.append(line);
    }
    return kept.join(QLatin1Char('\n'));
}

QStringList migrationFiles(const QString &projectDir)
{
    QStringList files;
    for (const QFileInfo &f : QDir(projectDir + QStringLiteral("/src/migrations"))
                                  .entryInfoList({ QStringLiteral("*.ts") }, QDir::Files, QDir::Name))
        files.append(f.absoluteFilePath());
    return files;
}

// The direct children of this process whose executable is node, with their
// command line and environment as the kernel shows them to other processes.
struct ChildView
{
    qint64 pid = 0;
    QByteArray cmdline;
    QByteArray environ;
};

QList<ChildView> nodeChildren()
{
    QList<ChildView> found;
    const QString self = QString::number(::getpid());
    // A child between fork and exec still shows this binary's arguments (and
    // inside execve, none): only one that runs its own program counts.
    QFile selfCmdline(QStringLiteral("/proc/self/cmdline"));
    const QByteArray ownCmdline
        = selfCmdline.open(QIODevice::ReadOnly) ? selfCmdline.readAll() : QByteArray();
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool isPid = false;
        entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(entry));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        // pid (comm) state ppid ...: comm may hold blanks, so read after the last ')'.
        const QList<QByteArray> rest = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (rest.size() < 2 || QString::fromLatin1(rest[1]) != self)
            continue;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(entry));
        QFile environ(QStringLiteral("/proc/%1/environ").arg(entry));
        if (!cmdline.open(QIODevice::ReadOnly) || !environ.open(QIODevice::ReadOnly))
            continue;
        ChildView v { entry.toLongLong(), cmdline.readAll(), environ.readAll() };
        if (v.cmdline.isEmpty() || v.cmdline == ownCmdline)
            continue;
        if (v.cmdline.contains("recorder"))
            found.append(v);
    }
    return found;
}

class TypeOrmNodeRecorderTest : public ::testing::TestWithParam<QString>
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        const ProcessResult &npm = setUpNpm();
        if (npm.exitCode != 0) {
            if (TestCluster::required())
                FAIL() << "the TypeORM packages could not be installed (scripts/typeorm-compat-setup.sh):\n"
                       << npm.describe();
            GTEST_SKIP() << "the TypeORM packages could not be installed (this fails with CI=true):\n"
                         << npm.describe();
        }
        ASSERT_TRUE(m_project.isValid());
        ASSERT_TRUE(copyTree(recorderRoot + QStringLiteral("/project"), m_project.path()));
        ASSERT_TRUE(QFile::link(cacheRoot + QLatin1Char('/') + GetParam() + QStringLiteral("/node_modules"),
            m_project.filePath(QStringLiteral("node_modules"))));
    }

    Result<TypeOrmRecording> record(const QStringList &files, const ConnectionSettings &shadow)
    {
        TypeOrmRecordRequest request;
        request.projectDir = m_project.path();
        request.migrationFiles = files;
        request.shadow = shadow;
        TypeOrmNodeRecorder recorder;
        return recorder.record(request);
    }

    QProcessEnvironment typeormEnvironment(const ConnectionSettings &s) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &key : env.keys())
            if (key.startsWith(QLatin1String("PG")) || key.startsWith(QLatin1String("DB_")))
                env.remove(key);
        env.insert(QStringLiteral("DB_HOST"), s.host);
        env.insert(QStringLiteral("DB_PORT"), QString::number(s.port));
        env.insert(QStringLiteral("DB_USERNAME"), s.user);
        env.insert(QStringLiteral("DB_PASSWORD"), s.password);
        env.insert(QStringLiteral("DB_DATABASE"), s.database);
        env.insert(QStringLiteral("TS_NODE_TRANSPILE_ONLY"), QStringLiteral("true"));
        return env;
    }

    ProcessResult typeorm(const QString &command, const ConnectionSettings &s)
    {
        return runProcess(QStringLiteral("node"),
            { QStringLiteral("node_modules/typeorm/cli-ts-node-commonjs.js"), command, QStringLiteral("-d"),
                QStringLiteral("src/data-source.ts") },
            m_project.path(), typeormEnvironment(s));
    }

    QString schemaDump(const ConnectionSettings &s)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGPASSWORD"), s.password);
        const ProcessResult r = runProcess(SandboxCluster::postgresBinDir() + QStringLiteral("/pg_dump"),
            { QStringLiteral("--schema-only"), QStringLiteral("--no-owner"),
                QStringLiteral("--exclude-table=migrations*"), QStringLiteral("-h"), s.host,
                QStringLiteral("-p"), QString::number(s.port), QStringLiteral("-U"), s.user, s.database },
            m_project.path(), env);
        EXPECT_EQ(r.exitCode, 0) << r.describe();
        return normalizedDump(r.out);
    }

    static QStringList contents(const ConnectionSettings &s)
    {
        DbProbe probe(s);
        return probe.column("SELECT row_to_json(c)::text FROM countries c ORDER BY id")
            + probe.column("SELECT last_value::text FROM countries_id_seq");
    }

    static void replay(const QList<TypeOrmQuery> &statements, const ConnectionSettings &s)
    {
        DbProbe probe(s);
        for (const TypeOrmQuery &q : statements)
            ASSERT_TRUE(probe.exec(q.sql.toUtf8())) << q.sql.toStdString();
    }

    QTemporaryDir m_project;
};

} // namespace

TEST_P(TypeOrmNodeRecorderTest, RecordsSchemaBuilderCallsAndDataLoops)
{
    const ConnectionSettings shadow = TestCluster::freshDatabase(QStringLiteral("shadow"));
    const Result<TypeOrmRecording> recording = record(migrationFiles(m_project.path()), shadow);
    ASSERT_TRUE(recording.ok()) << recording.error().toString().toStdString();
    EXPECT_TRUE(GetParam() == QLatin1String("v1")
            ? recording->typeOrmVersion.startsWith(QLatin1String("1."))
            : recording->typeOrmVersion.startsWith(QLatin1String("0.3")))
        << recording->typeOrmVersion.toStdString();
    ASSERT_EQ(recording->migrations.size(), 3);
    for (const TypeOrmRecordedMigration &m : recording->migrations) {
        EXPECT_FALSE(m.error.has_value()) << m.error->toString().toStdString();
        EXPECT_TRUE(m.ran);
        EXPECT_EQ(m.file.readBy, TypeOrmReadBy::TypeOrm);
        EXPECT_TRUE(m.file.importable()) << m.file.path.toStdString();
        EXPECT_FALSE(m.file.down.isEmpty()) << m.file.path.toStdString();
    }
    const TypeOrmMigrationFile &create = recording->migrations[0].file;
    EXPECT_EQ(create.className, QStringLiteral("CreateCountries1700000000001"));
    EXPECT_EQ(create.historyName(), QStringLiteral("CreateCountries1700000000001"));
    EXPECT_EQ(create.timestamp, 1700000000001);
    EXPECT_EQ(create.name, QStringLiteral("CreateCountries"));
    // createTable(t, true) on the existing table issues nothing.
    EXPECT_EQ(create.up.size(), 3);
    EXPECT_TRUE(
        create.up[0].sql.startsWith(QLatin1String("CREATE TYPE \"public\".\"countries_continent_enum\"")))
        << create.up[0].sql.toStdString();
    EXPECT_EQ(create.up[1].line, 24); // the createTable call in the .ts file, through ts-node's source map

    const TypeOrmRecordedMigration &seed = recording->migrations[1];
    EXPECT_TRUE(seed.readsData); // SELECT setval(...) returned a row
    ASSERT_EQ(seed.file.up.size(), 4);
    const QString ci = seed.file.up[1].sql;
    EXPECT_TRUE(ci.contains(QStringLiteral("VALUES ('CI', 'Côte d''Ivoire', 'africa', NULL, "
                                           "'Union - Discipline - Travail', '{\"fr\",\"dyu\"}', "
                                           "'{\"capital\":\"Yamoussoukro\"}', '$1', NULL)")))
        << ci.toStdString();
    // A Buffer goes as bytea; its hex text form is inlined.
    EXPECT_TRUE(seed.file.up[0].sql.endsWith(QLatin1String(", '$1', E'\\\\x002355a4')")))
        << seed.file.up[0].sql.toStdString();
    const QString nz = seed.file.up[2].sql;
    // node-postgres sends a Date as local time with its offset.
    EXPECT_TRUE(nz.contains(QLatin1String("'1907-09-26T"))) << nz.toStdString();
    EXPECT_TRUE(
        nz.contains(QLatin1String("E'{\"capital\":\"Wellington\",\"quote\":\"it''s \\\\\"sweet\\\\\" as "
                                  "\\\\\\\\ $1\"}'")))
        << nz.toStdString();
    EXPECT_EQ(seed.file.down.size(), 1);
    EXPECT_TRUE(seed.file.down[0].sql.endsWith(QLatin1String("= ANY('{\"FR\",\"CI\",\"NZ\"}')")))
        << seed.file.down[0].sql.toStdString();

    const QList<TypeOrmQuery> &reshape = recording->migrations[2].file.up;
    ASSERT_FALSE(reshape.isEmpty());
    EXPECT_EQ(reshape.first().line, 8); // dropColumn
    EXPECT_EQ(reshape.last().line, 14); // createPrimaryKey
    QStringList sql;
    for (const TypeOrmQuery &q : reshape)
        sql.append(q.sql);
    const QString all = sql.join(QLatin1Char('\n'));
    EXPECT_TRUE(all.contains(QLatin1String("ALTER TABLE \"countries\" DROP COLUMN \"legacy_code\"")))
        << all.toStdString();
    EXPECT_TRUE(all.contains(QLatin1String("RENAME COLUMN \"motto\" TO \"slogan\""))) << all.toStdString();
    EXPECT_TRUE(all.contains(QLatin1String("PRIMARY KEY (\"id\", \"code\")"))) << all.toStdString();
    EXPECT_TRUE(all.contains(QLatin1String("countries_size_enum"))) << all.toStdString();
    // No catalog reads of TypeORM's own and no transaction control.
    EXPECT_FALSE(all.contains(QLatin1String("information_schema"), Qt::CaseInsensitive)) << all.toStdString();
    EXPECT_FALSE(all.contains(QLatin1String("START TRANSACTION"))) << all.toStdString();

    // The downs ran too: the shadow is back to empty.
    DbProbe probe(shadow);
    EXPECT_EQ(probe.scalar("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"),
        QStringLiteral("0"));
}

TEST_P(TypeOrmNodeRecorderTest, ReplayedRecordingEqualsTypeOrmRunningIt)
{
    const ConnectionSettings shadow = TestCluster::freshDatabase(QStringLiteral("shadow"));
    const Result<TypeOrmRecording> recording = record(migrationFiles(m_project.path()), shadow);
    ASSERT_TRUE(recording.ok()) << recording.error().toString().toStdString();

    const ConnectionSettings direct = TestCluster::freshDatabase(QStringLiteral("direct"));
    const ProcessResult run = typeorm(QStringLiteral("migration:run"), direct);
    ASSERT_EQ(run.exitCode, 0) << run.describe();

    const ConnectionSettings replayed = TestCluster::freshDatabase(QStringLiteral("replayed"));
    for (const TypeOrmRecordedMigration &m : recording->migrations)
        replay(m.file.up, replayed);
    const QString directSchema = schemaDump(direct);
    EXPECT_TRUE(directSchema.contains(QLatin1String("CREATE TABLE public.countries")))
        << directSchema.toStdString();
    EXPECT_EQ(schemaDump(replayed), directSchema);
    const QStringList rows = contents(direct);
    EXPECT_EQ(rows.size(), 4) << rows.join(QLatin1Char('\n')).toStdString();
    EXPECT_EQ(contents(replayed), rows);

    // The downs, newest first, as migration:revert runs them one at a time.
    for (int i = 0; i < 3; ++i) {
        const ProcessResult revert = typeorm(QStringLiteral("migration:revert"), direct);
        ASSERT_EQ(revert.exitCode, 0) << revert.describe();
        replay(recording->migrations[2 - i].file.down, replayed);
        EXPECT_EQ(schemaDump(replayed), schemaDump(direct)) << "after reverting " << (3 - i);
    }
}

TEST_P(TypeOrmNodeRecorderTest, FailingUpIsReportedWithTypeOrmsErrorAndFile)
{
    const QString broken = m_project.filePath(QStringLiteral("src/broken/1700000000009-BrokenUp.ts"));
    QDir().mkpath(QFileInfo(broken).absolutePath());
    ASSERT_TRUE(QFile::copy(recorderRoot + QStringLiteral("/failing/1700000000009-BrokenUp.ts"), broken));
    const QStringList files = migrationFiles(m_project.path()).mid(0, 1) << broken;

    const ConnectionSettings shadow = TestCluster::freshDatabase(QStringLiteral("shadow"));
    const Result<TypeOrmRecording> recording = record(files, shadow);
    ASSERT_TRUE(recording.ok()) << recording.error().toString().toStdString();
    ASSERT_EQ(recording->migrations.size(), 2);
    EXPECT_FALSE(recording->migrations[0].error.has_value());
    const TypeOrmRecordedMigration &m = recording->migrations[1];
    ASSERT_TRUE(m.error.has_value());
    EXPECT_EQ(m.error->sqlState, QStringLiteral("42P01"));
    EXPECT_EQ(m.error->file, broken);
    EXPECT_EQ(m.error->line, 8); // the failing query() call
    EXPECT_EQ(
        m.error->message, QStringLiteral("TypeORM's up() failed: relation \"no_such_table\" does not exist"));
    EXPECT_FALSE(m.file.importable());
    ASSERT_EQ(m.file.problems.size(), 1);
    EXPECT_EQ(m.file.problems[0].line, 8);
    // Its transaction was rolled back; the downs were not run after a failed up.
    DbProbe probe(shadow);
    EXPECT_FALSE(probe.tableExists(QStringLiteral("ok_table")));
    EXPECT_TRUE(probe.tableExists(QStringLiteral("countries")));
    EXPECT_TRUE(recording->migrations[0].file.down.isEmpty());
}

TEST_P(TypeOrmNodeRecorderTest, PasswordIsNeitherInArgumentsNorEnvironment)
{
    const ConnectionSettings shadow = TestCluster::freshDatabase(QStringLiteral("shadow"));
    ASSERT_FALSE(shadow.password.isEmpty());
    std::optional<Result<TypeOrmRecording>> result;
    std::atomic<bool> done { false };
    std::thread worker([&] {
        result.emplace(record(migrationFiles(m_project.path()).mid(0, 1), shadow));
        done = true;
    });
    QList<ChildView> seen;
    while (!done && seen.isEmpty()) {
        seen = nodeChildren();
        if (seen.isEmpty())
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    worker.join();
    ASSERT_TRUE(result->ok()) << result->error().toString().toStdString(); // the password did reach node
    ASSERT_FALSE(seen.isEmpty()) << "the node process was never seen running";
    const QByteArray password = shadow.password.toUtf8();
    for (const ChildView &child : seen) {
        EXPECT_TRUE(child.cmdline.contains("node")) << child.cmdline.toStdString();
        EXPECT_FALSE(child.cmdline.contains(password)) << "password in /proc/" << child.pid << "/cmdline";
        EXPECT_FALSE(child.environ.contains(password)) << "password in /proc/" << child.pid << "/environ";
        EXPECT_TRUE(child.environ.contains("PGDATABASE=" + shadow.database.toUtf8()));
    }
}

TEST_P(TypeOrmNodeRecorderTest, GeneratedChainRecordsWhatTheStaticReaderReads)
{
    // The four migrations TypeORM generated for the compatibility project hold
    // only queryRunner.query(`...`) calls: both ways of reading must agree.
    const QFileInfoList generated = QDir(QStringLiteral(STRATA_SOURCE_DIR "/tests/typeorm/compat/")
        + GetParam() + QStringLiteral("/migrations"))
                                        .entryInfoList({ QStringLiteral("*.ts") }, QDir::Files, QDir::Name);
    ASSERT_EQ(generated.size(), 4);
    QStringList files;
    for (const QFileInfo &f : generated) {
        files.append(m_project.filePath(QStringLiteral("src/generated/") + f.fileName()));
        QDir().mkpath(QFileInfo(files.last()).absolutePath());
        ASSERT_TRUE(QFile::copy(f.absoluteFilePath(), files.last()));
    }
    const ConnectionSettings shadow = TestCluster::freshDatabase(QStringLiteral("shadow"));
    // What TypeORM's driver creates when it connects with these entities.
    ASSERT_TRUE(DbProbe(shadow).exec("CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\""));
    const Result<TypeOrmRecording> recording = record(files, shadow);
    ASSERT_TRUE(recording.ok()) << recording.error().toString().toStdString();
    ASSERT_EQ(recording->migrations.size(), 4);
    for (int i = 0; i < 4; ++i) {
        const TypeOrmRecordedMigration &m = recording->migrations[i];
        ASSERT_FALSE(m.error.has_value()) << m.error->toString().toStdString();
        EXPECT_FALSE(m.readsData);
        const Result<TypeOrmMigrationFile> read = TypeOrmMigrationReader::read(files[i]);
        ASSERT_TRUE(read.ok()) << read.error().toString().toStdString();
        EXPECT_EQ(m.file.historyName(), read->historyName());
        EXPECT_EQ(m.file.timestamp, read->timestamp);
        for (const auto &[recorded, reference] :
            { std::pair { &m.file.up, &read->up }, std::pair { &m.file.down, &read->down } }) {
            ASSERT_EQ(recorded->size(), reference->size()) << files[i].toStdString();
            for (qsizetype j = 0; j < recorded->size(); ++j) {
                EXPECT_EQ((*recorded)[j].sql, (*reference)[j].sql);
                EXPECT_EQ((*recorded)[j].line, (*reference)[j].line) << (*recorded)[j].sql.toStdString();
            }
        }
    }
}

TEST_P(TypeOrmNodeRecorderTest, PlainJavaScriptNamePropertyAndShortTimestamp)
{
    // A compiled (CommonJS) migration needs no ts-node; its `name` property is
    // what TypeORM records, and TypeORM reads the timestamp from its last 13
    // characters: parseInt("0000000000007", 10) == 7. A file with no class is
    // reported, not skipped.
    const QString js = m_project.filePath(QStringLiteral("dist/7-Plain.js"));
    const QString empty = m_project.filePath(QStringLiteral("dist/helpers.js"));
    QDir().mkpath(QFileInfo(js).absolutePath());
    QFile file(js);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("\"use strict\";\n"
               "Object.defineProperty(exports, \"__esModule\", { value: true });\n"
               "class Plain {\n"
               "    constructor() { this.name = \"initialSchema0000000000007\"; this.transaction = false; }\n"
               "    async up(queryRunner) {\n"
               "        await queryRunner.query(`CREATE TABLE \"plain\" (\"id\" integer, \"label\" text)`);\n"
               "        await queryRunner.query(`INSERT INTO \"plain\" VALUES ($1, $2)`, [7, undefined]);\n"
               "    }\n"
               "    async down(queryRunner) { await queryRunner.query(`DROP TABLE \"plain\"`); }\n"
               "}\n"
               "exports.Plain = Plain;\n");
    file.close();
    QFile helpers(empty);
    ASSERT_TRUE(helpers.open(QIODevice::WriteOnly));
    helpers.write("exports.answer = 42;\n");
    helpers.close();

    const ConnectionSettings shadow = TestCluster::freshDatabase(QStringLiteral("shadow"));
    const Result<TypeOrmRecording> recording = record({ js, empty }, shadow);
    ASSERT_TRUE(recording.ok()) << recording.error().toString().toStdString();
    ASSERT_EQ(recording->migrations.size(), 2);
    const TypeOrmRecordedMigration &m = recording->migrations[0];
    EXPECT_FALSE(m.error.has_value()) << m.error->toString().toStdString();
    EXPECT_EQ(m.file.className, QStringLiteral("Plain"));
    EXPECT_EQ(m.file.historyName(), QStringLiteral("initialSchema0000000000007"));
    EXPECT_EQ(m.file.timestamp, 7);
    EXPECT_TRUE(m.file.transactionDisabled);
    ASSERT_EQ(m.file.up.size(), 2);
    EXPECT_EQ(m.file.up[1].sql, QStringLiteral("INSERT INTO \"plain\" VALUES ('7', NULL)"));
    EXPECT_EQ(m.file.up[1].line, 7);
    ASSERT_EQ(m.file.down.size(), 1);
    const TypeOrmRecordedMigration &none = recording->migrations[1];
    ASSERT_TRUE(none.error.has_value());
    EXPECT_EQ(none.error->file, empty);
    EXPECT_FALSE(none.ran);
    EXPECT_TRUE(none.error->message.contains(QLatin1String("exports no class")))
        << none.error->message.toStdString();
}

TEST_P(TypeOrmNodeRecorderTest, WrongPasswordIsAConnectionErrorWithoutThePassword)
{
    ConnectionSettings shadow = TestCluster::freshDatabase(QStringLiteral("shadow"));
    shadow.password = QStringLiteral("not-the-password-%1").arg(::getpid());
    const Result<TypeOrmRecording> r = record(migrationFiles(m_project.path()).mid(0, 1), shadow);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, StrataError::Kind::Connection) << r.error().toString().toStdString();
    EXPECT_TRUE(r.error().message.contains(QLatin1String("password authentication failed")))
        << r.error().message.toStdString();
    EXPECT_FALSE(r.error().toString().contains(shadow.password));
}

TEST_P(TypeOrmNodeRecorderTest, TimeoutStopsNode)
{
    TypeOrmRecordRequest request;
    request.projectDir = m_project.path();
    request.migrationFiles = migrationFiles(m_project.path());
    request.shadow = TestCluster::freshDatabase(QStringLiteral("shadow"));
    request.timeoutMs = 1; // node cannot even load TypeORM in that time
    TypeOrmNodeRecorder recorder;
    const Result<TypeOrmRecording> r = recorder.record(request);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().message.contains(QLatin1String("took longer than")))
        << r.error().message.toStdString();
    EXPECT_TRUE(nodeChildren().isEmpty());
}

TEST_P(TypeOrmNodeRecorderTest, CancelStopsNode)
{
    const ConnectionSettings shadow = TestCluster::freshDatabase(QStringLiteral("shadow"));
    TypeOrmRecordRequest request;
    request.projectDir = m_project.path();
    request.migrationFiles = migrationFiles(m_project.path());
    request.shadow = shadow;
    TypeOrmNodeRecorder recorder;
    std::optional<Result<TypeOrmRecording>> result;
    std::thread worker([&] { result.emplace(recorder.record(request)); });
    // Cancel once node is running (before it can have finished: it is seen first).
    while (nodeChildren().isEmpty() && !result)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    recorder.cancel();
    worker.join();
    ASSERT_FALSE(result->ok());
    EXPECT_EQ(result->error().kind, StrataError::Kind::Cancelled) << result->error().toString().toStdString();
    EXPECT_TRUE(nodeChildren().isEmpty());
}

INSTANTIATE_TEST_SUITE_P(TypeOrm, TypeOrmNodeRecorderTest,
    ::testing::Values(QStringLiteral("v0.3"), QStringLiteral("v1")), [](const auto &param) {
        return param.param == QLatin1String("v1") ? std::string("V1") : std::string("V0_3");
    });

TEST(TypeOrmParameterInliner, ReplacesOnlyRealPlaceholders)
{
    const Result<QString> r = TypeOrmParameterInliner::inlineParameters(
        QStringLiteral("SELECT $1, '$1', \"$1\", $$ $2 $$, $f$ $1 $f$ /* $2 */ , $2::int, $10 -- $1\n"),
        { QStringLiteral("a'b"), std::nullopt, QString(), QString(), QString(), QString(), QString(),
            QString(), QString(), QStringLiteral("ten") });
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    EXPECT_EQ(*r,
        QStringLiteral(
            "SELECT 'a''b', '$1', \"$1\", $$ $2 $$, $f$ $1 $f$ /* $2 */ , NULL::int, 'ten' -- $1\n"));
}

TEST(TypeOrmParameterInliner, QuotesBackslashesWithE)
{
    EXPECT_EQ(TypeOrmParameterInliner::literal(QStringLiteral("plain")), QStringLiteral("'plain'"));
    EXPECT_EQ(TypeOrmParameterInliner::literal(QStringLiteral("a\\b'c")), QStringLiteral("E'a\\\\b''c'"));
    EXPECT_EQ(TypeOrmParameterInliner::literal(QStringLiteral("é")), QStringLiteral("'é'"));
}

TEST(TypeOrmParameterInliner, MultiByteTextBeforeAPlaceholder)
{
    const Result<QString> r = TypeOrmParameterInliner::inlineParameters(
        QStringLiteral("SELECT 'déjà vu' || $1"), { QStringLiteral("ü") });
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, QStringLiteral("SELECT 'déjà vu' || 'ü'"));
}

TEST(TypeOrmParameterInliner, PlaceholderWithoutValueIsAnError)
{
    const Result<QString> r
        = TypeOrmParameterInliner::inlineParameters(QStringLiteral("SELECT $2"), { QStringLiteral("x") });
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().message.contains(QLatin1String("$2"))) << r.error().message.toStdString();
}

TEST(TypeOrmNodeRecorder, WithoutNodeOrTypeOrmEachMigrationIsReadStatically)
{
    const Result<QString> node = TypeOrmNodeRecorder::findNode(QStringLiteral("/nonexistent/node"));
    ASSERT_FALSE(node.ok());
    EXPECT_EQ(node.error().kind, StrataError::Kind::Environment);
    EXPECT_TRUE(node.error().message.contains(QLatin1String("each migration read statically")))
        << node.error().message.toStdString();

    QTemporaryDir empty;
    EXPECT_FALSE(TypeOrmNodeRecorder::hasTypeOrm(empty.path()));
    TypeOrmRecordRequest request;
    request.projectDir = empty.path();
    TypeOrmNodeRecorder recorder;
    const Result<TypeOrmRecording> r = recorder.record(request);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().message.contains(QLatin1String("no typeorm package")))
        << r.error().message.toStdString();
    EXPECT_TRUE(r.error().message.contains(QLatin1String("each migration read statically")));
    EXPECT_FALSE(TypeOrmNodeRecorder::script().isEmpty()); // the resource is linked in
}
