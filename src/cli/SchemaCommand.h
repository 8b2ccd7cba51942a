#pragma once

#include "CliCommand.h"

// strata-cli diff, generate and verify: hands the command line to
// SchemaCommands, which loads schemas into shadow databases and compares them.
class SchemaCommand : public CliCommand
{
public:
    enum class Kind { Diff, Generate, Verify };

    SchemaCommand(CliContext &cli, Kind kind);

    QString name() const override;
    QStringList ownOptions() const override;
    int run(const QStringList &args) override;

private:
    Kind m_kind;
};
