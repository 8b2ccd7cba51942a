#include "TypeOrmSchemaTranslator.h"

#include "TypeOrmTableSql.h"

#include <QCryptographicHash>

namespace {

using Outcome = TypeOrmSchemaTranslator::Outcome;

// TypeORM 0.3's RandomGenerator.sha1 "utf8-encodes" its input with
// encodeURIComponent and never unescapes it, so it hashes the percent-encoded
// text: `"price" >= 0` is hashed as `%22price%22%20%3E%3D%200`. Names built from
// plain identifiers are unaffected; check expressions and WHERE clauses are not.
// TypeORM 1.x hashes the UTF-8 text, as SHA-1 is meant to.
QString sha1(const QString &key, TypeOrmVersion version)
{
    if (version == TypeOrmVersion::V1)
        return QString::fromLatin1(QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha1).toHex());
    QByteArray encoded;
    for (const char byte : key.toUtf8()) {
        const auto c = static_cast<unsigned char>(byte);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || QByteArrayView("-_.!~*'()").contains(char(c))) {
            encoded.append(char(c));
        } else {
            encoded.append('%');
            encoded.append(QByteArray::number(c, 16).rightJustified(2, '0').toUpper());
        }
    }
    return QString::fromLatin1(QCryptographicHash::hash(encoded, QCryptographicHash::Sha1).toHex());
}

// DefaultNamingStrategy: the table name without a schema, "." replaced by "_"
// (a no-op then), the column names sorted and joined with "_".
QString namingKey(const QString &table, QStringList columns)
{
    columns.sort();
    return table.section(QLatin1Char('.'), -1) + QLatin1Char('_') + columns.join(QLatin1Char('_'));
}

QString quoted(const QString &identifier)
{
    return TypeOrmTableSql::quoted(identifier);
}

QString quotedList(const QStringList &names, const QString &separator)
{
    return TypeOrmTableSql::quotedList(names, separator);
}

} // namespace

QString TypeOrmSchemaTranslator::primaryKeyName(
    const QString &table, QStringList columns, TypeOrmVersion version)
{
    return QStringLiteral("PK_") + sha1(namingKey(table, std::move(columns)), version).left(27);
}

QString TypeOrmSchemaTranslator::uniqueName(const QString &table, QStringList columns, TypeOrmVersion version)
{
    return QStringLiteral("UQ_") + sha1(namingKey(table, std::move(columns)), version).left(27);
}

QString TypeOrmSchemaTranslator::foreignKeyName(
    const QString &table, QStringList columns, TypeOrmVersion version)
{
    return QStringLiteral("FK_") + sha1(namingKey(table, std::move(columns)), version).left(27);
}

QString TypeOrmSchemaTranslator::indexName(
    const QString &table, QStringList columns, const QString &where, TypeOrmVersion version)
{
    QString key = namingKey(table, std::move(columns));
    if (!where.isEmpty())
        key += QLatin1Char('_') + where;
    return QStringLiteral("IDX_") + sha1(key, version).left(26);
}

QString TypeOrmSchemaTranslator::checkName(
    const QString &table, const QString &expression, TypeOrmVersion version)
{
    return QStringLiteral("CHK_")
        + sha1(table.section(QLatin1Char('.'), -1) + QLatin1Char('_') + expression, version).left(26);
}

TypeOrmSchemaTranslator::Outcome TypeOrmSchemaTranslator::translate(
    const QString &method, const QList<JsValue> &arguments, TypeOrmVersion version)
{
    Outcome outcome;
    TypeOrmTableSql r(version);
    QString table;
    bool ok = false;
    if (method == QLatin1String("createTable")) {
        ok = r.argumentCount(arguments, 1, method) && r.createTable(arguments, &outcome.sql);
    } else if (method == QLatin1String("dropTable")) {
        // TypeORM drops the table's indices and foreign keys first; DROP TABLE
        // removes them with it, so the schema after is the same.
        ok = r.argumentCount(arguments, 1, method) && r.table(arguments.at(0), &table);
        bool ifExists = false;
        if (ok && arguments.size() > 1 && arguments.at(1).kind != JsValue::Kind::Undefined) {
            ok = arguments.at(1).kind == JsValue::Kind::Boolean
                || r.fail(arguments.at(1),
                    QStringLiteral("ifExist `%1` is not true or false").arg(arguments.at(1).source));
            ifExists = ok && arguments.at(1).boolean;
        }
        ok = ok && r.defaults(arguments, 2, { true, true }, method);
        if (ok)
            outcome.sql.append(QStringLiteral("DROP TABLE %1%2")
                                   .arg(ifExists ? QStringLiteral("IF EXISTS ") : QString(), quoted(table)));
    } else if (method == QLatin1String("addColumn") || method == QLatin1String("addColumns")) {
        ok = r.argumentCount(arguments, 2, method) && r.table(arguments.at(0), &table)
            && r.defaults(arguments, 2, {}, method);
        QList<JsValue> columns;
        if (ok && method == QLatin1String("addColumns")) {
            ok = r.staticOrFail(arguments.at(1), QStringLiteral("the columns"))
                && (arguments.at(1).kind == JsValue::Kind::Array
                    || r.fail(arguments.at(1), QStringLiteral("the columns are not an array")));
            if (ok)
                columns = arguments.at(1).items;
        } else if (ok) {
            columns.append(arguments.at(1));
        }
        for (qsizetype i = 0; ok && i < columns.size(); ++i) {
            TypeOrmTableSql::Column c;
            ok = r.column(columns.at(i), false, &c);
            if (ok && c.isPrimary)
                ok = r.fail(columns.at(i),
                    QStringLiteral("a primary key column is not translated: TypeORM drops and re-creates the "
                                   "table's primary key as it is in the database"));
            if (!ok)
                break;
            outcome.sql.append(QStringLiteral("ALTER TABLE %1 ADD %2").arg(quoted(table), c.definition));
            if (c.isUnique)
                outcome.sql.append(
                    QStringLiteral("ALTER TABLE %1 ADD CONSTRAINT %2 UNIQUE (%3)")
                        .arg(quoted(table), quoted(uniqueName(table, { c.name }, version)), quoted(c.name)));
            if (!c.comment.isEmpty())
                outcome.sql.append(r.comment(table, c));
        }
    } else if (method == QLatin1String("createIndex") || method == QLatin1String("createIndices")) {
        ok = r.argumentCount(arguments, 2, method) && r.table(arguments.at(0), &table)
            && r.defaults(arguments, 2, {}, method);
        QList<JsValue> indices;
        if (ok && method == QLatin1String("createIndices")) {
            ok = r.staticOrFail(arguments.at(1), QStringLiteral("the indices"))
                && (arguments.at(1).kind == JsValue::Kind::Array
                    || r.fail(arguments.at(1), QStringLiteral("the indices are not an array")));
            if (ok)
                indices = arguments.at(1).items;
        } else if (ok) {
            indices.append(arguments.at(1));
        }
        for (qsizetype i = 0; ok && i < indices.size(); ++i) {
            TypeOrmTableSql::Index idx;
            ok = r.index(indices.at(i), false, table, &idx);
            if (ok)
                outcome.sql.append(r.indexSql(table, idx));
        }
    } else if (method == QLatin1String("dropIndex")) {
        QString name;
        ok = r.argumentCount(arguments, 2, method) && r.table(arguments.at(0), &table)
            && r.string(arguments.at(1), QStringLiteral("the index name"), &name)
            && r.defaults(arguments, 2, {}, method);
        if (ok)
            outcome.sql.append(QStringLiteral("DROP INDEX %1").arg(quoted(name)));
    } else if (method == QLatin1String("createForeignKey") || method == QLatin1String("createForeignKeys")) {
        ok = r.argumentCount(arguments, 2, method) && r.table(arguments.at(0), &table)
            && r.defaults(arguments, 2, {}, method);
        QList<JsValue> keys;
        if (ok && method == QLatin1String("createForeignKeys")) {
            ok = r.staticOrFail(arguments.at(1), QStringLiteral("the foreign keys"))
                && (arguments.at(1).kind == JsValue::Kind::Array
                    || r.fail(arguments.at(1), QStringLiteral("the foreign keys are not an array")));
            if (ok)
                keys = arguments.at(1).items;
        } else if (ok) {
            keys.append(arguments.at(1));
        }
        for (qsizetype i = 0; ok && i < keys.size(); ++i) {
            TypeOrmTableSql::ForeignKey fk;
            ok = r.foreignKey(keys.at(i), false, table, &fk);
            if (ok)
                outcome.sql.append(
                    QStringLiteral("ALTER TABLE %1 ADD CONSTRAINT %2 FOREIGN KEY (%3) REFERENCES %4(%5)")
                        .arg(quoted(table), quoted(fk.name), quotedList(fk.columns, QStringLiteral(", ")),
                            quoted(fk.referencedTable), quotedList(fk.referencedColumns, QStringLiteral(",")))
                    + TypeOrmTableSql::actions(fk));
        }
    } else if (method == QLatin1String("dropForeignKey")) {
        QString name;
        ok = r.argumentCount(arguments, 2, method) && r.table(arguments.at(0), &table)
            && (arguments.at(1).kind != JsValue::Kind::New
                || r.fail(arguments.at(1),
                    QStringLiteral("a TableForeignKey object is not translated; pass its name")))
            && r.string(arguments.at(1), QStringLiteral("the foreign key name"), &name)
            && r.defaults(arguments, 2, {}, method);
        if (ok)
            outcome.sql.append(
                QStringLiteral("ALTER TABLE %1 DROP CONSTRAINT %2").arg(quoted(table), quoted(name)));
    } else {
        static const QStringList dependsOnDatabase
            = { QStringLiteral("dropColumn"), QStringLiteral("dropColumns"), QStringLiteral("renameColumn"),
                  QStringLiteral("renameTable"), QStringLiteral("changeColumn"),
                  QStringLiteral("changeColumns"), QStringLiteral("createPrimaryKey"),
                  QStringLiteral("updatePrimaryKeys"), QStringLiteral("dropPrimaryKey") };
        r.fail(JsValue(),
            dependsOnDatabase.contains(method)
                ? QStringLiteral(
                    "not translated: the SQL TypeORM sends for it depends on the table as it is in the "
                    "database (its primary key, indices, constraints, sequences or enum types)")
                : QStringLiteral(
                    "not translated (supported: query, createTable, dropTable, addColumn(s), "
                    "createIndex/createIndices, dropIndex, createForeignKey(s), dropForeignKey)"));
    }
    outcome.ok = ok;
    if (!ok) {
        outcome.sql.clear();
        outcome.message = r.failure().message;
        outcome.line = r.failure().line;
        outcome.column = r.failure().column;
    }
    return outcome;
}
