#pragma once

#include <QString>
#include <QTemporaryDir>

// Gives one test process settings of its own for as long as it lives.
//
// ctest runs test processes side by side, and QStandardPaths' test mode alone gives
// them all one settings file (~/.qttest/config): one test's "staging" profile showed
// up in another's store, and a GUI test's clear() wiped a profile another test had
// just saved. Construct one in main() before any test runs.
class TestSettings
{
public:
    TestSettings();

    bool isValid() const { return m_dir.isValid(); }
    QString errorString() const { return m_dir.errorString(); }

private:
    QTemporaryDir m_dir;
};
