#include "MigrationFileCache.h"

#include "common/Logging.h"
#include "common/Version.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileInfoList>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>

#include <sys/stat.h>

namespace {

// Bumped whenever what an entry means changes (the checksum's normalization,
// the parser's rules); the Strata version is checked as well.
constexpr quint32 formatVersion = 1;
constexpr quint32 magic = 0x53544d43; // "STMC"

constexpr qint64 nsPerSecond = 1000000000;

qint64 nanoseconds(const struct timespec &t)
{
    return qint64(t.tv_sec) * nsPerSecond + t.tv_nsec;
}

QDataStream &operator<<(QDataStream &out, const MigrationFileCache::Entry &e)
{
    return out << e.stamp.size << e.stamp.modifiedNs << e.stamp.changedNs << e.stamp.inode << e.stamp.device
               << e.checksum << e.transactional << e.emptyAllowed << e.upPresent << e.downPresent;
}

QDataStream &operator>>(QDataStream &in, MigrationFileCache::Entry &e)
{
    return in >> e.stamp.size >> e.stamp.modifiedNs >> e.stamp.changedNs >> e.stamp.inode >> e.stamp.device
        >> e.checksum >> e.transactional >> e.emptyAllowed >> e.upPresent >> e.downPresent;
}

// Every folder ever scanned leaves a cache file (temporary folders too): past
// a few hundred, the ones written longest ago go.
void pruneFolder(const QDir &folder)
{
    constexpr qsizetype most = 256;
    constexpr qsizetype kept = 192;
    const QFileInfoList files
        = folder.entryInfoList({ QStringLiteral("*.cache") }, QDir::Files, QDir::Time | QDir::Reversed);
    if (files.size() <= most)
        return;
    for (qsizetype i = 0; i < files.size() - kept; ++i)
        QFile::remove(files.at(i).absoluteFilePath());
}

} // namespace

std::optional<MigrationFileCache::Stamp> MigrationFileCache::Stamp::of(const QString &path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return std::nullopt;
    Stamp s;
    s.size = qint64(st.st_size);
    s.modifiedNs = nanoseconds(st.st_mtim);
    s.changedNs = nanoseconds(st.st_ctim);
    s.inode = quint64(st.st_ino);
    s.device = quint64(st.st_dev);
    return s;
}

MigrationFileCache::MigrationFileCache(const QString &directory, const QString &cacheFile)
    : m_directory(directory)
    , m_file(cacheFile.isEmpty() ? defaultFile(directory) : cacheFile)
{
}

QString MigrationFileCache::defaultFile(const QString &directory)
{
    const QByteArray key = QCryptographicHash::hash(directory.toUtf8(), QCryptographicHash::Sha256).toHex();
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/checksums/")
        + QString::fromLatin1(key.left(32)) + QStringLiteral(".cache");
}

void MigrationFileCache::load()
{
    m_entries.clear();
    QFile file(m_file);
    if (!file.open(QIODevice::ReadOnly))
        return;
    QDataStream in(&file);
    in.setVersion(QDataStream::Qt_6_4);
    quint32 fileMagic = 0;
    quint32 version = 0;
    QString strata;
    QString directory;
    qint32 count = 0;
    in >> fileMagic >> version >> strata >> directory >> count;
    if (in.status() != QDataStream::Ok || fileMagic != magic || version != formatVersion
        || strata != strataVersion() || directory != m_directory || count < 0) {
        qCDebug(lcSource) << "not using the checksum cache" << m_file
                          << "(another format, version or folder)";
        return;
    }
    m_entries.reserve(count);
    for (qint32 i = 0; i < count; ++i) {
        QString name;
        Entry entry;
        in >> name >> entry;
        if (in.status() != QDataStream::Ok) {
            qCDebug(lcSource) << "the checksum cache" << m_file << "is truncated; not using it";
            m_entries.clear();
            return;
        }
        m_entries.insert(name, entry);
    }
}

const MigrationFileCache::Entry *MigrationFileCache::find(const QString &fileName, const Stamp &stamp) const
{
    const auto it = m_entries.constFind(fileName);
    if (it == m_entries.constEnd() || !(it->stamp == stamp))
        return nullptr;
    return &*it;
}

void MigrationFileCache::remember(
    const QString &fileName, const Stamp &stamp, const Migration &migration, qint64 scanStartNs)
{
    const qint64 settled = scanStartNs - settleSeconds * nsPerSecond;
    if (stamp.modifiedNs > settled || stamp.changedNs > settled) {
        // Too recent to trust its stamp: forget any older entry as well.
        if (m_entries.remove(fileName))
            m_changed = true;
        return;
    }
    Entry entry;
    entry.stamp = stamp;
    entry.checksum = migration.checksum;
    entry.transactional = migration.transactional;
    entry.emptyAllowed = migration.emptyAllowed;
    entry.upPresent = migration.up.present;
    entry.downPresent = migration.down.present;
    m_entries.insert(fileName, entry);
    m_changed = true;
}

void MigrationFileCache::keepOnly(const QStringList &fileNames)
{
    if (m_entries.size() <= fileNames.size()) {
        bool allListed = true;
        for (auto it = m_entries.cbegin(); allListed && it != m_entries.cend(); ++it)
            allListed = fileNames.contains(it.key());
        if (allListed)
            return;
    }
    const QSet<QString> keep(fileNames.cbegin(), fileNames.cend());
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (keep.contains(it.key())) {
            ++it;
        } else {
            it = m_entries.erase(it);
            m_changed = true;
        }
    }
}

void MigrationFileCache::save()
{
    if (!m_changed)
        return;
    if (!QDir().mkpath(QFileInfo(m_file).absolutePath())) {
        qCDebug(lcSource) << "cannot create the folder of the checksum cache" << m_file;
        return;
    }
    // Written whole and renamed into place: a reader sees the old cache or the new one.
    QSaveFile file(m_file);
    if (!file.open(QIODevice::WriteOnly)) {
        qCDebug(lcSource) << "cannot write the checksum cache" << m_file << file.errorString();
        return;
    }
    QDataStream out(&file);
    out.setVersion(QDataStream::Qt_6_4);
    out << magic << formatVersion << strataVersion() << m_directory << qint32(m_entries.size());
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it)
        out << it.key() << *it;
    if (out.status() != QDataStream::Ok || !file.commit()) {
        qCDebug(lcSource) << "cannot write the checksum cache" << m_file << file.errorString();
        return;
    }
    m_changed = false;
    pruneFolder(QFileInfo(m_file).absoluteDir());
}

void MigrationFileCache::fill(Migration *migration, const Entry &entry)
{
    migration->checksum = entry.checksum;
    migration->transactional = entry.transactional;
    migration->emptyAllowed = entry.emptyAllowed;
    migration->up.present = entry.upPresent;
    migration->down.present = entry.downPresent;
    migration->contentLoaded = false;
}
