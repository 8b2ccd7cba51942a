#pragma once

#include "common/StrataError.h"
#include "db/ConnectionSettings.h"

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

class SandboxCluster;

// Debian's PgBouncer (/usr/sbin/pgbouncer, or $STRATA_PGBOUNCER) in front of
// the test cluster, started by a test and stopped (its folder removed) when the
// object goes. It listens on a Unix socket in a private temporary folder only,
// so no other user on the machine can reach it, and authenticates clients with
// SCRAM against a userlist file in that folder holding the superuser's SCRAM
// verifier from pg_authid (not the password; the file is 0600; nothing is on a
// command line). It logs in to the cluster over the cluster's own socket with
// the keys the client's SCRAM exchange proved (PgBouncer's SCRAM pass-through).
class TestPooler
{
public:
    enum class Mode { Session, Transaction, Statement };

    // `settings`: more lines for the [pgbouncer] section ("server_round_robin = 1").
    static Result<std::unique_ptr<TestPooler>> start(
        const SandboxCluster &cluster, Mode mode, const QStringList &settings = {});
    ~TestPooler();

    TestPooler(const TestPooler &) = delete;
    TestPooler &operator=(const TestPooler &) = delete;

    // The cluster's superuser and password, this pooler's socket and port.
    ConnectionSettings connectionSettings(const QString &database) const;
    QString socketDirectory() const;
    int port() const { return m_port; }
    QString log() const;

    // The pgbouncer binary; empty when none is installed.
    static QString program();

private:
    TestPooler() = default;

    std::unique_ptr<QTemporaryDir> m_folder;
    QProcess m_process;
    ConnectionSettings m_server;
    int m_port = 0;
};
