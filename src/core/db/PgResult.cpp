#include "PgResult.h"

#include <libpq-fe.h>

void PgResult::Deleter::operator()(pg_result *r) const
{
    PQclear(r);
}

PgResult::PgResult(pg_result *result)
    : m_result(result)
{
}

bool PgResult::ok() const
{
    if (!m_result)
        return false;
    const ExecStatusType status = PQresultStatus(m_result.get());
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
}

int PgResult::rowCount() const
{
    return m_result ? PQntuples(m_result.get()) : 0;
}

int PgResult::columnCount() const
{
    return m_result ? PQnfields(m_result.get()) : 0;
}

bool PgResult::isNull(int row, int column) const
{
    return PQgetisnull(m_result.get(), row, column) != 0;
}

QString PgResult::value(int row, int column) const
{
    return QString::fromUtf8(
        PQgetvalue(m_result.get(), row, column), PQgetlength(m_result.get(), row, column));
}

qint64 PgResult::toInt64(int row, int column) const
{
    return QByteArray(PQgetvalue(m_result.get(), row, column)).toLongLong();
}

QByteArray PgResult::bytes(int row, int column) const
{
    return QByteArray(PQgetvalue(m_result.get(), row, column), PQgetlength(m_result.get(), row, column));
}

int PgResult::errorPosition() const
{
    if (!m_result)
        return 0;
    const char *position = PQresultErrorField(m_result.get(), PG_DIAG_STATEMENT_POSITION);
    return position ? QByteArray(position).toInt() : 0;
}

StrataError PgResult::error() const
{
    StrataError e;
    e.kind = StrataError::Kind::Sql;
    if (!m_result) {
        e.kind = StrataError::Kind::Connection;
        e.message = QStringLiteral("no result from the server (connection lost?)");
        return e;
    }
    auto field = [this](int code) { return QString::fromUtf8(PQresultErrorField(m_result.get(), code)); };
    e.message = field(PG_DIAG_MESSAGE_PRIMARY);
    if (e.message.isEmpty())
        e.message = QString::fromUtf8(PQresultErrorMessage(m_result.get())).trimmed();
    if (e.message.isEmpty())
        e.message = QStringLiteral("unknown error");
    e.sqlState = field(PG_DIAG_SQLSTATE);
    e.detail = field(PG_DIAG_MESSAGE_DETAIL);
    e.hint = field(PG_DIAG_MESSAGE_HINT);
    e.context = field(PG_DIAG_CONTEXT);
    // A result that carries no SQLSTATE came from libpq itself: the connection broke.
    if (e.sqlState.isEmpty() || e.sqlState.startsWith(QLatin1String("08")))
        e.kind = StrataError::Kind::Connection;
    return e;
}
