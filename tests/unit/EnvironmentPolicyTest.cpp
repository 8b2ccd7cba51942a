#include "settings/EnvironmentPolicy.h"

#include <gtest/gtest.h>

using Environment = ConnectionProfile::Environment;
using Confirmation = EnvironmentPolicy::Confirmation;
using Action = EnvironmentPolicy::Action;

// The table in EnvironmentPolicy.h, which the app and the CLI both follow.
TEST(EnvironmentPolicy, WhatEachEnvironmentRequires)
{
    const EnvironmentPolicy development(Environment::Development);
    EXPECT_FALSE(development.preflightRequired());
    EXPECT_FALSE(development.backupRequired());
    EXPECT_EQ(development.confirmation(Action::Run), Confirmation::None);
    EXPECT_EQ(development.confirmation(Action::Restore), Confirmation::Question);

    const EnvironmentPolicy staging(Environment::Staging);
    EXPECT_TRUE(staging.preflightRequired());
    EXPECT_FALSE(staging.backupRequired());
    EXPECT_EQ(staging.confirmation(Action::Run), Confirmation::Question);
    EXPECT_EQ(staging.confirmation(Action::Restore), Confirmation::Question);

    const EnvironmentPolicy production(Environment::Production);
    EXPECT_TRUE(production.preflightRequired());
    EXPECT_TRUE(production.backupRequired());
    EXPECT_EQ(production.confirmation(Action::Run), Confirmation::TypedDatabaseName);
    EXPECT_EQ(production.confirmation(Action::Restore), Confirmation::TypedDatabaseName);
}

TEST(EnvironmentPolicy, OnlyTheExactNameConfirms)
{
    EXPECT_TRUE(EnvironmentPolicy::confirms(QStringLiteral("shop"), QStringLiteral("shop")));
    EXPECT_FALSE(EnvironmentPolicy::confirms(QStringLiteral("Shop"), QStringLiteral("shop")));
    EXPECT_FALSE(EnvironmentPolicy::confirms(QStringLiteral("sho"), QStringLiteral("shop")));
    EXPECT_FALSE(EnvironmentPolicy::confirms(QString(), QString(QStringLiteral("shop"))));
}
