// The schema browser dock driven through the main window, against the real
// test cluster: a real public schema (pagila) read into the tree and checked
// against the catalog, the filter, and a second database compared.
#include "SchemaBrowser.h"
#include "MainWindow.h"
#include "MigrationEditor.h"
#include "Screenshot.h"
#include "SqlDiffView.h"
#include "db/PgConnection.h"
#include "migration/MigrationSource.h"
#include "models/MigrationTableModel.h"
#include "models/SchemaTreeModel.h"
#include "project/TypeOrmShadowReader.h"
#include "runner/MigrationRunner.h"
#include "service/SchemaSource.h"
#include "support/DbProbe.h"
#include "support/MigrationFolder.h"
#include "support/QtPrinters.h"
#include "support/TestCluster.h"

#include <Qsci/qsciscintilla.h>

#include <QAbstractItemModelTester>
#include <QAbstractProxyModel>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>

#include <gtest/gtest.h>

namespace {

// Lists compare as text: a failure shows the names, one a line.
std::string lines(const QStringList &list)
{
    return list.join(u'\n').toStdString();
}

QString corpusFile(const QString &relative)
{
    return QStringLiteral(STRATA_SOURCE_DIR "/tests/schema/corpus/") + relative;
}

// Loads a schema file of the corpus (its roles first: they belong to the cluster).
::testing::AssertionResult loadSchema(const ConnectionSettings &settings, const QString &relative)
{
    Result<std::unique_ptr<PgConnection>> c = PgConnection::open(settings);
    if (!c)
        return ::testing::AssertionFailure() << c.error().toString().toStdString();
    QFile roles(QFileInfo(corpusFile(relative)).dir().filePath(QStringLiteral("ROLES")));
    if (roles.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : roles.readAll().split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            const QByteArray role = PgConnection::quoteIdentifier(QString::fromUtf8(line.trimmed())).toUtf8();
            (*c)->exec(
                "DO $$ BEGIN CREATE ROLE " + role + "; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
        }
    }
    if (Status s = SchemaSource::loadSqlFile(**c, corpusFile(relative)); !s)
        return ::testing::AssertionFailure() << s.error().toString().toStdString();
    return ::testing::AssertionSuccess();
}

class SchemaBrowserTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        STRATA_REQUIRE_CLUSTER();
        QSettings(QStringLiteral("Strata"), QStringLiteral("strata")).clear();
        m_settings = TestCluster::freshDatabase(QStringLiteral("browser"));
        m_probe = std::make_unique<DbProbe>(m_settings);
        m_window = std::make_unique<MainWindow>();
        m_window->resize(1400, 800);
        m_window->show();
        m_browser = m_window->schemaBrowser();
        ASSERT_NE(m_browser, nullptr);
        // The dock starts closed; the toolbar's Schema button opens it.
        auto *show = m_window->findChild<QAction *>(QStringLiteral("schemaBrowserAction"));
        ASSERT_NE(show, nullptr);
        EXPECT_FALSE(m_browser->isVisible());
        show->trigger();
        EXPECT_TRUE(m_browser->isVisible());
    }

    void TearDown() override { m_window.reset(); }

    // Connects the window and waits for the browser's first read.
    void connectAndRead()
    {
        ConnectionProfile p;
        p.id = QStringLiteral("test");
        p.name = QStringLiteral("Test cluster");
        p.connection = m_settings;
        p.connection.password.clear();
        p.migrationsDirectory = m_folder.path();
        QSignalSpy loaded(m_browser, &SchemaBrowser::schemaLoaded);
        ASSERT_TRUE(m_window->openMigrationsFolder(m_folder.path()));
        m_window->useProfile(p, m_settings.password);
        ASSERT_TRUE(loaded.wait(60000)) << m_browser->statusText().toStdString();
        ASSERT_TRUE(loaded.first().first().toBool()) << m_browser->statusText().toStdString();
    }

    // Applies the folder's migrations up to `target` the way the app lists
    // them (TypeORM files too), before the window connects.
    void applyUpTo(const QString &folder, const QString &target)
    {
        TypeOrmShadowReader::Options options;
        options.target = &m_settings;
        Result<TypeOrmShadowReader::Reading> reading = TypeOrmShadowReader::readFolder(folder, options);
        ASSERT_TRUE(reading.ok()) << reading.error().toString().toStdString();
        ASSERT_TRUE(reading->scan.problems.isEmpty())
            << reading->scan.problems.first().toString().toStdString();
        Result<std::unique_ptr<PgConnection>> c = PgConnection::open(m_settings);
        ASSERT_TRUE(c.ok()) << c.error().toString().toStdString();
        MigrationRunner runner(**c, RunOptions {});
        UpOptions up;
        up.target = target;
        const RunReport report = runner.up(reading->scan.migrations, up);
        ASSERT_FALSE(report.error) << report.error->toString().toStdString();
    }

    // Connects, then waits for blame (replayed or from the cache).
    void connectAndBlame()
    {
        QSignalSpy blamed(m_browser, &SchemaBrowser::blameLoaded);
        connectAndRead();
        if (m_browser->blame().has_value() && !m_browser->isBlaming())
            return;
        ASSERT_TRUE(blamed.wait(120000)) << m_browser->statusText().toStdString();
        ASSERT_TRUE(blamed.last().first().toBool()) << m_browser->statusText().toStdString();
    }

    // Selects the migration's row in the window's list, as a click does.
    void selectMigration(const QString &historyName)
    {
        auto *table = m_window->findChild<QTableView *>(QStringLiteral("migrationTable"));
        ASSERT_NE(table, nullptr);
        const int row = m_window->migrationModel()->rowOf(historyName);
        ASSERT_GE(row, 0) << historyName.toStdString();
        // Through the window's proxies (filter, decoration), outermost last.
        QList<QAbstractProxyModel *> proxies;
        for (auto *p = qobject_cast<QAbstractProxyModel *>(table->model()); p;
             p = qobject_cast<QAbstractProxyModel *>(p->sourceModel()))
            proxies.prepend(p);
        QModelIndex index = m_window->migrationModel()->index(row, 0);
        for (QAbstractProxyModel *p : std::as_const(proxies))
            index = p->mapFromSource(index);
        ASSERT_TRUE(index.isValid());
        table->setCurrentIndex(index);
    }

    // For the pictures: room for the "Made by" and "Change" columns.
    void widenTheDock()
    {
        auto *dock = m_window->findChild<QDockWidget *>(QStringLiteral("schemaDock"));
        ASSERT_NE(dock, nullptr);
        m_window->resizeDocks({ dock }, { 860 }, Qt::Horizontal);
    }

    QString cell(const char *key, int column)
    {
        return m_browser->model()->indexOfKey(QString::fromLatin1(key), column).data().toString();
    }

    QStringList keysOfKind(const QString &kind)
    {
        QStringList keys;
        std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
            SchemaTreeModel *model = m_browser->model();
            for (int row = 0; row < model->rowCount(parent); ++row) {
                const QModelIndex index = model->index(row, 0, parent);
                if (index.data(SchemaTreeModel::KindRole).toString() == kind)
                    keys << index.data(SchemaTreeModel::KeyRole).toString();
                walk(index);
            }
        };
        walk({});
        keys.sort();
        return keys;
    }

    QStringList catalog(const char *sql)
    {
        QStringList rows = m_probe->column(sql);
        rows.sort();
        return rows;
    }

    std::string catalogLines(const char *sql) { return lines(catalog(sql)); }

    ConnectionSettings m_settings;
    std::unique_ptr<DbProbe> m_probe;
    MigrationFolder m_folder;
    std::unique_ptr<MainWindow> m_window;
    SchemaBrowser *m_browser = nullptr;
};

} // namespace

TEST_F(SchemaBrowserTest, TheTreeOfARealSchemaHoldsWhatTheCatalogHolds)
{
    ASSERT_TRUE(loadSchema(m_settings, QStringLiteral("pagila/new.sql")));
    ASSERT_TRUE(m_probe->exec("INSERT INTO actor (first_name, last_name) SELECT 'A' || i, 'B' FROM "
                              "generate_series(1, 200) i; ANALYZE actor;"));
    m_folder.add(1700000000000, QStringLiteral("Nothing"), "SELECT 1;", "SELECT 1;");
    connectAndRead();
    QAbstractItemModelTester tester(
        m_browser->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);

    // Every table, partition and column, view, materialized view, function,
    // index, trigger and constraint the catalog lists for the user's schemas.
    EXPECT_EQ(lines(keysOfKind(QStringLiteral("table"))),
        catalogLines(
            "SELECT 'table ' || quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname = "
            "'public' AND c.relname <> 'migrations'"));
    const QStringList columns = keysOfKind(QStringLiteral("column"));
    EXPECT_EQ(lines(columns),
        catalogLines(
            "SELECT 'column ' || quote_ident(n.nspname) || '.' || quote_ident(c.relname) || '.' || "
            "quote_ident(a.attname) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN "
            "pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public' "
            "AND c.relname <> 'migrations' AND a.attnum > 0 AND NOT a.attisdropped AND NOT "
            "c.relispartition"));
    EXPECT_GT(columns.size(), 80);
    EXPECT_EQ(lines(keysOfKind(QStringLiteral("view"))),
        catalogLines(
            "SELECT 'view public.' || quote_ident(viewname) FROM pg_views WHERE schemaname = 'public'"));
    EXPECT_EQ(lines(keysOfKind(QStringLiteral("materialized view"))),
        catalogLines("SELECT 'materialized view public.' || quote_ident(matviewname) FROM pg_matviews"));
    EXPECT_EQ(lines(keysOfKind(QStringLiteral("function"))),
        catalogLines(
            "SELECT 'function public.' || quote_ident(p.proname) || '(' || "
            "pg_get_function_identity_arguments(p.oid) || ')' FROM pg_proc p JOIN pg_namespace n ON n.oid = "
            "p.pronamespace WHERE n.nspname = 'public' AND p.prokind = 'f'"));
    EXPECT_EQ(keysOfKind(QStringLiteral("aggregate")).size(),
        m_probe
            ->scalar("SELECT count(*) FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid JOIN "
                     "pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'")
            .toInt());
    EXPECT_EQ(lines(keysOfKind(QStringLiteral("index"))),
        // Indexes that back a constraint are listed as the constraint.
        catalogLines(
            "SELECT 'index public.' || quote_ident(c.relname) FROM pg_index i JOIN pg_class c ON c.oid = "
            "i.indexrelid WHERE c.relnamespace = 'public'::regnamespace AND i.indrelid::regclass::text <> "
            "'migrations' AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE "
            "k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))"));
    EXPECT_EQ(keysOfKind(QStringLiteral("trigger")).size(),
        m_probe
            ->scalar("SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT "
                     "t.tgisinternal AND c.relnamespace = 'public'::regnamespace AND t.tgparentid = 0")
            .toInt());
    EXPECT_EQ(keysOfKind(QStringLiteral("constraint")).size(),
        m_probe
            ->scalar("SELECT count(*) FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE "
                     "c.relnamespace = 'public'::regnamespace AND c.relname <> 'migrations' AND k.contype IN "
                     "('p', 'u', 'f', 'c', 'x') AND k.conislocal")
            .toInt());

    // A partition sits under its table.
    const QString partitionOf = m_probe->scalar(
        "SELECT quote_ident(parent.relname) FROM pg_inherits i JOIN pg_class parent ON parent.oid = "
        "i.inhparent "
        "JOIN pg_class child ON child.oid = i.inhrelid WHERE child.relname = 'payment_p2022_01'");
    ASSERT_EQ(partitionOf, QStringLiteral("payment"));
    const QModelIndex partition
        = m_browser->model()->indexOfKey(QStringLiteral("table public.payment_p2022_01"));
    ASSERT_TRUE(partition.isValid());
    EXPECT_EQ(partition.parent().data().toString().section(u' ', 0, 0), QStringLiteral("Partitions"));
    EXPECT_EQ(partition.parent().parent().data(SchemaTreeModel::KeyRole).toString(),
        QStringLiteral("table public.payment"));

    // The selected table: its DDL as the diff writes it, its size and its comment line.
    ASSERT_TRUE(m_browser->selectObject(QStringLiteral("table public.actor")));
    EXPECT_TRUE(m_browser->shownDdl().startsWith(QStringLiteral("CREATE TABLE public.actor (")))
        << m_browser->shownDdl().toStdString();
    EXPECT_TRUE(m_browser->shownDdl().contains(QStringLiteral("ADD CONSTRAINT actor_pkey PRIMARY KEY")));
    EXPECT_TRUE(m_browser->objectText().contains(QStringLiteral("rows")))
        << m_browser->objectText().toStdString();
    // A column shows its type.
    const QModelIndex column = m_browser->model()->indexOfKey(
        QStringLiteral("column public.actor.first_name"), SchemaTreeModel::DetailColumn);
    EXPECT_EQ(column.data().toString(), QStringLiteral("text not null"));
    screenshot(*m_window, "schema-browser.png");
}

TEST_F(SchemaBrowserTest, TheFilterKeepsTheWayToAMatchingColumn)
{
    ASSERT_TRUE(m_probe->exec("CREATE TABLE orders (id int PRIMARY KEY, discount_cents int);"
                              "CREATE TABLE customers (id int PRIMARY KEY, name text);"));
    m_folder.add(1700000000000, QStringLiteral("Nothing"), "SELECT 1;", "SELECT 1;");
    connectAndRead();
    m_browser->setFilterText(QStringLiteral("discount"));
    QSortFilterProxyModel *filter = m_browser->filterModel();
    QStringList shown;
    std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int row = 0; row < filter->rowCount(parent); ++row) {
            const QModelIndex index = filter->index(row, 0, parent);
            if (!index.data(SchemaTreeModel::KeyRole).toString().isEmpty())
                shown << index.data(SchemaTreeModel::KeyRole).toString();
            walk(index);
        }
    };
    walk({});
    EXPECT_EQ(lines(shown),
        lines(QStringList({ QStringLiteral("schema public"), QStringLiteral("table public.orders"),
            QStringLiteral("column public.orders.discount_cents") })));
}

TEST_F(SchemaBrowserTest, ASecondDatabaseIsMarkedWhereItDiffers)
{
    ASSERT_TRUE(m_probe->exec("CREATE TABLE orders (id int PRIMARY KEY, total int);"
                              "CREATE TABLE legacy (id int);"));
    ConnectionSettings other = TestCluster::freshDatabase(QStringLiteral("browserother"));
    DbProbe otherProbe(other);
    ASSERT_TRUE(otherProbe.exec("CREATE TABLE orders (id int PRIMARY KEY, total bigint, note text);"
                                "CREATE TABLE audit (id int);"));
    m_folder.add(1700000000000, QStringLiteral("Nothing"), "SELECT 1;", "SELECT 1;");
    connectAndRead();

    QSignalSpy compared(m_browser, &SchemaBrowser::comparisonLoaded);
    m_browser->compareWithConnection(other, QStringLiteral("staging"));
    ASSERT_TRUE(compared.wait(60000));
    ASSERT_TRUE(compared.first().first().toBool()) << m_browser->statusText().toStdString();

    SchemaTreeModel *model = m_browser->model();
    using Action = SchemaTreeModel::Mark::Action;
    auto markOf = [&](const char *key) {
        return model->indexOfKey(QString::fromLatin1(key)).data(SchemaTreeModel::MarkRole).toInt();
    };
    EXPECT_EQ(markOf("table public.audit"), int(Action::OnlyOther));
    EXPECT_EQ(markOf("table public.legacy"), int(Action::OnlyHere));
    EXPECT_EQ(markOf("column public.orders.total"), int(Action::Differs));
    EXPECT_EQ(markOf("column public.orders.note"), int(Action::OnlyOther));
    EXPECT_EQ(markOf("column public.orders.id"), -1);
    EXPECT_TRUE(model->indexOfKey(QStringLiteral("column public.orders.total"), SchemaTreeModel::ChangeColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("integer to bigint")));

    // The differing column's DDL, both sides.
    ASSERT_TRUE(m_browser->selectObject(QStringLiteral("column public.orders.total")));
    ASSERT_TRUE(m_browser->isShowingDiff());
    EXPECT_TRUE(m_browser->diffView()->leftTextEdit()->text().contains(QStringLiteral("total integer")));
    EXPECT_TRUE(m_browser->diffView()->rightTextEdit()->text().contains(QStringLiteral("total bigint")));
    screenshot(*m_window, "schema-compare.png");

    // No comparison: no marks.
    m_browser->compareWith(QString());
    EXPECT_EQ(model->markCount(), 0);
    EXPECT_FALSE(model->indexOfKey(QStringLiteral("table public.audit")).isValid());
}

// BoxyHQ's SAML Jackson (tests/typeorm/corpus, see SOURCES): its third
// migration adds jackson_store.namespace; three applied, the fourth pending.
TEST_F(SchemaBrowserTest, BlameNamesTheMigrationThatAddedAColumnAndMarksDrift)
{
    const QDir corpus(QStringLiteral(STRATA_SOURCE_DIR "/tests/typeorm/corpus/jackson/migrations"));
    for (const QString &file : corpus.entryList(QDir::Files))
        ASSERT_TRUE(QFile::copy(corpus.filePath(file), QDir(m_folder.path()).filePath(file)));
    applyUpTo(m_folder.path(), QStringLiteral("PgNamespace1692767993709"));
    ASSERT_TRUE(m_probe->exec("CREATE TABLE made_by_hand (id int)"));
    connectAndBlame();

    EXPECT_EQ(cell("column public.jackson_store.namespace", SchemaTreeModel::OriginColumn).toStdString(),
        "added by 1692767993709-pg_namespace");
    EXPECT_EQ(cell("column public.jackson_store.\"createdAt\"", SchemaTreeModel::OriginColumn).toStdString(),
        "added by 1644332647279-createdAt");
    EXPECT_TRUE(cell("table public.jackson_store", SchemaTreeModel::OriginColumn)
                    .startsWith(QStringLiteral("created by 1640877103193-Initial, changed by")))
        << cell("table public.jackson_store", SchemaTreeModel::OriginColumn).toStdString();
    // The fourth migration is pending: the column is not "changed" by it yet,
    // nor does its pending change count as drift.
    EXPECT_EQ(cell("table public.made_by_hand", SchemaTreeModel::OriginColumn),
        QStringLiteral("not made by any migration"));
    EXPECT_EQ(cell("column public.made_by_hand.id", SchemaTreeModel::OriginColumn),
        QStringLiteral("not made by any migration"));

    // The object line links the migration; following it opens the file.
    ASSERT_TRUE(m_browser->selectObject(QStringLiteral("column public.jackson_store.namespace")));
    auto *label = m_browser->findChild<QLabel *>(QStringLiteral("objectLabel"));
    ASSERT_NE(label, nullptr);
    EXPECT_TRUE(label->text().contains(QStringLiteral("href=\"migration:PgNamespace1692767993709\"")))
        << label->text().toStdString();
    Q_EMIT label->linkActivated(QStringLiteral("migration:PgNamespace1692767993709"));
    EXPECT_EQ(QFileInfo(m_window->editor()->filePath()).fileName(),
        QStringLiteral("1692767993709-pg_namespace.ts"));
    widenTheDock();
    screenshot(*m_window, "schema-blame.png");

    // A second connection reads the same blame from the cache.
    EXPECT_TRUE(m_browser->statusText().contains(QStringLiteral("blame of 4 migrations")))
        << m_browser->statusText().toStdString();
    m_window->refresh();
    QSignalSpy again(m_browser, &SchemaBrowser::blameLoaded);
    ASSERT_TRUE(again.wait(60000));
    EXPECT_TRUE(m_browser->statusText().contains(QStringLiteral("from the cache")))
        << m_browser->statusText().toStdString();
}

TEST_F(SchemaBrowserTest, APendingMigrationIsPreviewedWithItsDropsMarkedAsDataLoss)
{
    m_folder.add(1700000000001, QStringLiteral("CreateOrders"),
        "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10,2) NOT NULL, note text);",
        "DROP TABLE orders;");
    m_folder.add(1700000000002, QStringLiteral("AddDiscount"),
        "ALTER TABLE orders ADD COLUMN discount_cents integer NOT NULL DEFAULT 0;",
        "ALTER TABLE orders DROP COLUMN discount_cents;");
    m_folder.add(1700000000003, QStringLiteral("DropNote"), "ALTER TABLE orders DROP COLUMN note;",
        "ALTER TABLE orders ADD COLUMN note text;");
    m_folder.add(1700000000004, QStringLiteral("AddInvoices"),
        "CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint REFERENCES orders);",
        "DROP TABLE invoices;");
    applyUpTo(m_folder.path(), QStringLiteral("AddDiscount1700000000002"));
    connectAndBlame();
    SchemaTreeModel *model = m_browser->model();
    using Action = SchemaTreeModel::Mark::Action;
    auto markOf = [&](const char *key) {
        return model->indexOfKey(QString::fromLatin1(key)).data(SchemaTreeModel::MarkRole).toInt();
    };
    auto lossOf = [&](const char *key) {
        return model->indexOfKey(QString::fromLatin1(key)).data(SchemaTreeModel::DataLossRole).toBool();
    };
    EXPECT_EQ(markOf("column public.orders.note"), -1);

    selectMigration(QStringLiteral("DropNote1700000000003"));
    EXPECT_EQ(m_browser->previewedMigration(), QStringLiteral("DropNote1700000000003"));
    EXPECT_EQ(markOf("column public.orders.note"), int(Action::Dropped));
    EXPECT_TRUE(lossOf("column public.orders.note"));
    EXPECT_EQ(markOf("table public.orders"), int(Action::Changed));
    EXPECT_EQ(markOf("column public.orders.total"), -1);
    EXPECT_EQ(markOf("column public.orders.discount_cents"), -1);
    EXPECT_TRUE(
        cell("column public.orders.note", SchemaTreeModel::ChangeColumn).contains(QStringLiteral("drop")))
        << cell("column public.orders.note", SchemaTreeModel::ChangeColumn).toStdString();
    EXPECT_TRUE(m_browser->statusText().contains(
        QStringLiteral("previewing 1700000000003-DropNote: 0 created, 1 changed, 1 dropped (loses data)")))
        << m_browser->statusText().toStdString();
    ASSERT_TRUE(m_browser->selectObject(QStringLiteral("column public.orders.note")));
    widenTheDock();
    screenshot(*m_window, "schema-preview.png");

    // The next one creates a table the database does not have yet: shown
    // where it will be, with its DDL.
    selectMigration(QStringLiteral("AddInvoices1700000000004"));
    EXPECT_EQ(markOf("column public.orders.note"), -1);
    EXPECT_EQ(markOf("table public.invoices"), int(Action::Created));
    EXPECT_EQ(markOf("column public.invoices.order_id"), int(Action::Created));
    EXPECT_FALSE(lossOf("table public.invoices"));
    ASSERT_TRUE(m_browser->selectObject(QStringLiteral("table public.invoices")));
    EXPECT_TRUE(m_browser->shownDdl().contains(QStringLiteral("CREATE TABLE public.invoices")))
        << m_browser->shownDdl().toStdString();

    // An applied migration previews nothing.
    selectMigration(QStringLiteral("CreateOrders1700000000001"));
    EXPECT_TRUE(m_browser->previewedMigration().isEmpty());
    EXPECT_FALSE(model->indexOfKey(QStringLiteral("table public.invoices")).isValid());
    EXPECT_EQ(model->markCount(), 0);
}
