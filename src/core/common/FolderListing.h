#pragma once

#include <QString>
#include <QStringList>

// The names of a folder's files (not subfolders) matching `patterns`, sorted.
// QDirIterator reads the folder once without a stat per file; QDir::entryList's
// sorting costs more than the read itself in a folder of a thousand migrations.
namespace FolderListing {
QStringList fileNames(const QString &directory, const QStringList &patterns);
}
