#pragma once

#include "LintContext.h"
#include "common/StrataError.h"

#include <optional>

class PgConnection;

// What the connected database tells lint beyond table sizes: its version (the
// version the migration will meet), which functions are volatile, and which
// columns a validated CHECK (col IS NOT NULL) already proves.
class LintDatabaseFacts
{
public:
    // Fills `context`; an error leaves it as it was (lint works offline).
    // `keepVersion`: the project pinned a target version (strata.ini or
    // --pg-version), which wins over the server's.
    static std::optional<StrataError> read(PgConnection &connection, LintContext &context, bool keepVersion);
};
