#pragma once

#include "ConnectionProfile.h"

#include <QString>

// What an environment requires before Strata changes its database. One home
// for the rule, asked by the app and the CLI alike:
//
// | environment | pre-flight | recent backup | confirm a run            | confirm a restore  |
// |-------------|------------|---------------|--------------------------|--------------------|
// | development | on request | no            | no                       | yes/no question    |
// | staging     | always     | no            | the pre-flight's go-ahead| yes/no question    |
// | production  | always     | required      | the database name typed  | the name typed     |
//
// "The pre-flight's go-ahead" is the Run button of the app's pre-flight
// dialog; the CLI, which is run on purpose, takes the command itself as the
// go-ahead once the pre-flight found no blocker. "The database name typed" is
// typed into the app's dialog, at the CLI's terminal prompt, or given as
// --confirm-database NAME where there is no terminal (CI).
class EnvironmentPolicy
{
public:
    enum class Confirmation { None, Question, TypedDatabaseName };
    enum class Action { Run, Restore };

    explicit EnvironmentPolicy(ConnectionProfile::Environment environment)
        : m_environment(environment)
    {
    }

    ConnectionProfile::Environment environment() const { return m_environment; }
    bool preflightRequired() const { return m_environment != ConnectionProfile::Environment::Development; }
    bool backupRequired() const { return m_environment == ConnectionProfile::Environment::Production; }
    Confirmation confirmation(Action action) const;

    // Whether `typed` confirms `database`: the exact name, nothing looser (a
    // confirmation that accepts near misses can be given without reading).
    static bool confirms(const QString &typed, const QString &database) { return typed == database; }

private:
    ConnectionProfile::Environment m_environment;
};
