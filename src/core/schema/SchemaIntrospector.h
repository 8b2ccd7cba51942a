#pragma once

#include "SchemaModel.h"
#include "common/StrataError.h"

#include <QStringList>

class PgConnection;

// Reads a database's schema from the system catalogs into a SchemaModel, in a
// handful of set-based queries inside one read-only repeatable-read
// transaction (one consistent snapshot), never one query per table.
//
// Objects that belong to an extension are the extension's and are left out;
// objects of kinds the model does not know are listed in notCompared.
class SchemaIntrospector
{
public:
    struct Options
    {
        // Tables to leave out, qualified ("public.migrations"): the history tables.
        QStringList excludedTables;
        // Schemas to read; empty: every user schema (not pg_catalog,
        // information_schema, pg_toast, pg_temp_*).
        QStringList schemas;
    };

    static Result<SchemaModel> read(PgConnection &connection, const Options &options);
};
