#pragma once

#include "common/StrataError.h"

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

// What the extra servers of the tests (a PgBouncer, a hot standby) share with
// the test cluster: as root (CI) they run as the `postgres` system user through
// runuser, from a private temporary folder handed to that user; they are child
// processes of the test binary and get SIGTERM if it dies (PR_SET_DEATHSIG,
// which runuser passes on to its child).
namespace ServerProcess {

// A 0700 folder under /tmp that the server user owns; removed with the object.
// Folders of the same prefix left by test processes that were killed (owner.pid
// names a process that is gone) are removed first.
Result<std::unique_ptr<QTemporaryDir>> makePrivateFolder(const QString &prefix);

// Gives a file or folder to the server user (nothing to do when not root).
Status handToServerUser(const QString &path);

// Sets the program and arguments, wrapped in `runuser -u postgres --` as root.
void setCommand(QProcess &process, const QString &program, const QStringList &arguments);

// The environment without the PG* variables of whoever runs the tests.
QProcessEnvironment cleanEnvironment();

// Starts `process` (set up with setCommand) with stdout and stderr appended to
// `logFile`, and arranges for it to be signalled if this process dies.
Status start(QProcess &process, const QString &logFile);

// The pid of the server itself: the process's own pid, or as root the child
// runuser started. 0 when there is none.
qint64 serverPid(const QProcess &process);

// Sends `signal` to the server and waits for it (and runuser) to exit; SIGKILL
// after the timeout.
void stop(QProcess &process, int signal, int timeoutMs = 30000);

// Runs a client tool to completion; its output on failure.
Status runTool(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment,
    const QString &what, bool asServerUser = false);

// The last few kilobytes of a log file, for failure messages.
QString logTail(const QString &logFile);

} // namespace ServerProcess
