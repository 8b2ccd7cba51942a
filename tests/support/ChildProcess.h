#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <string>

// A child process run to completion by a test (node, bash, pg_dump ...), with
// what it printed, for assertions and failure messages.
struct ProcessResult
{
    int exitCode = -1;
    QString out;
    QString err;
    std::string describe() const;
};

ProcessResult runProcess(const QString &program, const QStringList &args, const QString &workingDirectory,
    const QProcessEnvironment &environment, int timeoutMs = 280000);

// A Node every TypeORM version supports first on PATH (TestNode), then `npm ci`
// of every version under tests/typeorm/compat into `cacheRoot`
// (scripts/typeorm-compat-setup.sh), once per test binary.
const ProcessResult &setUpTypeOrmInstalls(const QString &cacheRoot);
