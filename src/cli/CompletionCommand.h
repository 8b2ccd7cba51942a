#pragma once

#include "CliCommand.h"
#include "ShellCompletion.h"

#include <functional>

// strata-cli completion bash|zsh|fish: prints the completion script for that
// shell, made from the CLI's own commands and options (see ShellCompletion).
class CompletionCommand : public CliCommand
{
public:
    CompletionCommand(CliContext &cli, std::function<ShellCompletion::Spec()> spec)
        : CliCommand(cli)
        , m_spec(std::move(spec))
    {
    }

    QString name() const override { return QStringLiteral("completion"); }
    int run(const QStringList &args) override;

private:
    std::function<ShellCompletion::Spec()> m_spec;
};
