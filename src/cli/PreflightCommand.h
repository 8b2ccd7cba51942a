#pragma once

#include "CliCommand.h"

// strata-cli preflight: what would stop or hurt a run, checked before it.
class PreflightCommand : public CliCommand
{
public:
    using CliCommand::CliCommand;

    QString name() const override { return QStringLiteral("preflight"); }
    QStringList ownOptions() const override
    {
        return { QStringLiteral("count"), QStringLiteral("to"), QStringLiteral("down"),
            QStringLiteral("allow-out-of-order"), QStringLiteral("pg-version"), QStringLiteral("project") };
    }
    int run(const QStringList &args) override;
};
