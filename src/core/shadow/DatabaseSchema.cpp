#include "DatabaseSchema.h"

#include "db/PgConnection.h"
#include "db/PgResult.h"
#include "schema/SchemaIntrospector.h"

Result<SchemaModel> DatabaseSchema::read(PgConnection &connection, const HistoryTable &history)
{
    QString schema = history.schema;
    if (schema.isEmpty()) {
        PgResult r = connection.exec("SELECT current_schema()");
        if (!r.ok())
            return r.error();
        schema = r.rowCount() == 1 && !r.isNull(0, 0) ? r.value(0, 0) : QStringLiteral("public");
    }
    SchemaIntrospector::Options options;
    // TypeORM's own bookkeeping beside its history table (typeorm_metadata:
    // view definitions and generated columns; 0.2 creates it on every run)
    // is no more the project's schema than the history is: a database TypeORM
    // migrated would otherwise show it as drift no migration made.
    options.excludedTables << schema + QLatin1Char('.') + history.table
                           << schema + QLatin1Char('.') + history.companionTable()
                           << schema + QStringLiteral(".typeorm_metadata");
    // The introspector leaves out their owned id sequence (SERIAL) as well.
    return SchemaIntrospector::read(connection, options);
}
