#pragma once

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

// A temporary migrations folder that tests fill with files.
class MigrationFolder
{
public:
    MigrationFolder();

    QString path() const { return m_dir.path(); }
    // Writes `<timestamp>-<name>.sql` with the given up and down sections.
    QString add(qint64 timestamp, const QString &name, const QByteArray &up, const QByteArray &down,
        const QByteArray &upOptions = {});
    // Writes a file with exactly these bytes.
    QString write(const QString &fileName, const QByteArray &bytes);
    bool remove(const QString &fileName);
    // Copies the project's sample migrations in.
    void copySampleMigrations();

private:
    QTemporaryDir m_dir;
};
