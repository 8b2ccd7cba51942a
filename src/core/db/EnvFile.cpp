#include "EnvFile.h"

#include <QFile>
#include <QRegularExpression>

Result<EnvFile> EnvFile::read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return StrataError::make(
            StrataError::Kind::Io, QStringLiteral("cannot read: ") + file.errorString(), path);
    return parse(file.readAll(), path);
}

Result<EnvFile> EnvFile::parse(const QByteArray &text, const QString &path)
{
    static const QRegularExpression assignment(
        QStringLiteral(R"(^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$)"));
    EnvFile env;
    int lineNumber = 0;
    for (const QByteArray &rawLine : text.split('\n')) {
        ++lineNumber;
        const QString line = QString::fromUtf8(rawLine).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QRegularExpressionMatch match = assignment.match(line);
        if (!match.hasMatch()) {
            StrataError e
                = StrataError::make(StrataError::Kind::Source, QStringLiteral("not a KEY=value line"), path);
            e.line = lineNumber;
            return e;
        }
        QString value = match.captured(2);
        if (value.startsWith(QLatin1Char('"'))) {
            QString unescaped;
            bool closed = false;
            for (qsizetype i = 1; i < value.size(); ++i) {
                const QChar c = value.at(i);
                if (c == QLatin1Char('\\') && i + 1 < value.size()) {
                    const QChar n = value.at(++i);
                    unescaped += n == QLatin1Char('n') ? QChar(QLatin1Char('\n')) : n;
                } else if (c == QLatin1Char('"')) {
                    closed = true;
                    break;
                } else {
                    unescaped += c;
                }
            }
            if (!closed) {
                StrataError e = StrataError::make(
                    StrataError::Kind::Source, QStringLiteral("unterminated double-quoted value"), path);
                e.line = lineNumber;
                return e;
            }
            value = unescaped;
        } else if (value.startsWith(QLatin1Char('\''))) {
            const qsizetype close = value.indexOf(QLatin1Char('\''), 1);
            if (close < 0) {
                StrataError e = StrataError::make(
                    StrataError::Kind::Source, QStringLiteral("unterminated single-quoted value"), path);
                e.line = lineNumber;
                return e;
            }
            value = value.mid(1, close - 1);
        } else {
            // An unquoted value ends at an inline comment (` #`).
            const qsizetype comment = value.indexOf(QLatin1String(" #"));
            if (comment >= 0)
                value.truncate(comment);
            value = value.trimmed();
        }
        env.m_values.insert(match.captured(1), value);
    }
    return env;
}
