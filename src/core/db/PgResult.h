#pragma once

#include "common/StrataError.h"

#include <QByteArray>
#include <QString>

#include <memory>

struct pg_result;

// Owns one libpq result. QPSQL's QSqlQuery hides the server's error fields
// (statement position, detail, hint, context), which Strata needs to point at
// the failing line of a migration, so the runner talks to the PGconn directly.
class PgResult
{
public:
    PgResult() = default;
    explicit PgResult(pg_result *result);

    bool ok() const; // command or tuples OK
    int rowCount() const;
    int columnCount() const;
    bool isNull(int row, int column) const;
    QString value(int row, int column) const;
    qint64 toInt64(int row, int column) const;
    QByteArray bytes(int row, int column) const;

    // Valid when !ok(): message, SQLSTATE, detail, hint, context and the
    // 1-based character position of the error inside the statement.
    StrataError error() const;
    int errorPosition() const;

private:
    struct Deleter
    {
        void operator()(pg_result *r) const;
    };
    std::unique_ptr<pg_result, Deleter> m_result;
};
