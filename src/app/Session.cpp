#include "Session.h"

#include "backup/BackupCatalog.h"

Session::Session(QObject *parent)
    : QObject(parent)
{
}

void Session::use(const ConnectionProfile &profile, const QString &password)
{
    m_profile = profile;
    m_password = password;
    setDisconnected();
    Q_EMIT profileChanged();
}

void Session::clear()
{
    m_profile.reset();
    m_password.clear();
    setDisconnected();
    Q_EMIT profileChanged();
}

void Session::setConnected(const QString &serverVersion)
{
    m_connected = true;
    m_serverVersion = serverVersion;
}

void Session::setDisconnected()
{
    m_connected = false;
    m_serverVersion.clear();
}

ConnectionSettings Session::connection() const
{
    if (!m_profile)
        return {};
    ConnectionSettings settings = m_profile->connection;
    settings.password = m_password;
    return settings;
}

ConnectionSettings Session::runConnection() const
{
    ConnectionSettings settings = connection();
    settings.applicationName = QStringLiteral("strata");
    return settings;
}

EnvironmentPolicy Session::policy() const
{
    return EnvironmentPolicy(
        m_profile ? m_profile->environment : ConnectionProfile::Environment::Development);
}

QString Session::backupFolder() const
{
    if (!m_profile)
        return {};
    return m_profile->backupDirectory.isEmpty() ? BackupCatalog::defaultFolder(m_profile->id)
                                                : m_profile->backupDirectory;
}
