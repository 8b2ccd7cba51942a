#include "SandboxWatchdog.h"

#include "SandboxHost.h"

#include <unistd.h>

namespace {

// Runs until whoever holds the other end of its standard input is gone: this
// process, however it ends (even SIGKILL, where no destructor runs). Then it
// stops the postmaster and removes a temporary folder.
//
// The postmaster is the one this process started (or checked, when attaching),
// told on standard input as "pid PID STARTTIME" (STARTTIME: field 22 of
// /proc/PID/stat), never read from postmaster.pid: that file belongs to the
// postgres user (and a superuser's COPY ... TO can write it), and a watchdog
// running as root would signal whatever process it names. The start time
// guards against the pid being reused after the server is gone.
// $1 data directory (unused, for ps), $2 signal (QUIT for throwaway data, INT to keep it), $3 folder to
// remove or "".
const char WatchdogScript[] = R"(
pm=
st=
while read -r kind a b; do
  if [ "$kind" = pid ]; then pm=$a; st=$b; fi
done
case "$pm$st" in *[!0-9]*) pm= ;; esac
ours() {
  [ -n "$pm" ] && [ -n "$st" ] || return 1
  s=$(cat "/proc/$pm/stat" 2>/dev/null) || return 1
  s=${s##*) }
  set -- $s
  [ "$1" != Z ] && [ "$1" != X ] && [ "${20}" = "$st" ]
}
if ours; then
  kill -"$2" "$pm" 2>/dev/null
  i=0
  while [ $i -lt 300 ] && ours; do
    sleep 0.1
    i=$((i + 1))
  done
fi
if [ -n "$3" ]; then rm -rf -- "$3"; fi
)";

} // namespace

Result<std::unique_ptr<SandboxWatchdog>> SandboxWatchdog::start(
    const QString &dataDirectory, bool throwaway, const QString &folderToRemove)
{
    auto process = std::make_unique<QProcess>();
    process->setProgram(QStringLiteral("/bin/sh"));
    process->setArguments({ QStringLiteral("-c"), QString::fromLatin1(WatchdogScript),
        QStringLiteral("strata-sandbox-watchdog"), dataDirectory,
        throwaway ? QStringLiteral("QUIT") : QStringLiteral("INT"), folderToRemove });
    process->setStandardOutputFile(QProcess::nullDevice());
    process->setStandardErrorFile(QProcess::nullDevice());
    // Its own session: a Ctrl+C that kills us must leave the watchdog to clean up.
    process->setChildProcessModifier([] { ::setsid(); });
    // Its standard input stays a pipe whose only writer is this process: the
    // kernel closes it when we exit or are killed, and the watchdog reads EOF.
    process->start(QIODevice::WriteOnly);
    if (!process->waitForStarted(10'000))
        return StrataError::make(StrataError::Kind::Environment,
            QStringLiteral("could not start the sandbox watchdog (/bin/sh): %1").arg(process->errorString()));
    return std::unique_ptr<SandboxWatchdog>(new SandboxWatchdog(std::move(process)));
}

SandboxWatchdog::SandboxWatchdog(std::unique_ptr<QProcess> process)
    : m_process(std::move(process))
{
}

SandboxWatchdog::~SandboxWatchdog() = default;

void SandboxWatchdog::tell(qint64 postmasterPid)
{
    const QByteArray started = SandboxHost::processStartTime(postmasterPid);
    if (started.isEmpty())
        return;
    m_process->write("pid " + QByteArray::number(postmasterPid) + ' ' + started + '\n');
    m_process->waitForBytesWritten(5000);
}

void SandboxWatchdog::stop()
{
    // Killed rather than released: closing its input would make it tear down a
    // cluster we have already stopped ourselves.
    m_process->kill();
    m_process->waitForFinished(5000);
}
