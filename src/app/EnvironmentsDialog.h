#pragma once

#include "service/EnvironmentMatrixReader.h"
#include "settings/ConnectionProfile.h"

#include <QDialog>
#include <QHash>

#include <memory>

class EnvironmentMatrixModel;
class QStringListModel;
class SchemaWorker;
class SecretStore;

namespace Ui {
class EnvironmentsDialog;
}

// Environments (Database menu): the project's migrations on every profile
// that uses this project, side by side (EnvironmentMatrixModel), what
// differs, and from there a schema comparison of two environments or a run
// of one's pending migrations. Passwords come from the keychain; the reading
// happens on the schema worker's thread, a few connections at once.
class EnvironmentsDialog : public QDialog
{
    Q_OBJECT
public:
    EnvironmentsDialog(SchemaWorker *worker, SecretStore *secrets, const QString &migrationsFolder,
        QWidget *parent = nullptr);
    ~EnvironmentsDialog() override;

    // Reads every environment again (passwords first, then the matrix).
    void refresh();
    bool isReading() const { return m_passwordsWaiting > 0 || m_request != 0; }
    EnvironmentMatrixModel *model() const { return m_model; }
    QStringList differenceLines() const;
    QString statusText() const;
    QList<ConnectionProfile> profiles() const { return m_profiles; }
    // Selects a column (as a click in it does).
    void selectEnvironment(const QString &profileName);
    void setComparison(const QString &fromProfileName, const QString &toProfileName);

Q_SIGNALS:
    void matrixLoaded();
    // The user asked for these two profiles' schemas compared.
    void compareRequested(const QString &fromProfileId, const QString &toProfileId);
    // The user asked to run the pending migrations on this profile.
    void runPendingRequested(const QString &profileId);
    // The user asked for a fleet run (many databases from a targets file).
    void fleetRequested();

private:
    void onPasswordAnswered(const QString &key, const QString &password);
    void readMatrix();
    void onMatrixRead(quint64 requestId, const EnvironmentMatrix &matrix, const QString &error);
    void updateButtons();
    int selectedColumn() const;

    const std::unique_ptr<Ui::EnvironmentsDialog> m_ui;
    SchemaWorker *m_worker;
    SecretStore *m_secrets;
    QString m_migrationsFolder;
    EnvironmentMatrixModel *m_model;
    QStringListModel *m_differences;
    QList<ConnectionProfile> m_profiles;
    QHash<QString, QString> m_passwords; // keychain key -> password, this reading only
    int m_passwordsWaiting = 0;
    quint64 m_request = 0;
};
