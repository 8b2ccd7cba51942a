#pragma once

#include "CliCommand.h"

// strata-cli new: create an empty migration in the project.
class NewCommand : public CliCommand
{
public:
    using CliCommand::CliCommand;

    QString name() const override { return QStringLiteral("new"); }
    QStringList ownOptions() const override { return { QStringLiteral("project") }; }
    int run(const QStringList &args) override;
};
