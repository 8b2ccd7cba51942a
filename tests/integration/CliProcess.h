#pragma once

#include "db/ConnectionSettings.h"

#include <QProcess>
#include <QStringList>

#include <memory>

// Runs the real strata-cli binary as a child process, the way users and CI do.
struct CliResult
{
    int exitCode = -1;
    QString out;
    QString err;
    std::string describe() const;
};

class CliProcess
{
public:
    // The environment carries the connection (password only in PGPASSWORD).
    static CliResult run(const QStringList &arguments, const ConnectionSettings &connection,
        const QByteArray &input = {}, int timeoutMs = 120000);
    static CliResult run(const QStringList &arguments, const QStringList &environment,
        const QByteArray &input = {}, int timeoutMs = 120000,
        const QString &program = QStringLiteral(STRATA_CLI_PATH));
    // Started, not waited for.
    static std::unique_ptr<QProcess> start(
        const QStringList &arguments, const ConnectionSettings &connection);
    static CliResult finish(QProcess &process, int timeoutMs = 120000);
};
