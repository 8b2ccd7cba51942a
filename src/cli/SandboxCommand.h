#pragma once

#include "CliCommand.h"

// strata-cli sandbox: a throwaway local PostgreSQL for trying Strata out.
class SandboxCommand : public CliCommand
{
public:
    using CliCommand::CliCommand;

    QString name() const override { return QStringLiteral("sandbox"); }
    int run(const QStringList &args) override;
};
