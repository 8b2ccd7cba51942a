#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

// Another session on the server, as pg_stat_activity (and pg_locks) show it:
// what the pre-flight's blocker scan and the runner's lock-wait watch report.
struct BackendSession
{
    int pid = 0;
    QString user;
    QString application;
    QString clientAddress; // "local" for a Unix socket
    QString state; // active, idle in transaction ...
    QString query; // the current or last query (pg_stat_activity.query)
    QDateTime transactionStart; // UTC; invalid when no transaction is open
    QDateTime queryStart; // UTC
    double transactionAgeSeconds = -1; // at the time of the reading; -1 without a transaction
    double queryAgeSeconds = -1;
    // Its locks on the relations in question, e.g. "AccessShareLock on public.orders";
    // a lock it is still waiting for ends in " (waiting)".
    QStringList locks;

    bool isIdleInTransaction() const { return state.startsWith(QLatin1String("idle in transaction")); }
    // One line: "pid 4242 (alice, psql, idle in transaction for 12 s): LOCK TABLE orders ..."
    QString describe() const;
    QJsonObject toJson() const;
    // True when pid, state and query are the same: the things a person reacts
    // to. Ages are not compared; they change on every reading.
    bool sameAs(const BackendSession &other) const;

    static QString formatAge(double seconds); // "850 ms", "12 s", "4 min 3 s", "2 h 5 min"

    // The select list (columnCount() columns) that fromRow() reads, over
    // pg_stat_activity aliased as `alias`: both readers use the same one.
    static QByteArray selectList(const char *alias);
    static constexpr int columnCount = 10;
    static BackendSession fromRow(const class PgResult &result, int row, int firstColumn = 0);
};

using BackendSessionList = QList<BackendSession>;

Q_DECLARE_METATYPE(BackendSession)
