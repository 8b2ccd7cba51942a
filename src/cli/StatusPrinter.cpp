#include "StatusPrinter.h"

#include "git/MigrationGitState.h"

#include <QDir>
#include <QJsonArray>

namespace {

QString column(const QString &text, int width)
{
    return text.leftJustified(width, QLatin1Char(' '), false);
}

QString formatDuration(qint64 ms)
{
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 2);
}

} // namespace

QString StatusPrinter::checksumState(const MigrationStatus &status)
{
    if (!status.applied || !status.file)
        return {};
    if (status.checksumUnknown())
        return QStringLiteral("unknown");
    return status.state == MigrationState::Edited ? QStringLiteral("differs") : QStringLiteral("ok");
}

void StatusPrinter::printTable(QTextStream &out, const Context &context, const MigrationStatusList &statuses)
{
    out << "Migrations: " << QDir::toNativeSeparators(context.migrationsDirectory) << '\n'
        << "Database:   " << context.database;
    if (!context.serverVersion.isEmpty())
        out << " (PostgreSQL " << context.serverVersion << ')';
    out << ", history table " << context.historyTable << "\n\n";
    if (statuses.isEmpty()) {
        out << "No migrations yet. Create one with: strata-cli new <PascalName>\n";
        return;
    }
    int nameWidth = 4;
    for (const MigrationStatus &s : statuses)
        nameWidth = std::max(nameWidth, int(s.file ? s.file->name.size() : s.name.size()));
    nameWidth = std::min(nameWidth, 48);
    out << column(QStringLiteral("STATE"), 13) << column(QStringLiteral("TIMESTAMP"), 15)
        << column(QStringLiteral("NAME"), nameWidth + 2) << column(QStringLiteral("APPLIED AT (UTC)"), 21)
        << column(QStringLiteral("BY"), 20) << column(QStringLiteral("DURATION"), 10) << "CHECKSUM\n";
    QMap<MigrationState, int> counts;
    for (const MigrationStatus &s : statuses) {
        ++counts[s.state];
        const QString name = s.file ? s.file->name : s.name;
        QString appliedAt;
        QString by;
        QString duration;
        if (s.applied && s.applied->hasDetails) {
            appliedAt = s.applied->appliedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
            by = s.applied->appliedBy;
            duration = formatDuration(s.applied->durationMs);
        } else if (s.applied) {
            appliedAt = QStringLiteral("(no details)");
        }
        out << column(stateName(s.state), 13) << column(QString::number(s.timestamp), 15)
            << column(name, nameWidth + 2) << column(appliedAt, 21) << column(by.left(19), 20)
            << column(duration, 10) << checksumState(s) << '\n';
    }
    QStringList summary;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        summary << QStringLiteral("%1 %2").arg(it.value()).arg(stateName(it.key()));
    out << '\n' << summary.join(QLatin1String(", ")) << '\n';
    for (auto state : { MigrationState::Edited, MigrationState::Missing, MigrationState::OutOfOrder }) {
        if (counts.value(state))
            out << stateName(state) << ": " << stateDescription(state) << '\n';
    }
    for (const MigrationStatus &s : statuses)
        if (s.file && !s.file->refusal.isEmpty())
            out << "cannot run " << s.name << ": " << s.file->refusal << '\n';
        else if (s.file && !s.file->downRefusal.isEmpty())
            out << "cannot revert " << s.name << ": " << s.file->downRefusal << '\n';
}

QJsonObject StatusPrinter::errorJson(const StrataError &error)
{
    QJsonObject o;
    o[QLatin1String("message")] = error.message;
    if (!error.file.isEmpty())
        o[QLatin1String("file")] = error.file;
    if (error.line)
        o[QLatin1String("line")] = error.line;
    if (error.column)
        o[QLatin1String("column")] = error.column;
    if (!error.sqlState.isEmpty())
        o[QLatin1String("sqlstate")] = error.sqlState;
    if (!error.detail.isEmpty())
        o[QLatin1String("detail")] = error.detail;
    if (!error.hint.isEmpty())
        o[QLatin1String("hint")] = error.hint;
    if (!error.context.isEmpty())
        o[QLatin1String("context")] = error.context;
    return o;
}

QJsonObject StatusPrinter::statusJson(const Context &context, const MigrationStatusList &statuses,
    const QList<StrataError> &problems,
    const std::optional<QHash<QString, GitRepository::FileState>> &gitStates)
{
    QJsonArray migrations;
    QJsonObject counts;
    for (const MigrationStatus &s : statuses) {
        QJsonObject m;
        m[QLatin1String("state")] = stateName(s.state);
        m[QLatin1String("timestamp")] = QString::number(s.timestamp);
        m[QLatin1String("name")] = s.name;
        if (s.file) {
            m[QLatin1String("file")] = s.file->filePath;
            m[QLatin1String("checksum")] = s.file->checksum;
            m[QLatin1String("transactional")] = s.file->transactional;
            if (!s.file->refusal.isEmpty())
                m[QLatin1String("refusal")] = s.file->refusal;
            if (!s.file->downRefusal.isEmpty())
                m[QLatin1String("downRefusal")] = s.file->downRefusal;
            // A TypeORM migration says which way its SQL was learnt.
            if (s.file->readByTypeOrm)
                m[QLatin1String("readBy")] = QStringLiteral("typeorm");
            else if (!s.file->filePath.endsWith(QLatin1String(".sql")))
                m[QLatin1String("readBy")] = QStringLiteral("static");
            if (gitStates) {
                const auto git = gitStates->constFind(s.file->filePath);
                if (git != gitStates->cend())
                    m[QLatin1String("git")] = MigrationGitState::name(*git);
            }
        }
        if (s.applied) {
            m[QLatin1String("historyId")] = s.applied->id;
            if (s.applied->hasDetails) {
                m[QLatin1String("appliedAt")] = s.applied->appliedAt.toString(Qt::ISODateWithMs);
                m[QLatin1String("appliedBy")] = s.applied->appliedBy;
                m[QLatin1String("durationMs")] = s.applied->durationMs;
                m[QLatin1String("appliedChecksum")] = s.applied->checksum;
                m[QLatin1String("toolVersion")] = s.applied->toolVersion;
            }
            m[QLatin1String("checksumState")] = s.file ? checksumState(s) : QStringLiteral("file-missing");
        }
        migrations.append(m);
        counts[stateName(s.state)] = counts[stateName(s.state)].toInt() + 1;
    }
    QJsonArray problemList;
    for (const StrataError &p : problems)
        problemList.append(errorJson(p));
    QJsonObject root;
    root[QLatin1String("database")] = context.database;
    root[QLatin1String("serverVersion")] = context.serverVersion;
    root[QLatin1String("historyTable")] = context.historyTable;
    root[QLatin1String("migrationsDirectory")] = context.migrationsDirectory;
    root[QLatin1String("migrations")] = migrations;
    root[QLatin1String("counts")] = counts;
    root[QLatin1String("problems")] = problemList;
    return root;
}

QJsonObject StatusPrinter::reportJson(const RunReport &report)
{
    QJsonArray plan;
    for (const PreparedStep &p : report.plan) {
        QJsonObject o;
        o[QLatin1String("name")] = p.step.migration.historyName();
        o[QLatin1String("direction")]
            = p.step.direction == PlanStep::Direction::Up ? QStringLiteral("up") : QStringLiteral("down");
        o[QLatin1String("source")] = p.step.sourceName;
        o[QLatin1String("transactional")] = p.step.transactional;
        QJsonArray statements;
        for (const SqlStatement &s : p.statements)
            statements.append(QString::fromUtf8(s.text));
        o[QLatin1String("statements")] = statements;
        plan.append(o);
    }
    QJsonArray completed;
    for (const StepReport &s : report.completed) {
        QJsonObject o;
        o[QLatin1String("name")] = s.name;
        o[QLatin1String("direction")]
            = s.direction == PlanStep::Direction::Up ? QStringLiteral("up") : QStringLiteral("down");
        o[QLatin1String("statements")] = s.statementCount;
        o[QLatin1String("durationMs")] = s.durationMs;
        completed.append(o);
    }
    QJsonObject root;
    root[QLatin1String("ok")] = report.ok();
    root[QLatin1String("dryRun")] = report.dryRun;
    root[QLatin1String("plan")] = plan;
    root[QLatin1String("completed")] = completed;
    // False: the migrations in `completed` reported success but their flush to
    // disk failed, so a server crash may have lost them.
    root[QLatin1String("completedDurable")] = report.completedDurable;
    if (!report.completedDurable)
        root[QLatin1String("durabilityProblem")] = report.durabilityProblem;
    root[QLatin1String("durationMs")] = report.durationMs;
    if (report.error)
        root[QLatin1String("error")] = errorJson(*report.error);
    return root;
}

void StatusPrinter::printPlan(QTextStream &out, const RunReport &report)
{
    if (report.plan.isEmpty()) {
        out << "-- nothing to do\n";
        return;
    }
    for (const PreparedStep &p : report.plan) {
        out << "-- " << (p.step.direction == PlanStep::Direction::Up ? "up" : "down") << ' '
            << p.step.migration.historyName() << " from " << p.step.sourceName
            << (p.step.transactional ? " (in a transaction)" : " (transaction:false, no transaction)")
            << '\n';
        for (const SqlStatement &s : p.statements)
            out << QString::fromUtf8(s.text) << ";\n";
        out << '\n';
    }
}
