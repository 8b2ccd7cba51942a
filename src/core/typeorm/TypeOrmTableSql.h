#pragma once

#include "TypeOrmMigrationFile.h"
#include "TypeOrmValueReader.h"

#include <QStringList>

// The SQL TypeORM's PostgresQueryRunner (0.3.x, 1.x) writes for a table, its
// columns, indices and foreign keys, from the static options of the
// QueryRunner call: createTableSql, buildCreateColumnSql with
// PostgresDriver.createFullType, createIndexSql, createForeignKeySql, and
// DefaultNamingStrategy's names where the options give none.
class TypeOrmTableSql : public TypeOrmValueReader
{
public:
    explicit TypeOrmTableSql(TypeOrmVersion version)
        : m_version(version)
    {
    }

    struct Column
    {
        QString name;
        QString definition;
        bool isPrimary = false;
        bool isUnique = false;
        QString primaryKeyConstraintName;
        QString comment;
    };

    struct Index
    {
        QString name;
        QStringList columns;
        bool isUnique = false;
        QString where;
    };

    struct ForeignKey
    {
        QString name;
        QStringList columns;
        QString referencedTable;
        QStringList referencedColumns;
        QString onDelete;
        QString onUpdate;
    };

    // PostgresQueryRunner.buildCreateColumnSql with PostgresDriver.createFullType;
    // plainAllowed: `{...}` as well as `new TableColumn({...})`.
    bool column(const JsValue &v, bool plainAllowed, Column *out);
    // COMMENT ON COLUMN, escaped as escapeComment does.
    QString comment(const QString &table, const Column &column);
    bool index(const JsValue &v, bool plainAllowed, const QString &table, Index *out);
    // PostgresQueryRunner.createIndexSql, trailing blank included; 1.x leaves
    // room for a `USING method` clause, a second blank when there is none.
    QString indexSql(const QString &table, const Index &index) const;
    bool foreignKey(const JsValue &v, bool plainAllowed, const QString &table, ForeignKey *out);
    // ` ON DELETE ...` and ` ON UPDATE ...` when set.
    static QString actions(const ForeignKey &fk);
    // CREATE TABLE with its constraints, then its comments and indices.
    bool createTable(const QList<JsValue> &arguments, QStringList *sql);

    // An identifier in double quotes, as TypeORM writes it (no escaping).
    static QString quoted(const QString &identifier);
    static QString quotedList(const QStringList &names, const QString &separator);

private:
    const TypeOrmVersion m_version;
};
