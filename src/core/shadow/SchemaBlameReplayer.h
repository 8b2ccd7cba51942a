#pragma once

#include "SchemaBlame.h"
#include "ShadowBaseline.h"
#include "common/StrataError.h"
#include "db/ConnectionSettings.h"
#include "history/HistoryTable.h"
#include "migration/Migration.h"

#include <QObject>

#include <atomic>
#include <mutex>

class MigrationRunner;

// Computes a SchemaBlame: replays the migrations one at a time in a shadow
// database, reading the schema before the first and after each, and records
// what each one created, changed and dropped (SchemaBlame::record).
//
// Runs on the calling thread; progress is reported through signals. The
// shadow is always dropped before replay() returns.
class SchemaBlameReplayer : public QObject
{
    Q_OBJECT
public:
    explicit SchemaBlameReplayer(HistoryTable history, QObject *parent = nullptr);
    ~SchemaBlameReplayer() override;

    // What the shadow starts with (ShadowBaseline::read of the target); less
    // what the migrations create themselves. Default: nothing.
    void setBaseline(const ShadowBaseline &baseline) { m_baseline = baseline; }

    // `shadowServer`: where the shadow may go (null: a local sandbox cluster).
    // A migration whose up fails stops the replay with its error.
    Result<SchemaBlame> replay(const MigrationList &migrations, const ConnectionSettings *shadowServer);

    // Stops between migrations and cancels the statement running now. Any thread.
    void cancel();

    // Where the last replay ran (ShadowDatabase::describe()).
    QString shadowDescription() const { return m_shadowDescription; }

Q_SIGNALS:
    void shadowCreated(const QString &description);
    void migrationReplayed(int index, int count, const QString &name);

private:
    HistoryTable m_history;
    ShadowBaseline m_baseline;
    QString m_shadowDescription;
    std::atomic_bool m_cancelled { false };
    std::mutex m_runnerMutex;
    MigrationRunner *m_runner = nullptr;
};
