// libFuzzer target: the JavaScript / TypeScript tokenizer of the TypeORM readers.
#include "FuzzSupport.h"
#include "typeorm/JsTokenizer.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    quietLogging();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    JsTokenizer tokenizer(QString::fromUtf8(fuzzInput(data, size)));
    const QList<JsToken> tokens = tokenizer.tokenize();
    (void)tokens;
    return 0;
}
