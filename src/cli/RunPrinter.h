#pragma once

class CliContext;
class MigrationRunner;
struct RunReport;

// The terminal side of an `up` or `down` run: progress per migration (and per
// statement with --verbose), lock waits and retries, server notices, and the
// closing summary or error with what stays applied and how to restore.
class RunPrinter
{
public:
    explicit RunPrinter(CliContext &cli);

    // Before the run: connects to the runner's signals.
    void attach(MigrationRunner &runner, bool dryRun);
    // After it: prints the report and returns the exit code.
    int finish(const RunReport &report, bool up);

private:
    void attachLockReports(MigrationRunner &runner);
    // The server's progress of a long statement (CREATE INDEX, VACUUM ...) on stderr.
    void attachProgressReports(MigrationRunner &runner);

    CliContext &m_cli;
};
