#pragma once

#include "RenameCandidate.h"
#include "SchemaChange.h"
#include "SchemaModel.h"

#include <QList>
#include <QStringList>

// Renames in the schema diff: drop+add pairs that look like renames (offered,
// never applied by themselves), and the accepted ones applied to the `from`
// side so the rest of the comparison sees the new names.
namespace SchemaRenames {

QStringList splitQualified(const QString &name);
SchemaModel applyRenames(
    SchemaModel model, const QList<RenameCandidate> &renames, QList<SchemaChange> &changes);
QList<RenameCandidate> findRenameCandidates(const SchemaModel &from, const SchemaModel &to);

} // namespace SchemaRenames
