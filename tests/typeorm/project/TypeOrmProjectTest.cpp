// Reading a TypeORM project's data source without Node: the connection, the
// migrations globs, the history table and the transaction mode, and reporting
// (never guessing) what cannot be known statically.
#include "typeorm/TypeOrmProject.h"
#include "migration/MigrationSource.h"
#include "typeorm/TypeOrmImporter.h"
#include "typeorm/TypeOrmMigrationSource.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

class TypeOrmProjectTest : public ::testing::Test
{
protected:
    QString write(const QString &relative, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(relative);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        EXPECT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
        return path;
    }
    static QProcessEnvironment env(std::initializer_list<std::pair<const char *, const char *>> values)
    {
        QProcessEnvironment e;
        for (const auto &[k, v] : values)
            e.insert(QLatin1String(k), QLatin1String(v));
        return e;
    }
    static QString notesText(const TypeOrmProject &p)
    {
        QString all;
        for (const TypeOrmProblem &n : p.notes())
            all += n.toString() + QLatin1Char('\n');
        return all;
    }
    QString folder() const { return m_dir.path(); }

    QTemporaryDir m_dir;
};

// The seed's data source, as its projects write it.
const QByteArray seedDataSource = R"ts(import { DataSource } from 'typeorm';
import { config } from 'dotenv';
import { LogEntryEntity } from './logging/entities/log-entry.entity';

config(); // Load .env

export const AppDataSource = new DataSource({
  type: 'postgres',
  host: process.env.DB_HOST || 'localhost',
  port: parseInt(process.env.DB_PORT || '5433'),
  username: process.env.DB_USERNAME || 'research_agent',
  password: process.env.DB_PASSWORD!,
  database: process.env.DB_DATABASE || 'research_agent_db',
  entities: [LogEntryEntity],
  migrations: [__dirname + '/migrations/*.ts'],
  logging: process.env.NODE_ENV === 'development',
});
)ts";

} // namespace

TEST_F(TypeOrmProjectTest, SeedDataSourceWithDefaults)
{
    write(QStringLiteral("src/data-source.ts"), seedDataSource);
    write(QStringLiteral("src/migrations/1700000000000-Initial.ts"), "export class Initial1700000000000 {}");
    Result<TypeOrmProject> p = TypeOrmProject::open(folder(), QProcessEnvironment());
    ASSERT_TRUE(p) << p.error().toString().toStdString();
    EXPECT_EQ(p->configFile(), QDir(folder()).filePath(QStringLiteral("src/data-source.ts")));
    EXPECT_EQ(p->databaseType(), QStringLiteral("postgres"));
    EXPECT_EQ(p->connection().host, QStringLiteral("localhost"));
    EXPECT_EQ(p->connection().port, 5433);
    EXPECT_EQ(p->connection().user, QStringLiteral("research_agent"));
    EXPECT_EQ(p->connection().database, QStringLiteral("research_agent_db"));
    EXPECT_TRUE(p->connection().password.isEmpty());
    EXPECT_EQ(
        p->migrationGlobs(), QStringList { QDir(folder()).filePath(QStringLiteral("src/migrations/*.ts")) });
    EXPECT_EQ(p->migrationFiles(),
        QStringList { QDir(folder()).filePath(QStringLiteral("src/migrations/1700000000000-Initial.ts")) });
    EXPECT_EQ(p->history().table, QStringLiteral("migrations"));
    EXPECT_TRUE(p->history().schema.isEmpty());
    EXPECT_EQ(p->transactionMode(), TypeOrmProject::TransactionMode::Unspecified);
    // The password is unset and has no default: nothing to note (libpq asks
    // PGPASSWORD / ~/.pgpass); entities and logging are not Strata's business.
    EXPECT_TRUE(p->notes().isEmpty()) << notesText(*p).toStdString();
}

TEST_F(TypeOrmProjectTest, DotEnvIsReadAndTheProcessEnvironmentWins)
{
    write(QStringLiteral("src/data-source.ts"), seedDataSource);
    write(QStringLiteral(".env"),
        "DB_HOST=db.internal\nDB_PORT=6543\nDB_USERNAME=app\nDB_PASSWORD='s3cret pw'\nDB_DATABASE=appdb\n");
    Result<TypeOrmProject> fromFile = TypeOrmProject::open(folder(), QProcessEnvironment());
    ASSERT_TRUE(fromFile);
    EXPECT_EQ(fromFile->envFile(), QDir(folder()).filePath(QStringLiteral(".env")));
    EXPECT_EQ(fromFile->connection().host, QStringLiteral("db.internal"));
    EXPECT_EQ(fromFile->connection().port, 6543);
    EXPECT_EQ(fromFile->connection().user, QStringLiteral("app"));
    EXPECT_EQ(fromFile->connection().password, QStringLiteral("s3cret pw"));
    EXPECT_EQ(fromFile->connection().database, QStringLiteral("appdb"));
    EXPECT_FALSE(fromFile->connection().describe().contains(QLatin1String("s3cret")));

    // dotenv does not override variables the process already has; neither does Strata.
    Result<TypeOrmProject> fromEnv
        = TypeOrmProject::open(folder(), env({ { "DB_HOST", "/run/pg" }, { "DB_PORT", "7000" } }));
    ASSERT_TRUE(fromEnv);
    EXPECT_EQ(fromEnv->connection().host, QStringLiteral("/run/pg"));
    EXPECT_EQ(fromEnv->connection().port, 7000);
    EXPECT_EQ(fromEnv->connection().user, QStringLiteral("app"));
}

TEST_F(TypeOrmProjectTest, WithoutDotenvTheEnvFileIsNotRead)
{
    QByteArray source = seedDataSource;
    source.replace("import { config } from 'dotenv';\n", "");
    source.replace("config(); // Load .env\n", "");
    write(QStringLiteral("src/data-source.ts"), source);
    write(QStringLiteral(".env"), "DB_HOST=db.internal\n");
    Result<TypeOrmProject> p = TypeOrmProject::open(folder(), QProcessEnvironment());
    ASSERT_TRUE(p);
    EXPECT_TRUE(p->envFile().isEmpty());
    EXPECT_EQ(p->connection().host, QStringLiteral("localhost"));
}

TEST_F(TypeOrmProjectTest, OtherForms)
{
    write(QStringLiteral("src/config/data-source.ts"), R"ts(import 'dotenv/config';
import * as path from 'path';
import { DataSource, DataSourceOptions } from 'typeorm';

const options: DataSourceOptions = {
  type: "postgres",
  host: process.env.PGHOST_X ?? "db",
  port: Number(process.env["DB_PORT"] ?? 5432),
  username: `app`,
  password: process.env.DB_PASSWORD as string,
  database: process.env.DB_NAME ?? 'fallback',
  schema: 'app',
  migrationsTableName: 'typeorm_migrations',
  migrationsTransactionMode: 'each',
  migrations: [path.join(__dirname, '..', 'migrations', '*{.ts,.js}'), 'db/extra/**/*.ts'],
};
export default new DataSource(options);
)ts");
    write(QStringLiteral(".env"), "DB_NAME=\nDB_PASSWORD=pw\n");
    Result<TypeOrmProject> p = TypeOrmProject::open(folder(), QProcessEnvironment());
    ASSERT_TRUE(p) << p.error().toString().toStdString();
    EXPECT_TRUE(p->configFile().endsWith(QLatin1String("src/config/data-source.ts")));
    EXPECT_EQ(p->connection().host, QStringLiteral("db"));
    EXPECT_EQ(p->connection().port, 5432);
    EXPECT_EQ(p->connection().user, QStringLiteral("app"));
    EXPECT_EQ(p->connection().password, QStringLiteral("pw"));
    // `??` keeps an empty string; only undefined falls through.
    EXPECT_EQ(p->connection().database, QString());
    EXPECT_EQ(p->history().schema, QStringLiteral("app"));
    EXPECT_EQ(p->history().table, QStringLiteral("typeorm_migrations"));
    EXPECT_EQ(p->transactionMode(), TypeOrmProject::TransactionMode::Each);
    const QDir root(folder());
    EXPECT_EQ(p->migrationGlobs(),
        (QStringList { root.filePath(QStringLiteral("src/migrations/*.ts")),
            root.filePath(QStringLiteral("src/migrations/*.js")),
            root.filePath(QStringLiteral("db/extra/**/*.ts")) }));
    write(QStringLiteral("src/migrations/1700000000001-B.js"), "");
    write(QStringLiteral("src/migrations/1700000000000-A.ts"), "");
    write(QStringLiteral("src/migrations/1700000000000-A.d.ts"), "");
    write(QStringLiteral("src/migrations/readme.md"), "");
    write(QStringLiteral("db/extra/x/y/1700000000002-C.ts"), "");
    write(QStringLiteral("db/extra/1700000000003-D.ts"), "");
    EXPECT_EQ(p->migrationFiles(),
        (QStringList { root.filePath(QStringLiteral("src/migrations/1700000000000-A.ts")),
            root.filePath(QStringLiteral("src/migrations/1700000000001-B.js")),
            root.filePath(QStringLiteral("db/extra/x/y/1700000000002-C.ts")),
            root.filePath(QStringLiteral("db/extra/1700000000003-D.ts")) }));
}

TEST_F(TypeOrmProjectTest, WhatCannotBeKnownIsNotedNotGuessed)
{
    write(QStringLiteral("src/data-source.ts"), R"ts(import { DataSource } from 'typeorm';
import { settings } from './settings';
import { Initial1700000000000 } from './migrations/1700000000000-Initial';

export const AppDataSource = new DataSource({
  ...settings.base,
  type: 'postgres',
  host: settings.host,
  port: process.env.DB_PORT ? parseInt(process.env.DB_PORT) : 5432,
  password: getSecret('db'),
  database: `app_${process.env.NODE_ENV}`,
  migrationsTableName,
  migrations: [Initial1700000000000],
});
)ts");
    Result<TypeOrmProject> p = TypeOrmProject::open(folder(), QProcessEnvironment());
    ASSERT_TRUE(p);
    const QString notes = notesText(*p);
    EXPECT_TRUE(p->connection().host.isEmpty());
    EXPECT_EQ(p->connection().port, 0);
    EXPECT_TRUE(p->connection().database.isEmpty());
    EXPECT_TRUE(p->migrationGlobs().isEmpty());
    EXPECT_EQ(p->history().table, QStringLiteral("migrations"));
    for (const char *expected : { "data-source.ts:6:3: `...settings.base` spreads options",
             "data-source.ts:8:3: host: `settings.host` cannot be known",
             "data-source.ts:9:3: port: `process.env",
             "data-source.ts:10:3: password: its expression cannot be known",
             "data-source.ts:11:3: database: `",
             "data-source.ts:12:3: the shorthand property `migrationsTableName`",
             "data-source.ts:13:3: migrations: an entry of `[Initial1700000000000]`",
             "no migrations glob could be read" })
        EXPECT_TRUE(notes.contains(QString::fromUtf8(expected))) << "missing: " << expected << "\nin:\n"
                                                                 << notes.toStdString();
    // A password expression's source text is never repeated (issue 14).
    EXPECT_FALSE(notes.contains(QLatin1String("getSecret"))) << notes.toStdString();
}

TEST_F(TypeOrmProjectTest, PasswordValuesNeverAppearInNotes)
{
    write(QStringLiteral("data-source.ts"), R"ts(import 'dotenv/config';
import { DataSource } from 'typeorm';
export default new DataSource({ type: 'postgres', password: process.env.DB_PASSWORD, port: process.env.DB_PASSWORD });
)ts");
    write(QStringLiteral(".env"), "DB_PASSWORD=hunter2-xyz\n");
    Result<TypeOrmProject> p = TypeOrmProject::open(folder(), QProcessEnvironment());
    ASSERT_TRUE(p);
    EXPECT_EQ(p->connection().password, QStringLiteral("hunter2-xyz"));
    // The port note quotes the value it could not use: an expression that reads
    // the password is still the password, so the note must not hold it either.
    EXPECT_FALSE(notesText(*p).contains(QLatin1String("hunter2"))) << notesText(*p).toStdString();
}

TEST_F(TypeOrmProjectTest, FindsTheConfigTheScriptsUse)
{
    write(QStringLiteral("src/data-source.ts"), seedDataSource);
    write(QStringLiteral("src/db/cli-data-source.ts"), seedDataSource);
    write(QStringLiteral("package.json"),
        R"({"scripts": {"typeorm": "typeorm-ts-node-commonjs", "migration:run": "npm run typeorm migration:run -- -d src/db/cli-data-source.ts"}})");
    EXPECT_EQ(TypeOrmProject::findConfigFile(folder()),
        QDir(folder()).filePath(QStringLiteral("src/db/cli-data-source.ts")));
}

TEST_F(TypeOrmProjectTest, FindsNestedDataSourceAndOrmConfig)
{
    EXPECT_TRUE(TypeOrmProject::findConfigFile(folder()).isEmpty());
    Result<TypeOrmProject> none = TypeOrmProject::open(folder());
    ASSERT_FALSE(none);
    EXPECT_TRUE(none.error().message.contains(QLatin1String("no TypeORM data source found")));

    write(QStringLiteral("ormconfig.json"),
        R"({"type": "postgres", "host": "h", "port": 5555, "username": "u", "database": "d",
            "migrationsTableName": "mig", "migrations": ["dist/migrations/*.js"]})");
    EXPECT_EQ(
        TypeOrmProject::findConfigFile(folder()), QDir(folder()).filePath(QStringLiteral("ormconfig.json")));
    Result<TypeOrmProject> json = TypeOrmProject::open(folder());
    ASSERT_TRUE(json);
    EXPECT_EQ(json->connection().port, 5555);
    EXPECT_EQ(json->history().table, QStringLiteral("mig"));
    EXPECT_EQ(json->migrationGlobs(),
        QStringList { QDir(folder()).filePath(QStringLiteral("dist/migrations/*.js")) });

    // A data source beats the older ormconfig; the TypeScript source beats dist/.
    write(QStringLiteral("dist/database/data-source.js"), seedDataSource);
    write(QStringLiteral("node_modules/x/data-source.ts"), seedDataSource);
    EXPECT_EQ(TypeOrmProject::findConfigFile(folder()),
        QDir(folder()).filePath(QStringLiteral("dist/database/data-source.js")));
    write(QStringLiteral("app/database/data-source.ts"), seedDataSource);
    EXPECT_EQ(TypeOrmProject::findConfigFile(folder()),
        QDir(folder()).filePath(QStringLiteral("app/database/data-source.ts")));
}

TEST_F(TypeOrmProjectTest, OrmConfigEnv)
{
    write(QStringLiteral("ormconfig.env"),
        "TYPEORM_CONNECTION=postgres\nTYPEORM_HOST=h\nTYPEORM_PORT=5439\nTYPEORM_USERNAME=u\nTYPEORM_"
        "PASSWORD=p\n"
        "TYPEORM_DATABASE=d\nTYPEORM_MIGRATIONS=src/migration/*.ts\nTYPEORM_MIGRATIONS_TABLE_NAME=hist\n");
    Result<TypeOrmProject> p = TypeOrmProject::open(folder(), env({ { "TYPEORM_HOST", "override" } }));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->connection().host, QStringLiteral("override"));
    EXPECT_EQ(p->connection().port, 5439);
    EXPECT_EQ(p->connection().password, QStringLiteral("p"));
    EXPECT_EQ(p->history().table, QStringLiteral("hist"));
    EXPECT_EQ(
        p->migrationGlobs(), QStringList { QDir(folder()).filePath(QStringLiteral("src/migration/*.ts")) });
}

TEST_F(TypeOrmProjectTest, BracesExpand)
{
    EXPECT_EQ(TypeOrmProject::expandBraces(QStringLiteral("a/*{.ts,.js}")),
        (QStringList { QStringLiteral("a/*.ts"), QStringLiteral("a/*.js") }));
    EXPECT_EQ(TypeOrmProject::expandBraces(QStringLiteral("{x,y}/*.{ts,js}")).size(), 4);
    EXPECT_EQ(TypeOrmProject::expandBraces(QStringLiteral("plain")), QStringList { QStringLiteral("plain") });
}

// Issue 14, crafted input: `status` reads the data source of whatever
// repository it is run in, so a cloned one must not crash, hang or exhaust
// memory. Each case is read to the end with a note naming its place.
namespace {

QByteArray dataSourceWith(const QString &options)
{
    return (QStringLiteral("import { DataSource } from 'typeorm';\n"
                           "export default new DataSource({\n"
                           "  type: 'postgres',\n"
                           "  %1\n"
                           "});\n")
                .arg(options))
        .toUtf8();
}

} // namespace

TEST_F(TypeOrmProjectTest, CraftedDeepNestingInThePasswordIsANoteNotACrash)
{
    const int n = 20000;
    write(QStringLiteral("data-source.ts"),
        dataSourceWith(QStringLiteral("password: ") + QString(n, QLatin1Char('(')) + QStringLiteral("'x'")
            + QString(n, QLatin1Char(')')) + QStringLiteral(",\n  migrations: ['m/*.ts'],")));
    Result<TypeOrmProject> p = TypeOrmProject::open(folder(), QProcessEnvironment());
    ASSERT_TRUE(p) << p.error().toString().toStdString();
    EXPECT_TRUE(p->connection().password.isEmpty());
    EXPECT_TRUE(notesText(*p).contains(QLatin1String("data-source.ts:4:3: password:")))
        << notesText(*p).left(2000).toStdString();
    // What follows the deep value is still read.
    EXPECT_EQ(p->migrationGlobs(), QStringList { QDir(folder()).filePath(QStringLiteral("m/*.ts")) });
}

TEST_F(TypeOrmProjectTest, CraftedDeepTemplatesAreANoteWithTheirPlace)
{
    const int n = 20000;
    write(QStringLiteral("data-source.ts"),
        dataSourceWith(QStringLiteral("password: ") + QStringLiteral("`${").repeated(n) + QStringLiteral("x")
            + QStringLiteral("}`").repeated(n) + QLatin1Char(',')));
    Result<TypeOrmProject> p = TypeOrmProject::open(folder(), QProcessEnvironment());
    ASSERT_TRUE(p) << p.error().toString().toStdString();
    EXPECT_TRUE(notesText(*p).contains(QLatin1String("data-source.ts:4:")))
        << notesText(*p).left(2000).toStdString();
    EXPECT_TRUE(notesText(*p).contains(QLatin1String("nested more than")))
        << notesText(*p).left(2000).toStdString();
}

TEST_F(TypeOrmProjectTest, CraftedBraceGlobIsRefusedNotExpanded)
{
    // 2^26 patterns: expanding them took 4.4 GB before the limit.
    write(QStringLiteral("data-source.ts"),
        dataSourceWith(QStringLiteral("migrations: ['m/") + QStringLiteral("{a,b}").repeated(26)
            + QStringLiteral("*.ts', 'n/*.ts'],")));
    Result<TypeOrmProject> p = TypeOrmProject::open(folder(), QProcessEnvironment());
    ASSERT_TRUE(p) << p.error().toString().toStdString();
    EXPECT_TRUE(
        notesText(*p).contains(QLatin1String("data-source.ts:4:3: migrations: a glob expands to more than")))
        << notesText(*p).toStdString();
    EXPECT_EQ(p->migrationGlobs(), QStringList { QDir(folder()).filePath(QStringLiteral("n/*.ts")) });
    EXPECT_TRUE(TypeOrmProject::expandBraces(QStringLiteral("{a,b}").repeated(26)).isEmpty());
    EXPECT_EQ(TypeOrmProject::expandBraces(QStringLiteral("{a,b}").repeated(8)).size(), 256);
}

TEST_F(TypeOrmProjectTest, CraftedGlobOutsideTheProjectIsNotSearched)
{
    // A migration beside the project folder, where `../` leads.
    write(QStringLiteral("outside/1700000000000-Outside.ts"), "export class Outside1700000000000 {}");
    const QString project = m_dir.filePath(QStringLiteral("a/b"));
    QDir().mkpath(project);
    write(QStringLiteral("a/b/m/1700000000001-Inside.ts"), "export class Inside1700000000001 {}");
    write(QStringLiteral("a/b/data-source.ts"),
        dataSourceWith(QStringLiteral("migrations: [__dirname + '/../../**/*.ts', __dirname + '/m/*.ts'],")));
    Result<TypeOrmProject> p = TypeOrmProject::open(project, QProcessEnvironment());
    ASSERT_TRUE(p) << p.error().toString().toStdString();
    EXPECT_TRUE(notesText(*p).contains(QLatin1String("reaches outside the project folder")))
        << notesText(*p).toStdString();
    EXPECT_EQ(p->migrationFiles(),
        QStringList { QDir(project).filePath(QStringLiteral("m/1700000000001-Inside.ts")) });

    // Nor through a link in the project that points out of it.
    ASSERT_TRUE(QFile::link(
        m_dir.filePath(QStringLiteral("outside")), QDir(project).filePath(QStringLiteral("out"))));
    write(QStringLiteral("a/b/data-source.ts"),
        dataSourceWith(QStringLiteral("migrations: ['out/**/*.ts', 'm/*.ts'],")));
    p = TypeOrmProject::open(project, QProcessEnvironment());
    ASSERT_TRUE(p) << p.error().toString().toStdString();
    EXPECT_TRUE(notesText(*p).contains(QLatin1String("leads outside the project folder through a link")))
        << notesText(*p).toStdString();
    EXPECT_EQ(p->migrationFiles(),
        QStringList { QDir(project).filePath(QStringLiteral("m/1700000000001-Inside.ts")) });
}

TEST_F(TypeOrmProjectTest, CraftedRepeatedConfigCallsAreReadInOnePass)
{
    // Every unclosed `config(` scanned to the end of the file (quadratic).
    write(QStringLiteral("data-source.ts"),
        QByteArray("import { config } from 'dotenv';\n") + QByteArray("config(").repeated(200000));
    Result<TypeOrmProject> p = TypeOrmProject::open(folder(), QProcessEnvironment());
    ASSERT_TRUE(p) << p.error().toString().toStdString();
    EXPECT_TRUE(notesText(*p).contains(QLatin1String("no migrations glob")))
        << notesText(*p).left(2000).toStdString();
}

TEST_F(TypeOrmProjectTest, CraftedRepeatedNamedDataSourcesAreReadInOnePass)
{
    // Every `new DataSource(x)` searched the whole file for `x = {`
    // (quadratic: 20,000 of them ran for minutes).
    write(QStringLiteral("data-source.ts"),
        QByteArray("import { DataSource } from 'typeorm';\n")
            + QByteArray("new DataSource(x);\n").repeated(50000));
    Result<TypeOrmProject> p = TypeOrmProject::open(folder(), QProcessEnvironment());
    ASSERT_TRUE(p) << p.error().toString().toStdString();
    EXPECT_TRUE(notesText(*p).contains(QLatin1String("no `new DataSource({...})` options object found")))
        << notesText(*p).left(2000).toStdString();
}

TEST_F(TypeOrmProjectTest, CraftedLongConcatenationIsReadInOnePass)
{
    const int n = 200000;
    write(QStringLiteral("data-source.ts"),
        dataSourceWith(
            QStringLiteral("database: 'd'") + QStringLiteral(" + 'x'").repeated(n) + QLatin1Char(',')));
    Result<TypeOrmProject> p = TypeOrmProject::open(folder(), QProcessEnvironment());
    ASSERT_TRUE(p) << p.error().toString().toStdString();
    EXPECT_EQ(p->connection().database, QStringLiteral("d") + QString(n, QLatin1Char('x')));
}

namespace {

const QByteArray runnable = R"ts(import { MigrationInterface, QueryRunner } from "typeorm";

export class AddUsers1700000000000 implements MigrationInterface {
    name = 'AddUsers1700000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "users" ("id" SERIAL NOT NULL, CONSTRAINT "PK_users" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_users" ON "users" ("id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "users"`);
    }
}
)ts";

const QByteArray parameterized = R"ts(import { MigrationInterface, QueryRunner } from "typeorm";

export class SeedRoles1700000000001 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`INSERT INTO "roles"("name") VALUES ($1)`, ['admin']);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DELETE FROM "roles"`);
    }
}
)ts";

} // namespace

TEST_F(TypeOrmProjectTest, MigrationSourceReadsTypeOrmFiles)
{
    write(QStringLiteral("src/data-source.ts"), seedDataSource);
    write(QStringLiteral("src/migrations/1700000000000-AddUsers.ts"), runnable);
    write(QStringLiteral("src/migrations/1700000000001-SeedRoles.ts"), parameterized);
    write(QStringLiteral("src/migrations/helpers.ts"), "export const x = 1;\n");
    Result<TypeOrmProject> p = TypeOrmProject::open(folder(), QProcessEnvironment());
    ASSERT_TRUE(p);
    Result<MigrationSource::Scan> scan = TypeOrmMigrationSource::scan(*p);
    ASSERT_TRUE(scan) << scan.error().toString().toStdString();
    ASSERT_EQ(scan->migrations.size(), 2);
    // helpers.ts holds no migration class: a problem naming it, as a malformed .sql is.
    ASSERT_EQ(scan->problems.size(), 1);
    EXPECT_TRUE(scan->problems.first().file.endsWith(QLatin1String("helpers.ts")))
        << scan->problems.first().toString().toStdString();

    const Migration &users = scan->migrations[0];
    EXPECT_EQ(users.historyName(), QStringLiteral("AddUsers1700000000000"));
    EXPECT_EQ(users.timestamp, 1700000000000);
    EXPECT_TRUE(users.filePath.endsWith(QLatin1String("src/migrations/1700000000000-AddUsers.ts")));
    EXPECT_TRUE(users.transactional);
    EXPECT_TRUE(users.refusal.isEmpty());
    EXPECT_TRUE(users.up.sql.contains("CREATE TABLE \"users\""));
    EXPECT_TRUE(users.up.sql.contains("CREATE INDEX \"IDX_users\""));
    EXPECT_TRUE(users.down.sql.contains("DROP TABLE \"users\""));
    EXPECT_FALSE(users.checksum.isEmpty());

    const Migration &roles = scan->migrations[1];
    EXPECT_EQ(roles.historyName(), QStringLiteral("SeedRoles1700000000001"));
    EXPECT_TRUE(roles.refusal.contains(QLatin1String("parameters"))) << roles.refusal.toStdString();
    EXPECT_EQ(roles.refusalLine, 5);

    // The checksum is the one `import-typeorm` gives the converted file, so a
    // project that converts later sees its applied migrations as unchanged.
    QTemporaryDir converted;
    Result<TypeOrmImporter::Report> report = TypeOrmImporter::importFolder(
        m_dir.filePath(QStringLiteral("src/migrations")), converted.path(), false);
    ASSERT_TRUE(report);
    Result<MigrationSource::Scan> native = MigrationSource::scan(converted.path());
    ASSERT_TRUE(native);
    ASSERT_EQ(native->migrations.size(), 1);
    EXPECT_EQ(native->migrations.first().historyName(), users.historyName());
    EXPECT_EQ(native->migrations.first().checksum, users.checksum);
}
