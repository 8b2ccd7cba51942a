#pragma once

#include "db/ConnectionSettings.h"
#include "models/SchemaTreeModel.h"
#include "service/SchemaBlameRead.h"
#include "service/SchemaRead.h"

#include <QString>
#include <QWidget>

#include <memory>
#include <optional>

class QSortFilterProxyModel;
class QsciScintilla;
class SchemaWorker;
class SecretStore;
class Session;
class SqlDiffView;

namespace Ui {
class SchemaBrowser;
}

// The schema browser dock: the connected database's schemas and objects
// (SchemaTreeModel), a filter, and the selected object's DDL, size, comment
// and the migration that made it. It can show where each object came from
// (setOrigins, from blame), what a pending migration will do (setPreview),
// and how a second database differs (compareWith).
//
// Every read goes to the schema worker (its thread); the window's thread only
// builds the tree from the answer.
class SchemaBrowser : public QWidget
{
    Q_OBJECT

public:
    SchemaBrowser(Session *session, SchemaWorker *worker, SecretStore *secrets, QWidget *parent = nullptr);
    ~SchemaBrowser() override;

    // Reads the connected database again (nothing without a connection).
    void reload();
    bool isLoading() const { return m_readRequest != 0; }

    void setOrigins(const QHash<QString, SchemaTreeModel::Origin> &origins);
    // The project whose migrations blame replays (on each reload, from the
    // cache when they are unchanged) and the ones the database has applied.
    void setProject(const QString &migrationsDirectory, const QStringList &appliedMigrations);
    bool isBlaming() const { return m_blameRequest != 0; }
    const std::optional<SchemaBlame> &blame() const { return m_blame; }
    // Marks what a pending migration will do, from blame (as soon as it is
    // there); an empty name clears the preview.
    void previewMigration(const QString &historyName);
    // Marks what `migration` will create, change and drop; an empty list clears it.
    void setPreview(const QString &migration, const QList<SchemaTreeModel::Mark> &marks);
    QString previewedMigration() const { return m_previewMigration; }

    // Reads the database of another profile (its password from the keychain)
    // and marks what differs from this one; an empty id stops comparing.
    void compareWith(const QString &profileId);
    // The same with settings at hand (tests, and the keychain's answer).
    void compareWithConnection(const ConnectionSettings &other, const QString &label);
    QString comparedWith() const { return m_compareLabel; }

    SchemaTreeModel *model() const { return m_model; }
    QSortFilterProxyModel *filterModel() const { return m_filter; }
    // Selects the object (through the filter) and shows its DDL; false when it is not listed.
    bool selectObject(const QString &key);
    QString selectedKey() const;
    QString shownDdl() const; // what the DDL pane shows now
    QString objectText() const; // the line above it, as plain text
    SqlDiffView *diffView() const { return m_diffView; }
    bool isShowingDiff() const;
    void setFilterText(const QString &text);
    QString statusText() const;
    qint64 lastReadMilliseconds() const { return m_lastRead.milliseconds; }

Q_SIGNALS:
    void schemaLoaded(bool ok);
    void comparisonLoaded(bool ok);
    void blameLoaded(bool ok);
    // The user clicked the migration that made an object.
    void migrationActivated(const QString &historyName);

private:
    void onSchemaRead(quint64 requestId, const SchemaRead &read);
    void onSchemaBlamed(quint64 requestId, const SchemaBlameRead &read);
    void requestBlame();
    void updateOrigins();
    void updateStatus();
    void showComparison(const SchemaRead &other);
    void applyMarks();
    void showSelected();
    void updateCompareChoices();

    const std::unique_ptr<Ui::SchemaBrowser> m_ui;
    Session *m_session;
    SchemaWorker *m_worker;
    SecretStore *m_secrets;
    SchemaTreeModel *m_model;
    QSortFilterProxyModel *m_filter;
    QsciScintilla *m_ddlEdit = nullptr;
    SqlDiffView *m_diffView = nullptr;
    quint64 m_readRequest = 0;
    quint64 m_compareRequest = 0;
    quint64 m_blameRequest = 0;
    QString m_migrationsDirectory;
    QStringList m_appliedMigrations;
    std::optional<SchemaBlame> m_blame;
    QString m_blameText; // the status line's second half
    QString m_readText;
    QString m_wantedPreview; // waiting for blame
    SchemaRead m_lastRead;
    QList<SchemaTreeModel::Mark> m_previewMarks;
    QString m_previewMigration;
    QList<SchemaTreeModel::Mark> m_compareMarks;
    QString m_compareLabel;
    QString m_compareProfileId; // waiting for its password
};
