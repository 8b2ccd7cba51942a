#include "MigrationVerifier.h"

#include "DatabaseSchema.h"
#include "ShadowDatabase.h"
#include "common/Logging.h"
#include "db/PgConnection.h"
#include "runner/MigrationRunner.h"
#include "schema/SchemaDiff.h"
#include "schema/SchemaModel.h"
#include "sql/SqlScript.h"

#include <QElapsedTimer>

namespace {

bool hasDown(const Migration &m)
{
    if (!m.down.present)
        return false;
    // `empty:true`: a down that runs nothing is meant (the runner runs it too);
    // comparing the schemas says whether it undoes the up.
    if (m.emptyAllowed)
        return true;
    Result<QList<SqlStatement>> statements
        = SqlScript::parse(m.down.sql, m.text, m.down.fileOffset, m.filePath, m.sourceMap);
    // A down that does not parse is not missing: running it reports the error.
    return !statements || !statements->isEmpty();
}

// What differs between the schema before up and after down, one line each.
QStringList differences(const SchemaModel &before, const SchemaModel &after)
{
    QStringList lines;
    const SchemaDiff diff = SchemaDiff::compare(before, after);
    for (const SchemaChange &change : diff.changes())
        lines << change.description;
    // Objects the model cannot compare still count when they appear or vanish.
    for (const QString &object : after.notCompared)
        if (!before.notCompared.contains(object))
            lines << QStringLiteral("left behind (not compared in detail): %1").arg(object);
    for (const QString &object : before.notCompared)
        if (!after.notCompared.contains(object))
            lines << QStringLiteral("missing (not compared in detail): %1").arg(object);
    return lines;
}

} // namespace

MigrationVerifier::MigrationVerifier(HistoryTable history, QObject *parent)
    : QObject(parent)
    , m_history(std::move(history))
{
}

MigrationVerifier::~MigrationVerifier() = default;

void MigrationVerifier::cancel()
{
    m_cancelled.store(true);
    std::lock_guard lock(m_runnerMutex);
    if (m_runner)
        m_runner->cancel();
}

Status MigrationVerifier::checkCancelled() const
{
    if (m_cancelled.load())
        return StrataError::make(StrataError::Kind::Cancelled, QStringLiteral("verification cancelled"));
    return Ok {};
}

Status MigrationVerifier::connectShadow()
{
    m_connection.reset();
    Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(m_shadow->connectionSettings());
    if (!connection)
        return connection.error();
    m_connection = std::move(connection).value();
    return Ok {};
}

Result<SchemaModel> MigrationVerifier::readSchema()
{
    return DatabaseSchema::read(*m_connection, m_history);
}

Status MigrationVerifier::runStep(bool up, int index)
{
    if (Status s = checkCancelled(); !s)
        return s;
    RunOptions options;
    options.history = m_history;
    options.privateDatabase = true; // nobody else knows this database
    MigrationRunner runner(*m_connection, options);
    {
        std::lock_guard lock(m_runnerMutex);
        m_runner = &runner;
    }
    RunReport report;
    if (up) {
        UpOptions upOptions;
        upOptions.target = m_migrations[index].historyName();
        report = runner.up(m_migrations, upOptions);
    } else {
        DownOptions downOptions;
        downOptions.count = 1;
        report = runner.down(m_migrations, downOptions);
    }
    {
        std::lock_guard lock(m_runnerMutex);
        m_runner = nullptr;
    }
    if (m_cancelled.load())
        return StrataError::make(StrataError::Kind::Cancelled, QStringLiteral("verification cancelled"));
    if (report.error)
        return *report.error;
    return Ok {};
}

Status MigrationVerifier::applyUpTo(int index)
{
    if (index < 0)
        return Ok {};
    return runStep(true, index);
}

Status MigrationVerifier::rebuildUpTo(int index)
{
    m_connection.reset();
    if (Status s = m_shadow->reset(); !s)
        return s;
    if (Status s = connectShadow(); !s)
        return s;
    return applyUpTo(index);
}

VerificationReport MigrationVerifier::verify(
    const MigrationList &migrations, const ConnectionSettings *shadowServer)
{
    QElapsedTimer timer;
    timer.start();
    m_cancelled.store(false);
    m_migrations = migrations;
    VerificationReport report;
    for (const Migration &m : migrations) {
        MigrationVerdict v;
        v.name = m.historyName();
        v.filePath = m.filePath;
        report.verdicts.append(v);
    }
    auto finish = [&](const StrataError *error) {
        if (error) {
            report.failed = true;
            report.error = *error;
        }
        report.durationMs = timer.elapsed();
        return report;
    };

    Result<std::unique_ptr<ShadowDatabase>> created
        = ShadowDatabase::create(shadowServer, nullptr, m_baseline.without(migrations));
    if (!created)
        return finish(&created.error());
    // Dropped when this function returns, however it returns.
    const std::unique_ptr<ShadowDatabase> shadow = std::move(created).value();
    m_shadow = shadow.get();
    report.shadow = shadow->describe();
    if (!shadow->baseline().isEmpty())
        report.shadow += QStringLiteral(", starting from %1 of %2")
                             .arg(shadow->baseline().describe(), shadow->baseline().source());
    Q_EMIT shadowCreated(report.shadow);
    struct Cleanup
    {
        MigrationVerifier *self;
        ~Cleanup()
        {
            self->m_connection.reset();
            self->m_shadow = nullptr;
        }
    } cleanup { this };
    if (Status s = connectShadow(); !s)
        return finish(&s.error());

    // First pass: every up, with the schema read before each.
    const int count = int(migrations.size());
    QList<SchemaModel> before;
    for (int i = 0; i < count; ++i) {
        Result<SchemaModel> schema = readSchema();
        if (!schema)
            return finish(&schema.error());
        before.append(std::move(schema).value());
        if (Status s = applyUpTo(i); !s) {
            StrataError e = s.error();
            ShadowBaseline::explainMissingExtension(&e);
            if (e.kind != StrataError::Kind::Cancelled)
                e.message = QStringLiteral("%1: up failed in the shadow database, so nothing after it can be "
                                           "verified: %2")
                                .arg(migrations[i].historyName(), e.message);
            return finish(&e);
        }
        Q_EMIT migrationApplied(i, count, migrations[i].historyName());
    }

    // Second pass, newest first. `applied` is how many migrations are applied
    // (0..applied-1) when the shadow's schema is known to be theirs; -1 when a
    // bad down left it in an unknown state.
    int applied = count;
    for (int i = count - 1; i >= 0; --i) {
        Q_EMIT verificationStarted(i, count, migrations[i].historyName());
        MigrationVerdict &verdict = report.verdicts[i];
        // Bring the shadow to "0..i applied".
        Status ready = Ok {};
        if (applied == i + 2)
            ready = runStep(false, i + 1); // the newer one's down, verified just before
        else if (applied != i + 1)
            ready = rebuildUpTo(i);
        if (!ready) {
            const StrataError e = ready.error();
            return finish(&e);
        }
        applied = i + 1;

        if (!migrations[i].downRefusal.isEmpty()) {
            verdict.outcome = MigrationVerdict::Outcome::DownRefused;
            verdict.error = StrataError::make(
                StrataError::Kind::Source, migrations[i].downRefusal, migrations[i].filePath);
            verdict.error.line = migrations[i].downRefusalLine;
            verdict.error.column = migrations[i].downRefusalColumn;
            applied = -1; // as for a missing down: the next one rebuilds
            Q_EMIT migrationVerified(i, verdict);
            continue;
        }
        if (!hasDown(migrations[i])) {
            verdict.outcome = MigrationVerdict::Outcome::DownMissing;
            applied = -1; // 0..i applied, and i cannot be reverted: the next one rebuilds
            Q_EMIT migrationVerified(i, verdict);
            continue;
        }
        if (Status s = runStep(false, i); !s) {
            if (s.error().kind == StrataError::Kind::Cancelled)
                return finish(&s.error());
            verdict.outcome = MigrationVerdict::Outcome::DownFailed;
            verdict.error = s.error();
            applied = -1; // a transaction:false down may have done part of its work
            Q_EMIT migrationVerified(i, verdict);
            continue;
        }
        Result<SchemaModel> after = readSchema();
        if (!after)
            return finish(&after.error());
        verdict.differences = differences(before[i], *after);
        if (!verdict.differences.isEmpty()) {
            verdict.outcome = MigrationVerdict::Outcome::DownDoesNotUndo;
            applied = -1;
            Q_EMIT migrationVerified(i, verdict);
            continue;
        }
        // Up again, as the seed's rollback test does: a down that leaves data
        // or state up trips over shows here.
        if (Status s = applyUpTo(i); !s) {
            if (s.error().kind == StrataError::Kind::Cancelled)
                return finish(&s.error());
            verdict.outcome = MigrationVerdict::Outcome::UpFailedAgain;
            verdict.error = s.error();
            applied = -1;
            Q_EMIT migrationVerified(i, verdict);
            continue;
        }
        applied = i + 1;
        verdict.outcome = MigrationVerdict::Outcome::Ok;
        Q_EMIT migrationVerified(i, verdict);
    }
    m_connection.reset();
    if (Status dropped = shadow->drop(); !dropped)
        return finish(&dropped.error());
    return finish(nullptr);
}
