#pragma once

#include "CliCommand.h"

// strata-cli backups: the backups of this profile and database, newest first.
class BackupsCommand : public CliCommand
{
public:
    using CliCommand::CliCommand;

    QString name() const override { return QStringLiteral("backups"); }
    int run(const QStringList &args) override;
};
