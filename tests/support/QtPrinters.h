#pragma once

#include <QString>

#include <ostream>

// gtest prints a QString as its bytes otherwise ("2-byte object <76-00>"), in
// failure messages and in the names ctest shows for parameterized tests.
inline void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}
