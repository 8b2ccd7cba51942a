#include "ProfileCommand.h"

#include "CliContext.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/ProfileRemover.h"
#include "settings/ProfileStore.h"

#include <QEventLoop>
#include <QFileInfo>

int ProfileCommand::run(const QStringList &args)
{
    ProfileStore store;
    const QString action = args.value(0);
    if (action == QLatin1String("list") && args.size() == 1) {
        for (const ConnectionProfile &p : store.profiles())
            m_cli.out() << p.id << '\t' << p.connection.describe() << '\t'
                        << ConnectionProfile::environmentName(p.environment) << '\n';
        return Success;
    }
    if (action == QLatin1String("save") && args.size() == 2) {
        if (m_cli.parser().isSet(QStringLiteral("password-stdin"))
            || m_cli.parser().isSet(QStringLiteral("ssh-password-stdin")))
            return m_cli.usage(
                QStringLiteral("profiles hold no passwords; the desktop app keeps them in the keychain"));
        Result<ConnectionSettings> settings = m_cli.connectionSettings();
        if (!settings)
            return m_cli.fail(settings.error());
        // Saving over a profile keeps what this command does not set: its name,
        // history table, migrations, pg_dump and backup folders, and above all
        // its environment (a re-save must never turn production into development).
        const std::optional<ConnectionProfile> existing = store.find(args.at(1));
        ConnectionProfile p = existing.value_or(ConnectionProfile {});
        auto given = [this](const char *option) { return m_cli.parser().isSet(QLatin1String(option)); };
        if (!existing) {
            p.id = args.at(1);
            p.name = args.at(1);
        }
        p.connection = *settings;
        p.connection.password.clear();
        if (p.connection.ssh)
            p.connection.ssh->secret.clear();
        if (!existing)
            p.history = m_cli.historyTable();
        if (given("table"))
            p.history.table = m_cli.parser().value(QStringLiteral("table"));
        if (given("schema"))
            p.history.schema = m_cli.parser().value(QStringLiteral("schema"));
        if (!existing || given("migrations"))
            p.migrationsDirectory = QFileInfo(m_cli.migrationsDirectory()).absoluteFilePath();
        if (!existing || given("environment")) {
            const Result<ConnectionProfile::Environment> env = m_cli.environment();
            if (!env)
                return m_cli.usage(env.error().message);
            p.environment = *env;
        }
        if (given("pg-bin"))
            p.pgBinDir = QFileInfo(m_cli.parser().value(QStringLiteral("pg-bin"))).absoluteFilePath();
        if (given("backup")) {
            if (!given("backup-dir"))
                return m_cli.usage(
                    QStringLiteral("profile save --backup DIR: name the folder for this profile's backups"));
            p.backupDirectory
                = QFileInfo(m_cli.parser().value(QStringLiteral("backup-dir"))).absoluteFilePath();
        }
        if (Status s = store.save(p); !s)
            return m_cli.fail(s.error());
        m_cli.out() << "Saved profile " << p.id << " (" << p.connection.describe() << ")\n";
        return Success;
    }
    if (action == QLatin1String("remove") && args.size() == 2) {
        // By id or by name, as everywhere else: then by the id it was found under.
        const std::optional<ConnectionProfile> found = store.find(args.at(1));
        if (!found)
            return m_cli.usage(QStringLiteral("no profile with the id or name '%1'").arg(args.at(1)));
        return removeProfile(store, *found);
    }
    return m_cli.usage(QStringLiteral("profile takes list, save ID or remove ID"));
}

int ProfileCommand::removeProfile(ProfileStore &store, const ConnectionProfile &profile)
{
    // The settings and the keychain entries the desktop app stored for it (the
    // password and the SSH secret). The keychain answers through the event
    // loop; wait for both answers (a running job must not be deleted).
    KeychainSecretStore secrets;
    QEventLoop loop;
    std::optional<QString> keychainProblem;
    bool unavailable = false;
    int answers = 0;
    auto answered = [&] {
        if (++answers == 2)
            loop.quit();
    };
    QObject::connect(&secrets, &SecretStore::passwordDeleted, &loop, [&](const QString &) { answered(); });
    QObject::connect(&secrets, &SecretStore::failed, &loop,
        [&](const QString &, SecretStore::Operation, SecretStore::Failure failure, const QString &message) {
            if (!keychainProblem) {
                keychainProblem = message;
                unavailable = failure == SecretStore::Failure::Unavailable;
            }
            answered();
        });
    if (Status s = ProfileRemover::remove(store, secrets, profile.id); !s)
        return m_cli.fail(s.error());
    loop.exec();
    m_cli.out() << "Removed profile " << profile.id;
    if (profile.name != profile.id)
        m_cli.out() << " (" << profile.name << ')';
    m_cli.out() << ".\n";
    m_cli.out().flush();
    if (keychainProblem) {
        m_cli.err() << (unavailable ? "warning" : "error")
                    << ": its password could not be removed from the keychain "
                    << "(key " << profile.keychainKey() << "): " << *keychainProblem << '\n';
        m_cli.err().flush();
        // No keychain at all (a server, CI): nothing can have been stored there by Strata.
        return unavailable ? Success : Failure;
    }
    return Success;
}
