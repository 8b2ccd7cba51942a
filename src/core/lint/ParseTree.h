#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

// Reading libpg_query's JSON parse tree: the small vocabulary the lint rules
// share, so each rule reads like the grammar it checks.
namespace ParseTree {

QLatin1String key(const char *k);
QJsonObject objectAt(const QJsonObject &o, const char *k);
QString stringAt(const QJsonObject &o, const char *k);
bool boolAt(const QJsonObject &o, const char *k);

// [{"String":{"sval":"a"}}, {"String":{"sval":"b"}}] -> "a.b"
QString joinNames(const QJsonArray &names);
// A RangeVar as the SQL wrote it: "schema.table" or "table".
QString rangeVarName(const QJsonObject &rangeVar);
QString unqualified(const QString &name);
// The name of one entry of DropStmt.objects, whose node kind depends on what is
// dropped (List for relations, TypeName for types, String for schemas ...).
QString dropObjectName(const QJsonObject &object);
// The type's own name without pg_catalog: "varchar", "timestamp", "serial".
QString typeName(const QJsonObject &typeNameNode);
// A DefElem option's boolean value as the server reads it: no argument means
// true; "false", "off", "0" (or the integer 0) mean false.
bool defElemIsTrue(const QJsonObject &defElem);
// The column a NullTest `col IS NOT NULL` tests; empty for anything else.
QString notNullTestColumn(const QJsonObject &expression);

// The Constraint nodes of a ColumnDef (its inline PRIMARY KEY, DEFAULT, ...).
QList<QJsonObject> columnConstraints(const QJsonObject &columnDef);
// Whether a ColumnDef has an inline constraint of `type` ("CONSTR_PRIMARY", ...).
bool hasConstraint(const QJsonObject &columnDef, QLatin1String type);
// SET x = 0 / '0' / '0s': for lock_timeout, "wait forever".
bool isZeroSetting(const QJsonArray &args);
// Whether a statement's params (REINDEX, VACUUM) hold CONCURRENTLY set to true.
bool hasConcurrentlyParam(const QJsonObject &node);

} // namespace ParseTree
