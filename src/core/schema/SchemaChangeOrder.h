#pragma once

#include "SchemaChange.h"
#include "SchemaModel.h"

#include <QList>
#include <QSet>
#include <QString>

// The order changes run in (up), before the dependencies read from pg_depend
// move a change after what it needs (see SchemaChangeOrder::sorted()). Down runs the
// inverse of each change in the reverse order, which is dependency-correct for
// the same reason.
enum Phase {
    RenameObjects,
    DropPolicies,
    DropTriggers,
    DropViews,
    DropForeignKeys,
    DropIndexes,
    DropConstraints,
    DisownSequences,
    CreateSchemas,
    CreateExtensions,
    CreateEnums,
    ChangeEnums,
    CreateDomains,
    CreateCompositeTypes,
    CreateSequences,
    CreateFunctions,
    CreateOperators,
    CreateAggregates,
    CreateTables,
    DropColumns,
    AddColumns,
    AlterColumns,
    DropTables,
    DropSequences,
    DropAggregates,
    DropOperators,
    DropFunctions,
    DropCompositeTypes,
    DropDomains,
    DropEnums,
    DropExtensions,
    DropSchemas,
    AddConstraints,
    CreateIndexes,
    AddForeignKeys,
    OwnSequences,
    CreateViews,
    CreateTriggers,
    CreatePolicies,
    Comments,
};

struct Step
{
    Phase phase;
    SchemaChange change;
};

// The order of a schema diff's changes: by phase, then by the dependencies
// pg_depend recorded; and the order tables and views are created in.
class SchemaChangeOrder
{
public:
    // The changes of `steps` in the order they run (up): by phase, then an
    // object created after what it needs in `to` and dropped before what it
    // needs in `from`.
    static QList<SchemaChange> sorted(QList<Step> steps, const SchemaModel &from, const SchemaModel &to);
    // Parents before partitions, ties by name.
    static QList<QString> tables(const SchemaModel &model, const QSet<QString> &names);
    // Views after the views they read, ties by name.
    static QList<QString> views(const SchemaModel &model, const QSet<QString> &names);

private:
    // The node of SchemaModel::dependencies a change creates, alters or drops;
    // empty for changes to parts of an object (columns, indexes, comments).
    static QString dependencyNode(const SchemaChange &c);
};
