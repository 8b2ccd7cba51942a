#pragma once

#include "db/ConnectionSettings.h"
#include "db/PgConnection.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <gtest/gtest.h>

#include <memory>

class SchemaDiff;

// What the schema round-trip tests (fixtures and the real-schema corpus) share:
// a throwaway database, a generated script applied the way a migration runs it,
// and pg_dump's view of a database, which is what they judge by.
namespace SchemaTestSupport {

struct Database
{
    ConnectionSettings settings;
    std::unique_ptr<PgConnection> connection;
};

// A fresh database of the test cluster, with `sql` (one multi-statement string)
// run in it. Empty `sql`: an empty database.
::testing::AssertionResult openWith(Database &db, const QByteArray &sql);

// A fresh database with a schema file loaded by Strata's own loader
// (SchemaSource::loadSqlFile, what `diff --from FILE.sql` uses), on a
// connection of its own: a dump's set_config('search_path', '') stays in it.
::testing::AssertionResult openWithFile(Database &db, const QString &path);

// pg_dump --schema-only (plus `extraArguments`) with only the noise removed:
// the \restrict lines (a random key), comment lines, SET lines and blank lines.
// Everything that describes an object stays, in pg_dump's order. `entries`,
// if given, receives the number of objects in the dump (its "-- Name:" entries).
QString normalizedDump(const ConnectionSettings &s, QString *error, const QStringList &extraArguments = {},
    int *entries = nullptr);

// Applies a generated script the way a migration would run it: in one
// transaction, or statement by statement when the diff asks for transaction:false.
::testing::AssertionResult applyScript(PgConnection &c, const QString &sql, bool outsideTransaction);

// The diff's changes and both scripts, for a failure message.
QString describe(const SchemaDiff &diff);

} // namespace SchemaTestSupport
