#pragma once

#include <QString>

// One object of a schema model as a browser lists it and blame records it:
// a table, a column of it, an index, a function... with the DDL the schema
// diff writes for it.
//
// `identity` names the object the way SchemaChange::objectName does
// ("public.orders", "public.orders.discount_cents" for a column or a
// constraint, "trg on public.orders" for a trigger or policy,
// "public.f(integer)" for a function), so a diff's changes find their object.
// Kinds share names (a table and a function both called `orders`), so key()
// puts the kind in front.
struct SchemaObject
{
    // "schema", "extension", "enum", "domain", "type", "sequence", "table",
    // "view", "materialized view", "column", "constraint", "index", "function",
    // "procedure", "trigger", "policy", "aggregate", "operator".
    QString kind;
    QString identity;
    QString schema; // unquoted; empty for schemas and extensions
    QString name; // what a tree shows: "orders", "discount_cents", "orders_pkey"
    // key() of the object it belongs to: the table of a column, constraint,
    // index, trigger or policy, the partitioned table of a partition; empty
    // for objects directly in a schema.
    QString parent;
    // One line beside the name: a column's type, a function's result, a
    // constraint's or an index's definition.
    QString detail;
    QString ddl; // CREATE (and COMMENT) statements, as the schema diff writes them
    QString comment;
    // Equal when the object is the same in two models (what blame compares).
    QString fingerprint;

    QString key() const { return kind + u' ' + identity; }
    static QString key(const QString &kind, const QString &identity) { return kind + u' ' + identity; }
};
