#pragma once

#include "common/StrataError.h"
#include "shadow/SchemaBlame.h"

#include <QMetaType>
#include <QString>

#include <optional>

// A blame of the project's migrations as SchemaWorker hands it to the GUI
// thread: computed by a replay in a shadow database or read from the cache.
struct SchemaBlameRead
{
    SchemaBlame blame;
    QString migrationsDirectory;
    bool cached = false; // read from SchemaBlameCache, no replay
    qint64 milliseconds = 0;
    std::optional<StrataError> error; // nothing else is set
};

Q_DECLARE_METATYPE(SchemaBlameRead)
