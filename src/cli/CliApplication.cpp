#include "CliApplication.h"

#include "BackupsCommand.h"
#include "BlameCommand.h"
#include "CompletionCommand.h"
#include "DownCommand.h"
#include "DriftCommand.h"
#include "FleetCommand.h"
#include "ImportTypeOrmCommand.h"
#include "LintCommand.h"
#include "MatrixCommand.h"
#include "NewCommand.h"
#include "PreflightCommand.h"
#include "ProfileCommand.h"
#include "RestoreCommand.h"
#include "SandboxCommand.h"
#include "SchemaCommand.h"
#include "StatusCommand.h"
#include "UpCommand.h"
#include "ValidateCommand.h"
#include "lint/LintConfig.h"

#include <algorithm>

namespace {

struct CommandHelp
{
    QString usage; // the command and its arguments
    QString description;
};

// The commands as --help lists them; shell completion takes their names,
// subcommands, arguments and summaries from here too.
QList<CommandHelp> commandHelpEntries()
{
    return {
        { QStringLiteral("status"),
            QStringLiteral("show each migration's state (applied, pending, out-of-order, edited, missing)") },
        { QStringLiteral("up"),
            QStringLiteral("apply pending migrations (--to NAME, --dry-run, --single-transaction)") },
        { QStringLiteral("down"),
            QStringLiteral("revert the last applied migration (--count N, --to NAME, --dry-run)") },
        { QStringLiteral("new NAME"),
            QStringLiteral("create <timestamp>-NAME.sql with empty up and down sections") },
        { QStringLiteral("validate"),
            QStringLiteral("check every migration file's format and SQL syntax, without a database") },
        { QStringLiteral("lint [FILES...]"),
            QStringLiteral("check migrations for risky SQL (--format text|json|sarif; exit 3 on errors)") },
        { QStringLiteral("drift"),
            QStringLiteral("diff the SQL recorded at apply time against each edited or missing file") },
        { QStringLiteral("preflight"),
            QStringLiteral(
                "check before up (--down: before a revert): connection, migration lock, pending, drift, "
                "lint, backup, sessions holding locks on the tables the plan touches (exit 3 on blockers)") },
        { QStringLiteral("sandbox start|stop|env"),
            QStringLiteral("a throwaway local PostgreSQL for trying Strata out") },
        { QStringLiteral("profile list|save ID|remove ID"),
            QStringLiteral("connection profiles in your settings (no passwords)") },
        { QStringLiteral("import-typeorm SRC DEST"),
            QStringLiteral("convert TypeORM migrations (.ts/.js) into .sql files (--force; exit 3 if any is "
                           "not converted)") },
        { QStringLiteral("diff --from X --to Y"),
            QStringLiteral(
                "print the SQL that turns schema X into Y (--down, --exit-code, --rename OLD=NEW)") },
        { QStringLiteral("generate NAME --to Y"),
            QStringLiteral("write a migration from --from (default: the migrations folder) to Y") },
        { QStringLiteral("verify"),
            QStringLiteral("check in a shadow database that every down undoes its up (exit 3 if not)") },
        { QStringLiteral("blame [OBJECT]"),
            QStringLiteral("which migration made each object and which changed it (with a connection: what "
                           "no migration made)") },
        { QStringLiteral("fleet status|up|down|verify"),
            QStringLiteral("one plan over many databases (--targets FILE, --concurrency N, --canary K, "
                           "--stop-after-failures N, --shard I/N, --report FILE; down: --count N, --to NAME; "
                           "verify: exit 3 if a history or schema differs from the files)") },
        { QStringLiteral("matrix"),
            QStringLiteral("the migrations on every profile of this project side by side (--profiles a,b or "
                           "--targets FILE; --expect-same a,b: exit 3 if they differ)") },
        { QStringLiteral("up --backup [DIR]"),
            QStringLiteral(
                "pg_dump the database first (verified), then migrate; nothing runs if the backup fails") },
        { QStringLiteral("restore FILE"),
            QStringLiteral(
                "restore a dump into the database (--into NEW_DB: into a new database instead; asks first, "
                "--yes and for production --confirm-database NAME when not on a terminal)") },
        { QStringLiteral("backups [DIR]"),
            QStringLiteral("list the backups of this profile and database, newest first") },
        { QStringLiteral("completion bash|zsh|fish"),
            QStringLiteral("print a shell completion script (the package installs them)") },
    };
}

QString commandHelp()
{
    QString text = QStringLiteral("Commands:\n");
    for (const CommandHelp &entry : commandHelpEntries()) {
        const QString column
            = entry.usage.size() <= 20 ? entry.usage.leftJustified(21) : entry.usage + QStringLiteral("  ");
        text += QStringLiteral("  ") + column + entry.description + QLatin1Char('\n');
    }
    text += QStringLiteral(
        "  Schemas (X, Y): migrations, a migrations folder, FILE.sql, profile:NAME, postgres://..., "
        "connection\n\nBackups are <profile>-<database>-<UTC time>.dump (pg_dump --format=custom) in the "
        "profile's backup folder, by default ~/.local/share/Strata/strata/backups/<profile> (\"default\" "
        "without a profile).\n");
    return text;
}

} // namespace

CliApplication::CliApplication()
{
    m_commands.push_back(std::make_unique<StatusCommand>(m_cli));
    m_commands.push_back(std::make_unique<UpCommand>(m_cli));
    m_commands.push_back(std::make_unique<DownCommand>(m_cli));
    m_commands.push_back(std::make_unique<NewCommand>(m_cli));
    m_commands.push_back(std::make_unique<ValidateCommand>(m_cli));
    m_commands.push_back(std::make_unique<LintCommand>(m_cli));
    m_commands.push_back(std::make_unique<DriftCommand>(m_cli));
    m_commands.push_back(std::make_unique<PreflightCommand>(m_cli));
    m_commands.push_back(std::make_unique<SandboxCommand>(m_cli));
    m_commands.push_back(std::make_unique<ProfileCommand>(m_cli));
    m_commands.push_back(std::make_unique<ImportTypeOrmCommand>(m_cli));
    m_commands.push_back(std::make_unique<SchemaCommand>(m_cli, SchemaCommand::Kind::Diff));
    m_commands.push_back(std::make_unique<SchemaCommand>(m_cli, SchemaCommand::Kind::Generate));
    m_commands.push_back(std::make_unique<SchemaCommand>(m_cli, SchemaCommand::Kind::Verify));
    m_commands.push_back(std::make_unique<BlameCommand>(m_cli));
    m_commands.push_back(std::make_unique<MatrixCommand>(m_cli));
    m_commands.push_back(std::make_unique<FleetCommand>(m_cli));
    m_commands.push_back(std::make_unique<RestoreCommand>(m_cli));
    m_commands.push_back(std::make_unique<BackupsCommand>(m_cli));
    m_commands.push_back(std::make_unique<CompletionCommand>(m_cli, [this] { return completionSpec(); }));
    addOptions();
}

CliApplication::~CliApplication() = default;

void CliApplication::addOptions()
{
    QCommandLineParser &parser = m_cli.parser();
    parser.setApplicationDescription(
        QStringLiteral("Strata: PostgreSQL migrations you can see, review and trust.\n\n") + commandHelp());
    // -h is the host, as in psql (and -p the port): --help or -? for help.
    parser.addOption(
        { { QStringLiteral("?"), QStringLiteral("help") }, QStringLiteral("Displays this help.") });
    parser.addVersionOption();
    m_options = {
        { QStringLiteral("migrations"),
            QStringLiteral("The migrations folder: Strata .sql files, TypeORM .ts/.js migrations, or a "
                           "TypeORM project (default: the working folder when it holds migrations, "
                           "else ./migrations)."),
            QStringLiteral("DIR") },
        { QStringLiteral("project"),
            QStringLiteral(
                "A TypeORM project folder: its data source gives the migrations, history table, "
                "transaction mode and connection. Found by itself when the working folder has a data "
                "source and no migrations/*.sql."),
            QStringLiteral("DIR") },
        { QStringLiteral("static"),
            QStringLiteral("Read TypeORM migrations statically only: never run the project's TypeORM (with "
                           "node) in a shadow database to learn the SQL of migrations the static reader "
                           "cannot read exactly.") },
        { QStringLiteral("dsn"),
            QStringLiteral("postgresql://user@host:port/db?sslmode=... (no password here; use PGPASSWORD, "
                           "~/.pgpass, --password-stdin or STRATA_DATABASE_URL)."),
            QStringLiteral("URI") },
        { QStringLiteral("env-file"),
            QStringLiteral("A .env with DB_HOST, DB_PORT, DB_USERNAME, DB_PASSWORD, DB_DATABASE."),
            QStringLiteral("PATH") },
        { QStringLiteral("profile"), QStringLiteral("A saved connection profile."), QStringLiteral("NAME") },
        { { QStringLiteral("h"), QStringLiteral("host") },
            QStringLiteral("Server host or socket folder (default: PGHOST)."), QStringLiteral("HOST") },
        { { QStringLiteral("p"), QStringLiteral("port") }, QStringLiteral("Server port (default: PGPORT)."),
            QStringLiteral("PORT") },
        { { QStringLiteral("U"), QStringLiteral("user") }, QStringLiteral("Database user (default: PGUSER)."),
            QStringLiteral("USER") },
        { { QStringLiteral("d"), QStringLiteral("dbname") },
            QStringLiteral("Database (default: PGDATABASE)."), QStringLiteral("DB") },
        { QStringLiteral("sslmode"), QStringLiteral("disable, prefer, require, verify-ca, verify-full."),
            QStringLiteral("MODE") },
        { QStringLiteral("sslrootcert"), QStringLiteral("Root certificate file for verify-ca/verify-full."),
            QStringLiteral("FILE") },
        { QStringLiteral("password-stdin"),
            QStringLiteral("Read the password from the first line of stdin.") },
        { QStringLiteral("ssh-host"),
            QStringLiteral("Reach the database through an SSH tunnel to this bastion; --host and --port are "
                           "then the database as the bastion sees it."),
            QStringLiteral("HOST") },
        { QStringLiteral("ssh-port"), QStringLiteral("The bastion's SSH port (default 22)."),
            QStringLiteral("N") },
        { QStringLiteral("ssh-user"), QStringLiteral("The user on the bastion (default: your login name)."),
            QStringLiteral("USER") },
        { QStringLiteral("ssh-key"),
            QStringLiteral("A private key file for the bastion (default: the SSH agent, then the SSH "
                           "password); its passphrase from STRATA_SSH_PASSWORD or --ssh-password-stdin."),
            QStringLiteral("FILE") },
        { QStringLiteral("ssh-known-hosts"),
            QStringLiteral("The known_hosts file the bastion's host key is checked against (default "
                           "~/.ssh/known_hosts)."),
            QStringLiteral("FILE") },
        { QStringLiteral("ssh-accept-host-key"),
            QStringLiteral("Accept the bastion's host key into known_hosts if it is not known yet, printing "
                           "its fingerprint (a changed key is never accepted).") },
        { QStringLiteral("ssh-password-stdin"),
            QStringLiteral("Read the SSH key passphrase or password from stdin (the line after the "
                           "database password with --password-stdin).") },
        { QStringLiteral("sandbox"),
            QStringLiteral("Use the local throwaway sandbox cluster (started if needed).") },
        { QStringLiteral("table"), QStringLiteral("History table name (default migrations, as TypeORM)."),
            QStringLiteral("NAME") },
        { QStringLiteral("schema"), QStringLiteral("Schema of the history table (default: search_path)."),
            QStringLiteral("SCHEMA") },
        { QStringLiteral("json"), QStringLiteral("Machine-readable output.") },
        { QStringLiteral("verbose"), QStringLiteral("Print every statement as it runs.") },
        { QStringLiteral("to"),
            QStringLiteral(
                "up: apply up to this migration; down: revert down to it; diff/generate: the schema "
                "to reach."),
            QStringLiteral("NAME") },
        { QStringLiteral("from"),
            QStringLiteral(
                "diff/generate: the schema to start from (default: migrations, the folder replayed)."),
            QStringLiteral("SCHEMA") },
        { QStringLiteral("rename"),
            QStringLiteral(
                "diff/generate: accept an offered rename candidate, e.g. --rename users.name=full_name "
                "(repeatable)."),
            QStringLiteral("OLD=NEW") },
        { QStringLiteral("down"),
            QStringLiteral("diff: also print the SQL for the other direction; preflight: check a revert "
                           "(--count N or --to NAME) instead of up.") },
        { QStringLiteral("count"), QStringLiteral("down: how many migrations to revert (default 1)."),
            QStringLiteral("N") },
        { QStringLiteral("dry-run"), QStringLiteral("Print the plan and its SQL; change nothing.") },
        { QStringLiteral("single-transaction"),
            QStringLiteral("up/down: all migrations in one transaction.") },
        { QStringLiteral("allow-out-of-order"),
            QStringLiteral("up: apply pending migrations older than the newest applied one.") },
        { QStringLiteral("ignore-drift"),
            QStringLiteral("Run even if applied migrations were edited or deleted.") },
        { QStringLiteral("lock-wait"),
            QStringLiteral("Seconds to wait for another runner's migration lock (default 30)."),
            QStringLiteral("SECONDS"), QStringLiteral("30") },
        { QStringLiteral("lock-timeout"), QStringLiteral("lock_timeout for the run's statements, e.g. 5s."),
            QStringLiteral("DURATION") },
        { QStringLiteral("statement-timeout"),
            QStringLiteral("statement_timeout for the run's statements, e.g. 15min."),
            QStringLiteral("DURATION") },
        { QStringLiteral("force"),
            QStringLiteral("up/down: run even if the pre-flight finds blockers; import-typeorm: overwrite "
                           "existing .sql files.") },
        { QStringLiteral("typeorm-version"),
            QStringLiteral("import-typeorm: translate schema API calls as TypeORM 0.3 or 1 (default: the "
                           "project's installed or declared typeorm)."),
            QStringLiteral("VERSION") },
        { QStringLiteral("pg-version"),
            QStringLiteral(
                "lint/preflight: the PostgreSQL version the migrations will meet, e.g. 13 (default: "
                "strata.ini, else the connected server, else the newest supported)."),
            QStringLiteral("VERSION") },
        { QStringLiteral("format"), QStringLiteral("lint: text, json or sarif (default text)."),
            QStringLiteral("FORMAT") },
        { QStringLiteral("backup"),
            QStringLiteral("up: pg_dump the database into DIR (or the profile's backup folder) and verify it "
                           "before migrating; profile save: the profile's backup folder.") },
        { QStringLiteral("pg-bin"),
            QStringLiteral(
                "The folder holding pg_dump and pg_restore (default: the profile's, else the newest "
                "/usr/lib/postgresql/*/bin, else PATH)."),
            QStringLiteral("DIR") },
        { QStringLiteral("into"),
            QStringLiteral("restore: into this new database (created; must not exist)."),
            QStringLiteral("NEW_DATABASE") },
        { QStringLiteral("yes"),
            QStringLiteral("restore: confirm without asking (for scripts); fleet up/down: confirm the "
                           "production targets.") },
        { QStringLiteral("confirm-database"),
            QStringLiteral("up/down/restore on production without a terminal: the database name, as a typed "
                           "confirmation."),
            QStringLiteral("NAME") },
        { QStringLiteral("lock-timeout-retry"),
            QStringLiteral("up/down: when a statement hits lock_timeout, roll back and retry up to N times "
                           "with backoff (0.5 s, 1 s, 2 s ... 8 s)."),
            QStringLiteral("N") },
        { QStringLiteral("no-pipeline"),
            QStringLiteral("up/down: send each statement and wait for it, instead of each migration as one "
                           "pipeline (for a proxy that cannot take libpq's pipeline mode).") },
        { QStringLiteral("environment"),
            QStringLiteral("development, staging or production (default: the profile's); up and down run "
                           "the pre-flight first on staging and production."),
            QStringLiteral("ENV") },
        { QStringLiteral("preflight"),
            QStringLiteral("up/down: run the pre-flight first whatever the environment.") },
        { QStringLiteral("targets"),
            QStringLiteral(
                "fleet, matrix: the targets file (one postgres:// URL without a password, profile:NAME, or a "
                "URL whose database is a LIKE pattern per line; schema=NAME for a schema per tenant)."),
            QStringLiteral("FILE") },
        { QStringLiteral("concurrency"), QStringLiteral("fleet: how many targets at once (default 4)."),
            QStringLiteral("N") },
        { QStringLiteral("canary"),
            QStringLiteral("fleet: run the first K targets first; the rest only if all K succeed."),
            QStringLiteral("K") },
        { QStringLiteral("stop-after-failures"),
            QStringLiteral("fleet: start no new target after N failures (default: never stop)."),
            QStringLiteral("N") },
        { QStringLiteral("shard"),
            QStringLiteral("fleet: run only shard I of N (a stable split by target, for several jobs)."),
            QStringLiteral("I/N") },
        { QStringLiteral("report"),
            QStringLiteral("fleet: where to write the JSON report (default: Strata's data folder, fleet/)."),
            QStringLiteral("FILE") },
        { QStringLiteral("profiles"),
            QStringLiteral(
                "matrix: the profiles to put side by side, comma-separated (default: every profile "
                "whose migrations folder is this project's)."),
            QStringLiteral("A,B,...") },
        { QStringLiteral("expect-same"),
            QStringLiteral(
                "matrix: exit 3 when these two profiles differ (a migration applied on one only, or "
                "with different checksums)."),
            QStringLiteral("A,B") },
        { QStringLiteral("exit-code"),
            QStringLiteral("status: exit 3 if anything is pending, drifted or malformed; drift: exit 3 on "
                           "drift.") },
    };
    parser.addOptions(m_options);
    // `up --backup DIR` is rewritten to this before parsing (QCommandLineParser
    // has no options with an optional value).
    QCommandLineOption backupDirectory(QStringLiteral("backup-dir"), QString(), QStringLiteral("DIR"));
    backupDirectory.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(backupDirectory);
    parser.addPositionalArgument(
        QStringLiteral("command"), QStringLiteral("See the list of commands above."));
}

ShellCompletion::Spec CliApplication::completionSpec() const
{
    ShellCompletion::Spec spec;
    spec.program = QStringLiteral("strata-cli");
    for (const CommandHelp &entry : commandHelpEntries()) {
        const QString name = entry.usage.section(QLatin1Char(' '), 0, 0);
        const QString rest = entry.usage.section(QLatin1Char(' '), 1);
        if (std::any_of(spec.commands.cbegin(), spec.commands.cend(),
                [&](const ShellCompletion::Command &c) { return c.name == name; }))
            continue; // a second line about the same command (up --backup)
        ShellCompletion::Command command;
        command.name = name;
        command.summary = entry.description;
        // "sandbox start|stop|env", "profile list|save ID|remove ID"
        if (rest.contains(QLatin1Char('|')) && !rest.startsWith(QLatin1Char('-')))
            for (const QString &alternative : rest.split(QLatin1Char('|')))
                command.subcommands << alternative.section(QLatin1Char(' '), 0, 0);
        else if (rest.contains(QLatin1String("FILE")))
            command.arguments = ShellCompletion::Command::Arguments::Files;
        else if (rest.contains(QLatin1String("DIR")) || rest.contains(QLatin1String("SRC")))
            command.arguments = ShellCompletion::Command::Arguments::Directories;
        if (const CliCommand *own = this->command(name))
            command.ownOptions = own->ownOptions();
        spec.commands << command;
    }
    spec.options << ShellCompletion::Option { { QStringLiteral("help") }, {},
        QStringLiteral("Displays this help.") }
                 << ShellCompletion::Option { { QStringLiteral("version") }, {},
                        QStringLiteral("Displays version information.") };
    for (const QCommandLineOption &option : m_options)
        if (!(option.flags() & QCommandLineOption::HiddenFromHelp))
            spec.options << ShellCompletion::Option { option.names(), option.valueName(),
                option.description() };
    return spec;
}

CliCommand *CliApplication::command(const QString &name) const
{
    for (const std::unique_ptr<CliCommand> &c : m_commands)
        if (c->name() == name)
            return c.get();
    return nullptr;
}

QString CliApplication::foreignOption(const CliCommand &command) const
{
    // An option some commands own is an error on the others, naming its owners.
    QStringList checked;
    for (const std::unique_ptr<CliCommand> &owner : m_commands) {
        for (const QString &option : owner->ownOptions()) {
            if (checked.contains(option) || !m_cli.parser().isSet(option))
                continue;
            checked << option;
            if (command.ownOptions().contains(option))
                continue;
            QStringList owners;
            for (const std::unique_ptr<CliCommand> &c : m_commands)
                if (c->ownOptions().contains(option))
                    owners << c->name();
            return QStringLiteral("--%1 is an option of %2, not of %3")
                .arg(option, owners.join(QLatin1Char('/')), command.name());
        }
    }
    return {};
}

int CliApplication::run(const QStringList &rawArguments)
{
    QCommandLineParser &parser = m_cli.parser();
    // `--backup DIR` / `--backup=DIR`: the folder is the word after --backup
    // unless that is an option or the command.
    QStringList arguments;
    for (qsizetype i = 0; i < rawArguments.size(); ++i) {
        const QString &a = rawArguments.at(i);
        if (i > 0 && a.startsWith(QLatin1String("--backup="))) {
            arguments << QStringLiteral("--backup") << QStringLiteral("--backup-dir") << a.mid(9);
        } else if (i > 0 && a == QLatin1String("--backup") && i + 1 < rawArguments.size()
            && !rawArguments.at(i + 1).startsWith(QLatin1Char('-')) && !command(rawArguments.at(i + 1))) {
            arguments << a << QStringLiteral("--backup-dir") << rawArguments.at(i + 1);
            ++i;
        } else {
            arguments << a;
        }
    }
    if (!parser.parse(arguments))
        return m_cli.usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        m_cli.out() << parser.helpText();
        return CliContext::Success;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        m_cli.out() << "strata-cli " << QStringLiteral(STRATA_VERSION) << '\n';
        return CliContext::Success;
    }
    m_cli.setJson(parser.isSet(QStringLiteral("json")));
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return m_cli.usage(QStringLiteral("no command given.\n") + commandHelp());
    CliCommand *chosen = command(positional.first());
    if (!chosen)
        return m_cli.usage(QStringLiteral("unknown command '%1'.\n").arg(positional.first()) + commandHelp());
    if (const QString problem = foreignOption(*chosen); !problem.isEmpty())
        return m_cli.usage(problem);
    if (parser.isSet(QStringLiteral("pg-version"))
        && LintConfig::parseServerVersion(parser.value(QStringLiteral("pg-version"))) == 0)
        return m_cli.usage(QStringLiteral("--pg-version takes a PostgreSQL version such as 13 or 12.4"));

    // A profile contributes its migrations folder and history table too.
    if (parser.isSet(QStringLiteral("profile")))
        if (Status s = m_cli.useProfile(parser.value(QStringLiteral("profile"))); !s)
            return m_cli.usage(s.error().message);
    if (Status s = m_cli.openProject(chosen->name()); !s)
        return m_cli.fail(s.error());
    return chosen->run(positional.mid(1));
}
