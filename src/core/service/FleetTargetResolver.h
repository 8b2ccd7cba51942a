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
// and history table (its password from `passwordOf`, e.g. the keychain); a
// database name pattern is listed on its server now (one connection to its
// `postgres` database), one target per matching database; `schema=` puts the
// history table and search_path in that schema. `history` is the history table
// of URL and pattern entries.
class FleetTargetResolver
{
public:
    using PasswordOf = std::function<QString(const ConnectionProfile &profile)>;

    static Result<QList<FleetRunner::Target>> resolve(const FleetTargets &file, const QString &fileName,
        const ProfileStore &profiles, const HistoryTable &history, const PasswordOf &passwordOf);
};
