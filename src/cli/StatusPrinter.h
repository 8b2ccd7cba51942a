#pragma once

#include "git/GitRepository.h"
#include "planner/MigrationStatus.h"
#include "runner/MigrationRunner.h"

#include <QJsonObject>
#include <QTextStream>

// Renders planner and runner results for people (aligned tables) and for
// machines (--json). Kept apart from the command logic so both stay small.
class StatusPrinter
{
public:
    struct Context
    {
        QString database; // user@host:port/db
        QString serverVersion;
        QString historyTable;
        QString migrationsDirectory;
    };

    static void printTable(QTextStream &out, const Context &context, const MigrationStatusList &statuses);
    // `gitStates` (file path -> state) adds a "git" field to each file's entry
    // when the migrations folder is in a git repository.
    static QJsonObject statusJson(const Context &context, const MigrationStatusList &statuses,
        const QList<StrataError> &problems,
        const std::optional<QHash<QString, GitRepository::FileState>> &gitStates = std::nullopt);
    static QJsonObject errorJson(const StrataError &error);
    static QJsonObject reportJson(const RunReport &report);
    static void printPlan(QTextStream &out, const RunReport &report);
    static QString checksumState(const MigrationStatus &status); // "ok", "differs", "unknown", ""
};
