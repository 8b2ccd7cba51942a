#include "PreflightCheck.h"

#include <QJsonArray>

QString PreflightCheck::severityName(Severity severity)
{
    switch (severity) {
    case Severity::Ok:
        return QStringLiteral("ok");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Blocker:
        return QStringLiteral("blocker");
    }
    return {};
}

QJsonObject PreflightCheck::toJson() const
{
    QJsonObject o;
    o[QLatin1String("id")] = id;
    o[QLatin1String("title")] = title;
    o[QLatin1String("severity")] = severityName(severity);
    o[QLatin1String("message")] = message;
    if (!details.isEmpty())
        o[QLatin1String("details")] = QJsonArray::fromStringList(details);
    if (!sessions.isEmpty()) {
        QJsonArray list;
        for (const BackendSession &s : sessions)
            list.append(s.toJson());
        o[QLatin1String("sessions")] = list;
    }
    return o;
}
