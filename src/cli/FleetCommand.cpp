#include "FleetCommand.h"

#include "CliContext.h"
#include "CliInterruptWatcher.h"
#include "CliKeychain.h"
#include "StatusPrinter.h"
#include "db/PgConnection.h"
#include "migration/MigrationSource.h"
#include "service/FleetRunner.h"
#include "settings/FleetTargets.h"
#include "settings/ProfileStore.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

#include <mutex>

using namespace Qt::StringLiterals;

namespace {

// A positive whole number option, or nullopt with the usage message set.
std::optional<int> positive(
    const QCommandLineParser &parser, const QString &name, int fallback, QString *problem)
{
    if (!parser.isSet(name))
        return fallback;
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < 0) {
        *problem = u"--%1 takes a whole number, not '%2'"_s.arg(name, parser.value(name));
        return std::nullopt;
    }
    return value;
}

// A URL for a database found by a name pattern: the entry's, with that name.
QString labelFor(const ConnectionSettings &s, const QString &database)
{
    QString label = u"postgres://"_s;
    if (!s.user.isEmpty())
        label += s.user + u'@';
    label += s.host;
    if (s.port > 0)
        label += u':' + QString::number(s.port);
    return label + u'/' + database;
}

} // namespace

int FleetCommand::run(const QStringList &args)
{
    const QCommandLineParser &parser = m_cli.parser();
    if (args.size() != 1 || (args[0] != u"status"_s && args[0] != u"up"_s))
        return m_cli.usage(u"fleet takes status or up, e.g. strata-cli fleet up --targets fleet.txt"_s);
    if (!parser.isSet(u"targets"_s))
        return m_cli.usage(u"fleet needs --targets FILE (one postgres:// URL or profile:NAME per line)"_s);
    QString problem;
    const std::optional<int> concurrency = positive(parser, u"concurrency"_s, 4, &problem);
    const std::optional<int> canary = positive(parser, u"canary"_s, 0, &problem);
    const std::optional<int> stopAfter = positive(parser, u"stop-after-failures"_s, 0, &problem);
    if (!concurrency || !canary || !stopAfter)
        return m_cli.usage(problem);
    if (*concurrency == 0)
        return m_cli.usage(u"--concurrency must be at least 1"_s);
    int shardIndex = 1;
    int shardCount = 1;
    if (parser.isSet(u"shard"_s)) {
        const QStringList parts = parser.value(u"shard"_s).split(u'/');
        bool okIndex = false;
        bool okCount = false;
        if (parts.size() == 2) {
            shardIndex = parts[0].toInt(&okIndex);
            shardCount = parts[1].toInt(&okCount);
        }
        if (!okIndex || !okCount || shardCount < 1 || shardIndex < 1 || shardIndex > shardCount)
            return m_cli.usage(u"--shard takes I/N with 1 <= I <= N, e.g. --shard 2/4"_s);
    }

    Result<MigrationSource::Scan> scan = m_cli.scanMigrations();
    if (!scan)
        return m_cli.fail(scan.error());
    if (!scan->problems.isEmpty()) {
        for (const StrataError &p : scan->problems)
            m_cli.err() << "error: " << p.toString() << '\n';
        return m_cli.fail(StrataError::make(StrataError::Kind::Source,
            u"%1 malformed migration file(s); nothing was run"_s.arg(scan->problems.size()),
            scan->directory));
    }
    Result<FleetTargets> file = FleetTargets::read(parser.value(u"targets"_s));
    if (!file)
        return m_cli.fail(file.error());

    // The targets, patterns listed on their servers now.
    const HistoryTable history = m_cli.historyTable();
    QList<FleetRunner::Target> targets;
    const ProfileStore store;
    for (const FleetTargets::Entry &entry : file->entries()) {
        FleetRunner::Target base;
        base.label = entry.label;
        base.settings = entry.settings;
        base.history = history;
        if (entry.kind == FleetTargets::Entry::Kind::Profile) {
            const std::optional<ConnectionProfile> profile = store.find(entry.profile);
            if (!profile) {
                StrataError e = StrataError::make(StrataError::Kind::Usage,
                    u"no profile named '%1' (see: strata-cli profile list)"_s.arg(entry.profile),
                    parser.value(u"targets"_s));
                e.line = entry.line;
                return m_cli.fail(e);
            }
            base.settings = profile->connection;
            base.settings.password = CliKeychain::readPassword(profile->keychainKey());
            base.environment = profile->environment;
            base.history = profile->history;
        }
        if (!entry.schema.isEmpty()) {
            base.settings.searchPath = entry.schema;
            base.history.schema = entry.schema;
        }
        if (entry.kind != FleetTargets::Entry::Kind::DatabasePattern) {
            targets << base;
            continue;
        }
        ConnectionSettings server = entry.settings;
        server.database = u"postgres"_s;
        Result<std::unique_ptr<PgConnection>> c = PgConnection::open(server);
        if (!c) {
            StrataError e = c.error();
            e.message = u"listing the databases for %1: %2"_s.arg(entry.label, e.message);
            return m_cli.fail(e);
        }
        const PgResult listed = (*c)->execParams(
            "SELECT datname FROM pg_catalog.pg_database WHERE datname LIKE $1 AND datallowconn AND NOT "
            "datistemplate ORDER BY datname",
            { entry.settings.database.toUtf8() });
        if (!listed.ok())
            return m_cli.fail(listed.error());
        for (int row = 0; row < listed.rowCount(); ++row) {
            const QString name = listed.value(row, 0);
            FleetRunner::Target t = base;
            t.settings.database = name;
            t.label = labelFor(entry.settings, name)
                + (entry.schema.isEmpty() ? QString() : u" schema="_s + entry.schema);
            targets << t;
        }
    }
    QList<FleetRunner::Target> shard;
    for (const FleetRunner::Target &t : std::as_const(targets))
        if (FleetTargets::inShard(t.label, shardIndex, shardCount))
            shard << t;
    if (shard.isEmpty())
        return m_cli.fail(StrataError::make(StrataError::Kind::Usage,
            u"no target to run (the file, its patterns and the shard leave none)"_s,
            parser.value(u"targets"_s)));

    const bool up = args[0] == u"up"_s;
    if (up) {
        QStringList production;
        for (const FleetRunner::Target &t : std::as_const(shard))
            if (t.environment == ConnectionProfile::Environment::Production)
                production << t.label;
        if (!production.isEmpty() && !parser.isSet(u"yes"_s))
            return m_cli.usage(
                u"the fleet includes production databases (%1); run it with --yes to confirm them all"_s.arg(
                    production.join(u", "_s)));
    }
    Result<RunOptions> runOptions = m_cli.runOptions();
    if (!runOptions)
        return m_cli.usage(runOptions.error().message);
    FleetRunner::Options options;
    options.action = up ? FleetRunner::Action::Up : FleetRunner::Action::StatusOnly;
    options.concurrency = *concurrency;
    options.canary = *canary;
    options.stopAfterFailures = *stopAfter;
    options.run = *runOptions;
    options.up = m_cli.upOptions();
    FleetRunner fleet(scan->migrations, options);

    // Progress, one line per target as it ends (from the fleet's threads).
    std::mutex printing;
    int finished = 0;
    const qsizetype total = shard.size();
    if (!m_cli.json()) {
        QObject::connect(
            &fleet, &FleetRunner::targetFinished, &fleet,
            [&](int, const FleetRunner::Outcome &o) {
                std::lock_guard lock(printing);
                std::lock_guard errLock(m_cli.errLock());
                m_cli.err() << '[' << ++finished << '/' << total << "] " << o.label << ": "
                            << FleetRunner::stateName(o.state);
                if (o.appliedBefore >= 0)
                    m_cli.err() << ", " << o.appliedBefore << " -> " << o.appliedAfter << " applied";
                if (o.error)
                    m_cli.err() << ": " << o.error->message;
                m_cli.err() << '\n';
                m_cli.err().flush();
            },
            Qt::DirectConnection);
    }
    QList<FleetRunner::Outcome> outcomes;
    {
        const CliInterruptWatcher watcher([&fleet] { fleet.cancel(); });
        outcomes = fleet.run(shard);
    }

    int failed = 0;
    int notStarted = 0;
    QJsonArray list;
    for (const FleetRunner::Outcome &o : std::as_const(outcomes)) {
        failed += o.state == FleetRunner::Outcome::State::Succeeded
                || o.state == FleetRunner::Outcome::State::NotStarted
            ? 0
            : 1;
        notStarted += o.state == FleetRunner::Outcome::State::NotStarted ? 1 : 0;
        QJsonObject json { { u"target"_s, o.label }, { u"result"_s, FleetRunner::stateName(o.state) },
            { u"milliseconds"_s, o.milliseconds } };
        if (o.appliedBefore >= 0) {
            json[u"appliedBefore"_s] = o.appliedBefore;
            json[u"appliedAfter"_s] = o.appliedAfter;
            json[u"pendingBefore"_s] = o.pendingBefore;
        }
        if (o.error)
            json[u"error"_s] = StatusPrinter::errorJson(*o.error);
        list.append(json);
    }
    const bool ok = failed == 0 && notStarted == 0;
    QJsonObject report { { u"ok"_s, ok }, { u"command"_s, args[0] }, { u"targets"_s, list },
        { u"migrations"_s, scan->migrations.size() },
        { u"finishedAt"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate) } };
    if (shardCount > 1)
        report[u"shard"_s] = u"%1/%2"_s.arg(shardIndex).arg(shardCount);

    // The report file: --report, else one per run in Strata's data folder.
    QString reportPath = parser.value(u"report"_s);
    if (reportPath.isEmpty()) {
        const QString folder
            = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/fleet"_s;
        QDir().mkpath(folder);
        reportPath = folder
            + u"/fleet-%1-%2.json"_s.arg(
                args[0], QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd-HHmmss-zzz"_s));
    }
    QSaveFile save(reportPath);
    if (!save.open(QIODevice::WriteOnly) || save.write(QJsonDocument(report).toJson()) < 0 || !save.commit())
        m_cli.err() << "warning: the report could not be written to " << reportPath << ": "
                    << save.errorString() << '\n';
    report[u"report"_s] = reportPath;

    if (m_cli.json()) {
        m_cli.out() << QJsonDocument(report).toJson(QJsonDocument::Indented);
    } else {
        QTextStream &out = m_cli.out();
        int width = 6;
        for (const FleetRunner::Outcome &o : std::as_const(outcomes))
            width = std::max(width, int(o.label.size()));
        out << u"target"_s.leftJustified(width) << "  before  after  duration  result\n";
        for (const FleetRunner::Outcome &o : std::as_const(outcomes)) {
            out << o.label.leftJustified(width) << "  "
                << (o.appliedBefore >= 0 ? QString::number(o.appliedBefore) : u"-"_s).rightJustified(6)
                << "  " << (o.appliedAfter >= 0 ? QString::number(o.appliedAfter) : u"-"_s).rightJustified(5)
                << "  " << (u"%1 s"_s.arg(double(o.milliseconds) / 1000.0, 0, 'f', 2)).rightJustified(8)
                << "  " << FleetRunner::stateName(o.state) << '\n';
        }
        out << '\n'
            << outcomes.size() - failed - notStarted << " ok, " << failed << " failed, " << notStarted
            << " not started. Report: " << QDir::toNativeSeparators(reportPath) << '\n';
    }
    m_cli.out().flush();
    m_cli.err().flush();
    return ok ? Success : Failure;
}
