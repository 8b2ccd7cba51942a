#include "BackendSession.h"

#include "PgResult.h"

#include <QJsonArray>

#include <cmath>

QString BackendSession::formatAge(double seconds)
{
    if (seconds < 0)
        return QStringLiteral("?");
    if (seconds < 1)
        return QStringLiteral("%1 ms").arg(qRound(seconds * 1000));
    const qint64 s = qint64(std::floor(seconds));
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

QString BackendSession::describe() const
{
    QString age;
    if (isIdleInTransaction() && transactionAgeSeconds >= 0)
        age = QStringLiteral(" for ") + formatAge(transactionAgeSeconds);
    else if (state == QLatin1String("active") && queryAgeSeconds >= 0)
        age = QStringLiteral(" for ") + formatAge(queryAgeSeconds);
    QString line = QStringLiteral("pid %1 (%2, %3, %4%5")
                       .arg(pid)
                       .arg(user.isEmpty() ? QStringLiteral("?") : user,
                           application.isEmpty() ? QStringLiteral("no application name") : application,
                           state.isEmpty() ? QStringLiteral("unknown state") : state, age);
    if (transactionAgeSeconds >= 0 && !isIdleInTransaction())
        line += QStringLiteral(", transaction open %1").arg(formatAge(transactionAgeSeconds));
    line += QLatin1Char(')');
    if (!locks.isEmpty())
        line += QStringLiteral(" holds ") + locks.join(QStringLiteral(", "));
    const QString oneLine = query.simplified();
    if (!oneLine.isEmpty())
        line += QStringLiteral(": ")
            + (oneLine.size() > 120 ? oneLine.left(117) + QStringLiteral("...") : oneLine);
    return line;
}

QJsonObject BackendSession::toJson() const
{
    QJsonObject o;
    o[QLatin1String("pid")] = pid;
    o[QLatin1String("user")] = user;
    o[QLatin1String("application")] = application;
    o[QLatin1String("client")] = clientAddress;
    o[QLatin1String("state")] = state;
    o[QLatin1String("query")] = query;
    if (transactionStart.isValid()) {
        o[QLatin1String("transactionStart")] = transactionStart.toString(Qt::ISODateWithMs);
        o[QLatin1String("transactionAgeSeconds")] = transactionAgeSeconds;
    }
    if (queryStart.isValid()) {
        o[QLatin1String("queryStart")] = queryStart.toString(Qt::ISODateWithMs);
        o[QLatin1String("queryAgeSeconds")] = queryAgeSeconds;
    }
    if (!locks.isEmpty())
        o[QLatin1String("locks")] = QJsonArray::fromStringList(locks);
    return o;
}

bool BackendSession::sameAs(const BackendSession &other) const
{
    return pid == other.pid && state == other.state && query == other.query && locks == other.locks;
}

QByteArray BackendSession::selectList(const char *alias)
{
    const QByteArray a(alias);
    auto utc = [&a](const char *column) {
        return "to_char(" + a + '.' + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
    };
    return a + ".pid, " + a + ".usename, " + a + ".application_name, coalesce(host(" + a
        + ".client_addr), 'local'), " + a + ".state, " + a + ".query, " + utc("xact_start") + ", "
        + utc("query_start") + ", extract(epoch FROM clock_timestamp() - " + a
        + ".xact_start)::float8, extract(epoch FROM clock_timestamp() - " + a + ".query_start)::float8";
}

BackendSession BackendSession::fromRow(const PgResult &result, int row, int firstColumn)
{
    const int c = firstColumn;
    BackendSession s;
    s.pid = int(result.toInt64(row, c));
    s.user = result.value(row, c + 1);
    s.application = result.value(row, c + 2);
    s.clientAddress = result.value(row, c + 3);
    s.state = result.value(row, c + 4);
    s.query = result.value(row, c + 5);
    if (!result.isNull(row, c + 6))
        s.transactionStart = QDateTime::fromString(result.value(row, c + 6), Qt::ISODateWithMs);
    if (!result.isNull(row, c + 7))
        s.queryStart = QDateTime::fromString(result.value(row, c + 7), Qt::ISODateWithMs);
    if (!result.isNull(row, c + 8))
        s.transactionAgeSeconds = result.value(row, c + 8).toDouble();
    if (!result.isNull(row, c + 9))
        s.queryAgeSeconds = result.value(row, c + 9).toDouble();
    return s;
}
