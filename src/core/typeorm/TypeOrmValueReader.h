#pragma once

#include "JsValue.h"

#include <QList>
#include <QString>
#include <QStringList>

// Reads the static JsValues of a QueryRunner call the way TypeORM takes them
// (a string, a list of strings, the options object of `new X({...})`, a flag,
// an optional argument left at its default) and keeps why a value is refused,
// with the place of the value, for the translator's message.
class TypeOrmValueReader
{
public:
    struct Failure
    {
        QString message;
        int line = 0; // 0: the call itself
        int column = 0;
    };

    const Failure &failure() const { return m_failure; }
    // Records the reason at the value's place; always false, so checks chain with &&.
    bool fail(const JsValue &at, const QString &message);

    bool staticOrFail(const JsValue &v, const QString &what);
    bool string(const JsValue &v, const QString &what, QString *out);
    // A table name as TypeORM's escapePath writes it; schema-qualified names are
    // left out of the subset (TypeORM leaves the schema off when it is the
    // connection's own, which a file cannot tell).
    bool table(const JsValue &v, QString *name);
    bool stringList(const JsValue &v, const QString &what, QStringList *out);
    // The options object of `new <className>({...})` (or a plain object where
    // TypeORM accepts one), with every key in `allowed`.
    bool options(const JsValue &v, const QString &className, bool plainAllowed, const QStringList &allowed,
        const JsValue **object);
    // How JavaScript turns a static value into text in `" DEFAULT " + value`.
    // Numbers only in the canonical form JavaScript prints back unchanged.
    bool jsText(const JsValue &v, const QString &what, QString *out);
    bool flag(const JsValue *o, QLatin1String key, bool *out);
    bool optionalString(const JsValue *o, QLatin1String key, QString *out);
    // Optional trailing arguments must be absent or their default.
    bool defaults(
        const QList<JsValue> &arguments, qsizetype from, const QList<bool> &expected, const QString &call);
    bool argumentCount(const QList<JsValue> &arguments, qsizetype count, const QString &call);

private:
    Failure m_failure;
};
