#include "FolderListing.h"

#include <QDirIterator>

namespace FolderListing {

QStringList fileNames(const QString &directory, const QStringList &patterns)
{
    QStringList names;
    QDirIterator it(directory, patterns, QDir::Files);
    while (it.hasNext()) {
        it.next();
        names.append(it.fileName());
    }
    names.sort();
    return names;
}

} // namespace FolderListing
