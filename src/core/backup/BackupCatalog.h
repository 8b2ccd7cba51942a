#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

// One dump in a backup folder, as its file name and the file system describe it.
struct BackupFile
{
    QString path; // absolute
    QString fileName;
    QString profile; // sanitised, as in the name
    QString database; // sanitised, as in the name
    QDateTime createdAt; // UTC, from the name (the moment the dump started)
    qint64 sizeBytes = 0;
};
using BackupFileList = QList<BackupFile>;

// The backups Strata writes: `<profile>-<database>-<UTC timestamp>.dump` (for
// example `staging-shop-20261126T071500Z.dump`) in a folder per profile. The
// profile and database parts are sanitised so that a name always splits back
// into its three parts: anything but letters, digits, '_' and '.' becomes '_'
// (so a '-' in a profile id does too). A second dump within the same second gets
// `_2`, `_3` ... after the timestamp.
class BackupCatalog
{
public:
    // The label used for backups made without a saved profile (command line
    // with --dsn, --host ...).
    static QString noProfileLabel() { return QStringLiteral("default"); }

    static QString sanitise(const QString &part);
    static QString timestamp(const QDateTime &utc); // 20261126T071500Z
    // The first free name for a dump of `database` through `profile` at `utc` in `folder`.
    static QString fileNameFor(
        const QString &folder, const QString &profile, const QString &database, const QDateTime &utc);
    // Parses a name written by fileNameFor; false if it is not one of ours.
    static bool parseFileName(const QString &fileName, BackupFile *out);
    // Describes one file (any name): parsed parts when the name is ours, else the
    // file's modification time. False if the file does not exist.
    static bool describe(const QString &path, BackupFile *out);

    // <AppDataLocation>/backups/<sanitised profile>: where dumps go unless the
    // profile names a folder.
    static QString defaultFolder(const QString &profile);

    // The dumps in `folder`, newest first; with `profile` / `database` set, only
    // theirs (compared after sanitising). Unfinished `.dump.partial` files and
    // files with other names are not listed.
    static BackupFileList list(
        const QString &folder, const QString &profile = {}, const QString &database = {});
};

Q_DECLARE_METATYPE(BackupFile)
