// libFuzzer target: a Strata migration file (MigrationFileParser).
#include "FuzzSupport.h"
#include "migration/MigrationFileParser.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    quietLogging();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Result<Migration> migration
        = MigrationFileParser::parse(QStringLiteral("/fuzz/1700000000000-Fuzz.sql"), fuzzInput(data, size));
    (void)migration;
    return 0;
}
