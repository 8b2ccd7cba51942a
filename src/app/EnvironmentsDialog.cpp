#include "EnvironmentsDialog.h"

#include "MatrixCellDelegate.h"
#include "models/EnvironmentMatrixModel.h"
#include "secrets/SecretStore.h"
#include "service/SchemaWorker.h"
#include "settings/ProfileStore.h"
#include "ui_EnvironmentsDialog.h"

#include <QDir>
#include <QHeaderView>
#include <QStringListModel>

EnvironmentsDialog::EnvironmentsDialog(
    SchemaWorker *worker, SecretStore *secrets, const QString &migrationsFolder, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::EnvironmentsDialog>())
    , m_worker(worker)
    , m_secrets(secrets)
    , m_migrationsFolder(migrationsFolder)
    , m_model(new EnvironmentMatrixModel(this))
    , m_differences(new QStringListModel(this))
{
    m_ui->setupUi(this);
    m_ui->matrixView->setModel(m_model);
    m_ui->matrixView->setItemDelegate(new MatrixCellDelegate(m_ui->matrixView));
    m_ui->matrixView->setSelectionBehavior(QAbstractItemView::SelectColumns);
    m_ui->matrixView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->matrixView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->differencesView->setModel(m_differences);
    m_ui->differencesView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_ui->splitter->setStretchFactor(0, 3);
    m_ui->splitter->setStretchFactor(1, 1);

    connect(m_ui->refreshButton, &QPushButton::clicked, this, &EnvironmentsDialog::refresh);
    connect(m_ui->compareButton, &QPushButton::clicked, this, [this] {
        Q_EMIT compareRequested(
            m_ui->compareFromCombo->currentData().toString(), m_ui->compareToCombo->currentData().toString());
    });
    connect(m_ui->runButton, &QPushButton::clicked, this, [this] {
        const int column = selectedColumn();
        if (column >= 0 && column < m_profiles.size())
            Q_EMIT runPendingRequested(m_profiles[column].id);
    });
    connect(m_ui->matrixView->selectionModel(), &QItemSelectionModel::currentChanged, this,
        &EnvironmentsDialog::updateButtons);
    connect(
        m_ui->compareFromCombo, &QComboBox::currentIndexChanged, this, &EnvironmentsDialog::updateButtons);
    connect(m_ui->compareToCombo, &QComboBox::currentIndexChanged, this, &EnvironmentsDialog::updateButtons);
    connect(m_ui->fleetButton, &QPushButton::clicked, this, &EnvironmentsDialog::fleetRequested);
    connect(m_secrets, &SecretStore::passwordRead, this, &EnvironmentsDialog::onPasswordAnswered);
    connect(m_secrets, &SecretStore::failed, this,
        [this](const QString &key, SecretStore::Operation op, SecretStore::Failure, const QString &) {
            // No password stored (or no keychain): libpq may still find one in ~/.pgpass.
            if (op == SecretStore::Operation::Read)
                onPasswordAnswered(key, QString());
        });
    connect(m_worker, &SchemaWorker::environmentsRead, this, &EnvironmentsDialog::onMatrixRead);
    updateButtons();
}

EnvironmentsDialog::~EnvironmentsDialog() = default;

void EnvironmentsDialog::refresh()
{
    if (isReading())
        return;
    // The columns: every profile whose migrations folder is this project's.
    m_profiles = ProfileStore().profilesOfProject(m_migrationsFolder);
    m_ui->compareFromCombo->clear();
    m_ui->compareToCombo->clear();
    for (const ConnectionProfile &p : std::as_const(m_profiles)) {
        m_ui->compareFromCombo->addItem(p.name, p.id);
        m_ui->compareToCombo->addItem(p.name, p.id);
    }
    if (m_profiles.size() > 1)
        m_ui->compareToCombo->setCurrentIndex(1);
    if (m_profiles.isEmpty()) {
        m_ui->statusLabel->setText(
            tr("No profile uses %1 as its migrations folder. Save a profile for each environment "
               "(Database → Connect…) with this folder, and they appear here side by side.")
                .arg(QDir::toNativeSeparators(m_migrationsFolder)));
        m_model->setMatrix(EnvironmentMatrix {});
        m_differences->setStringList({});
        Q_EMIT matrixLoaded();
        return;
    }
    m_ui->statusLabel->setText(tr("Reading %n environment(s)…", nullptr, int(m_profiles.size())));
    // Each password, and the SSH secret of a profile behind a bastion.
    m_passwords.clear();
    QStringList keys;
    for (const ConnectionProfile &p : std::as_const(m_profiles)) {
        keys << p.keychainKey();
        if (p.connection.ssh && p.connection.ssh->isSet())
            keys << p.sshKeychainKey();
    }
    keys.removeDuplicates();
    m_passwordsWaiting = int(keys.size());
    for (const QString &key : std::as_const(keys))
        m_secrets->readPassword(key);
    updateButtons();
}

void EnvironmentsDialog::onPasswordAnswered(const QString &key, const QString &password)
{
    if (m_passwordsWaiting == 0 || m_passwords.contains(key))
        return;
    bool ours = false;
    for (const ConnectionProfile &p : std::as_const(m_profiles))
        ours = ours || p.keychainKey() == key || (p.connection.ssh && p.sshKeychainKey() == key);
    if (!ours)
        return;
    m_passwords.insert(key, password);
    if (--m_passwordsWaiting == 0)
        readMatrix();
}

void EnvironmentsDialog::readMatrix()
{
    QList<EnvironmentMatrixReader::Target> targets;
    for (const ConnectionProfile &p : std::as_const(m_profiles)) {
        EnvironmentMatrixReader::Target t;
        t.label = p.name;
        t.environment = ConnectionProfile::environmentName(p.environment);
        t.settings = p.connection;
        t.settings.password = m_passwords.value(p.keychainKey());
        if (t.settings.ssh)
            t.settings.ssh->secret = m_passwords.value(p.sshKeychainKey());
        t.history = p.history;
        targets << t;
    }
    m_passwords.clear(); // the worker has its copy for this reading only
    const quint64 id = m_request = SchemaWorker::nextRequestId();
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, id, folder = m_migrationsFolder, targets] {
        worker->readEnvironments(id, folder, targets);
    });
}

void EnvironmentsDialog::onMatrixRead(
    quint64 requestId, const EnvironmentMatrix &matrix, const QString &error)
{
    if (requestId != m_request)
        return;
    m_request = 0;
    m_model->setMatrix(matrix);
    QStringList lines;
    for (const EnvironmentMatrix::Difference &d : matrix.differences())
        lines << d.text;
    m_differences->setStringList(lines);
    int unreachable = 0;
    for (const EnvironmentMatrix::Target &t : matrix.targets())
        unreachable += t.reachable ? 0 : 1;
    if (!error.isEmpty())
        m_ui->statusLabel->setText(tr("The migrations folder could not be read: %1").arg(error));
    else
        m_ui->statusLabel->setText(
            tr("%1 migrations on %2 environment(s)%3; %4")
                .arg(matrix.rows().size())
                .arg(matrix.targets().size())
                .arg(unreachable ? tr(", %1 unreachable").arg(unreachable) : QString())
                .arg(lines.isEmpty() ? tr("they agree") : tr("%1 difference(s)").arg(lines.size())));
    updateButtons();
    Q_EMIT matrixLoaded();
}

int EnvironmentsDialog::selectedColumn() const
{
    const QModelIndex current = m_ui->matrixView->selectionModel()->currentIndex();
    return current.isValid() ? current.column() : -1;
}

void EnvironmentsDialog::selectEnvironment(const QString &profileName)
{
    for (int column = 0; column < m_model->columnCount(); ++column) {
        if (m_model->headerData(column, Qt::Horizontal).toString().startsWith(profileName + u' ')
            || m_model->headerData(column, Qt::Horizontal).toString().startsWith(profileName + u'\n')) {
            m_ui->matrixView->setCurrentIndex(m_model->index(0, column));
            m_ui->matrixView->selectColumn(column);
            return;
        }
    }
}

void EnvironmentsDialog::setComparison(const QString &fromProfileName, const QString &toProfileName)
{
    m_ui->compareFromCombo->setCurrentIndex(m_ui->compareFromCombo->findText(fromProfileName));
    m_ui->compareToCombo->setCurrentIndex(m_ui->compareToCombo->findText(toProfileName));
}

void EnvironmentsDialog::updateButtons()
{
    const bool reading = isReading();
    m_ui->refreshButton->setEnabled(!reading);
    m_ui->compareButton->setEnabled(!reading && m_profiles.size() > 1
        && m_ui->compareFromCombo->currentIndex() != m_ui->compareToCombo->currentIndex());
    const int column = selectedColumn();
    const bool runnable = !reading && column >= 0 && column < m_profiles.size()
        && m_model->headerData(column, Qt::Horizontal, EnvironmentMatrixModel::ReachableRole).toBool();
    m_ui->runButton->setEnabled(runnable);
    m_ui->runButton->setText(
        runnable ? tr("Run &Pending on %1…").arg(m_profiles[column].name) : tr("Run &Pending on…"));
}

QStringList EnvironmentsDialog::differenceLines() const
{
    return m_differences->stringList();
}

QString EnvironmentsDialog::statusText() const
{
    return m_ui->statusLabel->text();
}
