#include "MigrationGitState.h"

QString MigrationGitState::name(GitRepository::FileState state)
{
    using S = GitRepository::FileState;
    switch (state) {
    case S::NotInRepository:
        return QStringLiteral("not-in-repository");
    case S::Untracked:
        return QStringLiteral("untracked");
    case S::Ignored:
        return QStringLiteral("ignored");
    case S::Unmodified:
        return QStringLiteral("committed");
    case S::Modified:
        return QStringLiteral("modified");
    case S::Staged:
        return QStringLiteral("staged");
    case S::StagedAndModified:
        return QStringLiteral("staged-and-modified");
    case S::Added:
        return QStringLiteral("added");
    case S::Deleted:
        return QStringLiteral("deleted");
    }
    return {};
}

QString MigrationGitState::description(GitRepository::FileState state)
{
    using S = GitRepository::FileState;
    switch (state) {
    case S::NotInRepository:
        return QStringLiteral("The file is not in a git repository.");
    case S::Untracked:
        return QStringLiteral("The file is not committed yet.");
    case S::Ignored:
        return QStringLiteral("git ignores this file; it will never be committed.");
    case S::Unmodified:
        return QStringLiteral("The file is committed and unchanged.");
    case S::Modified:
        return QStringLiteral(
            "The file was changed after it was committed; committed migrations should not change.");
    case S::Staged:
        return QStringLiteral(
            "A change to this committed file is staged; committed migrations should not change.");
    case S::StagedAndModified:
        return QStringLiteral(
            "This committed file has staged and unstaged changes; committed migrations should not change.");
    case S::Added:
        return QStringLiteral("The file is staged as new and not committed yet.");
    case S::Deleted:
        return QStringLiteral("The file is committed but was deleted.");
    }
    return {};
}

std::optional<QHash<QString, GitRepository::FileState>> MigrationGitState::forFolder(const QString &folder)
{
    const std::optional<GitRepository> repository = GitRepository::open(folder);
    if (!repository)
        return std::nullopt;
    return repository->statuses(folder);
}
