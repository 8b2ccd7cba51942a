#pragma once

#include "MigrationWorker.h" // the metatypes of ConnectionSettings and HistoryTable
#include "backup/PgToolLocator.h"
#include "common/StrataError.h"
#include "db/ConnectionSettings.h"
#include "history/AppliedMigration.h"
#include "history/HistoryTable.h"
#include "lint/LintContext.h"
#include "lint/TableSizes.h"

#include <QHash>
#include <QMetaType>
#include <QObject>
#include <QStringList>

#include <optional>

// What the lint lookup found: the sizes of the tables asked about and, when
// asked for, what the catalog tells lint (LintDatabaseFacts).
struct LintLookup
{
    QHash<QString, TableSize> sizes;
    std::optional<LintContext> facts;
    std::optional<StrataError> error; // the database could not be read; nothing else is set
};

// One history row (for the diff with what was applied), or why not.
struct AppliedLookup
{
    std::optional<AppliedMigration> applied; // empty: no such row
    std::optional<StrataError> error;
};

// The shared sandbox cluster, started; or why it did not start.
struct SandboxStart
{
    ConnectionSettings settings;
    std::optional<StrataError> error;
};

// A connection test: the server's version, or why it cannot be reached.
struct ConnectionTest
{
    int serverVersionNumber = 0; // server_version_num
    QString serverVersion; // "15.18 (Debian 15.18-0+deb12u1)"
    std::optional<StrataError> error;
};

// Which pg_dump (or pg_restore) a folder, or the system, gives; or why none.
struct PgToolLookup
{
    QString folder; // as asked
    PgTool tool;
    std::optional<StrataError> error;
};

// A bastion's host key accepted into known_hosts (SshKnownHosts::accept), or why not.
struct HostKeyAcceptance
{
    QString fingerprint; // the key now in known_hosts
    QString file; // the known_hosts file
    std::optional<StrataError> error;
};

// The small requests the window makes beside runs and status reads: table
// sizes and catalog facts for lint, one history row, starting the sandbox;
// and the connection dialog's: testing a connection, finding pg_dump.
// Like MigrationWorker and SchemaWorker, an object moved to a QThread (the
// window's schema thread, so none of these waits behind a long migration),
// its slots invoked queued, each opening and closing its own connection, its
// answers signals carrying the caller's request id.
class LookupWorker : public QObject
{
    Q_OBJECT
public:
    explicit LookupWorker(QObject *parent = nullptr);

    static void registerMetaTypes();
    // A request id no other caller has: the window and its dialogs share one
    // worker and tell their answers apart by it.
    static quint64 nextRequestId();

public Q_SLOTS:
    // Answers with lintFactsRead. `withFacts`: also read LintDatabaseFacts.
    void readLintFacts(
        quint64 requestId, const ConnectionSettings &settings, const QStringList &tables, bool withFacts);
    // Answers with appliedMigrationRead: the row with its recorded SQL.
    void readAppliedMigration(quint64 requestId, const ConnectionSettings &settings,
        const HistoryTable &history, const QString &name);
    // Starts (or finds running) the shared local sandbox cluster: seconds for
    // initdb the first time. Answers with sandboxStarted.
    void startSandbox(quint64 requestId);
    // Opens and closes a connection. Answers with connectionTested.
    void testConnection(quint64 requestId, const ConnectionSettings &settings);
    // PgToolLocator::locate (it runs `TOOL --version`). Answers with pgToolLocated.
    void locatePgTool(quint64 requestId, const QString &tool, const QString &folder);
    // Records the bastion's host key in known_hosts, provided it is still the
    // key the user was shown (`fingerprint`). Answers with hostKeyAccepted.
    void acceptHostKey(quint64 requestId, const SshSettings &ssh, const QString &fingerprint);

Q_SIGNALS:
    void lintFactsRead(quint64 requestId, const LintLookup &lookup);
    void appliedMigrationRead(quint64 requestId, const AppliedLookup &lookup);
    void sandboxStarted(quint64 requestId, const SandboxStart &start);
    void connectionTested(quint64 requestId, const ConnectionTest &test);
    void pgToolLocated(quint64 requestId, const PgToolLookup &lookup);
    void hostKeyAccepted(quint64 requestId, const HostKeyAcceptance &acceptance);
};

Q_DECLARE_METATYPE(LintLookup)
Q_DECLARE_METATYPE(AppliedLookup)
Q_DECLARE_METATYPE(SandboxStart)
Q_DECLARE_METATYPE(ConnectionTest)
Q_DECLARE_METATYPE(PgToolLookup)
Q_DECLARE_METATYPE(HostKeyAcceptance)
