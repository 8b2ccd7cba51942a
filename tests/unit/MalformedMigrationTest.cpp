// Every kind of malformed migration file gets a clear error that names the
// file (and the line, where there is one), and never stops the scan of the rest.
#include "migration/MigrationSource.h"
#include "planner/MigrationPlanner.h"
#include "runner/MigrationRunner.h"
#include "support/MigrationFolder.h"

#include <gtest/gtest.h>

namespace {

struct Case
{
    const char *label;
    const char *fileName;
    QByteArray bytes;
    const char *expectedMessage; // a fragment of the message
    int expectedLine; // 0: no line expected
};

// gtest prints parameters in test names and failures; a label reads better than bytes.
[[maybe_unused]] void PrintTo(const Case &c, std::ostream *os)
{
    *os << c.label;
}

// Scans a folder holding one good file and the bad one; the problem must name
// the bad file; prepare() (syntax checks) catches what the scan cannot.
StrataError problemFor(const Case &c, int *goodCount)
{
    MigrationFolder folder;
    folder.add(1500000000000, QStringLiteral("Good"), "SELECT 1;", "SELECT 1;");
    folder.add(1600000000000, QStringLiteral("Twin"), "SELECT 1;", "SELECT 1;");
    const QString badPath = folder.write(QString::fromLatin1(c.fileName), c.bytes);
    Result<MigrationSource::Scan> scan = MigrationSource::scan(folder.path());
    EXPECT_TRUE(scan.ok());
    *goodCount = 0;
    for (const Migration &m : scan->migrations)
        if (m.name == QLatin1String("Good"))
            ++*goodCount;
    if (!scan->problems.isEmpty()) {
        for (const StrataError &p : scan->problems)
            if (p.file == badPath)
                return p;
        ADD_FAILURE() << c.label << ": no problem names " << qPrintable(badPath);
        return scan->problems.first();
    }
    // Well-formed file structure: the SQL check finds the problem.
    const MigrationStatusList statuses = MigrationPlanner::statuses(scan->migrations, {});
    Result<Plan> plan = MigrationPlanner::planUp(statuses, {});
    EXPECT_TRUE(plan.ok());
    Result<QList<PreparedStep>> prepared = MigrationRunner::prepare(*plan, false);
    EXPECT_FALSE(prepared.ok()) << c.label << " was accepted";
    if (prepared.ok())
        return StrataError::make(StrataError::Kind::Usage, QStringLiteral("accepted"), badPath);
    return prepared.error();
}

} // namespace

class MalformedMigration : public ::testing::TestWithParam<Case>
{
};

TEST_P(MalformedMigration, GetsAClearErrorNamingTheFile)
{
    const Case &c = GetParam();
    int goodCount = 0;
    const StrataError e = problemFor(c, &goodCount);
    const QString text = e.toString();
    EXPECT_TRUE(e.file.endsWith(QLatin1String("/") + QString::fromLatin1(c.fileName)))
        << c.label << ": error names " << qPrintable(e.file);
    EXPECT_TRUE(text.contains(QString::fromUtf8(c.expectedMessage))) << c.label << ": " << qPrintable(text);
    if (c.expectedLine) {
        EXPECT_EQ(e.line, c.expectedLine) << c.label << ": " << qPrintable(text);
    }
    EXPECT_EQ(goodCount, 1) << "the good file must still be read";
}

INSTANTIATE_TEST_SUITE_P(Files, MalformedMigration,
    ::testing::Values(Case { "no sections", "1700000000000-NoSections.sql", "CREATE TABLE t (id int);\n",
                          "SQL before the", 1 },
        Case { "only comments, no markers", "1700000000000-NoMarkers.sql", "-- just a comment\n",
            "no '-- migrate:up' section", 0 },
        Case { "bad timestamp (10 digits, seconds)", "1700000000-Seconds.sql", "-- migrate:up\nSELECT 1;\n",
            "bad timestamp '1700000000'", 0 },
        Case { "bad timestamp (letters)", "17000000000ab-Letters.sql", "-- migrate:up\nSELECT 1;\n",
            "bad timestamp", 0 },
        Case { "no timestamp", "CreateUsers.sql", "-- migrate:up\nSELECT 1;\n", "not <timestamp>-<Name>.sql",
            0 },
        Case { "bad escape in the name", "1700000000000-add%2.sql", "-- migrate:up\nSELECT 1;\n",
            "bad name 'add%2'", 0 },
        Case { "timestamp zero", "0000000000000-Zero.sql", "-- migrate:up\nSELECT 1;\n",
            "TypeORM refuses timestamp 0", 0 },
        Case { "duplicate timestamp", "1600000000000-AlsoGood.sql", "-- migrate:up\nSELECT 2;\n",
            "duplicate timestamp 1600000000000: 1600000000000-Twin.sql has it too", 0 },
        Case { "non-UTF-8", "1700000000000-Latin1.sql", "-- migrate:up\nSELECT 'caf\xe9';\n",
            "not valid UTF-8", 2 },
        Case { "empty up", "1700000000000-EmptyUp.sql",
            "-- migrate:up\n\n-- nothing yet\n-- migrate:down\nSELECT 1;\n", "the up section is empty", 1 },
        Case { "unterminated dollar quote", "1700000000000-Dollar.sql",
            "-- migrate:up\nCREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n-- "
            "migrate:down\n"
            "DROP FUNCTION f();\n",
            "unterminated dollar-quoted string", 2 },
        Case { "two up markers", "1700000000000-TwoUps.sql",
            "-- migrate:up\nSELECT 1;\n-- migrate:up\nSELECT 2;\n", "a second '-- migrate:up' marker", 3 },
        Case { "down before up", "1700000000000-DownFirst.sql",
            "-- migrate:down\nSELECT 1;\n-- migrate:up\nSELECT 2;\n", "comes before any '-- migrate:up'", 1 },
        Case { "unknown option", "1700000000000-Option.sql", "-- migrate:up transaction:maybe\nSELECT 1;\n",
            "unknown option 'transaction:maybe'", 1 },
        Case { "syntax error", "1700000000000-Typo.sql",
            "-- migrate:up\nCREATE TABLE t (id int);\nCREAT TABLE u (id int);\n-- migrate:down\nDROP TABLE "
            "t;\n",
            "syntax error at or near \"CREAT\"", 3 },
        Case { "unterminated string", "1700000000000-Quote.sql",
            "-- migrate:up\nINSERT INTO t VALUES ('abc);\n", "unterminated quoted string", 2 },
        Case { "NUL byte", "1700000000000-Nul.sql", QByteArray("-- migrate:up\nSELECT 1;\0\n", 25),
            "NUL byte", 0 }),
    [](const ::testing::TestParamInfo<Case> &param) {
        std::string name;
        for (const char *p = param.param.label; *p; ++p)
            name += std::isalnum(static_cast<unsigned char>(*p)) ? *p : '_';
        return name;
    });
