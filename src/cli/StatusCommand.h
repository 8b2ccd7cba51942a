#pragma once

#include "CliCommand.h"

// strata-cli status: each migration's state: applied, pending, out of order, edited, missing.
class StatusCommand : public CliCommand
{
public:
    using CliCommand::CliCommand;

    QString name() const override { return QStringLiteral("status"); }
    QStringList ownOptions() const override
    {
        return { QStringLiteral("exit-code"), QStringLiteral("project") };
    }
    int run(const QStringList &args) override;
};
