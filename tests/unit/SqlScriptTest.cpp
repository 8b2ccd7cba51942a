#include "sql/SqlScript.h"

#include <gtest/gtest.h>

namespace {
QList<SqlStatement> parseOk(const QByteArray &sql)
{
    Result<QList<SqlStatement>> r = SqlScript::parse(sql, QStringLiteral("test.sql"));
    EXPECT_TRUE(r.ok()) << qPrintable(r.ok() ? QString() : r.error().toString());
    return r.ok() ? *r : QList<SqlStatement>();
}
} // namespace

TEST(SqlScript, SplitsOnSemicolonsOutsideStringsCommentsAndDollarQuotes)
{
    const QByteArray sql = "CREATE TABLE a (x text DEFAULT ';');\n"
                           "-- a comment; with a semicolon\n"
                           "/* block; /* nested; */ comment */\n"
                           "INSERT INTO a VALUES (E'it\\'s; fine');\n"
                           "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $body$\n"
                           "BEGIN\n  PERFORM 1; RETURN NEW;\nEND;\n$body$;\n"
                           "DO $$ BEGIN RAISE NOTICE 'x;y'; END $$";
    const QList<SqlStatement> s = parseOk(sql);
    ASSERT_EQ(s.size(), 4);
    EXPECT_EQ(s[0].nodeType, QStringLiteral("CreateStmt"));
    EXPECT_EQ(s[0].text, QByteArray("CREATE TABLE a (x text DEFAULT ';')"));
    EXPECT_EQ(s[1].nodeType, QStringLiteral("InsertStmt"));
    EXPECT_TRUE(s[1].text.endsWith("VALUES (E'it\\'s; fine')"));
    EXPECT_EQ(s[2].nodeType, QStringLiteral("CreateFunctionStmt"));
    EXPECT_TRUE(s[2].text.contains("PERFORM 1; RETURN NEW;"));
    EXPECT_EQ(s[3].nodeType, QStringLiteral("DoStmt"));
}

TEST(SqlScript, StatementPositionsAreFileLinesAndColumns)
{
    const QByteArray file = "-- migrate:up\nCREATE TABLE a (id int);\n\n  CREATE TABLE b (id int);\n";
    const qsizetype offset = file.indexOf('\n') + 1;
    Result<QList<SqlStatement>> r = SqlScript::parse(file.mid(offset), file, offset, QStringLiteral("f.sql"));
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->size(), 2);
    EXPECT_EQ((*r)[0].line, 2);
    EXPECT_EQ((*r)[0].column, 1);
    EXPECT_EQ((*r)[1].line, 4);
    EXPECT_EQ((*r)[1].column, 3);
}

TEST(SqlScript, SyntaxErrorReportsFileLineAndColumnCountingCharacters)
{
    // "é" is two bytes in UTF-8 but one column.
    const QByteArray sql = "SELECT 'é';\nSELECT * FROM t WHERE;\n";
    Result<QList<SqlStatement>> r = SqlScript::parse(sql, QStringLiteral("/m/1-X.sql"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, StrataError::Kind::Syntax);
    EXPECT_EQ(r.error().file, QStringLiteral("/m/1-X.sql"));
    EXPECT_EQ(r.error().line, 2);
    EXPECT_EQ(r.error().column, 22);
    EXPECT_TRUE(r.error().message.contains(QLatin1String("syntax error at or near \";\"")));
}

TEST(SqlScript, FlagsStatementsThatCannotRunInATransaction)
{
    const QList<SqlStatement> s = parseOk("CREATE INDEX CONCURRENTLY i ON t (a);\n"
                                          "CREATE INDEX j ON t (b);\n"
                                          "DROP INDEX CONCURRENTLY i;\n"
                                          "REINDEX (CONCURRENTLY) TABLE t;\n"
                                          "VACUUM t;\n"
                                          "ANALYZE t;\n"
                                          "ALTER TABLE p DETACH PARTITION c CONCURRENTLY;\n"
                                          "CREATE DATABASE x;\n"
                                          "ALTER SYSTEM SET work_mem = '4MB';\n"
                                          "COMMIT;\n");
    ASSERT_EQ(s.size(), 10);
    EXPECT_EQ(s[0].notInTransactionReason, QStringLiteral("CREATE INDEX CONCURRENTLY"));
    EXPECT_TRUE(s[1].notInTransactionReason.isEmpty());
    EXPECT_EQ(s[2].notInTransactionReason, QStringLiteral("DROP INDEX CONCURRENTLY"));
    EXPECT_EQ(s[3].notInTransactionReason, QStringLiteral("REINDEX CONCURRENTLY"));
    EXPECT_EQ(s[4].notInTransactionReason, QStringLiteral("VACUUM"));
    EXPECT_TRUE(s[5].notInTransactionReason.isEmpty());
    EXPECT_EQ(s[6].notInTransactionReason, QStringLiteral("DETACH PARTITION CONCURRENTLY"));
    EXPECT_EQ(s[7].notInTransactionReason, QStringLiteral("CREATE DATABASE"));
    EXPECT_EQ(s[8].notInTransactionReason, QStringLiteral("ALTER SYSTEM"));
    EXPECT_TRUE(s[9].isTransactionControl);
}

TEST(SqlScript, CommentsOnlyGiveNoStatements)
{
    EXPECT_TRUE(parseOk("-- nothing here\n/* nor here */\n").isEmpty());
}

// libpg_query stops at a NUL byte: the DROP after it used to vanish from the
// result (one statement, no error), so lint never saw it. Found while fuzzing.
TEST(SqlScript, RefusesANulByteInsteadOfDroppingWhatFollowsIt)
{
    const QByteArray file = QByteArrayLiteral("-- migrate:up\nCREATE TABLE t (id int);\0DROP TABLE users;\n");
    const qsizetype offset = file.indexOf('\n') + 1;
    Result<QList<SqlStatement>> r = SqlScript::parse(file.mid(offset), file, offset, QStringLiteral("f.sql"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, StrataError::Kind::Syntax);
    EXPECT_EQ(r.error().message, QStringLiteral("the SQL contains a NUL byte"));
    EXPECT_EQ(r.error().line, 2);
    EXPECT_EQ(r.error().column, 25);
}
