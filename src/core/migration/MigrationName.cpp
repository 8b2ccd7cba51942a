#include "MigrationName.h"

#include <QByteArray>
#include <QRegularExpression>

namespace {

constexpr int TimestampLength = 13;

bool allAsciiDigits(QStringView text)
{
    for (QChar c : text)
        if (c.unicode() < '0' || c.unicode() > '9')
            return false;
    return !text.isEmpty();
}

bool needsEscape(char32_t c)
{
    return c == U'%' || c == U'/' || c < 0x20 || c == 0x7f;
}

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= '0' && u <= '9')
        return u - '0';
    if (u >= 'a' && u <= 'f')
        return u - 'a' + 10;
    if (u >= 'A' && u <= 'F')
        return u - 'A' + 10;
    return -1;
}

} // namespace

MigrationName::MigrationName(const QString &stem, const QString &digits)
    : m_stem(stem)
    , m_digits(digits)
{
}

qint64 MigrationName::timestamp() const
{
    return m_digits.toLongLong();
}

QString MigrationName::fileName() const
{
    return m_digits + QLatin1Char('-') + encodeStem(m_stem) + QStringLiteral(".sql");
}

bool MigrationName::fromHistoryName(const QString &historyName, MigrationName *name, QString *reason)
{
    const QStringView tail = QStringView(historyName).right(TimestampLength);
    if (historyName.size() < TimestampLength || !allAsciiDigits(tail)) {
        // TypeORM's own check: parseInt of the last 13 characters.
        static const QRegularExpression leadingNumber(QStringLiteral(R"(^\s*[+-]?(\d+))"));
        const QRegularExpressionMatch m = leadingNumber.match(tail.toString());
        if (m.hasMatch() && m.captured(1).toLongLong() != 0)
            *reason = QStringLiteral(
                "TypeORM reads the timestamp %1 from the last 13 characters of `%2`, but a Strata file "
                "name needs the name to end in the 13 digits it records; rename the migration (keep "
                "the history row in step: UPDATE migrations SET name = ...)")
                          .arg(m.captured(1).toLongLong())
                          .arg(historyName);
        else
            *reason = QStringLiteral("the migration name `%1` does not end in a 13-digit timestamp "
                                     "(milliseconds since the epoch); TypeORM refuses such a migration too")
                          .arg(historyName);
        return false;
    }
    MigrationName result(historyName.chopped(TimestampLength), tail.toString());
    if (result.timestamp() == 0) {
        *reason = QStringLiteral("the migration name `%1` ends in timestamp 0, which TypeORM refuses")
                      .arg(historyName);
        return false;
    }
    *name = result;
    return true;
}

bool MigrationName::fromFileName(const QString &fileName, MigrationName *name, QString *reason)
{
    static const QRegularExpression shape(
        QStringLiteral(R"(^([^-]*)-(.*)\.sql$)"), QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch match = shape.match(fileName);
    if (!match.hasMatch()) {
        *reason = QStringLiteral("the file name is not <timestamp>-<Name>.sql");
        return false;
    }
    const QString digits = match.captured(1);
    if (!allAsciiDigits(digits) || digits.size() != TimestampLength) {
        *reason = QStringLiteral("bad timestamp '%1': expected 13 digits of milliseconds since the epoch, "
                                 "as `strata-cli new` and TypeORM write them")
                      .arg(digits);
        return false;
    }
    if (digits.toLongLong() == 0) {
        *reason = QStringLiteral("bad timestamp '%1': TypeORM refuses timestamp 0").arg(digits);
        return false;
    }
    QString stem;
    if (!decodeStem(match.captured(2), &stem)) {
        *reason = QStringLiteral(
            "bad name '%1': a `%` must start an escape of two hex digits (`%25` is a `%`, `%2F` a `/`) "
            "that decodes to UTF-8")
                      .arg(match.captured(2));
        return false;
    }
    *name = MigrationName(stem, digits);
    return true;
}

bool MigrationName::isPascalCase(const QString &stem)
{
    static const QRegularExpression pascal(QStringLiteral(R"(^[A-Z][A-Za-z0-9]*$)"));
    return pascal.match(stem).hasMatch();
}

QString MigrationName::encodeStem(const QString &stem)
{
    QString out;
    out.reserve(stem.size());
    for (const char32_t c : stem.toUcs4()) {
        if (needsEscape(c))
            out += QLatin1Char('%')
                + QString::number(uint(c), 16).toUpper().rightJustified(2, QLatin1Char('0'));
        else
            out += QString::fromUcs4(&c, 1);
    }
    return out;
}

bool MigrationName::decodeStem(const QString &encoded, QString *stem)
{
    if (!encoded.contains(QLatin1Char('%'))) {
        *stem = encoded;
        return true;
    }
    // Escapes are bytes of UTF-8; `%` and hex digits are single bytes in it.
    const QByteArray in = encoded.toUtf8();
    QByteArray bytes;
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in.at(i) != '%') {
            bytes += in.at(i);
            continue;
        }
        if (i + 2 >= in.size())
            return false;
        const int high = hexValue(QLatin1Char(in.at(i + 1)));
        const int low = hexValue(QLatin1Char(in.at(i + 2)));
        if (high < 0 || low < 0)
            return false;
        bytes += char(high * 16 + low);
        i += 2;
    }
    if (!QByteArrayView(bytes).isValidUtf8())
        return false;
    *stem = QString::fromUtf8(bytes);
    return true;
}
