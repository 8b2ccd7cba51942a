#include "TypeOrmSchemaTranslator.h"

#include <QCryptographicHash>
#include <QRegularExpression>

namespace {

using Outcome = TypeOrmSchemaTranslator::Outcome;

// Thrown nowhere: each reader returns false and leaves the reason here.
struct Failure
{
    QString message;
    int line = 0;
    int column = 0;
};

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
    return QLatin1Char('"') + identifier + QLatin1Char('"');
}

QString quotedList(const QStringList &names, const QString &separator)
{
    QStringList out;
    for (const QString &n : names)
        out.append(quoted(n));
    return out.join(separator);
}

class Reader
{
public:
    explicit Reader(TypeOrmVersion version)
        : m_version(version)
    {
    }

    Failure failure;
    const TypeOrmVersion m_version;

    bool fail(const JsValue &at, const QString &message)
    {
        failure.message = message;
        failure.line = at.line;
        failure.column = at.column;
        return false;
    }

    bool staticOrFail(const JsValue &v, const QString &what)
    {
        if (const JsValue *c = v.firstComputed())
            return fail(*c,
                QStringLiteral("%1 uses `%2` (%3), which cannot be read statically")
                    .arg(what, c->text, c->reason));
        return true;
    }

    bool string(const JsValue &v, const QString &what, QString *out)
    {
        if (!staticOrFail(v, what))
            return false;
        if (v.kind != JsValue::Kind::String)
            return fail(v, QStringLiteral("%1 is `%2`, not a string").arg(what, v.source));
        *out = v.text;
        return true;
    }

    // A table name as TypeORM's escapePath writes it; schema-qualified names are
    // left out of the subset (TypeORM leaves the schema off when it is the
    // connection's own, which a file cannot tell).
    bool table(const JsValue &v, QString *name)
    {
        if (v.kind == JsValue::Kind::New)
            return fail(v,
                QStringLiteral("a `new %1(...)` object as the table is not translated; pass its name")
                    .arg(v.text));
        if (!string(v, QStringLiteral("the table name"), name))
            return false;
        if (name->contains(QLatin1Char('.')))
            return fail(
                v, QStringLiteral("the schema-qualified table name `%1` is not translated").arg(*name));
        return true;
    }

    bool stringList(const JsValue &v, const QString &what, QStringList *out)
    {
        if (!staticOrFail(v, what))
            return false;
        if (v.kind != JsValue::Kind::Array)
            return fail(v, QStringLiteral("%1 is not an array").arg(what));
        for (const JsValue &item : v.items) {
            if (item.kind != JsValue::Kind::String)
                return fail(item, QStringLiteral("%1 holds `%2`, not a string").arg(what, item.source));
            out->append(item.text);
        }
        return true;
    }

    // The options object of `new <className>({...})` (or a plain object where
    // TypeORM accepts one), with every key in `allowed`.
    bool options(const JsValue &v, const QString &className, bool plainAllowed, const QStringList &allowed,
        const JsValue **object)
    {
        const JsValue *o = &v;
        if (v.kind == JsValue::Kind::New) {
            if (v.text != className)
                return fail(v, QStringLiteral("`new %1(...)` where a %2 is expected").arg(v.text, className));
            if (v.items.size() != 1)
                return fail(v, QStringLiteral("`new %1(...)` takes one options object").arg(className));
            o = &v.items.constFirst();
        } else if (!plainAllowed) {
            if (!staticOrFail(v, QStringLiteral("the %1").arg(className)))
                return false;
            return fail(v, QStringLiteral("expected `new %1({...})`").arg(className));
        }
        if (!staticOrFail(*o, QStringLiteral("the %1").arg(className)))
            return false;
        if (o->kind != JsValue::Kind::Object)
            return fail(*o, QStringLiteral("the %1 options are not an object literal").arg(className));
        for (const auto &field : o->fields) {
            if (!allowed.contains(field.first))
                return fail(field.second,
                    QStringLiteral("the %1 option `%2` is not translated (supported: %3)")
                        .arg(className, field.first, allowed.join(QStringLiteral(", "))));
        }
        *object = o;
        return true;
    }

    // How JavaScript turns a static value into text in `" DEFAULT " + value`.
    // Numbers only in the canonical form JavaScript prints back unchanged.
    bool jsText(const JsValue &v, const QString &what, QString *out)
    {
        static const QRegularExpression canonical(
            QStringLiteral(R"(^-?(0|[1-9][0-9]{0,14})(\.[0-9]*[1-9])?$)"));
        switch (v.kind) {
        case JsValue::Kind::String:
            *out = v.text;
            return true;
        case JsValue::Kind::Boolean:
            *out = v.boolean ? QStringLiteral("true") : QStringLiteral("false");
            return true;
        case JsValue::Kind::Number:
            if (!canonical.match(v.text).hasMatch())
                return fail(v,
                    QStringLiteral("%1 `%2` is a number written in a form not translated").arg(what, v.text));
            *out = v.text;
            return true;
        default:
            if (!staticOrFail(v, what))
                return false;
            return fail(v, QStringLiteral("%1 `%2` is not a string, number or boolean").arg(what, v.source));
        }
    }

    static bool truthy(const JsValue *v)
    {
        if (!v)
            return false;
        switch (v->kind) {
        case JsValue::Kind::Boolean:
            return v->boolean;
        case JsValue::Kind::String:
            return !v->text.isEmpty();
        case JsValue::Kind::Number:
            return v->text != QLatin1String("0") && v->text != QLatin1String("-0");
        case JsValue::Kind::Null:
        case JsValue::Kind::Undefined:
            return false;
        default:
            return true;
        }
    }

    bool flag(const JsValue *o, QLatin1String key, bool *out)
    {
        const JsValue *v = o->field(key);
        if (!v || v->kind == JsValue::Kind::Undefined || v->kind == JsValue::Kind::Null) {
            *out = false;
            return true;
        }
        if (v->kind != JsValue::Kind::Boolean)
            return fail(*v, QStringLiteral("`%1` is `%2`, not true or false").arg(key, v->source));
        *out = v->boolean;
        return true;
    }

    bool optionalString(const JsValue *o, QLatin1String key, QString *out)
    {
        const JsValue *v = o->field(key);
        if (!v || v->kind == JsValue::Kind::Undefined || v->kind == JsValue::Kind::Null)
            return true;
        return string(*v, QStringLiteral("`%1`").arg(key), out);
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

    // PostgresQueryRunner.buildCreateColumnSql with PostgresDriver.createFullType.
    bool column(const JsValue &v, bool plainAllowed, Column *out)
    {
        static const QStringList allowed = { QStringLiteral("name"), QStringLiteral("type"),
            QStringLiteral("isPrimary"), QStringLiteral("isGenerated"), QStringLiteral("generationStrategy"),
            QStringLiteral("generatedIdentity"), QStringLiteral("isNullable"), QStringLiteral("default"),
            QStringLiteral("isUnique"), QStringLiteral("length"), QStringLiteral("precision"),
            QStringLiteral("scale"), QStringLiteral("isArray"), QStringLiteral("comment"),
            QStringLiteral("primaryKeyConstraintName") };
        const JsValue *o = nullptr;
        if (const JsValue *e = v.kind == JsValue::Kind::Object ? v.field(QLatin1String("enum")) : nullptr; e
            || (v.kind == JsValue::Kind::New && !v.items.isEmpty()
                && v.items.constFirst().field(QLatin1String("enum"))))
            return fail(e ? *e : v,
                QStringLiteral("enum columns are not translated: TypeORM creates the enum type only when the "
                               "database does not have it yet, which a file cannot tell"));
        if (!options(v, QStringLiteral("TableColumn"), plainAllowed, allowed, &o))
            return false;
        QString type;
        if (!string(o->field(QLatin1String("name")) ? *o->field(QLatin1String("name")) : *o,
                QStringLiteral("the column name"), &out->name))
            return false;
        if (!optionalString(o, QLatin1String("type"), &type))
            return false;
        if (type.isEmpty())
            return fail(*o, QStringLiteral("the column `%1` has no type").arg(out->name));
        if (type == QLatin1String("enum") || type == QLatin1String("simple-enum"))
            return fail(*o->field(QLatin1String("type")),
                QStringLiteral("enum columns are not translated: TypeORM creates the enum type only when the "
                               "database does not have it yet, which a file cannot tell"));
        static const QStringList refusedTypes = { QStringLiteral("geometry"), QStringLiteral("geography"),
            QStringLiteral("vector"), QStringLiteral("halfvec") };
        if (refusedTypes.contains(type))
            return fail(*o->field(QLatin1String("type")),
                QStringLiteral("the column type `%1` is not translated").arg(type));
        bool isGenerated = false;
        bool isNullable = false;
        bool isArray = false;
        if (!flag(o, QLatin1String("isGenerated"), &isGenerated)
            || !flag(o, QLatin1String("isNullable"), &isNullable)
            || !flag(o, QLatin1String("isArray"), &isArray)
            || !flag(o, QLatin1String("isPrimary"), &out->isPrimary)
            || !flag(o, QLatin1String("isUnique"), &out->isUnique))
            return false;
        QString strategy;
        QString identity;
        if (!optionalString(o, QLatin1String("generationStrategy"), &strategy)
            || !optionalString(o, QLatin1String("generatedIdentity"), &identity)
            || !optionalString(o, QLatin1String("primaryKeyConstraintName"), &out->primaryKeyConstraintName)
            || !optionalString(o, QLatin1String("comment"), &out->comment))
            return false;
        if (!strategy.isEmpty() && strategy != QLatin1String("increment") && strategy != QLatin1String("uuid")
            && strategy != QLatin1String("identity"))
            return fail(*o->field(QLatin1String("generationStrategy")),
                QStringLiteral("the generation strategy `%1` is not translated").arg(strategy));

        QString c = quoted(out->name);
        if (isGenerated && strategy != QLatin1String("uuid")) {
            if (strategy == QLatin1String("identity")) {
                c += QLatin1Char(' ') + type + QStringLiteral(" GENERATED ")
                    + (identity.isEmpty() ? QStringLiteral("BY DEFAULT") : identity)
                    + QStringLiteral(" AS IDENTITY");
            } else if (type == QLatin1String("integer") || type == QLatin1String("int")
                || type == QLatin1String("int4")) {
                c += QStringLiteral(" SERIAL");
            } else if (type == QLatin1String("smallint") || type == QLatin1String("int2")) {
                c += QStringLiteral(" SMALLSERIAL");
            } else if (type == QLatin1String("bigint") || type == QLatin1String("int8")) {
                c += QStringLiteral(" BIGSERIAL");
            } else {
                return fail(*o,
                    QStringLiteral(
                        "a generated column `%1` of type `%2` without the uuid or identity strategy "
                        "(TypeORM would write no type for it)")
                        .arg(out->name, type));
            }
        }
        if (!isGenerated || type == QLatin1String("uuid")) {
            // createFullType
            QString full = type;
            QString length;
            QString precision;
            QString scale;
            const JsValue *lengthValue = o->field(QLatin1String("length"));
            if (truthy(lengthValue) && !jsText(*lengthValue, QStringLiteral("`length`"), &length))
                return false;
            for (auto [key, target] : { std::pair { QLatin1String("precision"), &precision },
                     std::pair { QLatin1String("scale"), &scale } }) {
                const JsValue *pv = o->field(key);
                if (pv && pv->kind != JsValue::Kind::Undefined && pv->kind != JsValue::Kind::Null
                    && !jsText(*pv, QStringLiteral("`%1`").arg(key), target))
                    return false;
            }
            const bool hasPrecision = o->field(QLatin1String("precision")) && !precision.isNull();
            const bool hasScale = o->field(QLatin1String("scale")) && !scale.isNull();
            if (!length.isEmpty())
                full += QLatin1Char('(') + length + QLatin1Char(')');
            else if (hasPrecision && hasScale)
                full += QLatin1Char('(') + precision + QLatin1Char(',') + scale + QLatin1Char(')');
            else if (hasPrecision)
                full += QLatin1Char('(') + precision + QLatin1Char(')');
            const QString p = hasPrecision ? QLatin1Char('(') + precision + QLatin1Char(')') : QString();
            if (type == QLatin1String("time without time zone"))
                full = QStringLiteral("TIME") + p;
            else if (type == QLatin1String("time with time zone"))
                full = QStringLiteral("TIME") + p + QStringLiteral(" WITH TIME ZONE");
            else if (type == QLatin1String("timestamp without time zone"))
                full = QStringLiteral("TIMESTAMP") + p;
            else if (type == QLatin1String("timestamp with time zone"))
                full = QStringLiteral("TIMESTAMP") + p + QStringLiteral(" WITH TIME ZONE");
            if (isArray)
                full += QStringLiteral(" array");
            c += QLatin1Char(' ') + full;
        }
        if (!isNullable)
            c += QStringLiteral(" NOT NULL");
        const JsValue *def = o->field(QLatin1String("default"));
        QString defaultText;
        if (def && def->kind != JsValue::Kind::Undefined && def->kind != JsValue::Kind::Null) {
            if (!jsText(*def, QStringLiteral("the default"), &defaultText))
                return false;
            c += QStringLiteral(" DEFAULT ") + defaultText;
        }
        if (isGenerated && strategy == QLatin1String("uuid") && !truthy(def))
            c += QStringLiteral(" DEFAULT uuid_generate_v4()"); // the driver's default uuidExtension
        out->definition = c;
        return true;
    }

    QString comment(const QString &table, const Column &column)
    {
        // escapeComment: '' for ', NUL bytes dropped.
        QString text = column.comment;
        text.replace(QLatin1Char('\''), QStringLiteral("''"));
        text.remove(QChar(0));
        return QStringLiteral("COMMENT ON COLUMN %1.%2 IS '%3'")
            .arg(quoted(table), quoted(column.name), text);
    }

    struct Index
    {
        QString name;
        QStringList columns;
        bool isUnique = false;
        QString where;
    };

    bool index(const JsValue &v, bool plainAllowed, const QString &table, Index *out)
    {
        static const QStringList allowed = { QStringLiteral("name"), QStringLiteral("columnNames"),
            QStringLiteral("isUnique"), QStringLiteral("where") };
        const JsValue *o = nullptr;
        if (!options(v, QStringLiteral("TableIndex"), plainAllowed, allowed, &o))
            return false;
        const JsValue *columns = o->field(QLatin1String("columnNames"));
        if (!columns)
            return fail(*o, QStringLiteral("the index has no columnNames"));
        if (!stringList(*columns, QStringLiteral("columnNames"), &out->columns)
            || !flag(o, QLatin1String("isUnique"), &out->isUnique)
            || !optionalString(o, QLatin1String("name"), &out->name)
            || !optionalString(o, QLatin1String("where"), &out->where))
            return false;
        if (out->name.isEmpty())
            out->name = TypeOrmSchemaTranslator::indexName(table, out->columns, out->where, m_version);
        return true;
    }

    // PostgresQueryRunner.createIndexSql, trailing blank included; 1.x leaves
    // room for a `USING method` clause, a second blank when there is none.
    QString indexSql(const QString &table, const Index &index) const
    {
        return QStringLiteral("CREATE %1INDEX %2 ON %3 %6(%4) %5")
            .arg(index.isUnique ? QStringLiteral("UNIQUE ") : QString(), quoted(index.name), quoted(table),
                quotedList(index.columns, QStringLiteral(", ")),
                index.where.isEmpty() ? QString() : QStringLiteral("WHERE ") + index.where,
                m_version == TypeOrmVersion::V1 ? QStringLiteral(" ") : QString());
    }

    struct ForeignKey
    {
        QString name;
        QStringList columns;
        QString referencedTable;
        QStringList referencedColumns;
        QString onDelete;
        QString onUpdate;
    };

    bool foreignKey(const JsValue &v, bool plainAllowed, const QString &table, ForeignKey *out)
    {
        static const QStringList allowed = { QStringLiteral("name"), QStringLiteral("columnNames"),
            QStringLiteral("referencedTableName"), QStringLiteral("referencedColumnNames"),
            QStringLiteral("onDelete"), QStringLiteral("onUpdate") };
        const JsValue *o = nullptr;
        if (!options(v, QStringLiteral("TableForeignKey"), plainAllowed, allowed, &o))
            return false;
        const JsValue *columns = o->field(QLatin1String("columnNames"));
        const JsValue *referenced = o->field(QLatin1String("referencedColumnNames"));
        const JsValue *referencedTable = o->field(QLatin1String("referencedTableName"));
        if (!columns || !referenced || !referencedTable)
            return fail(*o,
                QStringLiteral(
                    "the foreign key needs columnNames, referencedTableName and referencedColumnNames"));
        if (!stringList(*columns, QStringLiteral("columnNames"), &out->columns)
            || !stringList(*referenced, QStringLiteral("referencedColumnNames"), &out->referencedColumns)
            || !this->table(*referencedTable, &out->referencedTable)
            || !optionalString(o, QLatin1String("name"), &out->name)
            || !optionalString(o, QLatin1String("onDelete"), &out->onDelete)
            || !optionalString(o, QLatin1String("onUpdate"), &out->onUpdate))
            return false;
        static const QRegularExpression action(
            QStringLiteral(R"(^(RESTRICT|CASCADE|SET NULL|SET DEFAULT|NO ACTION)$)"));
        for (const QString *a : { &out->onDelete, &out->onUpdate })
            if (!a->isEmpty() && !action.match(*a).hasMatch())
                return fail(
                    *o, QStringLiteral("the referential action `%1` is not one PostgreSQL knows").arg(*a));
        if (out->name.isEmpty())
            out->name = TypeOrmSchemaTranslator::foreignKeyName(table, out->columns, m_version);
        return true;
    }

    static QString actions(const ForeignKey &fk)
    {
        QString sql;
        if (!fk.onDelete.isEmpty())
            sql += QStringLiteral(" ON DELETE ") + fk.onDelete;
        if (!fk.onUpdate.isEmpty())
            sql += QStringLiteral(" ON UPDATE ") + fk.onUpdate;
        return sql;
    }

    // Optional trailing arguments must be absent or their default.
    bool defaults(
        const QList<JsValue> &arguments, qsizetype from, const QList<bool> &expected, const QString &call)
    {
        if (arguments.size() > from + expected.size())
            return fail(arguments.at(from + expected.size()),
                QStringLiteral("more arguments than %1 takes").arg(call));
        for (qsizetype i = from; i < arguments.size(); ++i) {
            const JsValue &a = arguments.at(i);
            if (a.kind == JsValue::Kind::Undefined)
                continue;
            if (a.kind != JsValue::Kind::Boolean || a.boolean != expected.at(i - from))
                return fail(a,
                    QStringLiteral("the argument `%1` is not translated (only the default, %2)")
                        .arg(a.source,
                            expected.at(i - from) ? QStringLiteral("true") : QStringLiteral("false")));
        }
        return true;
    }

    bool createTable(const QList<JsValue> &arguments, QStringList *sql)
    {
        static const QStringList allowed
            = { QStringLiteral("name"), QStringLiteral("columns"), QStringLiteral("indices"),
                  QStringLiteral("foreignKeys"), QStringLiteral("uniques"), QStringLiteral("checks") };
        const JsValue *o = nullptr;
        if (!options(arguments.at(0), QStringLiteral("Table"), false, allowed, &o))
            return false;
        // ifNotExist makes TypeORM look the table up first and do nothing when it exists.
        if (!defaults(arguments, 1, { false, true, true }, QStringLiteral("createTable")))
            return false;
        QString table;
        if (!o->field(QLatin1String("name")))
            return fail(*o, QStringLiteral("the table has no name"));
        if (!this->table(*o->field(QLatin1String("name")), &table))
            return false;
        const JsValue *columnsValue = o->field(QLatin1String("columns"));
        if (!columnsValue || columnsValue->kind != JsValue::Kind::Array || columnsValue->items.isEmpty())
            return fail(
                columnsValue ? *columnsValue : *o, QStringLiteral("the table needs an array of columns"));
        QList<Column> columns;
        QStringList definitions;
        for (const JsValue &cv : columnsValue->items) {
            Column c;
            if (!column(cv, true, &c))
                return false;
            columns.append(c);
            definitions.append(c.definition);
        }
        QString create = QStringLiteral("CREATE TABLE %1 (%2")
                             .arg(quoted(table), definitions.join(QStringLiteral(", ")));

        struct Unique
        {
            QString name;
            QStringList columns;
        };
        QList<Unique> uniques;
        if (const JsValue *uv = o->field(QLatin1String("uniques"))) {
            if (!staticOrFail(*uv, QStringLiteral("uniques")) || uv->kind != JsValue::Kind::Array)
                return failure.message.isEmpty() ? fail(*uv, QStringLiteral("uniques is not an array"))
                                                 : false;
            for (const JsValue &item : uv->items) {
                const JsValue *u = nullptr;
                if (!options(item, QStringLiteral("TableUnique"), true,
                        { QStringLiteral("name"), QStringLiteral("columnNames") }, &u))
                    return false;
                Unique unique;
                if (!u->field(QLatin1String("columnNames")))
                    return fail(*u, QStringLiteral("the unique constraint has no columnNames"));
                if (!stringList(*u->field(QLatin1String("columnNames")), QStringLiteral("columnNames"),
                        &unique.columns)
                    || !optionalString(u, QLatin1String("name"), &unique.name))
                    return false;
                uniques.append(unique);
            }
        }
        for (const Column &c : columns) {
            if (!c.isUnique)
                continue;
            bool exists = false;
            for (const Unique &u : uniques)
                exists = exists || (u.columns.size() == 1 && u.columns.constFirst() == c.name);
            if (!exists)
                uniques.append(
                    { TypeOrmSchemaTranslator::uniqueName(table, { c.name }, m_version), { c.name } });
        }
        if (!uniques.isEmpty()) {
            QStringList parts;
            for (const Unique &u : uniques)
                parts.append(QStringLiteral("CONSTRAINT %1 UNIQUE (%2)")
                                 .arg(quoted(u.name.isEmpty() ? TypeOrmSchemaTranslator::uniqueName(
                                                 table, u.columns, m_version)
                                                              : u.name),
                                     quotedList(u.columns, QStringLiteral(", "))));
            create += QStringLiteral(", ") + parts.join(QStringLiteral(", "));
        }
        if (const JsValue *cv = o->field(QLatin1String("checks"))) {
            if (!staticOrFail(*cv, QStringLiteral("checks")))
                return false;
            if (cv->kind != JsValue::Kind::Array)
                return fail(*cv, QStringLiteral("checks is not an array"));
            QStringList parts;
            for (const JsValue &item : cv->items) {
                const JsValue *ch = nullptr;
                if (!options(item, QStringLiteral("TableCheck"), true,
                        { QStringLiteral("name"), QStringLiteral("expression") }, &ch))
                    return false;
                QString name;
                QString expression;
                if (!ch->field(QLatin1String("expression")))
                    return fail(*ch, QStringLiteral("the check has no expression"));
                if (!string(*ch->field(QLatin1String("expression")), QStringLiteral("the check expression"),
                        &expression)
                    || !optionalString(ch, QLatin1String("name"), &name))
                    return false;
                if (name.isEmpty())
                    name = TypeOrmSchemaTranslator::checkName(table, expression, m_version);
                parts.append(QStringLiteral("CONSTRAINT %1 CHECK (%2)").arg(quoted(name), expression));
            }
            if (!parts.isEmpty())
                create += QStringLiteral(", ") + parts.join(QStringLiteral(", "));
        }
        if (const JsValue *fv = o->field(QLatin1String("foreignKeys"))) {
            if (!staticOrFail(*fv, QStringLiteral("foreignKeys")))
                return false;
            if (fv->kind != JsValue::Kind::Array)
                return fail(*fv, QStringLiteral("foreignKeys is not an array"));
            QStringList parts;
            for (const JsValue &item : fv->items) {
                ForeignKey fk;
                if (!foreignKey(item, true, table, &fk))
                    return false;
                parts.append(QStringLiteral("CONSTRAINT %1 FOREIGN KEY (%2) REFERENCES %3 (%4)")
                                 .arg(quoted(fk.name), quotedList(fk.columns, QStringLiteral(", ")),
                                     quoted(fk.referencedTable),
                                     quotedList(fk.referencedColumns, QStringLiteral(", ")))
                    + actions(fk));
            }
            if (!parts.isEmpty())
                create += QStringLiteral(", ") + parts.join(QStringLiteral(", "));
        }
        QStringList primary;
        QString primaryName;
        for (const Column &c : columns) {
            if (!c.isPrimary)
                continue;
            if (primary.isEmpty())
                primaryName = c.primaryKeyConstraintName;
            primary.append(c.name);
        }
        if (!primary.isEmpty()) {
            if (primaryName.isEmpty())
                primaryName = TypeOrmSchemaTranslator::primaryKeyName(table, primary, m_version);
            create += QStringLiteral(", CONSTRAINT %1 PRIMARY KEY (%2)")
                          .arg(quoted(primaryName), quotedList(primary, QStringLiteral(", ")));
        }
        create += QLatin1Char(')');
        sql->append(create);
        // TypeORM appends these to the CREATE TABLE text after a `;`; as their
        // own statements they do the same.
        for (const Column &c : columns)
            if (!c.comment.isEmpty())
                sql->append(comment(table, c));
        if (const JsValue *iv = o->field(QLatin1String("indices"))) {
            if (!staticOrFail(*iv, QStringLiteral("indices")))
                return false;
            if (iv->kind != JsValue::Kind::Array)
                return fail(*iv, QStringLiteral("indices is not an array"));
            for (const JsValue &item : iv->items) {
                Index idx;
                if (!index(item, true, table, &idx))
                    return false;
                sql->append(indexSql(table, idx));
            }
        }
        return true;
    }

    bool argumentCount(const QList<JsValue> &arguments, qsizetype count, const QString &call)
    {
        if (arguments.size() >= count)
            return true;
        JsValue none;
        return fail(none, QStringLiteral("%1 needs %2 arguments").arg(call).arg(count));
    }
};

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
    Reader r(version);
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
            Reader::Column c;
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
            Reader::Index idx;
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
            Reader::ForeignKey fk;
            ok = r.foreignKey(keys.at(i), false, table, &fk);
            if (ok)
                outcome.sql.append(
                    QStringLiteral("ALTER TABLE %1 ADD CONSTRAINT %2 FOREIGN KEY (%3) REFERENCES %4(%5)")
                        .arg(quoted(table), quoted(fk.name), quotedList(fk.columns, QStringLiteral(", ")),
                            quoted(fk.referencedTable), quotedList(fk.referencedColumns, QStringLiteral(",")))
                    + Reader::actions(fk));
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
        r.failure.message = dependsOnDatabase.contains(method)
            ? QStringLiteral(
                "not translated: the SQL TypeORM sends for it depends on the table as it is in the "
                "database (its primary key, indices, constraints, sequences or enum types)")
            : QStringLiteral("not translated (supported: query, createTable, dropTable, addColumn(s), "
                             "createIndex/createIndices, dropIndex, createForeignKey(s), dropForeignKey)");
    }
    outcome.ok = ok;
    if (!ok) {
        outcome.sql.clear();
        outcome.message = r.failure.message;
        outcome.line = r.failure.line;
        outcome.column = r.failure.column;
    }
    return outcome;
}
