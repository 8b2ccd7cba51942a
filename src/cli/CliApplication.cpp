#include "CliApplication.h"

#include "PreflightPrinter.h"
#include "SchemaCommands.h"
#include "StatusPrinter.h"
#include "backup/BackupArchive.h"
#include "backup/BackupCatalog.h"
#include "backup/BackupJob.h"
#include "backup/PgToolLocator.h"
#include "backup/RestoreJob.h"
#include "common/Logging.h"
#include "db/PgConnection.h"
#include "diff/TextDiff.h"
#include "git/MigrationGitState.h"
#include "history/HistoryStore.h"
#include "lint/LintConfig.h"
#include "lint/LintDatabaseFacts.h"
#include "lint/MigrationLinter.h"
#include "lint/SarifWriter.h"
#include "lint/TableSizes.h"
#include "migration/MigrationFileParser.h"
#include "migration/MigrationSource.h"
#include "planner/DriftReport.h"
#include "planner/MigrationPlanner.h"
#include "preflight/Preflight.h"
#include "project/Project.h"
#include "project/TypeOrmShadowReader.h"
#include "runner/MigrationRunner.h"
#include "sandbox/SandboxCluster.h"
#include "settings/EnvironmentPolicy.h"
#include "settings/ProfileStore.h"
#include "sql/SqlScript.h"
#include "typeorm/TypeOrmImporter.h"
#include "typeorm/TypeOrmMigrationSource.h"
#include "typeorm/TypeOrmProject.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <functional>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace {

std::atomic_bool interrupted { false };

// stderr is written from the lock-watch thread too (MigrationRunner::lockWaitChanged).
std::mutex stderrMutex;

extern "C" void onInterrupt(int)
{
    interrupted.store(true);
}

// Ctrl+C during a run cancels the statement on the server (PQcancel) and lets
// the runner roll back and release its lock, instead of dying mid-transaction;
// during a backup or restore it stops pg_dump or pg_restore and removes what
// they left. The signal handler only sets a flag; this thread turns it into
// `cancel`.
class InterruptWatcher
{
public:
    explicit InterruptWatcher(std::function<void()> cancel)
        : m_thread([this, cancel = std::move(cancel)] {
            while (!m_stop.load()) {
                if (interrupted.exchange(false))
                    cancel();
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        })
    {
        std::signal(SIGINT, onInterrupt);
        std::signal(SIGTERM, onInterrupt);
    }
    ~InterruptWatcher()
    {
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
        m_stop.store(true);
        m_thread.join();
    }

private:
    std::atomic_bool m_stop { false };
    std::thread m_thread;
};

// What may follow `--backup` as the command rather than its folder.
QStringList commandNames()
{
    return { QStringLiteral("status"), QStringLiteral("up"), QStringLiteral("down"), QStringLiteral("new"),
        QStringLiteral("validate"), QStringLiteral("lint"), QStringLiteral("drift"),
        QStringLiteral("preflight"), QStringLiteral("sandbox"), QStringLiteral("profile"),
        QStringLiteral("import-typeorm"), QStringLiteral("diff"), QStringLiteral("generate"),
        QStringLiteral("verify"), QStringLiteral("restore"), QStringLiteral("backups") };
}

QString commandHelp()
{
    return QStringLiteral(
        "Commands:\n"
        "  status               show each migration's state (applied, pending, out-of-order, edited, "
        "missing)\n"
        "  up                   apply pending migrations (--to NAME, --dry-run, --single-transaction)\n"
        "  down                 revert the last applied migration (--count N, --to NAME, --dry-run)\n"
        "  new NAME             create <timestamp>-NAME.sql with empty up and down sections\n"
        "  validate             check every migration file's format and SQL syntax, without a database\n"
        "  lint [FILES...]      check migrations for risky SQL (--format text|json|sarif; exit 3 on errors)\n"
        "  drift                diff the SQL recorded at apply time against each edited or missing file\n"
        "  preflight            check before up (--down: before a revert): connection, migration lock, "
        "pending, drift, lint, backup, "
        "sessions holding locks on the tables the plan touches (exit 3 on blockers)\n"
        "  sandbox start|stop|env  a throwaway local PostgreSQL for trying Strata out\n"
        "  profile list|save ID|remove ID  connection profiles in your settings (no passwords)\n"
        "  import-typeorm SRC DEST  convert TypeORM migrations (.ts/.js) into .sql files (--force; exit 3 if "
        "any is not converted)\n"
        "  diff --from X --to Y print the SQL that turns schema X into Y (--down, --exit-code, --rename "
        "OLD=NEW)\n"
        "  generate NAME --to Y write a migration from --from (default: the migrations folder) to Y\n"
        "  verify               check in a shadow database that every down undoes its up (exit 3 if not)\n"
        "  Schemas (X, Y): migrations, a migrations folder, FILE.sql, profile:NAME, postgres://..., "
        "connection\n"
        "  up --backup [DIR]    pg_dump the database first (verified), then migrate; nothing runs if the "
        "backup "
        "fails\n"
        "  restore FILE         restore a dump into the database (--into NEW_DB: into a new database "
        "instead; "
        "asks first, --yes and for production --confirm-database NAME when not on a terminal)\n"
        "  backups [DIR]        list the backups of this profile and database, newest first\n"
        "\n"
        "Backups are <profile>-<database>-<UTC time>.dump (pg_dump --format=custom) in the profile's backup "
        "folder, by default ~/.local/share/Strata/strata/backups/<profile> (\"default\" without a "
        "profile).\n");
}

} // namespace

CliApplication::CliApplication()
    : m_out(stdout)
    , m_err(stderr)
{
    addOptions();
}

CliApplication::~CliApplication() = default;

void CliApplication::addOptions()
{
    m_parser.setApplicationDescription(
        QStringLiteral("Strata: PostgreSQL migrations you can see, review and trust.\n\n") + commandHelp());
    m_parser.addHelpOption();
    m_parser.addVersionOption();
    m_parser.addOptions({
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
        { QStringLiteral("host"), QStringLiteral("Server host or socket folder (default: PGHOST)."),
            QStringLiteral("HOST") },
        { QStringLiteral("port"), QStringLiteral("Server port (default: PGPORT)."), QStringLiteral("PORT") },
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
        { QStringLiteral("yes"), QStringLiteral("restore: confirm without asking (for scripts).") },
        { QStringLiteral("confirm-database"),
            QStringLiteral("up/down/restore on production without a terminal: the database name, as a typed "
                           "confirmation."),
            QStringLiteral("NAME") },
        { QStringLiteral("lock-timeout-retry"),
            QStringLiteral("up/down: when a statement hits lock_timeout, roll back and retry up to N times "
                           "with backoff (0.5 s, 1 s, 2 s ... 8 s)."),
            QStringLiteral("N") },
        { QStringLiteral("environment"),
            QStringLiteral("development, staging or production (default: the profile's); up and down run "
                           "the pre-flight first on staging and production."),
            QStringLiteral("ENV") },
        { QStringLiteral("preflight"),
            QStringLiteral("up/down: run the pre-flight first whatever the environment.") },
        { QStringLiteral("exit-code"),
            QStringLiteral("status: exit 3 if anything is pending, drifted or malformed; drift: exit 3 on "
                           "drift.") },
    });
    // `up --backup DIR` is rewritten to this before parsing (QCommandLineParser
    // has no options with an optional value).
    QCommandLineOption backupDirectory(QStringLiteral("backup-dir"), QString(), QStringLiteral("DIR"));
    backupDirectory.setFlags(QCommandLineOption::HiddenFromHelp);
    m_parser.addOption(backupDirectory);
    m_parser.addPositionalArgument(
        QStringLiteral("command"), QStringLiteral("See the list of commands above."));
}

int CliApplication::usage(const QString &message)
{
    m_err << "strata-cli: " << message << "\nTry 'strata-cli --help'.\n";
    m_err.flush();
    return UsageError;
}

int CliApplication::fail(const StrataError &error)
{
    if (m_json) {
        QJsonObject root;
        root[QLatin1String("ok")] = false;
        root[QLatin1String("error")] = StatusPrinter::errorJson(error);
        m_out << QJsonDocument(root).toJson(QJsonDocument::Indented);
        m_out.flush();
    }
    m_err << "error: " << error.toString() << '\n';
    m_err.flush();
    return error.kind == StrataError::Kind::Usage ? UsageError : Failure;
}

int CliApplication::run(const QStringList &rawArguments)
{
    // `--backup DIR` / `--backup=DIR`: the folder is the word after --backup
    // unless that is an option or the command.
    QStringList arguments;
    for (qsizetype i = 0; i < rawArguments.size(); ++i) {
        const QString &a = rawArguments.at(i);
        if (i > 0 && a.startsWith(QLatin1String("--backup="))) {
            arguments << QStringLiteral("--backup") << QStringLiteral("--backup-dir") << a.mid(9);
        } else if (i > 0 && a == QLatin1String("--backup") && i + 1 < rawArguments.size()
            && !rawArguments.at(i + 1).startsWith(QLatin1Char('-'))
            && !commandNames().contains(rawArguments.at(i + 1))) {
            arguments << a << QStringLiteral("--backup-dir") << rawArguments.at(i + 1);
            ++i;
        } else {
            arguments << a;
        }
    }
    if (!m_parser.parse(arguments))
        return usage(m_parser.errorText());
    if (m_parser.isSet(QStringLiteral("help"))) {
        m_out << m_parser.helpText();
        return Success;
    }
    if (m_parser.isSet(QStringLiteral("version"))) {
        m_out << "strata-cli " << QStringLiteral(STRATA_VERSION) << '\n';
        return Success;
    }
    m_json = m_parser.isSet(QStringLiteral("json"));
    const QStringList positional = m_parser.positionalArguments();
    if (positional.isEmpty())
        return usage(QStringLiteral("no command given.\n") + commandHelp());
    const QString command = positional.first();
    const QStringList args = positional.mid(1);

    auto onlyFor = [&](const QStringList &options, const QStringList &commands) -> QString {
        for (const QString &o : options)
            if (m_parser.isSet(o) && !commands.contains(command))
                return QStringLiteral("--%1 is an option of %2, not of %3")
                    .arg(o, commands.join(QLatin1Char('/')), command);
        return {};
    };
    for (const QString &problem :
        { onlyFor({ QStringLiteral("count") }, { QStringLiteral("down"), QStringLiteral("preflight") }),
            onlyFor({ QStringLiteral("to") },
                { QStringLiteral("up"), QStringLiteral("down"), QStringLiteral("preflight"),
                    QStringLiteral("diff"), QStringLiteral("generate") }),
            onlyFor({ QStringLiteral("dry-run"), QStringLiteral("single-transaction") },
                { QStringLiteral("up"), QStringLiteral("down") }),
            onlyFor({ QStringLiteral("from"), QStringLiteral("rename") },
                { QStringLiteral("diff"), QStringLiteral("generate") }),
            onlyFor({ QStringLiteral("down") }, { QStringLiteral("diff"), QStringLiteral("preflight") }),
            onlyFor({ QStringLiteral("allow-out-of-order") },
                { QStringLiteral("up"), QStringLiteral("preflight") }),
            onlyFor({ QStringLiteral("force") },
                { QStringLiteral("up"), QStringLiteral("down"), QStringLiteral("import-typeorm") }),
            onlyFor({ QStringLiteral("preflight") }, { QStringLiteral("up"), QStringLiteral("down") }),
            onlyFor({ QStringLiteral("typeorm-version") }, { QStringLiteral("import-typeorm") }),
            onlyFor(
                { QStringLiteral("pg-version") }, { QStringLiteral("lint"), QStringLiteral("preflight") }),
            onlyFor(
                { QStringLiteral("lock-timeout-retry") }, { QStringLiteral("up"), QStringLiteral("down") }),
            onlyFor({ QStringLiteral("exit-code") },
                { QStringLiteral("status"), QStringLiteral("drift"), QStringLiteral("diff") }),
            onlyFor({ QStringLiteral("project") },
                { QStringLiteral("status"), QStringLiteral("up"), QStringLiteral("down"),
                    QStringLiteral("drift"), QStringLiteral("preflight"), QStringLiteral("validate"),
                    QStringLiteral("lint"), QStringLiteral("new"), QStringLiteral("diff"),
                    QStringLiteral("generate"), QStringLiteral("verify") }),
            onlyFor({ QStringLiteral("backup") }, { QStringLiteral("up"), QStringLiteral("profile") }),
            onlyFor({ QStringLiteral("into"), QStringLiteral("yes") }, { QStringLiteral("restore") }),
            onlyFor({ QStringLiteral("confirm-database") },
                { QStringLiteral("restore"), QStringLiteral("up"), QStringLiteral("down") }) })
        if (!problem.isEmpty())
            return usage(problem);
    if (m_parser.isSet(QStringLiteral("pg-version"))
        && LintConfig::parseServerVersion(m_parser.value(QStringLiteral("pg-version"))) == 0)
        return usage(QStringLiteral("--pg-version takes a PostgreSQL version such as 13 or 12.4"));

    // A profile contributes its migrations folder and history table too.
    if (m_parser.isSet(QStringLiteral("profile"))) {
        const std::optional<ConnectionProfile> profile
            = ProfileStore().find(m_parser.value(QStringLiteral("profile")));
        if (!profile)
            return usage(QStringLiteral("no profile named '%1' (see: strata-cli profile list)")
                             .arg(m_parser.value(QStringLiteral("profile"))));
        m_profileMigrations = profile->migrationsDirectory;
        m_profileHistory = profile->history;
        m_haveProfileHistory = true;
        m_profileEnvironment = profile->environment;
        m_profileId = profile->id;
        m_profilePgBin = profile->pgBinDir;
        m_profileBackupDirectory = profile->backupDirectory;
    }

    if (Status s = openProject(command); !s)
        return fail(s.error());

    if (command == QLatin1String("status"))
        return args.isEmpty() ? commandStatus() : usage(QStringLiteral("status takes no arguments"));
    if (command == QLatin1String("up"))
        return args.isEmpty() ? commandUp() : usage(QStringLiteral("up takes no arguments (use --to NAME)"));
    if (command == QLatin1String("down"))
        return args.isEmpty() ? commandDown()
                              : usage(QStringLiteral("down takes no arguments (use --count N or --to NAME)"));
    if (command == QLatin1String("new"))
        return commandNew(args);
    if (command == QLatin1String("validate"))
        return commandValidate();
    if (command == QLatin1String("lint"))
        return commandLint(args);
    if (command == QLatin1String("drift"))
        return args.isEmpty() ? commandDrift() : usage(QStringLiteral("drift takes no arguments"));
    if (command == QLatin1String("preflight"))
        return args.isEmpty() ? commandPreflight()
                              : usage(QStringLiteral("preflight takes no arguments (use --to NAME)"));
    if (command == QLatin1String("sandbox"))
        return commandSandbox(args);
    if (command == QLatin1String("profile"))
        return commandProfile(args);
    if (command == QLatin1String("import-typeorm"))
        return commandImportTypeOrm(args);
    if (command == QLatin1String("diff") || command == QLatin1String("generate")
        || command == QLatin1String("verify"))
        return commandSchema(command, args);
    if (command == QLatin1String("restore"))
        return commandRestore(args);
    if (command == QLatin1String("backups"))
        return commandBackups(args);
    return usage(QStringLiteral("unknown command '%1'.\n").arg(command) + commandHelp());
}

QString CliApplication::requestedFolder() const
{
    if (m_parser.isSet(QStringLiteral("migrations")))
        return m_parser.value(QStringLiteral("migrations"));
    if (m_parser.isSet(QStringLiteral("project")))
        return m_parser.value(QStringLiteral("project"));
    if (!m_profileMigrations.isEmpty())
        return m_profileMigrations;
    // The working folder when it holds migrations of any kind (inside a folder
    // of TypeORM files, or a project root with a data source), else ./migrations.
    return Project::locate(QStringLiteral("."), QStringLiteral("migrations"));
}

QString CliApplication::migrationsDirectory() const
{
    return m_project ? m_project->migrationsDirectory() : requestedFolder();
}

Status CliApplication::openProject(const QString &command)
{
    // diff and generate read the folder only when a side is `migrations`
    // (SchemaSource opens it then); the rest need it now.
    const QStringList projectCommands { QStringLiteral("status"), QStringLiteral("up"),
        QStringLiteral("down"), QStringLiteral("drift"), QStringLiteral("preflight"),
        QStringLiteral("validate"), QStringLiteral("lint"), QStringLiteral("new"), QStringLiteral("verify") };
    if (!projectCommands.contains(command))
        return Ok {};
    Result<Project> project = m_parser.isSet(QStringLiteral("project"))
        ? Project::openTypeOrm(
            m_parser.value(QStringLiteral("project")), m_parser.value(QStringLiteral("migrations")))
        : Project::open(requestedFolder());
    if (!project)
        return project.error();
    m_project = std::move(project).value();
    const TypeOrmProject *typeOrm = m_project->typeOrm();
    if (!m_json && typeOrm) {
        m_err << "TypeORM project: " << QDir::current().relativeFilePath(typeOrm->configFile())
              << " (history " << historyTable().qualifiedTable() << ", transaction mode "
              << typeOrm->transactionModeName()
              << (m_project->batchTransaction() ? QStringLiteral(": one transaction for the batch")
                                                : QStringLiteral(": one transaction per migration"))
              << ")\n";
        for (const TypeOrmProblem &note : typeOrm->notes())
            m_err << "note: " << note.toString() << '\n';
        m_err.flush();
    }
    return Ok {};
}

Result<MigrationSource::Scan> CliApplication::scanMigrations()
{
    if (!m_project)
        return Project::scanFolder(requestedFolder());
    Result<MigrationSource::Scan> scan = m_project->scan();
    if (!scan || !m_project->isTypeOrm() || m_parser.isSet(QStringLiteral("static")))
        return scan;
    // What the static reader cannot know, TypeORM itself is asked (when the
    // project has node and typeorm), in a shadow of the target when one is named.
    TypeOrmShadowReader::Options options;
    const Result<ConnectionSettings> target = connectionSettings();
    if (target)
        options.target = &*target;
    Result<TypeOrmShadowReader::Reading> reading
        = TypeOrmShadowReader::read(*m_project, std::move(scan).value(), options);
    if (!reading)
        return reading.error();
    for (const QString &note : std::as_const(reading->notes))
        m_err << "note: " << note << '\n';
    m_err.flush();
    return std::move(reading->scan);
}

HistoryTable CliApplication::historyTable() const
{
    HistoryTable table = m_haveProfileHistory ? m_profileHistory
        : m_project                           ? m_project->history()
                                              : HistoryTable {};
    if (m_parser.isSet(QStringLiteral("table")))
        table.table = m_parser.value(QStringLiteral("table"));
    if (m_parser.isSet(QStringLiteral("schema")))
        table.schema = m_parser.value(QStringLiteral("schema"));
    return table;
}

Result<ConnectionSettings> CliApplication::connectionSettings()
{
    ConnectionSettings settings;
    settings.applicationName = QStringLiteral("strata-cli");
    // The data source's settings first: everything given to strata-cli overrides them.
    if (m_project && m_project->typeOrm())
        settings.overrideWith(m_project->typeOrm()->connection());
    if (m_parser.isSet(QStringLiteral("sandbox"))) {
        Result<ConnectionSettings> sandbox = SandboxCluster::startShared();
        if (!sandbox)
            return sandbox.error();
        settings.overrideWith(*sandbox);
    }
    if (m_parser.isSet(QStringLiteral("profile"))) {
        const std::optional<ConnectionProfile> profile
            = ProfileStore().find(m_parser.value(QStringLiteral("profile")));
        if (profile)
            settings.overrideWith(profile->connection);
    }
    if (m_parser.isSet(QStringLiteral("env-file"))) {
        Result<ConnectionSettings> env
            = ConnectionSettings::fromEnvFile(m_parser.value(QStringLiteral("env-file")));
        if (!env)
            return env.error();
        settings.overrideWith(*env);
    }
    const QString urlFromEnvironment = qEnvironmentVariable("STRATA_DATABASE_URL");
    if (!urlFromEnvironment.isEmpty() && !m_parser.isSet(QStringLiteral("dsn"))) {
        Result<ConnectionSettings> dsn = ConnectionSettings::fromDsn(urlFromEnvironment);
        if (!dsn) {
            StrataError e = dsn.error();
            e.message = QStringLiteral("STRATA_DATABASE_URL: ") + e.message;
            return e;
        }
        settings.overrideWith(*dsn);
    }
    if (m_parser.isSet(QStringLiteral("dsn"))) {
        Result<ConnectionSettings> dsn = ConnectionSettings::fromDsn(m_parser.value(QStringLiteral("dsn")));
        if (!dsn)
            return dsn.error();
        if (!dsn->password.isEmpty())
            return StrataError::make(StrataError::Kind::Usage,
                QStringLiteral(
                    "--dsn contains a password, which every user of this machine could read in the "
                    "process list; put it in PGPASSWORD, ~/.pgpass, STRATA_DATABASE_URL or pass "
                    "--password-stdin"));
        settings.overrideWith(*dsn);
    }
    ConnectionSettings flags;
    flags.host = m_parser.value(QStringLiteral("host"));
    if (m_parser.isSet(QStringLiteral("port"))) {
        bool ok = false;
        flags.port = m_parser.value(QStringLiteral("port")).toInt(&ok);
        if (!ok || flags.port <= 0 || flags.port > 65535)
            return StrataError::make(StrataError::Kind::Usage,
                QStringLiteral("--port is not a port number: '%1'")
                    .arg(m_parser.value(QStringLiteral("port"))));
    }
    flags.user = m_parser.value(QStringLiteral("user"));
    flags.database = m_parser.value(QStringLiteral("dbname"));
    flags.sslMode = m_parser.value(QStringLiteral("sslmode"));
    flags.sslRootCert = m_parser.value(QStringLiteral("sslrootcert"));
    settings.overrideWith(flags);
    if (m_parser.isSet(QStringLiteral("password-stdin"))) {
        if (!m_stdinPasswordRead) {
            QTextStream in(stdin);
            m_stdinPassword = in.readLine();
            m_stdinPasswordRead = true;
        }
        settings.password = m_stdinPassword;
        if (settings.password.isEmpty())
            return StrataError::make(
                StrataError::Kind::Usage, QStringLiteral("--password-stdin: no password on standard input"));
    }
    return settings;
}

Result<std::unique_ptr<PgConnection>> CliApplication::connect()
{
    Result<ConnectionSettings> settings = connectionSettings();
    if (!settings)
        return settings.error();
    return PgConnection::open(*settings);
}

Result<CliApplication::Snapshot> CliApplication::readSnapshot(bool withSql)
{
    Snapshot snapshot;
    Result<MigrationSource::Scan> scan = scanMigrations();
    if (!scan)
        return scan.error();
    snapshot.scan = std::move(scan).value();
    Result<std::unique_ptr<PgConnection>> connection = connect();
    if (!connection)
        return connection.error();
    snapshot.connection = std::move(connection).value();
    HistoryStore history(*snapshot.connection, historyTable());
    Result<AppliedMigrationList> applied = history.read(withSql);
    if (!applied)
        return applied.error();
    snapshot.statuses = MigrationPlanner::statuses(snapshot.scan.migrations, *applied);
    return snapshot;
}

int CliApplication::commandStatus()
{
    Result<Snapshot> snapshot = readSnapshot(false);
    if (!snapshot)
        return fail(snapshot.error());
    const MigrationSource::Scan &scan = snapshot->scan;
    const MigrationStatusList &statuses = snapshot->statuses;
    StatusPrinter::Context context { snapshot->connection->settings().describe(),
        snapshot->connection->serverVersionString(), historyTable().qualifiedTable(), scan.directory };
    if (m_json) {
        QJsonObject root = StatusPrinter::statusJson(
            context, statuses, scan.problems, MigrationGitState::forFolder(scan.directory));
        if (const TypeOrmProject *typeOrm = m_project ? m_project->typeOrm() : nullptr) {
            QJsonObject project;
            project[QLatin1String("configFile")] = typeOrm->configFile();
            project[QLatin1String("migrationGlobs")] = QJsonArray::fromStringList(typeOrm->migrationGlobs());
            project[QLatin1String("transactionMode")] = typeOrm->transactionModeName();
            QJsonArray notes;
            for (const TypeOrmProblem &note : typeOrm->notes())
                notes.append(note.toString());
            project[QLatin1String("notes")] = notes;
            root[QLatin1String("typeormProject")] = project;
        }
        m_out << QJsonDocument(root).toJson(QJsonDocument::Indented);
    } else {
        StatusPrinter::printTable(m_out, context, statuses);
    }
    m_out.flush();
    for (const StrataError &problem : scan.problems)
        m_err << "error: " << problem.toString() << '\n';
    m_err.flush();
    if (!scan.problems.isEmpty())
        return m_parser.isSet(QStringLiteral("exit-code")) ? CheckFailed : Failure;
    if (m_parser.isSet(QStringLiteral("exit-code"))) {
        for (const MigrationStatus &s : statuses)
            if (s.state != MigrationState::Applied)
                return CheckFailed;
    }
    return Success;
}

int CliApplication::commandUp()
{
    Result<MigrationSource::Scan> scan = scanMigrations();
    if (!scan)
        return fail(scan.error());
    if (!scan->problems.isEmpty()) {
        for (const StrataError &problem : scan->problems)
            m_err << "error: " << problem.toString() << '\n';
        StrataError e = StrataError::make(StrataError::Kind::Source,
            QStringLiteral("%1 malformed migration file(s); nothing was run").arg(scan->problems.size()),
            scan->directory);
        return fail(e);
    }
    if (m_parser.isSet(QStringLiteral("backup")) && m_parser.isSet(QStringLiteral("dry-run")))
        return usage(QStringLiteral(
            "--backup and --dry-run: a dry run changes nothing, so there is nothing to back up for"));
    Result<std::unique_ptr<PgConnection>> connection = connect();
    if (!connection)
        return fail(connection.error());

    const Result<RunOptions> runOptions = this->runOptions();
    if (!runOptions)
        return usage(runOptions.error().message);
    const RunOptions &options = *runOptions;
    const UpOptions up = upOptions();

    // As the app does it: the pre-flight, then the confirmation, then the
    // backup (which the pre-flight counts as the recent one), then the run;
    // a refusal at any step costs no dump.
    if (!options.dryRun) {
        PreflightOptions preflight = preflightOptions(up);
        preflight.backupBeforeRun = m_parser.isSet(QStringLiteral("backup"));
        if (const std::optional<int> refused = preflightBeforeRun(**connection, *scan, preflight))
            return *refused;
        if (const std::optional<int> refused = confirmRun(**connection))
            return *refused;
    }
    if (m_parser.isSet(QStringLiteral("backup")))
        if (const int code = runBackupBeforeUp(); code != Success)
            return code;

    MigrationRunner runner(**connection, options);
    reportLockWaits(runner);
    const bool verbose = m_parser.isSet(QStringLiteral("verbose"));
    if (!m_json) {
        QObject::connect(&runner, &MigrationRunner::lockWaiting, [this](const QString &holder) {
            m_err << "waiting for the migration lock held by " << holder << '\n';
            m_err.flush();
        });
        if (!options.dryRun) {
            QObject::connect(&runner, &MigrationRunner::migrationStarted,
                [this](int index, int count, const QString &name, bool isUp) {
                    m_out << QStringLiteral("[%1/%2] %3 %4")
                                 .arg(index + 1)
                                 .arg(count)
                                 .arg(isUp ? QStringLiteral("up  ") : QStringLiteral("down"), name);
                    m_out.flush();
                });
            QObject::connect(
                &runner, &MigrationRunner::migrationFinished, [this](int, const QString &, qint64 ms) {
                    m_out << QStringLiteral(" ... ok (%1 ms)\n").arg(ms);
                    m_out.flush();
                });
            if (verbose)
                QObject::connect(&runner, &MigrationRunner::statementStarted,
                    [this](int, int statement, int count, const QString &summary, int line) {
                        m_out << QStringLiteral("\n    %1/%2 line %3: %4")
                                     .arg(statement + 1)
                                     .arg(count)
                                     .arg(line)
                                     .arg(summary);
                        m_out.flush();
                    });
        }
    }
    QObject::connect(
        &runner, &MigrationRunner::noticeReceived, [this](const QString &severity, const QString &message) {
            std::lock_guard lock(stderrMutex);
            m_err << '\n' << severity << ": " << message << '\n';
            m_err.flush();
        });
    RunReport report;
    {
        const InterruptWatcher watcher([&runner] { runner.cancel(); });
        report = runner.up(scan->migrations, up);
    }
    return finishRun(report, true);
}

int CliApplication::commandDown()
{
    Result<MigrationSource::Scan> scan = scanMigrations();
    if (!scan)
        return fail(scan.error());
    // A malformed file elsewhere in the folder does not stop a revert of a
    // well-formed one; but if the migration to revert is malformed, its name is
    // unknown to the planner and its recorded SQL is used (or it is refused).
    for (const StrataError &problem : scan->problems)
        m_err << "warning: " << problem.toString() << '\n';
    Result<std::unique_ptr<PgConnection>> connection = connect();
    if (!connection)
        return fail(connection.error());

    const Result<RunOptions> runOptions = this->runOptions();
    if (!runOptions)
        return usage(runOptions.error().message);
    const RunOptions &options = *runOptions;
    const Result<DownOptions> downOptions = this->downOptions();
    if (!downOptions)
        return usage(downOptions.error().message);
    const DownOptions &down = *downOptions;
    if (!options.dryRun) {
        if (const std::optional<int> refused
            = preflightBeforeRun(**connection, *scan, preflightOptions(down)))
            return *refused;
        if (const std::optional<int> refused = confirmRun(**connection))
            return *refused;
    }

    MigrationRunner runner(**connection, options);
    reportLockWaits(runner);
    if (!m_json && !options.dryRun) {
        QObject::connect(&runner, &MigrationRunner::migrationStarted,
            [this](int index, int count, const QString &name, bool) {
                m_out << QStringLiteral("[%1/%2] down %3").arg(index + 1).arg(count).arg(name);
                m_out.flush();
            });
        QObject::connect(
            &runner, &MigrationRunner::migrationFinished, [this](int, const QString &, qint64 ms) {
                m_out << QStringLiteral(" ... ok (%1 ms)\n").arg(ms);
                m_out.flush();
            });
    }
    QObject::connect(
        &runner, &MigrationRunner::noticeReceived, [this](const QString &severity, const QString &message) {
            std::lock_guard lock(stderrMutex);
            m_err << '\n' << severity << ": " << message << '\n';
            m_err.flush();
        });
    RunReport report;
    {
        const InterruptWatcher watcher([&runner] { runner.cancel(); });
        report = runner.down(scan->migrations, down);
    }
    return finishRun(report, false);
}

Result<ConnectionProfile::Environment> CliApplication::environment() const
{
    if (!m_parser.isSet(QStringLiteral("environment")))
        return m_profileEnvironment;
    bool ok = false;
    const ConnectionProfile::Environment e
        = ConnectionProfile::environmentFromName(m_parser.value(QStringLiteral("environment")), &ok);
    if (!ok)
        return StrataError::make(StrataError::Kind::Usage,
            QStringLiteral("--environment takes development, staging or production, not '%1'")
                .arg(m_parser.value(QStringLiteral("environment"))));
    return e;
}

std::optional<int> CliApplication::confirmChange(
    EnvironmentPolicy::Action action, const QString &database, const QString &question)
{
    const Result<ConnectionProfile::Environment> env = environment();
    if (!env)
        return usage(env.error().message);
    const EnvironmentPolicy::Confirmation kind = EnvironmentPolicy(*env).confirmation(action);
    const bool restore = action == EnvironmentPolicy::Action::Restore;
    // A run is started on purpose: the command is the go-ahead a question
    // would ask for (the pre-flight, which staging requires, has passed).
    if (kind == EnvironmentPolicy::Confirmation::None
        || (kind == EnvironmentPolicy::Confirmation::Question && !restore))
        return std::nullopt;
    const bool typed = kind == EnvironmentPolicy::Confirmation::TypedDatabaseName;
    const QString environmentName = ConnectionProfile::environmentName(*env);
    const QString doing = restore ? QStringLiteral("restoring") : QStringLiteral("running");
    const QString flags = restore ? QStringLiteral("--yes --confirm-database %1").arg(database)
                                  : QStringLiteral("--confirm-database %1").arg(database);
    if (m_parser.isSet(QStringLiteral("yes"))
        || (!restore && m_parser.isSet(QStringLiteral("confirm-database")))) {
        if (typed
            && !EnvironmentPolicy::confirms(m_parser.value(QStringLiteral("confirm-database")), database))
            return usage(QStringLiteral("'%1' is a %2 database: %3 without a terminal needs %4")
                             .arg(database, environmentName,
                                 restore ? QStringLiteral("a restore") : QStringLiteral("a run"), flags));
        return std::nullopt;
    }
    const bool terminal = ::isatty(STDIN_FILENO) && !m_parser.isSet(QStringLiteral("password-stdin"));
    m_err << question;
    if (!terminal)
        return usage(typed ? QStringLiteral("not %1 without confirmation: this is a %2 database; pass %3")
                                 .arg(doing, environmentName, flags)
                           : QStringLiteral("not %1 without confirmation: no terminal to ask on; pass --yes")
                                 .arg(doing));
    QTextStream in(stdin);
    if (typed) {
        m_err << "This is a " << environmentName.toUpper() << " database. Type its name (" << database
              << ") to " << (restore ? "restore" : "go ahead") << ": ";
        m_err.flush();
        if (!EnvironmentPolicy::confirms(in.readLine().trimmed(), database)) {
            m_err << "The name does not match; nothing was " << (restore ? "restored" : "run") << ".\n";
            return Failure;
        }
        return std::nullopt;
    }
    m_err << (restore ? "Restore? [y/N] " : "Go ahead? [y/N] ");
    m_err.flush();
    const QString answer = in.readLine().trimmed().toLower();
    if (answer != QLatin1String("y") && answer != QLatin1String("yes")) {
        m_err << "Nothing was " << (restore ? "restored" : "run") << ".\n";
        return Failure;
    }
    return std::nullopt;
}

std::optional<int> CliApplication::confirmRun(PgConnection &connection)
{
    const PgResult current = connection.exec(QByteArrayLiteral("SELECT current_database()"));
    if (!current.ok())
        return fail(current.error());
    return confirmChange(EnvironmentPolicy::Action::Run, current.value(0, 0), QString());
}

UpOptions CliApplication::upOptions() const
{
    UpOptions up;
    up.target = m_parser.value(QStringLiteral("to"));
    up.allowOutOfOrder = m_parser.isSet(QStringLiteral("allow-out-of-order"));
    up.ignoreDrift = m_parser.isSet(QStringLiteral("ignore-drift"));
    return up;
}

Result<DownOptions> CliApplication::downOptions() const
{
    DownOptions down;
    down.target = m_parser.value(QStringLiteral("to"));
    down.ignoreDrift = m_parser.isSet(QStringLiteral("ignore-drift"));
    if (m_parser.isSet(QStringLiteral("count"))) {
        bool ok = false;
        down.count = m_parser.value(QStringLiteral("count")).toInt(&ok);
        if (!ok || down.count < 1)
            return StrataError::make(
                StrataError::Kind::Usage, QStringLiteral("--count must be a positive number"));
    }
    return down;
}

Result<RunOptions> CliApplication::runOptions() const
{
    RunOptions options;
    options.history = historyTable();
    // A data source that asks for migrationsTransactionMode "all" gets TypeORM's
    // one transaction for the batch; otherwise each migration has its own.
    options.singleTransaction = m_parser.isSet(QStringLiteral("single-transaction"))
        || (m_project && m_project->batchTransaction());
    options.lockWaitSeconds = m_parser.value(QStringLiteral("lock-wait")).toInt();
    options.lockTimeout = m_parser.value(QStringLiteral("lock-timeout"));
    options.statementTimeout = m_parser.value(QStringLiteral("statement-timeout"));
    options.dryRun = m_parser.isSet(QStringLiteral("dry-run"));
    if (m_parser.isSet(QStringLiteral("lock-timeout-retry"))) {
        bool ok = false;
        options.lockTimeoutRetries = m_parser.value(QStringLiteral("lock-timeout-retry")).toInt(&ok);
        if (!ok || options.lockTimeoutRetries < 0)
            return StrataError::make(StrataError::Kind::Usage,
                QStringLiteral("--lock-timeout-retry takes a number of retries, e.g. 5"));
    }
    return options;
}

PreflightOptions CliApplication::preflightOptions(const UpOptions &up) const
{
    PreflightOptions options;
    options.history = historyTable();
    options.up = up;
    options.backupFolder = backupFolder();
    options.backupProfile = backupProfileLabel();
    const Result<ConnectionProfile::Environment> env = environment();
    options.backupRequired = env && EnvironmentPolicy(*env).backupRequired();
    options.runnerSetsLockTimeout = m_parser.isSet(QStringLiteral("lock-timeout"));
    options.lintServerVersion = LintConfig::parseServerVersion(m_parser.value(QStringLiteral("pg-version")));
    return options;
}

PreflightOptions CliApplication::preflightOptions(const DownOptions &down) const
{
    PreflightOptions options = preflightOptions(UpOptions {});
    options.down = down;
    return options;
}

std::optional<int> CliApplication::preflightBeforeRun(
    PgConnection &connection, const MigrationSource::Scan &scan, const PreflightOptions &options)
{
    const Result<ConnectionProfile::Environment> env = environment();
    if (!env)
        return usage(env.error().message);
    if (!EnvironmentPolicy(*env).preflightRequired() && !m_parser.isSet(QStringLiteral("preflight")))
        return std::nullopt;
    // On the run's own connection: the scan leaves this session out, and what
    // it sees is what the run will meet a moment later. Printed to stderr, so
    // --json output stays one document.
    const PreflightReport report = Preflight::run(connection, scan, options);
    PreflightPrinter::print(m_err, report);
    if (!report.hasBlockers())
        return std::nullopt;
    if (m_parser.isSet(QStringLiteral("force"))) {
        m_err << "warning: running despite " << report.summary() << " (--force), on a "
              << ConnectionProfile::environmentName(*env) << " database\n";
        m_err.flush();
        qCWarning(lcRunner).noquote()
            << (options.down ? "down" : "up") << "--force despite pre-flight blockers on" << report.target;
        return std::nullopt;
    }
    if (m_json) {
        QJsonObject root;
        root[QLatin1String("ok")] = false;
        root[QLatin1String("preflight")] = report.toJson();
        m_out << QJsonDocument(root).toJson(QJsonDocument::Indented);
        m_out.flush();
    }
    m_err << "error: the pre-flight found " << report.summary()
          << "; nothing was run. Resolve them, or run anyway with --force.\n";
    m_err.flush();
    return CheckFailed;
}

void CliApplication::reportLockWaits(MigrationRunner &runner)
{
    // Direct: the lock watch reports from its own thread while this one is
    // inside the statement. Only changes arrive, so each is printed.
    QObject::connect(
        &runner, &MigrationRunner::lockWaitChanged, &runner,
        [this](const LockWait &wait) {
            std::lock_guard lock(stderrMutex);
            PreflightPrinter::printLockWait(m_err, wait);
        },
        Qt::DirectConnection);
    QObject::connect(&runner, &MigrationRunner::lockTimedOut,
        [this](int migration, int statement, int attempt, int retries, qint64 retryInMs, bool whole,
            const QString &message) {
            std::lock_guard lock(stderrMutex);
            m_err << "\nlock timeout: " << message << "; ";
            if (whole)
                m_err << (migration < 0 ? "the run was rolled back" : "the migration was rolled back");
            else
                m_err << "statement " << statement + 1 << " failed (the ones before it stay committed)";
            m_err << "; retry " << attempt << " of " << retries << " in "
                  << QString::number(double(retryInMs) / 1000.0, 'f', 1) << " s\n";
            m_err.flush();
        });
}

int CliApplication::commandPreflight()
{
    // What up and down would run: .sql files, or a TypeORM project's migrations.
    Result<MigrationSource::Scan> scan = scanMigrations();
    if (!scan)
        return fail(scan.error());
    Result<ConnectionSettings> settings = connectionSettings();
    if (!settings)
        return fail(settings.error());
    PreflightOptions options;
    if (m_parser.isSet(QStringLiteral("down"))) {
        const Result<DownOptions> down = downOptions();
        if (!down)
            return usage(down.error().message);
        options = preflightOptions(*down);
    } else {
        if (m_parser.isSet(QStringLiteral("count")))
            return usage(QStringLiteral("--count is for a revert: preflight --down --count N"));
        options = preflightOptions(upOptions());
    }
    PreflightReport report;
    Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(*settings);
    if (connection) {
        report = Preflight::run(**connection, *scan, options);
    } else {
        // Not a failure of the command: the pre-flight's answer is "cannot connect".
        report = Preflight::run(*settings, scan, options);
    }
    if (m_json)
        m_out << QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented);
    else
        PreflightPrinter::print(m_out, report);
    m_out.flush();
    return report.hasBlockers() ? CheckFailed : Success;
}

int CliApplication::finishRun(const RunReport &report, bool up)
{
    if (m_json) {
        m_out << QJsonDocument(StatusPrinter::reportJson(report)).toJson(QJsonDocument::Indented);
        m_out.flush();
    } else if (report.dryRun) {
        StatusPrinter::printPlan(m_out, report);
    }
    if (report.error) {
        const StrataError &e = *report.error;
        if (!m_json)
            m_out << '\n';
        m_out.flush();
        m_err << "error: " << e.toString() << '\n';
        if (!report.plan.isEmpty() && e.kind != StrataError::Kind::Lock) {
            const int done = int(report.completed.size());
            if (done < report.plan.size() && !report.dryRun) {
                m_err << report.plan[done].step.migration.historyName() << " was rolled back";
                if (done + 1 < report.plan.size())
                    m_err << "; the " << (report.plan.size() - done - 1) << " after it were not attempted";
                m_err << ".\n";
                if (done > 0)
                    m_err << done << " migration(s) before it were " << (up ? "applied" : "reverted")
                          << " and stay so.\n";
            }
        }
        if (!m_backupPath.isEmpty())
            m_err << "The backup taken before this run is " << QDir::toNativeSeparators(m_backupPath)
                  << "\nTo put the database back as it was before the run:\n  "
                  << restoreCommandFor(m_backupPath)
                  << "\n(or restore it into a new database to compare first: add --into NEW_DATABASE)\n";
        m_err.flush();
        return e.kind == StrataError::Kind::Usage ? UsageError : Failure;
    }
    if (!m_json && !report.dryRun) {
        if (report.completed.isEmpty())
            m_out << (up ? "Nothing to apply: the database is up to date.\n" : "Nothing to revert.\n");
        else
            m_out << (up ? "Applied " : "Reverted ") << report.completed.size() << " migration(s) in "
                  << QString::number(double(report.durationMs) / 1000.0, 'f', 2) << " s.\n";
    }
    m_out.flush();
    return Success;
}

int CliApplication::commandNew(const QStringList &args)
{
    if (args.size() != 1)
        return usage(QStringLiteral("new takes one PascalCase name, e.g. strata-cli new AddUserEmail"));
    Result<QString> path = m_project->createMigration(args.first());
    if (!path)
        return fail(path.error());
    if (m_json) {
        QJsonObject o;
        o[QLatin1String("ok")] = true;
        o[QLatin1String("file")] = *path;
        m_out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else {
        m_out << "Created " << QDir::toNativeSeparators(*path) << '\n';
    }
    return Success;
}

int CliApplication::commandValidate()
{
    Result<MigrationSource::Scan> scan = scanMigrations();
    if (!scan)
        return fail(scan.error());
    QList<StrataError> problems = scan->problems;
    for (const Migration &m : scan->migrations) {
        Plan plan;
        PlanStep up;
        up.migration = m;
        up.sql = m.up.sql;
        up.source = m.text;
        up.sqlOffset = m.up.fileOffset;
        up.sourceMap = m.sourceMap;
        up.sourceName = m.filePath;
        up.transactional = m.transactional;
        plan.append(up);
        if (m.down.present) {
            PlanStep down = up;
            down.direction = PlanStep::Direction::Down;
            down.sql = m.down.sql;
            down.sqlOffset = m.down.fileOffset;
            Result<QList<SqlStatement>> parsed
                = SqlScript::parse(down.sql, down.source, down.sqlOffset, down.sourceName, down.sourceMap);
            if (!parsed)
                problems.append(parsed.error());
        }
        Result<QList<PreparedStep>> prepared = MigrationRunner::prepare(plan, false);
        if (!prepared)
            problems.append(prepared.error());
    }
    if (m_json) {
        QJsonArray list;
        for (const StrataError &p : problems)
            list.append(StatusPrinter::errorJson(p));
        QJsonObject o;
        o[QLatin1String("ok")] = problems.isEmpty();
        o[QLatin1String("migrations")] = int(scan->migrations.size());
        o[QLatin1String("problems")] = list;
        m_out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else {
        for (const StrataError &p : problems)
            m_err << "error: " << p.toString() << '\n';
        m_out << scan->migrations.size() + scan->problems.size() << " file(s) checked, " << problems.size()
              << " problem(s).\n";
    }
    return problems.isEmpty() ? Success : CheckFailed;
}

int CliApplication::commandDrift()
{
    // With the SQL: the point is to show what the database actually ran.
    Result<Snapshot> snapshot = readSnapshot(true);
    if (!snapshot)
        return fail(snapshot.error());
    const MigrationSource::Scan &scan = snapshot->scan;
    const DriftReport report = DriftReport::fromStatuses(snapshot->statuses, scan.directory);
    const std::optional<QHash<QString, GitRepository::FileState>> git
        = MigrationGitState::forFolder(scan.directory);

    auto sectionDiff = [](const DriftReport::Entry &e, const QByteArray &recorded, const QByteArray &current,
                           const QString &section) {
        return TextDiff::compute(QString::fromUtf8(recorded), QString::fromUtf8(current))
            .unified(QStringLiteral("%1 (%2, as applied)").arg(e.name, section),
                QStringLiteral("%1 (%2, file)").arg(e.filePath, section));
    };
    QJsonArray list;
    for (const DriftReport::Entry &e : report.entries()) {
        const bool edited = e.state == MigrationState::Edited;
        // The name, not an optional<FileState>: GCC 12 at -O2 warns (falsely)
        // that such an optional may be read uninitialized.
        const QString gitState
            = git && git->contains(e.filePath) ? MigrationGitState::name(git->value(e.filePath)) : QString();
        const QString upDiff = edited && e.sqlRecorded
            ? sectionDiff(e, e.recordedUp, e.currentUp, QStringLiteral("up"))
            : QString();
        const QString downDiff = edited && e.sqlRecorded
            ? sectionDiff(e, e.recordedDown, e.currentDown, QStringLiteral("down"))
            : QString();
        if (m_json) {
            QJsonObject o;
            o[QLatin1String("name")] = e.name;
            o[QLatin1String("state")] = stateName(e.state);
            o[QLatin1String("file")] = e.filePath;
            o[QLatin1String("recordedChecksum")] = e.recordedChecksum;
            if (edited)
                o[QLatin1String("currentChecksum")] = e.currentChecksum;
            if (!gitState.isEmpty())
                o[QLatin1String("git")] = gitState;
            if (edited && e.sqlRecorded) {
                o[QLatin1String("upDiffers")] = e.upDiffers();
                o[QLatin1String("downDiffers")] = e.downDiffers();
                o[QLatin1String("upDiff")] = upDiff;
                o[QLatin1String("downDiff")] = downDiff;
            }
            list.append(o);
            continue;
        }
        m_out << stateName(e.state) << ' ' << e.name << '\n';
        m_out << "  file: " << QDir::toNativeSeparators(e.filePath);
        if (!gitState.isEmpty())
            m_out << " (git: " << gitState << ')';
        m_out << '\n';
        if (!edited) {
            m_out << "  The file is gone; the history still holds the SQL that was run, so `down` can revert "
                     "it.\n\n";
            continue;
        }
        m_out << "  checksum applied " << e.recordedChecksum << ", file " << e.currentChecksum << '\n';
        if (!e.sqlRecorded) {
            m_out << "  No SQL was recorded at apply time; only the checksums differ.\n\n";
            continue;
        }
        if (!e.upDiffers() && !e.downDiffers())
            m_out << "  Both sections are unchanged; the file differs outside them (comments or options).\n";
        m_out << upDiff << downDiff << '\n';
    }
    if (m_json) {
        QJsonObject root;
        root[QLatin1String("ok")] = report.isEmpty();
        root[QLatin1String("migrationsDirectory")] = scan.directory;
        root[QLatin1String("drifted")] = list;
        m_out << QJsonDocument(root).toJson(QJsonDocument::Indented);
    } else if (report.isEmpty()) {
        m_out << "No drift: every applied migration's file matches what was run.\n";
    } else {
        m_out << report.entries().size() << " applied migration(s) differ from their files.\n";
    }
    m_out.flush();
    for (const StrataError &problem : scan.problems)
        m_err << "warning: " << problem.toString() << '\n';
    m_err.flush();
    return !report.isEmpty() && m_parser.isSet(QStringLiteral("exit-code")) ? CheckFailed : Success;
}

int CliApplication::commandSchema(const QString &command, const QStringList &args)
{
    SchemaCommands::Context context;
    context.out = &m_out;
    context.err = &m_err;
    context.json = m_json;
    context.migrationsDirectory = [this] { return migrationsDirectory(); };
    context.scanMigrations = [this] { return scanMigrations(); };
    context.history = historyTable();
    context.connectionSettings = [this] { return connectionSettings(); };
    context.serverGiven = m_parser.isSet(QStringLiteral("dsn")) || m_parser.isSet(QStringLiteral("host"))
        || m_parser.isSet(QStringLiteral("profile")) || m_parser.isSet(QStringLiteral("env-file"))
        || m_parser.isSet(QStringLiteral("sandbox")) || m_parser.isSet(QStringLiteral("dbname"))
        || qEnvironmentVariableIsSet("PGHOST") || qEnvironmentVariableIsSet("PGDATABASE")
        || qEnvironmentVariableIsSet("STRATA_DATABASE_URL");
    context.from = m_parser.value(QStringLiteral("from"));
    context.to = m_parser.value(QStringLiteral("to"));
    context.renames = m_parser.values(QStringLiteral("rename"));
    context.down = m_parser.isSet(QStringLiteral("down"));
    context.exitCode = m_parser.isSet(QStringLiteral("exit-code"));
    SchemaCommands commands(context);
    if (command == QLatin1String("diff"))
        return args.isEmpty() ? commands.diff()
                              : usage(QStringLiteral("diff takes --from and --to, no arguments"));
    if (command == QLatin1String("generate"))
        return args.size() == 1
            ? commands.generate(args.first())
            : usage(
                QStringLiteral("generate takes one PascalCase name, e.g. strata-cli generate AddUserEmail "
                               "--to postgres://me@localhost/dev"));
    return args.isEmpty() ? commands.verify() : usage(QStringLiteral("verify takes no arguments"));
}

int CliApplication::commandSandbox(const QStringList &args)
{
    const QString action = args.value(0, QStringLiteral("env"));
    SandboxCluster::Options options;
    options.directory = SandboxCluster::defaultPersistentDirectory();
    options.stopOnDestruction = false;
    if (action == QLatin1String("start") || action == QLatin1String("env")) {
        QString dataDirectory;
        Result<ConnectionSettings> sandbox = SandboxCluster::startShared(&dataDirectory);
        if (!sandbox)
            return fail(sandbox.error());
        const ConnectionSettings &c = *sandbox;
        if (action == QLatin1String("start"))
            m_err << "Sandbox PostgreSQL running in " << dataDirectory
                  << "; stop it with: strata-cli sandbox stop\n";
        m_out << "export PGHOST=" << c.host << "\nexport PGPORT=" << c.port << "\nexport PGUSER=" << c.user
              << "\nexport PGDATABASE=" << c.database << '\n';
        return Success;
    }
    if (action == QLatin1String("stop")) {
        Result<std::unique_ptr<SandboxCluster>> sandbox = SandboxCluster::start(options);
        if (!sandbox)
            return fail(sandbox.error());
        if (Status s = (*sandbox)->stop(); !s)
            return fail(s.error());
        m_out << "Sandbox stopped.\n";
        return Success;
    }
    return usage(QStringLiteral("sandbox takes start, stop or env"));
}

int CliApplication::commandProfile(const QStringList &args)
{
    ProfileStore store;
    const QString action = args.value(0);
    if (action == QLatin1String("list") && args.size() == 1) {
        for (const ConnectionProfile &p : store.profiles())
            m_out << p.id << '\t' << p.connection.describe() << '\t'
                  << ConnectionProfile::environmentName(p.environment) << '\n';
        return Success;
    }
    if (action == QLatin1String("save") && args.size() == 2) {
        if (m_parser.isSet(QStringLiteral("password-stdin")))
            return usage(
                QStringLiteral("profiles hold no passwords; the desktop app keeps them in the keychain"));
        Result<ConnectionSettings> settings = connectionSettings();
        if (!settings)
            return fail(settings.error());
        // Saving over a profile keeps what this command does not set: its name,
        // history table, migrations, pg_dump and backup folders, and above all
        // its environment (a re-save must never turn production into development).
        const std::optional<ConnectionProfile> existing = store.find(args.at(1));
        ConnectionProfile p = existing.value_or(ConnectionProfile {});
        auto given = [this](const char *option) { return m_parser.isSet(QLatin1String(option)); };
        if (!existing) {
            p.id = args.at(1);
            p.name = args.at(1);
        }
        p.connection = *settings;
        p.connection.password.clear();
        if (!existing)
            p.history = historyTable();
        if (given("table"))
            p.history.table = m_parser.value(QStringLiteral("table"));
        if (given("schema"))
            p.history.schema = m_parser.value(QStringLiteral("schema"));
        if (!existing || given("migrations"))
            p.migrationsDirectory = QFileInfo(migrationsDirectory()).absoluteFilePath();
        if (!existing || given("environment")) {
            const Result<ConnectionProfile::Environment> env = environment();
            if (!env)
                return usage(env.error().message);
            p.environment = *env;
        }
        if (given("pg-bin"))
            p.pgBinDir = QFileInfo(m_parser.value(QStringLiteral("pg-bin"))).absoluteFilePath();
        if (given("backup")) {
            if (!given("backup-dir"))
                return usage(
                    QStringLiteral("profile save --backup DIR: name the folder for this profile's backups"));
            p.backupDirectory = QFileInfo(m_parser.value(QStringLiteral("backup-dir"))).absoluteFilePath();
        }
        if (Status s = store.save(p); !s)
            return fail(s.error());
        m_out << "Saved profile " << p.id << " (" << p.connection.describe() << ")\n";
        return Success;
    }
    if (action == QLatin1String("remove") && args.size() == 2) {
        if (!store.find(args.at(1)))
            return usage(QStringLiteral("no profile named '%1'").arg(args.at(1)));
        store.remove(args.at(1));
        return Success;
    }
    return usage(QStringLiteral("profile takes list, save ID or remove ID"));
}

int CliApplication::commandLint(const QStringList &files)
{
    QString format = m_parser.isSet(QStringLiteral("format")) ? m_parser.value(QStringLiteral("format"))
        : m_json                                              ? QStringLiteral("json")
                                                              : QStringLiteral("text");
    if (format != QLatin1String("text") && format != QLatin1String("json")
        && format != QLatin1String("sarif"))
        return usage(QStringLiteral("--format takes text, json or sarif, not '%1'").arg(format));

    // Files named on the command line, or the whole migrations folder.
    MigrationList migrations;
    QList<StrataError> problems;
    QString directory = migrationsDirectory();
    if (files.isEmpty()) {
        Result<MigrationSource::Scan> scan = scanMigrations();
        if (!scan)
            return fail(scan.error());
        migrations = scan->migrations;
        problems = scan->problems;
        directory = scan->directory;
    } else {
        if (!m_parser.isSet(QStringLiteral("migrations")))
            directory = QFileInfo(files.first()).absolutePath();
        for (const QString &file : files) {
            const QString path = QFileInfo(file).absoluteFilePath();
            if (path.endsWith(QLatin1String(".ts")) || path.endsWith(QLatin1String(".js"))) {
                // A TypeORM migration: its statements as the app's editor reads them.
                Result<MigrationSource::Scan> read
                    = TypeOrmMigrationSource::scanFiles({ path }, QFileInfo(path).absolutePath());
                if (!read) {
                    problems.append(read.error());
                    continue;
                }
                migrations.append(read->migrations);
                problems.append(read->problems);
                continue;
            }
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly)) {
                problems.append(StrataError::make(
                    StrataError::Kind::Io, QStringLiteral("cannot read: %1").arg(f.errorString()), path));
                continue;
            }
            Result<Migration> m = MigrationFileParser::parse(path, f.readAll());
            if (m)
                migrations.append(*m);
            else
                problems.append(m.error());
        }
    }
    // The linter skips a section it cannot parse; say so here, as validate does.
    for (const Migration &m : std::as_const(migrations)) {
        for (const MigrationSection *section : { &m.up, &m.down }) {
            if (!section->present && section == &m.down)
                continue;
            Result<QList<SqlStatement>> parsed
                = SqlScript::parse(section->sql, m.text, section->fileOffset, m.filePath, m.sourceMap);
            if (!parsed)
                problems.append(parsed.error());
        }
    }

    LintContext context;
    const LintConfig config = LintConfig::load(directory);
    config.applyTo(context);
    bool versionPinned = config.serverVersion > 0;
    if (m_parser.isSet(QStringLiteral("pg-version"))) {
        context.serverVersion = LintConfig::parseServerVersion(m_parser.value(QStringLiteral("pg-version")));
        versionPinned = true;
    }
    // The run sets lock_timeout itself: migrations need not.
    context.runnerSetsLockTimeout = m_parser.isSet(QStringLiteral("lock-timeout"));

    // The database only adds knowledge (history, table sizes): lint works
    // offline, and connects only when the user pointed it at a server.
    std::unique_ptr<PgConnection> connection;
    const bool wantsDatabase = m_parser.isSet(QStringLiteral("dsn")) || m_parser.isSet(QStringLiteral("host"))
        || m_parser.isSet(QStringLiteral("profile")) || m_parser.isSet(QStringLiteral("env-file"))
        || m_parser.isSet(QStringLiteral("sandbox")) || qEnvironmentVariableIsSet("PGHOST")
        || qEnvironmentVariableIsSet("PGDATABASE") || qEnvironmentVariableIsSet("STRATA_DATABASE_URL");
    if (wantsDatabase) {
        Result<std::unique_ptr<PgConnection>> opened = connect();
        if (opened) {
            connection = std::move(opened).value();
        } else {
            m_err << "warning: linting without the database: " << opened.error().toString() << '\n';
        }
    }
    if (connection) {
        HistoryStore history(*connection, historyTable());
        Result<bool> exists = history.exists();
        if (exists && *exists) {
            Result<AppliedMigrationList> applied = history.read();
            if (applied) {
                for (const AppliedMigration &a : *applied) {
                    context.newestAppliedTimestamp = qMax(context.newestAppliedTimestamp, a.timestamp);
                    context.appliedNames.insert(a.name);
                }
            } else {
                m_err << "warning: cannot read the history: " << applied.error().toString() << '\n';
            }
        } else if (!exists) {
            m_err << "warning: cannot read the history: " << exists.error().toString() << '\n';
        }
        if (std::optional<StrataError> e = LintDatabaseFacts::read(*connection, context, versionPinned))
            m_err << "warning: cannot read the catalog for lint: " << e->toString() << '\n';
    }

    auto lintAll = [&] { return MigrationLinter::lintChain(migrations, context); };
    LintFindingList findings = lintAll();
    if (connection) {
        QStringList tables;
        for (const LintFinding &f : std::as_const(findings))
            if (!f.table.isEmpty() && !tables.contains(f.table))
                tables.append(f.table);
        Result<QHash<QString, TableSize>> sizes = TableSizes::fetch(*connection, tables);
        if (sizes) {
            context.tableSizes = *sizes;
            findings = lintAll();
        } else {
            m_err << "warning: cannot read table sizes: " << sizes.error().toString() << '\n';
        }
    }

    int errors = 0;
    int warnings = 0;
    for (const LintFinding &f : std::as_const(findings)) {
        errors += f.severity == LintFinding::Severity::Error;
        warnings += f.severity == LintFinding::Severity::Warning;
    }
    if (format == QLatin1String("sarif")) {
        m_out << QJsonDocument(SarifWriter::write(findings, QDir::currentPath()))
                     .toJson(QJsonDocument::Indented);
    } else if (format == QLatin1String("json")) {
        QJsonArray list;
        for (const LintFinding &f : std::as_const(findings)) {
            QJsonObject o {
                { QStringLiteral("ruleId"), f.ruleId },
                { QStringLiteral("severity"), LintFinding::severityName(f.severity) },
                { QStringLiteral("message"), f.message },
                { QStringLiteral("explanation"), f.explanation },
                { QStringLiteral("file"), f.file },
                { QStringLiteral("line"), f.line },
                { QStringLiteral("column"), f.column },
                { QStringLiteral("section"), f.section },
            };
            if (!f.table.isEmpty())
                o.insert(QStringLiteral("table"), f.table);
            if (f.tableBytes >= 0)
                o.insert(QStringLiteral("tableBytes"), f.tableBytes);
            if (f.tableRows >= 0)
                o.insert(QStringLiteral("tableRows"), f.tableRows);
            QJsonArray fixes;
            for (const LintFix &fix : f.fixes)
                fixes.append(fix.toJson());
            if (!fixes.isEmpty())
                o.insert(QStringLiteral("fixes"), fixes);
            list.append(o);
        }
        QJsonArray problemList;
        for (const StrataError &p : std::as_const(problems))
            problemList.append(StatusPrinter::errorJson(p));
        QJsonObject root;
        root[QLatin1String("ok")] = errors == 0 && problems.isEmpty();
        root[QLatin1String("errors")] = errors;
        root[QLatin1String("warnings")] = warnings;
        root[QLatin1String("findings")] = list;
        root[QLatin1String("problems")] = problemList;
        m_out << QJsonDocument(root).toJson(QJsonDocument::Indented);
    } else {
        // file:line:col: severity [rule] message, as compilers print, so editors jump to it.
        const QDir here = QDir::current();
        for (const LintFinding &f : std::as_const(findings)) {
            const QString relative = here.relativeFilePath(f.file);
            const QString shown = relative.startsWith(QLatin1String("..")) ? f.file : relative;
            m_out << QDir::toNativeSeparators(shown) << ':' << f.line << ':' << f.column << ": "
                  << LintFinding::severityName(f.severity) << " [" << f.ruleId << "] " << f.message << '\n';
        }
        m_out << migrations.size() << " file(s) linted: " << errors << " error(s), " << warnings
              << " warning(s), " << findings.size() - errors - warnings << " note(s).\n";
    }
    m_out.flush();
    for (const StrataError &p : std::as_const(problems))
        m_err << "error: " << p.toString() << '\n';
    m_err.flush();
    if (!problems.isEmpty())
        return Failure;
    return errors > 0 ? CheckFailed : Success;
}

int CliApplication::commandImportTypeOrm(const QStringList &args)
{
    if (args.size() != 2)
        return usage(
            QStringLiteral("import-typeorm takes two folders: the TypeORM migrations (SRC) and where "
                           "the .sql files go (DEST), e.g. strata-cli import-typeorm src/migrations "
                           "migrations"));
    const bool force = m_parser.isSet(QStringLiteral("force"));
    TypeOrmImporter::VersionGuess version = TypeOrmImporter::detectVersion(args.at(0));
    if (m_parser.isSet(QStringLiteral("typeorm-version"))) {
        const QString wanted = m_parser.value(QStringLiteral("typeorm-version"));
        if (wanted == QLatin1String("0.3"))
            version.version = TypeOrmVersion::V0_3;
        else if (wanted == QLatin1String("1"))
            version.version = TypeOrmVersion::V1;
        else
            return usage(QStringLiteral("--typeorm-version takes 0.3 or 1, not '%1'").arg(wanted));
        version.from = QStringLiteral("--typeorm-version");
    }
    // What the static reader cannot read exactly, the project's TypeORM is asked
    // (unless --static), in a shadow of the database the options name, if any.
    QHash<QString, TypeOrmMigrationFile> recorded;
    if (!m_parser.isSet(QStringLiteral("static"))) {
        Result<Project> source = Project::open(args.at(0));
        Result<MigrationSource::Scan> scan
            = source ? source->scan() : Result<MigrationSource::Scan>(source.error());
        if (scan) {
            TypeOrmShadowReader::Options options;
            const Result<ConnectionSettings> target = connectionSettings();
            const bool targetNamed = m_parser.isSet(QStringLiteral("dsn"))
                || m_parser.isSet(QStringLiteral("host")) || m_parser.isSet(QStringLiteral("profile"))
                || m_parser.isSet(QStringLiteral("dbname")) || qEnvironmentVariableIsSet("PGDATABASE")
                || qEnvironmentVariableIsSet("PGHOST");
            if (target && targetNamed)
                options.target = &*target;
            Result<TypeOrmShadowReader::Reading> reading
                = TypeOrmShadowReader::read(*source, std::move(scan).value(), options);
            if (!reading)
                return fail(reading.error());
            for (const QString &note : std::as_const(reading->notes))
                m_err << "note: " << note << '\n';
            m_err.flush();
            recorded = reading->recordedFiles;
        }
    }
    const Result<TypeOrmImporter::Report> imported
        = TypeOrmImporter::importFolder(args.at(0), args.at(1), force, version.version, recorded);
    if (!imported)
        return fail(imported.error());
    const TypeOrmImporter::Report &report = imported.value();
    if (report.entries.isEmpty())
        return fail(StrataError::make(StrataError::Kind::Source,
            QStringLiteral("no TypeORM migrations (*.ts, *.js) in the folder"), args.at(0)));
    if (m_json) {
        QJsonArray list;
        for (const TypeOrmImporter::Entry &e : report.entries) {
            QJsonObject o;
            o[QLatin1String("source")] = e.source;
            o[QLatin1String("name")] = e.historyName;
            o[QLatin1String("converted")] = e.converted;
            o[QLatin1String("target")] = e.converted ? QJsonValue(e.target) : QJsonValue();
            QJsonArray problems;
            for (const TypeOrmProblem &p : e.problems)
                problems.append(
                    QJsonObject { { QLatin1String("file"), p.file }, { QLatin1String("line"), p.line },
                        { QLatin1String("column"), p.column }, { QLatin1String("message"), p.message } });
            o[QLatin1String("problems")] = problems;
            list.append(o);
        }
        QJsonObject root;
        root[QLatin1String("ok")] = report.failedCount() == 0;
        root[QLatin1String("converted")] = report.convertedCount();
        root[QLatin1String("notConverted")] = report.failedCount();
        root[QLatin1String("typeormVersion")] = TypeOrmImporter::versionName(version.version);
        root[QLatin1String("typeormVersionFrom")] = version.from;
        root[QLatin1String("migrations")] = list;
        m_out << QJsonDocument(root).toJson(QJsonDocument::Indented);
    } else {
        // Schema API calls are translated to the SQL of this TypeORM release.
        m_out << "TypeORM " << TypeOrmImporter::versionName(version.version) << " ("
              << (version.from.isEmpty() ? QStringLiteral("no typeorm package found; assumed") : version.from)
              << ")\n";
        for (const TypeOrmImporter::Entry &e : report.entries) {
            if (e.converted) {
                m_out << "converted      " << QDir::toNativeSeparators(e.source) << " -> "
                      << QDir::toNativeSeparators(e.target) << '\n';
                continue;
            }
            m_out << "not converted  " << QDir::toNativeSeparators(e.source) << '\n';
            // file:line:column: message, as compilers print, so editors jump to it.
            for (const TypeOrmProblem &p : e.problems)
                m_out << "    " << p.toString() << '\n';
        }
        m_out << report.convertedCount() << " converted, " << report.failedCount() << " not converted.\n";
    }
    m_out.flush();
    return report.failedCount() == 0 ? Success : CheckFailed;
}

QString CliApplication::pgBinDir() const
{
    return m_parser.isSet(QStringLiteral("pg-bin")) ? m_parser.value(QStringLiteral("pg-bin"))
                                                    : m_profilePgBin;
}

QString CliApplication::backupProfileLabel() const
{
    return m_profileId.isEmpty() ? BackupCatalog::noProfileLabel() : m_profileId;
}

QString CliApplication::backupFolder() const
{
    if (m_parser.isSet(QStringLiteral("backup-dir")))
        return m_parser.value(QStringLiteral("backup-dir"));
    if (!m_profileBackupDirectory.isEmpty())
        return m_profileBackupDirectory;
    return BackupCatalog::defaultFolder(backupProfileLabel());
}

namespace {

QString humanSize(qint64 bytes)
{
    if (bytes < 10 * 1024)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 10 * 1024 * 1024)
        return QStringLiteral("%1 KiB").arg(double(bytes) / 1024.0, 0, 'f', 1);
    if (bytes < qint64(10) * 1024 * 1024 * 1024)
        return QStringLiteral("%1 MiB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
    return QStringLiteral("%1 GiB").arg(double(bytes) / (1024.0 * 1024.0 * 1024.0), 0, 'f', 2);
}

QString humanAge(const QDateTime &then)
{
    const qint64 seconds = then.secsTo(QDateTime::currentDateTimeUtc());
    if (seconds < 120)
        return QStringLiteral("%1 s ago").arg(seconds);
    if (seconds < 2 * 3600)
        return QStringLiteral("%1 min ago").arg(seconds / 60);
    if (seconds < 2 * 86400)
        return QStringLiteral("%1 h ago").arg(seconds / 3600);
    return QStringLiteral("%1 days ago").arg(seconds / 86400);
}

// A word as a POSIX shell reads it back unchanged.
QString shellQuote(const QString &word)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:@%+=,-]+$"));
    if (plain.match(word).hasMatch())
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

} // namespace

QString CliApplication::restoreCommandFor(const QString &dumpPath) const
{
    // The same connection the run used, so the command restores where it failed.
    QStringList words { QStringLiteral("strata-cli") };
    for (const char *option : { "profile", "dsn", "env-file", "host", "port", "user", "dbname", "sslmode",
             "sslrootcert", "pg-bin" }) {
        const QString name = QLatin1String(option);
        if (m_parser.isSet(name))
            words << QStringLiteral("--") + name << shellQuote(m_parser.value(name));
    }
    for (const char *flag : { "sandbox", "password-stdin" })
        if (m_parser.isSet(QLatin1String(flag)))
            words << QStringLiteral("--") + QLatin1String(flag);
    words << QStringLiteral("restore") << shellQuote(QFileInfo(dumpPath).absoluteFilePath());
    return words.join(QLatin1Char(' '));
}

int CliApplication::runBackupBeforeUp()
{
    Result<ConnectionSettings> settings = connectionSettings();
    if (!settings)
        return fail(settings.error());
    BackupOptions options;
    options.folder = backupFolder();
    options.profile = backupProfileLabel();
    options.pgBinDir = pgBinDir();
    // The dump must hold the history as it is before the run (see BackupOptions).
    options.createHistoryTables = true;
    options.history = historyTable();
    BackupJob job(*settings, options);
    if (!m_json) {
        QObject::connect(&job, &BackupJob::dumpStarted, [this](const QString &path, int tables) {
            m_err << "Backing up " << tables << " table(s) to " << QDir::toNativeSeparators(path) << '\n';
            m_err.flush();
        });
        QObject::connect(&job, &BackupJob::tableDumped, [this](const QString &table, int done, int total) {
            m_err << QStringLiteral("  [%1/%2] %3\n").arg(done).arg(total).arg(table);
            m_err.flush();
        });
        QObject::connect(&job, &BackupJob::verificationStarted, [this](const QString &) {
            m_err << "Verifying the dump with pg_restore --list\n";
            m_err.flush();
        });
    }
    // Ctrl+C stops pg_dump (and removes its partial file) like it stops a run.
    Result<BackupResult> result = [&job] {
        const InterruptWatcher watcher([&job] { job.cancel(); });
        return job.run();
    }();
    if (!result)
        return fail(result.error());
    m_backupPath = result->path;
    m_err << "Backup verified: " << QDir::toNativeSeparators(result->path) << " ("
          << humanSize(result->sizeBytes) << ", " << result->tableCount << " table(s), "
          << QString::number(double(result->elapsedMs) / 1000.0, 'f', 2) << " s, pg_dump "
          << result->pgDumpVersion << ")\n";
    m_err.flush();
    return Success;
}

int CliApplication::commandBackups(const QStringList &args)
{
    if (args.size() > 1)
        return usage(QStringLiteral("backups takes at most one folder"));
    const QString folder = args.isEmpty() ? backupFolder() : args.first();
    Result<ConnectionSettings> settings = connectionSettings();
    if (!settings)
        return fail(settings.error());
    // Without a connection: the database is what the connection would use.
    QString database = settings->database;
    if (database.isEmpty())
        database = qEnvironmentVariable("PGDATABASE");
    const BackupFileList backups = BackupCatalog::list(folder, backupProfileLabel(), database);
    if (m_json) {
        QJsonArray list;
        for (const BackupFile &b : backups)
            list.append(QJsonObject { { QStringLiteral("path"), b.path },
                { QStringLiteral("createdAt"), b.createdAt.toString(Qt::ISODate) },
                { QStringLiteral("sizeBytes"), b.sizeBytes }, { QStringLiteral("profile"), b.profile },
                { QStringLiteral("database"), b.database } });
        QJsonObject root { { QStringLiteral("ok"), true }, { QStringLiteral("folder"), folder },
            { QStringLiteral("backups"), list } };
        m_out << QJsonDocument(root).toJson(QJsonDocument::Indented);
        return Success;
    }
    if (backups.isEmpty()) {
        m_out << "No backups of " << (database.isEmpty() ? QStringLiteral("any database") : database)
              << " in " << QDir::toNativeSeparators(folder) << ".\n";
        return Success;
    }
    for (const BackupFile &b : backups)
        m_out << b.createdAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")) << "  "
              << humanAge(b.createdAt).leftJustified(12) << humanSize(b.sizeBytes).rightJustified(11) << "  "
              << QDir::toNativeSeparators(b.path) << '\n';
    return Success;
}

int CliApplication::commandRestore(const QStringList &args)
{
    if (args.size() != 1)
        return usage(
            QStringLiteral("restore takes one dump file: strata-cli restore FILE [--into NEW_DATABASE]"));
    Result<ConnectionSettings> settings = connectionSettings();
    if (!settings)
        return fail(settings.error());
    RestoreOptions options;
    options.dumpPath = args.first();
    options.newDatabase = m_parser.value(QStringLiteral("into"));
    options.pgBinDir = pgBinDir();

    Result<PgTool> pgRestore = PgToolLocator::locate(QStringLiteral("pg_restore"), options.pgBinDir);
    if (!pgRestore)
        return fail(pgRestore.error());
    Result<BackupArchive> archive = BackupArchive::read(options.dumpPath, *settings, pgRestore->path);
    if (!archive)
        return fail(archive.error());
    BackupFile named;
    const QDateTime dumpedAt = BackupCatalog::parseFileName(QFileInfo(archive->path).fileName(), &named)
        ? named.createdAt
        : archive->createdAt;
    QString target = options.newDatabase;
    QString where;
    {
        Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(*settings);
        if (!connection)
            return fail(connection.error());
        if (target.isEmpty()) {
            const PgResult current = (*connection)->exec(QByteArrayLiteral("SELECT current_database()"));
            if (!current.ok())
                return fail(current.error());
            target = current.value(0, 0);
        }
        where = (*connection)->settings().describe();
    }

    // Restoring into a new database cannot overwrite anything (it must not
    // exist), so only a restore over the connected database asks; production
    // (the profile's, or --environment for a connection without one) wants
    // the name typed.
    if (options.newDatabase.isEmpty()) {
        const QString question
            = QStringLiteral(
                "Restore the database '%1' (%2) from the dump of '%3' taken %4 (%5)?\n"
                "Every object in the dump is dropped and recreated with the dump's data; changes "
                "made since then to those objects are lost.\n"
                "The safer choice is a new database: strata-cli restore FILE --into NEW_DATABASE\n")
                  .arg(target, where, archive->database.isEmpty() ? QStringLiteral("?") : archive->database,
                      dumpedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")), humanAge(dumpedAt));
        if (const std::optional<int> refused
            = confirmChange(EnvironmentPolicy::Action::Restore, target, question))
            return *refused;
    }

    RestoreJob job(*settings, options);
    if (!m_json) {
        QObject::connect(&job, &RestoreJob::restoreStarted, [this](const QString &database, int tables) {
            m_err << "Restoring " << tables << " table(s) into " << database << " (one transaction)\n";
            m_err.flush();
        });
        QObject::connect(&job, &RestoreJob::tableRestored, [this](const QString &table, int done, int total) {
            m_err << QStringLiteral("  [%1/%2] %3\n").arg(done).arg(total).arg(table);
            m_err.flush();
        });
    }
    Result<RestoreResult> result = [&job] {
        const InterruptWatcher watcher([&job] { job.cancel(); });
        return job.run();
    }();
    if (!result)
        return fail(result.error());
    if (m_json) {
        QJsonObject root { { QStringLiteral("ok"), true }, { QStringLiteral("database"), result->database },
            { QStringLiteral("createdDatabase"), result->createdDatabase },
            { QStringLiteral("tables"), result->tableCount },
            { QStringLiteral("elapsedMs"), result->elapsedMs },
            { QStringLiteral("tablesNotInDump"), QJsonArray::fromStringList(result->tablesNotInDump) } };
        m_out << QJsonDocument(root).toJson(QJsonDocument::Indented);
    } else {
        m_out << "Restored " << QDir::toNativeSeparators(archive->path) << " into "
              << (result->createdDatabase ? QStringLiteral("the new database ") : QString())
              << result->database << " (" << result->tableCount << " table(s), "
              << QString::number(double(result->elapsedMs) / 1000.0, 'f', 2) << " s).\n";
    }
    if (!result->tablesNotInDump.isEmpty())
        m_err << "warning: these tables were created after the dump and were left as they are: "
              << result->tablesNotInDump.join(QStringLiteral(", "))
              << "\n(drop them if the migration that made them is to be undone, or restore into a new "
                 "database "
                 "for an exact copy)\n";
    m_out.flush();
    m_err.flush();
    return Success;
}
