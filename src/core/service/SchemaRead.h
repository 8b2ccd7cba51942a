#pragma once

#include "common/StrataError.h"
#include "lint/TableSizes.h"
#include "schema/SchemaModel.h"
#include "schema/SchemaObjects.h"

#include <QHash>
#include <QMetaType>
#include <QString>

#include <optional>

// A database's schema as the schema browser shows it, read by SchemaWorker
// and handed to the GUI thread as a value: the model, its objects with their
// DDL, and the size and row estimate of each table.
struct SchemaRead
{
    SchemaModel model;
    SchemaObjects objects;
    QHash<QString, TableSize> tableSizes; // by table identity ("public.orders")
    qint64 milliseconds = 0; // connecting, reading and listing
    std::optional<StrataError> error; // nothing else is set
};

Q_DECLARE_METATYPE(SchemaRead)
