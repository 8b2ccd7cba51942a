#include "TypeOrmTableSql.h"

#include "TypeOrmSchemaTranslator.h"

#include <QRegularExpression>

QString TypeOrmTableSql::quoted(const QString &identifier)
{
    return QLatin1Char('"') + identifier + QLatin1Char('"');
}

QString TypeOrmTableSql::quotedList(const QStringList &names, const QString &separator)
{
    QStringList out;
    for (const QString &n : names)
        out.append(quoted(n));
    return out.join(separator);
}

bool TypeOrmTableSql::column(const JsValue &v, bool plainAllowed, Column *out)
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
        || !flag(o, QLatin1String("isNullable"), &isNullable) || !flag(o, QLatin1String("isArray"), &isArray)
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
                QStringLiteral("a generated column `%1` of type `%2` without the uuid or identity strategy "
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
        if ((lengthValue && lengthValue->truthy())
            && !jsText(*lengthValue, QStringLiteral("`length`"), &length))
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
    if (isGenerated && strategy == QLatin1String("uuid") && !(def && def->truthy()))
        c += QStringLiteral(" DEFAULT uuid_generate_v4()"); // the driver's default uuidExtension
    out->definition = c;
    return true;
}

QString TypeOrmTableSql::comment(const QString &table, const Column &column)
{
    // escapeComment: '' for ', NUL bytes dropped.
    QString text = column.comment;
    text.replace(QLatin1Char('\''), QStringLiteral("''"));
    text.remove(QChar(0));
    return QStringLiteral("COMMENT ON COLUMN %1.%2 IS '%3'").arg(quoted(table), quoted(column.name), text);
}

bool TypeOrmTableSql::index(const JsValue &v, bool plainAllowed, const QString &table, Index *out)
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

QString TypeOrmTableSql::indexSql(const QString &table, const Index &index) const
{
    return QStringLiteral("CREATE %1INDEX %2 ON %3 %6(%4) %5")
        .arg(index.isUnique ? QStringLiteral("UNIQUE ") : QString(), quoted(index.name), quoted(table),
            quotedList(index.columns, QStringLiteral(", ")),
            index.where.isEmpty() ? QString() : QStringLiteral("WHERE ") + index.where,
            m_version == TypeOrmVersion::V1 ? QStringLiteral(" ") : QString());
}

bool TypeOrmTableSql::foreignKey(const JsValue &v, bool plainAllowed, const QString &table, ForeignKey *out)
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

QString TypeOrmTableSql::actions(const ForeignKey &fk)
{
    QString sql;
    if (!fk.onDelete.isEmpty())
        sql += QStringLiteral(" ON DELETE ") + fk.onDelete;
    if (!fk.onUpdate.isEmpty())
        sql += QStringLiteral(" ON UPDATE ") + fk.onUpdate;
    return sql;
}

bool TypeOrmTableSql::createTable(const QList<JsValue> &arguments, QStringList *sql)
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
        return fail(columnsValue ? *columnsValue : *o, QStringLiteral("the table needs an array of columns"));
    QList<Column> columns;
    QStringList definitions;
    for (const JsValue &cv : columnsValue->items) {
        Column c;
        if (!column(cv, true, &c))
            return false;
        columns.append(c);
        definitions.append(c.definition);
    }
    QString create
        = QStringLiteral("CREATE TABLE %1 (%2").arg(quoted(table), definitions.join(QStringLiteral(", ")));

    struct Unique
    {
        QString name;
        QStringList columns;
    };
    QList<Unique> uniques;
    if (const JsValue *uv = o->field(QLatin1String("uniques"))) {
        if (!staticOrFail(*uv, QStringLiteral("uniques")) || uv->kind != JsValue::Kind::Array)
            return failure().message.isEmpty() ? fail(*uv, QStringLiteral("uniques is not an array")) : false;
        for (const JsValue &item : uv->items) {
            const JsValue *u = nullptr;
            if (!options(item, QStringLiteral("TableUnique"), true,
                    { QStringLiteral("name"), QStringLiteral("columnNames") }, &u))
                return false;
            Unique unique;
            if (!u->field(QLatin1String("columnNames")))
                return fail(*u, QStringLiteral("the unique constraint has no columnNames"));
            if (!stringList(
                    *u->field(QLatin1String("columnNames")), QStringLiteral("columnNames"), &unique.columns)
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
            uniques.append({ TypeOrmSchemaTranslator::uniqueName(table, { c.name }, m_version), { c.name } });
    }
    if (!uniques.isEmpty()) {
        QStringList parts;
        for (const Unique &u : uniques)
            parts.append(QStringLiteral("CONSTRAINT %1 UNIQUE (%2)")
                             .arg(quoted(u.name.isEmpty()
                                          ? TypeOrmSchemaTranslator::uniqueName(table, u.columns, m_version)
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
            parts.append(
                QStringLiteral("CONSTRAINT %1 FOREIGN KEY (%2) REFERENCES %3 (%4)")
                    .arg(quoted(fk.name), quotedList(fk.columns, QStringLiteral(", ")),
                        quoted(fk.referencedTable), quotedList(fk.referencedColumns, QStringLiteral(", ")))
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
