#pragma once

#include "db/ConnectionSettings.h"
#include "settings/ConnectionProfile.h"
#include "settings/EnvironmentPolicy.h"

#include <QObject>
#include <QString>

#include <optional>

// The database the window works with: the connection profile in use, the
// password for this session (kept in memory only: never in settings, logs or
// a profile), and whether the database answered the last status read. With an
// SSH tunnel, the key passphrase or SSH password is in the profile's
// connection.ssh->secret, in memory only too (ProfileStore never writes it).
//
// connection() is the one place the password joins the profile's settings,
// so every request to the worker gets it the same way.
class Session : public QObject
{
    Q_OBJECT

public:
    explicit Session(QObject *parent = nullptr);

    bool hasProfile() const { return m_profile.has_value(); }
    const std::optional<ConnectionProfile> &profile() const { return m_profile; }
    // Uses `profile` from now on, not yet connected; emits profileChanged.
    void use(const ConnectionProfile &profile, const QString &password);
    // No profile any more (it was deleted); emits profileChanged.
    void clear();

    bool isConnected() const { return m_connected; }
    QString serverVersion() const { return m_serverVersion; }
    // What the last status read found: the server answered (its version), or not.
    void setConnected(const QString &serverVersion);
    void setDisconnected();

    // The profile's connection with this session's password. Empty without a profile.
    ConnectionSettings connection() const;
    // The same, named "strata" in pg_stat_activity: for runs, pre-flights and
    // restores, which other sessions' owners should recognize.
    ConnectionSettings runConnection() const;
    EnvironmentPolicy policy() const;
    // The profile's backup folder, or the default one for its id.
    QString backupFolder() const;

Q_SIGNALS:
    // Another profile (or none): what was asked of the previous one is stale.
    void profileChanged();

private:
    std::optional<ConnectionProfile> m_profile;
    QString m_password;
    bool m_connected = false;
    QString m_serverVersion;
};
