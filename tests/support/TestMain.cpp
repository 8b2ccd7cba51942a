#include "TestCluster.h"
#include "TestSettings.h"

#include <QCoreApplication>

#include <gtest/gtest.h>

// The main() of every test binary: gtest takes its flags first, Qt gets the rest.
int main(int argc, char **argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    QCoreApplication app(argc, argv);
    const TestSettings settings;
    if (!settings.isValid()) {
        qCritical("cannot create a settings folder for the tests: %s", qPrintable(settings.errorString()));
        return 2;
    }
    const int result = RUN_ALL_TESTS();
    // Also when tests failed; a crash or SIGKILL is left to the cluster's watchdog.
    TestCluster::shutdown();
    return result;
}
