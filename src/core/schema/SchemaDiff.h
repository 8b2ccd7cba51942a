#pragma once

#include "RenameCandidate.h"
#include "SchemaChange.h"
#include "SchemaModel.h"

#include <QList>
#include <QStringList>

// The changes that turn one schema model into another, ordered by dependencies:
// phases (below), then the dependencies pg_depend records between the objects;
// extensions, schemas and types before the tables that use them; foreign keys
// dropped before what they point to; views dropped and recreated around column
// type changes (also the views that depend on those views); functions before
// the triggers that call them; comments last.
class SchemaDiff
{
public:
    static SchemaDiff compare(const SchemaModel &from, const SchemaModel &to);

    QList<SchemaChange> changes() const { return m_changes; }
    bool isEmpty() const { return m_changes.isEmpty(); }
    bool hasDataLoss() const;
    // True when a change (ALTER TYPE ... ADD VALUE) wants the migration to run
    // outside a transaction.
    bool needsOutsideTransaction() const;

    // Turns `from` into `to`. Starts with SET LOCAL check_function_bodies = false
    // when it creates functions (see withFunctionBodyChecksOff()).
    QString upSql() const;
    // Turns `to` back into `from`.
    QString downSql() const;

    // Drop+add pairs that look like renames; offered, not applied.
    QList<RenameCandidate> renameCandidates() const { return m_renameCandidates; }
    // The same comparison with the accepted candidates turned into renames.
    SchemaDiff withRenames(const QList<RenameCandidate> &accepted) const;

    // Objects of kinds the model does not know, from either side.
    QStringList notCompared() const { return m_notCompared; }

    // `sql` (a script of this diff's changes) with SET check_function_bodies = false
    // in front, and a comment saying why, when it creates functions. upSql() and
    // downSql() have it; a generated migration file uses it for its sections.
    QString withFunctionBodyChecksOff(const QString &sql) const;

private:
    static SchemaDiff compareWithRenames(
        const SchemaModel &from, const SchemaModel &to, const QList<RenameCandidate> &renames);

    SchemaModel m_from;
    SchemaModel m_to;
    QList<SchemaChange> m_changes;
    QList<RenameCandidate> m_renameCandidates;
    QStringList m_notCompared;
};
