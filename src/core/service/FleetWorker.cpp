#include "FleetWorker.h"

#include "FleetTargetResolver.h"
#include "project/TypeOrmShadowReader.h"
#include "settings/FleetTargets.h"
#include "settings/ProfileStore.h"

#include <mutex>

FleetWorker::FleetWorker(QObject *parent)
    : QObject(parent)
{
    registerMetaTypes();
}

FleetWorker::~FleetWorker() = default;

void FleetWorker::registerMetaTypes()
{
    static std::once_flag once;
    std::call_once(once, [] {
        qRegisterMetaType<FleetWorker::Request>("FleetWorker::Request");
        qRegisterMetaType<FleetRunner::Outcome>("FleetRunner::Outcome");
    });
}

void FleetWorker::cancel()
{
    m_cancelled.store(true);
    std::lock_guard lock(m_mutex);
    if (m_runner)
        m_runner->cancel();
}

void FleetWorker::run(quint64 requestId, const FleetWorker::Request &request)
{
    m_cancelled.store(false);
    // As the app lists the folder; TypeORM migrations the static reader
    // cannot know are read in a local sandbox.
    Result<TypeOrmShadowReader::Reading> reading
        = TypeOrmShadowReader::readFolder(request.migrationsDirectory, TypeOrmShadowReader::Options {});
    if (!reading) {
        Q_EMIT finished(requestId, reading.error().toString());
        return;
    }
    if (!reading->scan.problems.isEmpty()) {
        Q_EMIT finished(requestId,
            tr("%n malformed migration file(s); nothing was run: %1", nullptr,
                int(reading->scan.problems.size()))
                .arg(reading->scan.problems.first().toString()));
        return;
    }
    Result<FleetTargets> file = FleetTargets::read(request.targetsFile);
    if (!file) {
        Q_EMIT finished(requestId, file.error().toString());
        return;
    }
    Result<QList<FleetRunner::Target>> targets = FleetTargetResolver::resolve(*file, request.targetsFile,
        ProfileStore(), request.history, [&request](const ConnectionProfile &p, ConnectionSettings *s) {
            s->password = request.profilePasswords.value(p.keychainKey());
            if (s->ssh)
                s->ssh->secret = request.profilePasswords.value(p.sshKeychainKey());
        });
    if (!targets) {
        Q_EMIT finished(requestId, targets.error().toString());
        return;
    }
    if (targets->isEmpty()) {
        Q_EMIT finished(
            requestId, tr("no target in %1 (its patterns match no database)").arg(request.targetsFile));
        return;
    }
    QStringList labels;
    for (const FleetRunner::Target &t : std::as_const(*targets))
        labels << t.label;
    Q_EMIT targetsResolved(requestId, labels);

    FleetRunner runner(reading->scan.migrations, request.options);
    // From the fleet's threads; the window's receivers get them queued.
    connect(
        &runner, &FleetRunner::targetStarted, this,
        [this, requestId](int index, const QString &) { Q_EMIT targetStarted(requestId, index); },
        Qt::DirectConnection);
    connect(
        &runner, &FleetRunner::targetFinished, this,
        [this, requestId](
            int index, const FleetRunner::Outcome &o) { Q_EMIT targetFinished(requestId, index, o); },
        Qt::DirectConnection);
    {
        std::lock_guard lock(m_mutex);
        m_runner = &runner;
    }
    if (!m_cancelled.load())
        runner.run(*targets);
    {
        std::lock_guard lock(m_mutex);
        m_runner = nullptr;
    }
    Q_EMIT finished(requestId, QString());
}
