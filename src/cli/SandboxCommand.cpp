#include "SandboxCommand.h"

#include "CliContext.h"
#include "CliText.h"
#include "sandbox/SandboxCluster.h"

int SandboxCommand::run(const QStringList &args)
{
    const QString action = args.value(0, QStringLiteral("env"));
    SandboxCluster::Options options;
    options.directory = SandboxCluster::defaultPersistentDirectory();
    options.stopOnDestruction = false;
    if (action == QLatin1String("start") || action == QLatin1String("env")) {
        QString dataDirectory;
        Result<ConnectionSettings> sandbox = SandboxCluster::startShared(&dataDirectory);
        if (!sandbox)
            return m_cli.fail(sandbox.error());
        const ConnectionSettings &c = *sandbox;
        if (action == QLatin1String("start"))
            m_cli.err() << "Sandbox PostgreSQL running in " << dataDirectory
                        << "; stop it with: strata-cli sandbox stop\n";
        // Meant for `eval "$(strata-cli sandbox start)"`: every value is quoted, so a
        // sandbox folder named with `$(...)`, quotes or spaces is data, never shell code.
        m_cli.out() << "export PGHOST=" << CliText::shellQuote(c.host) << "\nexport PGPORT=" << c.port
                    << "\nexport PGUSER=" << CliText::shellQuote(c.user)
                    << "\nexport PGDATABASE=" << CliText::shellQuote(c.database) << '\n';
        return Success;
    }
    if (action == QLatin1String("stop")) {
        Result<std::unique_ptr<SandboxCluster>> sandbox = SandboxCluster::start(options);
        if (!sandbox)
            return m_cli.fail(sandbox.error());
        if (Status s = (*sandbox)->stop(); !s)
            return m_cli.fail(s.error());
        m_cli.out() << "Sandbox stopped.\n";
        return Success;
    }
    return m_cli.usage(QStringLiteral("sandbox takes start, stop or env"));
}
