#include "FunctionVolatility.h"

#include <QFile>
#include <QSet>

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
