#include "SchemaBlameReplayer.h"

#include "DatabaseSchema.h"
#include "ShadowDatabase.h"
#include "db/PgConnection.h"
#include "runner/MigrationRunner.h"
#include "schema/SchemaDiff.h"

SchemaBlameReplayer::SchemaBlameReplayer(HistoryTable history, QObject *parent)
    : QObject(parent)
    , m_history(std::move(history))
{
}

SchemaBlameReplayer::~SchemaBlameReplayer() = default;

void SchemaBlameReplayer::cancel()
{
    m_cancelled.store(true);
    std::lock_guard lock(m_runnerMutex);
    if (m_runner)
        m_runner->cancel();
}

Result<SchemaBlame> SchemaBlameReplayer::replay(
    const MigrationList &migrations, const ConnectionSettings *shadowServer)
{
    m_cancelled.store(false);
    const auto cancelled
        = [] { return StrataError::make(StrataError::Kind::Cancelled, QStringLiteral("blame cancelled")); };
    Result<std::unique_ptr<ShadowDatabase>> created
        = ShadowDatabase::create(shadowServer, nullptr, m_baseline.without(migrations));
    if (!created)
        return created.error();
    // Dropped when this function returns, however it returns.
    const std::unique_ptr<ShadowDatabase> shadow = std::move(created).value();
    m_shadowDescription = shadow->describe();
    Q_EMIT shadowCreated(m_shadowDescription);

    Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(shadow->connectionSettings());
    if (!connection)
        return connection.error();
    PgConnection &db = **connection;

    Result<SchemaModel> before = DatabaseSchema::read(db, m_history);
    if (!before)
        return before.error();
    SchemaObjects beforeObjects = SchemaObjects::of(*before);
    SchemaBlame blame;
    blame.setInitial(beforeObjects);

    RunOptions options;
    options.history = m_history;
    options.privateDatabase = true; // nobody else knows this database
    const int count = int(migrations.size());
    for (int i = 0; i < count; ++i) {
        if (m_cancelled.load())
            return cancelled();
        MigrationRunner runner(db, options);
        {
            std::lock_guard lock(m_runnerMutex);
            m_runner = &runner;
        }
        UpOptions up;
        up.target = migrations[i].historyName();
        const RunReport report = runner.up(migrations, up);
        {
            std::lock_guard lock(m_runnerMutex);
            m_runner = nullptr;
        }
        if (m_cancelled.load())
            return cancelled();
        if (report.error) {
            StrataError e = *report.error;
            ShadowBaseline::explainMissingExtension(&e);
            e.message = QStringLiteral("%1: up failed in the shadow database, so blame cannot go past it: %2")
                            .arg(migrations[i].historyName(), e.message);
            return e;
        }
        Result<SchemaModel> after = DatabaseSchema::read(db, m_history);
        if (!after)
            return after.error();
        SchemaObjects afterObjects = SchemaObjects::of(*after);
        const SchemaDiff diff = SchemaDiff::compare(*before, *after);
        blame.record(i, migrations[i].historyName(), migrations[i].filePath, beforeObjects, afterObjects,
            diff.changes());
        before = std::move(after);
        beforeObjects = std::move(afterObjects);
        Q_EMIT migrationReplayed(i, count, migrations[i].historyName());
    }
    connection->reset();
    if (Status s = shadow->drop(); !s)
        return s.error();
    return blame;
}
