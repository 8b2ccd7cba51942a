// The fleet run table: states as a run moves, the counts and the summary.
#include "models/FleetRunModel.h"

#include <QAbstractItemModelTester>

#include <gtest/gtest.h>

TEST(FleetRunModel, FollowsARunFromWaitingToEachResultAndCountsThem)
{
    FleetRunModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setTargets({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d") });
    EXPECT_EQ(model.rowCount(), 4);
    EXPECT_EQ(model.count(FleetRunModel::State::Waiting), 4);
    EXPECT_EQ(model.summary(), QStringLiteral("4 targets: 4 waiting"));

    model.setRunning(0);
    model.setRunning(1);
    EXPECT_EQ(model.index(0, FleetRunModel::StateColumn).data().toString(), QStringLiteral("running"));
    EXPECT_FALSE(model.index(0, FleetRunModel::DurationColumn).data().isValid())
        << "no duration while it runs";

    FleetRunModel::Row ok;
    ok.state = FleetRunModel::State::Ok;
    ok.before = 0;
    ok.after = 2;
    ok.milliseconds = 1500;
    model.setFinished(0, ok);
    FleetRunModel::Row failed;
    failed.state = FleetRunModel::State::Failed;
    failed.before = 0;
    failed.after = 0;
    failed.detail = QStringLiteral("relation \"orders\" already exists\nDETAIL: more");
    model.setFinished(1, failed);
    EXPECT_EQ(model.index(0, FleetRunModel::TargetColumn).data().toString(), QStringLiteral("a"))
        << "a row without a label keeps the target's";
    EXPECT_EQ(model.index(0, FleetRunModel::AfterColumn).data().toInt(), 2);
    EXPECT_EQ(model.index(0, FleetRunModel::DurationColumn).data().toString(), QStringLiteral("1.50 s"));
    EXPECT_EQ(model.index(1, FleetRunModel::DetailColumn).data().toString(),
        QStringLiteral("relation \"orders\" already exists"));
    EXPECT_EQ(model.index(1, FleetRunModel::DetailColumn).data(Qt::ToolTipRole).toString(), failed.detail);
    EXPECT_EQ(model.index(1, 0).data(FleetRunModel::StateRole).toInt(), int(FleetRunModel::State::Failed));
    EXPECT_EQ(model.doneCount(), 2);
    EXPECT_EQ(model.summary(), QStringLiteral("4 targets: 1 ok, 1 failed, 2 waiting"));

    // Stopped: what never started says so.
    model.setRunning(2);
    model.finishRun();
    EXPECT_EQ(model.count(FleetRunModel::State::NotStarted), 2);
    EXPECT_EQ(model.summary(), QStringLiteral("4 targets: 1 ok, 1 failed, 2 not started"));
    EXPECT_EQ(model.doneCount(), 4);
}
