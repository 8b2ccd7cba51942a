#pragma once

#include "TestCluster.h"
#include "common/StrataError.h"
#include "ssh/SshSettings.h"

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

// Debian's OpenSSH server (/usr/sbin/sshd, or $STRATA_SSHD) as the bastion of
// the SSH tunnel tests: started by a test on 127.0.0.1 on a free port, from a
// temporary folder holding its own ed25519 host key, its sshd_config and an
// authorized_keys file with client keys made here (ssh-keygen). Nothing of
// the machine's own SSH setup is used or changed, so no system sshd is needed.
// It logs in the user running the tests (root too: PermitRootLogin yes), with
// keys only, and allows direct-tcpip forwarding. Stopped (with every session
// process it forked) when the object goes, and sent SIGTERM if the test
// process dies.
class TestSshd
{
public:
    static Result<std::unique_ptr<TestSshd>> start();
    ~TestSshd();

    TestSshd(const TestSshd &) = delete;
    TestSshd &operator=(const TestSshd &) = delete;

    int port() const { return m_port; }
    // An authorized key without a passphrase; one with passphrase(); one not authorized.
    QString clientKey() const;
    QString protectedClientKey() const;
    static QString passphrase() { return QStringLiteral("correct horse battery"); }
    QString strangerKey() const;
    // The server's host key as ssh-keygen -l prints it: "SHA256:...".
    QString hostKeyFingerprint() const { return m_fingerprint; }
    // Host 127.0.0.1, this port, the user running the tests, clientKey(), and
    // a known_hosts file in `folder` (not created here).
    SshSettings settings(const QString &knownHostsFolder) const;

    // Stops the server, gives it a new host key and starts it on the same port:
    // what a client sees as a changed host key.
    Status regenerateHostKey();
    // SIGKILL to the server and every session process under it: a bastion that
    // vanishes, taking open tunnels with it.
    void killAll();
    // sshd's log (LogLevel DEBUG1: it names each direct-tcpip channel).
    QString log() const;

    static QString program();

private:
    TestSshd() = default;
    Status makeHostKey();
    Status launch();

    std::unique_ptr<QTemporaryDir> m_folder;
    std::unique_ptr<QProcess> m_process;
    int m_port = 0;
    QString m_fingerprint;
};

// In a fixture's SetUp, after STRATA_REQUIRE_CLUSTER(): starts an sshd into
// `member` (a std::unique_ptr<TestSshd>), or fails the test with CI=true and
// skips it otherwise, saying why.
#define STRATA_START_SSHD(member)                                                                            \
    do {                                                                                                     \
        Result<std::unique_ptr<TestSshd>> strataSshd = TestSshd::start();                                    \
        if (!strataSshd) {                                                                                   \
            if (TestCluster::required())                                                                     \
                FAIL() << "sshd did not start: " << strataSshd.error().message.toStdString();                \
            GTEST_SKIP() << "no sshd (this would fail with CI=true): "                                       \
                         << strataSshd.error().message.toStdString();                                        \
        }                                                                                                    \
        member = std::move(strataSshd).value();                                                              \
    } while (false)
