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
    options.excludedTables << schema + QLatin1Char('.') + history.table
                           << schema + QLatin1Char('.') + history.companionTable();
    // The introspector leaves out their owned id sequence (SERIAL) as well.
    return SchemaIntrospector::read(connection, options);
}
