#include "LintFinding.h"

#include <QJsonArray>

QString LintFinding::severityName(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return QStringLiteral("error");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Info:
        return QStringLiteral("info");
    }
    return {};
}

QByteArray LintFix::apply(const QByteArray &text) const
{
    QByteArray result = text;
    // From the end, so earlier offsets stay true.
    for (auto it = edits.crbegin(); it != edits.crend(); ++it) {
        if (it->start < 0 || it->end < it->start || it->end > result.size())
            return text; // not this file's text any more: change nothing
        result.replace(it->start, it->end - it->start, it->replacement);
    }
    return result;
}

QJsonObject LintFix::toJson() const
{
    QJsonArray editList;
    for (const Edit &e : edits)
        editList.append(QJsonObject { { QStringLiteral("start"), e.start }, { QStringLiteral("end"), e.end },
            { QStringLiteral("replacement"), QString::fromUtf8(e.replacement) } });
    QJsonObject o { { QStringLiteral("title"), title }, { QStringLiteral("edits"), editList } };
    if (!newFileName.isEmpty())
        o.insert(QStringLiteral("newFile"),
            QJsonObject { { QStringLiteral("name"), newFileName },
                { QStringLiteral("text"), QString::fromUtf8(newFileText) } });
    return o;
}
