// The migration table model and its filter proxy, over statuses the planner
// made from parsed files and synthetic history rows: Qt's model contract,
// what each column and role shows, filtering, sorting, and 10,000 rows.
#include "models/MigrationTableModel.h"
#include "migration/MigrationFileParser.h"
#include "models/MigrationFilterProxyModel.h"
#include "planner/MigrationPlanner.h"
#include "support/QtPrinters.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QMutex>
#include <QSignalSpy>

#include <gtest/gtest.h>

#include <cstdio>

namespace {

const QString folder = QStringLiteral("/project/migrations");

Migration parsed(qint64 timestamp, const QString &name, const QByteArray &up = "SELECT 1;")
{
    const QString path = QStringLiteral("%1/%2-%3.sql").arg(folder).arg(timestamp).arg(name);
    const QByteArray text = "-- migrate:up\n" + up + "\n-- migrate:down\nSELECT 1;\n";
    Result<Migration> m = MigrationFileParser::parse(path, text);
    EXPECT_TRUE(m.ok()) << (m.ok() ? std::string() : m.error().toString().toStdString());
    return m.ok() ? *m : Migration {};
}

const QDateTime appliedTime = QDateTime(QDate(2023, 11, 14), QTime(22, 13, 20), Qt::UTC);

// A row as Strata records it: with a companion row (checksum, who, how long).
AppliedMigration recorded(qint64 id, const Migration &m, qint64 durationMs, const QString &checksum = {})
{
    AppliedMigration a;
    a.id = id;
    a.timestamp = m.timestamp;
    a.name = m.historyName();
    a.hasDetails = true;
    a.checksum = checksum.isEmpty() ? m.checksum : checksum;
    a.appliedAt = appliedTime.addSecs(id * 60);
    a.appliedBy = QStringLiteral("alice");
    a.durationMs = durationMs;
    a.toolVersion = QStringLiteral("0.1.0");
    return a;
}

// A row as TypeORM writes it: id, timestamp and name only.
AppliedMigration typeOrmRow(qint64 id, qint64 timestamp, const QString &name)
{
    AppliedMigration a;
    a.id = id;
    a.timestamp = timestamp;
    a.name = name + QString::number(timestamp);
    return a;
}

// One migration in each state, in timestamp order:
//   0 CreateUsers   applied (checksum ok, 12 ms)
//   1 AddEmail      applied by TypeORM (checksum unknown)
//   2 CreatePosts   edited (1520 ms)
//   3 DropLegacy    missing (history only)
//   4 AddIndex      out-of-order (older than the newest applied)
//   5 CreateTags    applied (9 ms)
//   6 SeedTags      pending
//   7 AddComments   pending
MigrationStatusList sampleStatuses()
{
    const MigrationList files = {
        parsed(1700000000001, QStringLiteral("CreateUsers"), "CREATE TABLE users (id int);"),
        parsed(1700000000002, QStringLiteral("AddEmail"), "ALTER TABLE users ADD email text;"),
        parsed(1700000000003, QStringLiteral("CreatePosts"), "CREATE TABLE posts (id int);"),
        parsed(1700000000005, QStringLiteral("AddIndex"), "CREATE INDEX ON users (email);"),
        parsed(1700000000006, QStringLiteral("CreateTags"), "CREATE TABLE tags (id int);"),
        parsed(1700000000007, QStringLiteral("SeedTags"), "INSERT INTO tags VALUES (1);"),
        parsed(1700000000008, QStringLiteral("AddComments"), "CREATE TABLE comments (id int);"),
    };
    AppliedMigration missing = recorded(4, parsed(1700000000004, QStringLiteral("DropLegacy")), 30);
    const AppliedMigrationList history = {
        recorded(1, files[0], 12),
        typeOrmRow(2, 1700000000002, QStringLiteral("AddEmail")),
        recorded(3, files[2], 1520,
            QStringLiteral("0000000000000000000000000000000000000000000000000000000000000000")),
        missing,
        recorded(5, files[4], 9),
    };
    return MigrationPlanner::statuses(files, history);
}

// QAbstractItemModelTester in Warning mode reports through the qt.modeltest
// category; collect those so a test can assert there were none.
class ModelTesterFailures
{
public:
    ModelTesterFailures()
    {
        s_instance = this;
        m_previous = qInstallMessageHandler(&ModelTesterFailures::handler);
    }
    ~ModelTesterFailures()
    {
        qInstallMessageHandler(m_previous);
        s_instance = nullptr;
    }
    QStringList messages() const
    {
        QMutexLocker lock(&m_mutex);
        return m_messages;
    }

private:
    static void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (s_instance && context.category && qstrcmp(context.category, "qt.modeltest") == 0) {
            QMutexLocker lock(&s_instance->m_mutex);
            s_instance->m_messages << message;
        }
        if (s_instance && s_instance->m_previous)
            s_instance->m_previous(type, context, message);
    }

    static inline ModelTesterFailures *s_instance = nullptr;
    QtMessageHandler m_previous = nullptr;
    mutable QMutex m_mutex;
    QStringList m_messages;
};

QString display(const QAbstractItemModel &model, int row, int column)
{
    return model.index(row, column).data().toString();
}

QStringList namesInOrder(const QAbstractItemModel &model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names << model.index(row, MigrationTableModel::NameColumn).data().toString();
    return names;
}

std::string joined(const QStringList &list)
{
    return list.join(QLatin1String(", ")).toStdString();
}

} // namespace

TEST(MigrationTableModelTest, PassesTheItemModelTesterThroughResetsFiltersAndSorts)
{
    ModelTesterFailures failures;
    MigrationTableModel model;
    QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    MigrationFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Warning);

    model.setStatuses(sampleStatuses());
    for (int column = 0; column < MigrationTableModel::ColumnCount; ++column) {
        proxy.sort(column, Qt::AscendingOrder);
        proxy.sort(column, Qt::DescendingOrder);
    }
    proxy.setFilterText(QStringLiteral("create"));
    proxy.setStateFilter(MigrationFilterProxyModel::ProblemsOnly);
    proxy.setFilterText(QString());
    proxy.setStateFilter(MigrationFilterProxyModel::PendingOnly);
    model.setStatuses(sampleStatuses().mid(0, 3));
    model.clear();
    model.setStatuses(sampleStatuses());
    proxy.setStateFilter(MigrationFilterProxyModel::AllStates);

    EXPECT_EQ(model.rowCount(), 8);
    EXPECT_EQ(proxy.rowCount(), 8);
    EXPECT_TRUE(failures.messages().isEmpty()) << joined(failures.messages());
}

TEST(MigrationTableModelTest, ResetSignalsWrapEverySetStatuses)
{
    MigrationTableModel model;
    QSignalSpy aboutToReset(&model, &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setStatuses(sampleStatuses());
    model.clear();
    EXPECT_EQ(aboutToReset.count(), 2);
    EXPECT_EQ(reset.count(), 2);
    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_EQ(model.columnCount(), int(MigrationTableModel::ColumnCount));
}

TEST(MigrationTableModelTest, DisplayTextPerColumn)
{
    MigrationTableModel model;
    model.setStatuses(sampleStatuses());
    ASSERT_EQ(model.rowCount(), 8);

    // Applied by Strata: every column filled.
    EXPECT_EQ(display(model, 0, MigrationTableModel::StateColumn), QStringLiteral("applied"));
    EXPECT_EQ(display(model, 0, MigrationTableModel::TimestampColumn), QStringLiteral("1700000000001"));
    EXPECT_EQ(display(model, 0, MigrationTableModel::NameColumn), QStringLiteral("CreateUsers"));
    EXPECT_EQ(display(model, 0, MigrationTableModel::AppliedAtColumn), QStringLiteral("2023-11-14 22:14:20"));
    EXPECT_EQ(display(model, 0, MigrationTableModel::AppliedByColumn), QStringLiteral("alice"));
    EXPECT_EQ(display(model, 0, MigrationTableModel::DurationColumn), QStringLiteral("12 ms"));
    EXPECT_EQ(display(model, 0, MigrationTableModel::ChecksumColumn), QStringLiteral("ok"));

    // Applied by TypeORM: nothing recorded beyond the name.
    EXPECT_EQ(display(model, 1, MigrationTableModel::StateColumn), QStringLiteral("applied"));
    EXPECT_EQ(display(model, 1, MigrationTableModel::AppliedAtColumn), QString());
    EXPECT_EQ(display(model, 1, MigrationTableModel::AppliedByColumn), QString());
    EXPECT_EQ(display(model, 1, MigrationTableModel::DurationColumn), QString());
    EXPECT_EQ(display(model, 1, MigrationTableModel::ChecksumColumn), QStringLiteral("unknown"));

    EXPECT_EQ(display(model, 2, MigrationTableModel::StateColumn), QStringLiteral("edited"));
    EXPECT_EQ(display(model, 2, MigrationTableModel::DurationColumn), QStringLiteral("1.52 s"));
    EXPECT_EQ(display(model, 2, MigrationTableModel::ChecksumColumn), QStringLiteral("differs"));

    // Missing: the name comes from the history, and there is no file to compare.
    EXPECT_EQ(display(model, 3, MigrationTableModel::StateColumn), QStringLiteral("missing"));
    EXPECT_EQ(display(model, 3, MigrationTableModel::NameColumn), QStringLiteral("DropLegacy1700000000004"));
    EXPECT_EQ(display(model, 3, MigrationTableModel::TimestampColumn), QStringLiteral("1700000000004"));
    EXPECT_EQ(display(model, 3, MigrationTableModel::DurationColumn), QStringLiteral("30 ms"));
    EXPECT_EQ(display(model, 3, MigrationTableModel::ChecksumColumn), QString());

    EXPECT_EQ(display(model, 4, MigrationTableModel::StateColumn), QStringLiteral("out-of-order"));
    EXPECT_EQ(display(model, 6, MigrationTableModel::StateColumn), QStringLiteral("pending"));
    for (int column = MigrationTableModel::AppliedAtColumn; column < MigrationTableModel::ColumnCount;
         ++column)
        EXPECT_EQ(display(model, 6, column), QString()) << column;
    EXPECT_EQ(display(model, 6, MigrationTableModel::NameColumn), QStringLiteral("SeedTags"));

    EXPECT_FALSE(model.index(0, MigrationTableModel::ColumnCount).isValid());
    EXPECT_FALSE(model.index(8, 0).isValid());
}

TEST(MigrationTableModelTest, RolesCarryStatePathsAndNumericSortKeys)
{
    MigrationTableModel model;
    model.setStatuses(sampleStatuses());
    const QModelIndex users = model.index(0, MigrationTableModel::NameColumn);
    EXPECT_EQ(users.data(MigrationTableModel::StateRole).toInt(), int(MigrationState::Applied));
    EXPECT_EQ(users.data(MigrationTableModel::FilePathRole).toString(),
        folder + QStringLiteral("/1700000000001-CreateUsers.sql"));
    EXPECT_EQ(users.data(MigrationTableModel::FileNameRole).toString(),
        QStringLiteral("1700000000001-CreateUsers.sql"));
    EXPECT_EQ(users.data(MigrationTableModel::HistoryNameRole).toString(),
        QStringLiteral("CreateUsers1700000000001"));
    EXPECT_TRUE(users.data(MigrationTableModel::IsAppliedRole).toBool());
    EXPECT_EQ(users.data(MigrationTableModel::ChecksumStateRole).toString(), QStringLiteral("ok"));

    const QModelIndex missing = model.index(3, MigrationTableModel::StateColumn);
    EXPECT_EQ(missing.data(MigrationTableModel::StateRole).toInt(), int(MigrationState::Missing));
    EXPECT_EQ(missing.data(MigrationTableModel::FilePathRole).toString(), QString());
    EXPECT_TRUE(missing.data(MigrationTableModel::IsAppliedRole).toBool());

    const QModelIndex pending = model.index(7, MigrationTableModel::StateColumn);
    EXPECT_EQ(pending.data(MigrationTableModel::StateRole).toInt(), int(MigrationState::Pending));
    EXPECT_FALSE(pending.data(MigrationTableModel::IsAppliedRole).toBool());
    EXPECT_EQ(pending.data(MigrationTableModel::ChecksumStateRole).toString(), QString());
    EXPECT_EQ(
        model.index(2, 0).data(MigrationTableModel::ChecksumStateRole).toString(), QStringLiteral("differs"));
    EXPECT_EQ(
        model.index(4, 0).data(MigrationTableModel::StateRole).toInt(), int(MigrationState::OutOfOrder));
    EXPECT_EQ(model.index(2, 0).data(MigrationTableModel::StateRole).toInt(), int(MigrationState::Edited));

    // Numbers sort as numbers.
    const QVariant timestamp
        = model.index(0, MigrationTableModel::TimestampColumn).data(MigrationTableModel::SortRole);
    EXPECT_EQ(timestamp.typeId(), QMetaType::LongLong);
    EXPECT_EQ(timestamp.toLongLong(), 1700000000001);
    const QVariant duration
        = model.index(2, MigrationTableModel::DurationColumn).data(MigrationTableModel::SortRole);
    EXPECT_EQ(duration.typeId(), QMetaType::LongLong);
    EXPECT_EQ(duration.toLongLong(), 1520);
    const QVariant appliedAt
        = model.index(0, MigrationTableModel::AppliedAtColumn).data(MigrationTableModel::SortRole);
    EXPECT_EQ(appliedAt.typeId(), QMetaType::LongLong);
    EXPECT_EQ(appliedAt.toLongLong(), appliedTime.addSecs(60).toMSecsSinceEpoch());
    EXPECT_EQ(
        model.index(7, MigrationTableModel::AppliedAtColumn).data(MigrationTableModel::SortRole).toLongLong(),
        -1);

    const QHash<int, QByteArray> roles = model.roleNames();
    EXPECT_EQ(roles.value(MigrationTableModel::StateRole), QByteArray("state"));
    EXPECT_EQ(roles.value(Qt::DisplayRole), QByteArray("display"));
}

TEST(MigrationTableModelTest, ToolTipsExplainTheStateAndWhatWasRecorded)
{
    MigrationTableModel model;
    model.setStatuses(sampleStatuses());
    auto tip = [&](int row, int column = MigrationTableModel::StateColumn) {
        return model.index(row, column).data(Qt::ToolTipRole).toString();
    };
    const QString applied = tip(0);
    EXPECT_TRUE(applied.startsWith(stateDescription(MigrationState::Applied))) << applied.toStdString();
    EXPECT_TRUE(applied.contains(folder + QStringLiteral("/1700000000001-CreateUsers.sql")));
    EXPECT_TRUE(applied.contains(QStringLiteral("2023-11-14 22:14:20 UTC by alice in 12 ms")))
        << applied.toStdString();

    const QString typeOrm = tip(1);
    EXPECT_TRUE(typeOrm.contains(QStringLiteral("records no checksum"))) << typeOrm.toStdString();

    const QString edited = tip(2, MigrationTableModel::ChecksumColumn);
    EXPECT_TRUE(edited.startsWith(stateDescription(MigrationState::Edited)));
    EXPECT_TRUE(edited.contains(QStringLiteral("Recorded checksum: 000000000000"))) << edited.toStdString();
    EXPECT_TRUE(edited.contains(QStringLiteral("File checksum: "))) << edited.toStdString();

    const QString missing = tip(3);
    EXPECT_TRUE(missing.startsWith(stateDescription(MigrationState::Missing)));
    EXPECT_TRUE(missing.contains(QStringLiteral("recorded as DropLegacy1700000000004")))
        << missing.toStdString();

    EXPECT_TRUE(tip(4).startsWith(stateDescription(MigrationState::OutOfOrder)));
    const QString pending = tip(7);
    EXPECT_TRUE(pending.startsWith(stateDescription(MigrationState::Pending)));
    EXPECT_FALSE(pending.contains(QStringLiteral("Applied"))) << pending.toStdString();
}

TEST(MigrationTableModelTest, HeadersNameEachColumn)
{
    MigrationTableModel model;
    QStringList headers;
    for (int column = 0; column < MigrationTableModel::ColumnCount; ++column)
        headers << model.headerData(column, Qt::Horizontal).toString();
    EXPECT_EQ(headers,
        QStringList({ QStringLiteral("State"), QStringLiteral("Timestamp"), QStringLiteral("Name"),
            QStringLiteral("Applied at (UTC)"), QStringLiteral("Applied by"), QStringLiteral("Duration"),
            QStringLiteral("Checksum"), QStringLiteral("Git") }));
    EXPECT_FALSE(model.headerData(0, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());
    EXPECT_FALSE(model.headerData(MigrationTableModel::ColumnCount, Qt::Horizontal).isValid());
}

TEST(MigrationTableModelTest, StatusAtRowOfAndCounts)
{
    MigrationTableModel model;
    EXPECT_EQ(model.statusAt(0), nullptr);
    model.setStatuses(sampleStatuses());
    ASSERT_NE(model.statusAt(2), nullptr);
    EXPECT_EQ(model.statusAt(2)->name, QStringLiteral("CreatePosts1700000000003"));
    EXPECT_EQ(model.statusAt(-1), nullptr);
    EXPECT_EQ(model.statusAt(8), nullptr);
    EXPECT_EQ(model.rowOf(QStringLiteral("DropLegacy1700000000004")), 3);
    EXPECT_EQ(model.rowOf(QStringLiteral("AddComments1700000000008")), 7);
    EXPECT_EQ(model.rowOf(QStringLiteral("Nope1")), -1);
    EXPECT_EQ(model.count(MigrationState::Applied), 3);
    EXPECT_EQ(model.count(MigrationState::Pending), 2);
    EXPECT_EQ(model.count(MigrationState::OutOfOrder), 1);
    EXPECT_EQ(model.count(MigrationState::Edited), 1);
    EXPECT_EQ(model.count(MigrationState::Missing), 1);
    model.clear();
    EXPECT_EQ(model.count(MigrationState::Applied), 0);
    EXPECT_EQ(model.rowOf(QStringLiteral("DropLegacy1700000000004")), -1);
}

TEST(MigrationTableModelTest, DurationsReadAsPeopleWriteThem)
{
    EXPECT_EQ(MigrationTableModel::formatDuration(0), QStringLiteral("0 ms"));
    EXPECT_EQ(MigrationTableModel::formatDuration(12), QStringLiteral("12 ms"));
    EXPECT_EQ(MigrationTableModel::formatDuration(999), QStringLiteral("999 ms"));
    EXPECT_EQ(MigrationTableModel::formatDuration(1000), QStringLiteral("1.00 s"));
    EXPECT_EQ(MigrationTableModel::formatDuration(1520), QStringLiteral("1.52 s"));
    EXPECT_EQ(MigrationTableModel::formatDuration(59990), QStringLiteral("59.99 s"));
    EXPECT_EQ(MigrationTableModel::formatDuration(125000), QStringLiteral("2 min 05 s"));
}

TEST(MigrationFilterProxyModelTest, TextFilterMatchesNameTimestampAndFileNameIgnoringCase)
{
    MigrationTableModel model;
    model.setStatuses(sampleStatuses());
    MigrationFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QSignalSpy changed(&proxy, &MigrationFilterProxyModel::filterChanged);

    proxy.setFilterText(QStringLiteral("users"));
    EXPECT_EQ(namesInOrder(proxy), QStringList({ QStringLiteral("CreateUsers") }));
    proxy.setFilterText(QStringLiteral("  TAGS "));
    EXPECT_EQ(proxy.filterText(), QStringLiteral("TAGS"));
    EXPECT_EQ(namesInOrder(proxy), QStringList({ QStringLiteral("CreateTags"), QStringLiteral("SeedTags") }));
    // The timestamp, also of a migration whose file is gone.
    proxy.setFilterText(QStringLiteral("1700000000004"));
    EXPECT_EQ(namesInOrder(proxy), QStringList({ QStringLiteral("DropLegacy1700000000004") }));
    // The file name as it appears in the folder.
    proxy.setFilterText(QStringLiteral("0005-addindex.SQL"));
    EXPECT_EQ(namesInOrder(proxy), QStringList({ QStringLiteral("AddIndex") }));
    proxy.setFilterText(QStringLiteral("no such migration"));
    EXPECT_EQ(proxy.rowCount(), 0);
    proxy.setFilterText(QString());
    EXPECT_EQ(proxy.rowCount(), 8);
    EXPECT_EQ(changed.count(), 6);
    // Setting the same text again changes nothing.
    proxy.setFilterText(QStringLiteral(" "));
    EXPECT_EQ(changed.count(), 6);
}

TEST(MigrationFilterProxyModelTest, StateFiltersSelectTheirStates)
{
    MigrationTableModel model;
    model.setStatuses(sampleStatuses());
    MigrationFilterProxyModel proxy;
    proxy.setSourceModel(&model);

    EXPECT_EQ(proxy.stateFilter(), MigrationFilterProxyModel::AllStates);
    EXPECT_EQ(proxy.rowCount(), 8);
    proxy.setStateFilter(MigrationFilterProxyModel::PendingOnly);
    EXPECT_EQ(namesInOrder(proxy),
        QStringList(
            { QStringLiteral("AddIndex"), QStringLiteral("SeedTags"), QStringLiteral("AddComments") }));
    proxy.setStateFilter(MigrationFilterProxyModel::AppliedOnly);
    EXPECT_EQ(namesInOrder(proxy),
        QStringList(
            { QStringLiteral("CreateUsers"), QStringLiteral("AddEmail"), QStringLiteral("CreateTags") }));
    proxy.setStateFilter(MigrationFilterProxyModel::ProblemsOnly);
    EXPECT_EQ(namesInOrder(proxy),
        QStringList({ QStringLiteral("CreatePosts"), QStringLiteral("DropLegacy1700000000004"),
            QStringLiteral("AddIndex") }));
    // Both filters at once.
    proxy.setFilterText(QStringLiteral("add"));
    EXPECT_EQ(namesInOrder(proxy), QStringList({ QStringLiteral("AddIndex") }));
    proxy.setStateFilter(MigrationFilterProxyModel::AllStates);
    EXPECT_EQ(namesInOrder(proxy),
        QStringList(
            { QStringLiteral("AddEmail"), QStringLiteral("AddIndex"), QStringLiteral("AddComments") }));

    // The filter survives a reload.
    model.setStatuses(sampleStatuses());
    EXPECT_EQ(proxy.rowCount(), 3);
}

TEST(MigrationFilterProxyModelTest, SortsBySortRoleNumbersAsNumbers)
{
    MigrationTableModel model;
    model.setStatuses(sampleStatuses());
    MigrationFilterProxyModel proxy;
    proxy.setSourceModel(&model);

    // 9, 12, 30, 1520 ms: as text "1520" would come before "30" and "9".
    proxy.setStateFilter(MigrationFilterProxyModel::AllStates);
    proxy.sort(MigrationTableModel::DurationColumn, Qt::DescendingOrder);
    EXPECT_EQ(namesInOrder(proxy).mid(0, 4),
        QStringList({ QStringLiteral("CreatePosts"), QStringLiteral("DropLegacy1700000000004"),
            QStringLiteral("CreateUsers"), QStringLiteral("CreateTags") }))
        << joined(namesInOrder(proxy));

    proxy.sort(MigrationTableModel::TimestampColumn, Qt::DescendingOrder);
    EXPECT_EQ(namesInOrder(proxy).first(), QStringLiteral("AddComments"));
    EXPECT_EQ(namesInOrder(proxy).last(), QStringLiteral("CreateUsers"));

    proxy.sort(MigrationTableModel::AppliedAtColumn, Qt::DescendingOrder);
    EXPECT_EQ(namesInOrder(proxy).mid(0, 4),
        QStringList({ QStringLiteral("CreateTags"), QStringLiteral("DropLegacy1700000000004"),
            QStringLiteral("CreatePosts"), QStringLiteral("CreateUsers") }))
        << joined(namesInOrder(proxy));

    // Names sort as text.
    proxy.sort(MigrationTableModel::NameColumn, Qt::AscendingOrder);
    EXPECT_EQ(namesInOrder(proxy),
        QStringList({ QStringLiteral("AddComments"), QStringLiteral("AddEmail"), QStringLiteral("AddIndex"),
            QStringLiteral("CreatePosts"), QStringLiteral("CreateTags"), QStringLiteral("CreateUsers"),
            QStringLiteral("DropLegacy1700000000004"), QStringLiteral("SeedTags") }))
        << joined(namesInOrder(proxy));

    // Equal keys stay in timestamp order, in both directions and whatever the
    // previous sort was (here: by name).
    proxy.sort(MigrationTableModel::StateColumn, Qt::AscendingOrder);
    EXPECT_EQ(namesInOrder(proxy).mid(0, 3),
        QStringList(
            { QStringLiteral("CreateUsers"), QStringLiteral("AddEmail"), QStringLiteral("CreateTags") }))
        << joined(namesInOrder(proxy));
    proxy.sort(MigrationTableModel::StateColumn, Qt::DescendingOrder);
    EXPECT_EQ(namesInOrder(proxy),
        QStringList({ QStringLiteral("DropLegacy1700000000004"), QStringLiteral("CreatePosts"),
            QStringLiteral("AddIndex"), QStringLiteral("SeedTags"), QStringLiteral("AddComments"),
            QStringLiteral("CreateUsers"), QStringLiteral("AddEmail"), QStringLiteral("CreateTags") }))
        << joined(namesInOrder(proxy));

    // Sorting survives a reload and a filter.
    proxy.sort(MigrationTableModel::TimestampColumn, Qt::DescendingOrder);
    model.setStatuses(sampleStatuses());
    proxy.setStateFilter(MigrationFilterProxyModel::PendingOnly);
    EXPECT_EQ(namesInOrder(proxy),
        QStringList(
            { QStringLiteral("AddComments"), QStringLiteral("SeedTags"), QStringLiteral("AddIndex") }));
}

TEST(MigrationTableModelTest, TenThousandRows)
{
    const Migration base = parsed(1700000000000, QStringLiteral("Base"), "CREATE TABLE t (id int);");
    const int count = 10000;
    MigrationList files;
    files.reserve(count);
    AppliedMigrationList history;
    for (int i = 0; i < count; ++i) {
        Migration m = base;
        m.timestamp = 1700000000000 + i;
        m.name = QStringLiteral("Migration%1").arg(i, 5, 10, QLatin1Char('0'));
        m.filePath = QStringLiteral("%1/%2-%3.sql").arg(folder).arg(m.timestamp).arg(m.name);
        if (i < count / 2)
            history.append(recorded(i + 1, m, i % 997));
        files.append(std::move(m));
    }
    QElapsedTimer timer;
    timer.start();
    const MigrationStatusList statuses = MigrationPlanner::statuses(files, history);
    const qint64 planMs = timer.restart();

    MigrationTableModel model;
    MigrationFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(MigrationTableModel::TimestampColumn, Qt::AscendingOrder);
    timer.restart();
    model.setStatuses(statuses);
    const qint64 setMs = timer.restart();
    proxy.sort(MigrationTableModel::DurationColumn, Qt::DescendingOrder);
    const qint64 sortMs = timer.restart();
    proxy.setFilterText(QStringLiteral("migration0999"));
    const qint64 filterMs = timer.restart();
    const int filtered = proxy.rowCount();
    proxy.setFilterText(QString());
    proxy.setStateFilter(MigrationFilterProxyModel::PendingOnly);
    const qint64 stateMs = timer.restart();
    const int pending = proxy.rowCount();

    std::printf("[ measure  ] 10,000 rows: planner %lld ms, setStatuses (with a sorted proxy) %lld ms, "
                "sort by duration %lld ms, text filter %lld ms, state filter %lld ms\n",
        static_cast<long long>(planMs), static_cast<long long>(setMs), static_cast<long long>(sortMs),
        static_cast<long long>(filterMs), static_cast<long long>(stateMs));
    EXPECT_EQ(model.rowCount(), count);
    EXPECT_EQ(filtered, 10); // Migration09990 .. Migration09999
    EXPECT_EQ(pending, count / 2);
    EXPECT_EQ(model.rowOf(QStringLiteral("Migration098761700000009876")), 9876);
}

TEST(MigrationTableModelTest, GitStatesShowInTheGitColumnAndFlagCommittedChanges)
{
    Result<Migration> a = MigrationFileParser::parse(
        QStringLiteral("/m/1700000000001-A.sql"), "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n");
    Result<Migration> b = MigrationFileParser::parse(
        QStringLiteral("/m/1700000000002-B.sql"), "-- migrate:up\nSELECT 2;\n-- migrate:down\nSELECT 2;\n");
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(b.ok());
    MigrationTableModel model;
    model.setStatuses(MigrationPlanner::statuses({ *a, *b }, {}));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setGitStates(
        { { a->filePath, QStringLiteral("modified") }, { b->filePath, QStringLiteral("untracked") } },
        { a->filePath });
    EXPECT_EQ(changed.count(), 1);
    EXPECT_EQ(model.index(0, MigrationTableModel::GitColumn).data().toString(), QStringLiteral("modified"));
    EXPECT_EQ(model.index(1, MigrationTableModel::GitColumn).data().toString(), QStringLiteral("untracked"));
    EXPECT_TRUE(model.index(0, 0).data(MigrationTableModel::GitFlaggedRole).toBool());
    EXPECT_FALSE(model.index(1, 0).data(MigrationTableModel::GitFlaggedRole).toBool());
    EXPECT_TRUE(model.index(0, MigrationTableModel::GitColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("Committed, then changed")));
    // The states survive a new database read.
    model.setStatuses(MigrationPlanner::statuses({ *a, *b }, {}));
    EXPECT_EQ(model.index(0, MigrationTableModel::GitColumn).data().toString(), QStringLiteral("modified"));
}
