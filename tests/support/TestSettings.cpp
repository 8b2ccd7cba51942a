#include "TestSettings.h"

#include <QSettings>
#include <QStandardPaths>

TestSettings::TestSettings()
{
    // Caches and other standard locations go to test folders, never the user's.
    QStandardPaths::setTestModeEnabled(true);
    if (!m_dir.isValid())
        return;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
}
