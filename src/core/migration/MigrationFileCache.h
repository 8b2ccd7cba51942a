#pragma once

#include "Migration.h"

#include <QHash>
#include <QString>

#include <optional>

// What `status` needs of each migration file (checksum, transaction mode,
// sections present), remembered between runs so that a file that has not
// changed is not read, checked and hashed again: with a thousand migrations
// that was most of a `status` call and of every refresh of the app.
//
// An entry is used only while the file's size, modification time, change
// time, inode and device are exactly what they were when it was hashed. An
// edit changes the change time even when the modification time is put back
// and the size kept; a file replaced by a rename has another inode. A file
// written in the last seconds before it was hashed is not remembered at all
// ("racily clean", as git calls it): a second write within the file system's
// timestamp granularity could leave every stamp as it was.
//
// One cache file per migrations folder, under the user's cache folder (past
// 256 of them, the ones written longest ago go). A missing, unreadable or
// foreign cache (another format, another Strata version, another folder) is
// simply not used; it is rewritten after the scan. It holds file names and
// checksums only.
class MigrationFileCache
{
public:
    struct Stamp
    {
        qint64 size = -1;
        qint64 modifiedNs = 0;
        qint64 changedNs = 0;
        quint64 inode = 0;
        quint64 device = 0;

        bool operator==(const Stamp &) const = default;
        // The stamp of `path` from stat(2); nullopt when it cannot be read.
        static std::optional<Stamp> of(const QString &path);
    };

    struct Entry
    {
        Stamp stamp;
        QString checksum;
        bool transactional = true;
        bool emptyAllowed = false;
        bool upPresent = false;
        bool downPresent = false;
    };

    // The cache of `directory` (absolute), kept in `cacheFile` (defaultFile()
    // when empty). Nothing is read until load().
    explicit MigrationFileCache(const QString &directory, const QString &cacheFile = {});

    static QString defaultFile(const QString &directory);
    QString file() const { return m_file; }

    void load();
    // The remembered entry of `fileName` if its stamp is still `stamp`.
    const Entry *find(const QString &fileName, const Stamp &stamp) const;
    // Remembers what was read of a well-formed file, unless it changed less
    // than settleSeconds before `scanStartNs` (wall clock, ns since the epoch).
    void remember(
        const QString &fileName, const Stamp &stamp, const Migration &migration, qint64 scanStartNs);
    // Forgets the entries of files no longer in the folder.
    void keepOnly(const QStringList &fileNames);
    // Writes the cache when it changed; a failure is logged, never an error:
    // the cache only saves time.
    void save();

    // Fills the metadata of `migration` (its file name already parsed) from an entry.
    static void fill(Migration *migration, const Entry &entry);

    static constexpr int settleSeconds = 2;

private:
    QString m_directory;
    QString m_file;
    QHash<QString, Entry> m_entries;
    bool m_changed = false;
};
