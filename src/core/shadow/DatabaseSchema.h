#pragma once

#include "common/StrataError.h"
#include "history/HistoryTable.h"
#include "schema/SchemaModel.h"

class PgConnection;

// The schema a migration chain made: what the introspector reads, less the
// history tables that record the chain (they are the runner's, not the
// project's schema).
class DatabaseSchema
{
public:
    // `history` names the tables to leave out; its schema defaults to the
    // connection's current_schema().
    static Result<SchemaModel> read(PgConnection &connection, const HistoryTable &history);
};
