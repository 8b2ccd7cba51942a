#pragma once

#include "common/SourceMap.h"

#include <QByteArray>
#include <QList>
#include <QString>

// One section (up or down) of a migration file. The SQL keeps its place in the
// file so that positions reported by libpg_query and the server map back to
// the line and column a person sees in the editor.
struct MigrationSection
{
    QByteArray sql; // UTF-8, LF line endings
    qsizetype fileOffset = 0; // byte offset of sql's first byte in Migration::text
    bool present = false; // the file has a marker for this section
};

// A migration file: `<13-digit ms timestamp>-<Name>.sql` holding
// `-- migrate:up [transaction:false]` and `-- migrate:down` sections (the
// naming rule is MigrationName's).
struct Migration
{
    qint64 timestamp = 0;
    // The 13 digits as written (`0000000000001` for timestamp 1). Empty, or
    // digits that no longer spell `timestamp` (a copy whose timestamp was
    // changed), mean QString::number(timestamp).
    QString timestampDigits;
    QString name; // the name part, as in the file name (decoded): AddUsers, initialSchema
    QString filePath; // absolute path
    QByteArray text; // the whole file, normalized (no BOM, LF line endings)
    QString checksum; // hex SHA-256 of the checksum-normalized text
    bool transactional = true;
    // `-- migrate:up empty:true`: a section may run no SQL on purpose (a
    // TypeORM migration whose up() or down() issues none still gets its row).
    bool emptyAllowed = false;
    // A TypeORM migration whose statements are the ones TypeORM itself issued
    // when Strata ran it in a shadow (TypeOrmShadowReader), not read statically.
    bool readByTypeOrm = false;
    // False for a file whose metadata came from MigrationFileCache in a scan
    // for status (MigrationSource::ScanDepth::ForStatus): checksum, transaction
    // mode and which sections exist are known, but text and the sections' SQL
    // were not read. Nothing may run or lint such a migration.
    bool contentLoaded = true;
    MigrationSection up;
    MigrationSection down;
    // Why this migration is shown but must not run, e.g. a TypeORM migration
    // whose SQL cannot be known statically. Empty: it may run.
    QString refusal;
    int refusalLine = 0;
    int refusalColumn = 0;
    // Why this migration's down section must not run, while its up may (a
    // TypeORM down() that TypeORM itself fails on, or one the static reader
    // cannot translate). Empty: no such reason.
    QString downRefusal;
    int downRefusalLine = 0;
    int downRefusalColumn = 0;
    // A TypeORM migration's text is SQL Strata composed from its .ts / .js file
    // (filePath); this maps offsets in `text` back into that file. Empty for a
    // .sql file, whose text is the file.
    SourceMap sourceMap;

    // Line and column, in the file a person edits, of byte `offset` of text.
    TextPosition positionAt(qsizetype offset) const { return sourceMap.position(text, offset); }

    // The name TypeORM writes into its history table: the class name
    // `<Name><timestamp digits>`.
    QString historyName() const
    {
        const bool padded = !timestampDigits.isEmpty() && timestampDigits.toLongLong() == timestamp;
        return name + (padded ? timestampDigits : QString::number(timestamp));
    }
    QString fileName() const;
};

using MigrationList = QList<Migration>;
