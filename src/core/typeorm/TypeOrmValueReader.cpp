#include "TypeOrmValueReader.h"

#include <QRegularExpression>

bool TypeOrmValueReader::fail(const JsValue &at, const QString &message)
{
    m_failure.message = message;
    m_failure.line = at.line;
    m_failure.column = at.column;
    return false;
}

bool TypeOrmValueReader::staticOrFail(const JsValue &v, const QString &what)
{
    if (const JsValue *c = v.firstComputed())
        return fail(*c,
            QStringLiteral("%1 uses `%2` (%3), which cannot be read statically")
                .arg(what, c->text, c->reason));
    return true;
}

bool TypeOrmValueReader::string(const JsValue &v, const QString &what, QString *out)
{
    if (!staticOrFail(v, what))
        return false;
    if (v.kind != JsValue::Kind::String)
        return fail(v, QStringLiteral("%1 is `%2`, not a string").arg(what, v.source));
    *out = v.text;
    return true;
}

bool TypeOrmValueReader::table(const JsValue &v, QString *name)
{
    if (v.kind == JsValue::Kind::New)
        return fail(v,
            QStringLiteral("a `new %1(...)` object as the table is not translated; pass its name")
                .arg(v.text));
    if (!string(v, QStringLiteral("the table name"), name))
        return false;
    if (name->contains(QLatin1Char('.')))
        return fail(v, QStringLiteral("the schema-qualified table name `%1` is not translated").arg(*name));
    return true;
}

bool TypeOrmValueReader::stringList(const JsValue &v, const QString &what, QStringList *out)
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

bool TypeOrmValueReader::options(const JsValue &v, const QString &className, bool plainAllowed,
    const QStringList &allowed, const JsValue **object)
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

bool TypeOrmValueReader::jsText(const JsValue &v, const QString &what, QString *out)
{
    static const QRegularExpression canonical(QStringLiteral(R"(^-?(0|[1-9][0-9]{0,14})(\.[0-9]*[1-9])?$)"));
    switch (v.kind) {
    case JsValue::Kind::String:
        *out = v.text;
        return true;
    case JsValue::Kind::Boolean:
        *out = v.boolean ? QStringLiteral("true") : QStringLiteral("false");
        return true;
    case JsValue::Kind::Number:
        if (!canonical.match(v.text).hasMatch())
            return fail(
                v, QStringLiteral("%1 `%2` is a number written in a form not translated").arg(what, v.text));
        *out = v.text;
        return true;
    default:
        if (!staticOrFail(v, what))
            return false;
        return fail(v, QStringLiteral("%1 `%2` is not a string, number or boolean").arg(what, v.source));
    }
}

bool TypeOrmValueReader::flag(const JsValue *o, QLatin1String key, bool *out)
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

bool TypeOrmValueReader::optionalString(const JsValue *o, QLatin1String key, QString *out)
{
    const JsValue *v = o->field(key);
    if (!v || v->kind == JsValue::Kind::Undefined || v->kind == JsValue::Kind::Null)
        return true;
    return string(*v, QStringLiteral("`%1`").arg(key), out);
}

bool TypeOrmValueReader::defaults(
    const QList<JsValue> &arguments, qsizetype from, const QList<bool> &expected, const QString &call)
{
    if (arguments.size() > from + expected.size())
        return fail(
            arguments.at(from + expected.size()), QStringLiteral("more arguments than %1 takes").arg(call));
    for (qsizetype i = from; i < arguments.size(); ++i) {
        const JsValue &a = arguments.at(i);
        if (a.kind == JsValue::Kind::Undefined)
            continue;
        if (a.kind != JsValue::Kind::Boolean || a.boolean != expected.at(i - from))
            return fail(a,
                QStringLiteral("the argument `%1` is not translated (only the default, %2)")
                    .arg(a.source, expected.at(i - from) ? QStringLiteral("true") : QStringLiteral("false")));
    }
    return true;
}

bool TypeOrmValueReader::argumentCount(const QList<JsValue> &arguments, qsizetype count, const QString &call)
{
    if (arguments.size() >= count)
        return true;
    JsValue none;
    return fail(none, QStringLiteral("%1 needs %2 arguments").arg(call).arg(count));
}
