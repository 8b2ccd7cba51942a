#pragma once

#include "CliCommand.h"

// strata-cli drift: what was run against what the files say now.
class DriftCommand : public CliCommand
{
public:
    using CliCommand::CliCommand;

    QString name() const override { return QStringLiteral("drift"); }
    QStringList ownOptions() const override
    {
        return { QStringLiteral("exit-code"), QStringLiteral("project") };
    }
    int run(const QStringList &args) override;
};
