#include "integration/CliProcess.h"
#include "migration/MigrationFileParser.h"
#include "support/DbProbe.h"
#include "support/TestCluster.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

QString samples()
{
    return QStringLiteral(STRATA_SOURCE_DIR "/tests/typeorm/samples");
}

// No connection: import-typeorm never needs one.
QStringList offlineEnvironment()
{
    QStringList env;
    for (const QString &e : QProcessEnvironment::systemEnvironment().toStringList())
        if (!e.startsWith(QLatin1String("PG")) && !e.startsWith(QLatin1String("STRATA_DATABASE_URL=")))
            env.append(e);
    return env;
}

CliResult import(const QStringList &extra)
{
    return CliProcess::run(QStringList { QStringLiteral("import-typeorm") } + extra, offlineEnvironment());
}

bool copySample(const QString &name, const QString &toDir)
{
    return QFile::copy(samples() + QLatin1Char('/') + name, toDir + QLatin1Char('/') + name);
}

bool writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

} // namespace

TEST(ImportTypeOrmCli, ReportsConvertedAndNotConvertedWithPositions)
{
    QTemporaryDir dest;
    ASSERT_TRUE(dest.isValid());
    const QString target = dest.filePath(QStringLiteral("migrations"));
    const CliResult r = import({ samples(), target });
    EXPECT_EQ(r.exitCode, 3) << r.describe();
    for (const char *converted : { "1700000000001-Generated.ts -> ", "1700000000002-Strings.ts -> ",
             "1700000000005-SchemaApi.ts -> ", "compiled-es2015.js -> " })
        EXPECT_TRUE(r.out.contains(QLatin1String(converted))) << converted << '\n' << r.describe();
    for (const char *notConverted : { "1700000000003-Parameters.ts", "1700000000004-Substitution.ts",
             "1700000000006-SchemaRefused.ts", "1700000000007-NoTimestamp.ts", "1700000000008-Concurrent.ts",
             "compiled-es2021.js", "no-class.ts" })
        EXPECT_TRUE(r.out.contains(
            QStringLiteral("not converted  ") + samples() + QLatin1Char('/') + QLatin1String(notConverted)))
            << notConverted << '\n'
            << r.describe();
    EXPECT_TRUE(r.out.contains(
        samples() + QStringLiteral("/1700000000004-Substitution.ts:7:33: queryRunner.query(...)")))
        << r.describe();
    // The .ts and its compiled .js are one migration: the second is not written twice.
    EXPECT_TRUE(r.out.contains(QStringLiteral("the timestamp 1795677368889 is already taken")))
        << r.describe();
    EXPECT_TRUE(r.out.contains(QStringLiteral("4 converted, 7 not converted."))) << r.describe();

    const QStringList written = QDir(target).entryList({ QStringLiteral("*.sql") }, QDir::Files, QDir::Name);
    EXPECT_EQ(written,
        QStringList({ QStringLiteral("1700000000001-Generated.sql"),
            QStringLiteral("1700000000002-Strings.sql"), QStringLiteral("1700000000005-SchemaApi.sql"),
            QStringLiteral("1795677368889-AddUsers.sql") }));
    for (const QString &name : written) {
        QFile f(QDir(target).filePath(name));
        ASSERT_TRUE(f.open(QIODevice::ReadOnly));
        const Result<Migration> m = MigrationFileParser::parse(f.fileName(), f.readAll());
        ASSERT_TRUE(m.ok()) << m.error().toString().toStdString();
        EXPECT_FALSE(m->up.sql.trimmed().isEmpty());
    }

    // A second run keeps what is there unless --force.
    const CliResult again = import({ samples(), target, QStringLiteral("--json") });
    EXPECT_EQ(again.exitCode, 3) << again.describe();
    const QJsonObject json = QJsonDocument::fromJson(again.out.toUtf8()).object();
    EXPECT_EQ(json.value(QLatin1String("converted")).toInt(), 0) << again.describe();
    EXPECT_EQ(json.value(QLatin1String("notConverted")).toInt(), 11);
    bool sawExists = false;
    for (const QJsonValue &m : json.value(QLatin1String("migrations")).toArray())
        for (const QJsonValue &p : m.toObject().value(QLatin1String("problems")).toArray())
            sawExists = sawExists
                || p.toObject()
                       .value(QLatin1String("message"))
                       .toString()
                       .contains(QLatin1String("use --force"));
    EXPECT_TRUE(sawExists) << again.describe();
    const CliResult forced = import({ samples(), target, QStringLiteral("--force") });
    EXPECT_TRUE(forced.out.contains(QStringLiteral("4 converted, 7 not converted."))) << forced.describe();

    EXPECT_TRUE(r.out.startsWith(QStringLiteral("TypeORM 0.3 ("))) << r.describe();
    // The schema API SQL of TypeORM 1.x when asked (or when the project has it).
    const CliResult v1 = import({ samples(), target, QStringLiteral("--force"),
        QStringLiteral("--typeorm-version"), QStringLiteral("1"), QStringLiteral("--json") });
    EXPECT_EQ(
        QJsonDocument::fromJson(v1.out.toUtf8()).object().value(QLatin1String("typeormVersion")).toString(),
        QStringLiteral("1"))
        << v1.describe();
    QFile schemaApi(QDir(target).filePath(QStringLiteral("1700000000005-SchemaApi.sql")));
    ASSERT_TRUE(schemaApi.open(QIODevice::ReadOnly));
    EXPECT_TRUE(schemaApi.readAll().contains("CHK_920955444e2ae519fe153b7256"));
    EXPECT_EQ(
        import({ samples(), target, QStringLiteral("--typeorm-version"), QStringLiteral("2") }).exitCode, 2);

    EXPECT_EQ(import({ samples() }).exitCode, 2);
    EXPECT_EQ(import({ dest.filePath(QStringLiteral("missing")), target }).exitCode, 1);
    EXPECT_EQ(import({ QStringLiteral("status"), QStringLiteral("--force") }).exitCode, 2);
}

TEST(ImportTypeOrmCli, ConvertedMigrationsRunUpAndDownWithStrata)
{
    STRATA_REQUIRE_CLUSTER();
    QTemporaryDir source;
    QTemporaryDir dest;
    ASSERT_TRUE(source.isValid() && dest.isValid());
    ASSERT_TRUE(writeFile(source.filePath(QStringLiteral("1700000000000-UuidExtension.ts")),
        "import { MigrationInterface, QueryRunner } from 'typeorm';\n"
        "export class UuidExtension1700000000000 implements MigrationInterface {\n"
        "    public async up(queryRunner: QueryRunner): Promise<void> {\n"
        "        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\"`);\n"
        "    }\n"
        "    public async down(queryRunner: QueryRunner): Promise<void> {\n"
        "        await queryRunner.query(`DROP EXTENSION \"uuid-ossp\"`);\n"
        "    }\n"
        "}\n"));
    for (const char *name :
        { "1700000000001-Generated.ts", "1700000000002-Strings.ts", "1700000000005-SchemaApi.ts" })
        ASSERT_TRUE(copySample(QLatin1String(name), source.path()));
    const CliResult imported = import({ source.path(), dest.path() });
    ASSERT_EQ(imported.exitCode, 0) << imported.describe();
    EXPECT_TRUE(imported.out.contains(QStringLiteral("4 converted, 0 not converted.")))
        << imported.describe();

    const ConnectionSettings settings = TestCluster::freshDatabase(QStringLiteral("importtypeorm"));
    const CliResult up
        = CliProcess::run({ QStringLiteral("up"), QStringLiteral("--migrations"), dest.path() }, settings);
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    DbProbe probe(settings);
    ASSERT_TRUE(probe.ok());
    // The history carries TypeORM's names, so TypeORM sees them as its own.
    EXPECT_EQ(probe.column("SELECT name FROM migrations ORDER BY id"),
        QStringList({ QStringLiteral("UuidExtension1700000000000"), QStringLiteral("Generated1700000000001"),
            QStringLiteral("Strings1700000000002"), QStringLiteral("SchemaApi1700000000005") }));
    EXPECT_EQ(probe.scalar("SELECT body FROM notes WHERE id = 3"), QStringLiteral("concatenated parts"));
    EXPECT_EQ(
        probe.scalar("SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint WHERE conrelid = "
                     "'posts'::regclass"),
        QStringLiteral("CHK_e12ffc5cff4ab19ff17eacb229,FK_312c63be865c81b922e39c2475e,FK_posts_author,"
                       "PK_2829ac61eff60fcec60d7274b9e,UQ_2d82eb2bb2ddd7a6bfac8804d8a"));
    EXPECT_EQ(probe.scalar("SELECT col_description(attrelid, attnum) FROM pg_attribute WHERE attrelid = "
                           "'posts'::regclass AND attname = 'note'"),
        QStringLiteral("it's free"));

    const CliResult down
        = CliProcess::run({ QStringLiteral("down"), QStringLiteral("--count"), QStringLiteral("4"),
                              QStringLiteral("--migrations"), dest.path() },
            settings);
    ASSERT_EQ(down.exitCode, 0) << down.describe();
    EXPECT_FALSE(probe.tableExists(QStringLiteral("posts")));
    EXPECT_FALSE(probe.tableExists(QStringLiteral("notes")));
    EXPECT_EQ(probe.historyCount(), 0);
}
