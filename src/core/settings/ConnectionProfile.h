#pragma once

#include "db/ConnectionSettings.h"
#include "history/HistoryTable.h"

#include <QString>

// A saved connection: everything needed to reach a database and manage its
// migrations, except the password, which lives in the OS keychain (service
// "strata", key "strata/<id>") and never in the settings file; likewise the
// SSH tunnel's passphrase or password ("strata/<id>/ssh").
struct ConnectionProfile
{
    enum class Environment { Development, Staging, Production };

    QString id; // stable key (also the keychain key suffix)
    QString name; // shown to the user
    ConnectionSettings connection; // password always empty here
    Environment environment = Environment::Development;
    HistoryTable history;
    QString migrationsDirectory;
    // Where pg_dump and pg_restore are (a folder); empty: the newest
    // /usr/lib/postgresql/*/bin, else PATH. pg_dump must be at least the server's version.
    QString pgBinDir;
    // Where backups go; empty: BackupCatalog::defaultFolder(id).
    QString backupDirectory;

    static QString environmentName(Environment e);
    static Environment environmentFromName(const QString &name, bool *ok = nullptr);
    QString keychainKey() const { return QStringLiteral("strata/") + id; }
    // The SSH key passphrase or password of connection.ssh (never in the settings file either).
    QString sshKeychainKey() const { return keychainKey() + QStringLiteral("/ssh"); }
};
