#include "MainWindow.h"

#include "common/Version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QTimer>

// The folder to open at start: the command line's, else $STRATA_MIGRATIONS_DIR,
// else the one open when Strata last ran (if it still exists).
static QString initialFolder(const QCommandLineParser &parser)
{
    if (const QStringList arguments = parser.positionalArguments(); !arguments.isEmpty())
        return arguments.first();
    if (const QString fromEnvironment = qEnvironmentVariable("STRATA_MIGRATIONS_DIR");
        !fromEnvironment.isEmpty())
        return fromEnvironment;
    if (const QString last = MainWindow::lastMigrationsFolder(); !last.isEmpty() && QDir(last).exists())
        return last;
    return {};
}

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Strata"));
    QApplication::setApplicationName(QStringLiteral("strata"));
    QApplication::setApplicationVersion(strataVersion());
    QApplication::setDesktopFileName(QStringLiteral("io.strata.Strata"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/strata.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Strata, a migration manager for PostgreSQL."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("folder"),
        QApplication::translate("main", "The migrations folder to open (default: $STRATA_MIGRATIONS_DIR)."),
        QStringLiteral("[folder]"));
    parser.process(app);

    MainWindow window;
    if (const QString folder = initialFolder(parser); !folder.isEmpty())
        window.openMigrationsFolder(folder);
    window.show();

    // STRATA_SCREENSHOT=file.png renders the window into that file once it is
    // shown, then quits: deterministic screenshots for the docs.
    if (const QString screenshot = qEnvironmentVariable("STRATA_SCREENSHOT"); !screenshot.isEmpty()) {
        QTimer::singleShot(0, &window, [&window, screenshot] {
            const bool saved = window.grab().save(screenshot);
            if (!saved)
                qWarning("Could not save the screenshot to %s", qPrintable(screenshot));
            QCoreApplication::exit(saved ? 0 : 1);
        });
    }
    return QApplication::exec();
}
