#include "RunPrinter.h"

#include "CliContext.h"
#include "PreflightPrinter.h"
#include "StatusPrinter.h"
#include "runner/MigrationRunner.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>

#include <memory>
#include <mutex>

#include <unistd.h>

RunPrinter::RunPrinter(CliContext &cli)
    : m_cli(cli)
{
}

void RunPrinter::attach(MigrationRunner &runner, bool dryRun)
{
    attachLockReports(runner);
    attachProgressReports(runner);
    const bool verbose = m_cli.parser().isSet(QStringLiteral("verbose"));
    if (!m_cli.json()) {
        QObject::connect(&runner, &MigrationRunner::lockWaiting, [this](const QString &holder) {
            m_cli.err() << "waiting for the migration lock held by " << holder << '\n';
            m_cli.err().flush();
        });
        if (!dryRun) {
            QObject::connect(&runner, &MigrationRunner::migrationStarted,
                [this](int index, int count, const QString &name, bool isUp) {
                    m_cli.out() << QStringLiteral("[%1/%2] %3 %4")
                                       .arg(index + 1)
                                       .arg(count)
                                       .arg(isUp ? QStringLiteral("up  ") : QStringLiteral("down"), name);
                    m_cli.out().flush();
                });
            QObject::connect(
                &runner, &MigrationRunner::migrationFinished, [this](int, const QString &, qint64 ms) {
                    m_cli.out() << QStringLiteral(" ... ok (%1 ms)\n").arg(ms);
                    m_cli.out().flush();
                });
            if (verbose)
                QObject::connect(&runner, &MigrationRunner::statementStarted,
                    [this](int, int statement, int count, const QString &summary, int line) {
                        m_cli.out() << QStringLiteral("\n    %1/%2 line %3: %4")
                                           .arg(statement + 1)
                                           .arg(count)
                                           .arg(line)
                                           .arg(summary);
                        m_cli.out().flush();
                    });
        }
    }
    QObject::connect(
        &runner, &MigrationRunner::noticeReceived, [this](const QString &severity, const QString &message) {
            std::lock_guard lock(m_cli.errLock());
            m_cli.err() << '\n' << severity << ": " << message << '\n';
            m_cli.err().flush();
        });
}

void RunPrinter::attachProgressReports(MigrationRunner &runner)
{
    // Direct, as the lock reports. On a terminal one line is rewritten in
    // place; in a log, a line per phase; with --json, one JSON object per
    // report on stderr (stdout keeps the single document of the run).
    const bool terminal = ::isatty(STDERR_FILENO) == 1;
    struct Shown
    {
        bool any = false; // a report of this statement was printed
        QString phase;
    };
    auto shown = std::make_shared<Shown>();
    QObject::connect(
        &runner, &MigrationRunner::statementProgressChanged, &runner,
        [this, terminal, shown](const StatementProgress &progress) {
            std::lock_guard lock(m_cli.errLock());
            if (m_cli.json()) {
                QJsonObject event;
                event[QLatin1String("event")]
                    = progress.isEmpty() ? QStringLiteral("progressEnd") : QStringLiteral("progress");
                event[QLatin1String("statement")] = progress.statement;
                if (!progress.isEmpty()) {
                    event[QLatin1String("command")] = progress.command;
                    event[QLatin1String("phase")] = progress.phase;
                    event[QLatin1String("done")] = progress.done;
                    event[QLatin1String("total")] = progress.total;
                    event[QLatin1String("unit")] = progress.unit;
                    event[QLatin1String("percent")] = progress.percent();
                    event[QLatin1String("secondsLeft")] = progress.secondsLeft;
                    event[QLatin1String("elapsedMs")] = progress.elapsedMs;
                }
                m_cli.err() << QJsonDocument(event).toJson(QJsonDocument::Compact) << '\n';
            } else if (progress.isEmpty()) {
                // The last report stays; the run's own output goes on below it.
                if (terminal && shown->any)
                    m_cli.err() << '\n';
                *shown = Shown {};
            } else if (terminal || progress.phase != shown->phase) {
                // A line of its own under "[i/n] up Name"; on a terminal it
                // is rewritten in place (\r, erase line) by each report.
                m_cli.err() << (!shown->any ? "\n"
                        : terminal          ? "\r\x1b[K"
                                            : "")
                            << "    " << progress.describe() << (terminal ? "" : "\n");
                shown->any = true;
                shown->phase = progress.phase;
            }
            m_cli.err().flush();
        },
        Qt::DirectConnection);
}

void RunPrinter::attachLockReports(MigrationRunner &runner)
{
    // Direct: the lock watch reports from its own thread while this one is
    // inside the statement. Only changes arrive, so each is printed.
    QObject::connect(
        &runner, &MigrationRunner::lockWaitChanged, &runner,
        [this](const LockWait &wait) {
            std::lock_guard lock(m_cli.errLock());
            PreflightPrinter::printLockWait(m_cli.err(), wait);
        },
        Qt::DirectConnection);
    QObject::connect(&runner, &MigrationRunner::lockTimedOut,
        [this](int migration, int statement, int attempt, int retries, qint64 retryInMs, bool whole,
            const QString &message) {
            std::lock_guard lock(m_cli.errLock());
            m_cli.err() << "\nlock timeout: " << message << "; ";
            if (whole)
                m_cli.err() << (migration < 0 ? "the run was rolled back" : "the migration was rolled back");
            else
                m_cli.err() << "statement " << statement + 1 << " failed (the ones before it stay committed)";
            m_cli.err() << "; retry " << attempt << " of " << retries << " in "
                        << QString::number(double(retryInMs) / 1000.0, 'f', 1) << " s\n";
            m_cli.err().flush();
        });
}

int RunPrinter::finish(const RunReport &report, bool up)
{
    if (m_cli.json()) {
        m_cli.out() << QJsonDocument(StatusPrinter::reportJson(report)).toJson(QJsonDocument::Indented);
        m_cli.out().flush();
    } else if (report.dryRun) {
        StatusPrinter::printPlan(m_cli.out(), report);
    }
    if (report.error) {
        const StrataError &e = *report.error;
        if (!m_cli.json())
            m_cli.out() << '\n';
        m_cli.out().flush();
        m_cli.err() << "error: " << e.toString() << '\n';
        if (!report.plan.isEmpty() && e.kind != StrataError::Kind::Lock) {
            const int done = int(report.completed.size());
            if (done < report.plan.size() && !report.dryRun) {
                m_cli.err() << report.plan[done].step.migration.historyName() << " was rolled back";
                if (done + 1 < report.plan.size())
                    m_cli.err() << "; the " << (report.plan.size() - done - 1)
                                << " after it were not attempted";
                m_cli.err() << ".\n";
                if (done > 0 && report.completedDurable)
                    m_cli.err() << done << " migration(s) before it were " << (up ? "applied" : "reverted")
                                << " and stay so.\n";
                else if (done > 0)
                    m_cli.err()
                        << done << " migration(s) before it reported success, but could not be made durable ("
                        << report.durabilityProblem
                        << "): if the server crashed, some or all of them may be lost. Check with `status` "
                           "once the server is back, and run `up` again.\n";
            }
        }
        if (!m_cli.backupPath().isEmpty())
            m_cli.err()
                << "The backup taken before this run is " << QDir::toNativeSeparators(m_cli.backupPath())
                << "\nTo put the database back as it was before the run:\n  "
                << m_cli.restoreCommandFor(m_cli.backupPath())
                << "\n(or restore it into a new database to compare first: add --into NEW_DATABASE)\n";
        m_cli.err().flush();
        return e.kind == StrataError::Kind::Usage ? CliContext::UsageError : CliContext::Failure;
    }
    if (!m_cli.json() && !report.dryRun) {
        if (report.completed.isEmpty())
            m_cli.out() << (up ? "Nothing to apply: the database is up to date.\n" : "Nothing to revert.\n");
        else
            m_cli.out() << (up ? "Applied " : "Reverted ") << report.completed.size() << " migration(s) in "
                        << QString::number(double(report.durationMs) / 1000.0, 'f', 2) << " s.\n";
    }
    m_cli.out().flush();
    return CliContext::Success;
}
