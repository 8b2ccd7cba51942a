#include "LookupWorker.h"

#include "MigrationWorker.h"
#include "db/PgConnection.h"
#include "history/HistoryStore.h"
#include "lint/LintDatabaseFacts.h"
#include "sandbox/SandboxCluster.h"

#include <mutex>

LookupWorker::LookupWorker(QObject *parent)
    : QObject(parent)
{
    registerMetaTypes();
}

void LookupWorker::registerMetaTypes()
{
    static std::once_flag once;
    std::call_once(once, [] {
        MigrationWorker::registerMetaTypes(); // ConnectionSettings, HistoryTable, StrataError
        qRegisterMetaType<LintLookup>("LintLookup");
        qRegisterMetaType<AppliedLookup>("AppliedLookup");
        qRegisterMetaType<SandboxStart>("SandboxStart");
    });
}

void LookupWorker::readLintFacts(
    quint64 requestId, const ConnectionSettings &settings, const QStringList &tables, bool withFacts)
{
    LintLookup lookup;
    Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(settings);
    if (!connection) {
        lookup.error = connection.error();
        Q_EMIT lintFactsRead(requestId, lookup);
        return;
    }
    Result<QHash<QString, TableSize>> sizes = TableSizes::fetch(**connection, tables);
    if (!sizes) {
        lookup.error = sizes.error();
        Q_EMIT lintFactsRead(requestId, lookup);
        return;
    }
    lookup.sizes = *sizes;
    // Facts that cannot be read leave lint with its offline defaults, as before.
    if (LintContext facts; withFacts && !LintDatabaseFacts::read(**connection, facts, false))
        lookup.facts = std::move(facts);
    Q_EMIT lintFactsRead(requestId, lookup);
}

void LookupWorker::readAppliedMigration(
    quint64 requestId, const ConnectionSettings &settings, const HistoryTable &history, const QString &name)
{
    AppliedLookup lookup;
    Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(settings);
    if (!connection) {
        lookup.error = connection.error();
        Q_EMIT appliedMigrationRead(requestId, lookup);
        return;
    }
    HistoryStore store(**connection, history);
    Result<std::optional<AppliedMigration>> row = store.readOne(name);
    if (row)
        lookup.applied = *row;
    else
        lookup.error = row.error();
    Q_EMIT appliedMigrationRead(requestId, lookup);
}

void LookupWorker::startSandbox(quint64 requestId)
{
    SandboxStart start;
    Result<ConnectionSettings> settings = SandboxCluster::startShared();
    if (settings)
        start.settings = *settings;
    else
        start.error = settings.error();
    Q_EMIT sandboxStarted(requestId, start);
}
