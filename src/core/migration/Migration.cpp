#include "Migration.h"

#include <QFileInfo>

QString Migration::fileName() const
{
    return QFileInfo(filePath).fileName();
}
