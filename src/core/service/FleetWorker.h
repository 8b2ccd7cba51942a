#pragma once

#include "FleetRunner.h"
#include "history/HistoryTable.h"

#include <QHash>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <mutex>

// A fleet run for the app: an object moved to a QThread of its own, like
// MigrationWorker. run() reads the migrations folder (as the app lists it),
// resolves the targets file (FleetTargetResolver: name patterns are listed on
// their servers here, off the window's thread) and runs FleetRunner, whose
// progress comes out as signals carrying the caller's request id. cancel()
// may be called from any thread: no new target starts and the statements
// running now are cancelled, so nothing is left half-applied.
class FleetWorker : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QString migrationsDirectory;
        QString targetsFile;
        HistoryTable history; // for URL and pattern targets
        FleetRunner::Options options;
        // A profile target's password and SSH secret, by keychain key (read by the caller).
        QHash<QString, QString> profilePasswords;
    };

    explicit FleetWorker(QObject *parent = nullptr);
    ~FleetWorker() override;

    static void registerMetaTypes();

    void cancel();

public Q_SLOTS:
    void run(quint64 requestId, const FleetWorker::Request &request);

Q_SIGNALS:
    // The targets, in the order of the file (patterns expanded): the run starts.
    void targetsResolved(quint64 requestId, const QStringList &labels);
    void targetStarted(quint64 requestId, int index);
    void targetFinished(quint64 requestId, int index, const FleetRunner::Outcome &outcome);
    // The end; `error` when the folder or the targets could not be read (nothing ran).
    void finished(quint64 requestId, const QString &error);

private:
    std::mutex m_mutex;
    FleetRunner *m_runner = nullptr; // the run going on, under m_mutex
    std::atomic_bool m_cancelled { false };
};

Q_DECLARE_METATYPE(FleetWorker::Request)
