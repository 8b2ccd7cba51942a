#include "SchemaBlameCache.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

namespace {

constexpr qsizetype keptEntries = 32;

} // namespace

SchemaBlameCache::SchemaBlameCache(QString directory)
    : m_directory(std::move(directory))
{
    if (m_directory.isEmpty())
        m_directory
            = QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/blame");
}

QString SchemaBlameCache::keyOf(
    const MigrationList &migrations, const HistoryTable &history, const ShadowBaseline &baseline)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    auto add = [&hash](const QString &part) {
        hash.addData(part.toUtf8());
        hash.addData(QByteArrayView("\0", 1));
    };
    add(QStringLiteral("strata blame 1"));
    add(history.schema);
    add(history.table);
    add(baseline.without(migrations).describe());
    for (const Migration &m : migrations) {
        add(m.filePath);
        add(m.historyName());
        add(m.checksum);
        add(m.transactional ? QStringLiteral("t") : QStringLiteral("n"));
    }
    return QString::fromLatin1(hash.result().toHex());
}

QString SchemaBlameCache::pathOf(const QString &key) const
{
    return m_directory + QLatin1Char('/') + key + QStringLiteral(".json");
}

std::optional<SchemaBlame> SchemaBlameCache::load(const QString &key) const
{
    QFile file(pathOf(key));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return SchemaBlame::fromJson(document.object());
}

Status SchemaBlameCache::save(const QString &key, const SchemaBlame &blame) const
{
    if (!QDir().mkpath(m_directory))
        return StrataError::make(
            StrataError::Kind::Io, QStringLiteral("cannot create the blame cache folder"), m_directory);
    QSaveFile file(pathOf(key));
    if (!file.open(QIODevice::WriteOnly))
        return StrataError::make(StrataError::Kind::Io, file.errorString(), pathOf(key));
    file.write(QJsonDocument(blame.toJson()).toJson(QJsonDocument::Compact));
    if (!file.commit())
        return StrataError::make(StrataError::Kind::Io, file.errorString(), pathOf(key));
    // Each project state leaves a file; the newest few are all anyone returns to.
    const QFileInfoList entries
        = QDir(m_directory).entryInfoList({ QStringLiteral("*.json") }, QDir::Files, QDir::Time);
    for (qsizetype i = keptEntries; i < entries.size(); ++i)
        QFile::remove(entries[i].absoluteFilePath());
    return Ok {};
}
