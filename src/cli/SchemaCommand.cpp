#include "SchemaCommand.h"

#include "SchemaCommands.h"

SchemaCommand::SchemaCommand(CliContext &cli, Kind kind)
    : CliCommand(cli)
    , m_kind(kind)
{
}

QString SchemaCommand::name() const
{
    switch (m_kind) {
    case Kind::Diff:
        return QStringLiteral("diff");
    case Kind::Generate:
        return QStringLiteral("generate");
    case Kind::Verify:
        break;
    }
    return QStringLiteral("verify");
}

QStringList SchemaCommand::ownOptions() const
{
    switch (m_kind) {
    case Kind::Diff:
        return { QStringLiteral("from"), QStringLiteral("to"), QStringLiteral("rename"),
            QStringLiteral("down"), QStringLiteral("exit-code"), QStringLiteral("project") };
    case Kind::Generate:
        return { QStringLiteral("from"), QStringLiteral("to"), QStringLiteral("rename"),
            QStringLiteral("project") };
    case Kind::Verify:
        break;
    }
    return { QStringLiteral("project") };
}

int SchemaCommand::run(const QStringList &args)
{
    const QCommandLineParser &parser = m_cli.parser();
    SchemaCommands::Context context;
    context.out = &m_cli.out();
    context.err = &m_cli.err();
    context.json = m_cli.json();
    context.migrationsDirectory = [this] { return m_cli.migrationsDirectory(); };
    context.scanMigrations = [this] { return m_cli.scanMigrations(); };
    context.history = m_cli.historyTable();
    context.connectionSettings = [this] { return m_cli.connectionSettings(); };
    context.fail = [this](const StrataError &error) { return m_cli.fail(error); };
    context.serverGiven = m_cli.serverNamed();
    context.from = parser.value(QStringLiteral("from"));
    context.to = parser.value(QStringLiteral("to"));
    context.renames = parser.values(QStringLiteral("rename"));
    context.down = parser.isSet(QStringLiteral("down"));
    context.exitCode = parser.isSet(QStringLiteral("exit-code"));
    SchemaCommands commands(context);
    switch (m_kind) {
    case Kind::Diff:
        return args.isEmpty() ? commands.diff()
                              : m_cli.usage(QStringLiteral("diff takes --from and --to, no arguments"));
    case Kind::Generate:
        return args.size() == 1
            ? commands.generate(args.first())
            : m_cli.usage(
                QStringLiteral("generate takes one PascalCase name, e.g. strata-cli generate AddUserEmail "
                               "--to postgres://me@localhost/dev"));
    case Kind::Verify:
        break;
    }
    return args.isEmpty() ? commands.verify() : m_cli.usage(QStringLiteral("verify takes no arguments"));
}
