// `strata-cli drift` as a user runs it: a migration applied for real, then its
// file edited or deleted behind the history's back.
#include "CliProcess.h"
#include "support/MigrationFolder.h"
#include "support/TestCluster.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>

namespace {

class DriftTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        m_settings = TestCluster::freshDatabase(QStringLiteral("drift"));
    }

    CliResult cli(QStringList args)
    {
        args.prepend(m_folder.path());
        args.prepend(QStringLiteral("--migrations"));
        return CliProcess::run(args, m_settings);
    }

    ConnectionSettings m_settings;
    MigrationFolder m_folder;
};

const qint64 firstTimestamp = 1764460800000;
const qint64 secondTimestamp = 1764547200000;

} // namespace

TEST_F(DriftTest, EditedFileIsReportedWithTheDiff)
{
    const QString first = m_folder.add(firstTimestamp, QStringLiteral("CreateAccounts"),
        "CREATE TABLE accounts (\n  id bigint PRIMARY KEY,\n  email text NOT NULL\n);",
        "DROP TABLE accounts;");
    m_folder.add(secondTimestamp, QStringLiteral("CreateOrders"), "CREATE TABLE orders (id bigint);",
        "DROP TABLE orders;");
    CliResult up = cli({ QStringLiteral("up") });
    ASSERT_EQ(up.exitCode, 0) << up.describe();

    CliResult clean = cli({ QStringLiteral("drift"), QStringLiteral("--exit-code") });
    EXPECT_EQ(clean.exitCode, 0) << clean.describe();
    EXPECT_TRUE(clean.out.contains(QLatin1String("No drift"))) << clean.describe();

    m_folder.add(firstTimestamp, QStringLiteral("CreateAccounts"),
        "CREATE TABLE accounts (\n  id bigint PRIMARY KEY,\n  email citext NOT NULL\n);",
        "DROP TABLE accounts;");
    CliResult drift = cli({ QStringLiteral("drift"), QStringLiteral("--exit-code") });
    EXPECT_EQ(drift.exitCode, 3) << drift.describe();
    EXPECT_TRUE(drift.out.contains(first)) << drift.describe();
    EXPECT_TRUE(drift.out.contains(QLatin1String("CreateAccounts1764460800000"))) << drift.describe();
    EXPECT_TRUE(drift.out.contains(QLatin1String("\n-  email text NOT NULL\n"))) << drift.describe();
    EXPECT_TRUE(drift.out.contains(QLatin1String("\n+  email citext NOT NULL\n"))) << drift.describe();
    EXPECT_FALSE(drift.out.contains(QLatin1String("CreateOrders"))) << drift.describe();
    EXPECT_FALSE(drift.out.contains(QLatin1String("-DROP TABLE accounts;"))) << "down is unchanged\n"
                                                                             << drift.describe();

    // Without --exit-code drift is a report, not a failure.
    EXPECT_EQ(cli({ QStringLiteral("drift") }).exitCode, 0);

    CliResult json = cli({ QStringLiteral("drift"), QStringLiteral("--json") });
    ASSERT_EQ(json.exitCode, 0) << json.describe();
    const QJsonObject root = QJsonDocument::fromJson(json.out.toUtf8()).object();
    EXPECT_FALSE(root[QLatin1String("ok")].toBool());
    const QJsonArray drifted = root[QLatin1String("drifted")].toArray();
    ASSERT_EQ(drifted.size(), 1) << json.describe();
    EXPECT_EQ(drifted[0][QLatin1String("state")].toString(), QStringLiteral("edited"));
    EXPECT_EQ(drifted[0][QLatin1String("file")].toString(), first);
    EXPECT_TRUE(drifted[0][QLatin1String("upDiffers")].toBool());
    EXPECT_FALSE(drifted[0][QLatin1String("downDiffers")].toBool());
    EXPECT_TRUE(drifted[0][QLatin1String("upDiff")].toString().contains(QLatin1String("+  email citext")));
}

TEST_F(DriftTest, DeletedFileIsDrift)
{
    m_folder.add(firstTimestamp, QStringLiteral("CreateAccounts"), "CREATE TABLE accounts (id bigint);",
        "DROP TABLE accounts;");
    ASSERT_EQ(cli({ QStringLiteral("up") }).exitCode, 0);
    ASSERT_TRUE(m_folder.remove(QStringLiteral("1764460800000-CreateAccounts.sql")));
    CliResult drift = cli({ QStringLiteral("drift"), QStringLiteral("--exit-code") });
    EXPECT_EQ(drift.exitCode, 3) << drift.describe();
    EXPECT_TRUE(drift.out.contains(QLatin1String("missing CreateAccounts1764460800000"))) << drift.describe();
    EXPECT_TRUE(drift.out.contains(QLatin1String("1764460800000-CreateAccounts.sql"))) << drift.describe();
}

TEST_F(DriftTest, DriftRejectsArgumentsAndExitCodeStaysItsOption)
{
    EXPECT_EQ(cli({ QStringLiteral("drift"), QStringLiteral("extra") }).exitCode, 2);
    EXPECT_EQ(cli({ QStringLiteral("up"), QStringLiteral("--exit-code") }).exitCode, 2);
}

TEST_F(DriftTest, GitStateShowsInDriftAndStatusJson)
{
    if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty())
        GTEST_SKIP() << "no git executable";
    auto git = [this](const QStringList &args) {
        QProcess p;
        p.setWorkingDirectory(m_folder.path());
        p.start(QStringLiteral("git"), args);
        return p.waitForFinished(30000) && p.exitCode() == 0;
    };
    const QString file = m_folder.add(firstTimestamp, QStringLiteral("CreateAccounts"),
        "CREATE TABLE accounts (id bigint);", "DROP TABLE accounts;");
    const QString pending = m_folder.add(secondTimestamp, QStringLiteral("CreateOrders"),
        "CREATE TABLE orders (id bigint);", "DROP TABLE orders;");
    ASSERT_TRUE(git({ QStringLiteral("init"), QStringLiteral("-q") }));
    ASSERT_TRUE(git({ QStringLiteral("add"), QFileInfo(file).fileName() }));
    ASSERT_TRUE(git({ QStringLiteral("-c"), QStringLiteral("user.name=t"), QStringLiteral("-c"),
        QStringLiteral("user.email=t@t"), QStringLiteral("commit"), QStringLiteral("-q"),
        QStringLiteral("--no-gpg-sign"), QStringLiteral("-m"), QStringLiteral("c") }));
    ASSERT_EQ(
        cli({ QStringLiteral("up"), QStringLiteral("--to"), QStringLiteral("CreateAccounts") }).exitCode, 0);
    m_folder.add(firstTimestamp, QStringLiteral("CreateAccounts"), "CREATE TABLE accounts (id int);",
        "DROP TABLE accounts;");

    CliResult drift = cli({ QStringLiteral("drift") });
    EXPECT_EQ(drift.exitCode, 0) << drift.describe();
    EXPECT_TRUE(drift.out.contains(QLatin1String("(git: modified)"))) << drift.describe();

    CliResult status = cli({ QStringLiteral("status"), QStringLiteral("--json") });
    ASSERT_EQ(status.exitCode, 0) << status.describe();
    const QJsonArray migrations
        = QJsonDocument::fromJson(status.out.toUtf8()).object()[QLatin1String("migrations")].toArray();
    ASSERT_EQ(migrations.size(), 2) << status.describe();
    EXPECT_EQ(migrations[0][QLatin1String("git")].toString(), QStringLiteral("modified"))
        << status.describe();
    EXPECT_EQ(migrations[1][QLatin1String("git")].toString(), QStringLiteral("untracked"))
        << status.describe();
    EXPECT_EQ(migrations[1][QLatin1String("file")].toString(), pending);
}

TEST_F(DriftTest, StatusJsonHasNoGitFieldOutsideARepository)
{
    m_folder.add(firstTimestamp, QStringLiteral("CreateAccounts"), "CREATE TABLE accounts (id bigint);",
        "DROP TABLE accounts;");
    CliResult status = cli({ QStringLiteral("status"), QStringLiteral("--json") });
    ASSERT_EQ(status.exitCode, 0) << status.describe();
    const QJsonArray migrations
        = QJsonDocument::fromJson(status.out.toUtf8()).object()[QLatin1String("migrations")].toArray();
    ASSERT_EQ(migrations.size(), 1);
    EXPECT_FALSE(migrations[0].toObject().contains(QLatin1String("git"))) << status.describe();
}
