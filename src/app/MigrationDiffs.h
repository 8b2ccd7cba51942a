#pragma once

#include <QString>

class QWidget;
struct AppliedLookup;

// The diff views of a migration file, each a non-modal DiffDialog: against
// another file, against git HEAD, and against the SQL recorded when it was
// applied (drift). Problems are said in a message box over `parent`.
class MigrationDiffs
{
public:
    static void ofFiles(QWidget *parent, const QString &left, const QString &right);
    // Returns false, doing nothing, when the file is not in a git repository.
    static bool withHead(QWidget *parent, const QString &file);
    // `lookup`: the history row of `historyName` as LookupWorker read it.
    static void withApplied(
        QWidget *parent, const QString &historyName, const QString &file, const AppliedLookup &lookup);
};
