// libFuzzer target: the TypeORM data source reader. The input is written as the
// project's data-source.ts in a private folder, read as `status` would read a
// cloned repository, and its migration globs are searched (inside the folder).
#include "FuzzSupport.h"
#include "typeorm/TypeOrmProject.h"

#include <QFile>
#include <QTemporaryDir>

namespace {
QTemporaryDir *project = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    quietLogging();
    project = new QTemporaryDir();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString config = project->filePath(QStringLiteral("data-source.ts"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return 0;
    file.write(reinterpret_cast<const char *>(data), qint64(size));
    file.close();
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("DB_HOST"), QStringLiteral("localhost"));
    const Result<TypeOrmProject> opened = TypeOrmProject::openConfig(project->path(), config, environment);
    if (opened)
        (void)opened->migrationFiles();
    return 0;
}
