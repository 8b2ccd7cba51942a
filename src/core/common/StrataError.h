#pragma once

#include <QMetaType>
#include <QString>

#include <utility>
#include <variant>

// Errors are values in Strata: every fallible operation returns one of these (or a
// Result holding one) so that the CLI, the GUI and the tests all see the same
// what-and-where, including the server's SQLSTATE, detail and hint.
struct StrataError
{
    enum class Kind {
        Usage, // the caller asked for something impossible
        Io, // a file could not be read or written
        Source, // a migration file is malformed
        Syntax, // libpg_query rejected the SQL
        Connection, // could not reach or log in to the server
        Sql, // the server rejected a statement
        Lock, // another runner holds the migration lock
        Drift, // the plan is unsafe: edited, missing or out-of-order migrations
        Cancelled, // the user cancelled the run
        Environment, // a tool or driver is missing
    };

    Kind kind = Kind::Usage;
    QString message;
    QString file; // the migration file (or a description of the SQL source)
    int line = 0; // 1-based; 0 when unknown
    int column = 0; // 1-based, in characters; 0 when unknown
    QString sqlState;
    QString detail;
    QString hint;
    QString context; // the server's CONTEXT (PL/pgSQL call stack and the like)

    static StrataError make(Kind kind, QString message, QString file = {})
    {
        StrataError e;
        e.kind = kind;
        e.message = std::move(message);
        e.file = std::move(file);
        return e;
    }

    // "file:line:column: message" followed by DETAIL/HINT/CONTEXT lines, the way
    // compilers and psql print errors so editors can jump to them.
    QString toString() const;
};

Q_DECLARE_METATYPE(StrataError)

template<typename T> class Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    {
    }
    Result(StrataError error)
        : m_value(std::move(error))
    {
    }

    bool ok() const { return std::holds_alternative<T>(m_value); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_value); }
    T &value() & { return std::get<T>(m_value); }
    T &&value() && { return std::get<T>(std::move(m_value)); }
    const T *operator->() const { return &std::get<T>(m_value); }
    T *operator->() { return &std::get<T>(m_value); }
    const T &operator*() const & { return value(); }

    const StrataError &error() const { return std::get<StrataError>(m_value); }

private:
    std::variant<T, StrataError> m_value;
};

// For operations that return nothing but may fail.
struct Ok
{
};
using Status = Result<Ok>;
