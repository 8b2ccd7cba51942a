#pragma once

#include "SchemaCatalogQuery.h"
#include "SchemaModel.h"
#include "common/StrataError.h"

#include <QHash>
#include <QString>
#include <QStringList>

// SchemaIntrospector's reading of relations and what hangs on them: tables,
// partitions, views, materialized views and sequences; columns, constraints,
// indexes, what views read, policies, triggers; and the dependencies between
// the objects read. Each read adds to the model; readRelations() comes first
// (the others look relations up by oid).
class SchemaRelationReader
{
public:
    // `excludedTables`: SchemaIntrospector::Options::excludedTables.
    SchemaRelationReader(SchemaCatalogQuery &query, SchemaModel &model, QStringList excludedTables);

    Status readRelations();
    Status readColumns();
    Status readConstraints();
    Status readIndexes();
    Status readViews();
    Status readPolicies();
    Status readDependencies();
    Status readTriggers();

private:
    bool isExcluded(const QString &quotedQualified) const;

    SchemaCatalogQuery &m_query;
    SchemaModel &m_model;
    QStringList m_excludedTables;
    QHash<QString, QString> m_relationNames; // oid -> qualified name
    QHash<QString, QString> m_tableOids; // oid -> qualified name, tables only
};
