#include "BlameCommand.h"

#include "CliContext.h"
#include "db/PgConnection.h"
#include "migration/MigrationSource.h"
#include "schema/SchemaObjects.h"
#include "shadow/DatabaseSchema.h"
#include "shadow/SchemaBlame.h"
#include "shadow/SchemaBlameCache.h"
#include "shadow/SchemaBlameReplayer.h"
#include "shadow/ShadowBaseline.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

// An object named the way a person types it: its key ("column
// public.orders.total"), its identity with or without the schema, with or
// without the identifier quotes ("orders.createdAt" finds
// public.orders."createdAt"), or its last name part ("total": every column so named).
bool matches(const QString &key, const QString &identity, const QString &wanted)
{
    if (key == wanted || identity == wanted)
        return true;
    QString plain = identity;
    plain.remove(u'"');
    QString wantedPlain = wanted;
    wantedPlain.remove(u'"');
    return plain == wantedPlain || plain.endsWith(u'.' + wantedPlain);
}

QString driftText(SchemaBlame::Drift::Reason reason)
{
    return reason == SchemaBlame::Drift::Reason::NotMade ? u"not made by any migration (drift)"_s
                                                         : u"changed outside the migrations (drift)"_s;
}

QString driftName(SchemaBlame::Drift::Reason reason)
{
    return reason == SchemaBlame::Drift::Reason::NotMade ? u"not-made"_s : u"changed-outside"_s;
}

} // namespace

int BlameCommand::run(const QStringList &args)
{
    if (args.size() > 1)
        return m_cli.usage(u"blame takes at most one object, e.g. strata-cli blame orders.total"_s);
    const QString wanted = args.value(0);

    // With a server: its migrations' state and schema (for drift), its
    // baseline for the shadow, and the shadow on it when the role may.
    MigrationSource::Scan scan;
    std::optional<ConnectionSettings> server;
    std::optional<SchemaObjects> database;
    QStringList applied;
    ShadowBaseline baseline;
    if (m_cli.serverNamed()) {
        Result<CliContext::Snapshot> snapshot = m_cli.readSnapshot(false);
        if (!snapshot)
            return m_cli.fail(snapshot.error());
        scan = snapshot->scan;
        for (const MigrationStatus &s : snapshot->statuses)
            if (s.isApplied())
                applied << s.name;
        Result<SchemaModel> model = DatabaseSchema::read(*snapshot->connection, m_cli.historyTable());
        if (!model)
            return m_cli.fail(model.error());
        database = SchemaObjects::of(*model);
        Result<ShadowBaseline> read = ShadowBaseline::read(*snapshot->connection);
        if (!read)
            return m_cli.fail(read.error());
        baseline = *read;
        Result<ConnectionSettings> settings = m_cli.connectionSettings();
        if (!settings)
            return m_cli.fail(settings.error());
        server = *settings;
    } else {
        Result<MigrationSource::Scan> read = m_cli.scanMigrations();
        if (!read)
            return m_cli.fail(read.error());
        scan = *read;
    }
    if (!scan.problems.isEmpty()) {
        for (const StrataError &problem : scan.problems)
            m_cli.err() << "error: " << problem.toString() << '\n';
        return m_cli.fail(StrataError::make(StrataError::Kind::Source,
            u"%1 malformed migration file(s); blame needs every migration"_s.arg(scan.problems.size()),
            scan.directory));
    }

    const SchemaBlameCache cache;
    const QString key = SchemaBlameCache::keyOf(scan.migrations, m_cli.historyTable(), baseline);
    std::optional<SchemaBlame> blame = cache.load(key);
    const bool cached = blame.has_value();
    if (!blame) {
        SchemaBlameReplayer replayer(m_cli.historyTable());
        replayer.setBaseline(baseline);
        if (!m_cli.json()) {
            QObject::connect(&replayer, &SchemaBlameReplayer::shadowCreated, [this](const QString &where) {
                m_cli.err() << "Replaying the migrations in " << where << '\n';
                m_cli.err().flush();
            });
        }
        Result<SchemaBlame> replayed = replayer.replay(scan.migrations, server ? &*server : nullptr);
        if (!replayed)
            return m_cli.fail(replayed.error());
        blame = std::move(replayed).value();
        if (Status s = cache.save(key, *blame); !s)
            m_cli.err() << "warning: blame not cached: " << s.error().toString() << '\n';
    }

    QHash<QString, SchemaBlame::Drift::Reason> drift;
    if (database)
        for (const SchemaBlame::Drift &d : blame->drift(*database, applied))
            drift.insert(d.key, d.reason);

    // What to show: the objects the migrations leave (and dropped ones when
    // asked by name), then the database's drift.
    QList<SchemaObject> shown;
    for (const QString &k : blame->keys()) {
        const std::optional<SchemaObject> o = blame->object(k);
        if (!o)
            continue;
        if (wanted.isEmpty() ? !blame->isDropped(k) : matches(k, o->identity, wanted))
            shown << *o;
    }
    if (database) {
        for (const SchemaObject &o : database->objects()) {
            if (drift.value(o.key()) != SchemaBlame::Drift::Reason::NotMade)
                continue;
            if (wanted.isEmpty() || matches(o.key(), o.identity, wanted))
                shown << o;
        }
    }
    if (!wanted.isEmpty() && shown.isEmpty())
        return m_cli.fail(StrataError::make(StrataError::Kind::Usage,
            u"no object named %1 in the schema the migrations make%2"_s.arg(
                wanted, database ? u" or in the database"_s : QString()),
            scan.directory));

    const QStringList files = blame->files();
    auto fileBase = [&files](int index) { return QFileInfo(files.value(index)).completeBaseName(); };
    if (m_cli.json()) {
        QJsonArray objects;
        for (const SchemaObject &o : std::as_const(shown)) {
            QJsonObject json { { u"key"_s, o.key() }, { u"kind"_s, o.kind }, { u"identity"_s, o.identity } };
            const QString created = blame->createdBy(o.key());
            if (!created.isEmpty())
                json[u"createdBy"_s] = created;
            json[u"changedBy"_s] = QJsonArray::fromStringList(blame->changedBy(o.key()));
            if (blame->isDropped(o.key()))
                json[u"dropped"_s] = true;
            if (drift.contains(o.key()))
                json[u"drift"_s] = driftName(drift.value(o.key()));
            QJsonArray events;
            for (const SchemaBlame::Event &e : blame->events(o.key())) {
                QJsonObject event { { u"action"_s, SchemaBlame::actionName(e.action) },
                    { u"migration"_s, blame->migrations().value(e.migration) },
                    { u"file"_s, files.value(e.migration) },
                    { u"details"_s, QJsonArray::fromStringList(e.details) } };
                if (e.dataLoss)
                    event[u"dataLoss"_s] = true;
                events.append(event);
            }
            json[u"events"_s] = events;
            objects.append(json);
        }
        QJsonObject root { { u"ok"_s, true }, { u"cached"_s, cached },
            { u"migrations"_s, blame->migrations().size() }, { u"objects"_s, objects } };
        if (database)
            root[u"drift"_s] = int(drift.size());
        m_cli.out() << QJsonDocument(root).toJson(QJsonDocument::Indented);
        m_cli.out().flush();
        return Success;
    }

    QTextStream &out = m_cli.out();
    for (const SchemaObject &o : std::as_const(shown)) {
        if (wanted.isEmpty()) {
            const QString label = blame->labelOf(o.key());
            out << o.kind << ' ' << o.identity << "  "
                << (drift.contains(o.key())  ? driftText(drift.value(o.key()))
                           : label.isEmpty() ? u"there before the first migration"_s
                                             : label)
                << '\n';
            continue;
        }
        out << o.kind << ' ' << o.identity << '\n';
        const QList<SchemaBlame::Event> events = blame->events(o.key());
        if (events.isEmpty() && blame->existsAtStart(o.key()))
            out << "  there before the first migration (the shadow's baseline)\n";
        for (const SchemaBlame::Event &e : events) {
            out << "  " << SchemaBlame::actionName(e.action).leftJustified(8) << ' ' << fileBase(e.migration)
                << (e.dataLoss ? "  (loses data)" : "") << '\n';
            for (const QString &d : e.details)
                out << "           " << d << '\n';
        }
        if (drift.contains(o.key()))
            out << "  " << driftText(drift.value(o.key())) << '\n';
    }
    if (wanted.isEmpty()) {
        out << shown.size() << " object(s) from " << blame->migrations().size() << " migration(s)";
        if (database)
            out << ", " << drift.size() << " drifted in the database";
        out << (cached ? " (cached)" : "") << ".\n";
    }
    out.flush();
    return Success;
}
