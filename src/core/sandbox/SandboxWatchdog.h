#pragma once

#include "common/StrataError.h"

#include <QProcess>
#include <QString>

#include <memory>

// A /bin/sh beside a sandbox cluster that stops its server (and removes a
// throwaway folder) once this process is gone, however it ends: even after
// SIGKILL, where no destructor runs. It learns which server to stop through
// tell(); stop() ends it when the cluster was stopped in an orderly way.
class SandboxWatchdog
{
public:
    // `throwaway`: the server gets SIGQUIT (its data does not matter), else
    // SIGINT; `folderToRemove` may be empty.
    static Result<std::unique_ptr<SandboxWatchdog>> start(
        const QString &dataDirectory, bool throwaway, const QString &folderToRemove);
    ~SandboxWatchdog();

    SandboxWatchdog(const SandboxWatchdog &) = delete;
    SandboxWatchdog &operator=(const SandboxWatchdog &) = delete;

    // The server to stop: the one we started or checked, with its start time so
    // a reused pid is not mistaken for it.
    void tell(qint64 postmasterPid);
    void stop();

private:
    explicit SandboxWatchdog(std::unique_ptr<QProcess> process);

    std::unique_ptr<QProcess> m_process;
};
