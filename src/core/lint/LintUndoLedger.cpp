#include "LintUndoLedger.h"

#include "ParseTree.h"

#include <QHash>

namespace {

// What a DROP removes, in the words used for created objects.
QString dropKind(const QString &removeType)
{
    static const QHash<QString, QString> kinds {
        { QStringLiteral("OBJECT_TABLE"), QStringLiteral("table") },
        { QStringLiteral("OBJECT_INDEX"), QStringLiteral("index") },
        { QStringLiteral("OBJECT_TYPE"), QStringLiteral("type") },
        { QStringLiteral("OBJECT_DOMAIN"), QStringLiteral("type") },
        { QStringLiteral("OBJECT_VIEW"), QStringLiteral("view") },
        { QStringLiteral("OBJECT_MATVIEW"), QStringLiteral("materialized view") },
        { QStringLiteral("OBJECT_SEQUENCE"), QStringLiteral("sequence") },
        { QStringLiteral("OBJECT_SCHEMA"), QStringLiteral("schema") },
        { QStringLiteral("OBJECT_FUNCTION"), QStringLiteral("function") },
        { QStringLiteral("OBJECT_PROCEDURE"), QStringLiteral("function") },
        { QStringLiteral("OBJECT_ROUTINE"), QStringLiteral("function") },
        { QStringLiteral("OBJECT_EXTENSION"), QStringLiteral("extension") },
    };
    return kinds.value(removeType);
}

} // namespace

void LintUndoLedger::created(
    const QString &kind, const QString &name, const SqlStatement &at, const QString &table)
{
    m_created.append(CreatedObject { kind, name, table, at });
}

void LintUndoLedger::dropped(const QString &removeType, const QString &name)
{
    m_dropped.insert(dropKind(removeType) + QLatin1Char(':') + ParseTree::unqualified(name));
}

QList<LintUndoLedger::CreatedObject> LintUndoLedger::undone() const
{
    QList<CreatedObject> undone;
    for (const CreatedObject &c : m_created) {
        const QString name = ParseTree::unqualified(c.name);
        if (m_dropped.contains(c.kind + QLatin1Char(':') + name))
            continue;
        // Dropping a table drops its indexes.
        if (c.kind == QLatin1String("index")
            && m_dropped.contains(QStringLiteral("table:") + ParseTree::unqualified(c.table)))
            continue;
        undone.append(c);
    }
    return undone;
}
