#include "TypeOrmDataSourceReader.h"

#include "TypeOrmProject.h"

#include <QFileInfo>
#include <QHash>

#include <algorithm>

void TypeOrmDataSourceReader::read(TypeOrmProject *project, const QString &source)
{
    JsTokenizer tokenizer(source);
    QList<JsToken> tokens = tokenizer.tokenize();
    if (tokenizer.failed()) {
        project->note(tokenizer.errorLine(), tokenizer.errorColumn(), tokenizer.error());
        return;
    }
    TypeOrmDataSourceReader reader(project, JsTokens(source, std::move(tokens)));
    reader.loadDotenv();
    const qsizetype open = reader.findOptionsObject();
    if (open < 0) {
        project->note(0, 0, QStringLiteral("no `new DataSource({...})` options object found"));
        return;
    }
    const qsizetype close = reader.m_tokens.closer(open);
    if (close < 0) {
        const JsToken &brace = reader.m_tokens.at(open);
        project->note(brace.line, brace.column, QStringLiteral("the options object is not closed"));
        return;
    }
    for (const Property &p : reader.properties(open, close))
        reader.readProperty(p);
}

TypeOrmDataSourceReader::TypeOrmDataSourceReader(TypeOrmProject *project, JsTokens tokens)
    : m_project(project)
    , m_tokens(std::move(tokens))
    , m_parser(m_tokens, scopeOf(project))
{
}

JsExpressionParser::Scope TypeOrmDataSourceReader::scopeOf(const TypeOrmProject *project)
{
    // The module's free names as Node sees them when TypeORM's CLI loads it:
    // this process's environment (then the project's .env), its own folder.
    JsExpressionParser::Scope scope;
    scope.environment = [project](const QString &name, QString *value) {
        bool known = false;
        *value = project->environmentValue(name, &known);
        return known;
    };
    scope.dirname = QFileInfo(project->configFile()).absolutePath();
    scope.pathFunctions = true;
    scope.stringConversions = true;
    return scope;
}

QString TypeOrmDataSourceReader::sourceText(const Property &p) const
{
    return m_tokens.text(p.from, p.to - 1);
}

void TypeOrmDataSourceReader::loadDotenv()
{
    const QList<JsToken> &tokens = m_tokens.list();
    // dotenv: `import 'dotenv/config'`, `require('dotenv').config()`,
    // `import { config } from 'dotenv'; config()`, `dotenv.config({ path })`.
    bool dotenv = false;
    QString dotenvPath = QStringLiteral(".env");
    const bool mentionsDotenv = m_tokens.source().contains(QLatin1String("dotenv"));
    bool configUnclosed = false;
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const JsToken &t = tokens[i];
        if (t.kind == JsToken::Kind::String
            && (t.value == QLatin1String("dotenv/config") || t.value == QLatin1String("dotenv")))
            dotenv = dotenv || t.value == QLatin1String("dotenv/config");
        if (t.is(QLatin1String("config")) && i + 1 < tokens.size() && tokens[i + 1].is(QLatin1String("("))
            && mentionsDotenv && !configUnclosed) {
            dotenv = true;
            const qsizetype close = m_tokens.closer(i + 1);
            // Each `config(` scans to its `)`: one left open, or ones nested in
            // each other, made `config(` repeated quadratic.
            configUnclosed = close < 0;
            for (qsizetype k = i + 2; k + 2 < close; ++k) {
                if (tokens[k].is(QLatin1String("path")) && tokens[k + 1].is(QLatin1String(":"))) {
                    const JsValue v = m_parser.parseRange(k + 2, k + 3);
                    if (v.kind == JsValue::Kind::String)
                        dotenvPath = v.text;
                    else
                        m_project->note(tokens[k].line, tokens[k].column,
                            QStringLiteral("dotenv's path is not a plain string; reading .env"));
                }
            }
            if (close > i)
                i = close;
        }
    }
    if (dotenv) {
        const QString path = m_project->resolvePath(dotenvPath);
        if (QFileInfo::exists(path)) {
            Result<EnvFile> env = EnvFile::read(path);
            if (env) {
                m_project->m_dotenv = *env;
                m_project->m_envFile = path;
            } else {
                m_project->m_notes.append(TypeOrmProblem {
                    env.error().file, env.error().line, env.error().column, env.error().message });
            }
        }
    }
}

qsizetype TypeOrmDataSourceReader::findOptionsObject() const
{
    // The options object: `new DataSource({...})`, or `new DataSource(name)`
    // with `const name = {...}` / `name: DataSourceOptions = {...}`, or an
    // ormconfig module's `module.exports = {...}` / `export default {...}`.
    const QList<JsToken> &tokens = m_tokens.list();
    // Where each name is given an object (`name ... = {`, within five tokens):
    // the first two, in one pass, so `new DataSource(x)` repeated is not a
    // search of the file each (20,000 of them took minutes).
    QHash<QString, QList<QPair<qsizetype, qsizetype>>> assigned;
    bool indexed = false;
    auto index = [&] {
        for (qsizetype k = 0; k + 1 < tokens.size(); ++k) {
            if (tokens[k].kind != JsToken::Kind::Identifier)
                continue;
            for (qsizetype j = k + 1; j < std::min(k + 6, tokens.size() - 1); ++j) {
                if (tokens[j].is(QLatin1String("=")) && tokens[j + 1].is(QLatin1String("{"))) {
                    QList<QPair<qsizetype, qsizetype>> &at = assigned[tokens[k].text];
                    if (at.size() < 2)
                        at.append({ k, j + 1 });
                    break;
                }
            }
        }
        indexed = true;
    };
    qsizetype open = -1;
    for (qsizetype i = 0; i + 3 < tokens.size() && open < 0; ++i) {
        if (!(tokens[i].is(QLatin1String("new")) && tokens[i + 1].is(QLatin1String("DataSource"))
                && tokens[i + 2].is(QLatin1String("("))))
            continue;
        if (tokens[i + 3].is(QLatin1String("{"))) {
            open = i + 3;
        } else if (tokens[i + 3].kind == JsToken::Kind::Identifier) {
            if (!indexed)
                index();
            for (const auto &[k, brace] : assigned.value(tokens[i + 3].text)) {
                if (k != i + 3) {
                    open = brace;
                    break;
                }
            }
        }
    }
    for (qsizetype i = 0; i + 1 < tokens.size() && open < 0; ++i) {
        if (tokens[i].is(QLatin1String("default")) && tokens[i + 1].is(QLatin1String("{")) && i > 0
            && tokens[i - 1].is(QLatin1String("export")))
            open = i + 1;
        else if (tokens[i].is(QLatin1String("exports")) && tokens[i + 1].is(QLatin1String("="))
            && i + 2 < tokens.size() && tokens[i + 2].is(QLatin1String("{")))
            open = i + 2;
    }
    return open;
}

QList<TypeOrmDataSourceReader::Property> TypeOrmDataSourceReader::properties(qsizetype open, qsizetype close)
{
    const QList<JsToken> &tokens = m_tokens.list();
    // Top-level properties: `key: value` up to the next top-level comma.
    QList<Property> properties;
    qsizetype i = open + 1;
    while (i < close) {
        qsizetype end = i;
        int depth = 0;
        while (end < close && !(depth == 0 && tokens[end].is(QLatin1String(",")))) {
            if (m_tokens.isOpener(end))
                ++depth;
            else if (m_tokens.isCloser(end))
                --depth;
            ++end;
        }
        const JsToken &first = tokens[i];
        if (first.is(QLatin1String("..."))) {
            m_project->note(first.line, first.column,
                QStringLiteral("`%1` spreads options Strata cannot see; they are not read")
                    .arg(m_tokens.text(i, end - 1)));
        } else if (end > i + 1 && tokens[i + 1].is(QLatin1String(":"))) {
            properties.append(Property { first.kind == JsToken::Kind::String ? first.value : first.text,
                i + 2, end, first.line, first.column });
        } else if (end == i + 1 && first.kind == JsToken::Kind::Identifier) {
            m_project->note(first.line, first.column,
                QStringLiteral("the shorthand property `%1` is a variable; it is not read").arg(first.text));
        }
        i = end + 1;
    }
    return properties;
}

JsValue TypeOrmDataSourceReader::evaluate(const Property &p)
{
    const JsValue v = m_parser.parseRange(p.from, p.to);
    if (const JsValue *computed = v.firstComputed())
        m_project->note(p.line, p.column,
            QStringLiteral("%1: `%2` cannot be known without running it (%3)")
                .arg(p.key, sourceText(p), computed->reason));
    return v;
}

void TypeOrmDataSourceReader::readString(const Property &p, QString *out)
{
    const JsValue v = evaluate(p);
    if (v.kind == JsValue::Kind::String || v.kind == JsValue::Kind::Number)
        *out = v.text;
    else if (v.isNullish())
        m_project->note(p.line, p.column,
            QStringLiteral("%1: `%2` is not set in the environment or .env and has no default; left to "
                           "libpq's defaults")
                .arg(p.key, sourceText(p)));
    else if (v.isStatic())
        m_project->note(p.line, p.column,
            QStringLiteral("%1: `%2` is not a string or a number; it is not used").arg(p.key, sourceText(p)));
}

void TypeOrmDataSourceReader::readProperty(const Property &p)
{
    if (p.key == QLatin1String("type")) {
        readString(p, &m_project->m_type);
        if (!m_project->m_type.isEmpty() && m_project->m_type != QLatin1String("postgres"))
            m_project->note(p.line, p.column,
                QStringLiteral("type is '%1'; Strata works with PostgreSQL only").arg(m_project->m_type));
    } else if (p.key == QLatin1String("host")) {
        readString(p, &m_project->m_connection.host);
    } else if (p.key == QLatin1String("port")) {
        QString port;
        readString(p, &port);
        if (!port.isEmpty()) {
            bool ok = false;
            m_project->m_connection.port = port.toInt(&ok);
            if (!ok || m_project->m_connection.port <= 0 || m_project->m_connection.port > 65535) {
                m_project->m_connection.port = 0;
                // The expression, not its value: it might read a secret.
                m_project->note(
                    p.line, p.column, QStringLiteral("port: `%1` is not a port number").arg(sourceText(p)));
            }
        }
    } else if (p.key == QLatin1String("username")) {
        readString(p, &m_project->m_connection.user);
    } else if (p.key == QLatin1String("password")) {
        // Never the value in a note: only whether it is known.
        const JsValue v = m_parser.parseRange(p.from, p.to);
        if (v.kind == JsValue::Kind::String || v.kind == JsValue::Kind::Number)
            m_project->m_connection.password = v.text;
        else if (!v.isStatic())
            // Nor its source text: it may hold the password itself, in a
            // literal beside a call (`process.env.X || "fallback"`).
            m_project->note(p.line, p.column,
                QStringLiteral("password: its expression cannot be known without running it; use "
                               "PGPASSWORD, ~/.pgpass or --password-stdin"));
    } else if (p.key == QLatin1String("database")) {
        readString(p, &m_project->m_connection.database);
    } else if (p.key == QLatin1String("url")) {
        QString url;
        const JsValue v = m_parser.parseRange(p.from, p.to);
        if (v.kind == JsValue::Kind::String) {
            Result<ConnectionSettings> dsn = ConnectionSettings::fromDsn(v.text);
            if (dsn) {
                // TypeORM lets url win over host, port, username, password and database.
                ConnectionSettings fromUrl = *dsn;
                m_project->m_connection.overrideWith(fromUrl);
            } else {
                m_project->note(p.line, p.column, QStringLiteral("url: not a PostgreSQL connection URL"));
            }
        } else if (!v.isStatic()) {
            // Not its source text: a URL carries the password.
            m_project->note(p.line, p.column,
                QStringLiteral("url: its expression cannot be known without running it; give the connection "
                               "with --dsn, PG* variables or a profile"));
        }
    } else if (p.key == QLatin1String("schema")) {
        readString(p, &m_project->m_history.schema);
    } else if (p.key == QLatin1String("migrationsTableName")) {
        QString table;
        readString(p, &table);
        if (!table.isEmpty())
            m_project->m_history.table = table;
    } else if (p.key == QLatin1String("migrationsTransactionMode")) {
        QString mode;
        readString(p, &mode);
        if (mode == QLatin1String("all"))
            m_project->m_transactionMode = TypeOrmProject::TransactionMode::All;
        else if (mode == QLatin1String("each"))
            m_project->m_transactionMode = TypeOrmProject::TransactionMode::Each;
        else if (mode == QLatin1String("none"))
            m_project->m_transactionMode = TypeOrmProject::TransactionMode::None;
        else if (!mode.isEmpty())
            m_project->note(p.line, p.column,
                QStringLiteral("migrationsTransactionMode '%1' is not all, each or none").arg(mode));
    } else if (p.key == QLatin1String("migrations")) {
        const JsValue v = m_parser.parseRange(p.from, p.to);
        const QList<JsValue> items = v.kind == JsValue::Kind::Array ? v.items : QList<JsValue> { v };
        for (const JsValue &item : items) {
            if (item.kind == JsValue::Kind::String) {
                m_project->addMigrationGlob(item.text, p.line, p.column);
            } else {
                m_project->note(p.line, p.column,
                    QStringLiteral("migrations: an entry of `%1` is not a path or glob (migration "
                                   "classes imported into the data source are not followed); pass "
                                   "--migrations DIR")
                        .arg(sourceText(p)));
                break;
            }
        }
    }
}
