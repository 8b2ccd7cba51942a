#pragma once

#include "CliCommand.h"

// strata-cli down: revert applied migrations (the last one, --count N or --to NAME).
class DownCommand : public CliCommand
{
public:
    using CliCommand::CliCommand;

    QString name() const override { return QStringLiteral("down"); }
    QStringList ownOptions() const override
    {
        return { QStringLiteral("count"), QStringLiteral("to"), QStringLiteral("dry-run"),
            QStringLiteral("single-transaction"), QStringLiteral("force"), QStringLiteral("preflight"),
            QStringLiteral("lock-timeout-retry"), QStringLiteral("project"),
            QStringLiteral("confirm-database"), QStringLiteral("no-pipeline") };
    }
    int run(const QStringList &args) override;
};
