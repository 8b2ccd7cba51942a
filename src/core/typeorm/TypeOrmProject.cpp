#include "TypeOrmProject.h"

#include "TypeOrmDataSourceReader.h"
#include "common/Logging.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace {

QString modeName(TypeOrmProject::TransactionMode mode)
{
    switch (mode) {
    case TypeOrmProject::TransactionMode::All:
        return QStringLiteral("all");
    case TypeOrmProject::TransactionMode::Each:
        return QStringLiteral("each");
    case TypeOrmProject::TransactionMode::None:
        return QStringLiteral("none");
    case TypeOrmProject::TransactionMode::Unspecified:
        break;
    }
    return QStringLiteral("unspecified");
}

} // namespace

QString TypeOrmProject::transactionModeName() const
{
    return modeName(m_transactionMode);
}

void TypeOrmProject::note(int line, int column, const QString &message)
{
    TypeOrmProblem p;
    p.file = m_configFile;
    p.line = line;
    p.column = column;
    p.message = message;
    qCInfo(lcTypeOrm) << p.toString();
    m_notes.append(p);
}

QString TypeOrmProject::environmentValue(const QString &name, bool *known) const
{
    // dotenv never overrides a variable the process already has.
    if (m_environment.contains(name)) {
        *known = true;
        return m_environment.value(name);
    }
    *known = m_dotenv.contains(name);
    return m_dotenv.value(name);
}

QString TypeOrmProject::resolvePath(const QString &path) const
{
    // TypeORM resolves relative paths against the working directory, which for
    // `npm run typeorm ...` is the project folder.
    return QDir::cleanPath(QDir(m_folder).absoluteFilePath(path));
}

QString TypeOrmProject::findConfigFile(const QString &folder)
{
    const QDir dir(folder);
    // 1. What the project's own scripts point the CLI at.
    QFile packageJson(dir.absoluteFilePath(QStringLiteral("package.json")));
    if (packageJson.open(QIODevice::ReadOnly)) {
        const QJsonObject scripts = QJsonDocument::fromJson(packageJson.readAll())
                                        .object()
                                        .value(QLatin1String("scripts"))
                                        .toObject();
        static const QRegularExpression dataSourceArgument(
            QStringLiteral(R"((?:^|\s)(?:-d|--dataSource|--data-source)[\s=]+([^\s&|;]+))"));
        for (auto it = scripts.constBegin(); it != scripts.constEnd(); ++it) {
            const QRegularExpressionMatch m = dataSourceArgument.match(it.value().toString());
            if (m.hasMatch() && QFileInfo::exists(dir.absoluteFilePath(m.captured(1))))
                return QDir::cleanPath(dir.absoluteFilePath(m.captured(1)));
        }
    }
    // 2. The usual places.
    for (const QLatin1String candidate :
        { QLatin1String("src/data-source.ts"), QLatin1String("src/data-source.js"),
            QLatin1String("data-source.ts"), QLatin1String("data-source.js") })
        if (QFileInfo::exists(dir.absoluteFilePath(candidate)))
            return QDir::cleanPath(dir.absoluteFilePath(candidate));
    // 3. A data-source file a few folders down, the TypeScript source first.
    // The walk is bounded and skips dependency and VCS folders: auto-detection
    // runs on every `strata-cli status` in a folder without .sql migrations.
    QStringList found;
    const QStringList names { QStringLiteral("data-source.ts"), QStringLiteral("data-source.js"),
        QStringLiteral("datasource.ts"), QStringLiteral("datasource.js") };
    QStringList level { QString() };
    for (int depth = 0; depth <= 3 && !level.isEmpty(); ++depth) {
        QStringList next;
        for (const QString &relative : level) {
            const QDir sub(dir.filePath(relative.isEmpty() ? QStringLiteral(".") : relative));
            for (const QString &name : sub.entryList(names, QDir::Files))
                found.append(relative.isEmpty() ? name : relative + QLatin1Char('/') + name);
            for (const QString &child : sub.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks)) {
                if (child == QLatin1String("node_modules") || child.startsWith(QLatin1Char('.')))
                    continue;
                next.append(relative.isEmpty() ? child : relative + QLatin1Char('/') + child);
            }
        }
        level = next;
    }
    std::sort(found.begin(), found.end(), [](const QString &a, const QString &b) {
        const bool aDist = a.startsWith(QLatin1String("dist/")) || a.startsWith(QLatin1String("build/"));
        const bool bDist = b.startsWith(QLatin1String("dist/")) || b.startsWith(QLatin1String("build/"));
        if (aDist != bDist)
            return bDist;
        const bool aTs = a.endsWith(QLatin1String(".ts"));
        const bool bTs = b.endsWith(QLatin1String(".ts"));
        if (aTs != bTs)
            return aTs;
        return a.count(QLatin1Char('/')) != b.count(QLatin1Char('/'))
            ? a.count(QLatin1Char('/')) < b.count(QLatin1Char('/'))
            : a < b;
    });
    if (!found.isEmpty())
        return QDir::cleanPath(dir.absoluteFilePath(found.first()));
    // 4. TypeORM 0.2's ormconfig.
    for (const QLatin1String candidate :
        { QLatin1String("ormconfig.json"), QLatin1String("ormconfig.js"), QLatin1String("ormconfig.ts"),
            QLatin1String("ormconfig.env"), QLatin1String("ormconfig.yml"), QLatin1String("ormconfig.yaml") })
        if (QFileInfo::exists(dir.absoluteFilePath(candidate)))
            return QDir::cleanPath(dir.absoluteFilePath(candidate));
    return {};
}

Result<TypeOrmProject> TypeOrmProject::open(const QString &folder, const QProcessEnvironment &environment)
{
    if (!QFileInfo(folder).isDir())
        return StrataError::make(
            StrataError::Kind::Io, QStringLiteral("the project folder does not exist"), folder);
    const QString config = findConfigFile(folder);
    if (config.isEmpty())
        return StrataError::make(StrataError::Kind::Source,
            QStringLiteral("no TypeORM data source found (looked for the package.json scripts' -d, "
                           "src/data-source.ts, data-source.ts and ormconfig.*)"),
            QDir(folder).absolutePath());
    return openConfig(folder, config, environment);
}

Result<TypeOrmProject> TypeOrmProject::openConfig(
    const QString &folder, const QString &configFile, const QProcessEnvironment &environment)
{
    TypeOrmProject project;
    project.m_folder = QDir::cleanPath(QDir(folder).absolutePath());
    project.m_configFile = QDir::cleanPath(QDir(project.m_folder).absoluteFilePath(configFile));
    project.m_environment = environment;
    QFile file(project.m_configFile);
    if (!file.open(QIODevice::ReadOnly))
        return StrataError::make(StrataError::Kind::Io, QStringLiteral("cannot read: ") + file.errorString(),
            project.m_configFile);
    const QByteArray bytes = file.readAll();
    const QString fileName = QFileInfo(project.m_configFile).fileName();
    if (fileName.endsWith(QLatin1String(".json"))) {
        project.readOrmConfigJson(bytes);
    } else if (fileName == QLatin1String("ormconfig.env")) {
        Result<EnvFile> env = EnvFile::parse(bytes, project.m_configFile);
        if (!env)
            return env.error();
        project.m_dotenv = *env;
        project.m_envFile = project.m_configFile;
        project.readOrmConfigEnv();
    } else if (fileName.endsWith(QLatin1String(".yml")) || fileName.endsWith(QLatin1String(".yaml"))) {
        return StrataError::make(StrataError::Kind::Source,
            QStringLiteral("ormconfig in YAML is not read by Strata; use --migrations and the connection "
                           "options, or move the configuration to a data source"),
            project.m_configFile);
    } else {
        TypeOrmDataSourceReader::read(&project, QString::fromUtf8(bytes));
    }
    if (project.m_migrationGlobs.isEmpty())
        project.note(0, 0,
            QStringLiteral("no migrations glob could be read from the data source; pass --migrations DIR"));
    qCInfo(lcTypeOrm) << "TypeORM project" << project.m_folder << "config" << project.m_configFile << "globs"
                      << project.m_migrationGlobs << "history" << project.m_history.qualifiedTable();
    return project;
}

void TypeOrmProject::readOrmConfigJson(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError) {
        note(
            0, 0, QStringLiteral("not valid JSON at byte %1: %2").arg(error.offset).arg(error.errorString()));
        return;
    }
    QJsonObject options = doc.object();
    if (doc.isArray()) {
        // Several connections: TypeORM's CLI takes the one named "default".
        const QJsonArray all = doc.array();
        for (const QJsonValue &v : all)
            if (v.toObject().value(QLatin1String("name")).toString(QStringLiteral("default"))
                == QLatin1String("default"))
                options = v.toObject();
    }
    auto text = [&](QLatin1String key) {
        const QJsonValue v = options.value(key);
        return v.isDouble() ? QString::number(v.toInt()) : v.toString();
    };
    m_type = text(QLatin1String("type"));
    m_connection.host = text(QLatin1String("host"));
    m_connection.port = text(QLatin1String("port")).toInt();
    m_connection.user = text(QLatin1String("username"));
    m_connection.password = text(QLatin1String("password"));
    m_connection.database = text(QLatin1String("database"));
    m_history.schema = text(QLatin1String("schema"));
    if (!text(QLatin1String("migrationsTableName")).isEmpty())
        m_history.table = text(QLatin1String("migrationsTableName"));
    const QString mode = text(QLatin1String("migrationsTransactionMode"));
    m_transactionMode = mode == QLatin1String("all") ? TransactionMode::All
        : mode == QLatin1String("each")              ? TransactionMode::Each
        : mode == QLatin1String("none")              ? TransactionMode::None
                                                     : TransactionMode::Unspecified;
    for (const QJsonValue &v : options.value(QLatin1String("migrations")).toArray())
        addMigrationGlob(v.toString(), 0, 0);
}

void TypeOrmProject::readOrmConfigEnv()
{
    // TypeORM 0.2's TYPEORM_* variables; the process environment wins, as there.
    auto value = [this](const char *name) {
        bool known = false;
        return environmentValue(QLatin1String(name), &known);
    };
    m_type = value("TYPEORM_CONNECTION");
    m_connection.host = value("TYPEORM_HOST");
    m_connection.port = value("TYPEORM_PORT").toInt();
    m_connection.user = value("TYPEORM_USERNAME");
    m_connection.password = value("TYPEORM_PASSWORD");
    m_connection.database = value("TYPEORM_DATABASE");
    m_history.schema = value("TYPEORM_SCHEMA");
    if (!value("TYPEORM_MIGRATIONS_TABLE_NAME").isEmpty())
        m_history.table = value("TYPEORM_MIGRATIONS_TABLE_NAME");
    for (const QString &glob : value("TYPEORM_MIGRATIONS").split(QLatin1Char(','), Qt::SkipEmptyParts))
        addMigrationGlob(glob.trimmed(), 0, 0);
}

void TypeOrmProject::addMigrationGlob(const QString &glob, int line, int column)
{
    const QStringList patterns = expandBraces(glob);
    if (patterns.isEmpty()) {
        note(line, column,
            QStringLiteral("migrations: a glob expands to more than %1 patterns; it is not searched")
                .arg(MaxGlobPatterns));
        return;
    }
    // A cloned repository must not send Strata walking the whole file system
    // (`__dirname + "/../../../../**/*.ts"`): a glob is searched only when the
    // folder its walk starts from is the project folder or inside it.
    static const QRegularExpression wildcard(QStringLiteral(R"([*?\[])"));
    const QString root = m_folder.endsWith(QLatin1Char('/')) ? m_folder : m_folder + QLatin1Char('/');
    for (const QString &pattern : patterns) {
        const QString resolved = resolvePath(pattern);
        const qsizetype at = resolved.indexOf(wildcard);
        const QString walkFrom
            = at < 0 ? resolved : resolved.left(resolved.lastIndexOf(QLatin1Char('/'), at));
        if (walkFrom != m_folder && !walkFrom.startsWith(root)) {
            note(line, column,
                QStringLiteral("migrations: the glob %1 reaches outside the project folder; it is not "
                               "searched (pass --migrations DIR)")
                    .arg(resolved));
            continue;
        }
        // A link inside the project can lead out of it too; the walk of `**`
        // does not follow links below its start, so the start is what counts.
        const QString realFrom = QFileInfo(walkFrom).canonicalFilePath();
        const QString realRoot = QFileInfo(m_folder).canonicalFilePath();
        if (resolved.contains(QLatin1String("**")) && !realFrom.isEmpty() && !realRoot.isEmpty()
            && realFrom != realRoot && !realFrom.startsWith(realRoot + QLatin1Char('/'))) {
            note(line, column,
                QStringLiteral("migrations: the glob %1 leads outside the project folder through a link; it "
                               "is not searched (pass --migrations DIR)")
                    .arg(resolved));
            continue;
        }
        m_migrationGlobs.append(resolved);
    }
}

QStringList TypeOrmProject::expandBraces(const QString &pattern)
{
    // Depth first, alternatives in order, with a work list instead of
    // recursion, and bounded: a crafted glob must not take all memory.
    QStringList result;
    QStringList pending { pattern };
    while (!pending.isEmpty()) {
        const QString current = pending.takeLast();
        const qsizetype open = current.indexOf(QLatin1Char('{'));
        const qsizetype close = open < 0 ? -1 : current.indexOf(QLatin1Char('}'), open);
        if (close < 0) {
            result.append(current);
            continue;
        }
        const QString head = current.left(open);
        const QString tail = current.mid(close + 1);
        const QStringList alternatives = current.mid(open + 1, close - open - 1).split(QLatin1Char(','));
        for (qsizetype i = alternatives.size() - 1; i >= 0; --i)
            pending.append(head + alternatives.at(i) + tail);
        if (result.size() + pending.size() > MaxGlobPatterns)
            return {};
    }
    return result;
}

QStringList TypeOrmProject::matchGlob(const QString &pattern)
{
    // The folder before the first wildcard is where the walk starts.
    const qsizetype wildcard = pattern.indexOf(QRegularExpression(QStringLiteral(R"([*?\[])")));
    if (wildcard < 0)
        return QFileInfo(pattern).isFile() ? QStringList { QDir::cleanPath(pattern) } : QStringList {};
    const qsizetype slash = pattern.lastIndexOf(QLatin1Char('/'), wildcard);
    const QString base = slash <= 0 ? QStringLiteral("/") : pattern.left(slash);
    const QString rest = pattern.mid(slash + 1);
    QString regex;
    for (qsizetype i = 0; i < rest.size(); ++i) {
        const QChar c = rest[i];
        if (c == QLatin1Char('*') && i + 1 < rest.size() && rest[i + 1] == QLatin1Char('*')) {
            const bool slashAfter = i + 2 < rest.size() && rest[i + 2] == QLatin1Char('/');
            regex += slashAfter ? QStringLiteral("(?:.*/)?") : QStringLiteral(".*");
            i += slashAfter ? 2 : 1;
        } else if (c == QLatin1Char('*')) {
            regex += QStringLiteral("[^/]*");
        } else if (c == QLatin1Char('?')) {
            regex += QStringLiteral("[^/]");
        } else if (c == QLatin1Char('[')) {
            const qsizetype end = rest.indexOf(QLatin1Char(']'), i);
            if (end < 0) {
                regex += QRegularExpression::escape(c);
            } else {
                regex += rest.mid(i, end - i + 1);
                i = end;
            }
        } else {
            regex += QRegularExpression::escape(c);
        }
    }
    const QRegularExpression matcher(QRegularExpression::anchoredPattern(regex));
    const bool recursive = rest.contains(QLatin1Char('/'));
    QStringList files;
    QDirIterator it(
        base, QDir::Files, recursive ? QDirIterator::Subdirectories : QDirIterator::NoIteratorFlags);
    const QDir baseDir(base);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = baseDir.relativeFilePath(path);
        if (relative.contains(QLatin1String("node_modules/")))
            continue;
        if (matcher.match(relative).hasMatch())
            files.append(QDir::cleanPath(path));
    }
    return files;
}

QStringList TypeOrmProject::migrationFiles() const
{
    QStringList files;
    for (const QString &glob : m_migrationGlobs)
        for (const QString &path : matchGlob(glob))
            if (!path.endsWith(QLatin1String(".d.ts")) && !path.endsWith(QLatin1String(".map"))
                && !files.contains(path))
                files.append(path);
    std::sort(files.begin(), files.end(),
        [](const QString &a, const QString &b) { return QFileInfo(a).fileName() < QFileInfo(b).fileName(); });
    return files;
}

QStringList TypeOrmProject::migrationFolders() const
{
    QStringList folders;
    for (const QString &glob : m_migrationGlobs) {
        const qsizetype wildcard = glob.indexOf(QRegularExpression(QStringLiteral(R"([*?\[])")));
        const QString folder = wildcard < 0 ? QFileInfo(glob).absolutePath()
                                            : glob.left(glob.lastIndexOf(QLatin1Char('/'), wildcard));
        if (!folders.contains(folder))
            folders.append(folder);
    }
    return folders;
}
