#pragma once

#include "common/StrataError.h"

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

#include <sys/types.h>

// What a sandbox cluster needs of this machine, apart from the server itself:
// the user the server runs as (postgres, when we are root), the environment
// its tools get, processes read from /proc, free ports, and the private
// folders and files the server owns. Linux only, as the sandbox is.
class SandboxHost
{
public:
    // initdb and postgres refuse to run as root, so as root they run as this user.
    struct ServerUser
    {
        uid_t uid = 0;
        gid_t gid = 0;
    };

    // postmaster.pid lines: pid, data directory, start time, port, first socket
    // directory, listen address, shared memory key, status ("starting", "ready", ...).
    struct PidFile
    {
        qint64 pid = 0;
        int port = 0;
        QString status;
    };

    static bool runningAsRoot();
    // The postgres system user; nullopt when there is none.
    static std::optional<ServerUser> postgresUser();
    static void setServerCommand(QProcess &process, const QString &program, const QStringList &arguments);
    // The environment of the sandbox's client tools (no PG* variable of the user's).
    static QProcessEnvironment cleanEnvironment();
    // The server's: cleanEnvironment() with the C locale.
    static QProcessEnvironment serverEnvironment();

    // Alive and not a zombie.
    static bool processAlive(qint64 pid);
    static qint64 parentPid(qint64 pid);
    static QByteArray processStartTime(qint64 pid);
    static bool isPostmasterOf(qint64 pid, const QString &dataDirectory);
    // The data directory's postmaster.pid; nullopt when absent or still being written.
    static std::optional<PidFile> readPidFile(const QString &dataDirectory);
    static int majorVersion(const QString &dataDirectory);

    static bool tcpPortFree(int port);
    static int pickFreePort();

    // chown to the server user when we are root; nothing otherwise.
    static Status handToServerUser(const QString &path);
    // The first folder above `path` the server user cannot enter; empty when none.
    static QString folderClosedToServerUser(const QString &path);
    // mkpath, mode 0700, handed to the server user.
    static Status makePrivateFolder(const QString &path);
    static Status restrictHbaToSocket(const QString &dataDirectory);

    // SandboxCluster::postgresBinDir() and defaultPersistentDirectory() (see there).
    static QString postgresBinDir();
    static QString persistentSandboxDirectory();
};
