#include "GenerateMigrationDialog.h"

#include "DiffDialog.h"
#include "service/MigrationGenerator.h"
#include "service/SchemaWorker.h"
#include "ui_GenerateMigrationDialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QMessageBox>
#include <QPushButton>

GenerateMigrationDialog::GenerateMigrationDialog(SchemaWorker *worker, const QString &migrationsFolder,
    const HistoryTable &history, const ConnectionSettings *connection, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::GenerateMigrationDialog>())
    , m_migrationsFolder(migrationsFolder)
    , m_history(history)
    , m_worker(worker)
{
    m_ui->setupUi(this);
    if (connection) {
        m_connection = *connection;
        m_haveConnection = true;
    }
    for (QComboBox *combo : { m_ui->fromComboBox, m_ui->toComboBox }) {
        combo->addItem(tr("Migrations folder"), int(SourceKind::MigrationsFolder));
        if (m_haveConnection)
            combo->addItem(tr("Connected database"), int(SourceKind::ConnectedDatabase));
        combo->addItem(tr("Profile"), int(SourceKind::Profile));
        combo->addItem(tr("Schema file (.sql)"), int(SourceKind::SchemaFile));
        combo->addItem(tr("DSN (postgres://…)"), int(SourceKind::Dsn));
    }
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->upSqlEdit->setFont(fixed);
    m_ui->downSqlEdit->setFont(fixed);
    m_ui->splitter->setStretchFactor(1, 2);
    setSource(true, SourceKind::MigrationsFolder, migrationsFolder);
    setSource(false, m_haveConnection ? SourceKind::ConnectedDatabase : SourceKind::SchemaFile);

    connect(m_worker, &SchemaWorker::schemasCompared, this, &GenerateMigrationDialog::onCompared);
    connect(m_worker, &SchemaWorker::progressed, this, [this](quint64 requestId, const QString &message) {
        if (requestId == m_requestId)
            m_ui->statusLabel->setText(message);
    });

    connect(m_ui->compareButton, &QPushButton::clicked, this, &GenerateMigrationDialog::compare);
    connect(m_ui->sideBySideButton, &QPushButton::clicked, this, &GenerateMigrationDialog::showSideBySide);
    connect(m_ui->createButton, &QPushButton::clicked, this,
        [this] { createMigration(m_ui->nameLineEdit->text().trimmed()); });
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->fromBrowseButton, &QToolButton::clicked, this, [this] { browse(true); });
    connect(m_ui->toBrowseButton, &QToolButton::clicked, this, [this] { browse(false); });
    connect(m_ui->nameLineEdit, &QLineEdit::textChanged, this, &GenerateMigrationDialog::updateButtons);
    connect(m_ui->renameList, &QListWidget::itemChanged, this, &GenerateMigrationDialog::rebuildDiff);
    for (QComboBox *combo : { m_ui->fromComboBox, m_ui->toComboBox })
        connect(combo, &QComboBox::currentIndexChanged, this, [this, combo] {
            const auto kind = static_cast<SourceKind>(combo->currentData().toInt());
            const bool from = combo == m_ui->fromComboBox;
            QLineEdit *edit = from ? m_ui->fromLineEdit : m_ui->toLineEdit;
            edit->setEnabled(kind != SourceKind::ConnectedDatabase);
            (from ? m_ui->fromBrowseButton : m_ui->toBrowseButton)
                ->setEnabled(kind == SourceKind::MigrationsFolder || kind == SourceKind::SchemaFile);
            edit->setPlaceholderText(kind == SourceKind::Profile ? tr("profile name")
                    : kind == SourceKind::Dsn
                    ? tr("postgresql://user@host:5432/db (password from PGPASSWORD or ~/.pgpass)")
                    : kind == SourceKind::SchemaFile ? tr("schema.sql")
                                                     : QString());
        });
    updateButtons();
}

// A comparison in progress finishes on the window's schema thread (its shadow
// databases are dropped there); its answer goes nowhere.
GenerateMigrationDialog::~GenerateMigrationDialog() = default;

void GenerateMigrationDialog::setSource(bool from, SourceKind kind, const QString &parameter)
{
    QComboBox *combo = from ? m_ui->fromComboBox : m_ui->toComboBox;
    const int index = combo->findData(int(kind));
    if (index >= 0)
        combo->setCurrentIndex(index);
    (from ? m_ui->fromLineEdit : m_ui->toLineEdit)
        ->setText(
            kind == SourceKind::MigrationsFolder && parameter.isEmpty() ? m_migrationsFolder : parameter);
}

void GenerateMigrationDialog::setProfilePassword(const QString &profile, const QString &password)
{
    m_profilePasswords.insert(profile, password);
}

Result<SchemaSource> GenerateMigrationDialog::source(bool from) const
{
    QComboBox *combo = from ? m_ui->fromComboBox : m_ui->toComboBox;
    const QString text = (from ? m_ui->fromLineEdit : m_ui->toLineEdit)->text().trimmed();
    const auto kind = static_cast<SourceKind>(combo->currentData().toInt());
    const QString side = from ? tr("From") : tr("To");
    if (kind != SourceKind::ConnectedDatabase && text.isEmpty())
        return StrataError::make(
            StrataError::Kind::Usage, tr("%1: say which %2").arg(side, combo->currentText()));
    Result<SchemaSource> result = StrataError::make(StrataError::Kind::Usage, QString());
    switch (kind) {
    case SourceKind::MigrationsFolder:
        result = SchemaSource::migrationsFolder(text);
        break;
    case SourceKind::ConnectedDatabase:
        result = SchemaSource::connection(m_connection, tr("the connected database"));
        break;
    case SourceKind::Profile:
        result = SchemaSource::parse(QStringLiteral("profile:") + text, m_migrationsFolder);
        if (result && m_profilePasswords.contains(text)) {
            ConnectionSettings settings = result->connectionSettings();
            settings.password = m_profilePasswords.value(text);
            result->setConnectionSettings(settings);
        }
        break;
    case SourceKind::SchemaFile:
        result = SchemaSource::sqlFile(text);
        break;
    case SourceKind::Dsn:
        result = SchemaSource::parse(text, m_migrationsFolder);
        break;
    }
    if (result && result->kind() != SchemaSource::Kind::Profile)
        result->setHistory(m_history);
    return result;
}

void GenerateMigrationDialog::compare()
{
    Result<SchemaSource> from = source(true);
    Result<SchemaSource> to = source(false);
    if (!from || !to) {
        m_ui->statusLabel->setText((!from ? from.error() : to.error()).toString());
        Q_EMIT compared(false);
        return;
    }
    m_comparing = true;
    m_haveComparison = false;
    m_ui->statusLabel->setText(tr("Comparing…"));
    const quint64 id = m_requestId = SchemaWorker::nextRequestId();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, id, f = *from, t = *to] { worker->compareSchemas(id, f, t); });
    updateButtons();
}

void GenerateMigrationDialog::onCompared(quint64 requestId, const SchemaComparison &result)
{
    if (requestId != m_requestId)
        return; // an answer to a comparison the user has since replaced
    m_comparing = false;
    if (result.failed) {
        m_ui->statusLabel->setText(tr("Could not compare: %1").arg(result.error.toString()));
        updateButtons();
        Q_EMIT compared(false);
        return;
    }
    m_comparison = result;
    m_haveComparison = true;
    const SchemaDiff plain = SchemaDiff::compare(result.from, result.to);
    m_candidates = plain.renameCandidates();
    {
        const QSignalBlocker blocker(m_ui->renameList);
        m_ui->renameList->clear();
        for (const RenameCandidate &c : std::as_const(m_candidates)) {
            auto *item = new QListWidgetItem(tr("%1 %2 → %3").arg(c.objectKind, c.fromName, c.toName));
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Unchecked); // never guessed: the user decides
            m_ui->renameList->addItem(item);
        }
    }
    m_ui->renameLabel->setVisible(!m_candidates.isEmpty());
    m_ui->renameList->setVisible(!m_candidates.isEmpty());
    m_diff = plain;
    showDiff();
    Q_EMIT compared(true);
}

void GenerateMigrationDialog::setRenameAccepted(int row, bool accepted)
{
    if (QListWidgetItem *item = m_ui->renameList->item(row))
        item->setCheckState(accepted ? Qt::Checked : Qt::Unchecked); // itemChanged rebuilds
}

void GenerateMigrationDialog::rebuildDiff()
{
    if (!m_haveComparison)
        return;
    QList<RenameCandidate> accepted;
    for (int i = 0; i < m_ui->renameList->count() && i < m_candidates.size(); ++i)
        if (m_ui->renameList->item(i)->checkState() == Qt::Checked)
            accepted << m_candidates[i];
    const SchemaDiff plain = SchemaDiff::compare(m_comparison.from, m_comparison.to);
    m_diff = accepted.isEmpty() ? plain : plain.withRenames(accepted);
    showDiff();
}

void GenerateMigrationDialog::showDiff()
{
    m_ui->changeTree->clear();
    for (const SchemaChange &c : m_diff.changes()) {
        auto *item = new QTreeWidgetItem(m_ui->changeTree,
            { QStringLiteral("%1 %2").arg(c.objectKind, c.objectName), SchemaChange::kindName(c.kind),
                c.dataLoss ? tr("data loss") : QString() });
        item->setToolTip(0, c.description);
        if (c.dataLoss)
            item->setIcon(2, style()->standardIcon(QStyle::SP_MessageBoxWarning));
    }
    m_ui->changeTree->resizeColumnToContents(0);
    m_ui->upSqlEdit->setPlainText(m_diff.upSql());
    m_ui->downSqlEdit->setPlainText(m_diff.downSql());
    const QStringList notCompared = m_diff.notCompared();
    m_ui->notComparedLabel->setText(notCompared.isEmpty()
            ? QString()
            : tr("Not compared (kinds Strata does not compare yet): %1")
                  .arg(notCompared.join(QStringLiteral("; "))));
    m_ui->statusLabel->setText(m_diff.isEmpty()
            ? tr("No differences: %1 and %2 have the same schema.")
                  .arg(m_comparison.fromDescription, m_comparison.toDescription)
            : tr("%n change(s) from %1 to %2.", nullptr, int(m_diff.changes().size()))
                  .arg(m_comparison.fromDescription, m_comparison.toDescription));
    updateButtons();
}

void GenerateMigrationDialog::showSideBySide()
{
    if (!m_haveComparison)
        return;
    DiffDialog::show(this, m_comparison.fromDescription, MigrationGenerator::schemaSql(m_comparison.from),
        m_comparison.toDescription, MigrationGenerator::schemaSql(m_comparison.to));
}

bool GenerateMigrationDialog::createMigration(const QString &name)
{
    if (!m_haveComparison || name.isEmpty())
        return false;
    Result<QString> path = MigrationGenerator::write(
        m_migrationsFolder, name, m_diff, m_comparison.fromDescription, m_comparison.toDescription);
    if (!path) {
        m_ui->statusLabel->setText(path.error().toString());
        return false;
    }
    m_createdFile = *path;
    Q_EMIT migrationCreated(*path);
    accept();
    return true;
}

void GenerateMigrationDialog::browse(bool from)
{
    QComboBox *combo = from ? m_ui->fromComboBox : m_ui->toComboBox;
    QLineEdit *edit = from ? m_ui->fromLineEdit : m_ui->toLineEdit;
    const auto kind = static_cast<SourceKind>(combo->currentData().toInt());
    const QString chosen = kind == SourceKind::SchemaFile
        ? QFileDialog::getOpenFileName(this, tr("Schema File"), edit->text(), tr("SQL files (*.sql)"))
        : QFileDialog::getExistingDirectory(this, tr("Migrations Folder"), edit->text());
    if (!chosen.isEmpty())
        edit->setText(chosen);
}

void GenerateMigrationDialog::updateButtons()
{
    m_ui->compareButton->setEnabled(!m_comparing);
    m_ui->sideBySideButton->setEnabled(m_haveComparison && !m_comparing);
    m_ui->createButton->setEnabled(m_haveComparison && !m_comparing && !m_diff.isEmpty()
        && !m_ui->nameLineEdit->text().trimmed().isEmpty());
}
