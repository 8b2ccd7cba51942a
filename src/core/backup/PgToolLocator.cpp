#include "PgToolLocator.h"

#include "common/Logging.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QVersionNumber>

QString PgToolLocator::newestDebianBinDir(const QString &tool)
{
    const QDir root(QStringLiteral("/usr/lib/postgresql"));
    QVersionNumber best;
    QString bestDir;
    for (const QString &entry : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString bin = root.filePath(entry) + QLatin1String("/bin");
        const QVersionNumber version = QVersionNumber::fromString(entry);
        if (version.isNull() || !QFileInfo(bin + QLatin1Char('/') + tool).isExecutable())
            continue;
        if (bestDir.isEmpty() || version > best) {
            best = version;
            bestDir = bin;
        }
    }
    return bestDir;
}

QString PgTool::versionString() const
{
    if (versionNumber >= 100000)
        return QStringLiteral("%1.%2").arg(versionNumber / 10000).arg(versionNumber % 10000);
    return QStringLiteral("%1.%2.%3")
        .arg(versionNumber / 10000)
        .arg(versionNumber / 100 % 100)
        .arg(versionNumber % 100);
}

int PgToolLocator::parseVersion(const QString &versionOutput)
{
    static const QRegularExpression pattern(
        QStringLiteral("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?"));
    const QRegularExpressionMatch m = pattern.match(versionOutput);
    if (!m.hasMatch())
        return 0;
    const int major = m.captured(1).toInt();
    const int second = m.captured(2).toInt();
    const int third = m.captured(3).toInt();
    // From 10 on a version has two parts (15.18 = 150018); before, three (9.6.24 = 90624).
    if (major >= 10)
        return major * 10000 + second;
    return major * 10000 + second * 100 + third;
}

QString PgToolLocator::fixHint(int serverVersionNumber)
{
    const QString serverMajor = serverVersionNumber >= 100000
        ? QString::number(serverVersionNumber / 10000)
        : QStringLiteral("%1.%2").arg(serverVersionNumber / 10000).arg(serverVersionNumber / 100 % 100);
    return QStringLiteral(
        "install the PostgreSQL %1 client (Debian: apt-get install postgresql-client-%1) and "
        "point the profile's pg_dump folder at it (Connection dialog, or strata-cli --pg-bin "
        "/usr/lib/postgresql/%1/bin)")
        .arg(serverMajor);
}

Result<PgTool> PgToolLocator::locate(const QString &tool, const QString &binDir)
{
    PgTool found;
    if (!binDir.isEmpty()) {
        const QString candidate = QDir(binDir).absoluteFilePath(tool);
        if (!QFileInfo(candidate).isExecutable()) {
            StrataError e = StrataError::make(StrataError::Kind::Environment,
                QStringLiteral(
                    "no %1 in %2, the pg_dump folder this connection is set to use; nothing was run")
                    .arg(tool, QDir::toNativeSeparators(binDir)));
            e.hint
                = QStringLiteral("point the profile's pg_dump folder (or --pg-bin) at a folder holding %1, "
                                 "e.g. /usr/lib/postgresql/15/bin, or clear it to use the newest installed")
                      .arg(tool);
            return e;
        }
        found.path = candidate;
    } else {
        const QString debian = newestDebianBinDir(tool);
        found.path
            = !debian.isEmpty() ? debian + QLatin1Char('/') + tool : QStandardPaths::findExecutable(tool);
        if (found.path.isEmpty()) {
            StrataError e = StrataError::make(StrataError::Kind::Environment,
                QStringLiteral(
                    "%1 was not found (looked in /usr/lib/postgresql/*/bin and on PATH); nothing was run")
                    .arg(tool));
            e.hint = QStringLiteral(
                "install the PostgreSQL client (Debian: apt-get install postgresql-client) or "
                "point the profile's pg_dump folder (or --pg-bin) at the folder holding %1")
                         .arg(tool);
            return e;
        }
    }

    QProcess process;
    process.start(found.path, { QStringLiteral("--version") });
    if (!process.waitForStarted(10000) || !process.waitForFinished(10000)
        || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        process.kill();
        StrataError e = StrataError::make(StrataError::Kind::Environment,
            QStringLiteral("%1 --version did not run: %2").arg(found.path, process.errorString()));
        e.hint = QStringLiteral("check that %1 is a working PostgreSQL client program").arg(found.path);
        return e;
    }
    found.versionText = QString::fromLocal8Bit(process.readAllStandardOutput()).trimmed();
    found.versionNumber = parseVersion(found.versionText);
    if (found.versionNumber == 0)
        return StrataError::make(StrataError::Kind::Environment,
            QStringLiteral("%1 --version printed '%2', which is not a PostgreSQL version")
                .arg(found.path, found.versionText));
    qCDebug(lcBackup) << "using" << found.path << found.versionText;
    return found;
}

Status PgToolLocator::checkDumpVersion(
    const PgTool &pgDump, int serverVersionNumber, const QString &serverVersion)
{
    if (PgTool::majorOf(pgDump.versionNumber) >= PgTool::majorOf(serverVersionNumber))
        return Ok {};
    StrataError e = StrataError::make(StrataError::Kind::Environment,
        QStringLiteral(
            "%1 is version %2 but the server runs PostgreSQL %3; pg_dump cannot dump a server newer "
            "than itself. Nothing was run")
            .arg(pgDump.path, pgDump.versionString(), serverVersion));
    e.hint = fixHint(serverVersionNumber);
    return e;
}
