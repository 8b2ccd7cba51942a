#include "ConnectionDialog.h"

#include "typeorm/TypeOrmProject.h"

#include "EnvironmentBadge.h"
#include "ui_ConnectionDialog.h"

#include "backup/BackupCatalog.h"
#include "service/LookupWorker.h"
#include "settings/ProfileStore.h"
#include "ssh/SshKnownHosts.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QPushButton>
#include <QSet>

#include <algorithm>

namespace {

const QString sslModes[] = {
    QStringLiteral("disable"),
    QStringLiteral("allow"),
    QStringLiteral("prefer"),
    QStringLiteral("require"),
    QStringLiteral("verify-ca"),
    QStringLiteral("verify-full"),
};

const auto errorStyle = QStringLiteral("QLabel { color: #c62828; }");
const auto successStyle = QStringLiteral("QLabel { color: #2e7d32; }");
const auto noticeStyle = QStringLiteral(
    "QLabel { background: #fff4db; color: #4a3800; border: 1px solid #f2a900; border-radius: 4px; }");

// "schema.table" or "table".
HistoryTable parseHistoryTable(const QString &text)
{
    HistoryTable history;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return history;
    const qsizetype dot = trimmed.indexOf(QLatin1Char('.'));
    if (dot < 0) {
        history.table = trimmed;
    } else {
        history.schema = trimmed.left(dot);
        history.table = trimmed.mid(dot + 1);
    }
    return history;
}

QString historyTableText(const HistoryTable &history)
{
    if (history.schema.isEmpty())
        return history.table == HistoryTable().table ? QString() : history.table;
    return history.schema + QLatin1Char('.') + history.table;
}

// Where a file dialog starts: the folder of `path` if it has one, else home.
QString startFolder(const QString &path)
{
    if (!path.isEmpty()) {
        const QFileInfo info(path);
        if (info.isDir())
            return info.absoluteFilePath();
        if (info.absoluteDir().exists())
            return info.absolutePath();
    }
    return QDir::homePath();
}

} // namespace

ConnectionDialog::ConnectionDialog(SecretStore &secrets, LookupWorker *lookups, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ConnectionDialog>())
    , m_secrets(secrets)
    , m_lookups(lookups)
{
    m_ui->setupUi(this);
    setWindowTitle(tr("New Connection"));

    QPushButton *save = m_ui->buttonBox->button(QDialogButtonBox::Save);
    save->setObjectName(QStringLiteral("saveButton"));
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));

    for (const auto environment : { ConnectionProfile::Environment::Development,
             ConnectionProfile::Environment::Staging, ConnectionProfile::Environment::Production })
        m_ui->environmentCombo->addItem(
            ConnectionProfile::environmentName(environment), static_cast<int>(environment));
    m_ui->sslModeCombo->addItem(tr("default (libpq's: $PGSSLMODE, else prefer)"), QString());
    for (const QString &mode : sslModes)
        m_ui->sslModeCombo->addItem(mode, mode);
    m_ui->sslModeCombo->setCurrentIndex(0);

    // One label column for both groups, so that their fields line up.
    QList<QWidget *> labels;
    for (QFormLayout *form :
        { m_ui->profileLayout, m_ui->serverLayout, m_ui->sshLayout, m_ui->backupLayout }) {
        for (int row = 0; row < form->rowCount(); ++row) {
            if (QLayoutItem *label = form->itemAt(row, QFormLayout::LabelRole); label && label->widget())
                labels.append(label->widget());
        }
    }
    int labelWidth = 0;
    for (const QWidget *label : std::as_const(labels))
        labelWidth = std::max(labelWidth, label->sizeHint().width());
    for (QWidget *label : std::as_const(labels))
        label->setMinimumWidth(labelWidth);

    m_ui->validationLabel->setStyleSheet(errorStyle);
    m_ui->validationLabel->hide();
    m_ui->keychainStatusLabel->setStyleSheet(noticeStyle);
    m_ui->keychainStatusLabel->setMargin(6);
    m_ui->keychainStatusLabel->hide();
    m_ui->testResultLabel->hide();
    m_ui->sshHostKeyLabel->hide();
    m_ui->sshAcceptHostKeyButton->hide();
    updateEnvironmentBadge();
    updateSslWidgets();
    updateBackupFolderPlaceholder();

    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &ConnectionDialog::reject);
    connect(m_ui->testConnectionButton, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    connect(m_ui->importEnvButton, &QPushButton::clicked, this, &ConnectionDialog::chooseEnvFile);
    connect(
        m_ui->migrationsFolderButton, &QPushButton::clicked, this, &ConnectionDialog::chooseMigrationsFolder);
    connect(m_ui->sslRootCertButton, &QPushButton::clicked, this, &ConnectionDialog::chooseRootCertificate);
    connect(m_ui->backupFolderButton, &QPushButton::clicked, this, &ConnectionDialog::chooseBackupFolder);
    connect(m_ui->pgBinButton, &QPushButton::clicked, this, &ConnectionDialog::choosePgBinFolder);
    connect(m_ui->pgBinEdit, &QLineEdit::editingFinished, this, &ConnectionDialog::checkPgTool);
    connect(m_lookups, &LookupWorker::pgToolLocated, this, &ConnectionDialog::pgToolLookedUp);
    connect(m_ui->environmentCombo, &QComboBox::currentIndexChanged, this,
        &ConnectionDialog::updateEnvironmentBadge);
    connect(m_ui->sslModeCombo, &QComboBox::currentIndexChanged, this, &ConnectionDialog::updateSslWidgets);
    connect(m_ui->passwordEdit, &QLineEdit::textEdited, this, [this] { m_passwordEdited = true; });
    connect(m_ui->sshSecretEdit, &QLineEdit::textEdited, this, [this] { m_sshSecretEdited = true; });
    connect(m_ui->sshKeyFileButton, &QPushButton::clicked, this, &ConnectionDialog::chooseSshKeyFile);
    connect(m_ui->sshAcceptHostKeyButton, &QPushButton::clicked, this, &ConnectionDialog::acceptHostKey);
    connect(m_lookups, &LookupWorker::hostKeyAccepted, this, &ConnectionDialog::hostKeyAcceptFinished);
    // Once an error is shown, it goes away as soon as the field is fixed.
    for (QLineEdit *edit : { m_ui->nameEdit, m_ui->hostEdit, m_ui->serviceEdit, m_ui->sshHostEdit }) {
        connect(edit, &QLineEdit::textChanged, this, [this] {
            if (m_ui->validationLabel->isVisible())
                validate();
        });
    }
    connect(m_lookups, &LookupWorker::connectionTested, this, &ConnectionDialog::connectionTestFinished);
    checkPgTool();

    connect(&m_secrets, &SecretStore::passwordRead, this, &ConnectionDialog::onPasswordRead);
    connect(&m_secrets, &SecretStore::passwordWritten, this, &ConnectionDialog::onPasswordWritten);
    connect(&m_secrets, &SecretStore::passwordDeleted, this, &ConnectionDialog::onPasswordDeleted);
    connect(&m_secrets, &SecretStore::failed, this, &ConnectionDialog::onKeychainFailed);
}

// A connection test or pg_dump lookup on its way finishes on the worker; its
// answer finds no dialog (the connection goes with it).
ConnectionDialog::~ConnectionDialog() = default;

void ConnectionDialog::setProfile(const ConnectionProfile &profile)
{
    m_profile = profile;
    m_profile.connection.password.clear();
    m_isNew = false;
    setWindowTitle(tr("Edit Connection"));

    const ConnectionSettings &c = profile.connection;
    m_ui->nameEdit->setText(profile.name);
    m_ui->environmentCombo->setCurrentIndex(
        m_ui->environmentCombo->findData(static_cast<int>(profile.environment)));
    m_ui->migrationsFolderEdit->setText(QDir::toNativeSeparators(profile.migrationsDirectory));
    m_ui->historyTableEdit->setText(historyTableText(profile.history));
    m_ui->hostEdit->setText(c.host);
    m_ui->portSpinBox->setValue(c.port);
    m_ui->serviceEdit->setText(c.service);
    m_ui->databaseEdit->setText(c.database);
    m_ui->userEdit->setText(c.user);
    int sslIndex = m_ui->sslModeCombo->findData(c.sslMode);
    if (sslIndex < 0) {
        m_ui->sslModeCombo->addItem(c.sslMode, c.sslMode);
        sslIndex = m_ui->sslModeCombo->count() - 1;
    }
    m_ui->sslModeCombo->setCurrentIndex(sslIndex);
    m_ui->sslRootCertEdit->setText(QDir::toNativeSeparators(c.sslRootCert));
    m_ui->sshGroupBox->setChecked(c.ssh && c.ssh->isSet());
    if (c.ssh) {
        m_ui->sshHostEdit->setText(c.ssh->host);
        m_ui->sshPortSpinBox->setValue(c.ssh->port);
        m_ui->sshUserEdit->setText(c.ssh->user);
        m_ui->sshKeyFileEdit->setText(QDir::toNativeSeparators(c.ssh->keyFile));
        m_ui->sshKnownHostsEdit->setText(QDir::toNativeSeparators(c.ssh->knownHostsFile));
    }
    m_ui->backupFolderEdit->setText(QDir::toNativeSeparators(profile.backupDirectory));
    m_ui->pgBinEdit->setText(QDir::toNativeSeparators(profile.pgBinDir));
    updateBackupFolderPlaceholder();
    checkPgTool();

    m_ui->passwordEdit->clear();
    m_passwordEdited = false;
    m_passwordInKeychain = false;
    if (profile.id.isEmpty()) {
        m_passwordState = PasswordState::Unknown;
        return;
    }
    m_passwordState = PasswordState::Loading;
    m_ui->passwordEdit->setPlaceholderText(tr("loading from keychain…"));
    m_secrets.readPassword(m_profile.keychainKey());
    m_ui->sshSecretEdit->clear();
    m_sshSecretEdited = false;
    if (c.ssh && c.ssh->isSet()) {
        m_sshSecretState = PasswordState::Loading;
        m_ui->sshSecretEdit->setPlaceholderText(tr("loading from keychain…"));
        m_secrets.readPassword(m_profile.sshKeychainKey());
    }
}

ConnectionProfile ConnectionDialog::profile() const
{
    ConnectionProfile p = m_profile;
    p.name = m_ui->nameEdit->text().trimmed();
    p.environment
        = static_cast<ConnectionProfile::Environment>(m_ui->environmentCombo->currentData().toInt());
    p.migrationsDirectory = QDir::fromNativeSeparators(m_ui->migrationsFolderEdit->text().trimmed());
    p.history = parseHistoryTable(m_ui->historyTableEdit->text());
    p.backupDirectory = QDir::fromNativeSeparators(m_ui->backupFolderEdit->text().trimmed());
    p.pgBinDir = QDir::fromNativeSeparators(m_ui->pgBinEdit->text().trimmed());
    ConnectionSettings &c = p.connection;
    c.host = m_ui->hostEdit->text().trimmed();
    c.port = m_ui->portSpinBox->value();
    c.service = m_ui->serviceEdit->text().trimmed();
    c.database = m_ui->databaseEdit->text().trimmed();
    c.user = m_ui->userEdit->text().trimmed();
    c.password.clear();
    c.sslMode = m_ui->sslModeCombo->currentData().toString();
    c.sslRootCert = QDir::fromNativeSeparators(m_ui->sslRootCertEdit->text().trimmed());
    c.ssh.reset();
    if (m_ui->sshGroupBox->isChecked() && !m_ui->sshHostEdit->text().trimmed().isEmpty()) {
        SshSettings ssh;
        ssh.host = m_ui->sshHostEdit->text().trimmed();
        ssh.port = m_ui->sshPortSpinBox->value();
        ssh.user = m_ui->sshUserEdit->text().trimmed();
        ssh.keyFile = QDir::fromNativeSeparators(m_ui->sshKeyFileEdit->text().trimmed());
        ssh.knownHostsFile = QDir::fromNativeSeparators(m_ui->sshKnownHostsEdit->text().trimmed());
        c.ssh = ssh; // never with the secret: that is the keychain's
    }
    return p;
}

ConnectionSettings ConnectionDialog::connectionSettings() const
{
    ConnectionSettings settings = profile().connection;
    settings.password = password();
    if (settings.ssh)
        settings.ssh->secret = sshSecret();
    return settings;
}

QString ConnectionDialog::sshSecret() const
{
    return m_ui->sshGroupBox->isChecked() ? m_ui->sshSecretEdit->text() : QString();
}

QString ConnectionDialog::password() const
{
    return m_ui->passwordEdit->text();
}

QString ConnectionDialog::sessionPassword() const
{
    return m_passwordInKeychain ? QString() : password();
}

bool ConnectionDialog::importEnvFile(const QString &path)
{
    const Result<ConnectionSettings> env = ConnectionSettings::fromEnvFile(path);
    if (!env) {
        showValidationError(
            tr("Could not import %1: %2").arg(QDir::toNativeSeparators(path), env.error().toString()),
            nullptr);
        return false;
    }
    fillConnection(*env);
    if (m_ui->validationLabel->isVisible())
        validate();
    return true;
}

void ConnectionDialog::fillConnection(const ConnectionSettings &settings)
{
    auto fill = [](QLineEdit *edit, const QString &value) {
        if (!value.isEmpty())
            edit->setText(value);
    };
    fill(m_ui->hostEdit, settings.host);
    if (settings.port > 0)
        m_ui->portSpinBox->setValue(settings.port);
    fill(m_ui->userEdit, settings.user);
    fill(m_ui->databaseEdit, settings.database);
    if (!settings.password.isEmpty()) {
        m_ui->passwordEdit->setText(settings.password);
        m_passwordEdited = true;
    }
    if (const int ssl = m_ui->sslModeCombo->findData(settings.sslMode);
        !settings.sslMode.isEmpty() && ssl >= 0)
        m_ui->sslModeCombo->setCurrentIndex(ssl);
}

bool ConnectionDialog::importTypeOrmProject(const QString &folder)
{
    const Result<TypeOrmProject> project = TypeOrmProject::open(folder);
    if (!project) {
        showValidationError(tr("Could not read the TypeORM data source in %1: %2")
                                .arg(QDir::toNativeSeparators(folder), project.error().toString()),
            nullptr);
        return false;
    }
    fillConnection(project->connection());
    m_ui->historyTableEdit->setText(historyTableText(project->history()));
    m_ui->migrationsFolderEdit->setText(QDir::toNativeSeparators(project->folder()));
    if (m_ui->nameEdit->text().trimmed().isEmpty())
        m_ui->nameEdit->setText(QFileInfo(project->folder()).fileName());
    if (m_ui->validationLabel->isVisible())
        validate();
    return true;
}

void ConnectionDialog::testConnection()
{
    if (isTestingConnection())
        return;
    const ConnectionSettings settings = connectionSettings();
    m_ui->testConnectionButton->setEnabled(false);
    m_ui->testResultLabel->setStyleSheet(QString());
    m_ui->testResultLabel->setText(tr("Connecting to %1…").arg(settings.describe()));
    m_ui->testResultLabel->show();
    const quint64 requestId = m_testRequestId = LookupWorker::nextRequestId();
    QMetaObject::invokeMethod(
        m_lookups,
        [lookups = m_lookups, requestId, settings] { lookups->testConnection(requestId, settings); },
        Qt::QueuedConnection);
}

bool ConnectionDialog::isTestingConnection() const
{
    return m_testRequestId != 0;
}

void ConnectionDialog::connectionTestFinished(quint64 requestId, const ConnectionTest &test)
{
    if (requestId != m_testRequestId)
        return;
    m_testRequestId = 0;
    const bool ok = !test.error;
    const QString message
        = ok ? tr("Connected: PostgreSQL %1").arg(test.serverVersion) : test.error->toString();
    m_ui->testConnectionButton->setEnabled(true);
    m_ui->testResultLabel->setStyleSheet(ok ? successStyle : errorStyle);
    m_ui->testResultLabel->setText(message);
    m_ui->testResultLabel->show();
    if (const std::optional<SshKnownHosts::UnknownKey> key
        = test.error ? SshKnownHosts::unknownKeyIn(*test.error) : std::nullopt)
        showUnknownHostKey(key->keyType, key->fingerprint);
    if (ok) {
        // Now the pg_dump can be held against the server it has to dump.
        m_serverVersionNumber = test.serverVersionNumber;
        m_serverVersion = test.serverVersion;
        checkPgTool();
    }
    Q_EMIT connectionTested(ok, message);
}

void ConnectionDialog::showUnknownHostKey(const QString &keyType, const QString &fingerprint)
{
    m_unknownFingerprint = fingerprint;
    const SshSettings ssh = *profile().connection.ssh;
    m_ui->sshHostKeyLabel->setStyleSheet(noticeStyle);
    m_ui->sshHostKeyLabel->setMargin(6);
    m_ui->sshHostKeyLabel->setText(
        tr("The host key of %1 is not known yet:\n%2 %3\nCompare it with the fingerprint the bastion's "
           "administrator gives (ssh-keygen -lf on its host key) before accepting it into %4.")
            .arg(ssh.endpoint(), keyType, fingerprint, QDir::toNativeSeparators(ssh.knownHostsPath())));
    m_ui->sshHostKeyLabel->show();
    m_ui->sshAcceptHostKeyButton->setEnabled(true);
    m_ui->sshAcceptHostKeyButton->show();
}

void ConnectionDialog::acceptHostKey()
{
    if (m_hostKeyRequestId != 0 || m_unknownFingerprint.isEmpty())
        return;
    const std::optional<SshSettings> ssh = connectionSettings().ssh;
    if (!ssh)
        return;
    m_ui->sshAcceptHostKeyButton->setEnabled(false);
    const quint64 requestId = m_hostKeyRequestId = LookupWorker::nextRequestId();
    QMetaObject::invokeMethod(
        m_lookups,
        [lookups = m_lookups, requestId, ssh = *ssh, fingerprint = m_unknownFingerprint] {
            lookups->acceptHostKey(requestId, ssh, fingerprint);
        },
        Qt::QueuedConnection);
}

void ConnectionDialog::hostKeyAcceptFinished(quint64 requestId, const HostKeyAcceptance &acceptance)
{
    if (requestId != m_hostKeyRequestId)
        return;
    m_hostKeyRequestId = 0;
    if (acceptance.error) {
        m_ui->sshHostKeyLabel->setStyleSheet(errorStyle);
        m_ui->sshHostKeyLabel->setText(acceptance.error->toString());
        m_ui->sshAcceptHostKeyButton->hide();
        m_unknownFingerprint.clear();
        Q_EMIT hostKeyAccepted(false, acceptance.error->toString());
        return;
    }
    const QString message
        = tr("Accepted %1 into %2.").arg(acceptance.fingerprint, QDir::toNativeSeparators(acceptance.file));
    m_ui->sshHostKeyLabel->setStyleSheet(successStyle);
    m_ui->sshHostKeyLabel->setText(message);
    m_ui->sshAcceptHostKeyButton->hide();
    m_unknownFingerprint.clear();
    Q_EMIT hostKeyAccepted(true, message);
    testConnection();
}

void ConnectionDialog::chooseSshKeyFile()
{
    const QString current = m_ui->sshKeyFileEdit->text().trimmed();
    auto *dialog = new QFileDialog(this, tr("SSH Private Key"),
        startFolder(current.isEmpty() ? QDir::homePath() + QStringLiteral("/.ssh") : current));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setFilter(dialog->filter() | QDir::Hidden);
    connect(dialog, &QFileDialog::fileSelected, this,
        [this](const QString &file) { m_ui->sshKeyFileEdit->setText(QDir::toNativeSeparators(file)); });
    dialog->open();
}

void ConnectionDialog::accept()
{
    if (m_savingPassword || m_savingSshSecret || !validate())
        return;
    ConnectionProfile p = profile();
    if (p.id.isEmpty())
        p.id = newProfileId(p.name);
    ProfileStore store;
    if (const Status saved = store.save(p); !saved) {
        showValidationError(tr("Could not save the profile: %1").arg(saved.error().toString()), nullptr);
        return;
    }
    m_profile = p;

    // Then the password: stored, removed, or left as it is.
    const bool remember = m_ui->rememberPasswordCheckBox->isChecked();
    const bool untouchedWhileLoading = m_passwordState == PasswordState::Loading && !m_passwordEdited;
    std::optional<SecretStore::Operation> step;
    if (m_continueWithoutKeychain)
        step.reset(); // the keychain already failed once; the user chose to go on without it
    else if (remember && !password().isEmpty())
        step = SecretStore::Operation::Write;
    else if (remember && untouchedWhileLoading)
        step.reset(); // nothing typed before the stored one arrived: keep it
    else if (m_passwordState == PasswordState::Stored || m_passwordState == PasswordState::LoadFailed
        || m_passwordState == PasswordState::Loading)
        step = SecretStore::Operation::Delete; // unchecked or emptied: forget the stored one
    if (!step) {
        finishSave();
        return;
    }
    m_savingPassword = step;
    m_ui->buttonBox->button(QDialogButtonBox::Save)->setEnabled(false);
    if (*step == SecretStore::Operation::Write)
        m_secrets.writePassword(m_profile.keychainKey(), password());
    else
        m_secrets.deletePassword(m_profile.keychainKey());
}

void ConnectionDialog::reject()
{
    // A keychain answer that comes after Cancel no longer closes anything.
    m_savingPassword.reset();
    m_savingSshSecret.reset();
    m_ui->buttonBox->button(QDialogButtonBox::Save)->setEnabled(true);
    QDialog::reject();
}

void ConnectionDialog::finishSave()
{
    m_savingPassword.reset();
    // Then the SSH secret, by the same rules.
    const std::optional<SecretStore::Operation> step
        = m_continueWithoutKeychain ? std::nullopt : sshSecretStep();
    if (!step) {
        closeSaved();
        return;
    }
    m_savingSshSecret = step;
    if (*step == SecretStore::Operation::Write)
        m_secrets.writePassword(m_profile.sshKeychainKey(), sshSecret());
    else
        m_secrets.deletePassword(m_profile.sshKeychainKey());
}

std::optional<SecretStore::Operation> ConnectionDialog::sshSecretStep() const
{
    const bool remember = m_ui->rememberPasswordCheckBox->isChecked();
    const bool tunnel = m_profile.connection.ssh.has_value();
    const bool maybeStored = m_sshSecretState == PasswordState::Stored
        || m_sshSecretState == PasswordState::LoadFailed || m_sshSecretState == PasswordState::Loading;
    if (tunnel && remember && !sshSecret().isEmpty())
        return SecretStore::Operation::Write;
    if (tunnel && remember && m_sshSecretState == PasswordState::Loading && !m_sshSecretEdited)
        return std::nullopt; // nothing typed before the stored one arrived: keep it
    if (maybeStored)
        return SecretStore::Operation::Delete; // no tunnel, unchecked or emptied
    return std::nullopt;
}

void ConnectionDialog::closeSaved()
{
    m_savingSshSecret.reset();
    m_ui->buttonBox->button(QDialogButtonBox::Save)->setEnabled(true);
    QDialog::accept();
}

bool ConnectionDialog::validate()
{
    const QString name = m_ui->nameEdit->text().trimmed();
    if (name.isEmpty()) {
        showValidationError(tr("Enter a name for this connection."), m_ui->nameEdit);
        return false;
    }
    const QList<ConnectionProfile> others = ProfileStore().profiles();
    for (const ConnectionProfile &other : others) {
        if (other.id != m_profile.id && other.name == name) {
            showValidationError(tr("Another connection is already called “%1”.").arg(name), m_ui->nameEdit);
            return false;
        }
    }
    if (m_ui->hostEdit->text().trimmed().isEmpty() && m_ui->serviceEdit->text().trimmed().isEmpty()) {
        showValidationError(tr("Enter the server's host (or a pg_service.conf service)."), m_ui->hostEdit);
        return false;
    }
    if (m_ui->sshGroupBox->isChecked()) {
        if (m_ui->sshHostEdit->text().trimmed().isEmpty()) {
            showValidationError(
                tr("Enter the bastion host of the SSH tunnel, or turn the tunnel off."), m_ui->sshHostEdit);
            return false;
        }
        if (const Status s = connectionSettings().checkTunnelTarget(); !s) {
            showValidationError(s.error().message, m_ui->hostEdit);
            return false;
        }
    }
    const QString backupFolder = QDir::fromNativeSeparators(m_ui->backupFolderEdit->text().trimmed());
    if (!backupFolder.isEmpty()) {
        const QFileInfo info(backupFolder);
        if (info.isRelative()) {
            showValidationError(tr("The backup folder must be a full path, not “%1”.")
                                    .arg(QDir::toNativeSeparators(backupFolder)),
                m_ui->backupFolderEdit);
            return false;
        }
        if (info.exists() && !info.isDir()) {
            showValidationError(tr("The backup folder %1 is a file, not a folder.")
                                    .arg(QDir::toNativeSeparators(backupFolder)),
                m_ui->backupFolderEdit);
            return false;
        }
    }
    // A pg_dump folder that cannot work would only be found out at the first
    // backup, before a production migration: say so now.
    const QString pgBin = QDir::fromNativeSeparators(m_ui->pgBinEdit->text().trimmed());
    if (!pgBin.isEmpty()) {
        for (const QString &tool : { QStringLiteral("pg_dump"), QStringLiteral("pg_restore") }) {
            if (!QFileInfo(QDir(pgBin).absoluteFilePath(tool)).isExecutable()) {
                showValidationError(tr("There is no %1 in %2. Choose the folder that holds pg_dump and "
                                       "pg_restore (e.g. /usr/lib/postgresql/15/bin), or leave it empty to "
                                       "use the newest installed.")
                                        .arg(tool, QDir::toNativeSeparators(pgBin)),
                    m_ui->pgBinEdit);
                return false;
            }
        }
    }
    m_ui->validationLabel->hide();
    return true;
}

QString ConnectionDialog::newProfileId(const QString &name) const
{
    // Letters, digits and '-' from the name ("Shop staging" → "shop-staging"),
    // numbered when taken, so that the settings file stays readable.
    QString slug;
    for (const QChar c : name.toLower()) {
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')))
            slug += c;
        else if (!slug.isEmpty() && !slug.endsWith(QLatin1Char('-')))
            slug += QLatin1Char('-');
    }
    while (slug.endsWith(QLatin1Char('-')))
        slug.chop(1);
    if (slug.isEmpty())
        slug = QStringLiteral("connection");
    QSet<QString> taken;
    for (const ConnectionProfile &p : ProfileStore().profiles())
        taken.insert(p.id);
    QString id = slug;
    for (int n = 2; taken.contains(id); ++n)
        id = slug + QLatin1Char('-') + QString::number(n);
    return id;
}

void ConnectionDialog::showValidationError(const QString &message, QWidget *field)
{
    m_ui->validationLabel->setText(message);
    m_ui->validationLabel->show();
    if (field)
        field->setFocus();
}

void ConnectionDialog::showKeychainMessage(const QString &message)
{
    m_ui->keychainStatusLabel->setText(message);
    m_ui->keychainStatusLabel->setVisible(!message.isEmpty());
}

void ConnectionDialog::updateEnvironmentBadge()
{
    const auto environment
        = static_cast<ConnectionProfile::Environment>(m_ui->environmentCombo->currentData().toInt());
    m_ui->environmentBadgeLabel->setText(EnvironmentBadge::label(environment).toUpper());
    m_ui->environmentBadgeLabel->setStyleSheet(EnvironmentBadge::styleSheet(environment));
}

void ConnectionDialog::updateSslWidgets()
{
    const bool verifies = m_ui->sslModeCombo->currentData().toString() != QLatin1String("disable");
    m_ui->sslRootCertEdit->setEnabled(verifies);
    m_ui->sslRootCertButton->setEnabled(verifies);
}

// The file dialogs are opened with open(), not exec(): no nested event loop.
void ConnectionDialog::chooseFolderInto(
    QLineEdit *edit, const QString &title, const QString &start, const std::function<void()> &chosen)
{
    auto *dialog = new QFileDialog(this, title, startFolder(start));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    connect(dialog, &QFileDialog::fileSelected, this, [edit, chosen](const QString &folder) {
        edit->setText(QDir::toNativeSeparators(folder));
        if (chosen)
            chosen();
    });
    dialog->open();
}

void ConnectionDialog::chooseMigrationsFolder()
{
    chooseFolderInto(m_ui->migrationsFolderEdit, tr("Migrations Folder"), m_ui->migrationsFolderEdit->text());
}

void ConnectionDialog::chooseBackupFolder()
{
    const QString current = m_ui->backupFolderEdit->text().trimmed();
    chooseFolderInto(m_ui->backupFolderEdit, tr("Backup Folder"),
        current.isEmpty() ? BackupCatalog::defaultFolder(m_profile.id) : current);
}

void ConnectionDialog::choosePgBinFolder()
{
    chooseFolderInto(m_ui->pgBinEdit, tr("Folder Holding pg_dump and pg_restore"),
        m_ui->pgBinEdit->text().trimmed(), [this] { checkPgTool(); });
}

void ConnectionDialog::updateBackupFolderPlaceholder()
{
    // The default is per profile; a new one has its id only once saved.
    const QString id = m_profile.id.isEmpty() ? tr("<profile>") : m_profile.id;
    m_ui->backupFolderEdit->setPlaceholderText(
        tr("default: %1").arg(QDir::toNativeSeparators(BackupCatalog::defaultFolder(id))));
}

void ConnectionDialog::checkPgTool()
{
    const QString folder = QDir::fromNativeSeparators(m_ui->pgBinEdit->text().trimmed());
    if (m_pgToolRequestId != 0) {
        m_pgToolRecheck = true; // looked up again when this one answers
        return;
    }
    m_pgToolRecheck = false;
    m_pgToolCheckedFor = folder;
    m_ui->pgToolLabel->setStyleSheet(QString());
    m_ui->pgToolLabel->setText(tr("Looking for pg_dump…"));
    const quint64 requestId = m_pgToolRequestId = LookupWorker::nextRequestId();
    QMetaObject::invokeMethod(
        m_lookups,
        [lookups = m_lookups, requestId, folder] {
            lookups->locatePgTool(requestId, QStringLiteral("pg_dump"), folder);
        },
        Qt::QueuedConnection);
}

void ConnectionDialog::pgToolLookedUp(quint64 requestId, const PgToolLookup &lookup)
{
    if (requestId != m_pgToolRequestId)
        return;
    m_pgToolRequestId = 0;
    if (m_pgToolRecheck
        || m_pgToolCheckedFor != QDir::fromNativeSeparators(m_ui->pgBinEdit->text().trimmed())) {
        checkPgTool();
        return;
    }
    const std::optional<PgTool> tool = lookup.error ? std::nullopt : std::optional<PgTool>(lookup.tool);
    QString text;
    bool ok = tool.has_value();
    if (!tool) {
        text = lookup.error->toString();
    } else {
        text = tr("Backups use pg_dump %1 (%2).")
                   .arg(tool->versionString(), QDir::toNativeSeparators(tool->path));
        if (m_serverVersionNumber > 0
            && !PgToolLocator::checkDumpVersion(*tool, m_serverVersionNumber, m_serverVersion)) {
            ok = false;
            QString fix = PgToolLocator::fixHint(m_serverVersionNumber);
            fix[0] = fix[0].toUpper();
            text
                = tr("pg_dump %1 (%2) is older than the server, PostgreSQL %3: backups would fail. %4.")
                      .arg(tool->versionString(), QDir::toNativeSeparators(tool->path), m_serverVersion, fix);
        }
    }
    m_ui->pgToolLabel->setStyleSheet(ok ? QString() : errorStyle);
    m_ui->pgToolLabel->setText(text);
    Q_EMIT pgToolChecked(ok);
}

void ConnectionDialog::chooseRootCertificate()
{
    auto *dialog = new QFileDialog(this, tr("Root Certificate"), startFolder(m_ui->sslRootCertEdit->text()),
        tr("Certificates (*.crt *.pem *.cer);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this,
        [this](const QString &file) { m_ui->sslRootCertEdit->setText(QDir::toNativeSeparators(file)); });
    dialog->open();
}

void ConnectionDialog::chooseEnvFile()
{
    // A project's .env usually sits next to (or above) its migrations folder.
    QString folder = startFolder(m_ui->migrationsFolderEdit->text());
    if (QDir parent(folder); !QFileInfo::exists(parent.filePath(QStringLiteral(".env"))) && parent.cdUp()
        && QFileInfo::exists(parent.filePath(QStringLiteral(".env"))))
        folder = parent.path();
    auto *dialog = new QFileDialog(
        this, tr("Import .env"), folder, tr("Environment files (.env .env.* *.env);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setFilter(dialog->filter() | QDir::Hidden); // .env is a hidden file
    connect(dialog, &QFileDialog::fileSelected, this, &ConnectionDialog::importEnvFile);
    dialog->open();
}

void ConnectionDialog::onPasswordRead(const QString &key, const QString &password)
{
    if (key == m_profile.sshKeychainKey() && m_sshSecretState == PasswordState::Loading) {
        m_sshSecretState = PasswordState::Stored;
        m_ui->sshSecretEdit->setPlaceholderText(QString());
        if (!m_sshSecretEdited)
            m_ui->sshSecretEdit->setText(password);
        return;
    }
    if (m_passwordState != PasswordState::Loading || key != m_profile.keychainKey())
        return;
    m_passwordState = PasswordState::Stored;
    m_ui->passwordEdit->setPlaceholderText(QString());
    if (!m_passwordEdited) {
        m_ui->passwordEdit->setText(password);
        m_ui->rememberPasswordCheckBox->setChecked(true);
    }
    Q_EMIT passwordLoadFinished();
}

void ConnectionDialog::onPasswordWritten(const QString &key)
{
    if (m_savingSshSecret == SecretStore::Operation::Write && key == m_profile.sshKeychainKey()) {
        closeSaved();
        return;
    }
    if (m_savingPassword != SecretStore::Operation::Write || key != m_profile.keychainKey())
        return;
    m_passwordInKeychain = true;
    finishSave();
}

void ConnectionDialog::onPasswordDeleted(const QString &key)
{
    if (m_savingSshSecret == SecretStore::Operation::Delete && key == m_profile.sshKeychainKey()) {
        closeSaved();
        return;
    }
    if (m_savingPassword != SecretStore::Operation::Delete || key != m_profile.keychainKey())
        return;
    m_passwordInKeychain = false;
    finishSave();
}

void ConnectionDialog::onKeychainFailed(
    const QString &key, SecretStore::Operation op, SecretStore::Failure failure, const QString &message)
{
    if (key == m_profile.sshKeychainKey()) {
        onSshKeychainFailed(op, failure, message);
        return;
    }
    if (key != m_profile.keychainKey())
        return;
    if (op == SecretStore::Operation::Read && m_passwordState == PasswordState::Loading) {
        if (failure == SecretStore::Failure::NotFound) {
            m_passwordState = PasswordState::NotStored;
            m_ui->passwordEdit->setPlaceholderText(QString());
            if (!m_passwordEdited)
                m_ui->rememberPasswordCheckBox->setChecked(false);
        } else {
            m_passwordState = PasswordState::LoadFailed;
            m_ui->passwordEdit->setPlaceholderText(tr("not loaded from the keychain"));
            showKeychainMessage(message);
        }
        Q_EMIT passwordLoadFinished();
        return;
    }
    if (m_savingPassword != op)
        return;
    // The profile is saved; its password is not (or an old one stayed). Say
    // why, and let the user go on with the password for this session only.
    m_savingPassword.reset();
    m_passwordInKeychain = false;
    continueWithoutKeychain(op == SecretStore::Operation::Write
            ? tr("The connection is saved, but its password is not.\n%1\nContinue to use the password for "
                 "this session only.")
                  .arg(message)
            : tr("The connection is saved.\n%1").arg(message));
}

void ConnectionDialog::continueWithoutKeychain(const QString &message)
{
    m_continueWithoutKeychain = true;
    m_ui->rememberPasswordCheckBox->setChecked(false);
    m_ui->rememberPasswordCheckBox->setEnabled(false);
    QPushButton *save = m_ui->buttonBox->button(QDialogButtonBox::Save);
    save->setText(tr("Continue Without Keychain"));
    save->setEnabled(true);
    showKeychainMessage(message);
}

void ConnectionDialog::onSshKeychainFailed(
    SecretStore::Operation op, SecretStore::Failure failure, const QString &message)
{
    if (op == SecretStore::Operation::Read && m_sshSecretState == PasswordState::Loading) {
        m_ui->sshSecretEdit->setPlaceholderText(QString());
        if (failure == SecretStore::Failure::NotFound) {
            m_sshSecretState = PasswordState::NotStored;
        } else {
            m_sshSecretState = PasswordState::LoadFailed;
            m_ui->sshSecretEdit->setPlaceholderText(tr("not loaded from the keychain"));
            showKeychainMessage(message);
        }
        return;
    }
    if (m_savingSshSecret != op)
        return;
    // The profile and its password are saved; the SSH secret is not (or an
    // old one stayed). As for the password: say why, go on for this session.
    m_savingSshSecret.reset();
    continueWithoutKeychain(op == SecretStore::Operation::Write
            ? tr("The connection is saved, but its SSH passphrase is not.\n%1\nContinue to use it for this "
                 "session only.")
                  .arg(message)
            : tr("The connection is saved.\n%1").arg(message));
}
