#include "SchemaBrowser.h"

#include "PgSqlLexer.h"
#include "SchemaMarkDelegate.h"
#include "Session.h"
#include "SqlDiffView.h"
#include "schema/SchemaDiff.h"
#include "secrets/SecretStore.h"
#include "service/SchemaWorker.h"
#include "settings/ProfileStore.h"
#include "ui_SchemaBrowser.h"

#include <Qsci/qsciscintilla.h>

#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QTextDocument>

namespace {

// Where each of the database's objects came from, by blame; `applied` (history
// names) are the migrations the database has.
QHash<QString, SchemaTreeModel::Origin> originsFrom(
    const SchemaBlame &blame, const SchemaObjects &database, const QStringList &applied)
{
    using Origin = SchemaTreeModel::Origin;
    QHash<QString, Origin> origins;
    const QStringList files = blame.files();
    auto label = [&](const QString &historyName) {
        const int index = blame.migrationIndex(historyName);
        return index < 0 ? historyName : QFileInfo(files.value(index)).completeBaseName();
    };
    const SchemaBlame made = blame.restrictedTo(applied);
    for (const SchemaObject &o : database.objects()) {
        Origin origin;
        origin.createdBy = made.createdBy(o.key());
        origin.createdByLabel = origin.createdBy.isEmpty() ? QString() : label(origin.createdBy);
        for (const QString &name : made.changedBy(o.key()))
            origin.changedBy << label(name);
        if (!origin.createdBy.isEmpty() || !origin.changedBy.isEmpty())
            origins.insert(o.key(), origin);
    }
    for (const SchemaBlame::Drift &d : blame.drift(database, applied)) {
        Origin &origin = origins[d.key];
        if (d.reason == SchemaBlame::Drift::Reason::NotMade) {
            origin = Origin();
            origin.drift = true;
        } else {
            origin.changedOutside = true;
        }
    }
    return origins;
}

// What one migration does, as marks on the tree.
QList<SchemaTreeModel::Mark> marksFrom(const QList<SchemaBlame::Event> &events)
{
    using Mark = SchemaTreeModel::Mark;
    QList<Mark> marks;
    for (const SchemaBlame::Event &e : events) {
        Mark mark;
        switch (e.action) {
        case SchemaBlame::Event::Action::Created:
            mark.action = Mark::Action::Created;
            break;
        case SchemaBlame::Event::Action::Dropped:
            mark.action = Mark::Action::Dropped;
            break;
        case SchemaBlame::Event::Action::Changed:
            mark.action = Mark::Action::Changed;
            break;
        }
        mark.dataLoss = e.dataLoss;
        mark.details = e.details;
        mark.object = e.object;
        marks << mark;
    }
    return marks;
}

} // namespace

SchemaBrowser::SchemaBrowser(Session *session, SchemaWorker *worker, SecretStore *secrets, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::SchemaBrowser>())
    , m_session(session)
    , m_worker(worker)
    , m_secrets(secrets)
    , m_model(new SchemaTreeModel(this))
    , m_filter(new QSortFilterProxyModel(this))
{
    m_ui->setupUi(this);
    m_filter->setSourceModel(m_model);
    m_filter->setFilterRole(SchemaTreeModel::SearchRole);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    // A column matches its table's row too: groups and parents of a match stay.
    m_filter->setRecursiveFilteringEnabled(true);
    m_ui->schemaTree->setModel(m_filter);
    m_ui->schemaTree->setItemDelegate(new SchemaMarkDelegate(m_ui->schemaTree));
    m_ui->schemaTree->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_ui->schemaTree->header()->resizeSection(SchemaTreeModel::NameColumn, 220);
    m_ui->schemaTree->header()->resizeSection(SchemaTreeModel::DetailColumn, 170);
    m_ui->schemaTree->header()->resizeSection(SchemaTreeModel::OriginColumn, 260);

    m_ddlEdit = new QsciScintilla(m_ui->ddlStack);
    m_ddlEdit->setObjectName(QStringLiteral("ddlTextEdit"));
    m_ddlEdit->setUtf8(true);
    m_ddlEdit->setReadOnly(true);
    m_ddlEdit->setWrapMode(QsciScintilla::WrapWord);
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setPointSizeF(std::max(font.pointSizeF(), 10.0));
    auto *lexer = new PgSqlLexer(m_ddlEdit);
    lexer->setEditorFont(font);
    m_ddlEdit->setLexer(lexer);
    m_ddlEdit->setMarginWidth(1, 0);
    m_diffView = new SqlDiffView(m_ui->ddlStack);
    m_ui->ddlStack->addWidget(m_ddlEdit);
    m_ui->ddlStack->addWidget(m_diffView);
    m_ui->browserSplitter->setStretchFactor(0, 3);
    m_ui->browserSplitter->setStretchFactor(1, 2);

    connect(m_ui->filterLineEdit, &QLineEdit::textChanged, this, &SchemaBrowser::setFilterText);
    connect(m_ui->reloadButton, &QToolButton::clicked, this, &SchemaBrowser::reload);
    connect(m_ui->schemaTree->selectionModel(), &QItemSelectionModel::currentChanged, this,
        &SchemaBrowser::showSelected);
    connect(m_ui->objectLabel, &QLabel::linkActivated, this, [this](const QString &link) {
        if (link.startsWith(QLatin1String("migration:")))
            Q_EMIT migrationActivated(link.mid(10));
    });
    connect(m_worker, &SchemaWorker::schemaRead, this, &SchemaBrowser::onSchemaRead);
    connect(m_worker, &SchemaWorker::schemaBlamed, this, &SchemaBrowser::onSchemaBlamed);
    connect(m_ui->compareComboBox, &QComboBox::activated, this,
        [this](int index) { compareWith(m_ui->compareComboBox->itemData(index).toString()); });
    connect(m_secrets, &SecretStore::passwordRead, this, [this](const QString &key, const QString &password) {
        const std::optional<ConnectionProfile> profile = ProfileStore().find(m_compareProfileId);
        if (m_compareProfileId.isEmpty() || !profile || key != profile->keychainKey())
            return;
        m_compareProfileId.clear();
        ConnectionSettings settings = profile->connection;
        settings.password = password;
        compareWithConnection(settings, profile->name);
    });
    connect(m_secrets, &SecretStore::failed, this,
        [this](const QString &key, SecretStore::Operation, SecretStore::Failure, const QString &) {
            const std::optional<ConnectionProfile> profile = ProfileStore().find(m_compareProfileId);
            if (m_compareProfileId.isEmpty() || !profile || key != profile->keychainKey())
                return;
            // No password stored: libpq may still find one (PGPASSWORD, ~/.pgpass).
            m_compareProfileId.clear();
            compareWithConnection(profile->connection, profile->name);
        });
    connect(m_session, &Session::profileChanged, this, [this] {
        m_model->clear();
        m_lastRead = {};
        m_compareMarks.clear();
        m_compareLabel.clear();
        m_previewMarks.clear();
        m_previewMigration.clear();
        m_blame.reset();
        m_blameRequest = 0;
        m_blameText.clear();
        m_ui->statusLabel->setText(tr("Not connected"));
        updateCompareChoices();
    });
    updateCompareChoices();
}

SchemaBrowser::~SchemaBrowser() = default;

void SchemaBrowser::updateCompareChoices()
{
    m_ui->compareComboBox->clear();
    m_ui->compareComboBox->addItem(tr("No comparison"), QString());
    const QString current = m_session->hasProfile() ? m_session->profile()->id : QString();
    for (const ConnectionProfile &profile : ProfileStore().profiles())
        if (profile.id != current)
            m_ui->compareComboBox->addItem(tr("Compare with %1").arg(profile.name), profile.id);
}

void SchemaBrowser::reload()
{
    if (!m_session->hasProfile() || !m_session->isConnected()) {
        m_ui->statusLabel->setText(tr("Not connected"));
        return;
    }
    const quint64 id = m_readRequest = SchemaWorker::nextRequestId();
    m_ui->statusLabel->setText(tr("Reading the schema of %1…").arg(m_session->profile()->name));
    QMetaObject::invokeMethod(m_worker,
        [worker = m_worker, id, settings = m_session->connection(), history = m_session->profile()->history] {
            worker->readSchema(id, settings, history);
        });
    requestBlame();
}

void SchemaBrowser::setProject(const QString &migrationsDirectory, const QStringList &appliedMigrations)
{
    if (migrationsDirectory != m_migrationsDirectory) {
        m_blame.reset();
        m_blameText.clear();
    }
    m_migrationsDirectory = migrationsDirectory;
    m_appliedMigrations = appliedMigrations;
    updateOrigins();
}

void SchemaBrowser::requestBlame()
{
    if (m_migrationsDirectory.isEmpty() || !m_session->hasProfile() || !m_session->isConnected())
        return;
    const quint64 id = m_blameRequest = SchemaWorker::nextRequestId();
    if (!m_blame)
        m_blameText = tr("replaying the migrations for blame…");
    // Queued behind the schema read on the worker's thread: the tree comes
    // first, where each object came from a moment later (at once when cached).
    QMetaObject::invokeMethod(m_worker,
        [worker = m_worker, id, folder = m_migrationsDirectory, settings = m_session->connection(),
            history = m_session->profile()->history] {
            worker->blameMigrations(id, folder, history, settings, true);
        });
}

void SchemaBrowser::onSchemaBlamed(quint64 requestId, const SchemaBlameRead &read)
{
    if (requestId != m_blameRequest)
        return;
    m_blameRequest = 0;
    if (read.error) {
        m_blameText = tr("no blame: %1").arg(read.error->message);
        updateStatus();
        Q_EMIT blameLoaded(false);
        return;
    }
    m_blame = read.blame;
    const qsizetype count = read.blame.migrations().size();
    const QString migrations = count == 1 ? tr("1 migration") : tr("%1 migrations").arg(count);
    m_blameText = read.cached
        ? tr("blame of %1 from the cache").arg(migrations)
        : tr("blame of %1 replayed in %2 s")
              .arg(migrations, QLocale().toString(double(read.milliseconds) / 1000.0, 'f', 1));
    updateOrigins();
    updateStatus();
    if (!m_wantedPreview.isEmpty())
        previewMigration(m_wantedPreview);
    Q_EMIT blameLoaded(true);
}

void SchemaBrowser::updateOrigins()
{
    if (!m_blame || m_lastRead.objects.count() == 0)
        return;
    setOrigins(originsFrom(*m_blame, m_lastRead.objects, m_appliedMigrations));
}

void SchemaBrowser::updateStatus()
{
    QStringList parts { m_readText };
    if (!m_previewMigration.isEmpty()) {
        // "previewing 1700000000003-DropNote: 0 created, 1 changed, 1 dropped (loses data)"
        int created = 0;
        int changed = 0;
        int dropped = 0;
        bool loss = false;
        for (const SchemaTreeModel::Mark &mark : std::as_const(m_previewMarks)) {
            created += mark.action == SchemaTreeModel::Mark::Action::Created ? 1 : 0;
            changed += mark.action == SchemaTreeModel::Mark::Action::Changed ? 1 : 0;
            dropped += mark.action == SchemaTreeModel::Mark::Action::Dropped ? 1 : 0;
            loss = loss || mark.dataLoss;
        }
        const int index = m_blame ? m_blame->migrationIndex(m_previewMigration) : -1;
        const QString name
            = index < 0 ? m_previewMigration : QFileInfo(m_blame->files().value(index)).completeBaseName();
        parts << tr("previewing %1: %2 created, %3 changed, %4 dropped%5")
                     .arg(name)
                     .arg(created)
                     .arg(changed)
                     .arg(dropped)
                     .arg(loss ? tr(" (loses data)") : QString());
    } else if (!m_blameText.isEmpty()) {
        parts << m_blameText;
    }
    parts.removeAll(QString());
    m_ui->statusLabel->setText(parts.join(QStringLiteral(" · ")));
}

void SchemaBrowser::previewMigration(const QString &historyName)
{
    m_wantedPreview = historyName;
    if (historyName.isEmpty()) {
        setPreview(QString(), {});
        return;
    }
    if (!m_blame || m_blame->migrationIndex(historyName) < 0)
        return; // when blame arrives
    m_wantedPreview.clear();
    setPreview(historyName, marksFrom(m_blame->changesBy(historyName)));
}

void SchemaBrowser::onSchemaRead(quint64 requestId, const SchemaRead &read)
{
    if (requestId == m_compareRequest) {
        m_compareRequest = 0;
        showComparison(read);
        return;
    }
    if (requestId != m_readRequest)
        return;
    m_readRequest = 0;
    if (read.error) {
        m_ui->statusLabel->setText(tr("The schema could not be read: %1").arg(read.error->message));
        Q_EMIT schemaLoaded(false);
        return;
    }
    const QString selected = selectedKey();
    m_lastRead = read;
    m_model->setSchema(read.objects, read.tableSizes);
    m_readText
        = tr("%1 objects in %2 tables, read in %3 s")
              .arg(QLocale().toString(read.objects.count()), QLocale().toString(read.model.tables.size()),
                  QLocale().toString(double(read.milliseconds) / 1000.0, 'f', 2));
    updateStatus();
    updateOrigins();
    applyMarks();
    if (!selected.isEmpty())
        selectObject(selected);
    Q_EMIT schemaLoaded(true);
}

void SchemaBrowser::setOrigins(const QHash<QString, SchemaTreeModel::Origin> &origins)
{
    const QString selected = selectedKey();
    m_model->setOrigins(origins);
    if (!selected.isEmpty())
        selectObject(selected);
}

void SchemaBrowser::setPreview(const QString &migration, const QList<SchemaTreeModel::Mark> &marks)
{
    m_previewMigration = marks.isEmpty() ? QString() : migration;
    m_previewMarks = marks;
    applyMarks();
    updateStatus();
}

void SchemaBrowser::compareWith(const QString &profileId)
{
    if (profileId.isEmpty()) {
        m_compareMarks.clear();
        m_compareLabel.clear();
        m_compareRequest = 0;
        applyMarks();
        return;
    }
    const std::optional<ConnectionProfile> profile = ProfileStore().find(profileId);
    if (!profile)
        return;
    m_compareProfileId = profileId;
    m_ui->statusLabel->setText(tr("Reading the password of %1 from the keychain…").arg(profile->name));
    m_secrets->readPassword(profile->keychainKey());
}

void SchemaBrowser::compareWithConnection(const ConnectionSettings &other, const QString &label)
{
    m_compareLabel = label;
    const quint64 id = m_compareRequest = SchemaWorker::nextRequestId();
    m_ui->statusLabel->setText(tr("Reading the schema of %1…").arg(label));
    const HistoryTable history = m_session->hasProfile() ? m_session->profile()->history : HistoryTable {};
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, id, other, history] { worker->readSchema(id, other, history); });
}

void SchemaBrowser::showComparison(const SchemaRead &other)
{
    if (other.error) {
        m_ui->statusLabel->setText(
            tr("The schema of %1 could not be read: %2").arg(m_compareLabel, other.error->message));
        m_compareLabel.clear();
        Q_EMIT comparisonLoaded(false);
        return;
    }
    // Which objects differ comes from the two lists (same key, other
    // fingerprint); what the difference is, in words, from the schema diff.
    const SchemaObjects &here = m_lastRead.objects;
    const SchemaObjects &there = other.objects;
    QHash<QString, QStringList> details;
    const SchemaDiff diff = SchemaDiff::compare(m_lastRead.model, other.model);
    for (const SchemaChange &change : diff.changes()) {
        QString key = there.keyOf(change);
        if (key.isEmpty())
            key = here.keyOf(change);
        details[key] << change.description;
    }
    m_compareMarks.clear();
    for (const SchemaObject &o : here.objects()) {
        SchemaTreeModel::Mark mark;
        mark.object = o;
        mark.details = details.value(o.key());
        if (const SchemaObject *theirs = there.find(o.key())) {
            if (theirs->fingerprint == o.fingerprint)
                continue;
            mark.action = SchemaTreeModel::Mark::Action::Differs;
            mark.otherDdl = theirs->ddl;
        } else {
            mark.action = SchemaTreeModel::Mark::Action::OnlyHere;
        }
        m_compareMarks << mark;
    }
    for (const SchemaObject &o : there.objects()) {
        if (here.find(o.key()))
            continue;
        SchemaTreeModel::Mark mark;
        mark.action = SchemaTreeModel::Mark::Action::OnlyOther;
        mark.object = o;
        mark.otherDdl = o.ddl;
        m_compareMarks << mark;
    }
    applyMarks();
    m_ui->statusLabel->setText(
        tr("Compared with %1: %n object(s) differ", nullptr, int(m_compareMarks.size())).arg(m_compareLabel));
    Q_EMIT comparisonLoaded(true);
}

void SchemaBrowser::applyMarks()
{
    const QString selected = selectedKey();
    // A preview is about this database; while one is shown it wins over a comparison.
    m_model->setMarks(m_previewMarks.isEmpty() ? m_compareMarks : m_previewMarks);
    if (!m_model->markCount()) {
        m_ui->schemaTree->collapseAll();
    } else {
        // Open the way to every marked object.
        for (const SchemaTreeModel::Mark &mark : m_previewMarks.isEmpty() ? m_compareMarks : m_previewMarks) {
            QModelIndex index = m_filter->mapFromSource(m_model->indexOfKey(mark.object.key()));
            for (QModelIndex up = index.parent(); up.isValid(); up = up.parent())
                m_ui->schemaTree->expand(up);
        }
    }
    if (!selected.isEmpty())
        selectObject(selected);
}

void SchemaBrowser::setFilterText(const QString &text)
{
    if (m_ui->filterLineEdit->text() != text)
        m_ui->filterLineEdit->setText(text);
    m_filter->setFilterFixedString(text.trimmed());
    if (!text.trimmed().isEmpty())
        m_ui->schemaTree->expandAll();
}

bool SchemaBrowser::selectObject(const QString &key)
{
    const QModelIndex index = m_filter->mapFromSource(m_model->indexOfKey(key));
    if (!index.isValid())
        return false;
    for (QModelIndex up = index.parent(); up.isValid(); up = up.parent())
        m_ui->schemaTree->expand(up);
    m_ui->schemaTree->setCurrentIndex(index);
    m_ui->schemaTree->scrollTo(index);
    showSelected();
    return true;
}

QString SchemaBrowser::selectedKey() const
{
    return m_ui->schemaTree->currentIndex().data(SchemaTreeModel::KeyRole).toString();
}

void SchemaBrowser::showSelected()
{
    const QModelIndex current = m_ui->schemaTree->currentIndex();
    const QModelIndex source = m_filter->mapToSource(current);
    const SchemaObject *o = m_model->object(source);
    if (!o) {
        m_ui->objectLabel->clear();
        m_ddlEdit->clear();
        m_ui->ddlStack->setCurrentWidget(m_ddlEdit);
        return;
    }
    auto cell = [&](int column) { return source.siblingAtColumn(column).data().toString(); };
    QStringList parts {
        QStringLiteral("<b>%1</b> %2").arg(o->kind.toHtmlEscaped(), o->identity.toHtmlEscaped())
    };
    if (const QString detail = cell(SchemaTreeModel::DetailColumn); !detail.isEmpty())
        parts << detail.toHtmlEscaped();
    const QString origin = cell(SchemaTreeModel::OriginColumn);
    const QString madeBy = source.data(SchemaTreeModel::OriginMigrationRole).toString();
    if (!madeBy.isEmpty()) {
        parts << QStringLiteral("<a href=\"migration:%1\">%2</a>")
                     .arg(madeBy.toHtmlEscaped(), origin.toHtmlEscaped());
    } else if (!origin.isEmpty()) {
        parts << QStringLiteral("<i>%1</i>").arg(origin.toHtmlEscaped());
    }
    if (const QString change = cell(SchemaTreeModel::ChangeColumn); !change.isEmpty())
        parts << QStringLiteral("<b>%1</b>").arg(change.toHtmlEscaped());
    if (!o->comment.isEmpty())
        parts << QStringLiteral("<i>%1</i>").arg(o->comment.toHtmlEscaped());
    m_ui->objectLabel->setText(parts.join(QStringLiteral(" · ")));

    const QString otherDdl = source.data(SchemaTreeModel::OtherDdlRole).toString();
    const int mark = source.data(SchemaTreeModel::MarkRole).toInt();
    const bool ghost = mark == int(SchemaTreeModel::Mark::Action::OnlyOther);
    if (!m_compareLabel.isEmpty() && m_previewMarks.isEmpty() && mark >= 0) {
        const QString here = m_session->hasProfile() ? m_session->profile()->name : tr("this database");
        m_diffView->setTexts(here, ghost ? QString() : o->ddl, m_compareLabel, otherDdl);
        m_ui->ddlStack->setCurrentWidget(m_diffView);
        return;
    }
    m_ddlEdit->setText(o->ddl);
    m_ui->ddlStack->setCurrentWidget(m_ddlEdit);
}

QString SchemaBrowser::shownDdl() const
{
    return isShowingDiff() ? m_diffView->rightTextEdit()->text() : m_ddlEdit->text();
}

QString SchemaBrowser::objectText() const
{
    QTextDocument document;
    document.setHtml(m_ui->objectLabel->text());
    return document.toPlainText();
}

bool SchemaBrowser::isShowingDiff() const
{
    return m_ui->ddlStack->currentWidget() == m_diffView;
}

QString SchemaBrowser::statusText() const
{
    return m_ui->statusLabel->text();
}
