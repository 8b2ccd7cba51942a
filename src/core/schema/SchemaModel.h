#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

// A database schema as Strata compares it: every object by kind, keyed by its
// qualified name as PostgreSQL quotes it (`public.users`, `"Sales".orders`).
// Names and expressions are read with an empty search_path, so every type,
// table and function inside a definition is schema-qualified and the DDL
// written from the model means the same thing whatever the search_path of the
// session that runs it.
//
// Owners and privileges are not part of the model (see notCompared).

struct SchemaColumn
{
    QString name; // unquoted
    QString type; // format_type(), qualified: "character varying(20)", "public.mood[]"
    QString collation; // qualified, quoted; empty: the type's default collation
    QString defaultExpression; // pg_get_expr(); empty when none
    bool notNull = false;
    QString identity; // "", "ALWAYS" or "BY DEFAULT"
    QString generatedExpression; // GENERATED ALWAYS AS (...) STORED; empty when none
    QString comment;
    int statistics = -1; // ALTER COLUMN ... SET STATISTICS; -1: the default target
    // ALTER COLUMN ... SET (n_distinct=-0.02, ...): pg_attribute.attoptions, as the server lists them.
    QStringList options;
};

struct SchemaConstraint
{
    enum class Type { PrimaryKey, Unique, Check, ForeignKey, Exclusion };
    QString name; // unquoted, unique per table
    Type type = Type::Check;
    QString definition; // pg_get_constraintdef(): "FOREIGN KEY (a) REFERENCES s.t(id) ON DELETE CASCADE"
    QString referencedTable; // qualified; foreign keys only
    QString comment;
};

struct SchemaIndex
{
    QString schema;
    QString name; // unquoted
    QString table; // qualified table or materialized view it is on
    // pg_get_indexdef(): "CREATE INDEX i ON s.t USING btree (lower(x)) WHERE ...". Never
    // "ON ONLY": on a partitioned table the index is created on the parent and its partitions.
    QString definition;
    bool valid = true; // pg_index.indisvalid
    // On a partitioned table. Invalid there means created ON ONLY the parent and
    // not attached in every partition, which is how a diff reproduces it.
    bool onPartitionedTable = false;
    // ALTER INDEX ... ALTER COLUMN n SET STATISTICS: "column number=target", by number.
    QStringList columnStatistics;
    QString comment;
    QString qualifiedName() const;
};

struct SchemaTable
{
    QString schema;
    QString name; // unquoted
    bool partitioned = false;
    bool unlogged = false;
    QString partitionKey; // pg_get_partkeydef(), partitioned tables only
    QString partitionOf; // qualified parent, partitions only
    QString partitionBound; // "FOR VALUES FROM (...) TO (...)", partitions only
    // Ordered by position. A partition's columns come from its parent and are
    // not listed here.
    QList<SchemaColumn> columns;
    // Constraints declared on this table (not those a partition inherits).
    QList<SchemaConstraint> constraints;
    QStringList storageOptions; // reloptions, sorted: "autovacuum_enabled=false", "fillfactor=50"
    bool rowSecurity = false; // ENABLE ROW LEVEL SECURITY
    bool forceRowSecurity = false; // FORCE ROW LEVEL SECURITY
    QString comment;

    QString qualifiedName() const;
    const SchemaColumn *column(const QString &name) const;
    const SchemaConstraint *constraint(const QString &name) const;
};

struct SchemaView
{
    QString schema;
    QString name;
    bool materialized = false;
    QString definition; // pg_get_viewdef(), qualified
    // What the view reads: qualified relations, and "relation.column" for columns
    // (quoted), from pg_depend. Used to rebuild views around column type changes.
    QStringList dependsOnRelations;
    QStringList dependsOnColumns;
    QString comment;
    // A view that reads itself: its columns as "NULL::integer AS id", for the
    // placeholder it is first created as (then replaced by its definition).
    // Empty for every other view.
    QStringList placeholderColumns;
    // COMMENT ON COLUMN v.c and ALTER VIEW v ALTER COLUMN c SET DEFAULT, by column name.
    QMap<QString, QString> columnComments;
    QMap<QString, QString> columnDefaults;
    QString qualifiedName() const;
};

struct SchemaFunction
{
    QString schema;
    QString name;
    QString identityArguments; // pg_get_function_identity_arguments()
    bool procedure = false;
    QString resultType; // pg_get_function_result(); empty for procedures
    QString definition; // pg_get_functiondef(): a full CREATE OR REPLACE statement
    QString comment;
    // "schema.name(args)": functions are overloaded, the key needs the arguments.
    QString qualifiedSignature() const;
};

struct SchemaTrigger
{
    QString name; // unquoted
    QString table; // qualified
    QString function; // qualified signature of the trigger function
    QString definition; // pg_get_triggerdef()
    QString enabled; // pg_trigger.tgenabled: "O" (default), "D", "R", "A"
    QString comment;
    QString key() const; // "name on table"
};

struct SchemaPolicy
{
    QString name; // unquoted
    QString table; // qualified
    bool permissive = true;
    QString command; // "ALL", "SELECT", "INSERT", "UPDATE", "DELETE"
    QStringList roles; // quoted role names, "PUBLIC" for everyone
    QString usingExpression; // pg_get_expr(); empty when none
    QString checkExpression;
    QString comment;
    QString key() const; // "name on table"
    bool operator==(const SchemaPolicy &) const = default;
};

// CREATE AGGREGATE, written from pg_aggregate.
struct SchemaAggregate
{
    QString schema;
    QString name;
    QString identityArguments; // pg_get_function_identity_arguments()
    QString definition; // the full CREATE AGGREGATE statement, without the semicolon
    QString comment;
    QString qualifiedSignature() const;
};

// CREATE OPERATOR, written from pg_operator.
struct SchemaOperator
{
    QString schema;
    QString name; // "===", unquoted (operator names are never quoted)
    QString leftType; // format_type(); "NONE" for a prefix operator
    QString rightType;
    QString definition; // the full CREATE OPERATOR statement, without the semicolon
    QString comment;
    // "schema.===(left, right)", the form DROP OPERATOR takes after the keyword.
    QString signature() const;
};

struct SchemaSequence
{
    QString schema;
    QString name;
    QString dataType; // "bigint", "integer", "smallint"
    qint64 start = 1;
    qint64 increment = 1;
    qint64 minValue = 1;
    qint64 maxValue = 0;
    qint64 cache = 1;
    bool cycle = false;
    QString ownedBy; // "schema.table.column" (quoted parts); empty when none
    QString comment;
    QString qualifiedName() const;
};

struct SchemaEnum
{
    QString schema;
    QString name;
    QStringList labels; // in sort order
    QString comment;
    QString qualifiedName() const;
};

struct SchemaDomain
{
    struct Check
    {
        QString name;
        QString definition; // pg_get_constraintdef(): "CHECK (VALUE > 0)"
        bool operator==(const Check &) const = default;
    };
    QString schema;
    QString name;
    QString baseType; // format_type()
    QString collation;
    QString defaultExpression;
    bool notNull = false;
    QList<Check> checks;
    QString comment;
    QString qualifiedName() const;
};

struct SchemaCompositeType
{
    struct Attribute
    {
        QString name;
        QString type;
        QString collation;
        bool operator==(const Attribute &) const = default;
    };
    QString schema;
    QString name;
    QList<Attribute> attributes;
    QString comment;
    QString qualifiedName() const;
};

struct SchemaExtension
{
    QString name;
    QString schema; // where its objects live
    // Not the version: pg_dump does not write it and a diff should not pin it.
};

struct SchemaNamespace
{
    QString name;
    QString comment;
};

struct SchemaModel
{
    QMap<QString, SchemaNamespace> schemas; // by quoted name
    QMap<QString, SchemaExtension> extensions; // by quoted name
    QMap<QString, SchemaEnum> enums; // by qualified name
    QMap<QString, SchemaDomain> domains;
    QMap<QString, SchemaCompositeType> compositeTypes;
    QMap<QString, SchemaSequence> sequences;
    QMap<QString, SchemaTable> tables;
    QMap<QString, SchemaIndex> indexes; // by qualified index name
    QMap<QString, SchemaView> views; // views and materialized views
    QMap<QString, SchemaFunction> functions; // by qualified signature
    QMap<QString, SchemaTrigger> triggers; // by SchemaTrigger::key()
    QMap<QString, SchemaPolicy> policies; // by SchemaPolicy::key()
    QMap<QString, SchemaAggregate> aggregates; // by qualified signature
    QMap<QString, SchemaOperator> operators; // by SchemaOperator::signature()

    // What each object needs to exist first, from pg_depend (normal dependencies),
    // the way pg_dump sorts its output. Keys and values are "relation s.t" (tables,
    // views, sequences; also for their indexes, defaults, constraints and row type),
    // "type s.t" (enums, domains, composite types), "function s.f(args)" (also
    // procedures and aggregates) and "operator s.===(l, r)".
    QMap<QString, QStringList> dependencies;

    // Objects of kinds the model does not know, one line each ("rule public.r1 on
    // public.t", "policy p on public.t", "privileges on public.t"): a diff lists
    // them as not compared instead of silently ignoring them.
    QStringList notCompared;

    int objectCount() const;
};
