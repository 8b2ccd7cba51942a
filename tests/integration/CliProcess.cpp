#include "CliProcess.h"

#include "support/TestCluster.h"

std::string CliResult::describe() const
{
    return QStringLiteral("exit %1\n--- stdout\n%2--- stderr\n%3").arg(exitCode).arg(out, err).toStdString();
}

CliResult CliProcess::run(const QStringList &arguments, const ConnectionSettings &connection,
    const QByteArray &input, int timeoutMs)
{
    return run(arguments, TestCluster::childEnvironment(connection), input, timeoutMs);
}

CliResult CliProcess::run(const QStringList &arguments, const QStringList &environment,
    const QByteArray &input, int timeoutMs, const QString &program)
{
    QProcess process;
    process.setProgram(program);
    process.setArguments(arguments);
    process.setEnvironment(environment);
    process.start();
    if (!process.waitForStarted())
        return CliResult { -1, {}, QStringLiteral("could not start ") + program };
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    return finish(process, timeoutMs);
}

std::unique_ptr<QProcess> CliProcess::start(
    const QStringList &arguments, const ConnectionSettings &connection)
{
    auto process = std::make_unique<QProcess>();
    process->setProgram(QStringLiteral(STRATA_CLI_PATH));
    process->setArguments(arguments);
    process->setEnvironment(TestCluster::childEnvironment(connection));
    process->start();
    process->waitForStarted();
    process->closeWriteChannel();
    return process;
}

CliResult CliProcess::finish(QProcess &process, int timeoutMs)
{
    CliResult result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = QStringLiteral("timed out\n");
    }
    result.out += QString::fromUtf8(process.readAllStandardOutput());
    result.err += QString::fromUtf8(process.readAllStandardError());
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return result;
}
