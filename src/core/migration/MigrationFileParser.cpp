#include "MigrationFileParser.h"

#include "MigrationName.h"

#include <QCryptographicHash>
#include <QRegularExpression>

#include <openssl/evp.h>

namespace {

StrataError sourceError(const QString &filePath, int line, const QString &message)
{
    StrataError e = StrataError::make(StrataError::Kind::Source, message, filePath);
    e.line = line;
    return e;
}

struct Marker
{
    bool isMarker = false;
    bool isUp = false;
    QStringList options;
};

// A marker is a whole line `-- migrate:up` or `-- migrate:down`, optionally
// followed by options such as `transaction:false`.
Marker markerOf(QByteArrayView line)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^\s*--\s*migrate:(up|down)\b(.*)$)"));
    Marker m;
    if (!line.trimmed().startsWith("--"))
        return m;
    const QRegularExpressionMatch match = pattern.match(QString::fromUtf8(line));
    if (!match.hasMatch())
        return m;
    m.isMarker = true;
    m.isUp = match.captured(1) == QLatin1String("up");
    m.options = match.captured(2).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    return m;
}

bool isBlankOrComment(QByteArrayView line)
{
    const QByteArrayView t = line.trimmed();
    return t.isEmpty() || t.startsWith("--");
}

} // namespace

QByteArray MigrationFileParser::normalizeLineEndings(const QByteArray &bytes)
{
    QByteArray text = bytes;
    if (text.startsWith("\xEF\xBB\xBF"))
        text.remove(0, 3);
    if (text.contains('\r')) {
        text.replace("\r\n", "\n");
        text.replace('\r', '\n');
    }
    return text;
}

QString MigrationFileParser::checksumOf(const QByteArray &normalizedText)
{
    // One pass: copy each line without its trailing blanks, drop trailing
    // empty lines, end with exactly one newline.
    QByteArray canonical;
    canonical.reserve(normalizedText.size() + 1);
    qsizetype start = 0;
    while (start < normalizedText.size()) {
        qsizetype end = normalizedText.indexOf('\n', start);
        if (end < 0)
            end = normalizedText.size();
        qsizetype last = end;
        while (last > start && (normalizedText.at(last - 1) == ' ' || normalizedText.at(last - 1) == '\t'))
            --last;
        canonical.append(normalizedText.constData() + start, last - start);
        canonical.append('\n');
        start = end + 1;
    }
    while (canonical.endsWith("\n\n"))
        canonical.chop(1);
    if (canonical.isEmpty())
        canonical = "\n";
    // OpenSSL's SHA-256 uses the CPU's SHA instructions; Qt's portable one is
    // about ten times slower, and `status` hashes every file of the project.
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(canonical.constData(), size_t(canonical.size()), digest, &length, EVP_sha256(), nullptr)
        != 1)
        return QString::fromLatin1(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex());
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex());
}

bool MigrationFileParser::parseFileName(const QString &fileName, Migration *migration, QString *reason)
{
    MigrationName name;
    if (!MigrationName::fromFileName(fileName, &name, reason))
        return false;
    migration->timestamp = name.timestamp();
    migration->timestampDigits = name.digits();
    migration->name = name.stem();
    return true;
}

Result<Migration> MigrationFileParser::parse(const QString &filePath, const QByteArray &bytes)
{
    Migration m;
    m.filePath = filePath;
    QString reason;
    const QString fileName = filePath.section(QLatin1Char('/'), -1);
    if (!parseFileName(fileName, &m, &reason))
        return sourceError(filePath, 0, reason);

    if (!QByteArrayView(bytes).isValidUtf8()) {
        // Find the first offending line so the user knows where to look.
        int line = 1;
        for (const QByteArray &l : bytes.split('\n')) {
            if (!QByteArrayView(l).isValidUtf8())
                break;
            ++line;
        }
        return sourceError(filePath, line, QStringLiteral("the file is not valid UTF-8"));
    }
    if (bytes.contains('\0'))
        return sourceError(filePath, 0, QStringLiteral("the file contains a NUL byte"));

    m.text = normalizeLineEndings(bytes);
    m.checksum = checksumOf(m.text);

    int upLine = 0;
    int downLine = 0;
    qsizetype offset = 0;
    int lineNumber = 0;
    MigrationSection *current = nullptr;
    qsizetype currentStart = 0;
    auto closeSection = [&](qsizetype end) {
        if (current)
            current->sql = m.text.mid(currentStart, end - currentStart);
    };

    while (offset <= m.text.size()) {
        qsizetype newline = m.text.indexOf('\n', offset);
        const qsizetype lineEnd = newline < 0 ? m.text.size() : newline;
        const QByteArrayView line(m.text.constData() + offset, lineEnd - offset);
        ++lineNumber;
        const Marker marker = markerOf(line);
        if (marker.isMarker) {
            closeSection(offset);
            if (marker.isUp) {
                if (upLine)
                    return sourceError(filePath, lineNumber,
                        QStringLiteral("a second '-- migrate:up' marker (the first is on line %1)")
                            .arg(upLine));
                if (downLine)
                    return sourceError(filePath, lineNumber,
                        QStringLiteral("'-- migrate:up' must come before '-- migrate:down' (line %1)")
                            .arg(downLine));
                upLine = lineNumber;
                for (const QString &option : marker.options) {
                    if (option == QLatin1String("transaction:false"))
                        m.transactional = false;
                    else if (option == QLatin1String("transaction:true"))
                        m.transactional = true;
                    else if (option == QLatin1String("empty:true"))
                        m.emptyAllowed = true;
                    else
                        return sourceError(filePath, lineNumber,
                            QStringLiteral("unknown option '%1' on '-- migrate:up' (known: "
                                           "transaction:false, empty:true)")
                                .arg(option));
                }
                current = &m.up;
            } else {
                if (downLine)
                    return sourceError(filePath, lineNumber,
                        QStringLiteral("a second '-- migrate:down' marker (the first is on line %1)")
                            .arg(downLine));
                if (!upLine)
                    return sourceError(filePath, lineNumber,
                        QStringLiteral("'-- migrate:down' comes before any '-- migrate:up'"));
                if (!marker.options.isEmpty())
                    return sourceError(filePath, lineNumber,
                        QStringLiteral("'-- migrate:down' takes no options; transaction:false on "
                                       "the up marker applies to both directions"));
                downLine = lineNumber;
                current = &m.down;
            }
            current->present = true;
            currentStart = newline < 0 ? m.text.size() : newline + 1;
            current->fileOffset = currentStart;
        } else if (!current && !isBlankOrComment(line)) {
            return sourceError(filePath, lineNumber,
                QStringLiteral("SQL before the '-- migrate:up' marker; every statement belongs to "
                               "the up or the down section"));
        }
        if (newline < 0)
            break;
        offset = newline + 1;
    }
    closeSection(m.text.size());

    if (!upLine)
        return sourceError(filePath, 0,
            QStringLiteral("no '-- migrate:up' section; a migration file holds '-- migrate:up' "
                           "and '-- migrate:down' sections"));
    bool upHasContent = false;
    for (const QByteArray &line : m.up.sql.split('\n'))
        upHasContent = upHasContent || !isBlankOrComment(line);
    if (!upHasContent && !m.emptyAllowed)
        return sourceError(filePath, upLine,
            QStringLiteral("the up section is empty (a migration meant to run no SQL says so: "
                           "'-- migrate:up empty:true')"));
    return m;
}
