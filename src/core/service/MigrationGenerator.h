#pragma once

#include "common/StrataError.h"

#include <QString>

class SchemaDiff;
struct SchemaModel;

// Turns a schema diff into a migration file (both sections), the same for
// `strata-cli generate` and the app's Generate Migration dialog: changes that
// lose data carry a `-- WARNING: data loss` comment (the linter's drop-table
// and drop-column rules then flag them too), and a change that cannot run in a
// transaction makes the migration transaction:false.
class MigrationGenerator
{
public:
    static QString fileText(
        const SchemaDiff &diff, const QString &fromDescription, const QString &toDescription);
    // Creates `<timestamp>-<name>.sql` in `directory` (MigrationSource's naming)
    // with `text`; returns its path. Refuses an empty diff.
    static Result<QString> write(const QString &directory, const QString &name, const SchemaDiff &diff,
        const QString &fromDescription, const QString &toDescription);
    // The whole schema as SQL (every object created from nothing), for showing
    // two schemas side by side in the diff view.
    static QString schemaSql(const SchemaModel &model);
};
