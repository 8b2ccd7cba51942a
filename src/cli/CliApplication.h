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
#include <optional>

class MigrationRunner;
class PgConnection;
class ProfileStore;
class TypeOrmProject;
class SandboxCluster;
struct PreflightOptions;
struct RunOptions;
struct RunReport;
struct UpOptions;
struct DownOptions;

// strata-cli: parses the command line, builds connection settings from the
// usual sources, and hands each command to the core. Exit status: 0 ok,
// 1 failure, 2 usage error, 3 check failed (problems, drift, pending where asked).
class CliApplication
{
public:
    enum ExitCode { Success = 0, Failure = 1, UsageError = 2, CheckFailed = 3 };

    CliApplication();
    ~CliApplication();

    int run(const QStringList &arguments);

private:
    void addOptions();
    int usage(const QString &message);
    int fail(const StrataError &error);
    Result<ConnectionSettings> connectionSettings();
    Result<std::unique_ptr<PgConnection>> connect();
    HistoryTable historyTable() const;
    // The folder the command line points at: --migrations, --project, the
    // profile's folder, else the working folder when it holds migrations
    // (Project::locate), else ./migrations.
    QString requestedFolder() const;
    // Where the opened project's migration files are (requestedFolder() before).
    QString migrationsDirectory() const;
    // Opens requestedFolder() (or --project's TypeORM project) as a Project for
    // the commands that read migrations: a TypeORM project's connection, history
    // table and transaction mode then apply (see README, Coming from TypeORM).
    Status openProject(const QString &command);
    Result<MigrationSource::Scan> scanMigrations();

    // The folder, a connection and the planner's view of both: what `status`
    // and `drift` start from (`withSql` also loads the SQL recorded at apply time).
    struct Snapshot
    {
        MigrationSource::Scan scan;
        std::unique_ptr<PgConnection> connection;
        MigrationStatusList statuses;
    };
    Result<Snapshot> readSnapshot(bool withSql);

    int commandStatus();
    int commandUp();
    int commandDown();
    int commandNew(const QStringList &args);
    int commandValidate();
    int commandLint(const QStringList &files);
    int commandDrift();
    int commandSandbox(const QStringList &args);
    int commandProfile(const QStringList &args);
    int removeProfile(ProfileStore &store, const ConnectionProfile &profile);
    QString readPasswordLine();
    int commandImportTypeOrm(const QStringList &args);
    int commandSchema(const QString &command, const QStringList &args);
    int finishRun(const RunReport &report, bool up);
    int commandPreflight();
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
    void reportLockWaits(MigrationRunner &runner);
    // Backup and restore (backup/): `up --backup [DIR]`, `restore FILE`, `backups [DIR]`.
    int runBackupBeforeUp();
    int commandRestore(const QStringList &args);
    int commandBackups(const QStringList &args);
    QString pgBinDir() const;
    QString backupFolder() const;
    QString backupProfileLabel() const;
    QString restoreCommandFor(const QString &dumpPath) const;

    QString m_databaseUrl; // STRATA_DATABASE_URL, removed from the environment at start
    QCommandLineParser m_parser;
    QTextStream m_out;
    QTextStream m_err;
    bool m_json = false;
    QString m_profileMigrations;
    HistoryTable m_profileHistory;
    bool m_haveProfileHistory = false;
    std::optional<Project> m_project;
    QString m_profileId;
    ConnectionProfile::Environment m_profileEnvironment = ConnectionProfile::Environment::Development;
    QString m_profilePgBin;
    QString m_profileBackupDirectory;
    QString m_backupPath; // the dump `up --backup` made in this run
    bool m_stdinPasswordRead = false; // --password-stdin is read once, for every connection of the run
    QString m_stdinPassword;
};
