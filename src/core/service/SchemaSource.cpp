#include "SchemaSource.h"

#include "common/Logging.h"
#include "common/TextPosition.h"
#include "db/PgConnection.h"
#include "migration/MigrationSource.h"
#include "project/Project.h"
#include "project/TypeOrmShadowReader.h"
#include "runner/MigrationRunner.h"
#include "schema/SchemaIntrospector.h"
#include "settings/ProfileStore.h"
#include "shadow/DatabaseSchema.h"
#include "sql/SqlScript.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <memory>
#include <optional>

Result<SchemaSource> SchemaSource::parse(const QString &spec, const QString &projectMigrations)
{
    const QString text = spec.trimmed();
    if (text.isEmpty())
        return StrataError::make(StrataError::Kind::Usage,
            QStringLiteral("an empty schema source; use migrations, a folder, a .sql file, profile:NAME, "
                           "a postgres:// DSN or connection"));
    SchemaSource source;
    source.m_spec = text;
    if (text == QLatin1String("migrations")) {
        source = migrationsFolder(projectMigrations);
        source.m_spec = text;
        return source;
    }
    if (text == QLatin1String("connection")) {
        source.m_kind = Kind::Connection;
        return source;
    }
    if (text.startsWith(QLatin1String("profile:"))) {
        const QString id = text.mid(8);
        const std::optional<ConnectionProfile> profile = ProfileStore().find(id);
        if (!profile)
            return StrataError::make(StrataError::Kind::Usage,
                QStringLiteral("%1: no profile named '%2' (see: strata-cli profile list)").arg(text, id));
        source.m_kind = Kind::Profile;
        source.m_profileId = id;
        source.m_settings = profile->connection;
        source.m_history = profile->history;
        return source;
    }
    if (text.startsWith(QLatin1String("postgres://")) || text.startsWith(QLatin1String("postgresql://"))) {
        Result<ConnectionSettings> dsn = ConnectionSettings::fromDsn(text);
        if (!dsn)
            return dsn.error();
        if (!dsn->password.isEmpty())
            return StrataError::make(StrataError::Kind::Usage,
                QStringLiteral("a schema source DSN contains a password, which every user of this machine "
                               "could read in the process list; put it in PGPASSWORD or ~/.pgpass"));
        source.m_kind = Kind::Dsn;
        source.m_settings = *dsn;
        return source;
    }
    const QFileInfo info(text);
    if (text.endsWith(QLatin1String(".sql"), Qt::CaseInsensitive)) {
        if (!info.isFile())
            return StrataError::make(
                StrataError::Kind::Io, QStringLiteral("schema file not found"), info.absoluteFilePath());
        source = sqlFile(text);
        source.m_spec = text;
        return source;
    }
    if (info.isDir()) {
        source = migrationsFolder(text);
        source.m_spec = text;
        return source;
    }
    return StrataError::make(StrataError::Kind::Usage,
        QStringLiteral("'%1' is not a schema source: use migrations, a migrations folder, a .sql file, "
                       "profile:NAME, a postgres:// DSN or connection")
            .arg(text));
}

SchemaSource SchemaSource::migrationsFolder(const QString &directory)
{
    SchemaSource source;
    source.m_kind = Kind::MigrationsFolder;
    source.m_path = QFileInfo(directory).absoluteFilePath();
    source.m_spec = directory;
    return source;
}

SchemaSource SchemaSource::sqlFile(const QString &path)
{
    SchemaSource source;
    source.m_kind = Kind::SqlFile;
    source.m_path = QFileInfo(path).absoluteFilePath();
    source.m_spec = path;
    return source;
}

SchemaSource SchemaSource::connection(const ConnectionSettings &settings, const QString &label)
{
    SchemaSource source;
    source.m_kind = Kind::Connection;
    source.m_settings = settings;
    source.m_spec = label.isEmpty() ? QStringLiteral("connection") : label;
    return source;
}

QString SchemaSource::describe() const
{
    switch (m_kind) {
    case Kind::MigrationsFolder:
        return QStringLiteral("the migrations in %1").arg(QDir::toNativeSeparators(m_path));
    case Kind::SqlFile:
        return QStringLiteral("the schema file %1").arg(QDir::toNativeSeparators(m_path));
    case Kind::Profile:
        return QStringLiteral("profile %1 (%2)").arg(m_profileId, m_settings.describe());
    case Kind::Dsn:
    case Kind::Connection:
        return m_settings.describe();
    }
    return m_spec;
}

namespace {

// The statements of a schema file, for what it creates itself; psql
// meta-command lines (pg_dump's \restrict) blanked. Nothing when it does not
// parse: loading it reports that.
QList<SqlStatement> schemaFileStatements(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArrayList lines = file.readAll().split('\n');
    for (QByteArray &line : lines)
        if (line.startsWith('\\'))
            line.clear();
    Result<QList<SqlStatement>> statements = SqlScript::parse(lines.join('\n'), path);
    return statements ? *statements : QList<SqlStatement> {};
}

} // namespace

Result<SchemaSource::Opened> SchemaSource::open(const ConnectionSettings *shadowServer,
    std::shared_ptr<SandboxCluster> *sandbox, const std::function<void(MigrationRunner &)> &progress,
    const ShadowBaseline &baseline) const
{
    Opened opened;
    if (!needsShadow()) {
        Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(m_settings);
        if (!connection)
            return connection.error();
        opened.connection = std::move(connection).value();
        return opened;
    }
    // Check the input before making a database for it.
    if (m_kind == Kind::SqlFile && !QFileInfo(m_path).isFile())
        return StrataError::make(StrataError::Kind::Io, QStringLiteral("schema file not found"), m_path);
    if (m_kind == Kind::MigrationsFolder && !QFileInfo(m_path).isDir())
        return StrataError::make(
            StrataError::Kind::Io, QStringLiteral("migrations folder not found"), m_path);
    ShadowBaseline start;
    if (!baseline.isEmpty()) {
        if (m_kind == Kind::SqlFile) {
            start = baseline.without(schemaFileStatements(m_path));
        } else {
            Result<MigrationSource::Scan> scan = Project::scanFolder(m_path);
            start = scan ? baseline.without(scan->migrations) : baseline; // replaying reports the error
        }
    }
    Result<std::unique_ptr<ShadowDatabase>> shadow = ShadowDatabase::create(shadowServer, sandbox, start);
    if (!shadow)
        return shadow.error();
    opened.shadow = std::move(shadow).value();
    Result<std::unique_ptr<PgConnection>> connection
        = PgConnection::open(opened.shadow->connectionSettings());
    if (!connection)
        return connection.error(); // `opened` goes out of scope: the shadow is dropped
    opened.connection = std::move(connection).value();
    const Status loaded = m_kind == Kind::SqlFile
        ? loadSqlFile(*opened.connection, m_path)
        : replayMigrations(*opened.connection, m_path, m_history, progress);
    if (!loaded) {
        StrataError e = loaded.error();
        ShadowBaseline::explainMissingExtension(&e);
        return e;
    }
    return opened;
}

Result<std::pair<SchemaModel, SchemaModel>> SchemaSource::readDatabases(
    const SchemaSource &from, const SchemaSource &to)
{
    // A PgConnection is opened, used and closed on one thread (libpq
    // connections are not thread-safe): each side does all three on its own
    // thread.
    auto read = [](const SchemaSource &source) -> Result<SchemaModel> {
        Result<std::unique_ptr<PgConnection>> connection = PgConnection::open(source.connectionSettings());
        if (!connection)
            return connection.error();
        return DatabaseSchema::read(**connection, source.history());
    };
    std::optional<Result<SchemaModel>> toModel;
    // A QThread, like the runner's lock-wait watcher: the engine's helper
    // threads are Qt's.
    const std::unique_ptr<QThread> worker(QThread::create([&] { toModel.emplace(read(to)); }));
    worker->start();
    Result<SchemaModel> fromModel = read(from);
    worker->wait();
    if (!fromModel)
        return fromModel.error();
    if (!*toModel)
        return toModel->error();
    return std::make_pair(std::move(fromModel).value(), std::move(*toModel).value());
}

Status SchemaSource::loadSqlFile(PgConnection &connection, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return StrataError::make(
            StrataError::Kind::Io, QStringLiteral("cannot read: %1").arg(file.errorString()), path);
    QByteArray text = file.readAll();
    text.replace("\r\n", "\n");
    if (text.startsWith("\xEF\xBB\xBF"))
        text = text.mid(3); // a BOM; the server would reject it as the first token
    // pg_dump 15.14 and later write `\restrict KEY` / `\unrestrict KEY` psql
    // meta-commands around a dump. They protect psql sessions and mean nothing
    // here: blank them as comments of the same length, so positions stay true.
    // Any other meta-command (\connect, \i ...) cannot be honoured: say where.
    qsizetype lineStart = 0;
    int lineNumber = 1;
    while (lineStart < text.size()) {
        qsizetype lineEnd = text.indexOf('\n', lineStart);
        if (lineEnd < 0)
            lineEnd = text.size();
        if (text.at(lineStart) == '\\') {
            const QByteArray line = text.mid(lineStart, lineEnd - lineStart);
            if (line.startsWith("\\restrict") || line.startsWith("\\unrestrict")) {
                text[lineStart] = '-';
                if (lineStart + 1 < lineEnd)
                    text[lineStart + 1] = '-';
            } else {
                StrataError e = StrataError::make(StrataError::Kind::Source,
                    QStringLiteral("psql meta-command %1 is not supported in a schema file")
                        .arg(QString::fromUtf8(line.split(' ').value(0))),
                    path);
                e.line = lineNumber;
                e.column = 1;
                return e;
            }
        }
        lineStart = lineEnd + 1;
        ++lineNumber;
    }

    Result<QList<SqlStatement>> statements = SqlScript::parse(text, path);
    if (!statements)
        return statements.error();
    for (const SqlStatement &statement : std::as_const(*statements)) {
        PgResult result = connection.exec(statement.text);
        if (result.ok())
            continue;
        StrataError e = result.error();
        e.file = path;
        const int position = result.errorPosition();
        if (position > 0) {
            const TextPosition at = TextPosition::fromByteOffset(
                text, statement.sourceOffset + TextPosition::byteOffsetOfCharacter(statement.text, position));
            e.line = at.line;
            e.column = at.column;
        } else {
            e.line = statement.line;
            e.column = statement.column;
        }
        return e;
    }
    qCInfo(lcShadow) << "loaded" << statements->size() << "statements from" << path;
    return Ok {};
}

Status SchemaSource::replayMigrations(PgConnection &connection, const QString &directory,
    const HistoryTable &history, const std::function<void(MigrationRunner &)> &progress)
{
    // As the app lists the folder: .sql files, or TypeORM migrations (those
    // the static reader cannot know read by TypeORM, in a shadow of this one).
    TypeOrmShadowReader::Options read;
    read.target = &connection.settings();
    Result<TypeOrmShadowReader::Reading> reading = TypeOrmShadowReader::readFolder(directory, read);
    if (!reading)
        return reading.error();
    for (const QString &note : std::as_const(reading->notes))
        qCInfo(lcShadow) << note;
    MigrationSource::Scan *scan = &reading->scan;
    if (!scan->problems.isEmpty()) {
        StrataError e = scan->problems.first();
        if (scan->problems.size() > 1)
            e.detail = QStringLiteral("%1 more malformed migration file(s) in %2")
                           .arg(scan->problems.size() - 1)
                           .arg(scan->directory);
        return e;
    }
    RunOptions options;
    options.history = history;
    options.privateDatabase = true; // a shadow nobody else knows of
    MigrationRunner runner(connection, options);
    if (progress)
        progress(runner);
    RunReport report = runner.up(scan->migrations, UpOptions {});
    if (report.error)
        return *report.error;
    return Ok {};
}
