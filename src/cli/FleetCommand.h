#pragma once

#include "CliCommand.h"

// strata-cli fleet status|up|down|verify --targets FILE: one plan over many databases
// (FleetTargets, FleetRunner), with a bound on how many at once, canaries,
// a failure budget and a stable shard; a summary table at the end and a
// JSON report file.
class FleetCommand : public CliCommand
{
public:
    using CliCommand::CliCommand;

    QString name() const override { return QStringLiteral("fleet"); }
    QStringList ownOptions() const override
    {
        return { QStringLiteral("targets"), QStringLiteral("concurrency"), QStringLiteral("canary"),
            QStringLiteral("stop-after-failures"), QStringLiteral("shard"), QStringLiteral("report"),
            QStringLiteral("yes"), QStringLiteral("project"), QStringLiteral("to"), QStringLiteral("count") };
    }
    int run(const QStringList &args) override;
};
