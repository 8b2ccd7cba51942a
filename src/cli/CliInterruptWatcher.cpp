#include "CliInterruptWatcher.h"

#include <chrono>
#include <csignal>

namespace {

std::atomic_bool interrupted { false };

extern "C" void onInterrupt(int)
{
    interrupted.store(true);
}

} // namespace

CliInterruptWatcher::CliInterruptWatcher(std::function<void()> cancel)
    : m_thread([this, cancel = std::move(cancel)] {
        while (!m_stop.load()) {
            if (interrupted.exchange(false))
                cancel();
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    })
{
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
}

CliInterruptWatcher::~CliInterruptWatcher()
{
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    m_stop.store(true);
    m_thread.join();
}
