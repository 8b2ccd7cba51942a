#include "GitRepository.h"

#include <QDir>
#include <QFileInfo>

#include <git2.h>

#include <memory>

namespace {

// libgit2 keeps global state (TLS, the allocator) that must be set up once
// before any call; a function-local static makes that thread-safe and lazy, so
// a run outside git never pays for it. Never shut down: other threads may still
// hold repositories while the process exits.
void ensureLibgit2()
{
    static const int initialized = git_libgit2_init();
    Q_UNUSED(initialized);
}

template<typename T, void (*Free)(T *)> struct GitDeleter
{
    void operator()(T *p) const { Free(p); }
};
template<typename T, void (*Free)(T *)> using GitPtr = std::unique_ptr<T, GitDeleter<T, Free>>;

using StatusListPtr = GitPtr<git_status_list, git_status_list_free>;
using ReferencePtr = GitPtr<git_reference, git_reference_free>;
using ObjectPtr = GitPtr<git_object, git_object_free>;
using TreeEntryPtr = GitPtr<git_tree_entry, git_tree_entry_free>;
using BlobPtr = GitPtr<git_blob, git_blob_free>;

QString lastGitError(const QString &what)
{
    const git_error *e = git_error_last();
    return e && e->message ? what + QStringLiteral(": ") + QString::fromUtf8(e->message) : what;
}

GitRepository::FileState stateFromFlags(unsigned int flags)
{
    using S = GitRepository::FileState;
    if (flags == GIT_STATUS_CURRENT)
        return S::Unmodified;
    if (flags & GIT_STATUS_IGNORED)
        return S::Ignored;
    if (flags & GIT_STATUS_INDEX_NEW)
        return S::Added; // whatever the work tree did since, HEAD never had it
    if (flags & (GIT_STATUS_INDEX_DELETED | GIT_STATUS_WT_DELETED))
        return S::Deleted;
    if (flags == GIT_STATUS_WT_NEW)
        return S::Untracked;
    const bool staged
        = flags & (GIT_STATUS_INDEX_MODIFIED | GIT_STATUS_INDEX_RENAMED | GIT_STATUS_INDEX_TYPECHANGE);
    const bool modified = flags
        & (GIT_STATUS_WT_MODIFIED | GIT_STATUS_WT_RENAMED | GIT_STATUS_WT_TYPECHANGE | GIT_STATUS_CONFLICTED);
    if (staged && modified)
        return S::StagedAndModified;
    if (staged)
        return S::Staged;
    if (modified)
        return S::Modified;
    return S::Untracked; // WT_NEW combined with something unexpected
}

bool hasGlobCharacters(const QString &path)
{
    for (const QChar c : path)
        if (c == QLatin1Char('*') || c == QLatin1Char('?') || c == QLatin1Char('[') || c == QLatin1Char('\\'))
            return true;
    return false;
}

} // namespace

std::optional<GitRepository> GitRepository::open(const QString &pathInside)
{
    ensureLibgit2();
    const QFileInfo info(pathInside);
    const QString start = info.isDir() ? info.absoluteFilePath() : info.absolutePath();
    git_repository *repository = nullptr;
    if (git_repository_open_ext(&repository, QFile::encodeName(start).constData(), 0, nullptr) != 0)
        return std::nullopt;
    if (!git_repository_workdir(repository)) { // bare: there are no working files to judge
        git_repository_free(repository);
        return std::nullopt;
    }
    return GitRepository(repository);
}

GitRepository::GitRepository(git_repository *repository)
    : m_repository(repository)
{
    m_canonicalWorkdir
        = QFileInfo(QFile::decodeName(git_repository_workdir(m_repository))).canonicalFilePath();
}

GitRepository::GitRepository(GitRepository &&other) noexcept
    : m_repository(std::exchange(other.m_repository, nullptr))
    , m_canonicalWorkdir(std::move(other.m_canonicalWorkdir))
{
}

GitRepository &GitRepository::operator=(GitRepository &&other) noexcept
{
    if (this != &other) {
        git_repository_free(m_repository);
        m_repository = std::exchange(other.m_repository, nullptr);
        m_canonicalWorkdir = std::move(other.m_canonicalWorkdir);
    }
    return *this;
}

GitRepository::~GitRepository()
{
    git_repository_free(m_repository); // accepts nullptr (moved-from)
}

QString GitRepository::workdir() const
{
    if (!m_repository)
        return {};
    return QDir::cleanPath(QFile::decodeName(git_repository_workdir(m_repository)));
}

std::optional<QString> GitRepository::relativePath(const QString &path, bool isDirectory) const
{
    // Canonical on both sides: /tmp may be a symlink, and libgit2 reports the
    // work tree as it found it. A deleted file has no canonical path, its
    // folder does.
    const QFileInfo info(path);
    QString canonical;
    if (isDirectory) {
        canonical = info.canonicalFilePath();
    } else {
        const QString folder = QFileInfo(info.absolutePath()).canonicalFilePath();
        if (!folder.isEmpty())
            canonical = folder + QLatin1Char('/') + info.fileName();
    }
    if (canonical.isEmpty() || m_canonicalWorkdir.isEmpty())
        return std::nullopt;
    if (canonical == m_canonicalWorkdir)
        return QString();
    const QString prefix = m_canonicalWorkdir.endsWith(QLatin1Char('/'))
        ? m_canonicalWorkdir
        : m_canonicalWorkdir + QLatin1Char('/');
    if (!canonical.startsWith(prefix))
        return std::nullopt;
    const QString relative = canonical.mid(prefix.size());
    // .git itself is not part of the work tree.
    if (relative == QLatin1String(".git") || relative.startsWith(QLatin1String(".git/")))
        return std::nullopt;
    return relative;
}

QHash<QString, GitRepository::FileState> GitRepository::statuses(const QString &folder) const
{
    QHash<QString, FileState> result;
    if (!m_repository)
        return result;
    const std::optional<QString> relativeFolder = relativePath(folder, true);
    if (!relativeFolder)
        return result;
    const QString folderPrefix = relativeFolder->isEmpty() ? QString() : *relativeFolder + QLatin1Char('/');
    const QByteArray pathspecBytes = relativeFolder->toUtf8();
    char *pathspecStrings[] = { const_cast<char *>(pathspecBytes.constData()) };

    // The init function rather than GIT_STATUS_OPTIONS_INIT: clang (the fuzz
    // build) flags the macro's partial aggregate under -Wmissing-field-initializers.
    git_status_options options {};
    git_status_options_init(&options, GIT_STATUS_OPTIONS_VERSION);
    options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS
        | GIT_STATUS_OPT_INCLUDE_IGNORED | GIT_STATUS_OPT_RECURSE_IGNORED_DIRS
        | GIT_STATUS_OPT_INCLUDE_UNMODIFIED | GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH;
    // The pathspec keeps libgit2 from walking the whole work tree. A folder
    // name with glob characters would not match literally, so then the whole
    // tree is scanned and filtered below instead.
    if (!relativeFolder->isEmpty() && !hasGlobCharacters(*relativeFolder)) {
        options.pathspec.strings = pathspecStrings;
        options.pathspec.count = 1;
    }
    git_status_list *rawList = nullptr;
    if (git_status_list_new(&rawList, m_repository, &options) != 0)
        return result;
    const StatusListPtr list(rawList);

    const QString base = QDir::cleanPath(QFileInfo(folder).absoluteFilePath()) + QLatin1Char('/');
    const size_t count = git_status_list_entrycount(list.get());
    for (size_t i = 0; i < count; ++i) {
        const git_status_entry *entry = git_status_byindex(list.get(), i);
        const git_diff_delta *delta
            = entry->index_to_workdir ? entry->index_to_workdir : entry->head_to_index;
        if (!delta)
            continue;
        const QString path
            = QString::fromUtf8(delta->new_file.path ? delta->new_file.path : delta->old_file.path);
        if (!path.startsWith(folderPrefix))
            continue;
        result.insert(base + path.mid(folderPrefix.size()), stateFromFlags(entry->status));
    }
    return result;
}

GitRepository::FileState GitRepository::status(const QString &filePath) const
{
    if (!m_repository)
        return FileState::NotInRepository;
    const std::optional<QString> relative = relativePath(filePath, false);
    if (!relative || relative->isEmpty())
        return FileState::NotInRepository;
    unsigned int flags = 0;
    if (git_status_file(&flags, m_repository, relative->toUtf8().constData()) != 0)
        return FileState::NotInRepository; // neither on disk nor known to git
    return stateFromFlags(flags);
}

Result<std::optional<QByteArray>> GitRepository::headContent(const QString &filePath) const
{
    if (!m_repository)
        return std::optional<QByteArray>();
    const std::optional<QString> relative = relativePath(filePath, false);
    if (!relative || relative->isEmpty())
        return std::optional<QByteArray>();

    git_reference *rawHead = nullptr;
    const int headError = git_repository_head(&rawHead, m_repository);
    if (headError == GIT_EUNBORNBRANCH || headError == GIT_ENOTFOUND)
        return std::optional<QByteArray>(); // no commit yet: nothing is in HEAD
    if (headError != 0)
        return StrataError::make(
            StrataError::Kind::Io, lastGitError(QStringLiteral("cannot read HEAD")), filePath);
    const ReferencePtr head(rawHead);

    git_object *rawTree = nullptr;
    if (git_reference_peel(&rawTree, head.get(), GIT_OBJECT_TREE) != 0)
        return StrataError::make(
            StrataError::Kind::Io, lastGitError(QStringLiteral("cannot read HEAD's tree")), filePath);
    const ObjectPtr tree(rawTree);

    git_tree_entry *rawEntry = nullptr;
    const int entryError = git_tree_entry_bypath(
        &rawEntry, reinterpret_cast<const git_tree *>(tree.get()), relative->toUtf8().constData());
    if (entryError == GIT_ENOTFOUND)
        return std::optional<QByteArray>();
    if (entryError != 0)
        return StrataError::make(
            StrataError::Kind::Io, lastGitError(QStringLiteral("cannot look up the file in HEAD")), filePath);
    const TreeEntryPtr entry(rawEntry);
    if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB)
        return std::optional<QByteArray>(); // a folder or a submodule, not a file

    git_blob *rawBlob = nullptr;
    if (git_blob_lookup(&rawBlob, m_repository, git_tree_entry_id(entry.get())) != 0)
        return StrataError::make(
            StrataError::Kind::Io, lastGitError(QStringLiteral("cannot read the file from HEAD")), filePath);
    const BlobPtr blob(rawBlob);
    return std::optional<QByteArray>(QByteArray(static_cast<const char *>(git_blob_rawcontent(blob.get())),
        static_cast<qsizetype>(git_blob_rawsize(blob.get()))));
}

bool GitRepository::isCommittedAndModified(FileState state)
{
    switch (state) {
    case FileState::Modified:
    case FileState::Staged:
    case FileState::StagedAndModified:
    case FileState::Deleted:
        return true;
    case FileState::NotInRepository:
    case FileState::Untracked:
    case FileState::Ignored:
    case FileState::Unmodified:
    case FileState::Added:
        return false;
    }
    return false;
}
