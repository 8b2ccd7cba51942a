#include "SshSettings.h"

#include <QDir>

QString SshSettings::knownHostsPath() const
{
    if (!knownHostsFile.isEmpty())
        return knownHostsFile;
    return QDir::homePath() + QLatin1String("/.ssh/known_hosts");
}

QString SshSettings::endpoint() const
{
    return host + QLatin1Char(':') + QString::number(port);
}

QString SshSettings::describe() const
{
    return user.isEmpty() ? endpoint() : user + QLatin1Char('@') + endpoint();
}

QString SshSettings::identity() const
{
    // Fields joined with a character none of them can hold.
    return QStringList { host, QString::number(port), user, keyFile, knownHostsPath() }.join(QChar(0));
}
