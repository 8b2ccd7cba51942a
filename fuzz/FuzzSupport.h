#pragma once

#include <QByteArray>
#include <QLoggingCategory>

// Shared by the fuzz targets: libFuzzer's input as a QByteArray (no copy), and
// logging below warnings off so a run measures the parser, not stderr.
inline QByteArray fuzzInput(const uint8_t *data, size_t size)
{
    return QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
}

inline void quietLogging()
{
    QLoggingCategory::setFilterRules(QStringLiteral("*.debug=false\n*.info=false\n*.warning=false"));
}
