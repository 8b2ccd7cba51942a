#include "ValidateCommand.h"

#include "CliContext.h"
#include "StatusPrinter.h"
#include "migration/MigrationSource.h"
#include "runner/MigrationCheck.h"

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
    // The editor's check too: both sections through the runner's preparation.
    for (const Migration &m : scan->migrations)
        problems.append(MigrationCheck::sections(m));
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
