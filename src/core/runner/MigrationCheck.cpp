#include "MigrationCheck.h"

#include "runner/MigrationRunner.h"
#include "sql/SqlScript.h"

QList<StrataError> MigrationCheck::sections(const Migration &migration, const QString &filePath)
{
    const QString path = filePath.isEmpty() ? migration.filePath : filePath;
    QList<StrataError> problems;
    for (const PlanStep::Direction direction : { PlanStep::Direction::Up, PlanStep::Direction::Down }) {
        const bool up = direction == PlanStep::Direction::Up;
        const MigrationSection &section = up ? migration.up : migration.down;
        if (!section.present)
            continue;
        if (!up) {
            const Result<QList<SqlStatement>> statements = SqlScript::parse(
                section.sql, migration.text, section.fileOffset, path, migration.sourceMap);
            if (!statements) {
                problems.append(statements.error());
                continue;
            }
            if (statements->isEmpty())
                continue;
        }
        PlanStep step = PlanStep::fromFile(migration, direction);
        // A refusal (a TypeORM file Strata cannot run) is reported by the
        // caller; its SQL still deserves the parser's check.
        step.migration.refusal.clear();
        step.sourceName = path;
        const Result<QList<PreparedStep>> prepared = MigrationRunner::prepare({ step }, false);
        if (!prepared) {
            StrataError e = prepared.error();
            e.file = path;
            problems.append(e);
        }
    }
    return problems;
}
