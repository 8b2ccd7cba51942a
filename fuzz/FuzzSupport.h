#pragma once

#include <QByteArray>
#include <QLoggingCategory>

// Shared by the fuzz targets: libFuzzer's input as a QByteArray, and logging
// below warnings off so a run measures the parser, not stderr.
// A copy, not QByteArray::fromRawData: the readers may hand constData() to C
// code that expects the '\0' every QByteArray they meet in Strata carries
// (libpg_query reads up to it), and raw data has none.
inline QByteArray fuzzInput(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

inline void quietLogging()
{
    QLoggingCategory::setFilterRules(QStringLiteral("*.debug=false\n*.info=false\n*.warning=false"));
}
