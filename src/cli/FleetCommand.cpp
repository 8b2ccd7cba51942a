#include "FleetCommand.h"

#include "CliContext.h"
#include "CliInterruptWatcher.h"
#include "CliKeychain.h"
#include "StatusPrinter.h"
#include "migration/MigrationSource.h"
#include "service/FleetRunner.h"
#include "service/FleetTargetResolver.h"
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

} // namespace

int FleetCommand::run(const QStringList &args)
{
    const QCommandLineParser &parser = m_cli.parser();
    static const QStringList actions { u"status"_s, u"up"_s, u"down"_s, u"verify"_s };
    if (args.size() != 1 || !actions.contains(args[0]))
        return m_cli.usage(
            u"fleet takes status, up, down or verify, e.g. strata-cli fleet up --targets fleet.txt"_s);
    const QString &action = args[0];
    if (parser.isSet(u"count"_s) && action != u"down"_s)
        return m_cli.usage(u"--count is for fleet down"_s);
    if (parser.isSet(u"to"_s) && action != u"down"_s && action != u"up"_s)
        return m_cli.usage(u"--to is for fleet up and fleet down"_s);
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

    Result<FleetTargets> file = FleetTargets::read(parser.value(u"targets"_s));
    if (!file)
        return m_cli.fail(file.error());

    // The targets, patterns listed on their servers now.
    Result<QList<FleetRunner::Target>> targets = FleetTargetResolver::resolve(*file,
        parser.value(u"targets"_s), ProfileStore(), m_cli.historyTable(),
        [](const ConnectionProfile &p, ConnectionSettings *s) { CliKeychain::readProfileSecrets(p, s); });
    if (!targets)
        return m_cli.fail(targets.error());
    // The migrations, TypeORM's read in a shadow of the first target's server
    // (not of whatever the connection options say: a fleet names its own).
    Result<MigrationSource::Scan> scan
        = m_cli.scanMigrations(targets->isEmpty() ? nullptr : &targets->first().settings);
    if (!scan)
        return m_cli.fail(scan.error());
    if (!scan->problems.isEmpty()) {
        for (const StrataError &p : scan->problems)
            m_cli.err() << "error: " << p.toString() << '\n';
        return m_cli.fail(StrataError::make(StrataError::Kind::Source,
            u"%1 malformed migration file(s); nothing was run"_s.arg(scan->problems.size()),
            scan->directory));
    }
    QList<FleetRunner::Target> shard;
    for (const FleetRunner::Target &t : std::as_const(*targets))
        if (FleetTargets::inShard(t.label, shardIndex, shardCount))
            shard << t;
    if (shard.isEmpty())
        return m_cli.fail(StrataError::make(StrataError::Kind::Usage,
            u"no target to run (the file, its patterns and the shard leave none)"_s,
            parser.value(u"targets"_s)));

    const bool changes = action == u"up"_s || action == u"down"_s;
    if (changes) {
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
    const Result<DownOptions> down = m_cli.downOptions();
    if (!down)
        return m_cli.usage(down.error().message);
    FleetRunner::Options options;
    options.action = action == u"up"_s ? FleetRunner::Action::Up
        : action == u"down"_s          ? FleetRunner::Action::Down
        : action == u"verify"_s        ? FleetRunner::Action::Verify
                                       : FleetRunner::Action::StatusOnly;
    options.down = *down;
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
                if (!o.problems.isEmpty())
                    m_cli.err() << ": " << o.problems.size() << " difference(s)";
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
    int differs = 0;
    QJsonArray list;
    for (const FleetRunner::Outcome &o : std::as_const(outcomes)) {
        using State = FleetRunner::Outcome::State;
        failed += o.state == State::Succeeded || o.state == State::NotStarted || o.state == State::Differs
            ? 0
            : 1;
        notStarted += o.state == State::NotStarted ? 1 : 0;
        differs += o.state == State::Differs ? 1 : 0;
        QJsonObject json { { u"target"_s, o.label }, { u"result"_s, FleetRunner::stateName(o.state) },
            { u"milliseconds"_s, o.milliseconds } };
        if (o.appliedBefore >= 0) {
            json[u"appliedBefore"_s] = o.appliedBefore;
            json[u"appliedAfter"_s] = o.appliedAfter;
            json[u"pendingBefore"_s] = o.pendingBefore;
        }
        if (o.error)
            json[u"error"_s] = StatusPrinter::errorJson(*o.error);
        if (options.action == FleetRunner::Action::Verify) {
            json[u"problems"_s] = QJsonArray::fromStringList(o.problems);
            json[u"schemaCompared"_s] = o.schemaCompared;
        }
        list.append(json);
    }
    const bool ok = failed == 0 && notStarted == 0 && differs == 0;
    QJsonObject report { { u"ok"_s, ok }, { u"command"_s, action }, { u"targets"_s, list },
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
                action, QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd-HHmmss-zzz"_s));
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
            for (const QString &difference : o.problems)
                out << "    " << difference << '\n';
            if (options.action == FleetRunner::Action::Verify && !o.schemaCompared
                && o.state != FleetRunner::Outcome::State::NotStarted && !o.error)
                out << "    (history checked; the schema of one tenant's schema is not compared)\n";
        }
        out << '\n' << outcomes.size() - failed - notStarted - differs << " ok, ";
        if (options.action == FleetRunner::Action::Verify)
            out << differs << " differ, ";
        out << failed << " failed, " << notStarted
            << " not started. Report: " << QDir::toNativeSeparators(reportPath) << '\n';
    }
    m_cli.out().flush();
    m_cli.err().flush();
    if (failed > 0 || notStarted > 0)
        return Failure;
    return differs > 0 ? CheckFailed : Success;
}
