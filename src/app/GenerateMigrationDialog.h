#pragma once

#include "db/ConnectionSettings.h"
#include "history/HistoryTable.h"
#include "schema/RenameCandidate.h"
#include "schema/SchemaDiff.h"
#include "service/SchemaSource.h"
#include "shadow/SchemaComparison.h"

#include <QDialog>
#include <QHash>

#include <memory>

class QComboBox;
class QLineEdit;
class SchemaWorker;

namespace Ui {
class GenerateMigrationDialog;
}

// Generate Migration: pick two schemas (the migrations folder replayed, the
// connected database, a profile, a schema.sql file, a DSN), compare them on a
// worker thread, review the changes beside their SQL, accept rename
// candidates, look at both schemas side by side, and write the migration.
class GenerateMigrationDialog : public QDialog
{
    Q_OBJECT

public:
    enum class SourceKind { MigrationsFolder, ConnectedDatabase, Profile, SchemaFile, Dsn };

    // `worker`: the window's SchemaWorker (on its schema thread), which
    // compares. `connection` is the main window's database (password included,
    // for this session only); without one, the Connected Database choice is
    // not offered.
    GenerateMigrationDialog(SchemaWorker *worker, const QString &migrationsFolder,
        const HistoryTable &history, const ConnectionSettings *connection, QWidget *parent = nullptr);
    ~GenerateMigrationDialog() override;

    void setSource(bool from, SourceKind kind, const QString &parameter = {});
    // The password a Profile source connects with (from the keychain, for
    // this dialog only); `profile` as typed in the source (its name or id).
    void setProfilePassword(const QString &profile, const QString &password);
    void compare();
    const SchemaDiff &diff() const { return m_diff; }
    bool isComparing() const { return m_comparing; }
    QString createdFile() const { return m_createdFile; }
    // Checks or unchecks the rename candidate at `row` (as the user would).
    void setRenameAccepted(int row, bool accepted);
    bool createMigration(const QString &name);

Q_SIGNALS:
    void compared(bool ok);
    void migrationCreated(const QString &filePath);

private:
    Result<SchemaSource> source(bool from) const;
    QHash<QString, QString> m_profilePasswords;
    void onCompared(quint64 requestId, const SchemaComparison &result);
    void rebuildDiff();
    void showDiff();
    void showSideBySide();
    void browse(bool from);
    void updateButtons();

    const std::unique_ptr<Ui::GenerateMigrationDialog> m_ui;
    QString m_migrationsFolder;
    HistoryTable m_history;
    ConnectionSettings m_connection;
    bool m_haveConnection = false;
    SchemaWorker *m_worker = nullptr; // the window's, on its schema thread
    quint64 m_requestId = 0;
    bool m_comparing = false;
    SchemaComparison m_comparison;
    bool m_haveComparison = false;
    QList<RenameCandidate> m_candidates;
    SchemaDiff m_diff;
    QString m_createdFile;
};
