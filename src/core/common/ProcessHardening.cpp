#include "ProcessHardening.h"

#include "Logging.h"

#include <QtGlobal>

#include <sys/prctl.h>
#include <sys/resource.h>

void ProcessHardening::disableCoreDumps()
{
    if (qEnvironmentVariable("STRATA_ALLOW_CORE_DUMPS") == QLatin1String("1"))
        return;
    const rlimit none { 0, 0 };
    if (::setrlimit(RLIMIT_CORE, &none) != 0)
        qCWarning(lcDb) << "could not disable core dumps (RLIMIT_CORE)";
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        qCWarning(lcDb) << "could not make the process non-dumpable (PR_SET_DUMPABLE)";
}
