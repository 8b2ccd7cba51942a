#include "StatementProgress.h"

#include <QLocale>

#include <algorithm>

int StatementProgress::percent() const
{
    if (total <= 0)
        return -1;
    return int(std::clamp<qint64>(done * 100 / total, 0, 100));
}

QString StatementProgress::describe() const
{
    if (isEmpty())
        return {};
    const QLocale c = QLocale::c();
    QString text = command;
    if (!phase.isEmpty())
        text += QStringLiteral(": ") + phase;
    if (total > 0)
        text += QStringLiteral(", %1% (%2 of %3 %4)")
                    .arg(percent())
                    .arg(c.toString(done), c.toString(total), unit);
    else if (done > 0)
        text += QStringLiteral(", %1 %2").arg(c.toString(done), unit);
    if (secondsLeft >= 0)
        text += secondsLeft < 90 ? QStringLiteral(", about %1 s left").arg(std::max<qint64>(secondsLeft, 1))
                                 : QStringLiteral(", about %1 min left").arg((secondsLeft + 30) / 60);
    return text;
}
