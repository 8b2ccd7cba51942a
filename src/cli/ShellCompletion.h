#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// Completion scripts for bash, zsh and fish, written from strata-cli's own
// table of commands and options (`strata-cli completion SHELL`, and the files
// the package installs are made by it at build time), so they cannot fall
// behind the CLI.
class ShellCompletion
{
public:
    struct Command
    {
        QString name;
        QString summary;
        QStringList subcommands; // sandbox start|stop|env ...
        QStringList ownOptions; // long names, valid after this command only
        enum class Arguments { None, Files, Directories } arguments = Arguments::None;
    };
    struct Option
    {
        QStringList names; // "h", "host"
        QString valueName; // empty for a flag
        QString description;
    };
    struct Spec
    {
        QString program;
        QList<Command> commands;
        QList<Option> options;
    };

    explicit ShellCompletion(Spec spec);

    static QStringList shells();
    // Empty for a shell not in shells().
    QString script(const QString &shell) const;

private:
    enum class ValueKind { Word, File, Directory, Choice };
    ValueKind valueKind(const Option &option) const;
    QStringList choices(const Option &option) const;
    // Options valid after `command` (global ones and its own); all global ones for none.
    QList<Option> optionsOf(const Command *command) const;
    bool isGlobal(const Option &option) const;

    QString bash() const;
    QString zsh() const;
    QString fish() const;

    Spec m_spec;
};
