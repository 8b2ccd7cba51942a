#include "TestCluster.h"

#include <QDir>
#include <unistd.h>

#include <QProcessEnvironment>
#include <QRandomGenerator>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>

namespace {

struct SharedCluster
{
    std::mutex mutex;
    std::unique_ptr<SandboxCluster> cluster;
    std::optional<QString> startError; // set once a start has failed
    int databaseCounter = 0;
};

SharedCluster &shared()
{
    static SharedCluster state;
    return state;
}

QString randomHex(int words)
{
    QString out;
    for (int i = 0; i < words; ++i)
        out += QStringLiteral("%1").arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
    return out;
}

} // namespace

bool TestCluster::available(QString *why)
{
    SharedCluster &state = shared();
    std::lock_guard lock(state.mutex);
    if (state.cluster)
        return true;
    if (!state.startError) {
        SandboxCluster::Options options;
        options.fsync = false;
        // One initdb per machine and server build, copied for every test process.
        options.initdbTemplateCache
            = QDir::tempPath() + QStringLiteral("/strata-test-initdb-%1").arg(::geteuid());
        // Quote, space and backslash make sure every client quotes the password
        // properly, not only that it sends one.
        options.superuserPassword = randomHex(4) + QStringLiteral(" q'uo\\te");
        // Prepared transactions exist only when allowed; the pre-flight tests make one.
        options.serverSettings << QStringLiteral("max_prepared_transactions=10");
        Result<std::unique_ptr<SandboxCluster>> started = SandboxCluster::start(options);
        if (started)
            state.cluster = std::move(started).value();
        else
            state.startError = started.error().toString();
    }
    if (state.cluster)
        return true;
    if (why)
        *why = *state.startError;
    return false;
}

bool TestCluster::required()
{
    return qEnvironmentVariable("CI").compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
}

SandboxCluster &TestCluster::instance()
{
    QString why;
    if (!available(&why)) {
        std::fprintf(stderr, "FATAL: the test PostgreSQL cluster did not start:\n%s\n", qPrintable(why));
        std::fflush(stderr);
        std::abort();
    }
    return *shared().cluster;
}

ConnectionSettings TestCluster::freshDatabase(const QString &prefix)
{
    SandboxCluster &cluster = instance();
    int counter = 0;
    {
        std::lock_guard lock(shared().mutex);
        counter = ++shared().databaseCounter;
    }
    // The counter alone makes names unique; the random part keeps a test from
    // relying on another test's database by guessing its name.
    const QString name = prefix.toLower().left(40) + QStringLiteral("_%1_").arg(counter) + randomHex(1);
    if (Status s = cluster.createDatabase(name); !s)
        ADD_FAILURE() << s.error().toString().toStdString();
    return cluster.connectionSettings(name);
}

QStringList TestCluster::childEnvironment(const ConnectionSettings &s)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList keys = env.keys();
    for (const QString &key : keys) {
        if (key.startsWith(QLatin1String("PG")))
            env.remove(key);
    }
    env.insert(QStringLiteral("PGHOST"), s.host);
    env.insert(QStringLiteral("PGPORT"), QString::number(s.port));
    env.insert(QStringLiteral("PGUSER"), s.user);
    env.insert(QStringLiteral("PGDATABASE"), s.database);
    if (!s.password.isEmpty())
        env.insert(QStringLiteral("PGPASSWORD"), s.password);
    if (!s.sslMode.isEmpty())
        env.insert(QStringLiteral("PGSSLMODE"), s.sslMode);
    return env.toStringList();
}

void TestCluster::shutdown()
{
    SharedCluster &state = shared();
    std::lock_guard lock(state.mutex);
    if (!state.cluster)
        return;
    if (Status s = state.cluster->stop(); !s)
        std::fprintf(stderr, "warning: stopping the test cluster: %s\n", qPrintable(s.error().toString()));
    state.cluster.reset();
}
