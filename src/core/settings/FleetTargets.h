#pragma once

#include "common/StrataError.h"
#include "db/ConnectionSettings.h"

#include <QList>
#include <QString>

// A fleet's targets file: the databases one `strata-cli fleet` command runs
// over. One target per line; blank lines and `#` comments are ignored. The
// simplest valid file is a list of connection URLs without passwords:
//
//   postgres://app@db1.internal:5432/shop
//   profile:staging                              a saved profile (its password from the keychain)
//   postgres://app@db2.internal/tenant_%         every database on that server whose name
//                                                matches (LIKE), listed when the command runs
//   postgres://app@db3.internal/saas schema=tenant_a label=tenant-a
//                                                schema per tenant: the history table and
//                                                search_path in that schema
//
// A password in a URL is refused (every user of the machine could read the
// file); passwords come from PGPASSWORD, ~/.pgpass or a profile's keychain entry.
class FleetTargets
{
public:
    struct Entry
    {
        enum class Kind { Url, Profile, DatabasePattern };
        Kind kind = Kind::Url;
        int line = 0; // in the file, for messages
        QString label; // as given, else the URL (no password) or profile:NAME
        QString profile; // Kind::Profile
        ConnectionSettings settings; // Url and DatabasePattern (the database holds the pattern)
        QString schema; // schema per tenant; empty: the database's own search_path
    };

    static Result<FleetTargets> parse(const QByteArray &text, const QString &fileName);
    static Result<FleetTargets> read(const QString &path);

    QList<Entry> entries() const { return m_entries; }

    // Whether `label` belongs to shard `index` (1-based) of `count`: a split by
    // a hash of the label, the same on every machine and in every run.
    static bool inShard(const QString &label, int index, int count);

private:
    QList<Entry> m_entries;
};
