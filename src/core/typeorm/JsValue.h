#pragma once

#include "common/SourceMap.h"

#include <QList>
#include <QPair>
#include <QString>

// A JavaScript value the migration reader could know statically: literals,
// arrays, object literals and `new X({...})`. Anything else (a variable, a call,
// a template with ${...}, a spread) is Computed, with its source text, so the
// caller can say exactly what it could not read.
struct JsValue
{
    enum class Kind { Computed, String, Number, Boolean, Null, Undefined, Array, Object, New };

    Kind kind = Kind::Computed;
    QString text; // String: the value; Number: the literal; Computed: the source text; New: the class
    bool boolean = false;
    QList<JsValue> items; // Array elements, New arguments
    QList<QPair<QString, JsValue>> fields; // Object properties in source order
    QString source; // the source text of the whole value (set by the reader)
    // String: where the runs of `text` come from in the file (UTF-16 indexes),
    // across the pieces of a `+` concatenation.
    QList<SourceMap::Segment> origins;
    QString reason; // Computed: why it cannot be read (e.g. "a ${...} substitution")
    int line = 0;
    int column = 0;

    bool isStatic() const
    {
        if (kind == Kind::Computed)
            return false;
        for (const JsValue &item : items)
            if (!item.isStatic())
                return false;
        for (const auto &field : fields)
            if (!field.second.isStatic())
                return false;
        return true;
    }
    // The first value inside this one (itself included) that is Computed.
    const JsValue *firstComputed() const
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
    const JsValue *field(QLatin1String name) const
    {
        for (const auto &f : fields)
            if (f.first == name)
                return &f.second;
        return nullptr;
    }
};
