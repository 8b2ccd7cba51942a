#include "BackupCatalog.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

#include <algorithm>

namespace {

const QRegularExpression &namePattern()
{
    static const QRegularExpression pattern(
        QStringLiteral("^([A-Za-z0-9_.]+)-([A-Za-z0-9_.]+)-(\\d{8}T\\d{6}Z)(?:_(\\d+))?\\.dump$"));
    return pattern;
}

} // namespace

QString BackupCatalog::sanitise(const QString &part)
{
    QString out;
    out.reserve(part.size());
    for (const QChar c : part) {
        const bool plain = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_')
            || c == QLatin1Char('.');
        out += plain ? c : QLatin1Char('_');
    }
    // "." and ".." alone would be folder names, and an empty part would not split back.
    if (out.isEmpty() || out == QLatin1String(".") || out == QLatin1String(".."))
        out = QStringLiteral("_") + out;
    return out;
}

QString BackupCatalog::timestamp(const QDateTime &utc)
{
    return utc.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
}

QString BackupCatalog::fileNameFor(
    const QString &folder, const QString &profile, const QString &database, const QDateTime &utc)
{
    const QString stem
        = sanitise(profile) + QLatin1Char('-') + sanitise(database) + QLatin1Char('-') + timestamp(utc);
    const QDir dir(folder);
    QString name = stem + QLatin1String(".dump");
    for (int n = 2; dir.exists(name) || dir.exists(name + QLatin1String(".partial")); ++n)
        name = stem + QStringLiteral("_%1.dump").arg(n);
    return name;
}

bool BackupCatalog::parseFileName(const QString &fileName, BackupFile *out)
{
    const QRegularExpressionMatch m = namePattern().match(fileName);
    if (!m.hasMatch())
        return false;
    QDateTime time = QDateTime::fromString(m.captured(3), QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    if (!time.isValid())
        return false;
    time.setTimeSpec(Qt::UTC);
    out->fileName = fileName;
    out->profile = m.captured(1);
    out->database = m.captured(2);
    out->createdAt = time;
    return true;
}

bool BackupCatalog::describe(const QString &path, BackupFile *out)
{
    const QFileInfo info(path);
    if (!info.isFile())
        return false;
    BackupFile file;
    if (!parseFileName(info.fileName(), &file)) {
        file = BackupFile {};
        file.fileName = info.fileName();
        file.createdAt = info.lastModified().toUTC();
    }
    file.path = info.absoluteFilePath();
    file.sizeBytes = info.size();
    *out = file;
    return true;
}

QString BackupCatalog::defaultFolder(const QString &profile)
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QLatin1String("/backups/")
        + sanitise(profile.isEmpty() ? noProfileLabel() : profile);
}

BackupFileList BackupCatalog::list(const QString &folder, const QString &profile, const QString &database)
{
    const QString wantedProfile = profile.isEmpty() ? QString() : sanitise(profile);
    const QString wantedDatabase = database.isEmpty() ? QString() : sanitise(database);
    BackupFileList result;
    const QDir dir(folder);
    const QFileInfoList entries = dir.entryInfoList(
        { QStringLiteral("*.dump") }, QDir::Files | QDir::Readable | QDir::NoDotAndDotDot);
    for (const QFileInfo &info : entries) {
        BackupFile file;
        if (!parseFileName(info.fileName(), &file))
            continue;
        if ((!wantedProfile.isEmpty() && file.profile != wantedProfile)
            || (!wantedDatabase.isEmpty() && file.database != wantedDatabase))
            continue;
        file.path = info.absoluteFilePath();
        file.sizeBytes = info.size();
        result.append(file);
    }
    // Newest first; within one second the `_N` suffix orders them.
    std::sort(result.begin(), result.end(), [](const BackupFile &a, const BackupFile &b) {
        if (a.createdAt != b.createdAt)
            return a.createdAt > b.createdAt;
        return a.fileName.size() != b.fileName.size() ? a.fileName.size() > b.fileName.size()
                                                      : a.fileName > b.fileName;
    });
    return result;
}
