#pragma once

#include "SchemaModel.h"

#include <QHash>
#include <QString>
#include <QStringList>

// The DDL the schema diff writes, one function per statement kind: CREATE,
// ALTER and DROP for each object the model knows, in PostgreSQL's own
// spelling (pg_get_*def where the server gives one). SchemaChangeBuilder
// decides which to write; these only write them.
namespace SchemaDdl {

// A const QMap's operator[] and value() return copies; the diff looks up whole tables often.
template<typename Map> const typename Map::mapped_type &ref(const Map &map, const QString &key)
{
    static const typename Map::mapped_type missing {};
    const auto it = map.constFind(key);
    return it == map.cend() ? missing : *it;
}

bool sameDefinition(const QString &a, const QString &b);
QString q(const QString &identifier);
QString commentSql(const QString &what, const QString &comment);
QString commentIfAny(const QString &what, const QString &comment);
QString columnDefinition(const SchemaColumn &c);
int constraintRank(SchemaConstraint::Type type);
QString addConstraintSql(const QString &table, const SchemaConstraint &c);
QString dropConstraintSql(const QString &table, const SchemaConstraint &c);
QString indexStatisticsSql(const QString &index, const QStringList &from, const QStringList &to);
QString createIndexSql(const SchemaIndex &x);
QString columnOptionsSql(
    const QString &table, const QString &column, const QStringList &from, const QStringList &to);
QString columnSettingsSql(const QString &table, const SchemaColumn &c);
QString storageOptionsSql(const QString &table, const QStringList &from, const QStringList &to);
QString rowSecuritySql(const QString &table, const SchemaTable &from, const SchemaTable &to);
QString createPolicySql(const SchemaPolicy &p);
QString dropPolicySql(const SchemaPolicy &p);
QString dropIndexSql(const SchemaIndex &x);
QList<const SchemaConstraint *> sortedConstraints(const SchemaTable &t, bool foreignKeys);
// `indexes`: the table's indexes (indexesByTable), created with it.
QString createTableSql(const SchemaTable &t, const QList<const SchemaIndex *> &indexes);
// Every table's (and materialized view's) indexes, by qualified table name, in
// the model's order: one pass, where a look-up per table would walk all indexes.
QHash<QString, QList<const SchemaIndex *>> indexesByTable(const SchemaModel &model);
QString createViewSql(const SchemaView &v, const SchemaModel &model);
QString viewDefaultsSql(
    const QString &name, const QMap<QString, QString> &from, const QMap<QString, QString> &to);
QString dropViewSql(const SchemaView &v);
QString functionWhat(const SchemaFunction &f);
QString createFunctionSql(const SchemaFunction &f);
QString triggerEnableSql(const SchemaTrigger &t);
QString createTriggerSql(const SchemaTrigger &t);
QString sequenceOptions(const SchemaSequence &s);
bool sameSequenceOptions(const SchemaSequence &a, const SchemaSequence &b);
QString labelList(const QStringList &labels);
QString createEnumSql(const SchemaEnum &e);
QString createDomainSql(const SchemaDomain &d);
QString alterDomainSql(const SchemaDomain &from, const SchemaDomain &to);
QString attributeDefinition(const SchemaCompositeType::Attribute &a);
QString createCompositeSql(const SchemaCompositeType &c);
const SchemaCompositeType::Attribute *findAttribute(const SchemaCompositeType &c, const QString &name);
QString alterCompositeSql(const SchemaCompositeType &from, const SchemaCompositeType &to);
bool isWidening(const QString &from, const QString &to);
QString alterColumnSql(const QString &table, const SchemaColumn &a, const SchemaColumn &b);
QHash<QString, const SchemaTable *> indexTables(const SchemaModel &model);
const SchemaTable &tableIn(const QHash<QString, const SchemaTable *> &index, const QString &name);

} // namespace SchemaDdl
