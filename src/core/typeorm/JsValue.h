#pragma once

#include "common/SourceMap.h"

#include <QList>
#include <QPair>
#include <QString>

// A JavaScript value the TypeORM readers could know statically: literals,
// arrays, object literals, `new X({...})` and what JsExpressionParser
// evaluates (`+`, `||`, `??`, parseInt, process.env in a data source ...).
// Anything else (a variable, a call, a template with ${...}, a spread) is
// Computed, with its source text, so the caller can say exactly what it could
// not read.
struct JsValue
{
    enum class Kind { Computed, String, Number, Boolean, Null, Undefined, Array, Object, New };

    Kind kind = Kind::Computed;
    // String: the value; Number: the literal (or the sum, written as
    // JavaScript prints it); Boolean, Null, Undefined: the keyword; Computed:
    // the source text; New: the class
    QString text;
    bool boolean = false;
    QList<JsValue> items; // Array elements, New arguments
    QList<QPair<QString, JsValue>> fields; // Object properties in source order
    QString source; // the source text of the whole value (set by the parser)
    // String: where the runs of `text` come from in the file (UTF-16 indexes),
    // across the pieces of a `+` concatenation.
    QList<SourceMap::Segment> origins;
    QString reason; // Computed: why it cannot be read (e.g. "a ${...} substitution")
    qsizetype offset = 0; // where the value starts in the source (UTF-16 index)
    int line = 0;
    int column = 0;

    bool isStatic() const;
    // The first value inside this one (itself included) that is Computed.
    const JsValue *firstComputed() const;
    const JsValue *field(QLatin1String name) const;

    bool isNullish() const { return kind == Kind::Null || kind == Kind::Undefined; }
    // JavaScript's truthiness (for `||`); a static value only.
    bool truthy() const;
    // The Number's value (hexadecimal, octal, binary and `_` separators read).
    double number() const;
    // JavaScript's String(value) for a string, number, boolean, null or
    // undefined; false for anything else.
    bool toJsString(QString *out) const;
    // A number as JavaScript prints it (integers without an exponent).
    static QString numberText(double value);
};
