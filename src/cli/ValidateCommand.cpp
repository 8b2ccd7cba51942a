#include "ValidateCommand.h"

#include "CliContext.h"
#include "StatusPrinter.h"
#include "migration/MigrationSource.h"
#include "runner/MigrationRunner.h"
#include "sql/SqlScript.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

int ValidateCommand::run(const QStringList &args)
{
    if (!args.isEmpty())
        return m_cli.usage(QStringLiteral("validate takes no arguments"));
    Result<MigrationSource::Scan> scan = m_cli.scanMigrations();
    if (!scan)
        return m_cli.fail(scan.error());
    QList<StrataError> problems = scan->problems;
    for (const Migration &m : scan->migrations) {
        Plan plan;
        PlanStep up;
        up.migration = m;
        up.sql = m.up.sql;
        up.source = m.text;
        up.sqlOffset = m.up.fileOffset;
        up.sourceMap = m.sourceMap;
        up.sourceName = m.filePath;
        up.transactional = m.transactional;
        plan.append(up);
        if (m.down.present) {
            PlanStep down = up;
            down.direction = PlanStep::Direction::Down;
            down.sql = m.down.sql;
            down.sqlOffset = m.down.fileOffset;
            Result<QList<SqlStatement>> parsed
                = SqlScript::parse(down.sql, down.source, down.sqlOffset, down.sourceName, down.sourceMap);
            if (!parsed)
                problems.append(parsed.error());
        }
        Result<QList<PreparedStep>> prepared = MigrationRunner::prepare(plan, false);
        if (!prepared)
            problems.append(prepared.error());
    }
    if (m_cli.json()) {
        QJsonArray list;
        for (const StrataError &p : problems)
            list.append(StatusPrinter::errorJson(p));
        QJsonObject o;
        o[QLatin1String("ok")] = problems.isEmpty();
        o[QLatin1String("migrations")] = int(scan->migrations.size());
        o[QLatin1String("problems")] = list;
        m_cli.out() << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else {
        for (const StrataError &p : problems)
            m_cli.err() << "error: " << p.toString() << '\n';
        m_cli.out() << scan->migrations.size() + scan->problems.size() << " file(s) checked, "
                    << problems.size() << " problem(s).\n";
    }
    return problems.isEmpty() ? Success : CheckFailed;
}
