#include "ChildProcess.h"

#include "TestNode.h"

#include <QProcess>

std::string ProcessResult::describe() const
{
    return QStringLiteral("exit %1\n--- stdout\n%2\n--- stderr\n%3")
        .arg(exitCode)
        .arg(out, err)
        .toStdString();
}

ProcessResult runProcess(const QString &program, const QStringList &args, const QString &workingDirectory,
    const QProcessEnvironment &environment, int timeoutMs)
{
    QProcess p;
    p.setProgram(program);
    p.setArguments(args);
    p.setWorkingDirectory(workingDirectory);
    p.setProcessEnvironment(environment);
    p.start();
    ProcessResult r;
    if (!p.waitForStarted(30000)) {
        r.err = QStringLiteral("cannot start %1: %2").arg(program, p.errorString());
        return r;
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out: %1 %2").arg(program, args.join(QLatin1Char(' ')));
    } else if (p.exitStatus() == QProcess::NormalExit) {
        r.exitCode = p.exitCode();
    }
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err += QString::fromUtf8(p.readAllStandardError());
    return r;
}

const ProcessResult &setUpTypeOrmInstalls(const QString &cacheRoot)
{
    static const ProcessResult result = [&cacheRoot] {
        ProcessResult node;
        if (!TestNode::provide(&node.err))
            return node;
        return runProcess(QStringLiteral("bash"),
            { QStringLiteral(STRATA_SOURCE_DIR "/scripts/typeorm-compat-setup.sh"), cacheRoot },
            QStringLiteral(STRATA_SOURCE_DIR), QProcessEnvironment::systemEnvironment(), 900000);
    }();
    return result;
}
