#pragma once

#include "MigrationWorker.h" // the metatypes of ConnectionSettings and HistoryTable
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

// The small requests the window makes beside runs and status reads: table
// sizes and catalog facts for lint, one history row, starting the sandbox.
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

Q_SIGNALS:
    void lintFactsRead(quint64 requestId, const LintLookup &lookup);
    void appliedMigrationRead(quint64 requestId, const AppliedLookup &lookup);
    void sandboxStarted(quint64 requestId, const SandboxStart &start);
};

Q_DECLARE_METATYPE(LintLookup)
Q_DECLARE_METATYPE(AppliedLookup)
Q_DECLARE_METATYPE(SandboxStart)
