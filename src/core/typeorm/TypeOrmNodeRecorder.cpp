#include "TypeOrmNodeRecorder.h"

#include "TypeOrmParameterInliner.h"
#include "common/Logging.h"
#include "migration/MigrationName.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTemporaryFile>

namespace {

const QString staticFallback = QStringLiteral("each migration read statically");

StrataError environmentError(const QString &message)
{
    return StrataError::make(StrataError::Kind::Environment, message);
}

// A recorded parameter: null, the text node-postgres sent, or a Buffer (sent in
// binary as bytea), given as its hex text form.
std::optional<QString> parameterText(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return std::nullopt;
    if (value.isObject())
        return value.toObject().value(QLatin1String("bytea")).toString();
    return value.toString();
}

Result<QList<TypeOrmQuery>> statements(const QJsonArray &recorded, const QString &file)
{
    QList<TypeOrmQuery> out;
    for (const QJsonValue &item : recorded) {
        const QJsonObject o = item.toObject();
        TypeOrmQuery q;
        q.line = o.value(QLatin1String("line")).toInt();
        q.column = o.value(QLatin1String("column")).toInt();
        q.sql = o.value(QLatin1String("sql")).toString();
        const QJsonArray parameters = o.value(QLatin1String("parameters")).toArray();
        if (!parameters.isEmpty()) {
            QList<std::optional<QString>> values;
            for (const QJsonValue &p : parameters) {
                values.append(parameterText(p));
                q.parameters.append(values.last() ? TypeOrmParameterInliner::literal(*values.last())
                                                  : QStringLiteral("NULL"));
            }
            Result<QString> inlined = TypeOrmParameterInliner::inlineParameters(q.sql, values);
            if (!inlined) {
                StrataError e = inlined.error();
                e.file = file;
                e.line = q.line;
                e.column = q.column;
                return e;
            }
            q.sql = *inlined;
        }
        out.append(q);
    }
    return out;
}

TypeOrmRecordedMigration migrationFrom(const QJsonObject &o, TypeOrmVersion version)
{
    TypeOrmRecordedMigration m;
    TypeOrmMigrationFile &f = m.file;
    f.path = o.value(QLatin1String("file")).toString();
    f.className = o.value(QLatin1String("className")).toString();
    const QString name = o.value(QLatin1String("name")).toString();
    if (name != f.className)
        f.nameProperty = name;
    f.timestamp = qint64(o.value(QLatin1String("timestamp")).toDouble());
    // Strata's name and digits by its one rule (MigrationName); a name TypeORM
    // ran but no file can carry is a problem, as the static reader says.
    MigrationName parts;
    QString reason;
    if (MigrationName::fromHistoryName(f.historyName(), &parts, &reason)) {
        f.name = parts.stem();
        f.timestampDigits = parts.digits();
    } else {
        f.problems.append({ f.path, 0, 0, reason });
    }
    f.transactionDisabled = !o.value(QLatin1String("transaction")).toBool(true);
    f.typeOrmVersion = version;
    f.readBy = TypeOrmReadBy::TypeOrm;
    m.readsData = o.value(QLatin1String("readsData")).toBool();
    m.ran = !o.value(QLatin1String("notRun")).toBool() && !o.value(QLatin1String("noClass")).toBool();

    for (const auto &[key, list] :
        { std::pair { QLatin1String("up"), &f.up }, { QLatin1String("down"), &f.down } }) {
        Result<QList<TypeOrmQuery>> recorded = statements(o.value(key).toArray(), f.path);
        if (recorded) {
            *list = *recorded;
        } else {
            f.problems.append({ f.path, recorded.error().line, recorded.error().column,
                QStringLiteral("a statement TypeORM issued in %1() cannot be inlined: %2")
                    .arg(key, recorded.error().message) });
        }
    }

    const QJsonObject error = o.value(QLatin1String("error")).toObject();
    if (!error.isEmpty()) {
        const QString direction = error.value(QLatin1String("direction")).toString();
        const QString code = error.value(QLatin1String("code")).toString();
        StrataError e = StrataError::make(code.isEmpty() ? StrataError::Kind::Source : StrataError::Kind::Sql,
            direction == QLatin1String("load")
                ? QStringLiteral("TypeORM could not load the file: %1")
                      .arg(error.value(QLatin1String("message")).toString())
                : QStringLiteral("TypeORM's %1() failed: %2")
                      .arg(direction, error.value(QLatin1String("message")).toString()),
            error.value(QLatin1String("migrationFile")).toString());
        e.sqlState = code;
        e.detail = error.value(QLatin1String("detail")).toString();
        e.hint = error.value(QLatin1String("hint")).toString();
        // The failing statement is the last one recorded in that direction.
        const QString query = error.value(QLatin1String("query")).toString();
        const QList<TypeOrmQuery> &ran = direction == QLatin1String("down") ? f.down : f.up;
        const QJsonArray raw = o.value(direction).toArray();
        if (!query.isEmpty() && !raw.isEmpty()
            && raw.last().toObject().value(QLatin1String("sql")).toString() == query && !ran.isEmpty()) {
            e.line = ran.last().line;
            e.column = ran.last().column;
            e.context = QStringLiteral("statement: %1").arg(ran.last().sql);
        }
        if (direction == QLatin1String("down")) {
            // TypeORM runs the up; only its revert fails. The up stays known.
            f.downProblems.append(
                { f.path, e.line, e.column, error.value(QLatin1String("message")).toString() });
        } else {
            f.problems.append({ f.path, e.line, e.column, e.message });
            m.error = e;
        }
    } else if (o.value(QLatin1String("downNotRun")).toBool()) {
        f.downProblems.append({ f.path, 0, 0,
            QStringLiteral("its down() was not recorded: the down() of a newer migration failed in TypeORM "
                           "first") });
    }
    return m;
}

// The parent's environment without any PG* variable (the child must reach the
// shadow, nothing else) plus the shadow's connection, never its password.
QProcessEnvironment childEnvironment(const ConnectionSettings &s)
{
    const QProcessEnvironment parent = QProcessEnvironment::systemEnvironment();
    QProcessEnvironment env = parent;
    for (const QString &key : env.keys())
        if (key.startsWith(QLatin1String("PG")) || key.startsWith(QLatin1String("TS_NODE_"))
            || key == QLatin1String("STRATA_DATABASE_URL"))
            env.remove(key);
    // A setting left empty is libpq's default for the connection, which reads
    // the same variable: keep the parent's (a host or port given as PGHOST /
    // PGPORT must reach node-postgres too, or it tries localhost:5432).
    const auto set = [&env, &parent](const char *key, const QString &value) {
        const QString name = QString::fromLatin1(key);
        if (!value.isEmpty())
            env.insert(name, value);
        else if (parent.contains(name) && name != QLatin1String("PGPASSWORD"))
            env.insert(name, parent.value(name));
    };
    set("PGHOST", s.host);
    set("PGPORT", s.port > 0 ? QString::number(s.port) : QString());
    set("PGUSER", s.user);
    set("PGDATABASE", s.database);
    set("PGSSLMODE", s.sslMode);
    set("PGSSLROOTCERT", s.sslRootCert);
    set("PGAPPNAME", s.applicationName);
    // A password file is no secret in itself; node-postgres reads it as libpq does.
    set("PGPASSFILE", QString());
    return env;
}

} // namespace

Result<QString> TypeOrmNodeRecorder::findNode(const QString &explicitPath)
{
    if (!explicitPath.isEmpty()) {
        const QFileInfo info(explicitPath);
        if (!info.isFile() || !info.isExecutable())
            return environmentError(
                QStringLiteral("%1 is not an executable node: %2").arg(explicitPath, staticFallback));
        return info.absoluteFilePath();
    }
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (onPath.isEmpty())
        return environmentError(
            QStringLiteral("node is not installed (not on PATH): %1").arg(staticFallback));
    return onPath;
}

bool TypeOrmNodeRecorder::hasTypeOrm(const QString &projectDir)
{
    QDir dir(QFileInfo(projectDir).absoluteFilePath());
    while (true) {
        if (QFileInfo::exists(dir.filePath(QStringLiteral("node_modules/typeorm/package.json"))))
            return true;
        if (!dir.cdUp())
            return false;
    }
}

QByteArray TypeOrmNodeRecorder::script()
{
    QFile file(QStringLiteral(":/strata/typeorm/recorder.js"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

Result<TypeOrmRecording> TypeOrmNodeRecorder::parse(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject())
        return StrataError::make(StrataError::Kind::Environment,
            QStringLiteral("the TypeORM recorder's output is not a JSON document (%1)")
                .arg(parseError.errorString()));
    const QJsonObject root = doc.object();
    const QJsonObject fatal = root.value(QLatin1String("fatal")).toObject();
    if (!fatal.isEmpty()) {
        const QString kind = fatal.value(QLatin1String("kind")).toString();
        const QString message = fatal.value(QLatin1String("message")).toString();
        if (kind == QLatin1String("connection"))
            return StrataError::make(StrataError::Kind::Connection, message);
        return environmentError(kind.startsWith(QLatin1String("no-"))
                ? QStringLiteral("%1: %2").arg(message, staticFallback)
                : QStringLiteral("the TypeORM recorder failed: %1").arg(message));
    }
    TypeOrmRecording recording;
    recording.typeOrmVersion = root.value(QLatin1String("typeormVersion")).toString();
    recording.nodeVersion = root.value(QLatin1String("nodeVersion")).toString();
    const TypeOrmVersion version = recording.typeOrmVersion.startsWith(QLatin1String("0."))
        ? TypeOrmVersion::V0_3
        : TypeOrmVersion::V1;
    for (const QJsonValue &m : root.value(QLatin1String("migrations")).toArray())
        recording.migrations.append(migrationFrom(m.toObject(), version));
    return recording;
}

Result<TypeOrmRecording> TypeOrmNodeRecorder::record(const TypeOrmRecordRequest &request)
{
    m_cancelled = false;
    Result<QString> node = findNode(request.nodePath);
    if (!node)
        return node.error();
    if (!hasTypeOrm(request.projectDir))
        return environmentError(
            QStringLiteral("the project %1 has no typeorm package installed (run npm install there): %2")
                .arg(request.projectDir, staticFallback));

    const QByteArray source = script();
    if (source.isEmpty())
        return StrataError::make(StrataError::Kind::Environment,
            QStringLiteral("the TypeORM recorder script is missing from this build"));
    // A private file (QTemporaryFile: O_EXCL, mode 0600), removed when done;
    // it holds only the script, never a secret.
    QTemporaryFile scriptFile(QDir::tempPath() + QStringLiteral("/strata-typeorm-recorder-XXXXXX.js"));
    if (!scriptFile.open() || scriptFile.write(source) != source.size() || !scriptFile.flush())
        return StrataError::make(StrataError::Kind::Io,
            QStringLiteral("cannot write the TypeORM recorder script to %1: %2")
                .arg(QDir::tempPath(), scriptFile.errorString()));

    const QDir project(request.projectDir);
    QStringList args { scriptFile.fileName(), project.absolutePath() };
    for (const QString &file : request.migrationFiles)
        args.append(QDir::cleanPath(project.absoluteFilePath(file)));

    QProcess process;
    process.setProgram(*node);
    process.setArguments(args);
    process.setWorkingDirectory(project.absolutePath());
    process.setProcessEnvironment(childEnvironment(request.shadow));
    QElapsedTimer clock;
    clock.start();
    process.start();
    if (!process.waitForStarted(30000))
        return environmentError(
            QStringLiteral("cannot start %1: %2: %3").arg(*node, process.errorString(), staticFallback));
    // The password travels on stdin only: not in the arguments, the environment
    // or a file. A connection without one leaves it to libpq's PGPASSWORD, which
    // the child's environment does not carry: that one goes on stdin too.
    const QString password = !request.shadow.password.isEmpty()
        ? request.shadow.password
        : QProcessEnvironment::systemEnvironment().value(QStringLiteral("PGPASSWORD"));
    process.write(password.toUtf8());
    process.closeWriteChannel();

    QByteArray out;
    QByteArray err;
    while (!process.waitForFinished(100)) {
        out += process.readAllStandardOutput();
        err += process.readAllStandardError();
        const bool cancelled = m_cancelled;
        const bool timedOut = clock.elapsed() > request.timeoutMs;
        if (cancelled || timedOut || process.state() == QProcess::NotRunning) {
            if (process.state() != QProcess::NotRunning) {
                process.kill();
                process.waitForFinished(5000);
            }
            if (cancelled)
                return StrataError::make(StrataError::Kind::Cancelled,
                    QStringLiteral("recording the TypeORM migrations was cancelled"));
            if (timedOut)
                return environmentError(
                    QStringLiteral("recording the TypeORM migrations took longer than %1 s; stopped")
                        .arg(request.timeoutMs / 1000));
            break;
        }
    }
    out += process.readAllStandardOutput();
    err += process.readAllStandardError();
    qCDebug(lcTypeOrm) << "recorded" << request.migrationFiles.size() << "TypeORM migrations in"
                       << clock.elapsed() << "ms";

    if (process.exitStatus() != QProcess::NormalExit || out.trimmed().isEmpty()) {
        const QString stderrText = QString::fromUtf8(err).trimmed();
        return environmentError(
            QStringLiteral("the TypeORM recorder (%1) stopped without an answer%2")
                .arg(*node,
                    stderrText.isEmpty() ? QString() : QStringLiteral(":\n") + stderrText.right(4000)));
    }
    return parse(out);
}
