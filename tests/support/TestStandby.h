#pragma once

#include "common/StrataError.h"
#include "db/ConnectionSettings.h"

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

class SandboxCluster;

// A hot standby of the test cluster: pg_basebackup of it into a private
// temporary folder, then a postgres in standby mode streaming from it over the
// cluster's socket, listening on a socket of its own. Stopped (fast shutdown)
// and removed when the object goes.
//
// The walreceiver logs in with the cluster's password from PGPASSWORD in the
// standby server's environment: primary_conninfo (given with -c) carries no
// password, and pg_basebackup runs without -R so no file holds one.
class TestStandby
{
public:
    static Result<std::unique_ptr<TestStandby>> start(SandboxCluster &primary);
    ~TestStandby();

    TestStandby(const TestStandby &) = delete;
    TestStandby &operator=(const TestStandby &) = delete;

    ConnectionSettings connectionSettings(const QString &database) const;

    // Waits until the standby has replayed everything the primary has written
    // so far (a database created since, migrations applied since).
    Status catchUp();

    QString log() const;

private:
    TestStandby() = default;

    std::unique_ptr<QTemporaryDir> m_folder;
    QProcess m_process;
    ConnectionSettings m_primary;
    QString m_binDir;
    int m_port = 0;
};
