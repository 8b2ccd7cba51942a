#pragma once

#include "ShadowBaseline.h"
#include "VerificationReport.h"
#include "db/ConnectionSettings.h"
#include "history/HistoryTable.h"
#include "migration/Migration.h"

#include <QObject>

#include <atomic>
#include <mutex>

class MigrationRunner;
class PgConnection;
class ShadowDatabase;
struct SchemaModel;

// Checks that every migration's down undoes its up, in a shadow database: apply
// every migration, reading the schema before each up; then, from the newest
// down, run the migration's down, compare the schema with the one read before
// its up (SchemaDiff), and run its up again. A down that fails, is missing or
// leaves the schema different is reported with what differs; the shadow is
// then rebuilt up to the migration before it, so one bad down does not hide
// the verdict on the older ones.
//
// Runs on the calling thread; progress is reported through signals. The
// shadow is always dropped before verify() returns.
class MigrationVerifier : public QObject
{
    Q_OBJECT
public:
    explicit MigrationVerifier(HistoryTable history, QObject *parent = nullptr);
    ~MigrationVerifier() override;

    // What the shadow starts with: the target's baseline (ShadowBaseline::read),
    // less what the verified migrations create themselves. Default: nothing.
    void setBaseline(const ShadowBaseline &baseline) { m_baseline = baseline; }

    // `shadowServer`: where the shadow may go (null: a local sandbox cluster).
    VerificationReport verify(const MigrationList &migrations, const ConnectionSettings *shadowServer);

    // Stops between steps and cancels the statement running now. Any thread.
    void cancel();

Q_SIGNALS:
    void shadowCreated(const QString &description);
    void migrationApplied(int index, int count, const QString &name);
    void verificationStarted(int index, int count, const QString &name);
    void migrationVerified(int index, const MigrationVerdict &verdict);

private:
    Status connectShadow();
    Status applyUpTo(int index); // applies the pending migrations up to index (-1: none)
    Status rebuildUpTo(int index); // an empty shadow with migrations 0..index applied
    Result<SchemaModel> readSchema();
    // up: applies the pending migrations up to `index`; down: reverts the newest applied one.
    Status runStep(bool up, int index);
    Status checkCancelled() const;

    HistoryTable m_history;
    ShadowBaseline m_baseline;
    MigrationList m_migrations;
    ShadowDatabase *m_shadow = nullptr;
    std::unique_ptr<PgConnection> m_connection;
    std::atomic_bool m_cancelled { false };
    std::mutex m_runnerMutex;
    MigrationRunner *m_runner = nullptr;
};
