#pragma once

#include "lint/TableSizes.h"
#include "schema/SchemaObjects.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QList>
#include <QStringList>

#include <vector>

// The schema browser's tree: schemas, then a group per kind (Tables, Views,
// Functions...), then the objects; under a table its Columns, Constraints,
// Indexes, Triggers, Policies and Partitions. Extensions sit in a group of
// their own at the top.
//
// Besides what the catalog says (name, a detail line, the DDL, the comment,
// a table's size), each object can carry where it came from (setOrigins:
// blame) and a mark (setMarks: what a pending migration will do to it, or how
// a second database differs). A mark can name an object the tree does not
// have yet (what a migration will create, what only the other database has):
// it is shown as a row of its own under its parent. Colours are the view's
// business (MarkRole); this model stays in core.
class SchemaTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, DetailColumn, OriginColumn, ChangeColumn, ColumnCount };
    enum Role {
        KeyRole = Qt::UserRole, // SchemaObject::key(); empty for group rows
        KindRole, // "table", "column", ...; empty for group rows
        DdlRole, // the object's CREATE statements
        CommentRole,
        MarkRole, // int of Mark::Action, or -1 when unmarked
        DataLossRole, // bool: the mark loses data (a dropped table or column)
        OriginMigrationRole, // the history name of the migration that made it; empty when none
        SearchRole, // what the filter matches: the name and the qualified identity
        OtherDdlRole, // with a comparison: the DDL the other database has; empty when it lacks it
    };

    // Where an object came from, from blame.
    struct Origin
    {
        QString createdBy; // history name of the migration; empty when no migration made it
        QString createdByLabel; // what is shown for it: its file's name, "1765065600000-AddOrders"
        QStringList changedBy; // labels of later migrations that changed it, oldest first
        bool drift = false; // in the database, made by no migration
        bool changedOutside = false; // made by a migration, changed since by something else
    };

    struct Mark
    {
        enum class Action { Created, Changed, Dropped, OnlyOther, OnlyHere, Differs };
        Action action = Action::Changed;
        bool dataLoss = false;
        QStringList details; // the diff's descriptions
        // The object itself: needed when the tree does not have it (Created,
        // OnlyOther); its key() is the mark's key.
        SchemaObject object;
        QString otherDdl; // comparisons: the other database's DDL of the object
    };

    explicit SchemaTreeModel(QObject *parent = nullptr);

    void setSchema(const SchemaObjects &objects, const QHash<QString, TableSize> &tableSizes = {});
    void setOrigins(const QHash<QString, Origin> &origins);
    void setMarks(const QList<Mark> &marks);
    void clearMarks() { setMarks({}); }
    // Empties the tree (no connection).
    void clear();

    int objectCount() const { return int(m_objects.size()); }
    int markCount() const { return int(m_marks.size()); }
    QModelIndex indexOfKey(const QString &key, int column = NameColumn) const;
    const SchemaObject *object(const QModelIndex &index) const;

    static QString markText(const Mark &mark);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node
    {
        int parent = -1;
        int row = 0; // in its parent's children
        std::vector<int> children;
        QString label; // group rows; object rows show their object's name
        int object = -1; // into m_objects; -1 for group rows
        QHash<QString, int> groups; // group label -> child node, for building
    };

    void rebuild();
    int addNode(int parent, const QString &label, int object);
    int groupNode(int parent, const QString &label);
    int placeOf(const SchemaObject &object, QHash<QString, int> &nodeByKey);
    QString originText(const SchemaObject &object) const;
    QString sizeText(const SchemaObject &object) const;

    std::vector<Node> m_nodes; // m_nodes[0] is the invisible root
    QList<SchemaObject> m_objects; // the database's, then the marks' new objects
    int m_databaseObjects = 0; // how many of m_objects the database has
    QHash<QString, int> m_nodeByKey;
    QHash<QString, TableSize> m_sizes; // by table identity
    QHash<QString, Origin> m_origins;
    QHash<QString, Mark> m_marks; // by object key
    SchemaObjects m_schema;
};
