#include "LookupWorker.h"

#include "MigrationWorker.h"
#include "db/PgConnection.h"
#include "history/HistoryStore.h"
#include "lint/LintDatabaseFacts.h"
#include "sandbox/SandboxCluster.h"
#include "ssh/SshKnownHosts.h"

#include <atomic>
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
        qRegisterMetaType<ConnectionTest>("ConnectionTest");
        qRegisterMetaType<PgToolLookup>("PgToolLookup");
        qRegisterMetaType<HostKeyAcceptance>("HostKeyAcceptance");
    });
}

quint64 LookupWorker::nextRequestId()
{
    static std::atomic<quint64> next { 0 };
    return ++next;
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

void LookupWorker::testConnection(quint64 requestId, const ConnectionSettings &settings)
{
    ConnectionTest test;
    const Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(settings);
    if (connection) {
        test.serverVersionNumber = (*connection)->serverVersion();
        test.serverVersion = (*connection)->serverVersionString();
    } else {
        test.error = connection.error();
    }
    Q_EMIT connectionTested(requestId, test);
}

void LookupWorker::acceptHostKey(quint64 requestId, const SshSettings &ssh, const QString &fingerprint)
{
    HostKeyAcceptance acceptance;
    const Result<SshKnownHosts::Accepted> accepted = SshKnownHosts::accept(ssh, 10, fingerprint);
    if (accepted) {
        acceptance.fingerprint = accepted->fingerprint;
        acceptance.file = accepted->file;
    } else {
        acceptance.error = accepted.error();
    }
    Q_EMIT hostKeyAccepted(requestId, acceptance);
}

void LookupWorker::locatePgTool(quint64 requestId, const QString &tool, const QString &folder)
{
    PgToolLookup lookup;
    lookup.folder = folder;
    const Result<PgTool> found = PgToolLocator::locate(tool, folder);
    if (found)
        lookup.tool = *found;
    else
        lookup.error = found.error();
    Q_EMIT pgToolLocated(requestId, lookup);
}
