#pragma once

#include "JsValue.h"
#include "TypeOrmMigrationFile.h"

#include <QList>
#include <QStringList>

// Translates a QueryRunner schema call (createTable, addColumn, createIndex ...)
// whose arguments are all static into the SQL TypeORM's PostgresQueryRunner
// (0.3.x) sends, text for text: its quoting, its DefaultNamingStrategy
// constraint names, its column definitions. Calls whose SQL depends on the
// database as it is (dropColumn looks up the primary key, renameColumn renames
// sequences, enum columns are created only when the type is missing ...) and
// options outside the supported subset are refused with the reason.
class TypeOrmSchemaTranslator
{
public:
    struct Outcome
    {
        QStringList sql;
        bool ok = false;
        QString message; // why not, when !ok
        int line = 0; // where the offending value is (0: the call itself)
        int column = 0;
    };

    static Outcome translate(const QString &method, const QList<JsValue> &arguments,
        TypeOrmVersion version = TypeOrmVersion::V0_3);

    // DefaultNamingStrategy's names: prefix + sha1("<table>_<sorted columns>[_<where>]").
    static QString primaryKeyName(
        const QString &table, QStringList columns, TypeOrmVersion version = TypeOrmVersion::V0_3);
    static QString uniqueName(
        const QString &table, QStringList columns, TypeOrmVersion version = TypeOrmVersion::V0_3);
    static QString foreignKeyName(
        const QString &table, QStringList columns, TypeOrmVersion version = TypeOrmVersion::V0_3);
    static QString indexName(const QString &table, QStringList columns, const QString &where,
        TypeOrmVersion version = TypeOrmVersion::V0_3);
    static QString checkName(
        const QString &table, const QString &expression, TypeOrmVersion version = TypeOrmVersion::V0_3);
};
