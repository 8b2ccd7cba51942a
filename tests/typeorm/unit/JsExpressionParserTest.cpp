// The one JavaScript expression parser both TypeORM readers use (issue 15):
// what it evaluates, what it leaves Computed and why, its limits on crafted
// input, and constructs one reader understood before that now work in both.
#include "typeorm/JsExpressionParser.h"
#include "typeorm/JsTokenizer.h"
#include "typeorm/JsTokens.h"
#include "typeorm/TypeOrmMigrationReader.h"
#include "typeorm/TypeOrmProject.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

#define EXPECT_QSTR_EQ(a, b) EXPECT_EQ(QString(a).toStdString(), QString(b).toStdString())

JsTokens tokensOf(const QString &source)
{
    JsTokenizer tokenizer(source);
    QList<JsToken> tokens = tokenizer.tokenize();
    EXPECT_FALSE(tokenizer.failed()) << tokenizer.error().toStdString();
    return JsTokens(source, std::move(tokens));
}

// The whole source as one value, read as a migration file's values are.
JsValue valueOf(const QString &source)
{
    const JsTokens tokens = tokensOf(source);
    JsExpressionParser parser(tokens);
    return parser.parseRange(0, tokens.size() - 1);
}

// The same, in a data source's scope: DB_HOST is set, __dirname is /p/src.
JsValue moduleValueOf(const QString &source)
{
    const JsTokens tokens = tokensOf(source);
    JsExpressionParser::Scope scope;
    scope.environment = [](const QString &name, QString *value) {
        if (name != QLatin1String("DB_HOST"))
            return false;
        *value = QStringLiteral("db.internal");
        return true;
    };
    scope.dirname = QStringLiteral("/p/src");
    scope.pathFunctions = true;
    scope.stringConversions = true;
    JsExpressionParser parser(tokens, scope);
    return parser.parseRange(0, tokens.size() - 1);
}

} // namespace

TEST(JsTokens, BracketsArePairedOnceWithTheirEnclosingOpener)
{
    const JsTokens t = tokensOf(QStringLiteral("f(a, [b, {c: 1}]) ( x"));
    // f ( a , [ b , { c : 1 } ] ) ( x End
    ASSERT_EQ(t.size(), 17);
    EXPECT_EQ(t.closer(1), 13);
    EXPECT_EQ(t.closer(4), 12);
    EXPECT_EQ(t.closer(7), 11);
    EXPECT_EQ(t.closer(14), -1); // unclosed
    EXPECT_EQ(t.closer(0), -1); // not an opener
    EXPECT_EQ(t.enclosingOpener(8), 7); // c is in the object
    EXPECT_EQ(t.enclosingOpener(2), 1); // a is in the call
    EXPECT_EQ(t.enclosingOpener(0), -1);
    EXPECT_EQ(t.enclosingOpener(15), 14);
    EXPECT_QSTR_EQ(t.text(4, 12), QStringLiteral("[b, {c: 1}]"));
    EXPECT_TRUE(t.text(3, 2).isEmpty());
    EXPECT_EQ(t.at(1000).kind, JsToken::Kind::End);
}

TEST(JsExpressionParser, LiteralsArraysObjectsAndNew)
{
    const JsValue v = valueOf(QStringLiteral("new typeorm_1.Table({ name: 'users', size: -5, on: true, none: "
                                             "null, u: undefined, cols: ['a', `b`] })"));
    ASSERT_EQ(v.kind, JsValue::Kind::New) << v.reason.toStdString();
    EXPECT_QSTR_EQ(v.text, QStringLiteral("Table"));
    ASSERT_EQ(v.items.size(), 1);
    const JsValue &o = v.items.first();
    ASSERT_EQ(o.kind, JsValue::Kind::Object);
    EXPECT_QSTR_EQ(o.field(QLatin1String("name"))->text, QStringLiteral("users"));
    EXPECT_EQ(o.field(QLatin1String("size"))->kind, JsValue::Kind::Number);
    EXPECT_EQ(o.field(QLatin1String("size"))->number(), -5);
    EXPECT_TRUE(o.field(QLatin1String("on"))->boolean);
    EXPECT_EQ(o.field(QLatin1String("none"))->kind, JsValue::Kind::Null);
    EXPECT_EQ(o.field(QLatin1String("u"))->kind, JsValue::Kind::Undefined);
    EXPECT_EQ(o.field(QLatin1String("cols"))->items.size(), 2);
    EXPECT_TRUE(v.isStatic());
}

TEST(JsExpressionParser, OperatorsAndConversions)
{
    EXPECT_QSTR_EQ(valueOf(QStringLiteral("'a' + \"b\" + `c`")).text, QStringLiteral("abc"));
    EXPECT_QSTR_EQ(valueOf(QStringLiteral("5432 + 1")).text, QStringLiteral("5433"));
    EXPECT_QSTR_EQ(valueOf(QStringLiteral("1 + 2 + 3.5")).text, QStringLiteral("6.5"));
    // SQL is not built from JavaScript's number-to-string conversions.
    const JsValue mixed = valueOf(QStringLiteral("'LIMIT ' + 10"));
    EXPECT_EQ(mixed.kind, JsValue::Kind::Computed);
    EXPECT_QSTR_EQ(mixed.reason, QStringLiteral("a concatenation of non-strings"));
    EXPECT_QSTR_EQ(valueOf(QStringLiteral("'' || 'fallback'")).text, QStringLiteral("fallback"));
    EXPECT_QSTR_EQ(valueOf(QStringLiteral("'' ?? 'fallback'")).text, QString());
    EXPECT_QSTR_EQ(valueOf(QStringLiteral("null ?? 'fallback'")).text, QStringLiteral("fallback"));
    EXPECT_QSTR_EQ(valueOf(QStringLiteral("0 || 7")).text, QStringLiteral("7"));
    EXPECT_QSTR_EQ(valueOf(QStringLiteral("'x'! as string")).text, QStringLiteral("x"));
    EXPECT_QSTR_EQ(valueOf(QStringLiteral("parseInt('5433abc', 10)")).text, QStringLiteral("5433"));
    EXPECT_QSTR_EQ(valueOf(QStringLiteral("Number(' 12')")).text, QStringLiteral("12"));
    EXPECT_EQ(valueOf(QStringLiteral("parseInt('x')")).kind, JsValue::Kind::Computed);
    EXPECT_EQ(valueOf(QStringLiteral("parseInt('7', 16)")).reason,
        QStringLiteral("parseInt with a radix other than 10"));
}

TEST(JsExpressionParser, ComputedValuesKeepTheirSourceTextAndWhy)
{
    const JsValue variable = valueOf(QStringLiteral("tableName + '_old'"));
    EXPECT_EQ(variable.kind, JsValue::Kind::Computed);
    EXPECT_QSTR_EQ(variable.text, QStringLiteral("tableName + '_old'"));
    EXPECT_QSTR_EQ(variable.reason, QStringLiteral("the variable `tableName`"));

    const JsValue fallback = valueOf(QStringLiteral("settings.host || 'localhost'"));
    EXPECT_EQ(fallback.kind, JsValue::Kind::Computed);
    EXPECT_QSTR_EQ(fallback.text, QStringLiteral("settings.host || 'localhost'"));

    const JsValue substitution = valueOf(QStringLiteral("`app_${env}`"));
    EXPECT_QSTR_EQ(substitution.reason, QStringLiteral("a template literal with a substitution `${env}`"));

    const JsValue conditional = valueOf(QStringLiteral("a ? 'x' : 'y'"));
    EXPECT_EQ(conditional.kind, JsValue::Kind::Computed);
    EXPECT_QSTR_EQ(conditional.text, QStringLiteral("a ? 'x' : 'y'"));

    const JsValue spread = valueOf(QStringLiteral("['a', ...rest]"));
    EXPECT_EQ(spread.kind, JsValue::Kind::Array);
    ASSERT_NE(spread.firstComputed(), nullptr);
    EXPECT_QSTR_EQ(spread.firstComputed()->reason, QStringLiteral("a spread"));

    // A comma expression is not read as its first operand.
    EXPECT_EQ(valueOf(QStringLiteral("('a', 'b')")).kind, JsValue::Kind::Computed);
}

TEST(JsExpressionParser, ModuleScopeReadsTheEnvironmentDirnameAndPaths)
{
    EXPECT_QSTR_EQ(moduleValueOf(QStringLiteral("process.env.DB_HOST || 'localhost'")).text,
        QStringLiteral("db.internal"));
    EXPECT_QSTR_EQ(
        moduleValueOf(QStringLiteral("process.env['DB_PORT'] ?? '5432'")).text, QStringLiteral("5432"));
    EXPECT_EQ(moduleValueOf(QStringLiteral("process.env.DB_NAME")).kind, JsValue::Kind::Undefined);
    EXPECT_EQ(moduleValueOf(QStringLiteral("process.env[name]")).kind, JsValue::Kind::Computed);
    EXPECT_QSTR_EQ(moduleValueOf(QStringLiteral("__dirname + '/migrations/*.ts'")).text,
        QStringLiteral("/p/src/migrations/*.ts"));
    EXPECT_QSTR_EQ(moduleValueOf(QStringLiteral("path.join(__dirname, '..', 'db', '*.js')")).text,
        QStringLiteral("/p/db/*.js"));
    EXPECT_QSTR_EQ(
        moduleValueOf(QStringLiteral("resolve(__dirname, '/abs/*.ts')")).text, QStringLiteral("/abs/*.ts"));

    // In a module, `+` converts as Node does: the value TypeORM would use.
    EXPECT_QSTR_EQ(moduleValueOf(QStringLiteral("'db' + 1 + true")).text, QStringLiteral("db1true"));
    EXPECT_QSTR_EQ(
        moduleValueOf(QStringLiteral("process.env.NOPE + '-x'")).text, QStringLiteral("undefined-x"));
    EXPECT_EQ(moduleValueOf(QStringLiteral("'a' + ['b']")).kind, JsValue::Kind::Computed);

    // A migration's process.env is that of whatever runs it: not read there.
    const JsValue migration = valueOf(QStringLiteral("process.env.DB_HOST"));
    EXPECT_EQ(migration.kind, JsValue::Kind::Computed);
    EXPECT_QSTR_EQ(migration.reason, QStringLiteral("the variable `process`"));
    EXPECT_EQ(valueOf(QStringLiteral("__dirname")).kind, JsValue::Kind::Computed);
    EXPECT_EQ(valueOf(QStringLiteral("path.join('a', 'b')")).kind, JsValue::Kind::Computed);
}

TEST(JsExpressionParser, ConcatenationOriginsPointIntoTheSource)
{
    const QString source = QStringLiteral("'SELECT ' +\n  `\"id\"` + '1'");
    const JsValue v = valueOf(source);
    ASSERT_EQ(v.kind, JsValue::Kind::String);
    EXPECT_QSTR_EQ(v.text, QStringLiteral("SELECT \"id\"1"));
    ASSERT_EQ(v.origins.size(), 3);
    EXPECT_EQ(v.origins.at(0).synthesized, 0);
    EXPECT_EQ(v.origins.at(0).original, 1); // after the quote
    EXPECT_EQ(v.origins.at(1).synthesized, 7);
    EXPECT_EQ(v.origins.at(1).original, source.indexOf(QLatin1Char('"')));
    EXPECT_EQ(v.origins.at(2).synthesized, 11);
    EXPECT_EQ(v.origins.at(2).original, source.lastIndexOf(QLatin1Char('1')));
    // The second piece is on the next line of the file.
    EXPECT_EQ(source.left(v.origins.at(1).original).count(QLatin1Char('\n')), 1);
}

// Issue 14's limits hold for both readers, now in one place.
TEST(JsExpressionParser, DeepNestingIsComputedWithItsPlace)
{
    const int n = 20000;
    const QString source = QString(n, QLatin1Char('(')) + QStringLiteral("'x'") + QString(n, QLatin1Char(')'))
        + QStringLiteral(", 'after'");
    const JsTokens tokens = tokensOf(source);
    JsExpressionParser parser(tokens);
    qsizetype pos = 0;
    const JsValue deep = parser.parse(&pos);
    EXPECT_EQ(deep.kind, JsValue::Kind::Computed);
    ASSERT_NE(parser.tooDeep(), nullptr);
    EXPECT_EQ(parser.tooDeep()->offset, JsExpressionParser::MaxNesting);
    // Read past whole, so what follows is still read.
    ASSERT_TRUE(tokens.at(pos).is(QLatin1String(",")));
    ++pos;
    EXPECT_QSTR_EQ(parser.parse(&pos).text, QStringLiteral("after"));

    const JsValue arrays = valueOf(QString(n, QLatin1Char('[')) + QString(n, QLatin1Char(']')));
    EXPECT_FALSE(arrays.isStatic());
    const JsValue shallow
        = valueOf(QString(50, QLatin1Char('(')) + QStringLiteral("'x'") + QString(50, QLatin1Char(')')));
    EXPECT_QSTR_EQ(shallow.text, QStringLiteral("x"));
}

TEST(JsExpressionParser, LongConcatenationIsReadWhole)
{
    const int n = 200000;
    const JsValue v = valueOf(QStringLiteral("'d'") + QStringLiteral(" + 'x'").repeated(n));
    EXPECT_EQ(v.text.size(), n + 1);
    const JsValue computed = valueOf(QStringLiteral("t") + QStringLiteral(" + 'x'").repeated(n));
    EXPECT_EQ(computed.kind, JsValue::Kind::Computed);
    EXPECT_QSTR_EQ(computed.reason, QStringLiteral("the variable `t`"));
}

// Constructs only the data source's evaluator read before issue 15 now read
// in migrations too: TypeScript's `as` casts and `!`, `??` and `||`, sums.
TEST(JsExpressionParserShared, MigrationsReadWhatTheDataSourceEvaluatorRead)
{
    const Result<TypeOrmMigrationFile> f = TypeOrmMigrationReader::parse(
        QStringLiteral("export class Seq1700000000000 {\n"
                       "  async up(queryRunner) {\n"
                       "    await queryRunner.query(`SELECT 1` as string);\n"
                       "    await queryRunner.query(('SELECT 2' as string)!);\n"
                       "    await queryRunner.query(undefined ?? 'SELECT 3', [1 + 1]);\n"
                       "  }\n"
                       "  async down(queryRunner) { await queryRunner.query('SELECT 4'); }\n"
                       "}\n"),
        QStringLiteral("/p/1700000000000-Seq.js"));
    ASSERT_TRUE(f.ok()) << f.error().toString().toStdString();
    ASSERT_EQ(f->up.size(), 3);
    EXPECT_TRUE(f->problems.isEmpty()) << f->problems.first().toString().toStdString();
    EXPECT_QSTR_EQ(f->up.at(0).sql, QStringLiteral("SELECT 1"));
    EXPECT_QSTR_EQ(f->up.at(1).sql, QStringLiteral("SELECT 2"));
    EXPECT_QSTR_EQ(f->up.at(2).sql, QStringLiteral("SELECT 3"));
    EXPECT_EQ(f->up.at(2).parameters, QStringList { QStringLiteral("1 + 1") });
}

// And the data source reads what only the migration reader read: a negative
// number or an object literal is a value (here of the wrong kind, said so),
// not an unknown expression.
TEST(JsExpressionParserShared, DataSourcesReadWhatTheMigrationReaderRead)
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("data-source.ts")));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("import { DataSource } from 'typeorm';\n"
               "export default new DataSource({\n"
               "  type: 'postgres',\n"
               "  port: -5432,\n"
               "  database: ('app'),\n"
               "  schema: { name: 'app' },\n"
               "  migrations: ['m/*.ts'],\n"
               "});\n");
    file.close();
    const Result<TypeOrmProject> p = TypeOrmProject::open(dir.path(), QProcessEnvironment());
    ASSERT_TRUE(p) << p.error().toString().toStdString();
    QString notes;
    for (const TypeOrmProblem &n : p->notes())
        notes += n.toString() + QLatin1Char('\n');
    EXPECT_TRUE(notes.contains(QLatin1String("data-source.ts:4:3: port: `-5432` is not a port number")))
        << notes.toStdString();
    // A static value of the wrong type is said to be one, not unknown.
    EXPECT_TRUE(
        notes.contains(QLatin1String("data-source.ts:6:3: schema: `{ name: 'app' }` is not a string")))
        << notes.toStdString();
    EXPECT_FALSE(notes.contains(QLatin1String("cannot be known"))) << notes.toStdString();
    EXPECT_EQ(p->connection().database, QStringLiteral("app"));
}
