// libFuzzer target: the TypeORM migration reader (a migration class, read statically).
#include "FuzzSupport.h"
#include "typeorm/TypeOrmMigrationReader.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    quietLogging();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Result<TypeOrmMigrationFile> file = TypeOrmMigrationReader::parse(
        QString::fromUtf8(fuzzInput(data, size)), QStringLiteral("/fuzz/1700000000000-Fuzz.ts"));
    (void)file;
    return 0;
}
