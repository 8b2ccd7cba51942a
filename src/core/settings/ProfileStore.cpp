#include "ProfileStore.h"

#include "common/Logging.h"

#include <QDir>
#include <QRegularExpression>
#include <QSettings>

namespace {

QSettings settings()
{
    return QSettings(QStringLiteral("Strata"), QStringLiteral("strata"));
}

ConnectionProfile readProfile(QSettings &s, const QString &id)
{
    s.beginGroup(QStringLiteral("profiles/") + id);
    ConnectionProfile p;
    p.id = id;
    p.name = s.value(QStringLiteral("name"), id).toString();
    p.connection.host = s.value(QStringLiteral("host")).toString();
    p.connection.port = s.value(QStringLiteral("port"), 0).toInt();
    p.connection.database = s.value(QStringLiteral("database")).toString();
    p.connection.user = s.value(QStringLiteral("user")).toString();
    p.connection.sslMode = s.value(QStringLiteral("sslMode")).toString();
    p.connection.sslRootCert = s.value(QStringLiteral("sslRootCert")).toString();
    p.connection.service = s.value(QStringLiteral("service")).toString();
    if (const QString sshHost = s.value(QStringLiteral("sshHost")).toString(); !sshHost.isEmpty()) {
        SshSettings ssh;
        ssh.host = sshHost;
        ssh.port = s.value(QStringLiteral("sshPort"), 22).toInt();
        ssh.user = s.value(QStringLiteral("sshUser")).toString();
        ssh.keyFile = s.value(QStringLiteral("sshKeyFile")).toString();
        ssh.knownHostsFile = s.value(QStringLiteral("sshKnownHosts")).toString();
        p.connection.ssh = ssh;
    }
    p.environment = ConnectionProfile::environmentFromName(s.value(QStringLiteral("environment")).toString());
    p.history.schema = s.value(QStringLiteral("historySchema")).toString();
    p.history.table = s.value(QStringLiteral("historyTable"), QStringLiteral("migrations")).toString();
    p.migrationsDirectory = s.value(QStringLiteral("migrationsDirectory")).toString();
    p.pgBinDir = s.value(QStringLiteral("pgBinDir")).toString();
    p.backupDirectory = s.value(QStringLiteral("backupDirectory")).toString();
    s.endGroup();
    return p;
}

} // namespace

QList<ConnectionProfile> ProfileStore::profiles() const
{
    QSettings s = settings();
    s.beginGroup(QStringLiteral("profiles"));
    const QStringList ids = s.childGroups();
    s.endGroup();
    QList<ConnectionProfile> result;
    for (const QString &id : ids)
        result.append(readProfile(s, id));
    return result;
}

std::optional<ConnectionProfile> ProfileStore::find(const QString &idOrName) const
{
    for (const ConnectionProfile &p : profiles()) {
        if (p.id == idOrName || p.name == idOrName)
            return p;
    }
    return std::nullopt;
}

Status ProfileStore::save(const ConnectionProfile &profile)
{
    static const QRegularExpression validId(QStringLiteral("^[A-Za-z0-9_.-]+$"));
    if (!validId.match(profile.id).hasMatch())
        return StrataError::make(StrataError::Kind::Usage,
            QStringLiteral("a profile id uses letters, digits, '.', '_' and '-' only: '%1'").arg(profile.id));
    QSettings s = settings();
    s.beginGroup(QStringLiteral("profiles/") + profile.id);
    s.remove(QString());
    s.setValue(QStringLiteral("name"), profile.name.isEmpty() ? profile.id : profile.name);
    s.setValue(QStringLiteral("host"), profile.connection.host);
    s.setValue(QStringLiteral("port"), profile.connection.port);
    s.setValue(QStringLiteral("database"), profile.connection.database);
    s.setValue(QStringLiteral("user"), profile.connection.user);
    s.setValue(QStringLiteral("sslMode"), profile.connection.sslMode);
    s.setValue(QStringLiteral("sslRootCert"), profile.connection.sslRootCert);
    s.setValue(QStringLiteral("service"), profile.connection.service);
    if (const std::optional<SshSettings> &ssh = profile.connection.ssh; ssh && ssh->isSet()) {
        s.setValue(QStringLiteral("sshHost"), ssh->host);
        s.setValue(QStringLiteral("sshPort"), ssh->port);
        s.setValue(QStringLiteral("sshUser"), ssh->user);
        s.setValue(QStringLiteral("sshKeyFile"), ssh->keyFile);
        s.setValue(QStringLiteral("sshKnownHosts"), ssh->knownHostsFile);
        // Never ssh->secret: it belongs to the keychain (sshKeychainKey()).
    }
    s.setValue(QStringLiteral("environment"), ConnectionProfile::environmentName(profile.environment));
    s.setValue(QStringLiteral("historySchema"), profile.history.schema);
    s.setValue(QStringLiteral("historyTable"), profile.history.table);
    s.setValue(QStringLiteral("migrationsDirectory"), profile.migrationsDirectory);
    s.setValue(QStringLiteral("pgBinDir"), profile.pgBinDir);
    s.setValue(QStringLiteral("backupDirectory"), profile.backupDirectory);
    // Deliberately no password key: it belongs to the keychain.
    s.endGroup();
    s.sync();
    if (s.status() != QSettings::NoError)
        return StrataError::make(
            StrataError::Kind::Io, QStringLiteral("cannot write the settings file"), s.fileName());
    qCDebug(lcSettings) << "saved profile" << profile.id;
    return Ok {};
}

Status ProfileStore::remove(const QString &id)
{
    QSettings s = settings();
    s.beginGroup(QStringLiteral("profiles"));
    const bool known = s.childGroups().contains(id);
    s.endGroup();
    // An unknown id (a profile's name, say) must not report a removal that did nothing.
    if (id.isEmpty() || !known)
        return StrataError::make(
            StrataError::Kind::Usage, QStringLiteral("no profile with the id '%1'").arg(id));
    s.remove(QStringLiteral("profiles/") + id);
    s.sync();
    return Ok {};
}

QList<ConnectionProfile> ProfileStore::profilesOfProject(const QString &folder) const
{
    const auto canonical = [](const QString &path) {
        const QString resolved = QDir(path).canonicalPath();
        return resolved.isEmpty() ? QDir::cleanPath(QDir(path).absolutePath()) : resolved;
    };
    const QString project = canonical(folder);
    QList<ConnectionProfile> result;
    for (const ConnectionProfile &p : profiles())
        if (!p.migrationsDirectory.isEmpty() && canonical(p.migrationsDirectory) == project)
            result << p;
    return result;
}
