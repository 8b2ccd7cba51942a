#include "Screenshot.h"

#include <QApplication>
#include <QDir>
#include <QWidget>

void screenshot(QWidget &widget, const char *name)
{
    const QString dir = qEnvironmentVariable("STRATA_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QApplication::processEvents();
    widget.grab().save(QDir(dir).filePath(QString::fromLatin1(name)));
}
