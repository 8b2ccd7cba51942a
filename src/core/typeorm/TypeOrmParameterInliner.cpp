#include "TypeOrmParameterInliner.h"

#include "sql/SqlScanner.h"

#include <QByteArray>

QString TypeOrmParameterInliner::literal(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("''"));
    if (!text.contains(QLatin1Char('\\')))
        return QLatin1Char('\'') + quoted + QLatin1Char('\'');
    quoted.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    return QStringLiteral("E'") + quoted + QLatin1Char('\'');
}

Result<QString> TypeOrmParameterInliner::inlineParameters(
    const QString &sql, const QList<std::optional<QString>> &values)
{
    const QByteArray utf8 = sql.toUtf8();
    Result<QList<SqlToken>> tokens = SqlScanner::scan(utf8);
    if (!tokens)
        return StrataError::make(StrataError::Kind::Syntax,
            QStringLiteral("cannot scan the statement to inline its parameters: %1")
                .arg(tokens.error().message));

    QByteArray out;
    out.reserve(utf8.size());
    int copied = 0;
    for (const SqlToken &token : *tokens) {
        if (token.kind != SqlToken::parameter)
            continue;
        // Token offsets are byte offsets into the UTF-8 text.
        const QByteArray placeholder = utf8.mid(token.start, token.end - token.start);
        bool ok = false;
        const int number = placeholder.mid(1).toInt(&ok);
        if (!ok || number < 1 || number > values.size())
            return StrataError::make(StrataError::Kind::Source,
                QStringLiteral("the statement uses %1 but was sent %2 parameter(s)")
                    .arg(QString::fromUtf8(placeholder))
                    .arg(values.size()));
        out.append(utf8.mid(copied, token.start - copied));
        const std::optional<QString> &value = values[number - 1];
        out.append(value ? literal(*value).toUtf8() : QByteArrayLiteral("NULL"));
        copied = token.end;
    }
    out.append(utf8.mid(copied));
    return QString::fromUtf8(out);
}
