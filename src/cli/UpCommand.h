#pragma once

#include "CliCommand.h"

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
            QStringLiteral("confirm-database") };
    }
    int run(const QStringList &args) override;

private:
    int runBackupBeforeUp();
};
