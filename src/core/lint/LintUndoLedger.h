#pragma once

#include "sql/SqlStatement.h"

#include <QList>
#include <QSet>
#include <QString>

// What a migration's up section creates and its down section drops, for the
// rule down-does-not-undo: every object up creates should be dropped by down.
class LintUndoLedger
{
public:
    struct CreatedObject
    {
        QString kind; // "table", "index", "materialized view", ...
        QString name; // as written
        QString table; // for an index: the table it is on
        SqlStatement statement;
    };

    void created(const QString &kind, const QString &name, const SqlStatement &at, const QString &table = {});
    // A DROP in down; `removeType` as the parse tree says it (OBJECT_TABLE, ...).
    void dropped(const QString &removeType, const QString &name);
    // What up created and down never drops, in the order up created it.
    QList<CreatedObject> undone() const;

private:
    QList<CreatedObject> m_created;
    QSet<QString> m_dropped; // "kind:unqualified name" dropped in down
};
