#include "MainWindow.h"

#include "common/ProcessHardening.h"
#include "common/Version.h"
#include "settings/ProfileStore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QIcon>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>

#include <cstring>
#include <memory>

// The folder to open at start: the command line's, else $STRATA_MIGRATIONS_DIR,
// else the one open when Strata last ran (if it still exists).
static QString initialFolder(const QCommandLineParser &parser)
{
    if (const QStringList arguments = parser.positionalArguments(); !arguments.isEmpty())
        return MainWindow::resolveMigrationsFolder(arguments.first());
    if (const QString fromEnvironment = qEnvironmentVariable("STRATA_MIGRATIONS_DIR");
        !fromEnvironment.isEmpty())
        return fromEnvironment;
    if (const QString last = MainWindow::lastMigrationsFolder(); !last.isEmpty() && QDir(last).exists())
        return last;
    return {};
}

int main(int argc, char *argv[])
{
    // Before any password is read (keychain, .env, the connection dialog).
    ProcessHardening::disableCoreDumps();
    // --help and --version are answered without a display: a QApplication
    // would abort when there is none (`strata --help` over SSH, or help2man
    // making the man page at build time).
    bool textOnly = false;
    for (int i = 1; i < argc && std::strcmp(argv[i], "--") != 0; ++i)
        for (const char *option : { "-h", "--help", "--help-all", "-v", "--version" })
            textOnly = textOnly || std::strcmp(argv[i], option) == 0;
    std::unique_ptr<QCoreApplication> app;
    if (textOnly)
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Strata"));
    QCoreApplication::setApplicationName(QStringLiteral("strata"));
    QCoreApplication::setApplicationVersion(strataVersion());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Strata, a migration manager for PostgreSQL."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("folder"),
        QCoreApplication::translate(
            "main", "The migrations folder to open (default: $STRATA_MIGRATIONS_DIR)."),
        QStringLiteral("[folder]"));
    parser.process(*app); // exits after --help or --version
    QApplication::setDesktopFileName(QStringLiteral("io.strata.Strata"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/strata.svg")));

    QElapsedTimer sinceStart;
    sinceStart.start();
    MainWindow window;
    const QString folder = initialFolder(parser);
    // A folder named on the command line is the one opened, whatever folder
    // the last used profile has.
    if (!folder.isEmpty())
        window.openMigrationsFolder(folder,
            parser.positionalArguments().isEmpty() ? MainWindow::FolderPriority::ProfileFolderWins
                                                   : MainWindow::FolderPriority::KeepThisFolder);
    const QList<ConnectionProfile> profiles = ProfileStore().profiles();
    const QString lastProfile = QSettings(QStringLiteral("Strata"), QStringLiteral("strata"))
                                    .value(QStringLiteral("mainWindow/lastProfile"))
                                    .toString();
    window.show();
    if (qEnvironmentVariableIsSet("STRATA_STARTUP_TIMING"))
        qInfo("first window shown after %lld ms", sinceStart.elapsed());

    if (!lastProfile.isEmpty() && ProfileStore().find(lastProfile)) {
        window.selectProfile(lastProfile);
    } else if (profiles.isEmpty() && !qEnvironmentVariableIsSet("STRATA_NO_SANDBOX_OFFER")) {
        // First start: offer a database to try things on, so the first command
        // of the README opens a working app with something to migrate.
        const QString sample = folder.isEmpty() ? QStringLiteral(STRATA_SAMPLE_MIGRATIONS) : folder;
        // A screenshot run (STRATA_SCREENSHOT, below) has nobody to answer:
        // it takes the sandbox, as scripts/demo.sh without a display wants.
        if (qEnvironmentVariableIsSet("STRATA_SCREENSHOT"))
            QTimer::singleShot(0, &window, [&window, sample] { window.startSandbox(sample); });
        else
            QTimer::singleShot(0, &window, [&window, sample] {
                const auto answer = QMessageBox::question(&window,
                    QApplication::translate("main", "Try Strata on a sandbox?"),
                    QApplication::translate("main",
                        "There is no connection profile yet.\n\nStart a throwaway local PostgreSQL "
                        "(the sandbox) with the sample migrations in %1?")
                        .arg(sample),
                    QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
                if (answer == QMessageBox::Yes)
                    window.startSandbox(sample);
            });
    }

    // STRATA_SCREENSHOT=file.png renders the window into that file once it is
    // shown and the database has answered (STRATA_SCREENSHOT_DELAY_MS, default
    // 2000), then quits: screenshots of the real window for the docs.
    if (const QString screenshot = qEnvironmentVariable("STRATA_SCREENSHOT"); !screenshot.isEmpty()) {
        bool ok = false;
        int delay = qEnvironmentVariableIntValue("STRATA_SCREENSHOT_DELAY_MS", &ok);
        if (!ok)
            delay = 2000;
        QTimer::singleShot(delay, &window, [&window, screenshot] {
            const bool saved = window.grab().save(screenshot);
            if (!saved)
                qWarning("Could not save the screenshot to %s", qPrintable(screenshot));
            QCoreApplication::exit(saved ? 0 : 1);
        });
    }
    return QApplication::exec();
}
