#pragma once

#include "CliCommand.h"

// strata-cli validate: every migration file's format and SQL syntax, without a database.
class ValidateCommand : public CliCommand
{
public:
    using CliCommand::CliCommand;

    QString name() const override { return QStringLiteral("validate"); }
    QStringList ownOptions() const override { return { QStringLiteral("project") }; }
    int run(const QStringList &args) override;
};
