#pragma once

#include "SchemaBlame.h"
#include "ShadowBaseline.h"
#include "common/StrataError.h"
#include "history/HistoryTable.h"
#include "migration/Migration.h"

#include <QString>

#include <optional>

// Blame computed once per project state: a file per key in the user's cache
// folder (blame/<key>.json). The key is a hash of everything the replay
// depends on (each migration's path, history name and checksum, the history
// table, the shadow's baseline), so an edited, added or renamed migration
// means another key and a fresh replay; a stale entry is never read. The 32
// newest entries are kept.
class SchemaBlameCache
{
public:
    // `directory` empty: <cache location>/blame.
    explicit SchemaBlameCache(QString directory = {});

    static QString keyOf(
        const MigrationList &migrations, const HistoryTable &history, const ShadowBaseline &baseline);

    QString directory() const { return m_directory; }
    QString pathOf(const QString &key) const;

    // nullopt when there is none or it cannot be read (then it is computed again).
    std::optional<SchemaBlame> load(const QString &key) const;
    // Written whole or not at all (QSaveFile).
    Status save(const QString &key, const SchemaBlame &blame) const;

private:
    QString m_directory;
};
