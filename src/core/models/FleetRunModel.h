#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QString>
#include <QStringList>

// A fleet run as a table: a row per target with where it stands (waiting,
// running, then its result), the migrations applied before and after, how
// long it took and what went wrong or differs. Fed from the run's progress
// (FleetWorker's signals); counts() and summary() say the same for hundreds
// of targets at a glance. The state is StateRole for the view to colour;
// this model stays in core.
class FleetRunModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TargetColumn,
        StateColumn,
        BeforeColumn,
        AfterColumn,
        DurationColumn,
        DetailColumn,
        ColumnCount
    };
    enum class State { Waiting, Running, Ok, Failed, Unreachable, Cancelled, Differs, NotStarted };
    enum Role { StateRole = Qt::UserRole }; // int of State

    struct Row
    {
        QString label;
        State state = State::Waiting;
        int before = -1;
        int after = -1;
        qint64 milliseconds = 0;
        QString detail;
    };

    explicit FleetRunModel(QObject *parent = nullptr);

    // A new run over these targets, all waiting.
    void setTargets(const QStringList &labels);
    void setRunning(int index);
    void setFinished(int index, const Row &row);
    // The run ended: what never started says so.
    void finishRun();

    Row row(int index) const { return m_rows.value(index); }
    int count(State state) const;
    // Targets that have ended (any result but waiting and running).
    int doneCount() const;
    // "200 targets: 150 ok, 2 failed, 4 running, 44 waiting" (only the states there are).
    QString summary() const;
    static QString stateName(State state); // "waiting", "running", "ok", "failed", ...

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Row> m_rows;
};
