#include "SchemaChangeOrder.h"

#include "SchemaDdl.h"

#include <QHash>

#include <algorithm>
#include <set>

using namespace Qt::StringLiterals;
using namespace SchemaDdl;

QList<QString> SchemaChangeOrder::tables(const SchemaModel &model, const QSet<QString> &names)
{
    // Parents before partitions.
    auto depth = [&](const QString &name) {
        int d = 0;
        for (QString p = ref(model.tables, name).partitionOf; !p.isEmpty() && d < 64;
             p = ref(model.tables, p).partitionOf)
            ++d;
        return d;
    };
    QList<QString> list(names.begin(), names.end());
    std::sort(list.begin(), list.end(), [&](const QString &a, const QString &b) {
        const int da = depth(a);
        const int db = depth(b);
        return da != db ? da < db : a < b;
    });
    return list;
}

QList<QString> SchemaChangeOrder::views(const SchemaModel &model, const QSet<QString> &names)
{
    // Views after the views they read, ties by name.
    QList<QString> ordered;
    QSet<QString> done;
    QList<QString> pending(names.begin(), names.end());
    std::sort(pending.begin(), pending.end());
    while (!pending.isEmpty()) {
        bool progress = false;
        for (auto it = pending.begin(); it != pending.end();) {
            bool ready = true;
            for (const QString &dep : ref(model.views, *it).dependsOnRelations) {
                if (names.contains(dep) && !done.contains(dep) && dep != *it)
                    ready = false;
            }
            if (ready) {
                ordered << *it;
                done.insert(*it);
                it = pending.erase(it);
                progress = true;
            } else {
                ++it;
            }
        }
        if (!progress) { // a cycle cannot happen between views; keep going rather than loop
            ordered << pending;
            break;
        }
    }
    return ordered;
}

QString SchemaChangeOrder::dependencyNode(const SchemaChange &c)
{
    const QString &k = c.objectKind;
    if (k == u"table"_s || k == u"view"_s || k == u"materialized view"_s || k == u"sequence"_s)
        return u"relation "_s + c.objectName;
    if (k == u"function"_s || k == u"procedure"_s || k == u"aggregate"_s)
        return u"function "_s + c.objectName;
    if (k == u"enum"_s || k == u"domain"_s || k == u"type"_s)
        return u"type "_s + c.objectName;
    if (k == u"operator"_s)
        return u"operator "_s + c.objectName;
    return {};
}

QList<SchemaChange> SchemaChangeOrder::sorted(
    QList<Step> steps, const SchemaModel &from, const SchemaModel &to)
{
    std::stable_sort(
        steps.begin(), steps.end(), [](const Step &a, const Step &b) { return a.phase < b.phase; });

    // Then the dependencies PostgreSQL records (pg_depend), as pg_dump sorts its
    // objects: an object is created after what it needs (a function returning a
    // table's rows after the table, a view after the aggregate it calls), and
    // dropped before it. The phase order is kept wherever pg_depend says nothing:
    // of the steps that may run next, the earliest in phase order runs.
    const qsizetype n = steps.size();
    QList<QList<qsizetype>> after(n); // after[i]: steps that must wait for step i
    QList<int> waitingFor(n, 0);
    QHash<QString, QList<qsizetype>> creators;
    QHash<QString, QList<qsizetype>> droppers;
    QList<QString> nodes(n);
    for (qsizetype i = 0; i < n; ++i) {
        nodes[i] = dependencyNode(steps[i].change);
        if (nodes[i].isEmpty())
            continue;
        if (steps[i].change.kind == SchemaChange::Kind::Create)
            creators[nodes[i]] << i;
        else if (steps[i].change.kind == SchemaChange::Kind::Drop)
            droppers[nodes[i]] << i;
    }
    auto edge = [&](qsizetype first, qsizetype then) {
        if (first == then)
            return;
        after[first] << then;
        ++waitingFor[then];
    };
    for (qsizetype i = 0; i < n; ++i) {
        if (nodes[i].isEmpty())
            continue;
        if (steps[i].change.kind == SchemaChange::Kind::Drop) {
            for (const QString &needed : from.dependencies.value(nodes[i])) {
                for (const qsizetype j : droppers.value(needed))
                    edge(i, j);
            }
        } else {
            for (const QString &needed : to.dependencies.value(nodes[i])) {
                for (const qsizetype j : creators.value(needed))
                    edge(j, i);
            }
        }
    }
    QList<SchemaChange> list;
    list.reserve(n);
    std::set<qsizetype> ready;
    QList<bool> done(n, false);
    for (qsizetype i = 0; i < n; ++i) {
        if (waitingFor[i] == 0)
            ready.insert(i);
    }
    while (list.size() < n) {
        qsizetype next = -1;
        if (!ready.empty()) {
            next = *ready.begin();
            ready.erase(ready.begin());
        } else {
            // A cycle (a table whose default calls a function returning its rows):
            // break it at the earliest step in phase order.
            for (qsizetype i = 0; i < n && next < 0; ++i) {
                if (!done[i])
                    next = i;
            }
        }
        done[next] = true;
        list << steps[next].change;
        for (const qsizetype j : after[next]) {
            if (--waitingFor[j] == 0 && !done[j])
                ready.insert(j);
        }
    }
    return list;
}
