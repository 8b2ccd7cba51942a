#include "SqlScanner.h"

#include <pg_query.h>

namespace {

// pg_query_scan answers with a protobuf ScanResult (pg_query.proto:
// `repeated ScanToken tokens = 2`; ScanToken: `int32 start = 1; int32 end = 2;
// Token token = 4`). protobuf-c's header is not installed with libpg_query, and
// three fields are all that is needed, so the wire format is read here.

bool readVarint(const QByteArray &data, qsizetype &pos, quint64 &value)
{
    value = 0;
    for (int shift = 0; shift < 64 && pos < data.size(); shift += 7) {
        const auto byte = static_cast<unsigned char>(data[pos++]);
        value |= quint64(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            return true;
    }
    return false;
}

// Skips a field of the given wire type; false on malformed input.
bool skipField(const QByteArray &data, qsizetype &pos, quint64 wireType)
{
    quint64 n = 0;
    switch (wireType) {
    case 0:
        return readVarint(data, pos, n);
    case 1:
        pos += 8;
        return pos <= data.size();
    case 2:
        if (!readVarint(data, pos, n))
            return false;
        pos += qsizetype(n);
        return pos <= data.size();
    case 5:
        pos += 4;
        return pos <= data.size();
    default:
        return false;
    }
}

bool parseToken(const QByteArray &data, SqlToken &token)
{
    qsizetype pos = 0;
    while (pos < data.size()) {
        quint64 key = 0;
        if (!readVarint(data, pos, key))
            return false;
        const quint64 field = key >> 3;
        const quint64 wireType = key & 7;
        if (wireType == 0 && (field == 1 || field == 2 || field == 4)) {
            quint64 value = 0;
            if (!readVarint(data, pos, value))
                return false;
            if (field == 1)
                token.start = int(value);
            else if (field == 2)
                token.end = int(value);
            else
                token.kind = value;
        } else if (!skipField(data, pos, wireType)) {
            return false;
        }
    }
    return true;
}

bool parseScanResult(const QByteArray &data, QList<SqlToken> &tokens)
{
    qsizetype pos = 0;
    while (pos < data.size()) {
        quint64 key = 0;
        if (!readVarint(data, pos, key))
            return false;
        const quint64 field = key >> 3;
        const quint64 wireType = key & 7;
        if (field == 2 && wireType == 2) {
            quint64 length = 0;
            if (!readVarint(data, pos, length) || pos + qsizetype(length) > data.size())
                return false;
            SqlToken token;
            if (!parseToken(data.mid(pos, qsizetype(length)), token))
                return false;
            tokens.append(token);
            pos += qsizetype(length);
        } else if (!skipField(data, pos, wireType)) {
            return false;
        }
    }
    return true;
}

} // namespace

Result<QList<SqlToken>> SqlScanner::scan(const QByteArray &utf8)
{
    PgQueryScanResult scan = pg_query_scan(utf8.constData());
    if (scan.error) {
        const QString message = QString::fromUtf8(scan.error->message);
        pg_query_free_scan_result(scan);
        return StrataError::make(StrataError::Kind::Syntax, message);
    }
    QList<SqlToken> tokens;
    const bool parsed = parseScanResult(QByteArray(scan.pbuf.data, qsizetype(scan.pbuf.len)), tokens);
    pg_query_free_scan_result(scan);
    if (!parsed)
        return StrataError::make(
            StrataError::Kind::Syntax, QStringLiteral("libpg_query's scanner answered something unreadable"));
    return tokens;
}
