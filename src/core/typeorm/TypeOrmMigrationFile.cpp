#include "TypeOrmMigrationFile.h"

QString TypeOrmProblem::toString() const
{
    QString where = file;
    if (line > 0)
        where
            += QLatin1Char(':') + QString::number(line) + QLatin1Char(':') + QString::number(qMax(column, 1));
    return where + QStringLiteral(": ") + message;
}

bool TypeOrmMigrationFile::importable() const
{
    if (!problems.isEmpty() || !downProblems.isEmpty())
        return false;
    for (const QList<TypeOrmQuery> *list : { &up, &down })
        for (const TypeOrmQuery &q : *list)
            if (q.hasParameters)
                return false;
    return true;
}
