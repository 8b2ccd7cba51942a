#pragma once

#include "common/StrataError.h"
#include "migration/Migration.h"

#include <QList>

// The check a migration's SQL gets before anything runs, without a database:
// each section through MigrationRunner::prepare (PostgreSQL's parser, plus the
// statements the runner refuses inside a transaction), positions through the
// migration's source map. `strata-cli validate` and the editor's live check
// both use it, so they agree on what is wrong and where.
class MigrationCheck
{
public:
    // Problems of `migration`'s up section and its down section, if it has
    // statements (an empty down is allowed: the migration cannot be reverted).
    // Errors name `filePath` (default: the migration's own file).
    static QList<StrataError> sections(const Migration &migration, const QString &filePath = QString());
};
