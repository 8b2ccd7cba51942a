#include "FleetTargetResolver.h"

#include "backup/BackupCatalog.h"
#include "db/PgConnection.h"
#include "settings/ProfileStore.h"

namespace {

// A URL for a database found by a name pattern: the entry's, with that name.
QString labelFor(const ConnectionSettings &s, const QString &database)
{
    QString label = QStringLiteral("postgres://");
    if (!s.user.isEmpty())
        label += s.user + QLatin1Char('@');
    label += s.host;
    if (s.port > 0)
        label += QLatin1Char(':') + QString::number(s.port);
    return label + QLatin1Char('/') + database;
}

} // namespace

Result<QList<FleetRunner::Target>> FleetTargetResolver::resolve(const FleetTargets &file,
    const QString &fileName, const ProfileStore &profiles, const HistoryTable &history,
    const SecretsOf &secretsOf)
{
    QList<FleetRunner::Target> targets;
    for (const FleetTargets::Entry &entry : file.entries()) {
        FleetRunner::Target base;
        base.label = entry.label;
        base.settings = entry.settings;
        base.history = history;
        if (entry.kind == FleetTargets::Entry::Kind::Profile) {
            const std::optional<ConnectionProfile> profile = profiles.find(entry.profile);
            if (!profile) {
                StrataError e = StrataError::make(StrataError::Kind::Usage,
                    QStringLiteral("no profile named '%1' (see: strata-cli profile list)").arg(entry.profile),
                    fileName);
                e.line = entry.line;
                return e;
            }
            base.settings = profile->connection;
            if (secretsOf)
                secretsOf(*profile, &base.settings);
            base.environment = profile->environment;
            base.history = profile->history;
            base.backupProfile = profile->id;
            base.backupFolder = profile->backupDirectory.isEmpty() ? BackupCatalog::defaultFolder(profile->id)
                                                                   : profile->backupDirectory;
        }
        if (!entry.schema.isEmpty()) {
            base.settings.searchPath = entry.schema;
            base.history.schema = entry.schema;
        }
        if (entry.kind != FleetTargets::Entry::Kind::DatabasePattern) {
            targets << base;
            continue;
        }
        ConnectionSettings server = entry.settings;
        server.database = QStringLiteral("postgres");
        Result<std::unique_ptr<PgConnection>> c = PgConnection::open(server);
        if (!c) {
            StrataError e = c.error();
            e.message = QStringLiteral("listing the databases for %1: %2").arg(entry.label, e.message);
            return e;
        }
        const PgResult listed = (*c)->execParams(
            "SELECT datname FROM pg_catalog.pg_database WHERE datname LIKE $1 AND datallowconn AND NOT "
            "datistemplate ORDER BY datname",
            { entry.settings.database.toUtf8() });
        if (!listed.ok())
            return listed.error();
        for (int row = 0; row < listed.rowCount(); ++row) {
            const QString name = listed.value(row, 0);
            FleetRunner::Target t = base;
            t.settings.database = name;
            t.label = labelFor(entry.settings, name)
                + (entry.schema.isEmpty() ? QString() : QStringLiteral(" schema=") + entry.schema);
            targets << t;
        }
    }
    return targets;
}
