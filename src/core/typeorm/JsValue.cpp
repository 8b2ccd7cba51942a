#include "JsValue.h"

#include <QLocale>

#include <cmath>

bool JsValue::isStatic() const
{
    return firstComputed() == nullptr;
}

const JsValue *JsValue::firstComputed() const
{
    if (kind == Kind::Computed)
        return this;
    for (const JsValue &item : items)
        if (const JsValue *c = item.firstComputed())
            return c;
    for (const auto &field : fields)
        if (const JsValue *c = field.second.firstComputed())
            return c;
    return nullptr;
}

const JsValue *JsValue::field(QLatin1String name) const
{
    for (const auto &f : fields)
        if (f.first == name)
            return &f.second;
    return nullptr;
}

bool JsValue::truthy() const
{
    switch (kind) {
    case Kind::Null:
    case Kind::Undefined:
        return false;
    case Kind::String:
        return !text.isEmpty();
    case Kind::Number: {
        const double n = number();
        return n != 0 && !std::isnan(n);
    }
    case Kind::Boolean:
        return boolean;
    default:
        return true;
    }
}

double JsValue::number() const
{
    QString digits = text;
    digits.remove(QLatin1Char('_'));
    const bool negative = digits.startsWith(QLatin1Char('-'));
    if (negative)
        digits.remove(0, 1);
    double value = 0;
    bool ok = false;
    const QString prefix = digits.left(2).toLower();
    if (prefix == QLatin1String("0x") || prefix == QLatin1String("0o") || prefix == QLatin1String("0b")) {
        const int base = prefix == QLatin1String("0x") ? 16 : prefix == QLatin1String("0o") ? 8 : 2;
        value = double(digits.mid(2).toULongLong(&ok, base));
    } else {
        value = digits.toDouble(&ok);
    }
    if (!ok)
        return std::nan("");
    return negative ? -value : value;
}

bool JsValue::toJsString(QString *out) const
{
    switch (kind) {
    case Kind::String:
        *out = text;
        return true;
    case Kind::Number:
        *out = numberText(number());
        return true;
    case Kind::Boolean:
        *out = boolean ? QStringLiteral("true") : QStringLiteral("false");
        return true;
    case Kind::Null:
        *out = QStringLiteral("null");
        return true;
    case Kind::Undefined:
        *out = QStringLiteral("undefined");
        return true;
    default:
        return false;
    }
}

QString JsValue::numberText(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (value == 0)
        return QStringLiteral("0"); // -0 too
    if (std::isinf(value))
        return value < 0 ? QStringLiteral("-Infinity") : QStringLiteral("Infinity");
    if (value == std::trunc(value) && std::fabs(value) < 1e21)
        return QString::number(value, 'f', 0);
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}
