#include "ShellCompletion.h"

#include <utility>

namespace {

QString dashed(const QString &name)
{
    return (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
}

QStringList dashedNames(const ShellCompletion::Option &option)
{
    QStringList names;
    for (const QString &name : option.names)
        names << dashed(name);
    return names;
}

// A completion menu has room for a phrase: the description up to its first
// full stop or semicolon outside parentheses ("sslmode=... (no password
// here; ...)" stays whole).
QString shortDescription(const QString &description)
{
    const QString text = description.simplified();
    int depth = 0;
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('('))
            ++depth;
        else if (c == QLatin1Char(')') && depth > 0)
            --depth;
        else if (depth == 0 && (c == QLatin1Char('.') || c == QLatin1Char(';'))
            && text.at(i + 1) == QLatin1Char(' ') && (i == 0 || text.at(i - 1) != QLatin1Char('.')))
            return text.left(i);
    }
    return text.endsWith(QLatin1Char('.')) ? text.chopped(1) : text;
}

QString bashFunctionName(const QString &program)
{
    QString name = QStringLiteral("_") + program;
    return name.replace(QLatin1Char('-'), QLatin1Char('_'));
}

// Inside '...' in zsh: a quote closes, so it is written '\''.
QString zshQuoted(QString text)
{
    return text.replace(QLatin1Char('\''), QLatin1String("'\\''"));
}

// An _arguments description or message: brackets and colons are syntax there.
QString zshEscaped(QString text)
{
    text.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    for (const QChar c : { QLatin1Char('['), QLatin1Char(']'), QLatin1Char(':') })
        text.replace(c, QLatin1Char('\\') + c);
    return text;
}

// Inside '...' in fish, backslash and quote are escaped with a backslash.
QString fishQuoted(QString text)
{
    text.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    text.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + text + QLatin1Char('\'');
}

} // namespace

ShellCompletion::ShellCompletion(Spec spec)
    : m_spec(std::move(spec))
{
}

QStringList ShellCompletion::shells()
{
    return { QStringLiteral("bash"), QStringLiteral("zsh"), QStringLiteral("fish") };
}

QString ShellCompletion::script(const QString &shell) const
{
    if (shell == QLatin1String("bash"))
        return bash();
    if (shell == QLatin1String("zsh"))
        return zsh();
    if (shell == QLatin1String("fish"))
        return fish();
    return {};
}

QStringList ShellCompletion::choices(const Option &option) const
{
    // The options whose values are a fixed set; the CLI refuses anything else.
    const QString name = option.names.constLast();
    if (name == QLatin1String("sslmode"))
        return { QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"),
            QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full") };
    if (name == QLatin1String("format"))
        return { QStringLiteral("text"), QStringLiteral("json"), QStringLiteral("sarif") };
    if (name == QLatin1String("environment"))
        return { QStringLiteral("development"), QStringLiteral("staging"), QStringLiteral("production") };
    if (name == QLatin1String("typeorm-version"))
        return { QStringLiteral("0.3"), QStringLiteral("1") };
    return {};
}

ShellCompletion::ValueKind ShellCompletion::valueKind(const Option &option) const
{
    if (!choices(option).isEmpty())
        return ValueKind::Choice;
    if (option.valueName == QLatin1String("DIR"))
        return ValueKind::Directory;
    if (option.valueName == QLatin1String("FILE") || option.valueName == QLatin1String("PATH"))
        return ValueKind::File;
    return ValueKind::Word;
}

bool ShellCompletion::isGlobal(const Option &option) const
{
    for (const Command &command : m_spec.commands)
        for (const QString &name : option.names)
            if (command.ownOptions.contains(name))
                return false;
    return true;
}

QList<ShellCompletion::Option> ShellCompletion::optionsOf(const Command *command) const
{
    QList<Option> options;
    for (const Option &option : m_spec.options) {
        bool own = false;
        if (command)
            for (const QString &name : option.names)
                own = own || command->ownOptions.contains(name);
        if (own || isGlobal(option))
            options << option;
    }
    return options;
}

QString ShellCompletion::bash() const
{
    const QString function = bashFunctionName(m_spec.program);
    auto words = [](const QList<Option> &options) {
        QStringList all;
        for (const Option &option : options)
            all << dashedNames(option);
        return all.join(QLatin1Char(' '));
    };
    QStringList valued, directories, files, plain;
    for (const Option &option : m_spec.options) {
        if (option.valueName.isEmpty())
            continue;
        const QString names = dashedNames(option).join(QLatin1Char('|'));
        valued << names;
        switch (valueKind(option)) {
        case ValueKind::Directory:
            directories << names;
            break;
        case ValueKind::File:
            files << names;
            break;
        case ValueKind::Word:
            plain << names;
            break;
        case ValueKind::Choice:
            break;
        }
    }

    QString s;
    s += QStringLiteral("# bash completion for %1, written by `%1 completion bash`.\n").arg(m_spec.program);
    s += function + QStringLiteral("()\n{\n");
    s += QStringLiteral("    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
                        "    # --option=value: bash splits the word at '='.\n"
                        "    if [[ $cur == = ]]; then\n"
                        "        cur=\n"
                        "    elif [[ $prev == = ]]; then\n"
                        "        prev=${COMP_WORDS[COMP_CWORD-2]}\n"
                        "    fi\n"
                        "    case $prev in\n");
    if (!directories.isEmpty())
        s += QStringLiteral("    %1) mapfile -t COMPREPLY < <(compgen -d -- \"$cur\"); return ;;\n")
                 .arg(directories.join(QLatin1Char('|')));
    if (!files.isEmpty())
        s += QStringLiteral("    %1) mapfile -t COMPREPLY < <(compgen -f -- \"$cur\"); return ;;\n")
                 .arg(files.join(QLatin1Char('|')));
    for (const Option &option : m_spec.options)
        if (valueKind(option) == ValueKind::Choice)
            s += QStringLiteral(
                "    %1) mapfile -t COMPREPLY < <(compgen -W \"%2\" -- \"$cur\"); return ;;\n")
                     .arg(dashedNames(option).join(QLatin1Char('|')), choices(option).join(QLatin1Char(' ')));
    if (!plain.isEmpty())
        s += QStringLiteral("    %1) COMPREPLY=(); return ;;\n").arg(plain.join(QLatin1Char('|')));
    s += QStringLiteral("    esac\n"
                        "    # The command is the first word that is neither an option nor its value.\n"
                        "    local i command= sub=\n"
                        "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
                        "        case ${COMP_WORDS[i]} in\n");
    if (!valued.isEmpty())
        s += QStringLiteral("        %1) ((i++)) ;;\n").arg(valued.join(QLatin1Char('|')));
    s += QStringLiteral("        -* | =) ;;\n"
                        "        *)\n"
                        "            if [[ -z $command ]]; then\n"
                        "                command=${COMP_WORDS[i]}\n"
                        "            elif [[ -z $sub ]]; then\n"
                        "                sub=${COMP_WORDS[i]}\n"
                        "            fi\n"
                        "            ;;\n"
                        "        esac\n"
                        "    done\n"
                        "    if [[ $cur == -* ]]; then\n"
                        "        case $command in\n");
    for (const Command &command : m_spec.commands)
        if (!command.ownOptions.isEmpty())
            s += QStringLiteral("        %1) mapfile -t COMPREPLY < <(compgen -W \"%2\" -- \"$cur\") ;;\n")
                     .arg(command.name, words(optionsOf(&command)));
    s += QStringLiteral("        *) mapfile -t COMPREPLY < <(compgen -W \"%1\" -- \"$cur\") ;;\n"
                        "        esac\n"
                        "        return\n"
                        "    fi\n"
                        "    case $command in\n")
             .arg(words(optionsOf(nullptr)));
    QStringList names, fileCommands, directoryCommands;
    for (const Command &command : m_spec.commands) {
        names << command.name;
        if (command.arguments == Command::Arguments::Files)
            fileCommands << command.name;
        else if (command.arguments == Command::Arguments::Directories)
            directoryCommands << command.name;
    }
    s += QStringLiteral("    '') mapfile -t COMPREPLY < <(compgen -W \"%1\" -- \"$cur\") ;;\n")
             .arg(names.join(QLatin1Char(' ')));
    for (const Command &command : m_spec.commands)
        if (!command.subcommands.isEmpty())
            s += QStringLiteral(
                "    %1) [[ -n $sub ]] || mapfile -t COMPREPLY < <(compgen -W \"%2\" -- \"$cur\") ;;\n")
                     .arg(command.name, command.subcommands.join(QLatin1Char(' ')));
    if (!fileCommands.isEmpty())
        s += QStringLiteral("    %1) mapfile -t COMPREPLY < <(compgen -f -- \"$cur\") ;;\n")
                 .arg(fileCommands.join(QLatin1Char('|')));
    if (!directoryCommands.isEmpty())
        s += QStringLiteral("    %1) mapfile -t COMPREPLY < <(compgen -d -- \"$cur\") ;;\n")
                 .arg(directoryCommands.join(QLatin1Char('|')));
    s += QStringLiteral("    esac\n}\n"
                        "complete -o filenames -F %1 %2\n")
             .arg(function, m_spec.program);
    return s;
}

QString ShellCompletion::zsh() const
{
    auto specs = [this](const QList<Option> &options) {
        QString text;
        for (const Option &option : options) {
            const QString description = zshEscaped(shortDescription(option.description));
            QString action;
            if (!option.valueName.isEmpty()) {
                switch (valueKind(option)) {
                case ValueKind::Directory:
                    action = QStringLiteral("_files -/");
                    break;
                case ValueKind::File:
                    action = QStringLiteral("_files");
                    break;
                case ValueKind::Choice:
                    action = QLatin1Char('(') + choices(option).join(QLatin1Char(' ')) + QLatin1Char(')');
                    break;
                case ValueKind::Word:
                    action = QStringLiteral(" ");
                    break;
                }
                action = QLatin1Char(':') + zshEscaped(option.valueName) + QLatin1Char(':') + action;
            }
            for (const QString &name : option.names) {
                const QString suffix = option.valueName.isEmpty()
                    ? QString()
                    : (name.size() == 1 ? QStringLiteral("+") : QStringLiteral("="));
                text += QStringLiteral(" \\\n            '%1%2[%3]%4'")
                            .arg(dashed(name), suffix, zshQuoted(description), zshQuoted(action));
            }
        }
        return text;
    };

    QString s;
    s += QStringLiteral("#compdef %1\n# zsh completion for %1, written by `%1 completion zsh`.\n\n")
             .arg(m_spec.program);
    s += QStringLiteral("_%1() {\n"
                        "    local curcontext=$curcontext state line ret=1\n"
                        "    local -a commands\n"
                        "    commands=(\n")
             .arg(m_spec.program);
    for (const Command &command : m_spec.commands)
        s += QStringLiteral("        '%1:%2'\n")
                 .arg(command.name, zshQuoted(shortDescription(command.summary)));
    s += QStringLiteral("    )\n"
                        "    _arguments -C%1 \\\n"
                        "            '1: :->command' \\\n"
                        "            '*:: :->argument' && ret=0\n"
                        "    case $state in\n"
                        "    command) _describe -t commands '%2 command' commands && ret=0 ;;\n"
                        "    argument)\n"
                        "        curcontext=${curcontext%:*:*}:%2-$words[1]:\n"
                        "        case $words[1] in\n")
             .arg(specs(optionsOf(nullptr)), m_spec.program);
    for (const Command &command : m_spec.commands) {
        // No catch-all for other words: a `'*: :'` would make every option
        // an ambiguous match too, and nothing would be completed.
        QString arguments;
        if (!command.subcommands.isEmpty())
            arguments = QStringLiteral(" \\\n            '1:subcommand:(%1)'")
                            .arg(command.subcommands.join(QLatin1Char(' ')));
        else if (command.arguments == Command::Arguments::Files)
            arguments = QStringLiteral(" \\\n            '*:file:_files'");
        else if (command.arguments == Command::Arguments::Directories)
            arguments = QStringLiteral(" \\\n            '*:folder:_files -/'");
        s += QStringLiteral("        %1)\n            _arguments%2%3 && ret=0\n            ;;\n")
                 .arg(command.name, specs(optionsOf(&command)), arguments);
    }
    s += QStringLiteral("        esac\n"
                        "        ;;\n"
                        "    esac\n"
                        "    return ret\n"
                        "}\n\n"
                        "_%1 \"$@\"\n")
             .arg(m_spec.program);
    return s;
}

QString ShellCompletion::fish() const
{
    QStringList names;
    for (const Command &command : m_spec.commands)
        names << command.name;
    const QString prefix = QStringLiteral("complete -c ") + m_spec.program;
    QString s;
    s += QStringLiteral("# fish completion for %1, written by `%1 completion fish`.\n").arg(m_spec.program);
    // No file names unless an option or command takes them.
    s += prefix + QStringLiteral(" -f\n");
    const QString noCommandYet
        = QStringLiteral("not __fish_seen_subcommand_from ") + names.join(QLatin1Char(' '));
    for (const Command &command : m_spec.commands)
        s += QStringLiteral("%1 -n %2 -a %3 -d %4\n")
                 .arg(prefix, fishQuoted(noCommandYet), command.name,
                     fishQuoted(shortDescription(command.summary)));
    for (const Command &command : m_spec.commands) {
        const QString seen = QStringLiteral("__fish_seen_subcommand_from ") + command.name;
        if (!command.subcommands.isEmpty())
            s += QStringLiteral("%1 -n %2 -a %3\n")
                     .arg(prefix,
                         fishQuoted(seen + QStringLiteral("; and not __fish_seen_subcommand_from ")
                             + command.subcommands.join(QLatin1Char(' '))),
                         fishQuoted(command.subcommands.join(QLatin1Char(' '))));
        else if (command.arguments == Command::Arguments::Files)
            s += QStringLiteral("%1 -n %2 -F\n").arg(prefix, fishQuoted(seen));
        else if (command.arguments == Command::Arguments::Directories)
            s += QStringLiteral("%1 -n %2 -a '(__fish_complete_directories)'\n")
                     .arg(prefix, fishQuoted(seen));
    }
    for (const Option &option : m_spec.options) {
        QString line = prefix;
        if (!isGlobal(option)) {
            QStringList owners;
            for (const Command &command : m_spec.commands)
                for (const QString &name : option.names)
                    if (command.ownOptions.contains(name) && !owners.contains(command.name))
                        owners << command.name;
            line += QStringLiteral(" -n ")
                + fishQuoted(QStringLiteral("__fish_seen_subcommand_from ") + owners.join(QLatin1Char(' ')));
        }
        for (const QString &name : option.names)
            line += (name.size() == 1 ? QStringLiteral(" -s ") : QStringLiteral(" -l ")) + name;
        if (!option.valueName.isEmpty()) {
            switch (valueKind(option)) {
            case ValueKind::Directory:
                line += QStringLiteral(" -x -a '(__fish_complete_directories)'");
                break;
            case ValueKind::File:
                line += QStringLiteral(" -r -F");
                break;
            case ValueKind::Choice:
                line += QStringLiteral(" -x -a ") + fishQuoted(choices(option).join(QLatin1Char(' ')));
                break;
            case ValueKind::Word:
                line += QStringLiteral(" -x");
                break;
            }
        }
        line += QStringLiteral(" -d ") + fishQuoted(shortDescription(option.description));
        s += line + QLatin1Char('\n');
    }
    return s;
}
