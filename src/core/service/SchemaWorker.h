#pragma once

#include "EnvironmentMatrixReader.h"
#include "SchemaBlameRead.h"
#include "SchemaRead.h"
#include "SchemaSource.h"
#include "db/ConnectionSettings.h"
#include "history/HistoryTable.h"
#include "shadow/MigrationVerdict.h"
#include "shadow/SchemaComparison.h"
#include "shadow/VerificationReport.h"

#include <QObject>

#include <mutex>

class MigrationVerifier;
class SchemaBlameReplayer;

// The schema work of the GUI (loading two schemas for the Generate Migration
// dialog, verifying downs in a shadow database), as MigrationWorker does the
// runs: an object moved to a QThread, its slots invoked queued, its answers
// signals carrying the caller's request id (nextRequestId). The app has one,
// on the window's schema thread. Connections and shadow databases
// are made and dropped on the worker thread inside each slot.
class SchemaWorker : public QObject
{
    Q_OBJECT
public:
    explicit SchemaWorker(QObject *parent = nullptr);
    ~SchemaWorker() override;

    static void registerMetaTypes();
    // A request id no other caller of any SchemaWorker has: the window and the
    // Generate Migration dialog share one worker and tell their answers apart by it.
    static quint64 nextRequestId();

    // Stops a verification or a blame replay in progress, from any thread
    // (between steps, and the statement running now); does nothing when none is running.
    void cancel();

public Q_SLOTS:
    // Reads the schema of a database for the schema browser (the history
    // tables left out) with its tables' sizes. Answers with schemaRead.
    void readSchema(quint64 requestId, const ConnectionSettings &settings, const HistoryTable &history);
    // Answers with schemasCompared (failed set on error).
    void compareSchemas(quint64 requestId, const SchemaSource &from, const SchemaSource &to);
    // `server`: where the shadow may go when `useServer` (else a local sandbox).
    // Answers with migrationVerified per migration, then verificationFinished.
    void verifyDowns(quint64 requestId, const QString &migrationsDirectory, const HistoryTable &history,
        const ConnectionSettings &server, bool useServer);

    // Which migration made each object: the folder's migrations replayed in a
    // shadow database (on `server` when `useServer` and the role may create
    // databases, else a local sandbox), or the cached replay of the same
    // migrations. Answers with schemaBlamed.
    void blameMigrations(quint64 requestId, const QString &migrationsDirectory, const HistoryTable &history,
        const ConnectionSettings &server, bool useServer);

    // The folder's migrations on each target (EnvironmentMatrixReader, a few
    // connections at once). Answers with environmentsRead.
    void readEnvironments(quint64 requestId, const QString &migrationsDirectory,
        const QList<EnvironmentMatrixReader::Target> &targets);

Q_SIGNALS:
    // `error`: the folder could not be read (the matrix is then empty).
    void environmentsRead(quint64 requestId, const EnvironmentMatrix &matrix, const QString &error);
    void schemaBlamed(quint64 requestId, const SchemaBlameRead &read);
    void schemaRead(quint64 requestId, const SchemaRead &read);
    void progressed(quint64 requestId, const QString &message);
    void schemasCompared(quint64 requestId, const SchemaComparison &result);
    void migrationVerified(quint64 requestId, int index, int count, const MigrationVerdict &verdict);
    void verificationFinished(quint64 requestId, const VerificationReport &report);

private:
    std::mutex m_mutex;
    MigrationVerifier *m_verifier = nullptr;
    SchemaBlameReplayer *m_replayer = nullptr;
};

Q_DECLARE_METATYPE(SchemaSource)
