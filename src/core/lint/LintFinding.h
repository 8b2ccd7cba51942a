#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

// A safe rewrite of what a finding points at: edits of the migration's own
// text and, for a step that must run in a transaction of its own (or later),
// a new migration file next to it.
struct LintFix
{
    struct Edit
    {
        qsizetype start = 0; // byte offsets into the migration file's text
        qsizetype end = 0; // == start: an insertion
        QByteArray replacement;
    };

    QString title; // imperative, one line: "Build the index CONCURRENTLY in a migration of its own"
    QList<Edit> edits; // non-overlapping, in file order
    QString newFileName; // empty: the fix adds no file
    QByteArray newFileText;

    // The file's text with the edits applied.
    QByteArray apply(const QByteArray &text) const;
    // {title, edits: [{start, end, replacement}], newFile: {name, text}}, for --format json.
    QJsonObject toJson() const;
};

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
    QList<LintFix> fixes; // the safe rewrites, when one can be written for this statement

    static QString severityName(Severity severity);
};

using LintFindingList = QList<LintFinding>;
