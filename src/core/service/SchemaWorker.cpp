#include "SchemaWorker.h"

#include "common/Logging.h"
#include "db/PgConnection.h"
#include "migration/MigrationSource.h"
#include "project/Project.h"
#include "project/TypeOrmShadowReader.h"
#include "sandbox/SandboxCluster.h"
#include "service/MigrationWorker.h"
#include "shadow/DatabaseSchema.h"
#include "shadow/MigrationVerifier.h"
#include "shadow/SchemaBlameCache.h"
#include "shadow/SchemaBlameReplayer.h"

#include <QElapsedTimer>

#include <atomic>

SchemaWorker::SchemaWorker(QObject *parent)
    : QObject(parent)
{
    registerMetaTypes();
}

SchemaWorker::~SchemaWorker() = default;

void SchemaWorker::registerMetaTypes()
{
    MigrationWorker::registerMetaTypes(); // ConnectionSettings, HistoryTable, StrataError
    qRegisterMetaType<SchemaSource>("SchemaSource");
    qRegisterMetaType<SchemaComparison>("SchemaComparison");
    qRegisterMetaType<SchemaRead>("SchemaRead");
    qRegisterMetaType<SchemaBlameRead>("SchemaBlameRead");
    qRegisterMetaType<EnvironmentMatrix>("EnvironmentMatrix");
    qRegisterMetaType<MigrationVerdict>("MigrationVerdict");
    qRegisterMetaType<VerificationReport>("VerificationReport");
}

quint64 SchemaWorker::nextRequestId()
{
    static std::atomic<quint64> next { 0 };
    return ++next;
}

void SchemaWorker::cancel()
{
    std::lock_guard lock(m_mutex);
    if (m_verifier)
        m_verifier->cancel();
    if (m_replayer)
        m_replayer->cancel();
}

void SchemaWorker::readSchema(
    quint64 requestId, const ConnectionSettings &settings, const HistoryTable &history)
{
    QElapsedTimer timer;
    timer.start();
    SchemaRead read;
    Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(settings);
    if (!connection) {
        read.error = connection.error();
        Q_EMIT schemaRead(requestId, read);
        return;
    }
    Result<SchemaModel> model = DatabaseSchema::read(**connection, history);
    if (!model) {
        read.error = model.error();
        Q_EMIT schemaRead(requestId, read);
        return;
    }
    read.model = std::move(model).value();
    QStringList relations = read.model.tables.keys();
    for (const SchemaView &view : std::as_const(read.model.views))
        if (view.materialized)
            relations << view.qualifiedName();
    // Sizes are an estimate beside the tree: a failure leaves them out, it
    // does not hide the schema. One query for every table: without JIT, which
    // would compile it for longer than it runs (as in SchemaIntrospector).
    if (Status s = (*connection)->run("SET jit = off"); !s)
        qCWarning(lcShadow) << "jit not turned off:" << s.error().message;
    Result<QHash<QString, TableSize>> sizes = TableSizes::fetch(**connection, relations);
    if (sizes)
        read.tableSizes = std::move(sizes).value();
    else
        qCWarning(lcShadow) << "table sizes not read:" << sizes.error().message;
    read.objects = SchemaObjects::of(read.model);
    read.milliseconds = timer.elapsed();
    Q_EMIT schemaRead(requestId, read);
}

void SchemaWorker::compareSchemas(quint64 requestId, const SchemaSource &from, const SchemaSource &to)
{
    SchemaComparison result;
    result.fromDescription = from.describe();
    result.toDescription = to.describe();
    // Shadows go to the server of a side that is a database (same PostgreSQL
    // version as what they are compared with), else to one local sandbox.
    ConnectionSettings server;
    bool haveServer = false;
    for (const SchemaSource *s : { &from, &to })
        if (!s->needsShadow() && !haveServer) {
            server = s->connectionSettings();
            haveServer = true;
        }
    // Shadows start from the baseline (extensions, search_path) of the side
    // that is a database; two shadows and no database: nothing is copied.
    ShadowBaseline baseline;
    if (haveServer && (from.needsShadow() || to.needsShadow())) {
        Result<ShadowBaseline> read = ShadowBaseline::read(server);
        if (!read) {
            result.failed = true;
            result.error = read.error();
            Q_EMIT schemasCompared(requestId, result);
            return;
        }
        baseline = std::move(read).value();
    }
    std::shared_ptr<SandboxCluster> sandbox;
    SchemaModel models[2];
    int side = 0;
    for (const SchemaSource *s : { &from, &to }) {
        Q_EMIT progressed(requestId,
            s->needsShadow() ? tr("Loading %1 into a shadow database…").arg(s->describe())
                             : tr("Reading %1…").arg(s->describe()));
        Result<SchemaSource::Opened> opened = s->open(haveServer ? &server : nullptr, &sandbox, {}, baseline);
        if (!opened) {
            result.failed = true;
            result.error = opened.error();
            Q_EMIT schemasCompared(requestId, result);
            return;
        }
        Result<SchemaModel> model = DatabaseSchema::read(*opened->connection, s->history());
        if (!model) {
            result.failed = true;
            result.error = model.error();
            Q_EMIT schemasCompared(requestId, result);
            return;
        }
        models[side++] = std::move(model).value();
    }
    result.from = models[0];
    result.to = models[1];
    Q_EMIT schemasCompared(requestId, result);
}

void SchemaWorker::verifyDowns(quint64 requestId, const QString &migrationsDirectory,
    const HistoryTable &history, const ConnectionSettings &server, bool useServer)
{
    VerificationReport report;
    // As the app lists the folder: .sql files, or TypeORM migrations (those
    // the static reader cannot know read by TypeORM, in a shadow).
    TypeOrmShadowReader::Options read;
    read.target = useServer ? &server : nullptr;
    Result<TypeOrmShadowReader::Reading> reading = TypeOrmShadowReader::readFolder(migrationsDirectory, read);
    if (!reading || !reading->scan.problems.isEmpty()) {
        report.failed = true;
        report.error = !reading ? reading.error() : reading->scan.problems.first();
        Q_EMIT verificationFinished(requestId, report);
        return;
    }
    for (const QString &note : std::as_const(reading->notes))
        qCInfo(lcShadow) << note;
    const MigrationSource::Scan *scan = &reading->scan;
    MigrationVerifier verifier(history);
    // The shadow starts where the connected database starts (its extensions).
    if (useServer) {
        Result<ShadowBaseline> baseline = ShadowBaseline::read(server);
        if (!baseline) {
            report.failed = true;
            report.error = baseline.error();
            Q_EMIT verificationFinished(requestId, report);
            return;
        }
        verifier.setBaseline(*baseline);
    }
    {
        std::lock_guard lock(m_mutex);
        m_verifier = &verifier;
    }
    connect(&verifier, &MigrationVerifier::shadowCreated, this, [this, requestId](const QString &where) {
        Q_EMIT progressed(requestId, tr("Verifying in %1").arg(where));
    });
    const int count = int(scan->migrations.size());
    connect(&verifier, &MigrationVerifier::migrationApplied, this,
        [this, requestId](int index, int total, const QString &name) {
            Q_EMIT progressed(requestId, tr("[%1/%2] up %3").arg(index + 1).arg(total).arg(name));
        });
    connect(&verifier, &MigrationVerifier::migrationVerified, this,
        [this, requestId, count](int index, const MigrationVerdict &verdict) {
            Q_EMIT migrationVerified(requestId, index, count, verdict);
        });
    report = verifier.verify(scan->migrations, useServer ? &server : nullptr);
    {
        std::lock_guard lock(m_mutex);
        m_verifier = nullptr;
    }
    Q_EMIT verificationFinished(requestId, report);
}

void SchemaWorker::blameMigrations(quint64 requestId, const QString &migrationsDirectory,
    const HistoryTable &history, const ConnectionSettings &server, bool useServer)
{
    QElapsedTimer timer;
    timer.start();
    SchemaBlameRead read;
    read.migrationsDirectory = migrationsDirectory;
    auto failed = [&](const StrataError &error) {
        read.error = error;
        read.milliseconds = timer.elapsed();
        Q_EMIT schemaBlamed(requestId, read);
    };
    // As the app lists the folder (see verifyDowns).
    TypeOrmShadowReader::Options options;
    options.target = useServer ? &server : nullptr;
    Result<TypeOrmShadowReader::Reading> reading
        = TypeOrmShadowReader::readFolder(migrationsDirectory, options);
    if (!reading)
        return failed(reading.error());
    if (!reading->scan.problems.isEmpty())
        return failed(reading->scan.problems.first());
    ShadowBaseline baseline;
    if (useServer) {
        Result<ShadowBaseline> target = ShadowBaseline::read(server);
        if (!target)
            return failed(target.error());
        baseline = *target;
    }
    const MigrationList &migrations = reading->scan.migrations;
    const SchemaBlameCache cache;
    const QString key = SchemaBlameCache::keyOf(migrations, history, baseline);
    if (std::optional<SchemaBlame> cached = cache.load(key)) {
        read.blame = std::move(*cached);
        read.cached = true;
        read.milliseconds = timer.elapsed();
        Q_EMIT schemaBlamed(requestId, read);
        return;
    }
    SchemaBlameReplayer replayer(history);
    replayer.setBaseline(baseline);
    {
        std::lock_guard lock(m_mutex);
        m_replayer = &replayer;
    }
    connect(&replayer, &SchemaBlameReplayer::migrationReplayed, this,
        [this, requestId](int index, int total, const QString &name) {
            Q_EMIT progressed(requestId, tr("[%1/%2] replayed %3").arg(index + 1).arg(total).arg(name));
        });
    Result<SchemaBlame> blame = replayer.replay(migrations, useServer ? &server : nullptr);
    {
        std::lock_guard lock(m_mutex);
        m_replayer = nullptr;
    }
    if (!blame)
        return failed(blame.error());
    if (Status s = cache.save(key, *blame); !s)
        qCWarning(lcShadow) << "blame not cached:" << s.error().toString();
    read.blame = std::move(blame).value();
    read.milliseconds = timer.elapsed();
    Q_EMIT schemaBlamed(requestId, read);
}

void SchemaWorker::readEnvironments(quint64 requestId, const QString &migrationsDirectory,
    const QList<EnvironmentMatrixReader::Target> &targets)
{
    // As the app lists the folder; TypeORM migrations the static reader
    // cannot know are read in a local sandbox (no target is special here).
    Result<TypeOrmShadowReader::Reading> reading
        = TypeOrmShadowReader::readFolder(migrationsDirectory, TypeOrmShadowReader::Options {});
    if (!reading) {
        Q_EMIT environmentsRead(requestId, EnvironmentMatrix {}, reading.error().toString());
        return;
    }
    Q_EMIT environmentsRead(
        requestId, EnvironmentMatrixReader::read(reading->scan.migrations, targets, 8), QString());
}
