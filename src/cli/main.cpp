#include "CliApplication.h"
#include "common/ProcessHardening.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    // Before any password is read (stdin, environment, .env, keychain).
    ProcessHardening::disableCoreDumps();
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Strata"));
    QCoreApplication::setApplicationName(QStringLiteral("strata"));
    QCoreApplication::setApplicationVersion(QStringLiteral(STRATA_VERSION));
    CliApplication cli;
    return cli.run(QCoreApplication::arguments());
}
