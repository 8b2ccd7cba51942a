#include "PreflightPrinter.h"

#include "preflight/PreflightReport.h"
#include "runner/LockWait.h"

void PreflightPrinter::print(QTextStream &out, const PreflightReport &report)
{
    out << "Pre-flight for " << report.target << " at " << report.checkedAt.toString(Qt::ISODate) << '\n';
    int width = 0;
    for (const PreflightCheck &c : report.checks)
        width = qMax(width, int(c.title.size()));
    for (const PreflightCheck &c : report.checks) {
        const QString severity = c.severity == PreflightCheck::Severity::Blocker
            ? QStringLiteral("BLOCKER")
            : PreflightCheck::severityName(c.severity);
        out << "  " << severity.leftJustified(8) << c.title.leftJustified(width + 2) << c.message << '\n';
        for (const BackendSession &s : c.sessions)
            out << "      " << s.describe() << '\n';
        for (const QString &d : c.details)
            out << "      " << d << '\n';
    }
    out << "Result: " << report.summary() << '\n';
    out.flush();
}

void PreflightPrinter::printLockWait(QTextStream &out, const LockWait &wait)
{
    if (wait.isEmpty()) {
        out << "lock wait: no longer blocked\n";
    } else {
        out << "lock wait: \"" << wait.statement << "\" has waited "
            << BackendSession::formatAge(double(wait.waitedMs) / 1000.0);
        if (!wait.waitingFor.isEmpty())
            out << " for " << wait.waitingFor;
        out << "; blocked by:\n";
        for (const BackendSession &s : wait.blockers)
            out << "    " << s.describe() << '\n';
    }
    out.flush();
}
