#pragma once

#include "CliCommand.h"
#include "CliContext.h"
#include "ShellCompletion.h"

#include <QCommandLineOption>
#include <QList>
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
    ShellCompletion::Spec completionSpec() const;
    // The first option given that other commands own and `command` does not, as a usage message.
    QString foreignOption(const CliCommand &command) const;

    CliContext m_cli;
    QList<QCommandLineOption> m_options; // all but --help, --version and hidden ones
    std::vector<std::unique_ptr<CliCommand>> m_commands;
};
