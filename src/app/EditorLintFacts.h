#pragma once

#include "lint/LintContext.h"
#include "lint/TableSizes.h"
#include "planner/MigrationStatus.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <optional>

class LookupWorker;
class Session;
struct LintLookup;

// What the editor's lint knows of the connected database: the size of the
// tables findings touch (a lock on a small table is a nuisance, on a large
// one an outage) and, read once per connection, the catalog's facts
// (LintDatabaseFacts: version, function volatility, proven NOT NULL
// columns). Read on the LookupWorker; `updated` when an answer arrives.
class EditorLintFacts : public QObject
{
    Q_OBJECT

public:
    EditorLintFacts(Session *session, LookupWorker *lookups, QObject *parent = nullptr);

    // Another connection: forget what the last one said, and late answers of it.
    void clear();
    // Reads the sizes of `tables` (and the facts, the first time per connection).
    void fetch(const QStringList &tables);
    // The lint context for the migrations of `folder` with these statuses: its
    // strata.ini, what the database said, and what is applied there.
    LintContext context(const QString &folder, const MigrationStatusList &statuses) const;

Q_SIGNALS:
    void updated();

private:
    void onRead(quint64 requestId, const LintLookup &lookup);

    Session *m_session;
    LookupWorker *m_lookups;
    quint64 m_generation = 0; // stamps reads; bumped by clear()
    QHash<QString, TableSize> m_tableSizes;
    std::optional<LintContext> m_facts;
};
