#pragma once

#include "FleetRunner.h"
#include "common/StrataError.h"
#include "history/HistoryTable.h"
#include "settings/ConnectionProfile.h"
#include "settings/FleetTargets.h"

#include <QList>
#include <QString>

#include <functional>

class ProfileStore;

// A targets file's entries as runnable targets, the same for `fleet`, `matrix
// --targets` and the app: a profile entry becomes its connection, environment
// and history table (its secrets from `secretsOf`, e.g. the keychain); a
// database name pattern is listed on its server now (one connection to its
// `postgres` database), one target per matching database; `schema=` puts the
// history table and search_path in that schema. `history` is the history table
// of URL and pattern entries.
class FleetTargetResolver
{
public:
    // Fills in a profile's password and, with an SSH tunnel, the key
    // passphrase or SSH password (settings->ssh->secret).
    using SecretsOf = std::function<void(const ConnectionProfile &profile, ConnectionSettings *settings)>;

    static Result<QList<FleetRunner::Target>> resolve(const FleetTargets &file, const QString &fileName,
        const ProfileStore &profiles, const HistoryTable &history, const SecretsOf &secretsOf);
};
