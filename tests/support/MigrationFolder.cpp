#include "MigrationFolder.h"

#include <QDir>
#include <QFile>

MigrationFolder::MigrationFolder() = default;

QString MigrationFolder::add(qint64 timestamp, const QString &name, const QByteArray &up,
    const QByteArray &down, const QByteArray &upOptions)
{
    QByteArray text = "-- migrate:up";
    if (!upOptions.isEmpty())
        text += ' ' + upOptions;
    text += '\n' + up + "\n-- migrate:down\n" + down + '\n';
    return write(QString::number(timestamp) + QLatin1Char('-') + name + QStringLiteral(".sql"), text);
}

QString MigrationFolder::write(const QString &fileName, const QByteArray &bytes)
{
    const QString filePath = QDir(m_dir.path()).absoluteFilePath(fileName);
    QFile file(filePath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(filePath));
    file.write(bytes);
    return filePath;
}

bool MigrationFolder::remove(const QString &fileName)
{
    return QFile::remove(QDir(m_dir.path()).absoluteFilePath(fileName));
}

void MigrationFolder::copySampleMigrations()
{
    const QDir sample(QStringLiteral(STRATA_SOURCE_DIR "/migrations"));
    for (const QString &f : sample.entryList({ QStringLiteral("*.sql") }, QDir::Files))
        QFile::copy(sample.absoluteFilePath(f), QDir(m_dir.path()).absoluteFilePath(f));
}
