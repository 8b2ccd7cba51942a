#include "ParseTree.h"

namespace ParseTree {

QLatin1String key(const char *k)
{
    return QLatin1String(k);
}

QJsonObject objectAt(const QJsonObject &o, const char *k)
{
    return o.value(key(k)).toObject();
}

QString stringAt(const QJsonObject &o, const char *k)
{
    return o.value(key(k)).toString();
}

bool boolAt(const QJsonObject &o, const char *k)
{
    return o.value(key(k)).toBool();
}

QString joinNames(const QJsonArray &names)
{
    QStringList parts;
    for (const QJsonValue &v : names)
        parts.append(objectAt(v.toObject(), "String").value(key("sval")).toString());
    return parts.join(QLatin1Char('.'));
}

QString rangeVarName(const QJsonObject &rangeVar)
{
    const QString schema = stringAt(rangeVar, "schemaname");
    const QString name = stringAt(rangeVar, "relname");
    return schema.isEmpty() ? name : schema + QLatin1Char('.') + name;
}

QString unqualified(const QString &name)
{
    return name.section(QLatin1Char('.'), -1);
}

QString dropObjectName(const QJsonObject &object)
{
    if (object.contains(key("List")))
        return joinNames(objectAt(object, "List").value(key("items")).toArray());
    if (object.contains(key("TypeName")))
        return joinNames(objectAt(object, "TypeName").value(key("names")).toArray());
    if (object.contains(key("ObjectWithArgs")))
        return joinNames(objectAt(object, "ObjectWithArgs").value(key("objname")).toArray());
    if (object.contains(key("String")))
        return objectAt(object, "String").value(key("sval")).toString();
    return {};
}

QString typeName(const QJsonObject &typeNameNode)
{
    return unqualified(joinNames(typeNameNode.value(key("names")).toArray()));
}

bool defElemIsTrue(const QJsonObject &defElem)
{
    const QJsonObject arg = objectAt(defElem, "arg");
    if (arg.isEmpty())
        return true;
    if (arg.contains(key("Integer")))
        return objectAt(arg, "Integer").value(key("ival")).toInt() != 0;
    if (arg.contains(key("Boolean")))
        return boolAt(objectAt(arg, "Boolean"), "boolval");
    const QString text = stringAt(objectAt(arg, "String"), "sval").toLower();
    return text != QLatin1String("false") && text != QLatin1String("off") && text != QLatin1String("0")
        && text != QLatin1String("no");
}

QString notNullTestColumn(const QJsonObject &expression)
{
    const QJsonObject test = objectAt(expression, "NullTest");
    if (stringAt(test, "nulltesttype") != QLatin1String("IS_NOT_NULL"))
        return {};
    const QJsonArray fields = objectAt(objectAt(test, "arg"), "ColumnRef").value(key("fields")).toArray();
    if (fields.isEmpty())
        return {};
    return stringAt(objectAt(fields.last().toObject(), "String"), "sval");
}

QList<QJsonObject> columnConstraints(const QJsonObject &columnDef)
{
    QList<QJsonObject> constraints;
    for (const QJsonValue &cv : columnDef.value(key("constraints")).toArray())
        constraints.append(objectAt(cv.toObject(), "Constraint"));
    return constraints;
}

bool hasConstraint(const QJsonObject &columnDef, QLatin1String type)
{
    for (const QJsonObject &c : columnConstraints(columnDef))
        if (stringAt(c, "contype") == type)
            return true;
    return false;
}

bool isZeroSetting(const QJsonArray &args)
{
    if (args.size() != 1)
        return false;
    const QJsonObject constant = objectAt(args.first().toObject(), "A_Const");
    if (constant.contains(key("ival"))) // protobuf leaves a zero ival out: {"ival": {}}
        return objectAt(constant, "ival").value(key("ival")).toInt() == 0;
    const QString text = stringAt(objectAt(constant, "sval"), "sval").trimmed();
    int digits = 0;
    while (digits < text.size() && text.at(digits).isDigit())
        ++digits;
    return digits > 0 && text.left(digits).toLongLong() == 0;
}

bool hasConcurrentlyParam(const QJsonObject &node)
{
    for (const QJsonValue &p : node.value(key("params")).toArray()) {
        const QJsonObject option = objectAt(p.toObject(), "DefElem");
        if (stringAt(option, "defname") == QLatin1String("concurrently") && defElemIsTrue(option))
            return true;
    }
    return false;
}

} // namespace ParseTree
