#pragma once

#include "common/StrataError.h"
#include "db/ConnectionSettings.h"
#include "history/HistoryTable.h"
#include "migration/MigrationSource.h"

#include <QStringList>
#include <QTextStream>

#include <functional>

class SchemaDiff;
class SchemaSource;
class SandboxCluster;

// strata-cli diff, generate and verify: the commands that load schemas into
// shadow databases and compare them. SchemaCommand hands over what they
// need from the command line.
class SchemaCommands
{
public:
    struct Context
    {
        QTextStream *out = nullptr;
        QTextStream *err = nullptr;
        bool json = false;
        // The project's migrations folder. A function: finding it looks through
        // the working folder (TypeORM config and files), which a diff of two
        // databases never needs.
        std::function<QString()> migrationsDirectory;
        // The project's migrations as `up` would run them (TypeORM's reading
        // where the static one cannot know them), for verify.
        std::function<Result<MigrationSource::Scan>()> scanMigrations;
        HistoryTable history;
        // The connection the global options describe (for the `connection`
        // source and as the server for shadow databases).
        std::function<Result<ConnectionSettings>()> connectionSettings;
        // Reports an error the way every command does (CliContext::fail).
        std::function<int(const StrataError &)> fail;
        // The user named a server (options, profile, sandbox or PG* variables):
        // shadows go there if the role may create databases, else to a local sandbox.
        bool serverGiven = false;
        QString from;
        QString to;
        QStringList renames; // old=new
        bool down = false; // diff: print the down SQL too
        bool exitCode = false;
    };

    explicit SchemaCommands(Context context);

    int diff();
    int generate(const QString &name);
    int verify();

private:
    struct Compared;
    Result<Compared> compare();
    int fail(const StrataError &error);

    Context m_context;
    QTextStream &m_out;
    QTextStream &m_err;
};
