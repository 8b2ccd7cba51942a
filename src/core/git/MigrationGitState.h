#pragma once

#include "GitRepository.h"

#include <QHash>
#include <QString>

#include <optional>

// How migration files stand in git, in the words the status list's git column
// and `status --json` use.
class MigrationGitState
{
public:
    // "not-in-repository", "untracked", "ignored", "committed", "modified",
    // "staged", "staged-and-modified", "added", "deleted".
    static QString name(GitRepository::FileState state);
    // One sentence, for tooltips and warnings.
    static QString description(GitRepository::FileState state);

    // The states of every file under `folder`; nullopt when the folder is not
    // in a git repository (then there is no git column at all).
    static std::optional<QHash<QString, GitRepository::FileState>> forFolder(const QString &folder);
};
