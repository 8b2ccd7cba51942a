// strata-cli on real TypeORM chains (tests/typeorm/corpus, see SOURCES) with
// their TypeORM installed beside them: what the static reader cannot know is
// read by running the chain through TypeORM in a shadow (TypeOrmShadowReader),
// for `up`, `down`, `status` and `verify` alike. The real TypeORM 0.2 install
// (scripts/typeorm-compat-setup.sh), real node, the test cluster.
#include "integration/CliProcess.h"
#include "support/ChildProcess.h"
#include "support/DbProbe.h"
#include "support/TestCluster.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

const QString corpusRoot = QStringLiteral(STRATA_SOURCE_DIR "/tests/typeorm/corpus");
const QString cacheRoot = QStringLiteral(STRATA_TYPEORM_CACHE);

class TypeOrmShadowReaderCliTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        const ProcessResult &npm = setUpTypeOrmInstalls(cacheRoot);
        if (npm.exitCode != 0) {
            if (TestCluster::required())
                FAIL() << "the TypeORM packages could not be installed (scripts/typeorm-compat-setup.sh):\n"
                       << npm.describe();
            GTEST_SKIP() << "the TypeORM packages could not be installed (this fails with CI=true):\n"
                         << npm.describe();
        }
        ASSERT_TRUE(m_project.isValid());
    }

    // The corpus chain `name` as a project would have it: its migrations folder
    // and the TypeORM line it was written for installed beside it.
    QString chain(const QString &name, const QString &typeOrmLine)
    {
        const QString migrations = m_project.filePath(QStringLiteral("migrations"));
        EXPECT_TRUE(QDir().mkpath(migrations));
        const QDir source(corpusRoot + QLatin1Char('/') + name + QStringLiteral("/migrations"));
        for (const QString &file : source.entryList(QDir::Files))
            EXPECT_TRUE(QFile::copy(source.filePath(file), migrations + QLatin1Char('/') + file))
                << qPrintable(file);
        EXPECT_TRUE(QFile::link(cacheRoot + QLatin1Char('/') + typeOrmLine + QStringLiteral("/node_modules"),
            m_project.filePath(QStringLiteral("node_modules"))));
        return migrations;
    }

    static QJsonObject entryNamed(const QJsonArray &list, const QString &name)
    {
        for (const QJsonValue &v : list)
            if (v.toObject().value(QLatin1String("name")).toString() == name)
                return v.toObject();
        return {};
    }

    QTemporaryDir m_project;
};

} // namespace

// market-place (TypeORM 0.2): CreateProductOwner1650772503539's down() fails in
// TypeORM itself ("Supplied foreign key was not found"), its up() does not.
// TypeORM runs the up and refuses only the revert; so does Strata, and says why.
TEST_F(TypeOrmShadowReaderCliTest, ADownTypeOrmFailsOnRefusesTheRevertNotTheUp)
{
    const QString migrations = chain(QStringLiteral("market-place"), QStringLiteral("v0.2"));
    const ConnectionSettings db = TestCluster::freshDatabase(QStringLiteral("shreadmp"));
    const QString owner = QStringLiteral("CreateProductOwner1650772503539");

    const CliResult up = CliProcess::run(
        { QStringLiteral("--migrations"), migrations, QStringLiteral("up"), QStringLiteral("--to"), owner },
        db);
    ASSERT_EQ(up.exitCode, 0) << up.describe();
    DbProbe probe(db);
    EXPECT_EQ(probe.scalar("SELECT count(*) FROM migrations").toInt(), 9);
    EXPECT_EQ(probe.scalar("SELECT name FROM migrations ORDER BY id DESC LIMIT 1"), owner);

    const CliResult status = CliProcess::run(
        { QStringLiteral("--migrations"), migrations, QStringLiteral("status"), QStringLiteral("--json") },
        db);
    ASSERT_EQ(status.exitCode, 0) << status.describe();
    const QJsonObject entry = entryNamed(
        QJsonDocument::fromJson(status.out.toUtf8()).object().value(QLatin1String("migrations")).toArray(),
        owner);
    EXPECT_EQ(entry.value(QLatin1String("readBy")).toString(), QStringLiteral("typeorm"))
        << status.describe();
    EXPECT_FALSE(entry.contains(QLatin1String("refusal")));
    const QString downRefusal = entry.value(QLatin1String("downRefusal")).toString();
    EXPECT_TRUE(downRefusal.contains(QLatin1String("itself fails on its down()"))
        && downRefusal.contains(QLatin1String("Supplied foreign key was not found")))
        << status.describe();

    // Its revert is refused before anything runs, naming the file and why.
    const CliResult down
        = CliProcess::run({ QStringLiteral("--migrations"), migrations, QStringLiteral("down") }, db);
    EXPECT_NE(down.exitCode, 0) << down.describe();
    EXPECT_TRUE(down.err.contains(QStringLiteral("the down of %1 cannot be run by Strata").arg(owner)))
        << down.describe();
    EXPECT_TRUE(down.err.contains(QLatin1String("1650772503539-CreateProductOwner.ts"))) << down.describe();
    EXPECT_EQ(probe.scalar("SELECT count(*) FROM migrations").toInt(), 9);

    // The migrations after it apply as TypeORM applies them.
    const CliResult rest
        = CliProcess::run({ QStringLiteral("--migrations"), migrations, QStringLiteral("up") }, db);
    ASSERT_EQ(rest.exitCode, 0) << rest.describe();
    EXPECT_EQ(probe.scalar("SELECT count(*) FROM migrations").toInt(), 11);

    const CliResult verify = CliProcess::run(
        { QStringLiteral("--migrations"), migrations, QStringLiteral("verify"), QStringLiteral("--json") },
        db);
    EXPECT_EQ(verify.exitCode, 3) << verify.describe();
    const QJsonObject verdict = entryNamed(
        QJsonDocument::fromJson(verify.out.toUtf8()).object().value(QLatin1String("migrations")).toArray(),
        owner);
    EXPECT_EQ(verdict.value(QLatin1String("outcome")).toString(), QStringLiteral("down-refused"))
        << verify.describe();
}

// gobarber (TypeORM 0.2): dropColumn and dropForeignKey in its downs depend on
// the live table, so the static reader refuses them. verify reads the chain as
// `up` does, through TypeORM, and every down undoes its up.
TEST_F(TypeOrmShadowReaderCliTest, VerifyReadsWhatTheStaticReaderCannotThroughTypeOrm)
{
    const QString migrations = chain(QStringLiteral("gobarber"), QStringLiteral("v0.2"));
    const ConnectionSettings db = TestCluster::freshDatabase(QStringLiteral("shreadgb"));
    DbProbe(db).exec("CREATE EXTENSION \"uuid-ossp\"");

    const CliResult staticStatus = CliProcess::run(
        { QStringLiteral("--migrations"), migrations, QStringLiteral("status"), QStringLiteral("--static") },
        db);
    ASSERT_EQ(staticStatus.exitCode, 0) << staticStatus.describe();
    EXPECT_TRUE(staticStatus.out.contains(QLatin1String("cannot revert"))
        || staticStatus.out.contains(QLatin1String("cannot run")))
        << "the chain no longer needs TypeORM to be read; pick another\n"
        << staticStatus.describe();

    const CliResult verify
        = CliProcess::run({ QStringLiteral("--migrations"), migrations, QStringLiteral("verify") }, db);
    EXPECT_EQ(verify.exitCode, 0) << verify.describe();
    EXPECT_TRUE(verify.err.contains(QLatin1String("read by running them through TypeORM 0.2.45")))
        << verify.describe();
    EXPECT_EQ(verify.out.count(QLatin1String(" ... ok\n")), 6) << verify.describe();
}
