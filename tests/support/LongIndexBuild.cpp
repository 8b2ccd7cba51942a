#include "LongIndexBuild.h"

#include "DbProbe.h"
#include "MigrationFolder.h"

namespace LongIndexBuild {

bool prepare(DbProbe &probe, MigrationFolder &folder)
{
    if (!probe.exec(
            "CREATE TABLE big AS SELECT g AS id, md5(g::text) AS t FROM generate_series(1, 1500000) AS g"))
        return false;
    folder.add(1700000000001, QStringLiteral("IndexBig"),
        "SET LOCAL maintenance_work_mem = '1MB';\n"
        "SET LOCAL max_parallel_maintenance_workers = 0;\n"
        "CREATE INDEX big_t ON big ((md5(md5(md5(md5(t))))), t);",
        "DROP INDEX big_t;");
    return true;
}

} // namespace LongIndexBuild
