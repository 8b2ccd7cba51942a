#include "SchemaBlame.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr int formatVersion = 1;

// What dropping an object of this kind loses when the diff does not say.
bool dropLosesData(const QString &kind)
{
    return kind == u"table"_s || kind == u"column"_s || kind == u"materialized view"_s
        || kind == u"sequence"_s;
}

QJsonObject objectJson(const SchemaObject &o)
{
    QJsonObject json { { u"kind"_s, o.kind }, { u"identity"_s, o.identity }, { u"schema"_s, o.schema },
        { u"name"_s, o.name }, { u"ddl"_s, o.ddl }, { u"fingerprint"_s, o.fingerprint } };
    if (!o.parent.isEmpty())
        json[u"parent"_s] = o.parent;
    if (!o.detail.isEmpty())
        json[u"detail"_s] = o.detail;
    if (!o.comment.isEmpty())
        json[u"comment"_s] = o.comment;
    return json;
}

SchemaObject objectFromJson(const QJsonObject &json)
{
    SchemaObject o;
    o.kind = json.value(u"kind"_s).toString();
    o.identity = json.value(u"identity"_s).toString();
    o.schema = json.value(u"schema"_s).toString();
    o.name = json.value(u"name"_s).toString();
    o.parent = json.value(u"parent"_s).toString();
    o.detail = json.value(u"detail"_s).toString();
    o.ddl = json.value(u"ddl"_s).toString();
    o.comment = json.value(u"comment"_s).toString();
    o.fingerprint = json.value(u"fingerprint"_s).toString();
    return o;
}

std::optional<SchemaBlame::Event::Action> actionFromName(const QString &name)
{
    using Action = SchemaBlame::Event::Action;
    for (Action a : { Action::Created, Action::Changed, Action::Dropped })
        if (SchemaBlame::actionName(a) == name)
            return a;
    return std::nullopt;
}

} // namespace

QString SchemaBlame::actionName(Event::Action action)
{
    switch (action) {
    case Event::Action::Created:
        return u"created"_s;
    case Event::Action::Dropped:
        return u"dropped"_s;
    case Event::Action::Changed:
        break;
    }
    return u"changed"_s;
}

void SchemaBlame::setInitial(const SchemaObjects &initial)
{
    m_initial.clear();
    for (const SchemaObject &o : initial.objects())
        m_initial.insert(o.key(), o.fingerprint);
}

void SchemaBlame::addEvent(Event event)
{
    const QString key = event.object.key();
    auto it = m_events.find(key);
    if (it == m_events.end()) {
        m_order << key;
        it = m_events.insert(key, {});
    }
    it->append(std::move(event));
}

void SchemaBlame::record(int index, const QString &historyName, const QString &filePath,
    const SchemaObjects &before, const SchemaObjects &after, const QList<SchemaChange> &changes)
{
    while (m_migrations.size() <= index) {
        m_migrations << QString();
        m_files << QString();
    }
    m_migrations[index] = historyName;
    m_files[index] = filePath;

    // The diff says in words what happened to each object.
    QHash<QString, QStringList> details;
    QSet<QString> losses;
    for (const SchemaChange &change : changes) {
        QString key = after.keyOf(change);
        if (key.isEmpty())
            key = before.keyOf(change);
        if (key.isEmpty())
            continue;
        details[key] << change.description;
        if (change.dataLoss)
            losses.insert(key);
    }

    QList<Event> events;
    for (const SchemaObject &o : after.objects()) {
        const SchemaObject *was = before.find(o.key());
        if (was && was->fingerprint == o.fingerprint)
            continue;
        Event e;
        e.action = was ? Event::Action::Changed : Event::Action::Created;
        e.migration = index;
        e.object = o;
        e.details = details.value(o.key());
        e.dataLoss = losses.contains(o.key());
        events << e;
    }
    for (const SchemaObject &o : before.objects()) {
        if (after.find(o.key()))
            continue;
        Event e;
        e.action = Event::Action::Dropped;
        e.migration = index;
        e.object = o;
        e.details = details.value(o.key());
        e.dataLoss = losses.contains(o.key()) || dropLosesData(o.kind);
        events << e;
    }

    // A column added, an index dropped... changes its table too, unless the
    // table itself came or went with it.
    QHash<QString, qsizetype> eventOf;
    for (qsizetype i = 0; i < events.size(); ++i)
        eventOf.insert(events[i].object.key(), i);
    QList<Event> parents;
    QHash<QString, qsizetype> parentOf;
    for (const Event &child : std::as_const(events)) {
        const QString parentKey = child.object.parent;
        if (parentKey.isEmpty() || eventOf.contains(parentKey))
            continue;
        const SchemaObject *parent = after.find(parentKey);
        if (!parent)
            parent = before.find(parentKey);
        if (!parent)
            continue;
        auto it = parentOf.constFind(parentKey);
        if (it == parentOf.cend()) {
            Event e;
            e.action = Event::Action::Changed;
            e.migration = index;
            e.object = *parent;
            it = parentOf.insert(parentKey, parents.size());
            parents << e;
        }
        Event &e = parents[*it];
        e.details << u"%1 %2 %3"_s.arg(child.object.kind, child.object.name, actionName(child.action));
        e.dataLoss = e.dataLoss || child.dataLoss;
    }
    for (Event &e : parents)
        addEvent(std::move(e));
    for (Event &e : events)
        addEvent(std::move(e));
}

std::optional<SchemaObject> SchemaBlame::object(const QString &key) const
{
    const auto it = m_events.constFind(key);
    if (it == m_events.cend() || it->isEmpty())
        return std::nullopt;
    return it->constLast().object;
}

bool SchemaBlame::isDropped(const QString &key) const
{
    const auto it = m_events.constFind(key);
    return it != m_events.cend() && !it->isEmpty() && it->constLast().action == Event::Action::Dropped;
}

QString SchemaBlame::createdBy(const QString &key) const
{
    const QList<Event> list = m_events.value(key);
    for (auto it = list.crbegin(); it != list.crend(); ++it)
        if (it->action == Event::Action::Created)
            return m_migrations.value(it->migration);
    return {};
}

QStringList SchemaBlame::changedBy(const QString &key) const
{
    QStringList result;
    for (const Event &e : m_events.value(key)) {
        if (e.action == Event::Action::Created)
            result.clear(); // made again: what changed the earlier one is history
        else if (e.action == Event::Action::Changed && !result.contains(m_migrations.value(e.migration)))
            result << m_migrations.value(e.migration);
    }
    return result;
}

QString SchemaBlame::labelOf(const QString &key) const
{
    const QList<Event> list = m_events.value(key);
    auto fileName = [this](int index) { return QFileInfo(m_files.value(index)).completeBaseName(); };
    QString created;
    QStringList changed;
    for (const Event &e : list) {
        if (e.action == Event::Action::Created) {
            created = fileName(e.migration);
            changed.clear();
        } else if (e.action == Event::Action::Changed) {
            if (!changed.contains(fileName(e.migration)))
                changed << fileName(e.migration);
        }
    }
    QStringList parts;
    if (!created.isEmpty())
        parts << u"added by "_s + created;
    if (!changed.isEmpty())
        parts << u"changed by "_s + changed.join(u", "_s);
    if (!list.isEmpty() && list.constLast().action == Event::Action::Dropped)
        parts << u"dropped by "_s + fileName(list.constLast().migration);
    return parts.join(u"; "_s);
}

SchemaBlame SchemaBlame::restrictedTo(const QStringList &historyNames) const
{
    SchemaBlame result = *this;
    for (QList<Event> &list : result.m_events)
        list.removeIf(
            [&](const Event &e) { return !historyNames.contains(m_migrations.value(e.migration)); });
    return result;
}

QList<SchemaBlame::Event> SchemaBlame::changesBy(const QString &historyName) const
{
    const int index = migrationIndex(historyName);
    QList<Event> result;
    if (index < 0)
        return result;
    for (const QString &key : m_order)
        for (const Event &e : m_events.value(key))
            if (e.migration == index)
                result << e;
    return result;
}

std::optional<QString> SchemaBlame::fingerprintAfter(const QString &key, const QList<bool> &applied) const
{
    std::optional<QString> fingerprint;
    if (const auto it = m_initial.constFind(key); it != m_initial.cend())
        fingerprint = *it;
    for (const Event &e : m_events.value(key)) {
        if (!applied.value(e.migration))
            continue;
        if (e.action == Event::Action::Dropped)
            fingerprint.reset();
        else
            fingerprint = e.object.fingerprint;
    }
    return fingerprint;
}

QList<SchemaBlame::Drift> SchemaBlame::drift(const SchemaObjects &database, const QStringList &applied) const
{
    QList<bool> isApplied(m_migrations.size(), false);
    for (const QString &name : applied)
        if (const int i = migrationIndex(name); i >= 0)
            isApplied[i] = true;
    QList<Drift> result;
    for (const SchemaObject &o : database.objects()) {
        const std::optional<QString> expected = fingerprintAfter(o.key(), isApplied);
        if (!expected)
            result << Drift { o.key(), Drift::Reason::NotMade };
        else if (*expected != o.fingerprint)
            result << Drift { o.key(), Drift::Reason::ChangedOutside };
    }
    return result;
}

QStringList SchemaBlame::missingFrom(const SchemaObjects &database, const QStringList &applied) const
{
    QList<bool> isApplied(m_migrations.size(), false);
    for (const QString &name : applied)
        if (const int i = migrationIndex(name); i >= 0)
            isApplied[i] = true;
    QStringList keys = m_initial.keys();
    std::sort(keys.begin(), keys.end());
    for (const QString &key : m_order)
        if (!m_initial.contains(key))
            keys << key;
    QStringList result;
    for (const QString &key : std::as_const(keys))
        if (fingerprintAfter(key, isApplied) && !database.find(key))
            result << key;
    return result;
}

QJsonObject SchemaBlame::toJson() const
{
    QJsonArray migrations;
    for (qsizetype i = 0; i < m_migrations.size(); ++i)
        migrations.append(QJsonObject { { u"name"_s, m_migrations[i] }, { u"file"_s, m_files[i] } });
    QJsonObject initial;
    for (auto it = m_initial.cbegin(); it != m_initial.cend(); ++it)
        initial[it.key()] = *it;
    QJsonArray events;
    for (const QString &key : m_order) {
        for (const Event &e : m_events.value(key)) {
            QJsonObject json { { u"action"_s, actionName(e.action) }, { u"migration"_s, e.migration },
                { u"object"_s, objectJson(e.object) } };
            if (e.dataLoss)
                json[u"dataLoss"_s] = true;
            if (!e.details.isEmpty())
                json[u"details"_s] = QJsonArray::fromStringList(e.details);
            events.append(json);
        }
    }
    return QJsonObject { { u"version"_s, formatVersion }, { u"migrations"_s, migrations },
        { u"initial"_s, initial }, { u"events"_s, events } };
}

std::optional<SchemaBlame> SchemaBlame::fromJson(const QJsonObject &json)
{
    if (json.value(u"version"_s).toInt() != formatVersion)
        return std::nullopt;
    SchemaBlame blame;
    for (const QJsonValue &m : json.value(u"migrations"_s).toArray()) {
        blame.m_migrations << m.toObject().value(u"name"_s).toString();
        blame.m_files << m.toObject().value(u"file"_s).toString();
    }
    const QJsonObject initial = json.value(u"initial"_s).toObject();
    for (auto it = initial.constBegin(); it != initial.constEnd(); ++it)
        blame.m_initial.insert(it.key(), it->toString());
    for (const QJsonValue &value : json.value(u"events"_s).toArray()) {
        const QJsonObject o = value.toObject();
        const std::optional<Event::Action> action = actionFromName(o.value(u"action"_s).toString());
        const int migration = o.value(u"migration"_s).toInt(-1);
        if (!action || migration < 0 || migration >= blame.m_migrations.size())
            return std::nullopt; // not what toJson writes: compute it again
        Event e;
        e.action = *action;
        e.migration = migration;
        e.dataLoss = o.value(u"dataLoss"_s).toBool();
        for (const QJsonValue &d : o.value(u"details"_s).toArray())
            e.details << d.toString();
        e.object = objectFromJson(o.value(u"object"_s).toObject());
        if (e.object.kind.isEmpty())
            return std::nullopt;
        blame.addEvent(std::move(e));
    }
    return blame;
}
