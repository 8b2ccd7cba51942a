#pragma once

#include "Migration.h"
#include "common/StrataError.h"

// Turns the bytes of one migration file into a Migration, or an error that
// names the file and line. It checks the format only; the SQL itself is checked
// by SqlScript (libpg_query) when a migration is validated or about to run.
class MigrationFileParser
{
public:
    static Result<Migration> parse(const QString &filePath, const QByteArray &bytes);

    // The checksum Strata records at apply time and compares later. It hashes
    // the text with a UTF-8 BOM removed, CRLF/CR turned into LF, trailing blanks
    // removed from each line and trailing empty lines dropped, so a change of
    // editor or platform alone never reads as an edit.
    static QString checksumOf(const QByteArray &normalizedText);

    // The file text with a BOM removed and line endings turned into LF.
    static QByteArray normalizeLineEndings(const QByteArray &bytes);

    // Parses `<timestamp>-<Name>.sql` (MigrationName's rule) into the
    // migration's timestamp, digits and name; returns false with a reason.
    static bool parseFileName(const QString &fileName, Migration *migration, QString *reason);
};
