#include "MigrationPlanner.h"

#include "migration/MigrationName.h"

#include <QHash>

#include <algorithm>

PlanStep PlanStep::fromFile(const Migration &migration, Direction direction)
{
    const MigrationSection &section = direction == Direction::Up ? migration.up : migration.down;
    PlanStep step;
    step.direction = direction;
    step.migration = migration;
    step.sql = section.sql;
    step.source = migration.text;
    step.sqlOffset = section.fileOffset;
    step.sourceMap = migration.sourceMap;
    step.sourceName = migration.filePath;
    step.transactional = migration.transactional;
    return step;
}
namespace {

bool hasStatements(const QByteArray &sql)
{
    for (const QByteArray &line : sql.split('\n')) {
        const QByteArray t = line.trimmed();
        if (!t.isEmpty() && !t.startsWith("--"))
            return true;
    }
    return false;
}

QString listNames(const QStringList &names)
{
    const int shown = 10;
    QString list = names.mid(0, shown).join(QLatin1String(", "));
    if (names.size() > shown)
        list += QStringLiteral(" and %1 more").arg(names.size() - shown);
    return list;
}

} // namespace

MigrationStatusList MigrationPlanner::statuses(
    const MigrationList &files, const AppliedMigrationList &history)
{
    QHash<QString, const AppliedMigration *> appliedByName;
    appliedByName.reserve(history.size());
    qint64 newestApplied = 0;
    for (const AppliedMigration &a : history) {
        appliedByName.insert(a.name, &a);
        newestApplied = std::max(newestApplied, a.timestamp);
    }

    MigrationStatusList result;
    result.reserve(files.size() + history.size());
    QSet<QString> seen;
    for (const Migration &file : files) {
        MigrationStatus s;
        s.timestamp = file.timestamp;
        s.name = file.historyName();
        s.file = file;
        if (const AppliedMigration *a = appliedByName.value(s.name)) {
            s.applied = *a;
            s.state = a->hasDetails && a->checksum != file.checksum ? MigrationState::Edited
                                                                    : MigrationState::Applied;
            seen.insert(s.name);
        } else {
            s.state = file.timestamp < newestApplied ? MigrationState::OutOfOrder : MigrationState::Pending;
        }
        result.append(std::move(s));
    }
    for (const AppliedMigration &a : history) {
        if (seen.contains(a.name))
            continue;
        seen.insert(a.name);
        MigrationStatus s;
        s.state = MigrationState::Missing;
        s.timestamp = a.timestamp;
        s.name = a.name;
        s.applied = appliedByName.value(a.name) ? *appliedByName.value(a.name) : a;
        result.append(std::move(s));
    }
    std::stable_sort(result.begin(), result.end(), [](const MigrationStatus &x, const MigrationStatus &y) {
        return x.timestamp != y.timestamp ? x.timestamp < y.timestamp : x.name < y.name;
    });
    return result;
}

bool MigrationPlanner::matches(const MigrationStatus &status, const QString &key)
{
    if (key == status.name || key == QString::number(status.timestamp))
        return true;
    if (status.file)
        return key == status.file->fileName() || key == status.file->name || key == status.file->filePath;
    return false;
}

Result<Plan> MigrationPlanner::planUp(const MigrationStatusList &statuses, const UpOptions &options)
{
    QStringList edited;
    QStringList missing;
    QStringList outOfOrder;
    for (const MigrationStatus &s : statuses) {
        if (s.state == MigrationState::Edited)
            edited << s.file->fileName();
        else if (s.state == MigrationState::Missing)
            missing << s.name;
        else if (s.state == MigrationState::OutOfOrder)
            outOfOrder << s.file->fileName();
    }
    if (!options.ignoreDrift && (!edited.isEmpty() || !missing.isEmpty())) {
        QStringList reasons;
        if (!edited.isEmpty())
            reasons << QStringLiteral("edited after they were applied: %1").arg(listNames(edited));
        if (!missing.isEmpty())
            reasons << QStringLiteral("applied but their files are missing: %1").arg(listNames(missing));
        StrataError e = StrataError::make(StrataError::Kind::Drift,
            QStringLiteral("the migrations folder has drifted from the database: ")
                + reasons.join(QLatin1String("; ")));
        e.hint = QStringLiteral("restore the files as they were applied and put changes in new migrations; "
                                "--ignore-drift runs anyway");
        return e;
    }
    if (!options.allowOutOfOrder && !outOfOrder.isEmpty()) {
        StrataError e = StrataError::make(StrataError::Kind::Drift,
            QStringLiteral("pending migrations older than the newest applied one: %1")
                .arg(listNames(outOfOrder)));
        e.hint = QStringLiteral(
            "they were probably merged from another branch; check they do not depend on later "
            "migrations, then run with --allow-out-of-order");
        return e;
    }

    qint64 limit = std::numeric_limits<qint64>::max();
    if (!options.target.isEmpty()) {
        const auto target = std::find_if(statuses.cbegin(), statuses.cend(),
            [&](const MigrationStatus &s) { return matches(s, options.target); });
        if (target == statuses.cend())
            return StrataError::make(
                StrataError::Kind::Usage, QStringLiteral("no migration named '%1'").arg(options.target));
        limit = target->timestamp;
    }

    Plan plan;
    for (const MigrationStatus &s : statuses) {
        if (s.timestamp > limit)
            break;
        if (s.state != MigrationState::Pending && s.state != MigrationState::OutOfOrder)
            continue;
        plan.append(PlanStep::fromFile(*s.file, PlanStep::Direction::Up));
    }
    return plan;
}

Result<Plan> MigrationPlanner::planDown(
    const MigrationStatusList &statuses, const AppliedMigrationList &history, const DownOptions &options)
{
    QHash<QString, const MigrationStatus *> byName;
    for (const MigrationStatus &s : statuses)
        byName.insert(s.name, &s);

    // TypeORM reverts the history row with the highest id, whatever its timestamp.
    AppliedMigrationList newestFirst = history;
    std::sort(newestFirst.begin(), newestFirst.end(),
        [](const AppliedMigration &a, const AppliedMigration &b) { return a.id > b.id; });

    AppliedMigrationList chosen;
    if (!options.target.isEmpty()) {
        bool found = false;
        for (const AppliedMigration &a : newestFirst) {
            chosen.append(a);
            const MigrationStatus *s = byName.value(a.name);
            if (s && matches(*s, options.target)) {
                found = true;
                break;
            }
        }
        if (!found)
            return StrataError::make(StrataError::Kind::Usage,
                QStringLiteral("no applied migration named '%1'").arg(options.target));
    } else {
        if (options.count < 1)
            return StrataError::make(StrataError::Kind::Usage, QStringLiteral("--count must be at least 1"));
        chosen = newestFirst.mid(0, options.count);
    }

    Plan plan;
    for (const AppliedMigration &a : chosen) {
        const MigrationStatus *s = byName.value(a.name);
        PlanStep step;
        step.direction = PlanStep::Direction::Down;
        step.applied = a;
        if (s && s->file) {
            if (s->state == MigrationState::Edited && !options.ignoreDrift) {
                StrataError e = StrataError::make(StrataError::Kind::Drift,
                    QStringLiteral(
                        "the file was edited after it was applied, so its down section may not undo what "
                        "ran"),
                    s->file->filePath);
                e.hint
                    = QStringLiteral("restore the file, or run with --ignore-drift to revert with the file's "
                                     "down section as it is now");
                return e;
            }
            if (std::optional<StrataError> refused = refusal(*s->file, PlanStep::Direction::Down))
                return *refused;
            if (!s->file->emptyAllowed && (!s->file->down.present || !hasStatements(s->file->down.sql)))
                return StrataError::make(StrataError::Kind::Source,
                    QStringLiteral("the down section is empty, so Strata cannot revert it"),
                    s->file->filePath);
            step = PlanStep::fromFile(*s->file, PlanStep::Direction::Down);
            step.applied = a;
        } else {
            if (!a.hasDetails)
                return StrataError::make(StrataError::Kind::Source,
                    QStringLiteral(
                        "%1 is applied but its file is missing, and no SQL was recorded for it (it was "
                        "applied by another tool); restore the file to revert it")
                        .arg(a.name));
            if (!hasStatements(a.downSql))
                return StrataError::make(StrataError::Kind::Source,
                    QStringLiteral("%1: its file is missing and the recorded down SQL is empty").arg(a.name));
            step.migration.timestamp = a.timestamp;
            MigrationName name;
            QString ignored;
            if (MigrationName::fromHistoryName(a.name, &name, &ignored)) {
                step.migration.timestampDigits = name.digits();
                step.migration.name = name.stem();
            } else {
                step.migration.name = a.name;
            }
            step.migration.transactional = a.transactional;
            step.sql = a.downSql;
            step.source = a.downSql;
            step.sqlOffset = 0;
            step.sourceName
                = QStringLiteral("%1 (down SQL recorded when it was applied; file missing)").arg(a.name);
            step.transactional = a.transactional;
        }
        plan.append(std::move(step));
    }
    return plan;
}

std::optional<StrataError> MigrationPlanner::refusal(
    const Migration &migration, PlanStep::Direction direction)
{
    StrataError e;
    // A scan for status leaves unchanged files unread; a plan needs their SQL.
    if (!migration.contentLoaded)
        return StrataError::make(StrataError::Kind::Usage,
            QStringLiteral("%1 was scanned for its status only; its SQL was not read")
                .arg(migration.historyName()),
            migration.filePath);
    if (!migration.refusal.isEmpty()) {
        e = StrataError::make(StrataError::Kind::Source,
            QStringLiteral("%1 cannot be run by Strata: %2").arg(migration.historyName(), migration.refusal),
            migration.filePath);
        e.line = migration.refusalLine;
        e.column = migration.refusalColumn;
        return e;
    }
    if (direction == PlanStep::Direction::Down && !migration.downRefusal.isEmpty()) {
        e = StrataError::make(StrataError::Kind::Source,
            QStringLiteral("the down of %1 cannot be run by Strata: %2")
                .arg(migration.historyName(), migration.downRefusal),
            migration.filePath);
        e.line = migration.downRefusalLine;
        e.column = migration.downRefusalColumn;
        return e;
    }
    return std::nullopt;
}
