#include "PreflightReport.h"

#include <QJsonArray>

int PreflightReport::count(PreflightCheck::Severity severity) const
{
    int n = 0;
    for (const PreflightCheck &c : checks)
        n += c.severity == severity;
    return n;
}

const PreflightCheck *PreflightReport::find(const QString &id) const
{
    for (const PreflightCheck &c : checks)
        if (c.id == id)
            return &c;
    return nullptr;
}

QString PreflightReport::summary() const
{
    const int blockers = count(PreflightCheck::Severity::Blocker);
    const int warnings = count(PreflightCheck::Severity::Warning);
    if (blockers == 0 && warnings == 0)
        return QStringLiteral("all clear");
    QStringList parts;
    if (blockers > 0)
        parts << QStringLiteral("%1 blocker%2")
                     .arg(blockers)
                     .arg(blockers == 1 ? QString() : QStringLiteral("s"));
    if (warnings > 0)
        parts << QStringLiteral("%1 warning%2")
                     .arg(warnings)
                     .arg(warnings == 1 ? QString() : QStringLiteral("s"));
    return parts.join(QStringLiteral(", "));
}

QJsonObject PreflightReport::toJson() const
{
    QJsonArray list;
    for (const PreflightCheck &c : checks)
        list.append(c.toJson());
    QJsonObject o;
    o[QLatin1String("ok")] = !hasBlockers();
    o[QLatin1String("target")] = target;
    o[QLatin1String("checkedAt")] = checkedAt.toString(Qt::ISODate);
    o[QLatin1String("blockers")] = count(PreflightCheck::Severity::Blocker);
    o[QLatin1String("warnings")] = count(PreflightCheck::Severity::Warning);
    o[QLatin1String("checks")] = list;
    return o;
}
