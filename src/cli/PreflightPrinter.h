#pragma once

#include <QTextStream>

struct LockWait;
struct PreflightReport;

// The pre-flight and the lock-wait watch as text: one line per check with its
// severity, the sessions and details indented under it.
class PreflightPrinter
{
public:
    static void print(QTextStream &out, const PreflightReport &report);
    static void printLockWait(QTextStream &out, const LockWait &wait);
};
