#include "StrataError.h"

QString StrataError::toString() const
{
    QString out;
    if (!file.isEmpty()) {
        out += file;
        if (line > 0) {
            out += QLatin1Char(':') + QString::number(line);
            if (column > 0)
                out += QLatin1Char(':') + QString::number(column);
        }
        out += QLatin1String(": ");
    }
    out += message;
    if (!sqlState.isEmpty())
        out += QLatin1String(" (SQLSTATE ") + sqlState + QLatin1Char(')');
    if (!detail.isEmpty())
        out += QLatin1String("\n  DETAIL: ") + detail;
    if (!hint.isEmpty())
        out += QLatin1String("\n  HINT: ") + hint;
    if (!context.isEmpty())
        out += QLatin1String("\n  CONTEXT: ") + context;
    return out;
}
