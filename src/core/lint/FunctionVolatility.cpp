#include "FunctionVolatility.h"

#include "ParseTree.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

using namespace ParseTree;

namespace {

QSet<QString> loadBuiltins()
{
    QSet<QString> names;
    QFile file(QStringLiteral(":/strata/lint/builtin-nonvolatile-functions.txt"));
    if (!file.open(QIODevice::ReadOnly))
        return names; // every function volatile: more findings, never fewer
    for (const QByteArray &line : file.readAll().split('\n'))
        if (!line.isEmpty() && !line.startsWith('#'))
            names.insert(QString::fromUtf8(line));
    return names;
}

} // namespace

bool FunctionVolatility::isBuiltinNonVolatile(const QString &name)
{
    static const QSet<QString> builtins = loadBuiltins();
    return builtins.contains(name);
}

bool FunctionVolatility::isVolatile(const QString &name, const LintContext &context)
{
    if (const auto it = context.functionIsVolatile.constFind(name); it != context.functionIsVolatile.cend())
        return it.value();
    return !isBuiltinNonVolatile(name);
}

QString FunctionVolatility::firstVolatileCall(const QJsonValue &value, const LintContext &context)
{
    if (value.isArray()) {
        for (const QJsonValue &v : value.toArray())
            if (QString f = firstVolatileCall(v, context); !f.isEmpty())
                return f;
    } else if (value.isObject()) {
        const QJsonObject o = value.toObject();
        if (o.contains(key("FuncCall"))) {
            const QString f
                = unqualified(joinNames(objectAt(o, "FuncCall").value(key("funcname")).toArray()));
            if (isVolatile(f, context))
                return f;
        }
        for (auto it = o.constBegin(); it != o.constEnd(); ++it)
            if (QString f = firstVolatileCall(it.value(), context); !f.isEmpty())
                return f;
    }
    return {};
}
