#include "RestoreJob.h"

#include "BackupArchive.h"
#include "PgToolLocator.h"
#include "PgToolProcess.h"

#include "common/Logging.h"
#include "db/PgConnection.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

namespace {

const QByteArray userTablesSql = QByteArrayLiteral(
    "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
    "  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%' "
    "  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
    "                  AND d.objid = c.oid AND d.deptype = 'e') ORDER BY 1");

// A conninfo value in single quotes, so that any database name is taken as a name.
QString conninfoValue(const QString &value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

} // namespace

RestoreJob::RestoreJob(ConnectionSettings settings, RestoreOptions options, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_options(std::move(options))
{
}

Result<RestoreResult> RestoreJob::run()
{
    QElapsedTimer timer;
    timer.start();
    RestoreResult result;

    Result<PgTool> pgRestore = PgToolLocator::locate(QStringLiteral("pg_restore"), m_options.pgBinDir);
    if (!pgRestore)
        return pgRestore.error();
    Result<BackupArchive> archive = BackupArchive::read(m_options.dumpPath, m_settings, pgRestore->path);
    if (!archive)
        return archive.error();

    Result<std::unique_ptr<PgConnection>> opened = PgConnection::open(m_settings);
    if (!opened)
        return opened.error();
    std::unique_ptr<PgConnection> connection = std::move(opened).value();
    const PgResult current = connection->exec(QByteArrayLiteral("SELECT current_database()"));
    if (!current.ok())
        return current.error();
    result.database = m_options.newDatabase.isEmpty() ? current.value(0, 0) : m_options.newDatabase;
    const bool intoNew = !m_options.newDatabase.isEmpty() && m_options.newDatabase != current.value(0, 0);
    if (!m_options.newDatabase.isEmpty() && !intoNew)
        return StrataError::make(StrataError::Kind::Usage,
            QStringLiteral("'%1' is the connected database, not a new one; restore without --into to restore "
                           "into it")
                .arg(m_options.newDatabase));
    if (m_cancelled.load())
        return StrataError::make(
            StrataError::Kind::Cancelled, QStringLiteral("the restore was cancelled before it started"));

    if (intoNew) {
        const PgResult exists
            = connection->execParams(QByteArrayLiteral("SELECT 1 FROM pg_database WHERE datname = $1"),
                { m_options.newDatabase.toUtf8() });
        if (!exists.ok())
            return exists.error();
        if (exists.rowCount() > 0) {
            StrataError e = StrataError::make(StrataError::Kind::Usage,
                QStringLiteral(
                    "the database '%1' already exists; a restore into a new database never touches "
                    "an existing one")
                    .arg(m_options.newDatabase));
            e.hint = QStringLiteral("choose a name that is not taken, or drop that database first");
            return e;
        }
        // template0: the dump recreates everything, extensions included; a
        // customised template1 would collide with it.
        if (Status s = connection->run(QByteArrayLiteral("CREATE DATABASE ")
                + PgConnection::quoteIdentifier(m_options.newDatabase).toUtf8()
                + QByteArrayLiteral(" TEMPLATE template0"));
            !s)
            return s.error();
        result.createdDatabase = true;
    }

    QStringList arguments { QStringLiteral("--verbose"), QStringLiteral("--no-password"),
        QStringLiteral("--single-transaction"), QStringLiteral("--exit-on-error") };
    if (!intoNew)
        arguments << QStringLiteral("--clean") << QStringLiteral("--if-exists");
    arguments << QStringLiteral("--dbname=dbname=") + conninfoValue(result.database) << archive->path;

    Q_EMIT restoreStarted(result.database, archive->tableDataCount);
    PgToolProcess tool(m_settings, result.database);
    static const QRegularExpression processing(QStringLiteral("processing data for table \"(.+)\"$"));
    int done = 0;
    const PgToolProcess::Outcome restore = tool.run(
        pgRestore->path, arguments,
        [&](const QString &line) {
            const QRegularExpressionMatch m = processing.match(line);
            if (!m.hasMatch())
                return;
            ++done;
            Q_EMIT tableRestored(m.captured(1), done, qMax(done, archive->tableDataCount));
        },
        [this](qint64 pid) { Q_EMIT processStarted(pid); }, m_cancelled);
    if (!restore.succeeded()) {
        // One transaction: nothing of it stayed. A database made for it goes too.
        if (intoNew)
            connection->run(QByteArrayLiteral("DROP DATABASE IF EXISTS ")
                + PgConnection::quoteIdentifier(m_options.newDatabase).toUtf8());
        if (restore.cancelled)
            return StrataError::make(StrataError::Kind::Cancelled,
                QStringLiteral("the restore was cancelled; its transaction rolled back, '%1' is as it was")
                    .arg(result.database));
        StrataError e = StrataError::make(StrataError::Kind::Sql,
            QStringLiteral(
                "the restore into '%1' failed and was rolled back (one transaction): nothing changed")
                .arg(result.database));
        e.detail = PgToolProcess::describeProblems(restore, pgRestore->path);
        e.hint = intoNew
            ? QStringLiteral("the new database was dropped again; the detail is pg_restore's message")
            : QStringLiteral("the detail is pg_restore's message; restoring into a new database "
                             "(--into NAME) avoids conflicts with what is there now");
        return e;
    }
    result.tableCount = done;

    // What --clean could not know about: tables made after the dump.
    if (!intoNew) {
        const PgResult tables = connection->exec(userTablesSql);
        if (tables.ok()) {
            const QSet<QString> dumped(archive->tables.cbegin(), archive->tables.cend());
            for (int row = 0; row < tables.rowCount(); ++row)
                if (!dumped.contains(tables.value(row, 0)))
                    result.tablesNotInDump << tables.value(row, 0);
        }
    }
    result.elapsedMs = timer.elapsed();
    qCDebug(lcBackup) << "restored" << archive->path << "into" << result.database << result.elapsedMs << "ms";
    return result;
}
