#pragma once

#include "MigrationStatus.h"

#include <QByteArray>
#include <QList>
#include <QString>

// The applied migrations whose file no longer says what was run: edited since
// it was applied, or gone. The SQL recorded at apply time is the truth about
// the database; the file is what the next environment will run. Comparing the
// two section by section tells a reviewer what exactly changed.
class DriftReport
{
public:
    struct Entry
    {
        MigrationState state = MigrationState::Edited; // Edited or Missing
        QString name; // the history name, <PascalName><timestamp>
        // The file, or for a missing one the path it would have in `directory`.
        QString filePath;
        QString recordedChecksum;
        QString currentChecksum; // empty when the file is missing
        // Only when the history holds the SQL (HistoryStore::read(true)).
        bool sqlRecorded = false;
        QByteArray recordedUp;
        QByteArray recordedDown;
        QByteArray currentUp; // empty when the file is missing
        QByteArray currentDown;

        bool upDiffers() const { return recordedUp != currentUp; }
        bool downDiffers() const { return recordedDown != currentDown; }
    };

    // `statuses` from MigrationPlanner::statuses() with a history read with
    // its SQL; `directory` names the files of missing migrations.
    static DriftReport fromStatuses(const MigrationStatusList &statuses, const QString &directory);

    const QList<Entry> &entries() const { return m_entries; }
    bool isEmpty() const { return m_entries.isEmpty(); }

private:
    QList<Entry> m_entries;
};
