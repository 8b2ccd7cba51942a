#pragma once

#include "SchemaChange.h"
#include "SchemaChangeOrder.h"
#include "SchemaDdl.h"
#include "SchemaModel.h"

#include <QHash>
#include <QList>
#include <QSet>

// Compares two schema models kind by kind and collects the changes, each with
// its up and down SQL and the phase it runs in; changes() orders them by
// phase and then by the dependencies pg_depend recorded (see SchemaDiff).
class SchemaChangeBuilder
{
public:
    SchemaChangeBuilder(const SchemaModel &from, const SchemaModel &to)
        : m_from(from)
        , m_to(to)
        , m_fromTables(SchemaDdl::indexTables(from))
        , m_toTables(SchemaDdl::indexTables(to))
        , m_fromIndexes(SchemaDdl::indexesByTable(from))
        , m_toIndexes(SchemaDdl::indexesByTable(to))
    {
    }

    void run();
    QList<SchemaChange> changes() const;

private:
    void add(Phase phase, const QString &objectKind, const QString &objectName, SchemaChange::Kind kind,
        const QString &description, const QString &up, const QString &down, bool dataLoss = false)
    {
        SchemaChange c;
        c.objectKind = objectKind;
        c.objectName = objectName;
        c.kind = kind;
        c.description = description;
        c.upSql = up;
        c.downSql = down;
        c.dataLoss = dataLoss;
        m_steps << Step { phase, c };
    }
    void comment(const QString &what, const QString &objectName, const QString &from, const QString &to)
    {
        if (from != to)
            add(Comments, QStringLiteral("comment"), objectName, SchemaChange::Kind::Alter,
                QStringLiteral("comment on ") + what.toLower(), SchemaDdl::commentSql(what, to),
                SchemaDdl::commentSql(what, from));
    }

    void planTables();
    void planViews();
    void compareSchemasAndExtensions();
    void compareTypes();
    void compareSequences();
    void compareFunctions();
    void compareTables();
    void compareViews();
    void compareTriggers();
    void comparePolicies();
    void compareAggregatesAndOperators();
    QString recreateEnumSql(const SchemaEnum &e, const QStringList &labels) const;

    const SchemaModel &m_from;
    const SchemaModel &m_to;
    // The diff looks tables up by name thousands of times; hashing the name once
    // beats a QMap's string comparisons along the tree. Only for look-ups: the
    // output still follows the QMaps' (sorted) order.
    QHash<QString, const SchemaTable *> m_fromTables;
    QHash<QString, const SchemaTable *> m_toTables;
    QHash<QString, QList<const SchemaIndex *>> m_fromIndexes; // by table
    QHash<QString, QList<const SchemaIndex *>> m_toIndexes;
    QList<Step> m_steps;
    QSet<QString> m_droppedTables; // in `from`, gone or recreated
    QSet<QString> m_createdTables; // in `to`, new or recreated
    QSet<QString> m_changedTypeColumns; // "table.column" whose type changes (also through an enum)
    QSet<QString> m_droppedColumns;
    QSet<QString> m_changedEnums;
    QSet<QString> m_droppedViews;
    QSet<QString> m_createdViews;
};
