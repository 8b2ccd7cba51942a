#pragma once

#include "CliCommand.h"

// strata-cli matrix: the project's migrations on several databases side by
// side (the profiles that use this project, or those named), and where they
// disagree; --expect-same A,B exits 3 when A and B differ.
class MatrixCommand : public CliCommand
{
public:
    using CliCommand::CliCommand;

    QString name() const override { return QStringLiteral("matrix"); }
    QStringList ownOptions() const override
    {
        return { QStringLiteral("profiles"), QStringLiteral("expect-same"), QStringLiteral("project"),
            QStringLiteral("targets") };
    }
    int run(const QStringList &args) override;
};
