// The completion scripts strata-cli writes, loaded into the real shells and
// asked what they complete, the way a user's Tab key asks.
#include "CliProcess.h"
#include "support/ChildProcess.h"
#include "support/QtPrinters.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

class ShellCompletionTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        // Something for file and folder completion to find.
        ASSERT_TRUE(QDir(m_dir.path()).mkpath(QStringLiteral("work/migrations")));
        QFile file(m_dir.filePath(QStringLiteral("work/migrate.sql")));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    }

    // `strata-cli completion SHELL` written where the shell will read it.
    QString writeScript(const QString &shell, const QString &fileName)
    {
        const CliResult r = CliProcess::run({ QStringLiteral("completion"), shell }, QStringList {});
        EXPECT_EQ(r.exitCode, 0) << r.describe();
        EXPECT_FALSE(r.out.isEmpty());
        QDir().mkpath(QFileInfo(m_dir.filePath(fileName)).path());
        QFile file(m_dir.filePath(fileName));
        EXPECT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(r.out.toUtf8());
        return file.fileName();
    }

    static QString shell(const QString &name)
    {
        const QString path = QStandardPaths::findExecutable(name);
        return path;
    }

    ProcessResult runShell(const QString &program, const QStringList &args)
    {
        return runProcess(shell(program), args, m_dir.filePath(QStringLiteral("work")),
            QProcessEnvironment::systemEnvironment(), 60000);
    }

    // bash: what COMPREPLY holds after the completion function runs on these
    // words (the last one being completed), as bash splits a command line
    // (`--sslmode=ver` is three words: --sslmode, =, ver).
    QStringList bash(const QStringList &words)
    {
        const QString script = writeScript(QStringLiteral("bash"), QStringLiteral("strata-cli.bash"));
        QStringList quoted;
        for (const QString &w : words)
            quoted << QLatin1Char('\'') + w + QLatin1Char('\'');
        const ProcessResult r = runShell(QStringLiteral("bash"),
            { QStringLiteral("--norc"), QStringLiteral("-c"),
                QStringLiteral("source '%1' && COMP_WORDS=(%2) && COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) && "
                               "_strata_cli && printf '%s\\n' \"${COMPREPLY[@]}\"")
                    .arg(script, quoted.join(QLatin1Char(' '))) });
        EXPECT_EQ(r.exitCode, 0) << r.describe();
        QStringList found = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        found.sort();
        return found;
    }

    // fish: the candidates `complete -C` lists for this command line.
    QStringList fish(const QString &line)
    {
        const QString script = writeScript(QStringLiteral("fish"), QStringLiteral("strata-cli.fish"));
        const ProcessResult r = runShell(QStringLiteral("fish"),
            { QStringLiteral("--no-config"), QStringLiteral("-c"),
                QStringLiteral("source '%1'; complete -C '%2'").arg(script, line) });
        EXPECT_EQ(r.exitCode, 0) << r.describe();
        QStringList found;
        for (const QString &candidate : r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            found << candidate.section(QLatin1Char('\t'), 0, 0);
        found.sort();
        return found;
    }

    // zsh: an interactive zsh in a pseudo-terminal (zpty), compinit with the
    // script on fpath, the line typed and Tab pressed; returns the line after
    // the completion inserted what it could.
    QString zsh(const QString &line)
    {
        writeScript(QStringLiteral("zsh"), QStringLiteral("zfunc/_strata-cli"));
        QFile driver(m_dir.filePath(QStringLiteral("tab.zsh")));
        EXPECT_TRUE(driver.open(QIODevice::WriteOnly));
        driver.write(R"(zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PS1='> '; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z "show-buffer() { zle -M \"\${(U):-line}<\$BUFFER>\" }; zle -N show-buffer; bindkey '^T' show-buffer"
zpty -wn z "$2"$'\t'
zpty -wn z $'\x14'
# Keys wait in the terminal until zsh reads them: read until ^T has shown the
# line (at most 30 s on a loaded machine). The marker is made upper case at run
# time so that the terminal's echo of the definition above does not match.
out=
for i in {1..300}; do
    while zpty -rt z chunk; do out+=$chunk; done
    [[ $out == *LINE\<*\>* ]] && break
    sleep 0.1
done
zpty -d z
print -r -- "$out" | grep -ao 'LINE<[^>]*>' | tail -1
)");
        driver.close();
        const ProcessResult r = runShell(QStringLiteral("zsh"),
            { QStringLiteral("-f"), driver.fileName(), m_dir.filePath(QStringLiteral("zfunc")), line });
        EXPECT_EQ(r.exitCode, 0) << r.describe();
        static const QRegularExpression buffer(QStringLiteral("LINE<([^>]*)>"));
        return buffer.match(r.out).captured(1);
    }

    QTemporaryDir m_dir;
};

#define REQUIRE_SHELL(name)                                                                                  \
    do {                                                                                                     \
        if (shell(QStringLiteral(name)).isEmpty()) {                                                         \
            if (qEnvironmentVariableIsSet("CI"))                                                             \
                FAIL() << name " is not installed (scripts/install-deps.sh installs it)";                    \
            GTEST_SKIP() << name " is not installed";                                                        \
        }                                                                                                    \
    } while (false)

TEST_F(ShellCompletionTest, BashCompletesCommandsOptionsAndTheirValues)
{
    REQUIRE_SHELL("bash");
    const auto list = [](std::initializer_list<const char *> words) {
        QStringList l;
        for (const char *w : words)
            l << QString::fromUtf8(w);
        return l;
    };
    EXPECT_EQ(bash(list({ "strata-cli", "st" })), list({ "status" }));
    EXPECT_EQ(bash(list({ "strata-cli", "sandbox", "" })), list({ "env", "start", "stop" }));
    EXPECT_EQ(bash(list({ "strata-cli", "fleet", "" })), list({ "down", "status", "up", "verify" }));
    // An option's value is not taken for the command.
    EXPECT_EQ(bash(list({ "strata-cli", "--host", "db", "u" })), list({ "up" }));
    EXPECT_EQ(bash(list({ "strata-cli", "up", "--dry" })), list({ "--dry-run" }));
    // up's own option is not offered after status.
    EXPECT_EQ(bash(list({ "strata-cli", "status", "--dry" })), QStringList {});
    EXPECT_EQ(bash(list({ "strata-cli", "lint", "--format", "" })), list({ "json", "sarif", "text" }));
    EXPECT_EQ(bash(list({ "strata-cli", "--sslmode", "=", "verify-f" })), list({ "verify-full" }));
    // --migrations takes a folder: the folder, not the .sql file beside it.
    EXPECT_EQ(bash(list({ "strata-cli", "--migrations", "migr" })), list({ "migrations" }));
    EXPECT_EQ(bash(list({ "strata-cli", "restore", "migr" })), list({ "migrate.sql", "migrations" }));
}

TEST_F(ShellCompletionTest, FishCompletesCommandsOptionsAndTheirValues)
{
    REQUIRE_SHELL("fish");
    EXPECT_EQ(fish(QStringLiteral("strata-cli st")), QStringList { QStringLiteral("status") });
    EXPECT_EQ(fish(QStringLiteral("strata-cli sandbox ")),
        (QStringList { QStringLiteral("env"), QStringLiteral("start"), QStringLiteral("stop") }));
    EXPECT_EQ(fish(QStringLiteral("strata-cli up --dry")), QStringList { QStringLiteral("--dry-run") });
    EXPECT_EQ(fish(QStringLiteral("strata-cli status --dry")), QStringList {});
    EXPECT_EQ(
        fish(QStringLiteral("strata-cli --sslmode verify-f")), QStringList { QStringLiteral("verify-full") });
    EXPECT_EQ(fish(QStringLiteral("strata-cli lint --format s")), QStringList { QStringLiteral("sarif") });
}

TEST_F(ShellCompletionTest, ZshCompletesCommandsOptionsAndTheirValues)
{
    REQUIRE_SHELL("zsh");
    EXPECT_EQ(zsh(QStringLiteral("strata-cli stat")), QStringLiteral("strata-cli status "));
    EXPECT_EQ(zsh(QStringLiteral("strata-cli sandbox sto")), QStringLiteral("strata-cli sandbox stop "));
    EXPECT_EQ(zsh(QStringLiteral("strata-cli up --dry-r")), QStringLiteral("strata-cli up --dry-run "));
    EXPECT_EQ(zsh(QStringLiteral("strata-cli status --dry-r")), QStringLiteral("strata-cli status --dry-r"));
    EXPECT_EQ(zsh(QStringLiteral("strata-cli lint --format sa")),
        QStringLiteral("strata-cli lint --format sarif "));
    EXPECT_EQ(zsh(QStringLiteral("strata-cli --migrations migr")),
        QStringLiteral("strata-cli --migrations migrations/"));
}

TEST_F(ShellCompletionTest, EveryCommandAndOptionOfTheHelpIsCompleted)
{
    REQUIRE_SHELL("bash");
    const CliResult help = CliProcess::run({ QStringLiteral("--help") }, QStringList {});
    ASSERT_EQ(help.exitCode, 0) << help.describe();
    QStringList commands, options;
    static const QRegularExpression commandLine(QStringLiteral("^  ([a-z][a-z-]*)[ |]"));
    static const QRegularExpression longOption(QStringLiteral("(--[a-z][a-z-]*)"));
    bool inCommands = false;
    for (const QString &line : help.out.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("Commands:")))
            inCommands = true;
        else if (!line.startsWith(QLatin1String("  ")))
            inCommands = false;
        if (const auto m = commandLine.match(line);
            inCommands && m.hasMatch() && !commands.contains(m.captured(1)))
            commands << m.captured(1);
        if (line.startsWith(QLatin1String("  -")))
            if (const auto m = longOption.match(line); m.hasMatch())
                options << m.captured(1);
    }
    ASSERT_GT(commands.size(), 15) << help.out.toStdString();
    ASSERT_GT(options.size(), 40) << help.out.toStdString();
    commands.sort();
    EXPECT_EQ(bash({ QStringLiteral("strata-cli"), QString() }), commands);
    // Each option is offered after some command.
    QStringList offered;
    for (const QString &command : commands)
        offered << bash({ QStringLiteral("strata-cli"), command, QStringLiteral("--") });
    for (const QString &option : options)
        EXPECT_TRUE(offered.contains(option)) << option.toStdString();
}

TEST_F(ShellCompletionTest, AnUnknownShellIsAUsageError)
{
    const CliResult r
        = CliProcess::run({ QStringLiteral("completion"), QStringLiteral("tcsh") }, QStringList {});
    EXPECT_EQ(r.exitCode, 2) << r.describe();
    EXPECT_TRUE(r.err.contains(QLatin1String("bash|zsh|fish"))) << r.describe();
}

} // namespace
