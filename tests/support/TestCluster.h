#pragma once

#include "db/ConnectionSettings.h"
#include "sandbox/SandboxCluster.h"

#include <QString>
#include <QStringList>

#include <gtest/gtest.h>

// The PostgreSQL cluster every database test in one test binary shares: started
// on first use (a binary whose tests need no database never starts one), with a
// random superuser password so password authentication is exercised, fsync off,
// and stopped by TestMain after the run. If the binary crashes or is killed, the
// cluster's watchdog stops the server and removes its folder.
class TestCluster
{
public:
    // Starts the cluster on the first call. If it cannot start, prints why (with
    // the server log) and aborts the binary: a test that got this far cannot go on.
    // Tests should begin with STRATA_REQUIRE_CLUSTER() to fail or skip cleanly instead.
    static SandboxCluster &instance();

    // Starts the cluster if needed; false (and the reason, with the server log) if
    // it cannot start. A failed start is not retried within the same binary.
    static bool available(QString *why = nullptr);

    // CI=true: a cluster that cannot start is a failure, never a skip.
    static bool required();

    // A new, empty database with a unique name (prefix, a counter and a random
    // suffix), and the settings to reach it as the superuser.
    static ConnectionSettings freshDatabase(const QString &prefix = QStringLiteral("t"));

    // The environment for a strata-cli child process: this process's environment
    // without any PG* variable, plus PGHOST, PGPORT, PGUSER, PGDATABASE and
    // PGPASSWORD (and PGSSLMODE) from `s`. The password goes only here, never
    // into the child's arguments.
    static QStringList childEnvironment(const ConnectionSettings &s);

    // Stops the cluster; TestMain calls it after RUN_ALL_TESTS().
    static void shutdown();
};

// First statement of a test (or a fixture's SetUp) that needs the database.
#define STRATA_REQUIRE_CLUSTER()                                                                             \
    do {                                                                                                     \
        QString strataClusterProblem;                                                                        \
        if (!TestCluster::available(&strataClusterProblem)) {                                                \
            if (TestCluster::required())                                                                     \
                FAIL() << "the test PostgreSQL cluster did not start:\n"                                     \
                       << strataClusterProblem.toStdString();                                                \
            else                                                                                             \
                GTEST_SKIP() << "no test PostgreSQL cluster (this would fail with CI=true):\n"               \
                             << strataClusterProblem.toStdString();                                          \
        }                                                                                                    \
    } while (false)
