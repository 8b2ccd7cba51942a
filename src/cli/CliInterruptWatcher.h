#pragma once

#include <atomic>
#include <functional>
#include <thread>

// Ctrl+C during a run cancels the statement on the server (PQcancel) and lets
// the runner roll back and release its lock, instead of dying mid-transaction;
// during a backup or restore it stops pg_dump or pg_restore and removes what
// they left. The signal handler only sets a flag; this watcher's thread turns
// it into `cancel`. SIGINT and SIGTERM are back to their defaults once it is gone.
class CliInterruptWatcher
{
public:
    explicit CliInterruptWatcher(std::function<void()> cancel);
    ~CliInterruptWatcher();

    CliInterruptWatcher(const CliInterruptWatcher &) = delete;
    CliInterruptWatcher &operator=(const CliInterruptWatcher &) = delete;

private:
    std::atomic_bool m_stop { false };
    std::thread m_thread;
};
