#pragma once

#include "common/StrataError.h"
#include "db/ConnectionSettings.h"
#include "history/HistoryTable.h"
#include "migration/MigrationSource.h"
#include "planner/MigrationStatus.h"
#include "project/Project.h"
#include "settings/ConnectionProfile.h"
#include "settings/EnvironmentPolicy.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <memory>
#include <mutex>
#include <optional>

class PgConnection;
struct DownOptions;
struct PreflightOptions;
struct RunOptions;
struct UpOptions;

// What every strata-cli command shares: the parsed command line, stdout and
// stderr (JSON mode, errors as text and JSON), the profile, the opened
// project, and the connection built from the usual sources in one order of
// precedence. The commands (CliCommand) ask it; it knows none of them.
class CliContext
{
public:
    // strata-cli's exit status.
    enum ExitCode { Success = 0, Failure = 1, UsageError = 2, CheckFailed = 3 };

    CliContext();
    ~CliContext();
    CliContext(const CliContext &) = delete;
    CliContext &operator=(const CliContext &) = delete;

    QCommandLineParser &parser() { return m_parser; }
    const QCommandLineParser &parser() const { return m_parser; }
    QTextStream &out() { return m_out; }
    QTextStream &err() { return m_err; }
    // stderr is written from the lock-watch thread too (MigrationRunner::lockWaitChanged).
    std::mutex &errLock() { return m_errLock; }
    bool json() const { return m_json; }
    void setJson(bool json) { m_json = json; }

    // Prints the usage error (with a pointer to --help) and returns UsageError.
    int usage(const QString &message);
    // Prints the error (and in JSON mode the error document) and returns its exit code.
    int fail(const StrataError &error);

    // --profile NAME: its migrations folder, history table, environment, pg_dump
    // and backup folders apply (its connection is read in connectionSettings()).
    Status useProfile(const QString &name);
    // Opens requestedFolder() (or --project's TypeORM project) as a Project for
    // the commands that read migrations: a TypeORM project's connection, history
    // table and transaction mode then apply (see README, Coming from TypeORM).
    Status openProject(const QString &command);
    const std::optional<Project> &project() const { return m_project; }

    // The folder the command line points at: --migrations, --project, the
    // profile's folder, else the working folder when it holds migrations
    // (Project::locate), else ./migrations.
    QString requestedFolder() const;
    // Where the opened project's migration files are (requestedFolder() before).
    QString migrationsDirectory() const;
    // TypeORM migrations the static reader cannot know are read by TypeORM in
    // a shadow of `shadowTarget` (many-target commands name one of theirs),
    // else of the connection the options name.
    Result<MigrationSource::Scan> scanMigrations(const ConnectionSettings *shadowTarget = nullptr,
        MigrationSource::ScanDepth depth = MigrationSource::ScanDepth::Full);
    HistoryTable historyTable() const;

    // Precedence, lowest first: a TypeORM data source, --sandbox, --profile,
    // --env-file, STRATA_DATABASE_URL, --dsn, then -h/-p/-U/-d and the SSL
    // options; libpq's PG* variables and ~/.pgpass fill the rest.
    Result<ConnectionSettings> connectionSettings();
    Result<std::unique_ptr<PgConnection>> connect();
    // Whether the user named a server at all (options, profile, sandbox, URL
    // or PG* variables): lint then reads it, shadows for diff go there.
    bool serverNamed() const;

    // The folder, a connection and the planner's view of both: what `status`
    // and `drift` start from (`withSql` also loads the SQL recorded at apply time).
    struct Snapshot
    {
        MigrationSource::Scan scan;
        std::unique_ptr<PgConnection> connection;
        MigrationStatusList statuses;
    };
    // ScanDepth::ForStatus leaves unchanged files unread (MigrationSource::scan).
    Result<Snapshot> readSnapshot(
        bool withSql, MigrationSource::ScanDepth depth = MigrationSource::ScanDepth::Full);

    Result<ConnectionProfile::Environment> environment() const;
    // What the environment requires before `action` on `database`
    // (EnvironmentPolicy): nothing, a question, or the name typed (at the
    // terminal, or --confirm-database). An exit code when not confirmed.
    std::optional<int> confirmChange(
        EnvironmentPolicy::Action action, const QString &database, const QString &question);
    std::optional<int> confirmRun(PgConnection &connection);
    // The options up and down share (history, transactions, timeouts, retries).
    Result<RunOptions> runOptions() const;
    // --to, --allow-out-of-order, --ignore-drift; and for a revert --count.
    UpOptions upOptions() const;
    Result<DownOptions> downOptions() const;
    PreflightOptions preflightOptions(const UpOptions &up) const;
    PreflightOptions preflightOptions(const DownOptions &down) const;
    // Before `up` or `down` on staging or production (or with --preflight): the
    // pre-flight on the run's connection; nullopt to go on, else the exit code.
    std::optional<int> preflightBeforeRun(
        PgConnection &connection, const MigrationSource::Scan &scan, const PreflightOptions &options);

    // --password-stdin: one line, not echoed on a terminal (where `prompt` is shown).
    QString readPasswordLine(const QString &prompt = QStringLiteral("Password: "));

    // Backups (backup/): where pg_dump is, where dumps go and under which label.
    QString pgBinDir() const;
    QString backupFolder() const;
    QString backupProfileLabel() const;
    // The command that restores `dumpPath` over the same connection as this run.
    QString restoreCommandFor(const QString &dumpPath) const;
    // The dump `up --backup` made in this run (offered after a failure).
    QString backupPath() const { return m_backupPath; }
    void setBackupPath(const QString &path) { m_backupPath = path; }

private:
    // The SSH settings from --ssh-* (over `base`, the profile's or none), with
    // the secret; nullopt when no tunnel is asked for.
    Result<std::optional<SshSettings>> sshSettings(const std::optional<SshSettings> &base);
    // --ssh-accept-host-key, once per run: records an unknown key and says so.
    Status acceptHostKeyOnce(const ConnectionSettings &settings);
    // Reads the --password-stdin and --ssh-password-stdin lines, once, in that order.
    void readStdinSecrets();

    QString m_databaseUrl; // STRATA_DATABASE_URL, removed from the environment at start
    QString m_sshSecret; // STRATA_SSH_PASSWORD, removed from the environment at start
    bool m_hostKeyChecked = false;
    QCommandLineParser m_parser;
    QTextStream m_out;
    QTextStream m_err;
    std::mutex m_errLock;
    bool m_json = false;
    QString m_profileMigrations;
    HistoryTable m_profileHistory;
    bool m_haveProfileHistory = false;
    std::optional<Project> m_project;
    QString m_profileId;
    ConnectionProfile::Environment m_profileEnvironment = ConnectionProfile::Environment::Development;
    QString m_profilePgBin;
    QString m_profileBackupDirectory;
    QString m_backupPath;
    bool m_stdinPasswordRead = false; // --password-stdin is read once, for every connection of the run
    QString m_stdinPassword;
    QString m_stdinSshSecret;
};
