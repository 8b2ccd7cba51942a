#include "EditorLintFacts.h"

#include "Session.h"
#include "lint/LintConfig.h"
#include "service/LookupWorker.h"

#include <algorithm>

EditorLintFacts::EditorLintFacts(Session *session, LookupWorker *lookups, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_lookups(lookups)
{
    connect(m_lookups, &LookupWorker::lintFactsRead, this, &EditorLintFacts::onRead);
}

void EditorLintFacts::clear()
{
    ++m_generation;
    m_tableSizes.clear();
    m_facts.reset();
}

void EditorLintFacts::fetch(const QStringList &tables)
{
    // Asked again each time: a table's size is what it is now.
    if (tables.isEmpty() || !m_session->isConnected())
        return;
    QMetaObject::invokeMethod(
        m_lookups,
        [lookups = m_lookups, requestId = m_generation, connection = m_session->connection(), tables,
            withFacts = !m_facts] { lookups->readLintFacts(requestId, connection, tables, withFacts); },
        Qt::QueuedConnection);
}

void EditorLintFacts::onRead(quint64 requestId, const LintLookup &lookup)
{
    // Facts that cannot be read leave lint with its offline defaults.
    if (lookup.error || requestId != m_generation)
        return;
    for (auto it = lookup.sizes.cbegin(); it != lookup.sizes.cend(); ++it)
        m_tableSizes.insert(it.key(), it.value());
    if (lookup.facts)
        m_facts = lookup.facts;
    Q_EMIT updated();
}

LintContext EditorLintFacts::context(const QString &folder, const MigrationStatusList &statuses) const
{
    LintContext context;
    if (m_facts) {
        context.serverVersion = m_facts->serverVersion;
        context.functionIsVolatile = m_facts->functionIsVolatile;
        context.provenNotNull = m_facts->provenNotNull;
        context.pendingNotNullChecks = m_facts->pendingNotNullChecks;
    }
    LintConfig::load(folder).applyTo(context); // a pinned pg_version wins over the server's
    context.tableSizes = m_tableSizes;
    for (const MigrationStatus &s : statuses) {
        if (!s.applied)
            continue;
        context.appliedNames.insert(s.name);
        context.newestAppliedTimestamp = std::max(context.newestAppliedTimestamp, s.applied->timestamp);
    }
    return context;
}
