#include "CompletionCommand.h"

int CompletionCommand::run(const QStringList &args)
{
    const QStringList shells = ShellCompletion::shells();
    if (args.size() != 1 || !shells.contains(args.first()))
        return m_cli.usage(
            QStringLiteral("completion takes one shell: %1").arg(shells.join(QLatin1Char('|'))));
    m_cli.out() << ShellCompletion(m_spec()).script(args.first());
    return Success;
}
