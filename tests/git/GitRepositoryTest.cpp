// GitRepository against real repositories made with the real `git` command, so
// the states are the ones a developer sees in `git status`.
#include "git/GitRepository.h"
#include "diff/TextDiff.h"
#include "git/MigrationGitState.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

using FileState = GitRepository::FileState;

class GitRepositoryTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty())
            GTEST_SKIP() << "no git executable";
        ASSERT_TRUE(m_dir.isValid());
        m_migrations = QDir(m_dir.path()).absoluteFilePath(QStringLiteral("migrations"));
        ASSERT_TRUE(QDir().mkpath(m_migrations));
        git({ QStringLiteral("init"), QStringLiteral("-q") });
    }

    void git(const QStringList &args)
    {
        QProcess p;
        p.setWorkingDirectory(m_dir.path());
        // The user's global configuration (hooks, signing, autocrlf) stays out.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
        env.insert(QStringLiteral("HOME"), m_dir.path());
        p.setProcessEnvironment(env);
        p.start(QStringLiteral("git"), args);
        ASSERT_TRUE(p.waitForFinished(30000));
        ASSERT_EQ(p.exitCode(), 0) << args.join(QLatin1Char(' ')).toStdString() << ": "
                                   << p.readAllStandardError().toStdString();
    }

    void commit(const QString &message = QStringLiteral("c"))
    {
        git({ QStringLiteral("-c"), QStringLiteral("user.name=t"), QStringLiteral("-c"),
            QStringLiteral("user.email=t@t"), QStringLiteral("commit"), QStringLiteral("-q"),
            QStringLiteral("--no-gpg-sign"), QStringLiteral("-m"), message });
    }

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = QDir(m_migrations).absoluteFilePath(name);
        QFile f(path);
        EXPECT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
        return path;
    }

    QTemporaryDir m_dir;
    QString m_migrations;
};

} // namespace

TEST_F(GitRepositoryTest, EachFileGetsItsState)
{
    const QString committed = write(QStringLiteral("1-Committed.sql"), "select 1;\n");
    const QString modified = write(QStringLiteral("2-Modified.sql"), "select 2;\n");
    const QString staged = write(QStringLiteral("3-Staged.sql"), "select 3;\n");
    const QString both = write(QStringLiteral("4-Both.sql"), "select 4;\n");
    const QString deleted = write(QStringLiteral("5-Deleted.sql"), "select 5;\n");
    write(QStringLiteral(".gitignore"), "*.tmp\n");
    git({ QStringLiteral("add"), QStringLiteral(".") });
    commit();

    write(QStringLiteral("2-Modified.sql"), "select 22;\n");
    write(QStringLiteral("3-Staged.sql"), "select 33;\n");
    write(QStringLiteral("4-Both.sql"), "select 44;\n");
    git({ QStringLiteral("add"), QStringLiteral("migrations/3-Staged.sql"),
        QStringLiteral("migrations/4-Both.sql") });
    write(QStringLiteral("4-Both.sql"), "select 444;\n");
    ASSERT_TRUE(QFile::remove(deleted));
    const QString untracked = write(QStringLiteral("6-Untracked.sql"), "select 6;\n");
    const QString added = write(QStringLiteral("7-Added.sql"), "select 7;\n");
    git({ QStringLiteral("add"), QStringLiteral("migrations/7-Added.sql") });
    const QString ignored = write(QStringLiteral("8-Ignored.tmp"), "x\n");
    // Outside the folder asked about: must not be reported.
    QFile outside(QDir(m_dir.path()).absoluteFilePath(QStringLiteral("README")));
    ASSERT_TRUE(outside.open(QIODevice::WriteOnly));
    outside.close();

    const std::optional<GitRepository> repository = GitRepository::open(m_migrations);
    ASSERT_TRUE(repository.has_value());
    EXPECT_EQ(
        QFileInfo(repository->workdir()).canonicalFilePath(), QFileInfo(m_dir.path()).canonicalFilePath());

    const QHash<QString, FileState> states = repository->statuses(m_migrations);
    EXPECT_EQ(states.value(committed, FileState::NotInRepository), FileState::Unmodified);
    EXPECT_EQ(states.value(modified, FileState::NotInRepository), FileState::Modified);
    EXPECT_EQ(states.value(staged, FileState::NotInRepository), FileState::Staged);
    EXPECT_EQ(states.value(both, FileState::NotInRepository), FileState::StagedAndModified);
    EXPECT_EQ(states.value(deleted, FileState::NotInRepository), FileState::Deleted);
    EXPECT_EQ(states.value(untracked, FileState::NotInRepository), FileState::Untracked);
    EXPECT_EQ(states.value(added, FileState::NotInRepository), FileState::Added);
    EXPECT_EQ(states.value(ignored, FileState::NotInRepository), FileState::Ignored);
    EXPECT_EQ(states.size(), 9) << "the .gitignore in the folder, and nothing outside it";

    // The single-file query agrees with the folder scan.
    EXPECT_EQ(repository->status(modified), FileState::Modified);
    EXPECT_EQ(repository->status(untracked), FileState::Untracked);
    EXPECT_EQ(repository->status(committed), FileState::Unmodified);

    EXPECT_FALSE(GitRepository::isCommittedAndModified(FileState::Unmodified));
    EXPECT_FALSE(GitRepository::isCommittedAndModified(FileState::Untracked));
    EXPECT_FALSE(GitRepository::isCommittedAndModified(FileState::Added));
    for (const QString &f : { modified, staged, both, deleted })
        EXPECT_TRUE(GitRepository::isCommittedAndModified(states.value(f))) << f.toStdString();

    EXPECT_EQ(MigrationGitState::name(states.value(committed)), QStringLiteral("committed"));
    EXPECT_EQ(MigrationGitState::name(states.value(both)), QStringLiteral("staged-and-modified"));
}

TEST_F(GitRepositoryTest, HeadContentIsTheCommittedBytes)
{
    const QByteArray original = "CREATE TABLE a (id int);\r\nCREATE INDEX ON a (id);\n";
    const QString path = write(QStringLiteral("1-A.sql"), original);
    const std::optional<GitRepository> repository = GitRepository::open(m_migrations);
    ASSERT_TRUE(repository.has_value());
    // No commit yet: nothing in HEAD, and that is not an error.
    Result<std::optional<QByteArray>> unborn = repository->headContent(path);
    ASSERT_TRUE(unborn.ok()) << unborn.error().toString().toStdString();
    EXPECT_FALSE(unborn->has_value());

    git({ QStringLiteral("add"), QStringLiteral(".") });
    commit();
    write(QStringLiteral("1-A.sql"), "changed\n");
    Result<std::optional<QByteArray>> head = repository->headContent(path);
    ASSERT_TRUE(head.ok()) << head.error().toString().toStdString();
    ASSERT_TRUE(head->has_value());
    EXPECT_EQ(**head, original);

    Result<std::optional<QByteArray>> absent
        = repository->headContent(write(QStringLiteral("2-New.sql"), "new\n"));
    ASSERT_TRUE(absent.ok());
    EXPECT_FALSE(absent->has_value());
}

TEST_F(GitRepositoryTest, HeadAgainstWorkingCopyShowsExactlyTheChangedLines)
{
    const QString path = write(QStringLiteral("1-A.sql"),
        "-- migrate:up\nCREATE TABLE a (id int);\nCREATE TABLE b (id int);\n-- migrate:down\nDROP TABLE b;\n"
        "DROP TABLE a;\n");
    git({ QStringLiteral("add"), QStringLiteral(".") });
    commit();
    const QByteArray edited = "-- migrate:up\nCREATE TABLE a (id bigint);\nCREATE TABLE b (id int);\n"
                              "-- migrate:down\nDROP TABLE b;\nDROP TABLE a;\n";
    write(QStringLiteral("1-A.sql"), edited);

    const std::optional<GitRepository> repository = GitRepository::open(path);
    ASSERT_TRUE(repository.has_value());
    EXPECT_EQ(repository->status(path), FileState::Modified);
    Result<std::optional<QByteArray>> head = repository->headContent(path);
    ASSERT_TRUE(head.ok() && head->has_value());
    const TextDiff diff = TextDiff::compute(QString::fromUtf8(**head), QString::fromUtf8(edited));
    EXPECT_EQ(diff.changeCount(), 1);
    QStringList changed;
    for (const DiffLine &l : diff.lines())
        if (l.kind != DiffLine::Kind::Same)
            changed << (l.kind == DiffLine::Kind::Removed ? QStringLiteral("-") : QStringLiteral("+"))
                    + l.text;
    EXPECT_EQ(changed,
        QStringList(
            { QStringLiteral("-CREATE TABLE a (id int);"), QStringLiteral("+CREATE TABLE a (id bigint);") }));
    const QString unified = diff.unified(QStringLiteral("HEAD"), QStringLiteral("working copy"));
    EXPECT_TRUE(unified.contains(QLatin1String("\n-CREATE TABLE a (id int);\n"))) << unified.toStdString();
    EXPECT_TRUE(unified.contains(QLatin1String("\n+CREATE TABLE a (id bigint);\n"))) << unified.toStdString();
}

TEST(GitRepositoryOutside, AFolderOutsideAnyRepositoryHasNone)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    // A temp folder could sit inside a repository if TMPDIR points into one;
    // then this test says nothing, so it asks the real git first.
    QProcess probe;
    probe.setWorkingDirectory(dir.path());
    probe.start(QStringLiteral("git"), { QStringLiteral("rev-parse"), QStringLiteral("--git-dir") });
    if (probe.waitForFinished(30000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0)
        GTEST_SKIP() << "the temporary folder is inside a git repository";
    const std::optional<GitRepository> repository = GitRepository::open(dir.path());
    EXPECT_FALSE(repository.has_value());
    EXPECT_FALSE(MigrationGitState::forFolder(dir.path()).has_value());
}

TEST_F(GitRepositoryTest, AFileOutsideTheWorkTreeIsNotInTheRepository)
{
    QTemporaryDir other;
    ASSERT_TRUE(other.isValid());
    const std::optional<GitRepository> repository = GitRepository::open(m_migrations);
    ASSERT_TRUE(repository.has_value());
    const QString path = QDir(other.path()).absoluteFilePath(QStringLiteral("x.sql"));
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.close();
    EXPECT_EQ(repository->status(path), FileState::NotInRepository);
    EXPECT_TRUE(repository->statuses(other.path()).isEmpty());
    Result<std::optional<QByteArray>> head = repository->headContent(path);
    ASSERT_TRUE(head.ok());
    EXPECT_FALSE(head->has_value());
}

TEST_F(GitRepositoryTest, MovedRepositoryKeepsWorking)
{
    std::optional<GitRepository> a = GitRepository::open(m_migrations);
    ASSERT_TRUE(a.has_value());
    GitRepository b = std::move(*a);
    const QString path = write(QStringLiteral("1-A.sql"), "x\n");
    EXPECT_EQ(b.status(path), FileState::Untracked);
}
