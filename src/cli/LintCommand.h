#pragma once

#include "CliCommand.h"

// strata-cli lint: risky SQL in migrations (text, JSON or SARIF).
class LintCommand : public CliCommand
{
public:
    using CliCommand::CliCommand;

    QString name() const override { return QStringLiteral("lint"); }
    QStringList ownOptions() const override
    {
        return { QStringLiteral("pg-version"), QStringLiteral("project") };
    }
    int run(const QStringList &args) override;
};
