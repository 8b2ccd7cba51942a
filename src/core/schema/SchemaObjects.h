#pragma once

#include "SchemaChange.h"
#include "SchemaModel.h"
#include "SchemaObject.h"

#include <QHash>
#include <QList>

// A schema model as a flat list of objects, parents before their children:
// the rows of the schema browser and what blame compares migration by
// migration. Each object's DDL is what SchemaDiff writes when it creates the
// object (a diff from an empty model), so the browser shows the SQL a
// generated migration would hold.
class SchemaObjects
{
public:
    static SchemaObjects of(const SchemaModel &model);

    QList<SchemaObject> objects() const { return m_objects; }
    int count() const { return int(m_objects.size()); }
    const SchemaObject *find(const QString &key) const;

    // The key of the object a diff's change is about ("foreign key" changes are
    // constraints; a "comment" change belongs to the object it names); empty
    // when this model has no such object.
    QString keyOf(const SchemaChange &change) const;

    // The object kind a SchemaChange::objectKind means.
    static QString kindOf(const QString &changeObjectKind);

private:
    void add(SchemaObject object);

    QList<SchemaObject> m_objects;
    QHash<QString, qsizetype> m_byKey;
    QHash<QString, QString> m_keyByIdentity; // the first object with that identity
};
