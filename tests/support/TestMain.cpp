#include "TestCluster.h"

#include <QCoreApplication>
#include <QStandardPaths>

#include <gtest/gtest.h>

// The main() of every test binary: gtest takes its flags first, Qt gets the rest.
int main(int argc, char **argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    QCoreApplication app(argc, argv);
    // Settings, caches and keychain-free state go to test locations, never the user's.
    QStandardPaths::setTestModeEnabled(true);
    const int result = RUN_ALL_TESTS();
    // Also when tests failed; a crash or SIGKILL is left to the cluster's watchdog.
    TestCluster::shutdown();
    return result;
}
