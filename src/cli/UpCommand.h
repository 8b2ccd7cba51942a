#pragma once

#include "CliCommand.h"
#include "migration/MigrationSource.h"
#include "runner/MigrationRunner.h"

#include <optional>

class PgConnection;

// strata-cli up: apply pending migrations, after the pre-flight, confirmation and backup the environment
// requires.
class UpCommand : public CliCommand
{
public:
    using CliCommand::CliCommand;

    QString name() const override { return QStringLiteral("up"); }
    QStringList ownOptions() const override
    {
        return { QStringLiteral("to"), QStringLiteral("dry-run"), QStringLiteral("single-transaction"),
            QStringLiteral("allow-out-of-order"), QStringLiteral("force"), QStringLiteral("preflight"),
            QStringLiteral("lock-timeout-retry"), QStringLiteral("project"), QStringLiteral("backup"),
            QStringLiteral("confirm-database"), QStringLiteral("no-pipeline") };
    }
    int run(const QStringList &args) override;

private:
    // The pre-flight and the confirmation; the exit code when either refuses.
    std::optional<int> askBeforeRun(
        PgConnection &connection, const MigrationSource::Scan &scan, const UpOptions &up, bool withBackup);
    // up --backup: the core's BackupThenMigrate, printed as the CLI prints.
    int runWithBackup(PgConnection &connection, const MigrationSource::Scan &scan, const RunOptions &options,
        const UpOptions &up);
};
