#include "BackupArchive.h"

#include "PgToolLocator.h"
#include "PgToolProcess.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

BackupArchive BackupArchive::parseList(const QString &listing)
{
    static const QRegularExpression created(
        QStringLiteral("^; Archive created at (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)"),
        QRegularExpression::MultilineOption);
    static const QRegularExpression dbname(
        QStringLiteral("^;\\s+dbname: (.*)$"), QRegularExpression::MultilineOption);
    // "215; 1259 16390 TABLE public items owner" (the owner is the last word).
    static const QRegularExpression table(
        QStringLiteral("^\\d+; \\d+ \\d+ TABLE (\\S+) (.+) (\\S+)$"), QRegularExpression::MultilineOption);
    static const QRegularExpression tableData(
        QStringLiteral("^\\d+; \\d+ \\d+ TABLE DATA "), QRegularExpression::MultilineOption);
    BackupArchive archive;
    if (const QRegularExpressionMatch m = created.match(listing); m.hasMatch()) {
        archive.createdAt = QDateTime::fromString(m.captured(1), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        archive.createdAt.setTimeSpec(Qt::UTC);
    }
    if (const QRegularExpressionMatch m = dbname.match(listing); m.hasMatch())
        archive.database = m.captured(1).trimmed();
    for (auto it = table.globalMatch(listing); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        archive.tables << m.captured(1) + QLatin1Char('.') + m.captured(2);
    }
    archive.tableDataCount = int(listing.count(tableData));
    return archive;
}

Result<BackupArchive> BackupArchive::read(
    const QString &path, const ConnectionSettings &settings, const QString &pgRestore)
{
    const QFileInfo info(path);
    if (!info.isFile() || !info.isReadable())
        return StrataError::make(StrataError::Kind::Io,
            QStringLiteral("cannot read the dump %1: %2")
                .arg(QDir::toNativeSeparators(path),
                    info.exists() ? QStringLiteral("permission denied") : QStringLiteral("no such file")));
    QString program = pgRestore;
    if (program.isEmpty()) {
        Result<PgTool> tool = PgToolLocator::locate(QStringLiteral("pg_restore"), {});
        if (!tool)
            return tool.error();
        program = tool->path;
    }
    PgToolProcess process(settings, {});
    const std::atomic_bool never { false };
    const PgToolProcess::Outcome list
        = process.run(program, { QStringLiteral("--list"), info.absoluteFilePath() }, {}, {}, never);
    const QString listing = QString::fromUtf8(list.standardOutput);
    if (!list.succeeded() || !listing.contains(QLatin1String("Format: CUSTOM"))) {
        StrataError e = StrataError::make(StrataError::Kind::Io,
            QStringLiteral("%1 is not a readable custom-format dump").arg(QDir::toNativeSeparators(path)),
            info.absoluteFilePath());
        e.detail = PgToolProcess::describeProblems(list, program);
        e.hint = QStringLiteral(
            "Strata restores dumps made with pg_dump --format=custom (what up --backup writes)");
        return e;
    }
    BackupArchive archive = parseList(listing);
    archive.path = info.absoluteFilePath();
    archive.sizeBytes = info.size();
    return archive;
}
