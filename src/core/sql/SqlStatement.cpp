#include "SqlStatement.h"

QString SqlStatement::summary(int maxLength) const
{
    QString s = QString::fromUtf8(text).simplified();
    if (s.size() > maxLength)
        s = s.left(maxLength - 1) + QChar(0x2026);
    return s;
}
