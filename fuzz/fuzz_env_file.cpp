// libFuzzer target: the .env reader (EnvFile) a data source's dotenv loads.
#include "FuzzSupport.h"
#include "db/EnvFile.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    quietLogging();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Result<EnvFile> env = EnvFile::parse(fuzzInput(data, size), QStringLiteral("/fuzz/.env"));
    (void)env;
    return 0;
}
