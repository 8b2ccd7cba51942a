#pragma once

#include <QList>
#include <QString>

// One problem the linter found in a migration file, pointing at the statement
// that causes it so editors and CI annotations can jump there.
struct LintFinding
{
    enum class Severity { Error, Warning, Info };

    QString ruleId; // stable id, e.g. "drop-table"; used by disable lists and SARIF
    Severity severity = Severity::Warning;
    QString message; // one line about this occurrence
    QString explanation; // why it is risky and the safe pattern (the rule's text)
    QString file;
    int line = 0; // 1-based, of the offending statement in the file
    int column = 0;
    QString section; // "up" or "down"; empty for whole-file findings
    // The table the statement locks or rewrites, as written (schema-qualified when
    // the SQL qualifies it); empty when the rule is not about one table.
    QString table;
    qint64 tableBytes = -1; // -1 when unknown
    qint64 tableRows = -1; // the planner's estimate (reltuples); -1 when unknown

    static QString severityName(Severity severity);
};

using LintFindingList = QList<LintFinding>;
