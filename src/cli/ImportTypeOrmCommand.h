#pragma once

#include "CliCommand.h"

// strata-cli import-typeorm: TypeORM migrations converted into .sql files.
class ImportTypeOrmCommand : public CliCommand
{
public:
    using CliCommand::CliCommand;

    QString name() const override { return QStringLiteral("import-typeorm"); }
    QStringList ownOptions() const override
    {
        return { QStringLiteral("force"), QStringLiteral("typeorm-version") };
    }
    int run(const QStringList &args) override;
};
