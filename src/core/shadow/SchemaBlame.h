#pragma once

#include "schema/SchemaObject.h"
#include "schema/SchemaObjects.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

// Which migration made each object of a schema and which ones changed it
// since: the result of replaying a project's migrations one by one in a shadow
// database (SchemaBlameReplayer) and comparing the schema before and after
// each. Objects are keyed by SchemaObject::key() ("column public.orders.total").
//
// It also knows the schema after any number of migrations, so it can say what
// in a real database no migration made (drift) and what a pending migration
// will create, change and drop (changesBy). A value; stored as JSON by
// SchemaBlameCache.
class SchemaBlame
{
public:
    struct Event
    {
        enum class Action { Created, Changed, Dropped };
        Action action = Action::Changed;
        int migration = 0; // index into migrations()
        bool dataLoss = false; // dropping it (or what the change does) loses data
        QStringList details; // what happened, in the schema diff's words
        // The object as the migration left it; as it was before, for a drop.
        SchemaObject object;
    };

    // Why an object of a database is drift.
    struct Drift
    {
        enum class Reason { NotMade, ChangedOutside };
        QString key;
        Reason reason = Reason::NotMade;
    };

    // Adds what migration `index` did, given the schema before and after it
    // and the diff between them (its descriptions become the events' details).
    void record(int index, const QString &historyName, const QString &filePath, const SchemaObjects &before,
        const SchemaObjects &after, const QList<SchemaChange> &changes);
    // What the shadow held before the first migration (the baseline: public, extensions).
    void setInitial(const SchemaObjects &initial);

    QStringList migrations() const { return m_migrations; } // history names, oldest first
    QStringList files() const { return m_files; }
    int migrationIndex(const QString &historyName) const { return int(m_migrations.indexOf(historyName)); }

    // Every key that ever existed during the replay, in the order first seen.
    QStringList keys() const { return m_order; }
    QList<Event> events(const QString &key) const { return m_events.value(key); }
    // The last known state of the object (before it was dropped, if it was).
    std::optional<SchemaObject> object(const QString &key) const;
    // Its last event is a drop: it does not exist after the replay.
    bool isDropped(const QString &key) const;
    bool existsAtStart(const QString &key) const { return m_initial.contains(key); }

    // The migration that created the object as it exists after the replay (the
    // last Created event); empty when it was there from the start or never made.
    QString createdBy(const QString &key) const;
    // The migrations that changed it since, oldest first.
    QStringList changedBy(const QString &key) const;
    // "added by 1765065600000-AddResearchResultTokens" style text for a key, or
    // empty when no migration made it.
    QString labelOf(const QString &key) const;

    // The blame of a database that has only the migrations `historyNames`
    // applied: the others' events left out (what a pending one will do is not
    // yet where anything came from).
    SchemaBlame restrictedTo(const QStringList &historyNames) const;

    // What migration `historyName` creates, changes and drops, parents first.
    QList<Event> changesBy(const QString &historyName) const;

    // The objects of `database` that the schema after the migrations `applied`
    // (history names) lacks (made by hand) or has with another definition.
    QList<Drift> drift(const SchemaObjects &database, const QStringList &applied) const;
    // The other way round: the keys the schema after `applied` has and
    // `database` lacks (dropped outside the migrations), in the order first seen.
    QStringList missingFrom(const SchemaObjects &database, const QStringList &applied) const;

    QJsonObject toJson() const;
    static std::optional<SchemaBlame> fromJson(const QJsonObject &json);

    static QString actionName(Event::Action action); // "created", "changed", "dropped"

private:
    void addEvent(Event event);
    // The fingerprint the object has after the migrations `applied` (indexes);
    // nullopt when it does not exist then.
    std::optional<QString> fingerprintAfter(const QString &key, const QList<bool> &applied) const;

    QStringList m_migrations;
    QStringList m_files;
    QStringList m_order;
    QHash<QString, QList<Event>> m_events;
    QHash<QString, QString> m_initial; // key -> fingerprint before any migration
};

Q_DECLARE_METATYPE(SchemaBlame)
