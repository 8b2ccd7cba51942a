#pragma once

#include "common/StrataError.h"

#include <QString>

// A PostgreSQL client program (pg_dump, pg_restore) and its version.
struct PgTool
{
    QString path;
    QString versionText; // "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
    int versionNumber = 0; // 150018, as server_version_num; 0 if unknown
    // The major release in server_version_num's scale (150018 -> 150000, 90624 -> 90600),
    // so that 9.6 and 15 compare correctly.
    static int majorOf(int versionNumber)
    {
        return versionNumber >= 100000 ? versionNumber / 10000 * 10000 : versionNumber / 100 * 100;
    }
    QString versionString() const; // "15.18"
};

// Finds pg_dump and pg_restore: in the folder the profile (or --pg-bin) names,
// else in the newest /usr/lib/postgresql/*/bin (Debian installs major versions
// side by side and puts the newest first on PATH only through a wrapper), else
// on PATH. A folder given explicitly is the only place looked at: the user chose it.
class PgToolLocator
{
public:
    // `tool` is "pg_dump" or "pg_restore"; `binDir` the explicit folder or empty.
    static Result<PgTool> locate(const QString &tool, const QString &binDir);

    // Debian and Ubuntu install each major version side by side in
    // /usr/lib/postgresql/<major>/bin: the newest holding `tool`, or empty.
    static QString newestDebianBinDir(const QString &tool);

    // Parses "pg_dump (PostgreSQL) 15.18 ..." or "... 9.6.24" into 150018 / 90624; 0 if not a version.
    static int parseVersion(const QString &versionOutput);

    // pg_dump refuses servers newer than itself; say so before running it, with
    // both versions and how to point Strata at a newer pg_dump.
    static Status checkDumpVersion(
        const PgTool &pgDump, int serverVersionNumber, const QString &serverVersion);

    // How to fix "pg_dump is missing or too old": install and where to point.
    static QString fixHint(int serverVersionNumber);
};
