#include "typeorm/TypeOrmMigrationReader.h"
#include "common/TextPosition.h"
#include "lint/LintContext.h"
#include "lint/MigrationLinter.h"
#include "sql/SqlScript.h"
#include "typeorm/JsTokenizer.h"
#include "typeorm/TypeOrmImporter.h"
#include "typeorm/TypeOrmMigrationSource.h"
#include "typeorm/TypeOrmSchemaTranslator.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

QString sample(const char *name)
{
    return QStringLiteral(STRATA_SOURCE_DIR "/tests/typeorm/samples/") + QLatin1String(name);
}

TypeOrmMigrationFile readSample(const char *name)
{
    const Result<TypeOrmMigrationFile> r = TypeOrmMigrationReader::read(sample(name));
    EXPECT_TRUE(r.ok()) << (r.ok() ? std::string() : r.error().toString().toStdString());
    return r.ok() ? r.value() : TypeOrmMigrationFile();
}

QStringList sqlOf(const QList<TypeOrmQuery> &queries)
{
    QStringList out;
    for (const TypeOrmQuery &q : queries)
        out.append(q.sql);
    return out;
}

QString problemsOf(const TypeOrmMigrationFile &f)
{
    QStringList out;
    for (const TypeOrmProblem &p : f.problems)
        out.append(p.toString());
    return out.join(QLatin1Char('\n'));
}

#define EXPECT_QSTR_EQ(a, b) EXPECT_EQ(QString(a).toStdString(), QString(b).toStdString())

// Statement lists compared one by one, so a failure shows the text.
void expectStatements(const QList<TypeOrmQuery> &actual, const QStringList &expected)
{
    EXPECT_EQ(actual.size(), expected.size());
    for (qsizetype i = 0; i < qMin(actual.size(), expected.size()); ++i)
        EXPECT_EQ(actual.at(i).sql.toStdString(), expected.at(i).toStdString()) << "statement " << i;
}

} // namespace

TEST(JsTokenizer, StringsTemplatesCommentsAndRegExps)
{
    JsTokenizer t(
        QStringLiteral("a /* x */ 'b\\'c' // q\n \"d\\u0041\\x42\" `e\\`${f + `g${h}`}` / 2; x = /[/]`/g"));
    const QList<JsToken> tokens = t.tokenize();
    ASSERT_FALSE(t.failed()) << t.error().toStdString();
    ASSERT_EQ(tokens.size(), 11);
    EXPECT_QSTR_EQ(tokens.at(1).value, QStringLiteral("b'c"));
    EXPECT_QSTR_EQ(tokens.at(2).value, QStringLiteral("dAB"));
    EXPECT_TRUE(tokens.at(2).newlineBefore);
    EXPECT_EQ(tokens.at(2).line, 2);
    EXPECT_EQ(tokens.at(3).kind, JsToken::Kind::Template);
    EXPECT_TRUE(tokens.at(3).hasSubstitution);
    EXPECT_QSTR_EQ(tokens.at(3).substitution, QStringLiteral("f + `g${h}`"));
    EXPECT_QSTR_EQ(tokens.at(4).text, QStringLiteral("/")); // division after a template
    EXPECT_EQ(tokens.at(9).kind, JsToken::Kind::RegExp);
}

TEST(JsTokenizer, UnterminatedStringIsAnErrorWithItsPosition)
{
    JsTokenizer t(QStringLiteral("x;\n  'abc\n"));
    t.tokenize();
    ASSERT_TRUE(t.failed());
    EXPECT_EQ(t.errorLine(), 2);
    EXPECT_EQ(t.errorColumn(), 3);
}

TEST(TypeOrmMigrationReader, GeneratedTypeScriptMigration)
{
    const TypeOrmMigrationFile f = readSample("1700000000001-Generated.ts");
    EXPECT_QSTR_EQ(f.className, QStringLiteral("Generated1700000000001"));
    EXPECT_QSTR_EQ(f.nameProperty, QStringLiteral("Generated1700000000001"));
    EXPECT_EQ(f.timestamp, 1700000000001);
    EXPECT_QSTR_EQ(f.name, QStringLiteral("Generated"));
    EXPECT_TRUE(f.importable()) << problemsOf(f).toStdString();
    ASSERT_EQ(f.up.size(), 2);
    EXPECT_TRUE(f.up.at(0).sql.startsWith(QStringLiteral("CREATE TABLE \"log_entries\" (\"id\" uuid")));
    EXPECT_EQ(f.up.at(0).line, 7);
    EXPECT_EQ(f.up.at(0).column, 15);
    EXPECT_QSTR_EQ(
        f.up.at(1).sql, QStringLiteral("CREATE INDEX \"IDX_log_message\" ON \"log_entries\" (\"message\") "));
    EXPECT_EQ(sqlOf(f.down),
        QStringList({ QStringLiteral("DROP INDEX \"public\".\"IDX_log_message\""),
            QStringLiteral("DROP TABLE \"log_entries\"") }));
    EXPECT_FALSE(f.transactionDisabled);
}

TEST(TypeOrmMigrationReader, QuotesEscapesConcatenationAndComments)
{
    const TypeOrmMigrationFile f = readSample("1700000000002-Strings.ts");
    EXPECT_TRUE(f.importable()) << problemsOf(f).toStdString();
    EXPECT_TRUE(f.nameProperty.isEmpty());
    EXPECT_QSTR_EQ(f.historyName(), QStringLiteral("Strings1700000000002"));
    // The comments' queryRunner.query(...) calls are not statements.
    ASSERT_EQ(f.up.size(), 5) << sqlOf(f.up).join(QStringLiteral("\n|")).toStdString();
    EXPECT_QSTR_EQ(f.up.at(0).sql,
        QStringLiteral(
            "\n            CREATE TABLE \"notes\" (\n                \"id\" integer NOT NULL,\n"
            "                \"body\" text NOT NULL DEFAULT 'it''s `quoted`'\n            )\n        "));
    EXPECT_QSTR_EQ(f.up.at(1).sql, QStringLiteral("INSERT INTO \"notes\" VALUES (1, 'single \\ quoted')"));
    EXPECT_QSTR_EQ(f.up.at(2).sql, QStringLiteral("INSERT INTO \"notes\" VALUES (2, 'tab\there')"));
    EXPECT_QSTR_EQ(f.up.at(3).sql, QStringLiteral("INSERT INTO \"notes\" VALUES (3, 'concatenated parts')"));
    EXPECT_QSTR_EQ(f.up.at(4).sql, QStringLiteral("INSERT INTO \"notes\" VALUES (4, '\u00e9A continued')"));
    EXPECT_EQ(sqlOf(f.down), QStringList({ QStringLiteral("DROP TABLE \"notes\"") }));
}

TEST(TypeOrmMigrationReader, ParametersAreShownAndMakeTheFileNotImportable)
{
    const TypeOrmMigrationFile f = readSample("1700000000003-Parameters.ts");
    EXPECT_TRUE(f.problems.isEmpty()) << problemsOf(f).toStdString();
    EXPECT_FALSE(f.importable());
    ASSERT_EQ(f.up.size(), 2);
    EXPECT_TRUE(f.up.at(0).hasParameters);
    EXPECT_EQ(f.up.at(0).parameters, QStringList({ QStringLiteral("'theme'"), QStringLiteral("42") }));
    EXPECT_EQ(f.up.at(1).parameters, QStringList({ QStringLiteral("process.env.DEFAULT_VALUE") }));
    EXPECT_FALSE(f.down.at(0).hasParameters);
    const Result<QString> sql = TypeOrmImporter::toStrataSql(f);
    ASSERT_FALSE(sql.ok());
    EXPECT_EQ(sql.error().line, 5);
    EXPECT_TRUE(sql.error().message.contains(QStringLiteral("['theme', 42]")))
        << sql.error().message.toStdString();
}

TEST(TypeOrmMigrationReader, SubstitutionsAndOtherStatementsAreProblemsWithTheirLines)
{
    const TypeOrmMigrationFile f = readSample("1700000000004-Substitution.ts");
    EXPECT_FALSE(f.importable());
    ASSERT_EQ(f.problems.size(), 3) << problemsOf(f).toStdString();
    EXPECT_EQ(f.problems.at(0).line, 7);
    EXPECT_EQ(f.problems.at(0).column, 33);
    EXPECT_TRUE(f.problems.at(0).message.contains(QStringLiteral("`${TABLE}`")))
        << problemsOf(f).toStdString();
    EXPECT_EQ(f.problems.at(1).line, 8); // const rows = await ...
    EXPECT_EQ(f.problems.at(2).line, 9); // the for loop
    EXPECT_TRUE(f.up.isEmpty());
    EXPECT_EQ(f.down.size(), 1);
    EXPECT_TRUE(f.problems.at(0).toString().startsWith(
        sample("1700000000004-Substitution.ts") + QStringLiteral(":7:33: ")));
}

TEST(TypeOrmMigrationReader, CompiledCommonJsEs2021)
{
    const TypeOrmMigrationFile f = readSample("compiled-es2021.js");
    EXPECT_QSTR_EQ(f.historyName(), QStringLiteral("AddUsers1795677368889"));
    EXPECT_EQ(f.timestamp, 1795677368889);
    EXPECT_TRUE(f.importable()) << problemsOf(f).toStdString();
    ASSERT_EQ(f.up.size(), 2);
    // `new typeorm_1.TableIndex(...)` as tsc writes it; TypeORM's own name for it.
    EXPECT_QSTR_EQ(f.up.at(1).sql,
        QStringLiteral("CREATE UNIQUE INDEX \"IDX_97672ac88f789774dd47f7c8be\" ON \"users\" (\"email\") "));
    EXPECT_EQ(f.down.size(), 1);
}

TEST(TypeOrmMigrationReader, CompiledWithAwaiterForOldTargets)
{
    const TypeOrmMigrationFile f = readSample("compiled-es2015.js");
    const TypeOrmMigrationFile modern = readSample("compiled-es2021.js");
    EXPECT_TRUE(f.importable()) << problemsOf(f).toStdString();
    EXPECT_EQ(sqlOf(f.up), sqlOf(modern.up));
    EXPECT_EQ(sqlOf(f.down), sqlOf(modern.down));
    EXPECT_QSTR_EQ(f.historyName(), modern.historyName());
}

// The expected SQL is what TypeORM 0.3.31's PostgresQueryRunner produced for the
// same calls (createTableSql, createIndexSql, createForeignKeySql, buildCreateColumnSql).
TEST(TypeOrmSchemaApi, TranslatedCallsGiveTypeOrmsSql)
{
    const TypeOrmMigrationFile f = readSample("1700000000005-SchemaApi.ts");
    EXPECT_TRUE(f.importable()) << problemsOf(f).toStdString();
    expectStatements(f.up,
        QStringList({
            QStringLiteral("CREATE TABLE \"users\" (\"id\" SERIAL NOT NULL, \"n\" bigint GENERATED BY "
                           "DEFAULT AS IDENTITY "
                           "NOT NULL, CONSTRAINT \"PK_a3ffb1c0c8416b9fc6f907b7433\" PRIMARY KEY (\"id\"))"),
            QStringLiteral(
                "CREATE TABLE \"posts\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"title\" "
                "varchar(200) "
                "NOT NULL, \"price\" numeric(10,2) NOT NULL DEFAULT 0, \"tags\" text array, \"author_id\" "
                "int NOT "
                "NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"note\" text, "
                "CONSTRAINT "
                "\"UQ_2d82eb2bb2ddd7a6bfac8804d8a\" UNIQUE (\"title\"), CONSTRAINT "
                "\"CHK_e12ffc5cff4ab19ff17eacb229\" CHECK (\"price\" >= 0), CONSTRAINT "
                "\"FK_312c63be865c81b922e39c2475e\" FOREIGN KEY (\"author_id\") REFERENCES \"users\" "
                "(\"id\") ON "
                "DELETE CASCADE, CONSTRAINT \"PK_2829ac61eff60fcec60d7274b9e\" PRIMARY KEY (\"id\"))"),
            QStringLiteral("COMMENT ON COLUMN \"posts\".\"note\" IS 'it''s free'"),
            QStringLiteral("CREATE INDEX \"IDX_312c63be865c81b922e39c2475\" ON \"posts\" (\"author_id\") "),
            QStringLiteral(
                "CREATE INDEX \"IDX_title_lower\" ON \"posts\" (\"title\") WHERE title IS NOT NULL"),
            QStringLiteral("ALTER TABLE \"users\" ADD \"email\" character varying(255) DEFAULT 'x'"),
            QStringLiteral(
                "ALTER TABLE \"posts\" ADD CONSTRAINT \"FK_posts_author\" FOREIGN KEY (\"author_id\") "
                "REFERENCES \"users\"(\"id\") ON DELETE SET NULL"),
            QStringLiteral(
                "CREATE UNIQUE INDEX \"IDX_97672ac88f789774dd47f7c8be\" ON \"users\" (\"email\") "),
        }));
    expectStatements(f.down,
        QStringList({ QStringLiteral("DROP INDEX \"IDX_97672ac88f789774dd47f7c8be\""),
            QStringLiteral("ALTER TABLE \"posts\" DROP CONSTRAINT \"FK_posts_author\""),
            QStringLiteral("DROP TABLE \"posts\""), QStringLiteral("DROP TABLE IF EXISTS \"users\"") }));
    EXPECT_EQ(f.up.at(0).line, 5);
}

TEST(TypeOrmSchemaApi, ComputedValuesAndDatabaseDependentCallsAreRefused)
{
    const TypeOrmMigrationFile f = readSample("1700000000006-SchemaRefused.ts");
    EXPECT_TRUE(f.up.isEmpty()) << sqlOf(f.up).join(QLatin1Char('\n')).toStdString();
    EXPECT_TRUE(f.down.isEmpty());
    const QStringList expected = {
        QStringLiteral(":7:71: queryRunner.createTable(...): the Table uses `cols` (the variable `cols`)"),
        QStringLiteral(":8:111: queryRunner.createTable(...): the Table uses `size` (the variable `size`)"),
        QStringLiteral(":9:109: queryRunner.createTable(...): enum columns are not translated"),
        QStringLiteral(":10:109: queryRunner.createTable(...): the argument `true` is not translated"),
        QStringLiteral(":11:46: queryRunner.addColumn(...): a primary key column is not translated"),
        QStringLiteral(
            ":12:15: queryRunner.renameColumn(...): not translated: the SQL TypeORM sends for it depends"),
        QStringLiteral(
            ":13:113: queryRunner.createTable(...): the TableColumn option `unsigned` is not translated"),
    };
    ASSERT_EQ(f.problems.size(), expected.size()) << problemsOf(f).toStdString();
    for (qsizetype i = 0; i < expected.size(); ++i)
        EXPECT_TRUE(f.problems.at(i).toString().contains(expected.at(i)))
            << f.problems.at(i).toString().toStdString() << "\nexpected: " << expected.at(i).toStdString();
    // The one in down() leaves the up runnable: it is the down's alone.
    ASSERT_EQ(f.downProblems.size(), 1);
    EXPECT_TRUE(f.downProblems.at(0).toString().contains(
        QStringLiteral(":17:15: queryRunner.dropColumn(...): not translated")))
        << f.downProblems.at(0).toString().toStdString();
}

TEST(TypeOrmMigrationReader, FileWithoutAClassIsAnError)
{
    const Result<TypeOrmMigrationFile> r = TypeOrmMigrationReader::read(sample("no-class.ts"));
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("no migration class")));
    EXPECT_FALSE(TypeOrmMigrationReader::read(sample("does-not-exist.ts")).ok());
    EXPECT_FALSE(TypeOrmMigrationReader::parse(
        QStringLiteral("class A { up(q) { q.query('x) } }"), QStringLiteral("x.ts"))
                     .ok());
}

TEST(TypeOrmMigrationReader, ClassNameWithoutTimestampIsAProblem)
{
    const TypeOrmMigrationFile f = readSample("1700000000007-NoTimestamp.ts");
    EXPECT_QSTR_EQ(f.className, QStringLiteral("AddThings"));
    EXPECT_EQ(f.timestamp, 0);
    ASSERT_EQ(f.problems.size(), 1);
    EXPECT_TRUE(f.problems.at(0).message.contains(QStringLiteral("13-digit timestamp")));
    EXPECT_EQ(f.up.size(), 1);
    EXPECT_FALSE(f.importable());
}

TEST(TypeOrmMigrationReader, TransactionFalseAndARegExpLiteral)
{
    const TypeOrmMigrationFile f = readSample("1700000000008-Concurrent.ts");
    EXPECT_TRUE(f.transactionDisabled);
    // The const statement with the regular expression is not a query runner call.
    ASSERT_EQ(f.problems.size(), 1) << problemsOf(f).toStdString();
    EXPECT_EQ(f.problems.at(0).line, 8);
    EXPECT_EQ(f.up.size(), 1);

    const Result<TypeOrmMigrationFile> compiled = TypeOrmMigrationReader::parse(
        QStringLiteral(
            "class Concurrent1700000000008 {\n  constructor() { this.name = 'Concurrent1700000000008'; "
            "this.transaction = false; }\n  async up(qr) { await qr.query(\"CREATE INDEX CONCURRENTLY i ON t "
            "(a)\"); }\n  async down(qr) { await qr.query('DROP INDEX i') "
            "}\n}\nexports.Concurrent1700000000008 "
            "= Concurrent1700000000008;\n"),
        QStringLiteral("c.js"));
    ASSERT_TRUE(compiled.ok());
    EXPECT_TRUE(compiled->transactionDisabled);
    EXPECT_TRUE(compiled->importable()) << problemsOf(compiled.value()).toStdString();
    const Result<QString> sql = TypeOrmImporter::toStrataSql(compiled.value());
    ASSERT_TRUE(sql.ok());
    EXPECT_TRUE(
        sql.value().contains(QStringLiteral("\n-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i "
                                            "ON t (a);\n\n-- migrate:down\nDROP INDEX i;\n")))
        << sql.value().toStdString();
}

TEST(TypeOrmImporter, StrataFileTextAndName)
{
    const TypeOrmMigrationFile f = readSample("1700000000001-Generated.ts");
    EXPECT_QSTR_EQ(TypeOrmImporter::strataFileName(f).value(), QStringLiteral("1700000000001-Generated.sql"));
    const Result<QString> text = TypeOrmImporter::toStrataSql(f);
    ASSERT_TRUE(text.ok());
    EXPECT_TRUE(text.value().endsWith(QStringLiteral(
        "-- migrate:up\nCREATE TABLE \"log_entries\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), "
        "\"message\" text NOT NULL, CONSTRAINT \"PK_b226cc4de5ba8c7a6f0d7a1e2b0\" PRIMARY KEY (\"id\"));\n"
        "CREATE INDEX \"IDX_log_message\" ON \"log_entries\" (\"message\");\n\n-- migrate:down\n"
        "DROP INDEX \"public\".\"IDX_log_message\";\nDROP TABLE \"log_entries\";\n")))
        << text.value().toStdString();

    // Any name TypeORM accepts has a file that records the same history row.
    TypeOrmMigrationFile lower = f;
    lower.nameProperty.clear();
    lower.className = QStringLiteral("add_users1700000000001");
    EXPECT_QSTR_EQ(
        TypeOrmImporter::strataFileName(lower).value(), QStringLiteral("1700000000001-add_users.sql"));
    TypeOrmMigrationFile refused = f;
    refused.nameProperty = QStringLiteral("AddUsers");
    EXPECT_FALSE(TypeOrmImporter::strataFileName(refused).ok());
}

TEST(TypeOrmSchemaApi, NamingStrategyHashes)
{
    // Values from TypeORM's DefaultNamingStrategy for the same input.
    EXPECT_QSTR_EQ(TypeOrmSchemaTranslator::primaryKeyName(QStringLiteral("users"), { QStringLiteral("id") }),
        QStringLiteral("PK_a3ffb1c0c8416b9fc6f907b7433"));
    EXPECT_QSTR_EQ(
        TypeOrmSchemaTranslator::primaryKeyName(QStringLiteral("migrations"), { QStringLiteral("id") }),
        QStringLiteral("PK_8c82d7f526340ab734260ea46be"));
    // TypeORM hashes the percent-encoded text (encodeURIComponent without unescape).
    EXPECT_QSTR_EQ(TypeOrmSchemaTranslator::indexName(QStringLiteral("posts"), { QStringLiteral("title") },
                       QStringLiteral("title IS NOT NULL")),
        QStringLiteral("IDX_b0e10cb96704b120d76531826a"));
    EXPECT_QSTR_EQ(
        TypeOrmSchemaTranslator::primaryKeyName(QStringLiteral("caf\u00e9"), { QStringLiteral("id") }),
        QStringLiteral("PK_d1158c627255837cc50453562d9"));
    EXPECT_QSTR_EQ(
        TypeOrmSchemaTranslator::checkName(QStringLiteral("posts"), QStringLiteral("\"price\" >= 0")),
        QStringLiteral("CHK_e12ffc5cff4ab19ff17eacb229"));
}

TEST(TypeOrmMigrationReader, NoSemicolonsCrLfLineEndingsAndAnotherRunnerName)
{
    const QString source = QStringLiteral("export class Asi1700000000009 implements MigrationInterface {\r\n"
                                          "  name = \"Asi1700000000009\"\r\n"
                                          "  async up(qr: QueryRunner) {\r\n"
                                          "    await qr.query(`SELECT 1\r\n  FROM t`)\r\n"
                                          "    await qr.query('SELECT 2')\r\n"
                                          "  }\r\n"
                                          "  async down(qr: QueryRunner) {}\r\n"
                                          "}\r\n");
    const Result<TypeOrmMigrationFile> r = TypeOrmMigrationReader::parse(source, QStringLiteral("asi.ts"));
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->importable()) << problemsOf(r.value()).toStdString();
    ASSERT_EQ(r->up.size(), 2);
    EXPECT_QSTR_EQ(r->up.at(0).sql, QStringLiteral("SELECT 1\n  FROM t")); // a template cooks CRLF to LF
    EXPECT_EQ(r->up.at(1).line, 6); // the template spans lines 4 and 5
    EXPECT_TRUE(r->down.isEmpty());
    EXPECT_QSTR_EQ(r->nameProperty, QStringLiteral("Asi1700000000009"));
}

TEST(TypeOrmMigrationReader, QueryRunnerUsedAnyOtherWayIsAProblem)
{
    const Result<TypeOrmMigrationFile> r = TypeOrmMigrationReader::parse(
        QStringLiteral("export class Other1700000000010 {\n"
                       "  async up(queryRunner) {\n"
                       "    await queryRunner.manager.query('SELECT 1');\n"
                       "    await queryRunner.query('SELECT 2').then(() => {});\n"
                       "    await queryRunner.query(sqlFor('x'));\n"
                       "    await queryRunner.query('a' + 1);\n"
                       "    if (process.env.X) { await queryRunner.query('SELECT 3') }\n"
                       "    await queryRunner.query('SELECT 4');\n"
                       "  }\n"
                       "  async down(queryRunner) { await queryRunner.startTransaction(); }\n"
                       "}\n"),
        QStringLiteral("other.js"));
    ASSERT_TRUE(r.ok());
    QList<int> lines;
    for (const TypeOrmProblem &p : r->problems)
        lines.append(p.line);
    EXPECT_EQ(lines, QList<int>({ 3, 4, 5, 6, 7 })) << problemsOf(r.value()).toStdString();
    ASSERT_EQ(r->downProblems.size(), 1);
    EXPECT_EQ(r->downProblems.at(0).line, 10);
    EXPECT_EQ(sqlOf(r->up), QStringList({ QStringLiteral("SELECT 4") }));
}

// Every prefix of every sample: the reader returns (an error or problems), it
// never hangs or crashes on a half-written file.
TEST(TypeOrmMigrationReader, TruncatedFilesNeverHangOrCrash)
{
    const QStringList names = QDir(QStringLiteral(STRATA_SOURCE_DIR "/tests/typeorm/samples"))
                                  .entryList({ QStringLiteral("*.ts"), QStringLiteral("*.js") }, QDir::Files);
    ASSERT_GE(names.size(), 10);
    int parsed = 0;
    for (const QString &name : names) {
        QFile f(QStringLiteral(STRATA_SOURCE_DIR "/tests/typeorm/samples/") + name);
        ASSERT_TRUE(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        for (qsizetype n = 0; n <= text.size(); n += 3) {
            const Result<TypeOrmMigrationFile> r = TypeOrmMigrationReader::parse(text.left(n), name);
            parsed += r.ok() ? 1 : 0;
        }
    }
    EXPECT_GT(parsed, 0);
}

// TypeORM 1.1.1's PostgresQueryRunner for the same calls: a standard SHA-1 for
// names and a second blank where a `USING method` clause would go.
TEST(TypeOrmSchemaApi, TypeOrm1Differences)
{
    const Result<TypeOrmMigrationFile> r
        = TypeOrmMigrationReader::read(sample("1700000000005-SchemaApi.ts"), TypeOrmVersion::V1);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->importable()) << problemsOf(r.value()).toStdString();
    EXPECT_EQ(r->typeOrmVersion, TypeOrmVersion::V1);
    ASSERT_EQ(r->up.size(), 8);
    EXPECT_TRUE(
        r->up.at(1).sql.contains(QStringLiteral("CONSTRAINT \"CHK_920955444e2ae519fe153b7256\" CHECK")))
        << r->up.at(1).sql.toStdString();
    EXPECT_QSTR_EQ(r->up.at(3).sql,
        QStringLiteral("CREATE INDEX \"IDX_312c63be865c81b922e39c2475\" ON \"posts\"  (\"author_id\") "));
    EXPECT_QSTR_EQ(r->up.at(4).sql,
        QStringLiteral("CREATE INDEX \"IDX_title_lower\" ON \"posts\"  (\"title\") WHERE title IS NOT NULL"));
    EXPECT_QSTR_EQ(TypeOrmSchemaTranslator::indexName(QStringLiteral("posts"), { QStringLiteral("title") },
                       QStringLiteral("title IS NOT NULL"), TypeOrmVersion::V1),
        QStringLiteral("IDX_d93096eccb8b3210ba05132978"));
    EXPECT_QSTR_EQ(TypeOrmSchemaTranslator::primaryKeyName(
                       QStringLiteral("caf\u00e9"), { QStringLiteral("id") }, TypeOrmVersion::V1),
        QStringLiteral("PK_ad180def1a5c773a4e7af26e486"));
    // Plain identifiers hash the same in both.
    EXPECT_QSTR_EQ(TypeOrmSchemaTranslator::primaryKeyName(
                       QStringLiteral("users"), { QStringLiteral("id") }, TypeOrmVersion::V1),
        QStringLiteral("PK_a3ffb1c0c8416b9fc6f907b7433"));
}

TEST(TypeOrmImporter, DetectsTheProjectsTypeOrmVersion)
{
    QTemporaryDir project;
    ASSERT_TRUE(project.isValid());
    const QDir root(project.path());
    ASSERT_TRUE(root.mkpath(QStringLiteral("src/migrations")));
    const QString migrations = root.filePath(QStringLiteral("src/migrations"));
    auto write = [&](const QString &relative, const QByteArray &text) {
        QFile f(root.filePath(relative));
        return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
    };
    EXPECT_TRUE(TypeOrmImporter::detectVersion(migrations).from.isEmpty());
    ASSERT_TRUE(
        write(QStringLiteral("package.json"), R"({"dependencies": {"pg": "^8", "typeorm": "^1.0.0"}})"));
    TypeOrmImporter::VersionGuess guess = TypeOrmImporter::detectVersion(migrations);
    EXPECT_EQ(guess.version, TypeOrmVersion::V1);
    EXPECT_TRUE(guess.from.endsWith(QStringLiteral("package.json (typeorm ^1.0.0)")))
        << guess.from.toStdString();
    // What is installed wins over what is declared.
    ASSERT_TRUE(root.mkpath(QStringLiteral("node_modules/typeorm")));
    ASSERT_TRUE(write(
        QStringLiteral("node_modules/typeorm/package.json"), R"({"name": "typeorm", "version": "0.3.28"})"));
    guess = TypeOrmImporter::detectVersion(migrations);
    EXPECT_EQ(guess.version, TypeOrmVersion::V0_3);
    EXPECT_TRUE(guess.from.endsWith(QStringLiteral("node_modules/typeorm/package.json (0.3.28)")))
        << guess.from.toStdString();
}

// Source maps: positions found in the SQL Strata composes from a TypeORM file
// are reported at the line and column of the .ts file a person edits.
namespace {

QString compatMigration(const char *name)
{
    QFile f(QStringLiteral(STRATA_SOURCE_DIR "/tests/typeorm/compat/v0.3/migrations/") + QLatin1String(name));
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << name;
    return QString::fromUtf8(f.readAll());
}

// 1-based line and column of the `occurrence`-th `needle` in `text`, as an
// editor shows them.
TextPosition positionOf(const QString &text, const QString &needle, int occurrence = 1)
{
    qsizetype at = -1;
    for (int i = 0; i < occurrence; ++i)
        at = text.indexOf(needle, at + 1);
    EXPECT_GE(at, 0) << needle.toStdString();
    return TextPosition::fromByteOffset(text.toUtf8(), text.left(at).toUtf8().size());
}

Migration migrationFrom(const QString &source, const QString &path)
{
    const Result<TypeOrmMigrationFile> read = TypeOrmMigrationReader::parse(source, path);
    EXPECT_TRUE(read.ok()) << (read.ok() ? std::string() : read.error().toString().toStdString());
    if (!read)
        return {};
    const Result<Migration> m = TypeOrmMigrationSource::toMigration(*read);
    EXPECT_TRUE(m.ok()) << (m.ok() ? std::string() : m.error().toString().toStdString());
    return m ? m.value() : Migration();
}

} // namespace

TEST(TypeOrmSourceMap, StatementsOfAGeneratedFileAreAtTheirLiterals)
{
    const QString source = compatMigration("1795676712362-Initial.ts");
    const Migration m = migrationFrom(source, QStringLiteral("/x/1795676712362-Initial.ts"));
    ASSERT_FALSE(m.sourceMap.isEmpty());
    const Result<QList<SqlStatement>> up
        = SqlScript::parse(m.up.sql, m.text, m.up.fileOffset, m.filePath, m.sourceMap);
    ASSERT_TRUE(up.ok());
    ASSERT_EQ(up->size(), 5);
    const TextPosition first = positionOf(source, QStringLiteral("CREATE TABLE \"posts\""));
    EXPECT_EQ(up->at(0).line, first.line);
    EXPECT_EQ(up->at(0).column, first.column);
    const TextPosition fk = positionOf(source, QStringLiteral("ALTER TABLE \"posts\" ADD CONSTRAINT"));
    EXPECT_EQ(up->at(4).line, fk.line);
    EXPECT_EQ(up->at(4).column, fk.column);
    const Result<QList<SqlStatement>> down
        = SqlScript::parse(m.down.sql, m.text, m.down.fileOffset, m.filePath, m.sourceMap);
    ASSERT_TRUE(down.ok());
    ASSERT_EQ(down->size(), 5);
    const TextPosition lastDrop = positionOf(source, QStringLiteral("DROP TABLE \"posts\""));
    EXPECT_EQ(down->at(4).line, lastDrop.line);
    EXPECT_EQ(down->at(4).column, lastDrop.column);
}

TEST(TypeOrmSourceMap, SyntaxErrorInAQueryStringIsAtItsTsLineAndColumn)
{
    QString source = compatMigration("1795676812812-AddUserProfile.ts");
    source.replace(QStringLiteral("ALTER TABLE \"users\" ADD \"display_name\""),
        QStringLiteral("ALTER TABLE \"users\" ADDD \"display_name\""));
    const Migration m = migrationFrom(source, QStringLiteral("/x/1795676812812-AddUserProfile.ts"));
    const Result<QList<SqlStatement>> up
        = SqlScript::parse(m.up.sql, m.text, m.up.fileOffset, m.filePath, m.sourceMap);
    ASSERT_FALSE(up.ok());
    EXPECT_NE(up.error().message.indexOf(QLatin1String("ADDD")), -1) << up.error().toString().toStdString();
    const TextPosition expected = positionOf(source, QStringLiteral("ADDD"));
    EXPECT_EQ(up.error().line, expected.line);
    EXPECT_EQ(up.error().column, expected.column);
}

TEST(TypeOrmSourceMap, LintFindingsAreAtTheirTsLineAndColumn)
{
    QString source = compatMigration("1795676928246-AddTags.ts");
    // A destructive statement added to a real generated up().
    const QString anchor = QStringLiteral("    public async up(queryRunner: QueryRunner): Promise<void> {\n");
    ASSERT_NE(source.indexOf(anchor), -1);
    source.replace(
        anchor, anchor + QStringLiteral("        await queryRunner.query(`DROP TABLE \"legacy\"`);\n"));
    const Migration m = migrationFrom(source, QStringLiteral("/x/1795676928246-AddTags.ts"));
    const LintFindingList findings = MigrationLinter::lint(m, LintContext());
    const TextPosition drop = positionOf(source, QStringLiteral("DROP TABLE \"legacy\""));
    bool found = false;
    for (const LintFinding &f : findings) {
        if (f.ruleId != QLatin1String("drop-table"))
            continue;
        found = true;
        EXPECT_EQ(f.line, drop.line);
        EXPECT_EQ(f.column, drop.column);
    }
    EXPECT_TRUE(found);
    // Every finding on a statement points into a query(...) string of the file.
    const QStringList lines = source.split(QLatin1Char('\n'));
    for (const LintFinding &f : findings) {
        if (f.line == 0)
            continue;
        ASSERT_LE(f.line, lines.size());
        const QString line = lines.at(f.line - 1);
        EXPECT_NE(line.indexOf(QLatin1String("queryRunner.query(")), -1) << f.ruleId.toStdString();
        EXPECT_TRUE(line.at(f.column - 2) == QLatin1Char('`')) << line.toStdString();
    }
}

TEST(TypeOrmSourceMap, ConcatenationsEscapesAndContinuedLinesMapPiecewise)
{
    const QString path = sample("1700000000002-Strings.ts");
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QString source = QString::fromUtf8(f.readAll());
    const Migration m = migrationFrom(source, path);
    ASSERT_FALSE(m.sourceMap.isEmpty());
    auto at = [&](const char *inText, int occurrence = 1) {
        qsizetype offset = -1;
        for (int i = 0; i < occurrence; ++i)
            offset = m.text.indexOf(inText, offset + 1);
        EXPECT_GE(offset, 0) << inText;
        return m.positionAt(offset);
    };
    // The template literal's statement starts at CREATE, after its blank line.
    const TextPosition create = positionOf(source, QStringLiteral("CREATE TABLE \"notes\""));
    EXPECT_EQ(at("CREATE TABLE").line, create.line);
    EXPECT_EQ(at("CREATE TABLE").column, create.column);
    // The second piece of a `+` concatenation is on the next line.
    const TextPosition piece = positionOf(source, QStringLiteral("concatenated"));
    EXPECT_EQ(at("concatenated").line, piece.line);
    EXPECT_EQ(at("concatenated").column, piece.column);
    // After escapes (\" \u00e9 \x41) and a line continuation.
    const TextPosition values = positionOf(source, QStringLiteral("VALUES (2,"));
    EXPECT_EQ(at("VALUES (2,").line, values.line);
    EXPECT_EQ(at("VALUES (2,").column, values.column);
    const TextPosition continued = positionOf(source, QStringLiteral("continued')"));
    EXPECT_EQ(at("continued'").line, continued.line);
    EXPECT_EQ(at("continued'").column, continued.column);
    // An empty down would be reported at down().
    const TextPosition down = positionOf(source, QStringLiteral("down(queryRunner"));
    const TextPosition marker = m.positionAt(m.text.indexOf("-- migrate:down"));
    EXPECT_EQ(marker.line, down.line);
}

TEST(TypeOrmSourceMap, NonAsciiTextBeforeAndInsideTheSqlKeepsColumnsInCharacters)
{
    const QString source = QStringLiteral(
        "// Migración: ünïcode before the class\n"
        "export class Accents1700000000009 {\n"
        "    async up(queryRunner) {\n"
        "        await queryRunner.query(\"INSERT INTO \\\"café\\\" VALUES ('ü') \" + `RETURNNING \"ß\"`);\n"
        "    }\n"
        "    async down(queryRunner) {\n"
        "        await queryRunner.query(`DELETE FROM \"café\"`);\n"
        "    }\n"
        "}\n");
    const Migration m = migrationFrom(source, QStringLiteral("/x/1700000000009-Accents.js"));
    const Result<QList<SqlStatement>> up
        = SqlScript::parse(m.up.sql, m.text, m.up.fileOffset, m.filePath, m.sourceMap);
    ASSERT_FALSE(up.ok());
    const TextPosition expected = positionOf(source, QStringLiteral("RETURNNING"));
    EXPECT_EQ(up.error().line, expected.line) << up.error().toString().toStdString();
    EXPECT_EQ(up.error().column, expected.column) << up.error().toString().toStdString();
    const Result<QList<SqlStatement>> down
        = SqlScript::parse(m.down.sql, m.text, m.down.fileOffset, m.filePath, m.sourceMap);
    ASSERT_TRUE(down.ok());
    ASSERT_EQ(down->size(), 1);
    const TextPosition deleteAt = positionOf(source, QStringLiteral("DELETE FROM"));
    EXPECT_EQ(down->at(0).line, deleteAt.line);
    EXPECT_EQ(down->at(0).column, deleteAt.column);
}

// Issue 14, crafted input: a cloned repository's migration must not crash or
// hang the reader. Deep nesting overflowed the stack; it is now a problem with
// its line, like anything else the reader cannot read.
namespace {

QString migrationWithUp(const QString &upBody)
{
    return QStringLiteral("import { MigrationInterface, QueryRunner } from 'typeorm';\n"
                          "export class Crafted1700000000000 implements MigrationInterface {\n"
                          "  async up(queryRunner: QueryRunner): Promise<void> {\n"
                          "    await queryRunner.query(%1);\n"
                          "  }\n"
                          "  async down(queryRunner: QueryRunner): Promise<void> {}\n"
                          "}\n")
        .arg(upBody);
}

TypeOrmMigrationFile parseCrafted(const QString &source)
{
    const Result<TypeOrmMigrationFile> r
        = TypeOrmMigrationReader::parse(source, QStringLiteral("/p/1700000000000-Crafted.ts"));
    EXPECT_TRUE(r.ok()) << (r.ok() ? std::string() : r.error().toString().toStdString());
    return r.ok() ? r.value() : TypeOrmMigrationFile();
}

// A problem in `problems` keeps the whole file from running, whatever was read.
void expectNestingProblemOnLine4(const TypeOrmMigrationFile &f)
{
    bool found = false;
    for (const TypeOrmProblem &p : f.problems)
        if (p.message.contains(QLatin1String("nested more than")) && p.line == 4)
            found = true;
    EXPECT_TRUE(found) << problemsOf(f).left(2000).toStdString();
}

} // namespace

TEST(TypeOrmMigrationReaderCrafted, DeeplyNestedParenthesesAreAProblemNotACrash)
{
    const int n = 8000;
    expectNestingProblemOnLine4(parseCrafted(migrationWithUp(
        QString(n, QLatin1Char('(')) + QStringLiteral("'SELECT 1'") + QString(n, QLatin1Char(')')))));
}

TEST(TypeOrmMigrationReaderCrafted, DeeplyNestedArraysAndObjectsAreAProblemNotACrash)
{
    const int n = 20000;
    expectNestingProblemOnLine4(parseCrafted(migrationWithUp(
        QStringLiteral("'SELECT 1', ") + QString(n, QLatin1Char('[')) + QString(n, QLatin1Char(']')))));
    expectNestingProblemOnLine4(parseCrafted(migrationWithUp(
        QStringLiteral("'SELECT 1', ") + QStringLiteral("{a:").repeated(n) + QString(n, QLatin1Char('}')))));
    expectNestingProblemOnLine4(parseCrafted(migrationWithUp(QStringLiteral("'SELECT 1', ")
        + QStringLiteral("new Table(").repeated(n) + QString(n, QLatin1Char(')')))));
}

TEST(TypeOrmMigrationReaderCrafted, DeeplyNestedTemplatesAreAnErrorWithTheirPosition)
{
    const int n = 20000;
    const QString nested
        = QStringLiteral("`${").repeated(n) + QStringLiteral("x") + QStringLiteral("}`").repeated(n);
    const Result<TypeOrmMigrationFile> r = TypeOrmMigrationReader::parse(
        migrationWithUp(nested), QStringLiteral("/p/1700000000000-Crafted.ts"));
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().message.contains(QLatin1String("nested more than")))
        << r.error().toString().toStdString();
    EXPECT_EQ(r.error().line, 4);

    JsTokenizer t(nested);
    t.tokenize();
    EXPECT_TRUE(t.failed());
}

TEST(TypeOrmMigrationReaderCrafted, NestingAsDeepAsRealCodeIsStillRead)
{
    const int n = 50;
    const TypeOrmMigrationFile f = parseCrafted(migrationWithUp(
        QString(n, QLatin1Char('(')) + QStringLiteral("'SELECT 1'") + QString(n, QLatin1Char(')'))));
    EXPECT_EQ(sqlOf(f.up), QStringList { QStringLiteral("SELECT 1") }) << problemsOf(f).toStdString();
}

// 100,000 nested classes: every class rescanned the file (quadratic, hours).
TEST(TypeOrmMigrationReaderCrafted, ManyNestedClassesAreReadInOnePass)
{
    const int n = 100000;
    QString source;
    for (int i = 0; i < n; ++i)
        source += QStringLiteral("class C%1 { x = ").arg(i);
    source += QStringLiteral("class Inner1700000000000 { async up(q) { await q.query('SELECT 1'); } "
                             "async down(q) {} }");
    source += QStringLiteral(" }").repeated(n);
    const TypeOrmMigrationFile f = parseCrafted(source);
    EXPECT_EQ(f.className, QStringLiteral("Inner1700000000000"));
    EXPECT_EQ(sqlOf(f.up), QStringList { QStringLiteral("SELECT 1") })
        << problemsOf(f).left(2000).toStdString();
}

// A long `+` chain with something not static in it took the source text of
// the whole chain again at every `+` (quadratic).
TEST(TypeOrmMigrationReaderCrafted, LongConcatenationIsReadInOnePass)
{
    const int n = 200000;
    const TypeOrmMigrationFile f
        = parseCrafted(migrationWithUp(QStringLiteral("tableName") + QStringLiteral(" + 'x'").repeated(n)));
    EXPECT_TRUE(f.up.isEmpty());
    EXPECT_TRUE(problemsOf(f).contains(QLatin1String("the variable `tableName`")))
        << problemsOf(f).left(500).toStdString();

    const TypeOrmMigrationFile all
        = parseCrafted(migrationWithUp(QStringLiteral("'SELECT '") + QStringLiteral(" + '1'").repeated(n)));
    ASSERT_EQ(all.up.size(), 1) << problemsOf(all).left(500).toStdString();
    EXPECT_EQ(all.up.first().sql.size(), 7 + n);
}
