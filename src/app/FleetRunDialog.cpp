#include "FleetRunDialog.h"
#include "ui_FleetRunDialog.h"

#include "models/FleetRunModel.h"
#include "secrets/SecretStore.h"
#include "settings/FleetTargets.h"
#include "settings/ProfileStore.h"

#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QStyledItemDelegate>

namespace {

// The result column coloured by state, as the matrix colours its cells.
class FleetStateDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        using State = FleetRunModel::State;
        switch (State(index.data(FleetRunModel::StateRole).toInt())) {
        case State::Ok:
            option->backgroundBrush = QColor(0xd7, 0xf0, 0xd9);
            break;
        case State::Failed:
        case State::Unreachable:
            option->backgroundBrush = QColor(0xf8, 0xd0, 0xd0);
            break;
        case State::Differs:
        case State::Cancelled:
            option->backgroundBrush = QColor(0xff, 0xeb, 0xb8);
            break;
        case State::Running:
            option->backgroundBrush = QColor(0xd6, 0xe6, 0xfa);
            break;
        case State::Waiting:
        case State::NotStarted:
            break;
        }
    }
};

FleetRunModel::State stateOf(FleetRunner::Outcome::State state)
{
    using S = FleetRunner::Outcome::State;
    switch (state) {
    case S::Succeeded:
        return FleetRunModel::State::Ok;
    case S::Failed:
        return FleetRunModel::State::Failed;
    case S::Unreachable:
        return FleetRunModel::State::Unreachable;
    case S::Cancelled:
        return FleetRunModel::State::Cancelled;
    case S::Differs:
        return FleetRunModel::State::Differs;
    case S::NotStarted:
        break;
    }
    return FleetRunModel::State::NotStarted;
}

} // namespace

FleetRunDialog::FleetRunDialog(
    SecretStore *secrets, const QString &migrationsFolder, const HistoryTable &history, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::FleetRunDialog>())
    , m_secrets(secrets)
    , m_migrationsFolder(migrationsFolder)
    , m_history(history)
    , m_model(new FleetRunModel(this))
    , m_worker(new FleetWorker)
{
    m_ui->setupUi(this);
    setWindowTitle(tr("Fleet — %1").arg(QDir::toNativeSeparators(migrationsFolder)));
    m_ui->actionCombo->addItem(tr("Status (change nothing)"), int(FleetRunner::Action::StatusOnly));
    m_ui->actionCombo->addItem(tr("Run pending migrations (up)"), int(FleetRunner::Action::Up));
    m_ui->actionCombo->addItem(tr("Revert the last migration (down)"), int(FleetRunner::Action::Down));
    m_ui->actionCombo->addItem(
        tr("Verify history and schema against the files"), int(FleetRunner::Action::Verify));
    m_ui->targetsView->setModel(m_model);
    m_ui->targetsView->setItemDelegateForColumn(FleetRunModel::StateColumn, new FleetStateDelegate(this));
    m_ui->targetsView->verticalHeader()->hide();
    m_ui->targetsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->targetsView->horizontalHeader()->setStretchLastSection(true);
    m_ui->progressBar->setRange(0, 1);
    m_ui->progressBar->setValue(0);
    m_ui->summaryLabel->setText(tr("Choose a targets file and what to do, then Run."));

    connect(m_ui->targetsButton, &QPushButton::clicked, this, &FleetRunDialog::chooseTargetsFile);
    connect(m_ui->runButton, &QPushButton::clicked, this, &FleetRunDialog::start);
    connect(m_ui->cancelRunButton, &QPushButton::clicked, this, &FleetRunDialog::stop);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &FleetRunDialog::reject);
    connect(m_ui->targetsEdit, &QLineEdit::textChanged, this, &FleetRunDialog::updateButtons);
    connect(m_secrets, &SecretStore::passwordRead, this, &FleetRunDialog::onPasswordAnswered);
    connect(m_secrets, &SecretStore::failed, this,
        [this](const QString &key, SecretStore::Operation op, SecretStore::Failure, const QString &) {
            if (op == SecretStore::Operation::Read)
                onPasswordAnswered(key, QString()); // libpq may still find one (~/.pgpass)
        });

    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &FleetWorker::targetsResolved, this, &FleetRunDialog::onTargetsResolved);
    connect(m_worker, &FleetWorker::targetStarted, this, &FleetRunDialog::onTargetStarted);
    connect(m_worker, &FleetWorker::targetFinished, this, &FleetRunDialog::onTargetFinished);
    connect(m_worker, &FleetWorker::finished, this, &FleetRunDialog::onFinished);
    m_thread.setObjectName(QStringLiteral("fleet"));
    m_thread.start();
    updateButtons();
}

FleetRunDialog::~FleetRunDialog()
{
    // A run still going ends at a migration boundary before the thread goes.
    m_worker->cancel();
    m_thread.quit();
    m_thread.wait();
}

void FleetRunDialog::setTargetsFile(const QString &path)
{
    m_ui->targetsEdit->setText(QDir::toNativeSeparators(path));
}

void FleetRunDialog::setAction(FleetRunner::Action action)
{
    m_ui->actionCombo->setCurrentIndex(m_ui->actionCombo->findData(int(action)));
}

void FleetRunDialog::setConcurrency(int concurrency)
{
    m_ui->concurrencySpinBox->setValue(concurrency);
}

QString FleetRunDialog::summaryText() const
{
    return m_ui->summaryLabel->text();
}

void FleetRunDialog::chooseTargetsFile()
{
    auto *dialog = new QFileDialog(this, tr("Targets File"),
        m_ui->targetsEdit->text().isEmpty() ? m_migrationsFolder : m_ui->targetsEdit->text(),
        tr("Targets files (*.txt *.targets);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, &FleetRunDialog::setTargetsFile);
    dialog->open();
}

void FleetRunDialog::start()
{
    if (isRunning())
        return;
    const QString path = QDir::fromNativeSeparators(m_ui->targetsEdit->text().trimmed());
    const Result<FleetTargets> file = FleetTargets::read(path);
    if (!file) {
        m_ui->summaryLabel->setText(file.error().toString());
        Q_EMIT runFinished(file.error().toString());
        return;
    }
    // The profiles it names: their passwords first, and whether any is production.
    m_passwords.clear();
    m_production.clear();
    QStringList keys;
    const ProfileStore store;
    for (const FleetTargets::Entry &e : file->entries()) {
        if (e.kind != FleetTargets::Entry::Kind::Profile)
            continue;
        const std::optional<ConnectionProfile> p = store.find(e.profile);
        if (!p)
            continue; // the worker says which line names no profile
        if (!keys.contains(p->keychainKey()))
            keys << p->keychainKey();
        if (p->connection.ssh && p->connection.ssh->isSet() && !keys.contains(p->sshKeychainKey()))
            keys << p->sshKeychainKey();
        if (p->environment == ConnectionProfile::Environment::Production)
            m_production << p->name;
    }
    m_keysWaiting = QSet<QString>(keys.cbegin(), keys.cend());
    updateButtons();
    if (keys.isEmpty()) {
        confirmThenRun();
        return;
    }
    m_ui->summaryLabel->setText(tr("Reading %n password(s) from the keychain…", nullptr, int(keys.size())));
    for (const QString &key : std::as_const(keys))
        m_secrets->readPassword(key);
}

void FleetRunDialog::onPasswordAnswered(const QString &key, const QString &password)
{
    // Only the keys this run asked for: the keychain answers the window's other readers too.
    if (!m_keysWaiting.remove(key))
        return;
    m_passwords.insert(key, password);
    if (m_keysWaiting.isEmpty())
        confirmThenRun();
}

void FleetRunDialog::confirmThenRun()
{
    const auto action = FleetRunner::Action(m_ui->actionCombo->currentData().toInt());
    const bool changes = action == FleetRunner::Action::Up || action == FleetRunner::Action::Down;
    if (!changes || m_production.isEmpty()) {
        runWorker();
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Production Databases"),
        tr("This fleet run changes production databases: %1.\n\nEach one gets its pre-flight, and a "
           "blocker stops that target; run them all?")
            .arg(m_production.join(QStringLiteral(", "))),
        QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("productionQuestion"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *run = box->addButton(tr("&Run on Production"), QMessageBox::AcceptRole);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::buttonClicked, this, [this, run](QAbstractButton *clicked) {
        if (clicked == run) {
            runWorker();
        } else {
            m_ui->summaryLabel->setText(tr("Nothing was run."));
            updateButtons();
        }
    });
    box->open();
}

void FleetRunDialog::runWorker()
{
    FleetWorker::Request request;
    request.migrationsDirectory = m_migrationsFolder;
    request.targetsFile = QDir::fromNativeSeparators(m_ui->targetsEdit->text().trimmed());
    request.history = m_history;
    request.profilePasswords = m_passwords;
    request.options.action = FleetRunner::Action(m_ui->actionCombo->currentData().toInt());
    request.options.concurrency = m_ui->concurrencySpinBox->value();
    request.options.canary = m_ui->canarySpinBox->value();
    request.options.run.history = m_history;
    m_passwords.clear();
    m_model->setTargets({});
    m_ui->progressBar->setRange(0, 0); // busy until the targets are listed
    m_ui->summaryLabel->setText(tr("Listing the targets…"));
    const quint64 requestId = m_request = ++m_nextRequest;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, requestId, request] { worker->run(requestId, request); },
        Qt::QueuedConnection);
    updateButtons();
}

void FleetRunDialog::stop()
{
    if (m_request == 0)
        return;
    m_worker->cancel(); // thread-safe: the run is on the worker's thread
    m_ui->cancelRunButton->setEnabled(false);
    m_ui->summaryLabel->setText(tr("Stopping: no new target starts; the running ones are cancelled…"));
}

void FleetRunDialog::onTargetsResolved(quint64 requestId, const QStringList &labels)
{
    if (requestId != m_request)
        return;
    m_model->setTargets(labels);
    m_ui->progressBar->setRange(0, int(labels.size()));
    m_ui->progressBar->setValue(0);
    updateSummary();
}

void FleetRunDialog::onTargetStarted(quint64 requestId, int index)
{
    if (requestId != m_request)
        return;
    m_model->setRunning(index);
    updateSummary();
}

void FleetRunDialog::onTargetFinished(quint64 requestId, int index, const FleetRunner::Outcome &outcome)
{
    if (requestId != m_request)
        return;
    FleetRunModel::Row row;
    row.label = outcome.label;
    row.state = stateOf(outcome.state);
    row.before = outcome.appliedBefore;
    row.after = outcome.appliedAfter;
    row.milliseconds = outcome.milliseconds;
    QStringList detail = outcome.problems;
    if (outcome.error)
        detail.prepend(outcome.error->toString());
    row.detail = detail.join(QLatin1Char('\n'));
    m_model->setFinished(index, row);
    m_ui->progressBar->setValue(m_model->doneCount());
    updateSummary();
}

void FleetRunDialog::onFinished(quint64 requestId, const QString &error)
{
    if (requestId != m_request)
        return;
    m_request = 0;
    m_model->finishRun();
    if (m_ui->progressBar->maximum() == 0)
        m_ui->progressBar->setRange(0, 1);
    if (!error.isEmpty())
        m_ui->summaryLabel->setText(error);
    else
        updateSummary();
    updateButtons();
    Q_EMIT runFinished(error);
}

void FleetRunDialog::updateSummary()
{
    m_ui->summaryLabel->setText(m_model->summary());
}

void FleetRunDialog::updateButtons()
{
    const bool running = isRunning();
    m_ui->runButton->setEnabled(!running && !m_ui->targetsEdit->text().trimmed().isEmpty());
    m_ui->cancelRunButton->setEnabled(m_request != 0);
    m_ui->targetsEdit->setEnabled(!running);
    m_ui->targetsButton->setEnabled(!running);
    m_ui->actionCombo->setEnabled(!running);
    m_ui->concurrencySpinBox->setEnabled(!running);
    m_ui->canarySpinBox->setEnabled(!running);
}

void FleetRunDialog::closeEvent(QCloseEvent *event)
{
    // Closing while a run goes on would only hide it: ask it to stop instead.
    if (m_request != 0) {
        stop();
        event->ignore();
        return;
    }
    QDialog::closeEvent(event);
}

void FleetRunDialog::reject()
{
    if (m_request != 0) {
        stop();
        return;
    }
    QDialog::reject();
}
