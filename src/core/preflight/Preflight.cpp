#include "Preflight.h"

#include "backup/BackupCatalog.h"
#include "common/Logging.h"
#include "db/PgConnection.h"
#include "history/HistoryStore.h"
#include "lint/LintConfig.h"
#include "lint/LintDatabaseFacts.h"
#include "lint/MigrationLinter.h"
#include "lint/TableSizes.h"
#include "planner/DriftReport.h"
#include "runner/MigrationLock.h"
#include "runner/MigrationRunner.h"
#include "schema/SchemaSql.h"
#include "sql/ExtensionUse.h"
#include "sql/StatementRelations.h"

#include <QDir>
#include <QFileInfo>
#include <QMap>
#include <QSet>

#include <optional>

namespace {

using Severity = PreflightCheck::Severity;
using LockMode = StatementRelations::LockMode;

PreflightCheck check(const char *id, const char *title, Severity severity, const QString &message)
{
    PreflightCheck c;
    c.id = QLatin1String(id);
    c.title = QLatin1String(title);
    c.severity = severity;
    c.message = message;
    return c;
}

QString plural(qsizetype n, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
}

// SQL syntax for to_regclass: each part of a parser-folded name quoted.
QString regclassSyntax(const QString &name)
{
    QStringList parts;
    for (const QString &part : name.split(QLatin1Char('.')))
        parts.append(PgConnection::quoteIdentifier(part));
    return parts.join(QLatin1Char('.'));
}

// The statements that wait for every transaction open when they start (their
// "wait for old snapshots" phases), not only for lockers of their table.
bool waitsForOldTransactions(const SqlStatement &s)
{
    return s.notInTransactionReason == QLatin1String("CREATE INDEX CONCURRENTLY")
        || s.notInTransactionReason == QLatin1String("REINDEX CONCURRENTLY")
        || s.notInTransactionReason == QLatin1String("DETACH PARTITION CONCURRENTLY");
}

struct PlannedLocks
{
    QMap<QString, LockMode> relations; // name as written -> the strongest lock the plan takes
    QStringList waitingStatements; // CONCURRENTLY statements: "file:line: CREATE INDEX CONCURRENTLY"
};

PlannedLocks plannedLocks(const QList<PreparedStep> &steps)
{
    PlannedLocks planned;
    for (const PreparedStep &step : steps) {
        for (const SqlStatement &statement : step.statements) {
            if (waitsForOldTransactions(statement))
                planned.waitingStatements.append(QStringLiteral("%1:%2: %3")
                                                     .arg(QDir::toNativeSeparators(step.step.sourceName))
                                                     .arg(statement.line)
                                                     .arg(statement.notInTransactionReason));
            for (const StatementRelations::Relation &r : StatementRelations::of(statement.text)) {
                const auto it = planned.relations.constFind(r.name);
                if (it == planned.relations.constEnd() || int(*it) < int(r.mode))
                    planned.relations.insert(r.name, r.mode);
            }
        }
    }
    return planned;
}

PreflightCheck connectionCheck(PgConnection &connection)
{
    const PgResult r = connection.exec("SELECT current_user, current_database(), pg_is_in_recovery()");
    if (!r.ok())
        return check("connection", "Connection", Severity::Blocker,
            QStringLiteral("connected, but the server does not answer: %1").arg(r.error().message));
    PreflightCheck c = check("connection", "Connection", Severity::Ok,
        QStringLiteral("PostgreSQL %1, database %2 as user %3")
            .arg(connection.serverVersionString(), r.value(0, 1), r.value(0, 0)));
    if (r.value(0, 2) == QLatin1String("t")) {
        c.severity = Severity::Blocker;
        c.message
            += QStringLiteral(": this server is a read-only standby; migrations must run on the primary");
    }
    return c;
}

PreflightCheck lockCheck(PgConnection &connection, const HistoryTable &history)
{
    const Result<QString> lockName = HistoryStore(connection, history).lockName();
    if (!lockName)
        return check("migration-lock", "Migration lock", Severity::Warning,
            QStringLiteral("cannot resolve the history table: %1").arg(lockName.error().message));
    const Result<QString> holder = MigrationLock::holder(connection, *lockName);
    if (!holder)
        return check("migration-lock", "Migration lock", Severity::Warning,
            QStringLiteral("cannot read pg_locks: %1").arg(holder.error().message));
    if (holder->isEmpty())
        return check("migration-lock", "Migration lock", Severity::Ok,
            QStringLiteral("free: no other runner is active"));
    return check("migration-lock", "Migration lock", Severity::Blocker,
        QStringLiteral("another runner holds the migration lock (%1); a run now would wait for it")
            .arg(*holder));
}

// Sessions in the way of the plan, and old transactions, in one reading of
// pg_locks and pg_stat_activity, so every session is seen at one moment.
struct SessionScan
{
    QList<PreflightCheck> checks;
    StrataError error;
    bool ok = true;
};

// The plan's tables and locks as the two newline-separated lists the `wanted`
// CTE below unnests ($1 names, $2 modes).
QByteArrayList wantedParameters(const PlannedLocks &planned)
{
    QStringList names;
    QStringList modes;
    for (auto it = planned.relations.constBegin(); it != planned.relations.constEnd(); ++it) {
        names << regclassSyntax(it.key());
        modes << StatementRelations::modeName(*it);
    }
    return { names.join(QLatin1Char('\n')).toUtf8(), modes.join(QLatin1Char('\n')).toUtf8() };
}

const QByteArray wantedCte
    = "wanted AS ("
      "  SELECT to_regclass(t.name) AS oid, t.mode FROM unnest(string_to_array($1, chr(10)),"
      "    string_to_array($2, chr(10))) AS t(name, mode) WHERE to_regclass(t.name) IS NOT NULL"
      ")";

SessionScan scanSessions(
    PgConnection &connection, const PlannedLocks &planned, const PreflightOptions &options)
{
    const bool waitsForAll = !planned.waitingStatements.isEmpty();
    const QByteArray sql = "WITH " + wantedCte
        + ", held AS ("
          "  SELECT l.pid, l.relation, l.mode, l.granted, w.mode AS wanted FROM pg_locks l"
          "  JOIN wanted w ON l.relation = w.oid"
          "  WHERE l.locktype = 'relation' AND l.pid IS DISTINCT FROM pg_backend_pid()"
          "    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
          ") SELECT "
        + BackendSession::selectList("a")
        + ", coalesce((SELECT string_agg(h.relation::regclass::text || chr(9) || h.mode || chr(9)"
          "    || h.granted::text || chr(9) || h.wanted, chr(10) ORDER BY h.relation, h.mode)"
          "    FROM held h WHERE h.pid = a.pid), ''),"
          "  a.datname = current_database(),"
          "  (SELECT string_agg(w.oid::regclass::text, ', ' ORDER BY w.oid::regclass::text) FROM wanted w)"
          " FROM pg_stat_activity a"
          " RIGHT JOIN (SELECT 1) AS always ON true" // one row even when no session qualifies
          " AND a.pid <> pg_backend_pid() AND a.backend_type = 'client backend'"
          " AND (EXISTS (SELECT 1 FROM held h WHERE h.pid = a.pid)"
          "   OR a.xact_start < clock_timestamp() - make_interval(secs => $3::float8)"
          "   OR ($4::boolean AND a.xact_start IS NOT NULL AND a.datname = current_database()))"
          " ORDER BY a.xact_start NULLS LAST, a.pid";
    const PgResult r = connection.execParams(sql,
        wantedParameters(planned) << QByteArray::number(options.longTransactionSeconds)
                                  << (waitsForAll ? "true" : "false"));
    SessionScan scan;
    if (!r.ok()) {
        scan.ok = false;
        scan.error = r.error();
        return scan;
    }

    PreflightCheck blockers = check("blockers", "Sessions in the way", Severity::Ok, QString());
    PreflightCheck waiting = check("transactions", "Open transactions", Severity::Ok, QString());
    PreflightCheck longOnes = check("long-transactions", "Long transactions", Severity::Ok, QString());
    const QString tables = r.rowCount() > 0 ? r.value(0, BackendSession::columnCount + 2) : QString();
    auto old = [&options](const BackendSession &s) {
        return s.isIdleInTransaction() || s.transactionAgeSeconds >= options.blockerAgeSeconds;
    };

    for (int row = 0; row < r.rowCount(); ++row) {
        if (r.isNull(row, 0))
            continue; // the always-there row of an empty scan
        BackendSession session = BackendSession::fromRow(r, row);
        const QString held = r.value(row, BackendSession::columnCount);
        const bool sameDatabase = r.value(row, BackendSession::columnCount + 1) == QLatin1String("t");
        bool conflicting = false;
        bool queued = false;
        for (const QString &line : held.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const QStringList f = line.split(QLatin1Char('\t'));
            if (f.size() != 4)
                continue;
            LockMode theirs = LockMode::AccessExclusive;
            LockMode ours = LockMode::AccessExclusive;
            if (!StatementRelations::parseMode(f[1], &theirs) || !StatementRelations::parseMode(f[3], &ours))
                continue;
            if (!StatementRelations::conflicts(theirs, ours))
                continue;
            const bool granted = f[2] == QLatin1String("true");
            session.locks.append(QStringLiteral("%1 on %2%3")
                                     .arg(f[1], f[0], granted ? QString() : QStringLiteral(" (waiting)")));
            conflicting = conflicting || granted;
            queued = queued || !granted;
        }
        if (conflicting || queued) {
            blockers.sessions.append(session);
            if (conflicting && old(session))
                blockers.severity = Severity::Blocker;
            else if (blockers.severity == Severity::Ok)
                blockers.severity = Severity::Warning;
        }
        if (waitsForAll && sameDatabase && session.transactionStart.isValid()) {
            BackendSession plain = session;
            plain.locks.clear();
            waiting.sessions.append(plain);
            waiting.severity = old(session) || waiting.severity == Severity::Blocker ? Severity::Blocker
                                                                                     : Severity::Warning;
        }
        if (session.transactionAgeSeconds >= options.longTransactionSeconds) {
            BackendSession plain = session;
            plain.locks.clear();
            longOnes.sessions.append(plain);
            longOnes.severity = Severity::Warning;
        }
    }

    if (planned.relations.isEmpty())
        blockers.message = QStringLiteral("the plan names no tables");
    else if (tables.isEmpty())
        blockers.message = QStringLiteral("the plan only names tables that do not exist yet");
    else if (blockers.sessions.isEmpty())
        blockers.message
            = QStringLiteral("no other session holds or waits for a conflicting lock on %1").arg(tables);
    else if (blockers.severity == Severity::Blocker)
        blockers.message = QStringLiteral(
            "%1 hold(s) locks that conflict with the plan's on %2: the migration would wait for them, and "
            "every new query on those tables would queue behind it")
                               .arg(plural(blockers.sessions.size(), "session", "sessions"), tables);
    else
        blockers.message = QStringLiteral(
            "%1 briefly hold(s) or wait(s) for conflicting locks on %2 (young transactions, likely to end "
            "soon); with lock_timeout set the run fails instead of queueing")
                               .arg(plural(blockers.sessions.size(), "session", "sessions"), tables);
    for (auto it = planned.relations.constBegin(); it != planned.relations.constEnd(); ++it)
        blockers.details.append(
            QStringLiteral("the plan takes %1 on %2").arg(StatementRelations::modeName(*it), it.key()));
    scan.checks.append(blockers);

    if (waitsForAll) {
        waiting.details = planned.waitingStatements;
        waiting.message = waiting.sessions.isEmpty()
            ? QStringLiteral("no open transaction in this database: CONCURRENTLY statements will not wait")
            : QStringLiteral("%1 open in this database: CREATE INDEX CONCURRENTLY (and the like) waits "
                             "until every transaction older than it has ended")
                  .arg(plural(waiting.sessions.size(), "transaction is", "transactions are"));
        scan.checks.append(waiting);
    }

    longOnes.message = longOnes.sessions.isEmpty()
        ? QStringLiteral("no transaction open longer than %1")
              .arg(BackendSession::formatAge(options.longTransactionSeconds))
        : QStringLiteral("%1 open longer than %2 (they hold back vacuum, and keep every lock they took)")
              .arg(plural(longOnes.sessions.size(), "transaction", "transactions"),
                  BackendSession::formatAge(options.longTransactionSeconds));
    scan.checks.append(longOnes);
    return scan;
}

// Prepared transactions (PREPARE TRANSACTION) in this database: no session
// is behind them and they never end by themselves, so one left by a crashed
// transaction manager holds its locks, and back vacuum, until someone ends it.
// pg_locks shows their locks with no pid, under the virtual transaction that
// also holds the ExclusiveLock on the prepared transaction's id. nullopt: none.
std::optional<PreflightCheck> preparedCheck(PgConnection &connection, const PlannedLocks &planned)
{
    const QByteArray sql = "WITH " + wantedCte
        + ", prepared AS ("
          "  SELECT p.gid, p.owner, p.prepared, l.virtualtransaction FROM pg_prepared_xacts p"
          "  LEFT JOIN pg_locks l ON l.locktype = 'transactionid' AND l.transactionid = p.transaction"
          "   AND l.pid IS NULL AND l.mode = 'ExclusiveLock'"
          "  WHERE p.database = current_database()"
          ") SELECT p.gid, p.owner, extract(epoch FROM clock_timestamp() - p.prepared)::float8,"
          "  coalesce(string_agg(l.relation::regclass::text || chr(9) || l.mode || chr(9) || w.mode, chr(10)"
          "    ORDER BY l.relation::regclass::text, l.mode) FILTER (WHERE w.oid IS NOT NULL), '')"
          " FROM prepared p"
          " LEFT JOIN pg_locks l ON l.virtualtransaction = p.virtualtransaction AND l.pid IS NULL"
          "  AND l.locktype = 'relation'"
          " LEFT JOIN wanted w ON w.oid = l.relation"
          " GROUP BY p.gid, p.owner, p.prepared ORDER BY p.prepared";
    const PgResult r = connection.execParams(sql, wantedParameters(planned));
    if (!r.ok())
        return check("prepared", "Prepared transactions", Severity::Warning,
            QStringLiteral("cannot read pg_prepared_xacts: %1").arg(r.error().message));
    if (r.rowCount() == 0)
        return std::nullopt;
    PreflightCheck c = check("prepared", "Prepared transactions", Severity::Warning, QString());
    int inTheWay = 0;
    for (int row = 0; row < r.rowCount(); ++row) {
        const QString gid = r.value(row, 0);
        QStringList conflicting;
        for (const QString &line : r.value(row, 3).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const QStringList f = line.split(QLatin1Char('\t'));
            LockMode theirs = LockMode::AccessExclusive;
            LockMode ours = LockMode::AccessExclusive;
            if (f.size() == 3 && StatementRelations::parseMode(f[1], &theirs)
                && StatementRelations::parseMode(f[2], &ours) && StatementRelations::conflicts(theirs, ours))
                conflicting << QStringLiteral("%1 on %2").arg(f[1], f[0]);
        }
        inTheWay += !conflicting.isEmpty();
        QString detail = QStringLiteral("%1, prepared %2 ago by %3")
                             .arg(SchemaSql::quoteLiteral(gid),
                                 BackendSession::formatAge(r.value(row, 2).toDouble()), r.value(row, 1));
        if (!conflicting.isEmpty())
            detail += QStringLiteral(", holds ") + conflicting.join(QStringLiteral(", "));
        detail += QStringLiteral("; end it with COMMIT PREPARED %1 or ROLLBACK PREPARED %1")
                      .arg(SchemaSql::quoteLiteral(gid));
        c.details.append(detail);
    }
    if (inTheWay > 0) {
        c.severity = Severity::Blocker;
        c.message = QStringLiteral("%1 hold(s) locks that conflict with the plan's: the migration would wait "
                                   "until someone commits or rolls them back")
                        .arg(plural(inTheWay, "prepared transaction", "prepared transactions"));
    } else {
        c.message = QStringLiteral("%1 in this database (not in the plan's way; they hold back vacuum until "
                                   "committed or rolled back)")
                        .arg(plural(r.rowCount(), "prepared transaction", "prepared transactions"));
    }
    return c;
}

PreflightCheck backupCheck(PgConnection &connection, const PreflightOptions &options)
{
    const Severity missing = options.backupRequired ? Severity::Blocker : Severity::Warning;
    // The database as the server names it: the settings may leave it to PGDATABASE.
    const PgResult r = connection.exec("SELECT current_database()");
    const QString database = r.ok() ? r.value(0, 0) : connection.settings().database;
    const BackupFileList backups = BackupCatalog::list(options.backupFolder, options.backupProfile, database);
    const QString folder = QDir::toNativeSeparators(options.backupFolder);
    if (options.backupBeforeRun) {
        PreflightCheck c = check("backup", "Last backup", Severity::Ok,
            QStringLiteral("a fresh backup of %1 is made into %2 just before the run").arg(database, folder));
        if (!backups.isEmpty())
            c.details.append(QStringLiteral("newest until now: %1").arg(backups.first().path));
        return c;
    }
    if (backups.isEmpty())
        return check("backup", "Last backup", missing,
            QStringLiteral("no backup of %1 in %2; `strata-cli up --backup` (in the app: Backup & Migrate) "
                           "makes one before migrating")
                .arg(database, folder));
    const BackupFile &newest = backups.first();
    const qint64 ageSeconds = newest.createdAt.secsTo(QDateTime::currentDateTimeUtc());
    PreflightCheck c = check("backup", "Last backup", Severity::Ok,
        QStringLiteral("%1 ago: %2").arg(BackendSession::formatAge(double(ageSeconds)), newest.fileName));
    c.details.append(newest.path);
    if (ageSeconds > qint64(options.backupMaxAgeHours) * 3600) {
        c.severity = missing;
        c.message
            = QStringLiteral("the newest backup is %1 old (%2), older than %3 h; `strata-cli up --backup` "
                             "makes a fresh one")
                  .arg(BackendSession::formatAge(double(ageSeconds)), newest.fileName)
                  .arg(options.backupMaxAgeHours);
    }
    return c;
}

// Functions and types of extensions the plan uses while the target has neither
// the extension nor an object of that name, and no earlier statement of the
// plan creates them (CREATE EXTENSION, or its own CREATE FUNCTION / TYPE): the
// run would stop there with "function uuid_generate_v4() does not exist".
// Names come from ExtensionUse's curated table. nullopt: nothing to say.
std::optional<PreflightCheck> extensionsCheck(PgConnection &connection, const QList<PreparedStep> &steps)
{
    struct Missing
    {
        ExtensionUse::Use use;
        QString where; // file:line
    };
    QList<Missing> candidates;
    QStringList createdExtensions;
    QStringList createdNames;
    for (const PreparedStep &step : steps) {
        for (const SqlStatement &statement : step.statements) {
            const ExtensionUse::Found found = ExtensionUse::of(statement.text);
            for (const ExtensionUse::Use &use : found.uses) {
                if (createdExtensions.contains(use.extension) || createdNames.contains(use.name))
                    continue;
                bool seen = false;
                for (const Missing &m : std::as_const(candidates))
                    seen = seen || (m.use.name == use.name && m.use.isType == use.isType);
                if (!seen)
                    candidates.append(Missing { use,
                        QStringLiteral("%1:%2")
                            .arg(QDir::toNativeSeparators(step.step.sourceName))
                            .arg(statement.line) });
            }
            createdExtensions += found.createdExtensions;
            createdNames += found.createdFunctions + found.createdTypes;
        }
    }
    if (candidates.isEmpty())
        return std::nullopt;

    QStringList functions;
    QStringList types;
    QStringList extensions;
    for (const Missing &m : std::as_const(candidates)) {
        (m.use.isType ? types : functions) << m.use.name;
        extensions << m.use.extension;
    }
    // One reading: installed extensions, those the server offers, and which of
    // the names exist at all (a project may define its own uuid_generate_v4).
    const PgResult r
        = connection.execParams("SELECT 'installed', extname FROM pg_catalog.pg_extension WHERE extname = "
                                "ANY(string_to_array($1, chr(10)))"
                                " UNION ALL SELECT 'available', name FROM pg_catalog.pg_available_extensions"
                                "  WHERE name = ANY(string_to_array($1, chr(10)))"
                                " UNION ALL SELECT DISTINCT 'function', proname::text FROM pg_catalog.pg_proc"
                                "  WHERE proname = ANY(string_to_array($2, chr(10)))"
                                " UNION ALL SELECT DISTINCT 'type', typname::text FROM pg_catalog.pg_type"
                                "  WHERE typname = ANY(string_to_array($3, chr(10)))",
            { extensions.join(QLatin1Char('\n')).toUtf8(), functions.join(QLatin1Char('\n')).toUtf8(),
                types.join(QLatin1Char('\n')).toUtf8() });
    if (!r.ok())
        return check("extensions", "Extensions", Severity::Warning,
            QStringLiteral("cannot read pg_extension and pg_proc: %1").arg(r.error().message));
    QSet<QString> installed;
    QSet<QString> available;
    QSet<QString> existingFunctions;
    QSet<QString> existingTypes;
    for (int row = 0; row < r.rowCount(); ++row) {
        const QString kind = r.value(row, 0);
        const QString name = r.value(row, 1);
        (kind == QLatin1String("installed")          ? installed
                : kind == QLatin1String("available") ? available
                : kind == QLatin1String("function")  ? existingFunctions
                                                     : existingTypes)
            .insert(name);
    }

    PreflightCheck c = check("extensions", "Extensions", Severity::Blocker, QString());
    QStringList missingExtensions;
    for (const Missing &m : std::as_const(candidates)) {
        if (installed.contains(m.use.extension)
            || (m.use.isType ? existingTypes : existingFunctions).contains(m.use.name))
            continue;
        const QString create = QStringLiteral("CREATE EXTENSION IF NOT EXISTS %1;")
                                   .arg(PgConnection::quoteIdentifier(m.use.extension));
        QString detail
            = QStringLiteral("%1: %2 belongs to the extension \"%3\", which is not installed and no "
                             "earlier migration of the plan creates; ")
                  .arg(m.where, m.use.object, m.use.extension);
        if (available.contains(m.use.extension))
            detail += QStringLiteral("add `%1` to a migration before it (or run it on the database)")
                          .arg(create);
        else
            detail
                += QStringLiteral("this server does not offer it either (not in pg_available_extensions): "
                                  "install its package on the server (postgresql-contrib, postgis ...), then "
                                  "add `%1` to a migration before it")
                       .arg(create);
        c.details.append(detail);
        if (!missingExtensions.contains(m.use.extension))
            missingExtensions.append(m.use.extension);
    }
    if (c.details.isEmpty())
        return std::nullopt;
    QStringList quoted;
    for (const QString &e : std::as_const(missingExtensions))
        quoted << QStringLiteral("\"%1\"").arg(e);
    c.message
        = QStringLiteral("the plan uses %1 %2, not installed in this database: the run would fail where "
                         "it is first used; `CREATE EXTENSION IF NOT EXISTS` in an earlier migration (or "
                         "on the database) fixes it")
              .arg(QLatin1String(missingExtensions.size() == 1 ? "the extension" : "the extensions"),
                  quoted.join(QStringLiteral(", ")));
    return c;
}

} // namespace

PreflightReport Preflight::run(
    PgConnection &connection, const MigrationSource::Scan &scan, const PreflightOptions &options)
{
    PreflightReport report;
    report.target = connection.settings().describe();
    report.checkedAt = QDateTime::currentDateTimeUtc();
    report.checks.append(connectionCheck(connection));
    report.checks.append(lockCheck(connection, options.history));
    const bool reverting = options.down.has_value();

    // Files: up refuses to run while any is malformed; a revert only needs the
    // ones it reverts (the plan says whether it can do without them).
    PreflightCheck files = check("files", "Migration files", Severity::Ok,
        QStringLiteral("%1 in %2")
            .arg(plural(scan.migrations.size(), "file", "files"), QDir::toNativeSeparators(scan.directory)));
    if (!scan.problems.isEmpty()) {
        files.severity = reverting ? Severity::Warning : Severity::Blocker;
        files.message
            = QStringLiteral("%1: %2").arg(plural(scan.problems.size(), "malformed file", "malformed files"),
                reverting ? QStringLiteral("a revert uses the recorded SQL of those it reverts")
                          : QStringLiteral("up refuses to run until they are fixed"));
        for (const StrataError &p : scan.problems)
            files.details.append(p.toString());
    }
    report.checks.append(files);

    HistoryStore history(connection, options.history);
    const Result<AppliedMigrationList> applied = history.read(true);
    if (!applied) {
        report.checks.append(check("pending", "Pending migrations", Severity::Blocker,
            QStringLiteral("cannot read the history %1: %2")
                .arg(options.history.qualifiedTable(), applied.error().message)));
        return report;
    }
    const MigrationStatusList statuses = MigrationPlanner::statuses(scan.migrations, *applied);

    // Drift: what up refuses without --ignore-drift.
    const DriftReport drift = DriftReport::fromStatuses(statuses, scan.directory);
    PreflightCheck driftCheck = check("drift", "Drift", Severity::Ok,
        QStringLiteral("every applied migration's file matches what was run"));
    if (!drift.isEmpty()) {
        // A revert refuses an edited migration only among those it reverts,
        // and the plan below says so as a blocker; the rest is for information.
        const bool accepted = reverting || options.up.ignoreDrift;
        driftCheck.severity = accepted ? Severity::Warning : Severity::Blocker;
        driftCheck.message = QStringLiteral("%1 changed or gone since applied%2")
                                 .arg(plural(drift.entries().size(), "migration", "migrations"),
                                     options.up.ignoreDrift && !reverting
                                         ? QStringLiteral(" (accepted: --ignore-drift)")
                                         : QStringLiteral("; `strata-cli drift` shows how"));
        for (const DriftReport::Entry &e : drift.entries())
            driftCheck.details.append(QStringLiteral("%1 %2").arg(stateName(e.state), e.name));
    }

    const Result<Plan> plan = reverting ? MigrationPlanner::planDown(statuses, *applied, *options.down)
                                        : MigrationPlanner::planUp(statuses, options.up);
    Result<QList<PreparedStep>> prepared = QList<PreparedStep> {};
    PreflightCheck pending = check(
        "pending", reverting ? "Migrations to revert" : "Pending migrations", Severity::Ok, QString());
    if (!plan) {
        pending.severity = Severity::Blocker;
        pending.message = plan.error().message;
        if (!plan.error().file.isEmpty())
            pending.message += QStringLiteral(" (%1)").arg(QDir::toNativeSeparators(plan.error().file));
        if (!plan.error().detail.isEmpty())
            pending.details = plan.error().detail.split(QLatin1Char('\n'));
    } else if (plan->isEmpty()) {
        pending.message = reverting ? QStringLiteral("nothing to revert: no migration is applied")
                                    : QStringLiteral("nothing to apply: the database is up to date");
    } else {
        prepared = MigrationRunner::prepare(*plan, false);
        if (!prepared) {
            pending.severity = Severity::Blocker;
            pending.message = QStringLiteral("the plan does not parse: %1").arg(prepared.error().toString());
        } else {
            pending.message = QStringLiteral("%1 to %2")
                                  .arg(plural(plan->size(), "migration", "migrations"),
                                      reverting ? QStringLiteral("revert") : QStringLiteral("apply"));
        }
        for (const PlanStep &step : *plan)
            pending.details.append(
                (step.migration.filePath.isEmpty() ? step.sourceName : step.migration.fileName())
                + (step.transactional ? QString() : QStringLiteral(" (transaction:false)")));
    }
    report.checks.append(pending);
    report.checks.append(driftCheck);

    // Lint the migrations that would run, with the real sizes of their tables.
    PreflightCheck lint = check("lint", "Lint", Severity::Ok, QStringLiteral("nothing to lint"));
    if (plan && !plan->isEmpty()) {
        LintContext context;
        const LintConfig config = LintConfig::load(scan.directory);
        config.applyTo(context);
        for (const AppliedMigration &a : *applied) {
            context.newestAppliedTimestamp = qMax(context.newestAppliedTimestamp, a.timestamp);
            context.appliedNames.insert(a.name);
        }
        if (options.lintServerVersion > 0)
            context.serverVersion = options.lintServerVersion;
        context.runnerSetsLockTimeout = options.runnerSetsLockTimeout;
        // A catalog that cannot be read leaves lint to its offline knowledge.
        (void)LintDatabaseFacts::read(
            connection, context, config.serverVersion > 0 || options.lintServerVersion > 0);
        QList<Migration> toLint;
        for (const PlanStep &step : *plan)
            toLint.append(step.migration);
        auto lintPlan = [&] {
            LintFindingList all;
            // The section that will run: up's findings for an up, down's for a revert.
            for (const LintFinding &f : MigrationLinter::lintChain(toLint, context))
                if ((f.section == QLatin1String("down")) == reverting)
                    all.append(f);
            return all;
        };
        LintFindingList findings = lintPlan();
        QStringList tables;
        for (const LintFinding &f : std::as_const(findings))
            if (!f.table.isEmpty() && !tables.contains(f.table))
                tables.append(f.table);
        if (Result<QHash<QString, TableSize>> sizes = TableSizes::fetch(connection, tables); sizes) {
            context.tableSizes = *sizes;
            findings = lintPlan();
        }
        int errors = 0;
        int warnings = 0;
        for (const LintFinding &f : std::as_const(findings)) {
            errors += f.severity == LintFinding::Severity::Error;
            warnings += f.severity == LintFinding::Severity::Warning;
            lint.details.append(QStringLiteral("%1:%2: %3 [%4] %5")
                                    .arg(QFileInfo(f.file).fileName())
                                    .arg(f.line)
                                    .arg(LintFinding::severityName(f.severity), f.ruleId, f.message));
        }
        lint.severity = errors > 0 ? Severity::Blocker : warnings > 0 ? Severity::Warning : Severity::Ok;
        const QString where = reverting ? QStringLiteral("the down sections to run")
                                        : QStringLiteral("the pending migrations");
        // Infos are listed under the check but never change its colour.
        const int infos = int(findings.size()) - errors - warnings;
        if (findings.isEmpty())
            lint.message = QStringLiteral("no findings in %1").arg(where);
        else if (errors + warnings == 0)
            lint.message = QStringLiteral("only %1 in %2").arg(plural(infos, "note", "notes"), where);
        else
            lint.message
                = QStringLiteral("%1, %2 in %3")
                      .arg(plural(errors, "error", "errors"), plural(warnings, "warning", "warnings"), where);
    }
    report.checks.append(lint);
    if (prepared && !prepared->isEmpty())
        if (std::optional<PreflightCheck> extensions = extensionsCheck(connection, *prepared))
            report.checks.append(*extensions);
    if (!options.backupFolder.isEmpty())
        report.checks.append(backupCheck(connection, options));

    PlannedLocks planned = prepared ? plannedLocks(*prepared) : PlannedLocks {};
    SessionScan sessions = scanSessions(connection, planned, options);
    if (!sessions.ok)
        report.checks.append(check("blockers", "Sessions in the way", Severity::Warning,
            QStringLiteral("cannot read pg_locks and pg_stat_activity: %1").arg(sessions.error.message)));
    else
        report.checks += sessions.checks;
    if (std::optional<PreflightCheck> preparedXacts = preparedCheck(connection, planned))
        report.checks.append(*preparedXacts);
    qCDebug(lcRunner) << "pre-flight" << report.target << report.summary();
    return report;
}

PreflightReport Preflight::run(const ConnectionSettings &settings, const Result<MigrationSource::Scan> &scan,
    const PreflightOptions &options)
{
    PreflightReport report;
    report.target = settings.describe();
    report.checkedAt = QDateTime::currentDateTimeUtc();
    if (!scan) {
        report.checks.append(check("files", "Migration files", Severity::Blocker, scan.error().toString()));
        return report;
    }
    Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(settings);
    if (!connection) {
        report.checks.append(
            check("connection", "Connection", Severity::Blocker, connection.error().message));
        return report;
    }
    return run(**connection, *scan, options);
}
