#pragma once

#include "common/StrataError.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <optional>

struct git_repository;

// The git repository a migrations folder lives in, read through libgit2 (no
// `git` executable needed). Strata only reads: which migration files are
// committed, which were changed after being committed, and what HEAD holds.
// Committed migrations are treated as immutable, so a change to one is flagged.
class GitRepository
{
public:
    enum class FileState {
        NotInRepository,
        Untracked,
        Ignored,
        Unmodified, // committed, the working copy equals HEAD
        Modified, // the working copy differs from the index, nothing staged
        Staged, // the index differs from HEAD, the working copy equals the index
        StagedAndModified,
        Added, // new in the index, not in HEAD
        Deleted, // in HEAD (or the index), gone from the working copy or the index
    };

    // The repository containing `pathInside` (a folder or a file in one);
    // nullopt when there is none: Strata works outside git too.
    static std::optional<GitRepository> open(const QString &pathInside);

    GitRepository(GitRepository &&other) noexcept;
    GitRepository &operator=(GitRepository &&other) noexcept;
    GitRepository(const GitRepository &) = delete;
    GitRepository &operator=(const GitRepository &) = delete;
    ~GitRepository();

    // Every file under `folder` (recursively, ignored files included) as
    // absolute path -> state, from one status scan limited to the folder. The
    // paths start with `folder` as given (made absolute, not canonical), so they
    // match the paths MigrationSource builds even through a symlinked folder.
    QHash<QString, FileState> statuses(const QString &folder) const;

    // The state of one file; NotInRepository when it lies outside the work tree.
    FileState status(const QString &filePath) const;

    // The file's bytes as committed in HEAD; nullopt when HEAD does not have it
    // (untracked, only added, or no commit yet).
    Result<std::optional<QByteArray>> headContent(const QString &filePath) const;

    // The work tree's root, absolute, without a trailing slash.
    QString workdir() const;

    // Committed, and what a checkout would produce now differs from HEAD.
    static bool isCommittedAndModified(FileState state);

private:
    explicit GitRepository(git_repository *repository);
    // `path` relative to the work tree (with '/' separators); empty when outside.
    std::optional<QString> relativePath(const QString &path, bool isDirectory) const;

    git_repository *m_repository = nullptr;
    QString m_canonicalWorkdir; // resolved symlinks, for relativePath()
};
