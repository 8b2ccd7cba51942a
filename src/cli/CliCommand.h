#pragma once

#include "CliContext.h"

#include <QString>
#include <QStringList>

// One strata-cli command. CliApplication finds it by name(), refuses the
// options of other commands (ownOptions()), and calls run() with the words
// after the command; the shared options (connection, project, history table,
// --json) and the helpers every command needs are in the CliContext.
class CliCommand
{
public:
    using enum CliContext::ExitCode;

    explicit CliCommand(CliContext &cli)
        : m_cli(cli)
    {
    }
    virtual ~CliCommand() = default;
    CliCommand(const CliCommand &) = delete;
    CliCommand &operator=(const CliCommand &) = delete;

    virtual QString name() const = 0;
    // The options only this command (and the others listing them) accepts.
    virtual QStringList ownOptions() const { return {}; }
    // Returns the exit status (CliContext::ExitCode).
    virtual int run(const QStringList &args) = 0;

protected:
    CliContext &m_cli;
};
