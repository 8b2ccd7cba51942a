#include "LintConfig.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

LintConfig LintConfig::load(const QString &migrationsDirectory)
{
    LintConfig config;
    const QDir dir(migrationsDirectory);
    QStringList candidates { dir.absoluteFilePath(QStringLiteral("strata.ini")) };
    QDir parent = dir;
    if (parent.cdUp())
        candidates.append(parent.absoluteFilePath(QStringLiteral("strata.ini")));
    for (const QString &candidate : std::as_const(candidates)) {
        if (!QFileInfo::exists(candidate))
            continue;
        QSettings ini(candidate, QSettings::IniFormat);
        config.path = candidate;
        // QSettings reads "a,b" as a string list already; a single id comes as a string.
        const QVariant disable = ini.value(QStringLiteral("lint/disable"));
        const QStringList ids = disable.typeId() == QMetaType::QStringList
            ? disable.toStringList()
            : disable.toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &id : ids)
            if (const QString trimmed = id.trimmed(); !trimmed.isEmpty())
                config.disabledRules.insert(trimmed);
        bool ok = false;
        const qint64 bytes = ini.value(QStringLiteral("lint/large_table_bytes")).toLongLong(&ok);
        if (ok && bytes > 0)
            config.largeTableBytes = bytes;
        break;
    }
    return config;
}

void LintConfig::applyTo(LintContext &context) const
{
    context.disabledRules += disabledRules;
    context.largeTableBytes = largeTableBytes;
}
