#pragma once

#include "LintContext.h"

#include <QSet>
#include <QString>

// Project-wide lint settings from strata.ini ([lint] disable=a,b and
// large_table_bytes=N), looked for in the migrations folder, then its parent
// (the project root, next to the code that owns the schema).
class LintConfig
{
public:
    QSet<QString> disabledRules;
    qint64 largeTableBytes = LintContext::defaultLargeTableBytes;
    QString path; // the file read; empty when none was found

    static LintConfig load(const QString &migrationsDirectory);
    void applyTo(LintContext &context) const;
};
