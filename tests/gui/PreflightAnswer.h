#pragma once

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class MainWindow;

// Answers the pre-flight dialog that the next staging or production run of a
// MainWindow opens, the way a user would: Run, Run after ticking the override,
// or Cancel. What the dialog showed is kept for the test to assert on.
class PreflightAnswer
{
public:
    enum class Choice { Run, OverrideAndRun, Cancel };

    struct Seen
    {
        bool opened = false;
        bool runEnabled = false; // before any override was ticked
        bool overrideOffered = false;
        QStringList blockers; // the ids of the blocking checks
        QString text; // every row and detail, "title: message" a line each
    };

    // `then` runs once the window's next modal dialog is open after the answer
    // (production's typed-name dialog), inside its event loop. With `screenshot` and
    // STRATA_SCREENSHOT_DIR set (scripts/screenshots.sh), the dialog is saved
    // there under that name first.
    static std::shared_ptr<const Seen> arm(
        MainWindow &window, Choice choice, std::function<void()> then = {}, const QString &screenshot = {});
};
