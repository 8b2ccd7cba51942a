#include "CliContext.h"

#include "CliText.h"
#include "PreflightPrinter.h"
#include "StatusPrinter.h"
#include "backup/BackupCatalog.h"
#include "common/Logging.h"
#include "db/PgConnection.h"
#include "history/HistoryStore.h"
#include "lint/LintConfig.h"
#include "planner/MigrationPlanner.h"
#include "preflight/Preflight.h"
#include "project/TypeOrmShadowReader.h"
#include "runner/MigrationRunner.h"
#include "sandbox/SandboxCluster.h"
#include "settings/ProfileStore.h"
#include "ssh/SshKnownHosts.h"
#include "typeorm/TypeOrmProject.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <functional>
#include <future>

#include <termios.h>
#include <unistd.h>

CliContext::CliContext()
    : m_out(stdout)
    , m_err(stderr)
{
    // Read once and taken out of the environment: it may carry the password,
    // and every child (pg_dump, the sandbox server, node, git) inherits ours.
    m_databaseUrl = qEnvironmentVariable("STRATA_DATABASE_URL");
    qunsetenv("STRATA_DATABASE_URL");
    // The same for the SSH key passphrase or password.
    m_sshSecret = qEnvironmentVariable("STRATA_SSH_PASSWORD");
    qunsetenv("STRATA_SSH_PASSWORD");
}

CliContext::~CliContext() = default;

Status CliContext::useProfile(const QString &name)
{
    const std::optional<ConnectionProfile> profile = ProfileStore().find(name);
    if (!profile)
        return StrataError::make(StrataError::Kind::Usage,
            QStringLiteral("no profile named '%1' (see: strata-cli profile list)").arg(name));
    m_profileMigrations = profile->migrationsDirectory;
    m_profileHistory = profile->history;
    m_haveProfileHistory = true;
    m_profileEnvironment = profile->environment;
    m_profileId = profile->id;
    m_profilePgBin = profile->pgBinDir;
    m_profileBackupDirectory = profile->backupDirectory;
    return Ok {};
}

bool CliContext::serverNamed() const
{
    return m_parser.isSet(QStringLiteral("dsn")) || m_parser.isSet(QStringLiteral("host"))
        || m_parser.isSet(QStringLiteral("profile")) || m_parser.isSet(QStringLiteral("env-file"))
        || m_parser.isSet(QStringLiteral("sandbox")) || m_parser.isSet(QStringLiteral("dbname"))
        || qEnvironmentVariableIsSet("PGHOST") || qEnvironmentVariableIsSet("PGDATABASE")
        || !m_databaseUrl.isEmpty();
}

int CliContext::usage(const QString &message)
{
    m_err << "strata-cli: " << message << "\nTry 'strata-cli --help'.\n";
    m_err.flush();
    return UsageError;
}

int CliContext::fail(const StrataError &error)
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

Result<ConnectionSettings> CliContext::connectionSettings()
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
    const QString &urlFromEnvironment = m_databaseUrl;
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
    readStdinSecrets();
    if (m_parser.isSet(QStringLiteral("password-stdin"))) {
        settings.password = m_stdinPassword;
        if (settings.password.isEmpty())
            return StrataError::make(
                StrataError::Kind::Usage, QStringLiteral("--password-stdin: no password on standard input"));
    }
    Result<std::optional<SshSettings>> ssh = sshSettings(settings.ssh);
    if (!ssh)
        return ssh.error();
    settings.ssh = *ssh;
    if (settings.ssh) {
        if (Status s = settings.checkTunnelTarget(); !s)
            return s.error();
        if (Status s = acceptHostKeyOnce(settings); !s)
            return s.error();
    }
    return settings;
}

void CliContext::readStdinSecrets()
{
    if (m_stdinPasswordRead)
        return;
    m_stdinPasswordRead = true;
    // One line each, the database's first: `printf '%s\n%s\n' "$PGPW" "$SSHPW" | strata-cli ...`.
    if (m_parser.isSet(QStringLiteral("password-stdin")))
        m_stdinPassword = readPasswordLine(QStringLiteral("Password: "));
    if (m_parser.isSet(QStringLiteral("ssh-password-stdin")))
        m_stdinSshSecret = readPasswordLine(QStringLiteral("SSH passphrase or password: "));
}

Result<std::optional<SshSettings>> CliContext::sshSettings(const std::optional<SshSettings> &base)
{
    std::optional<SshSettings> ssh = base;
    const bool anySshOption = m_parser.isSet(QStringLiteral("ssh-host"))
        || m_parser.isSet(QStringLiteral("ssh-port")) || m_parser.isSet(QStringLiteral("ssh-user"))
        || m_parser.isSet(QStringLiteral("ssh-key")) || m_parser.isSet(QStringLiteral("ssh-known-hosts"))
        || m_parser.isSet(QStringLiteral("ssh-accept-host-key"))
        || m_parser.isSet(QStringLiteral("ssh-password-stdin"));
    if (m_parser.isSet(QStringLiteral("ssh-host"))) {
        if (!ssh)
            ssh = SshSettings {};
        ssh->host = m_parser.value(QStringLiteral("ssh-host"));
    }
    if (!ssh || ssh->host.isEmpty()) {
        if (anySshOption)
            return StrataError::make(StrataError::Kind::Usage,
                QStringLiteral("the --ssh-* options need --ssh-host (or a profile with an SSH bastion)"));
        return std::optional<SshSettings> {};
    }
    if (m_parser.isSet(QStringLiteral("ssh-port"))) {
        bool ok = false;
        ssh->port = m_parser.value(QStringLiteral("ssh-port")).toInt(&ok);
        if (!ok || ssh->port <= 0 || ssh->port > 65535)
            return StrataError::make(StrataError::Kind::Usage,
                QStringLiteral("--ssh-port is not a port number: '%1'")
                    .arg(m_parser.value(QStringLiteral("ssh-port"))));
    }
    if (m_parser.isSet(QStringLiteral("ssh-user")))
        ssh->user = m_parser.value(QStringLiteral("ssh-user"));
    if (m_parser.isSet(QStringLiteral("ssh-key")))
        ssh->keyFile = QFileInfo(m_parser.value(QStringLiteral("ssh-key"))).absoluteFilePath();
    if (m_parser.isSet(QStringLiteral("ssh-known-hosts")))
        ssh->knownHostsFile = QFileInfo(m_parser.value(QStringLiteral("ssh-known-hosts"))).absoluteFilePath();
    if (m_parser.isSet(QStringLiteral("ssh-password-stdin"))) {
        ssh->secret = m_stdinSshSecret;
        if (ssh->secret.isEmpty())
            return StrataError::make(StrataError::Kind::Usage,
                QStringLiteral("--ssh-password-stdin: no SSH passphrase or password on standard input"));
    } else if (!m_sshSecret.isEmpty()) {
        ssh->secret = m_sshSecret;
    }
    return ssh;
}

Status CliContext::acceptHostKeyOnce(const ConnectionSettings &settings)
{
    if (m_hostKeyChecked || !m_parser.isSet(QStringLiteral("ssh-accept-host-key")))
        return Ok {};
    m_hostKeyChecked = true;
    Result<SshKnownHosts::Accepted> accepted
        = SshKnownHosts::accept(*settings.ssh, settings.connectTimeoutSeconds);
    if (!accepted)
        return accepted.error();
    if (!accepted->alreadyKnown) {
        m_err << "Accepted the host key of " << settings.ssh->endpoint() << " (" << accepted->keyType << ' '
              << accepted->fingerprint << ") into " << accepted->file << '\n';
        m_err.flush();
    }
    return Ok {};
}

Result<std::unique_ptr<PgConnection>> CliContext::connect()
{
    Result<ConnectionSettings> settings = connectionSettings();
    if (!settings)
        return settings.error();
    return PgConnection::open(*settings);
}

HistoryTable CliContext::historyTable() const
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

QString CliContext::requestedFolder() const
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

QString CliContext::migrationsDirectory() const
{
    return m_project ? m_project->migrationsDirectory() : requestedFolder();
}

Status CliContext::openProject(const QString &command)
{
    // diff and generate read the folder only when a side is `migrations`
    // (SchemaSource opens it then); the rest need it now.
    const QStringList projectCommands { QStringLiteral("status"), QStringLiteral("up"),
        QStringLiteral("down"), QStringLiteral("drift"), QStringLiteral("preflight"),
        QStringLiteral("validate"), QStringLiteral("lint"), QStringLiteral("new"), QStringLiteral("verify"),
        QStringLiteral("blame"), QStringLiteral("matrix"), QStringLiteral("fleet") };
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

Result<MigrationSource::Scan> CliContext::scanMigrations(
    const ConnectionSettings *shadowTarget, MigrationSource::ScanDepth depth)
{
    if (!m_project)
        return Project::scanFolder(requestedFolder(), depth);
    Result<MigrationSource::Scan> scan = m_project->scan(depth);
    if (!scan || !m_project->isTypeOrm() || m_parser.isSet(QStringLiteral("static")))
        return scan;
    // What the static reader cannot know, TypeORM itself is asked (when the
    // project has node and typeorm), in a shadow of the target when one is named.
    TypeOrmShadowReader::Options options;
    const Result<ConnectionSettings> target = connectionSettings();
    if (shadowTarget)
        options.target = shadowTarget;
    else if (target)
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

Result<CliContext::Snapshot> CliContext::readSnapshot(bool withSql, MigrationSource::ScanDepth depth)
{
    Snapshot snapshot;
    // A Strata folder's scan needs nothing of the connection, so it runs while
    // the server starts a backend and logs in: `status` pays for both on every
    // call. (A TypeORM project's may need the connection's settings and prints
    // notes: it runs first, on this thread, as does a scan bound to fail at
    // once on a missing folder, before any password is asked for.)
    std::function<Result<MigrationSource::Scan>()> scanTask;
    if (!m_project) {
        if (const QString folder = requestedFolder(); QFileInfo(folder).isDir())
            scanTask = [folder, depth] { return Project::scanFolder(folder, depth); };
    } else if (!m_project->isTypeOrm()) {
        scanTask = [project = *m_project, depth] { return project.scan(depth); };
    }
    std::future<Result<MigrationSource::Scan>> scanning;
    if (scanTask)
        scanning = std::async(std::launch::async, scanTask);
    else if (Result<MigrationSource::Scan> scan = scanMigrations(nullptr, depth); !scan)
        return scan.error();
    else
        snapshot.scan = std::move(scan).value();
    Result<std::unique_ptr<PgConnection>> connection = connect();
    if (scanning.valid()) {
        Result<MigrationSource::Scan> scan = scanning.get();
        if (!scan)
            return scan.error();
        snapshot.scan = std::move(scan).value();
    }
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

Result<ConnectionProfile::Environment> CliContext::environment() const
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

std::optional<int> CliContext::confirmChange(
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
    const bool terminal = ::isatty(STDIN_FILENO) && !m_parser.isSet(QStringLiteral("password-stdin"))
        && !m_parser.isSet(QStringLiteral("ssh-password-stdin"));
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

std::optional<int> CliContext::confirmRun(PgConnection &connection)
{
    const PgResult current = connection.exec(QByteArrayLiteral("SELECT current_database()"));
    if (!current.ok())
        return fail(current.error());
    return confirmChange(EnvironmentPolicy::Action::Run, current.value(0, 0), QString());
}

Result<RunOptions> CliContext::runOptions() const
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
    options.pipeline = !m_parser.isSet(QStringLiteral("no-pipeline"));
    if (m_parser.isSet(QStringLiteral("lock-timeout-retry"))) {
        bool ok = false;
        options.lockTimeoutRetries = m_parser.value(QStringLiteral("lock-timeout-retry")).toInt(&ok);
        if (!ok || options.lockTimeoutRetries < 0)
            return StrataError::make(StrataError::Kind::Usage,
                QStringLiteral("--lock-timeout-retry takes a number of retries, e.g. 5"));
    }
    return options;
}

UpOptions CliContext::upOptions() const
{
    UpOptions up;
    up.target = m_parser.value(QStringLiteral("to"));
    up.allowOutOfOrder = m_parser.isSet(QStringLiteral("allow-out-of-order"));
    up.ignoreDrift = m_parser.isSet(QStringLiteral("ignore-drift"));
    return up;
}

Result<DownOptions> CliContext::downOptions() const
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

PreflightOptions CliContext::preflightOptions(const UpOptions &up) const
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

PreflightOptions CliContext::preflightOptions(const DownOptions &down) const
{
    PreflightOptions options = preflightOptions(UpOptions {});
    options.down = down;
    return options;
}

std::optional<int> CliContext::preflightBeforeRun(
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

QString CliContext::readPasswordLine(const QString &prompt)
{
    // On a terminal, the typed password must not be echoed (nor left in the
    // scrollback); from a pipe or file there is no echo to turn off.
    const bool terminal = ::isatty(STDIN_FILENO) == 1;
    termios saved {};
    const bool quiet = terminal && ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (quiet) {
        termios noEcho = saved;
        noEcho.c_lflag &= ~tcflag_t(ECHO);
        noEcho.c_lflag |= ECHONL;
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &noEcho);
        m_err << prompt;
        m_err.flush();
    }
    QTextStream in(stdin);
    const QString line = in.readLine();
    if (quiet)
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    return line;
}

QString CliContext::pgBinDir() const
{
    return m_parser.isSet(QStringLiteral("pg-bin")) ? m_parser.value(QStringLiteral("pg-bin"))
                                                    : m_profilePgBin;
}

QString CliContext::backupFolder() const
{
    if (m_parser.isSet(QStringLiteral("backup-dir")))
        return m_parser.value(QStringLiteral("backup-dir"));
    if (!m_profileBackupDirectory.isEmpty())
        return m_profileBackupDirectory;
    return BackupCatalog::defaultFolder(backupProfileLabel());
}

QString CliContext::backupProfileLabel() const
{
    return m_profileId.isEmpty() ? BackupCatalog::noProfileLabel() : m_profileId;
}

QString CliContext::restoreCommandFor(const QString &dumpPath) const
{
    // The same connection the run used, so the command restores where it failed.
    QStringList words { QStringLiteral("strata-cli") };
    for (const char *option : { "profile", "dsn", "env-file", "host", "port", "user", "dbname", "sslmode",
             "sslrootcert", "ssh-host", "ssh-port", "ssh-user", "ssh-key", "ssh-known-hosts", "pg-bin" }) {
        const QString name = QLatin1String(option);
        if (m_parser.isSet(name))
            words << QStringLiteral("--") + name << CliText::shellQuote(m_parser.value(name));
    }
    for (const char *flag : { "sandbox", "password-stdin", "ssh-password-stdin" })
        if (m_parser.isSet(QLatin1String(flag)))
            words << QStringLiteral("--") + QLatin1String(flag);
    words << QStringLiteral("restore") << CliText::shellQuote(QFileInfo(dumpPath).absoluteFilePath());
    return words.join(QLatin1Char(' '));
}
