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
        config.serverVersion = parseServerVersion(ini.value(QStringLiteral("lint/pg_version")).toString());
        break;
    }
    return config;
}

int LintConfig::parseServerVersion(const QString &text)
{
    const QStringList parts = text.trimmed().split(QLatin1Char('.'));
    bool ok = false;
    const int major = parts.value(0).toInt(&ok);
    if (!ok || major <= 0 || parts.size() > 2)
        return 0;
    if (major >= 90000) // already a server_version_num
        return parts.size() == 1 ? major : 0;
    const int minor = parts.size() == 2 ? parts.at(1).toInt(&ok) : 0;
    if (!ok || minor < 0 || minor > 99)
        return 0;
    // Before 10 the second number was part of the major version (9.6).
    if (major < 10)
        return major * 10000 + minor * 100;
    return major * 10000 + minor;
}

void LintConfig::applyTo(LintContext &context) const
{
    context.disabledRules += disabledRules;
    context.largeTableBytes = largeTableBytes;
    if (serverVersion > 0)
        context.serverVersion = serverVersion;
}
