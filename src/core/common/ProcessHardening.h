#pragma once

// What a process holding database passwords does at start, before it reads one.
class ProcessHardening
{
public:
    // No core dump of this process (RLIMIT_CORE 0, inherited by children unless
    // they raise it) and not dumpable (PR_SET_DUMPABLE 0: no core even if a
    // handler raises the limit, and no ptrace or /proc/PID/mem reading by other
    // processes of the same user). A core file would hold every password read
    // so far. STRATA_ALLOW_CORE_DUMPS=1 keeps both for debugging.
    static void disableCoreDumps();
};
