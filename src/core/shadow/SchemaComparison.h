#pragma once

#include "common/StrataError.h"
#include "schema/SchemaModel.h"

#include <QMetaType>
#include <QString>

// Two schemas read by SchemaWorker, handed to the GUI thread as values: the
// GUI diffs them itself (fast, pure computation), so accepting a rename
// candidate does not load the schemas again.
struct SchemaComparison
{
    SchemaModel from;
    SchemaModel to;
    QString fromDescription;
    QString toDescription;
    bool failed = false;
    StrataError error;
};

Q_DECLARE_METATYPE(SchemaComparison)
