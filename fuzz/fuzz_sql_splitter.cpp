// libFuzzer target: the SQL splitter (SqlScript, libpg_query underneath).
#include "FuzzSupport.h"
#include "sql/SqlScript.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    quietLogging();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Result<QList<SqlStatement>> statements
        = SqlScript::parse(fuzzInput(data, size), QStringLiteral("fuzz.sql"));
    (void)statements;
    return 0;
}
