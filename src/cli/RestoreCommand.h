#pragma once

#include "CliCommand.h"

// strata-cli restore: a dump restored into the database or a new one.
class RestoreCommand : public CliCommand
{
public:
    using CliCommand::CliCommand;

    QString name() const override { return QStringLiteral("restore"); }
    QStringList ownOptions() const override
    {
        return { QStringLiteral("into"), QStringLiteral("yes"), QStringLiteral("confirm-database") };
    }
    int run(const QStringList &args) override;
};
