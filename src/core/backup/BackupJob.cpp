#include "BackupJob.h"

#include "BackupCatalog.h"
#include "PgToolLocator.h"
#include "PgToolProcess.h"

#include "common/Logging.h"
#include "db/PgConnection.h"
#include "history/HistoryStore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace {

// The tables pg_dump writes data for: ordinary tables (partitions included,
// partitioned parents hold no rows) outside the system schemas and not owned by
// an extension. Each one is a "dumping contents of table" line in --verbose output.
const QByteArray tablesWithDataSql = QByteArrayLiteral(
    "SELECT current_database(), current_setting('server_version_num')::int, "
    "  (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "   WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
    "     AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%' "
    "     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
    "                     AND d.objid = c.oid AND d.deptype = 'e'))");

StrataError cancelled()
{
    return StrataError::make(StrataError::Kind::Cancelled,
        QStringLiteral("the backup was cancelled; its partial file was removed and no migration ran"));
}

} // namespace

BackupJob::BackupJob(ConnectionSettings settings, BackupOptions options, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_options(std::move(options))
{
}

StrataError BackupJob::dumpFailure(const QString &outcomeText, const QString &folder) const
{
    const QString where = QDir::toNativeSeparators(folder);
    StrataError e;
    if (outcomeText.contains(QLatin1String("No space left on device"))
        || outcomeText.contains(QLatin1String("Disk quota exceeded"))) {
        e = StrataError::make(StrataError::Kind::Io,
            QStringLiteral("the backup folder %1 ran out of disk space; no migration ran").arg(where));
        e.hint = QStringLiteral("free space there or choose another backup folder (the profile's backup "
                                "folder, or strata-cli up --backup DIR)");
    } else if (outcomeText.contains(QLatin1String("Permission denied"))) {
        e = StrataError::make(StrataError::Kind::Io,
            QStringLiteral(
                "pg_dump may not write to the backup folder %1 (permission denied); no migration ran")
                .arg(where));
        e.hint
            = QStringLiteral("choose a folder you can write to (the profile's backup folder, or strata-cli "
                             "up --backup DIR)");
    } else if (outcomeText.contains(QLatin1String("server version mismatch"))) {
        e = StrataError::make(StrataError::Kind::Environment,
            QStringLiteral("pg_dump is older than the server; no migration ran"));
        e.hint = QStringLiteral(
            "point the profile's pg_dump folder (or --pg-bin) at the pg_dump of the server's "
            "major version or newer");
    } else if (outcomeText.contains(QLatin1String("password authentication failed"))
        || outcomeText.contains(QLatin1String("no password supplied"))) {
        e = StrataError::make(StrataError::Kind::Connection,
            QStringLiteral("pg_dump could not log in to the server; no migration ran"));
        e.hint = QStringLiteral("check the connection's password (keychain, PGPASSWORD or ~/.pgpass)");
    } else if (outcomeText.contains(QLatin1String("permission denied for"))) {
        e = StrataError::make(StrataError::Kind::Sql,
            QStringLiteral("the database user may not read everything pg_dump must dump; no migration ran"));
        e.hint = QStringLiteral("back up as a user that can read every table (the owner, or a member of "
                                "pg_read_all_data), or take the backup another way before migrating");
    } else {
        e = StrataError::make(
            StrataError::Kind::Environment, QStringLiteral("the backup failed; no migration ran"));
        e.hint = QStringLiteral("the detail above is pg_dump's own message");
    }
    e.detail = outcomeText;
    return e;
}

Result<BackupResult> BackupJob::run()
{
    QElapsedTimer timer;
    timer.start();
    BackupResult result;

    Result<PgTool> pgDump = PgToolLocator::locate(QStringLiteral("pg_dump"), m_options.pgBinDir);
    if (!pgDump)
        return pgDump.error();
    // pg_restore from the same installation: it reads what this pg_dump writes.
    Result<PgTool> pgRestore
        = PgToolLocator::locate(QStringLiteral("pg_restore"), QFileInfo(pgDump->path).absolutePath());
    if (!pgRestore)
        return pgRestore.error();
    result.pgDumpPath = pgDump->path;
    result.pgDumpVersion = pgDump->versionString();

    int tableTotal = 0;
    int serverVersionNumber = 0;
    const QString folder = QDir::cleanPath(
        QDir(m_options.folder.isEmpty() ? BackupCatalog::defaultFolder(m_options.profile) : m_options.folder)
            .absolutePath());
    {
        // Only for the checks; closed before pg_dump starts.
        Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(m_settings);
        if (!connection)
            return connection.error();
        result.serverVersion = (*connection)->serverVersionString();
        serverVersionNumber = (*connection)->serverVersion();
        if (Status s = PgToolLocator::checkDumpVersion(*pgDump, serverVersionNumber, result.serverVersion);
            !s)
            return s.error();
        if (m_cancelled.load())
            return cancelled();
        if (!QDir().mkpath(folder) || !QFileInfo(folder).isWritable()) {
            StrataError e = StrataError::make(StrataError::Kind::Io,
                QStringLiteral("cannot write to the backup folder %1 (permission denied or not a folder); no "
                               "migration ran")
                    .arg(QDir::toNativeSeparators(folder)));
            e.hint = QStringLiteral("choose a folder you can write to (the profile's backup folder, or "
                                    "strata-cli up --backup DIR)");
            return e;
        }
        if (m_options.createHistoryTables) {
            HistoryStore history(**connection, m_options.history);
            if (Status s = history.ensureTables(); !s)
                return s.error();
        }
        PgResult facts = (*connection)->exec(tablesWithDataSql);
        if (!facts.ok())
            return facts.error();
        result.database = facts.value(0, 0);
        tableTotal = int(facts.toInt64(0, 2));
    }
    result.createdAt = QDateTime::currentDateTimeUtc();
    const QString name = BackupCatalog::fileNameFor(folder,
        m_options.profile.isEmpty() ? BackupCatalog::noProfileLabel() : m_options.profile, result.database,
        result.createdAt);
    result.path = QDir(folder).filePath(name);
    const QString partial = result.path + QLatin1String(".partial");

    // Created here, private, before pg_dump writes into it: a dump is every row.
    const int fd
        = ::open(QFile::encodeName(partial).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        const int error = errno;
        StrataError e = StrataError::make(StrataError::Kind::Io,
            QStringLiteral("cannot create %1: %2; no migration ran")
                .arg(QDir::toNativeSeparators(partial), QString::fromLocal8Bit(std::strerror(error))));
        e.hint
            = QStringLiteral("choose a folder you can write to (the profile's backup folder, or strata-cli "
                             "up --backup DIR)");
        return e;
    }
    ::close(fd);
    // Whatever happens from here, a failure leaves no partial file behind.
    struct RemovePartial
    {
        QString path;
        bool keep = false;
        ~RemovePartial()
        {
            if (!keep)
                QFile::remove(path);
        }
    } removePartial { partial };

    Q_EMIT dumpStarted(result.path, tableTotal);
    PgToolProcess tool(m_settings, result.database);
    static const QRegularExpression dumping(QStringLiteral("dumping contents of table \"(.+)\"$"));
    int done = 0;
    const PgToolProcess::Outcome dump = tool.run(
        pgDump->path,
        { QStringLiteral("--format=custom"), QStringLiteral("--verbose"), QStringLiteral("--no-password"),
            QStringLiteral("--file=") + partial },
        [&](const QString &line) {
            const QRegularExpressionMatch m = dumping.match(line);
            if (!m.hasMatch())
                return;
            ++done;
            Q_EMIT tableDumped(m.captured(1), done, qMax(done, tableTotal));
        },
        [this](qint64 pid) { Q_EMIT processStarted(pid); }, m_cancelled);
    if (dump.cancelled)
        return cancelled();
    if (!dump.succeeded())
        return dumpFailure(PgToolProcess::describeProblems(dump, pgDump->path), folder);

    Q_EMIT verificationStarted(result.path);
    const PgToolProcess::Outcome list
        = tool.run(pgRestore->path, { QStringLiteral("--list"), partial }, {}, {}, m_cancelled);
    if (list.cancelled)
        return cancelled();
    const QString contents = QString::fromUtf8(list.standardOutput);
    static const QRegularExpression tableData(
        QStringLiteral("^\\d+; \\d+ \\d+ TABLE DATA "), QRegularExpression::MultilineOption);
    const int listed = int(contents.count(tableData));
    if (!list.succeeded() || !contents.contains(QLatin1String("Format: CUSTOM")) || listed != done) {
        StrataError e = StrataError::make(StrataError::Kind::Io,
            QStringLiteral(
                "the dump did not verify: pg_restore --list %1; it was removed and no migration ran")
                .arg(list.succeeded()
                        ? QStringLiteral("lists %1 tables with data, pg_dump wrote %2").arg(listed).arg(done)
                        : PgToolProcess::describeProblems(list, pgRestore->path)));
        e.hint
            = QStringLiteral("check the disk holding %1 and try again").arg(QDir::toNativeSeparators(folder));
        return e;
    }
    if (!QFile::rename(partial, result.path))
        return StrataError::make(StrataError::Kind::Io,
            QStringLiteral("cannot rename %1 to %2; no migration ran").arg(partial, result.path));
    removePartial.keep = true;

    result.sizeBytes = QFileInfo(result.path).size();
    result.tableCount = done;
    result.elapsedMs = timer.elapsed();
    qCDebug(lcBackup) << "backup" << result.path << result.sizeBytes << "bytes" << result.elapsedMs << "ms";
    return result;
}
