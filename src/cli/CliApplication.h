#pragma once

#include "CliCommand.h"
#include "CliContext.h"

#include <QStringList>

#include <memory>
#include <vector>

// strata-cli: parses the command line into the CliContext, finds the command
// and hands it the rest. Exit status: 0 ok, 1 failure, 2 usage error, 3 check
// failed (problems, drift, pending where asked).
class CliApplication
{
public:
    CliApplication();
    ~CliApplication();
    CliApplication(const CliApplication &) = delete;
    CliApplication &operator=(const CliApplication &) = delete;

    int run(const QStringList &arguments);

private:
    void addOptions();
    CliCommand *command(const QString &name) const;
    // The first option given that other commands own and `command` does not, as a usage message.
    QString foreignOption(const CliCommand &command) const;

    CliContext m_cli;
    std::vector<std::unique_ptr<CliCommand>> m_commands;
};
