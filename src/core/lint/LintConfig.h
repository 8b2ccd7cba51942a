#pragma once

#include "LintContext.h"

#include <QSet>
#include <QString>

// Project-wide lint settings from strata.ini ([lint] disable=a,b,
// large_table_bytes=N and pg_version=V), looked for in the migrations folder, then its parent
// (the project root, next to the code that owns the schema).
class LintConfig
{
public:
    QSet<QString> disabledRules;
    qint64 largeTableBytes = LintContext::defaultLargeTableBytes;
    int serverVersion = 0; // [lint] pg_version (e.g. 13 or 12.4); 0 = not pinned
    QString path; // the file read; empty when none was found

    static LintConfig load(const QString &migrationsDirectory);
    // "13", "12.4", "9.6" or a server_version_num such as 130004 -> 130000,
    // 120004, 90600, 130004; 0 when it is none of these.
    static int parseServerVersion(const QString &text);
    void applyTo(LintContext &context) const;
};
