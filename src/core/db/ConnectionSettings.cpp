#include "ConnectionSettings.h"

#include "db/EnvFile.h"

#include <QUrl>

#include <QUrlQuery>
#include <pwd.h>
#include <unistd.h>

QString ConnectionSettings::describe() const
{
    auto orEnv = [](const QString &value, const char *variable, const QString &fallback) {
        if (!value.isEmpty())
            return value;
        const QString env = qEnvironmentVariable(variable);
        return env.isEmpty() ? fallback : env;
    };
    // libpq's default user is the operating-system account, not $USER.
    const passwd *account = getpwuid(geteuid());
    const QString osUser = account ? QString::fromLocal8Bit(account->pw_name) : qEnvironmentVariable("USER");
    const QString u = orEnv(user, "PGUSER", osUser);
    const QString h = orEnv(host, "PGHOST", QStringLiteral("(default socket)"));
    const QString p = port > 0 ? QString::number(port) : orEnv({}, "PGPORT", QStringLiteral("5432"));
    const QString d = orEnv(database, "PGDATABASE", u);
    if (!service.isEmpty() && host.isEmpty())
        return QStringLiteral("service=") + service;
    const QString via = ssh ? QStringLiteral(" via SSH ") + ssh->describe() : QString();
    return u + QLatin1Char('@') + h + QLatin1Char(':') + p + QLatin1Char('/') + d + via;
}

Status ConnectionSettings::checkTunnelTarget() const
{
    if (!ssh)
        return Ok {};
    if (!service.isEmpty())
        return StrataError::make(StrataError::Kind::Usage,
            QStringLiteral("a pg_service.conf entry cannot go through an SSH tunnel; give the host, port "
                           "and database instead"));
    if (host.isEmpty())
        return StrataError::make(StrataError::Kind::Usage,
            QStringLiteral("an SSH tunnel needs the database host as the bastion %1 sees it (the host "
                           "setting, e.g. db.internal or 127.0.0.1)")
                .arg(ssh->endpoint()));
    if (host.startsWith(QLatin1Char('/')) || host.startsWith(QLatin1Char('@')))
        return StrataError::make(StrataError::Kind::Usage,
            QStringLiteral("an SSH tunnel forwards TCP only, and the host '%1' is a socket folder; give "
                           "the database's host name or address as the bastion sees it")
                .arg(host));
    if (host.contains(QLatin1Char(',')))
        return StrataError::make(StrataError::Kind::Usage,
            QStringLiteral("an SSH tunnel goes to one host, not a list: '%1'").arg(host));
    return Ok {};
}

Result<ConnectionSettings> ConnectionSettings::fromDsn(const QString &dsn)
{
    const QUrl url(dsn, QUrl::StrictMode);
    if (!url.isValid()
        || (url.scheme() != QLatin1String("postgresql") && url.scheme() != QLatin1String("postgres")))
        return StrataError::make(StrataError::Kind::Usage,
            QStringLiteral("not a PostgreSQL connection URI (expected "
                           "postgresql://user@host:port/database)"));
    ConnectionSettings s;
    s.host = url.host();
    s.port = url.port(0);
    s.user = url.userName(QUrl::FullyDecoded);
    s.password = url.password(QUrl::FullyDecoded);
    QString path = url.path(QUrl::FullyDecoded);
    if (path.startsWith(QLatin1Char('/')))
        path.remove(0, 1);
    s.database = path;
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("sslmode"))
            s.sslMode = value;
        else if (key == QLatin1String("sslrootcert"))
            s.sslRootCert = value;
        else if (key == QLatin1String("host"))
            s.host = value;
        else if (key == QLatin1String("port"))
            s.port = value.toInt();
        else if (key == QLatin1String("user"))
            s.user = value;
        else if (key == QLatin1String("dbname"))
            s.database = value;
        else if (key == QLatin1String("application_name"))
            s.applicationName = value;
        else if (key == QLatin1String("connect_timeout"))
            s.connectTimeoutSeconds = value.toInt();
        else if (key == QLatin1String("service"))
            s.service = value;
        else
            return StrataError::make(StrataError::Kind::Usage,
                QStringLiteral("unsupported connection URI parameter '%1'").arg(key));
    }
    return s;
}

Result<ConnectionSettings> ConnectionSettings::fromEnvFile(const QString &path)
{
    Result<EnvFile> env = EnvFile::read(path);
    if (!env)
        return env.error();
    ConnectionSettings s;
    s.host = env->value(QStringLiteral("DB_HOST"));
    const QString port = env->value(QStringLiteral("DB_PORT"));
    if (!port.isEmpty()) {
        bool ok = false;
        s.port = port.toInt(&ok);
        if (!ok || s.port <= 0 || s.port > 65535)
            return StrataError::make(StrataError::Kind::Usage,
                QStringLiteral("DB_PORT is not a port number: '%1'").arg(port), path);
    }
    s.user = env->value(QStringLiteral("DB_USERNAME"));
    s.password = env->value(QStringLiteral("DB_PASSWORD"));
    s.database = env->value(QStringLiteral("DB_DATABASE"));
    s.sslMode = env->value(QStringLiteral("DB_SSLMODE"));
    return s;
}

void ConnectionSettings::overrideWith(const ConnectionSettings &other)
{
    auto take = [](QString &mine, const QString &theirs) {
        if (!theirs.isEmpty())
            mine = theirs;
    };
    take(host, other.host);
    if (other.port > 0)
        port = other.port;
    take(database, other.database);
    take(user, other.user);
    take(password, other.password);
    take(sslMode, other.sslMode);
    take(sslRootCert, other.sslRootCert);
    take(service, other.service);
    take(searchPath, other.searchPath);
    if (other.ssh)
        ssh = other.ssh;
}
