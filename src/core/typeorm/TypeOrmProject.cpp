#include "TypeOrmProject.h"

#include "JsTokenizer.h"
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

// A value the data source evaluates to, as far as it can be known statically.
struct StaticValue
{
    enum class Kind { Unknown, Undefined, String, Number, Boolean, Array };
    Kind kind = Kind::Unknown;
    QString text; // String: the value; Number: the digits; Unknown: why
    bool boolean = false;
    QList<StaticValue> items;

    static StaticValue unknown(const QString &why)
    {
        StaticValue v;
        v.text = why;
        return v;
    }
    static StaticValue string(const QString &s)
    {
        StaticValue v;
        v.kind = Kind::String;
        v.text = s;
        return v;
    }
    bool known() const
    {
        if (kind == Kind::Unknown)
            return false;
        return std::all_of(items.cbegin(), items.cend(), [](const StaticValue &i) { return i.known(); });
    }
    // JavaScript truthiness, for `||`.
    bool truthy() const
    {
        switch (kind) {
        case Kind::Undefined:
            return false;
        case Kind::String:
            return !text.isEmpty();
        case Kind::Number:
            return text.toDouble() != 0;
        case Kind::Boolean:
            return boolean;
        default:
            return true;
        }
    }
    QString asString() const { return kind == Kind::Undefined ? QString() : text; }
};

QString sourceText(const QList<JsToken> &tokens, qsizetype from, qsizetype to, const QString &source)
{
    if (from >= to || from >= tokens.size())
        return {};
    const qsizetype start = tokens[from].offset;
    const qsizetype end = tokens[to - 1].offset + tokens[to - 1].length;
    return source.mid(start, end - start).simplified();
}

bool isOpen(const JsToken &t)
{
    return t.is(QLatin1String("(")) || t.is(QLatin1String("[")) || t.is(QLatin1String("{"));
}

bool isClose(const JsToken &t)
{
    return t.is(QLatin1String(")")) || t.is(QLatin1String("]")) || t.is(QLatin1String("}"));
}

// Index of the token closing the bracket at `open`, or -1.
qsizetype matchingClose(const QList<JsToken> &tokens, qsizetype open)
{
    int depth = 0;
    for (qsizetype i = open; i < tokens.size(); ++i) {
        if (isOpen(tokens[i]))
            ++depth;
        else if (isClose(tokens[i]) && --depth == 0)
            return i;
    }
    return -1;
}

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

// Evaluates the expressions of one data source module: a recursive descent over
// the tokens of a single property value. Whatever it does not understand makes
// the value Unknown, and the caller reports the property's source text.
class TypeOrmProject::Evaluator
{
public:
    Evaluator(const TypeOrmProject &project, const QList<JsToken> &tokens, qsizetype from, qsizetype to,
        QString dirname)
        : m_project(project)
        , m_tokens(tokens)
        , m_pos(from)
        , m_end(to)
        , m_dirname(std::move(dirname))
    {
    }

    // The whole range as one expression; Unknown unless every token is used.
    StaticValue evaluateAll()
    {
        StaticValue v = expression();
        if (v.kind != StaticValue::Kind::Unknown && m_pos != m_end)
            return StaticValue::unknown(QStringLiteral("an expression Strata does not evaluate"));
        return v;
    }

private:
    const JsToken &peek(qsizetype ahead = 0) const
    {
        static const JsToken end;
        return m_pos + ahead < m_end ? m_tokens[m_pos + ahead] : end;
    }
    bool accept(QLatin1String text)
    {
        if (peek().is(text)) {
            ++m_pos;
            return true;
        }
        return false;
    }

    StaticValue expression()
    {
        // Parentheses, arrays and calls nest by recursion: bounded, so crafted
        // nesting (20,000 `(` in a password) is an unknown value, not a crash.
        if (m_depth >= JsTokenizer::MaxNesting) {
            m_pos = m_end;
            return StaticValue::unknown(
                QStringLiteral("an expression nested more than %1 deep").arg(JsTokenizer::MaxNesting));
        }
        ++m_depth;
        StaticValue value = disjunction();
        --m_depth;
        return value;
    }

    StaticValue disjunction()
    {
        StaticValue left = additive();
        while (peek().is(QLatin1String("||")) || peek().is(QLatin1String("??"))) {
            const bool nullish = peek().is(QLatin1String("??"));
            ++m_pos;
            StaticValue right = additive();
            if (left.kind == StaticValue::Kind::Unknown)
                continue;
            const bool keepLeft = nullish ? left.kind != StaticValue::Kind::Undefined : left.truthy();
            if (!keepLeft)
                left = right;
        }
        return left;
    }

    StaticValue additive()
    {
        StaticValue left = postfix();
        while (peek().is(QLatin1String("+"))) {
            ++m_pos;
            StaticValue right = postfix();
            if (left.kind == StaticValue::Kind::Unknown || right.kind == StaticValue::Kind::Unknown) {
                left = left.kind == StaticValue::Kind::Unknown ? left : right;
                continue;
            }
            if (left.kind == StaticValue::Kind::Number && right.kind == StaticValue::Kind::Number) {
                left.text = QString::number(left.text.toDouble() + right.text.toDouble());
            } else if (left.kind == StaticValue::Kind::String && right.kind != StaticValue::Kind::Undefined) {
                left.text += right.text; // in place: a long concatenation stays linear
            } else {
                auto text = [](const StaticValue &v) {
                    return v.kind == StaticValue::Kind::Undefined ? QStringLiteral("undefined") : v.text;
                };
                left = StaticValue::string(text(left) + text(right));
            }
        }
        return left;
    }

    StaticValue postfix()
    {
        StaticValue v = primary();
        for (;;) {
            // TypeScript's non-null assertion `x!` and casts `x as T` change no value.
            if (peek().is(QLatin1String("!"))) {
                ++m_pos;
            } else if (peek().is(QLatin1String("as")) && peek(1).kind == JsToken::Kind::Identifier) {
                m_pos += 2;
            } else {
                return v;
            }
        }
    }

    QList<StaticValue> arguments()
    {
        QList<StaticValue> args;
        if (!accept(QLatin1String("(")))
            return { StaticValue::unknown(QStringLiteral("a call")) };
        while (!peek().is(QLatin1String(")")) && m_pos < m_end) {
            args.append(expression());
            if (!accept(QLatin1String(",")))
                break;
        }
        if (!accept(QLatin1String(")")))
            args.append(StaticValue::unknown(QStringLiteral("a call")));
        return args;
    }

    StaticValue primary()
    {
        const JsToken &t = peek();
        switch (t.kind) {
        case JsToken::Kind::String:
            ++m_pos;
            return StaticValue::string(t.value);
        case JsToken::Kind::Template:
            ++m_pos;
            if (t.hasSubstitution)
                return StaticValue::unknown(QStringLiteral("a ${...} substitution"));
            return StaticValue::string(t.value);
        case JsToken::Kind::Number: {
            ++m_pos;
            StaticValue v;
            v.kind = StaticValue::Kind::Number;
            v.text = t.text;
            return v;
        }
        case JsToken::Kind::Identifier:
            return identifier();
        case JsToken::Kind::Punctuator:
            if (t.is(QLatin1String("("))) {
                ++m_pos;
                StaticValue v = expression();
                if (!accept(QLatin1String(")")))
                    return StaticValue::unknown(QStringLiteral("an unbalanced parenthesis"));
                return v;
            }
            if (t.is(QLatin1String("["))) {
                ++m_pos;
                StaticValue array;
                array.kind = StaticValue::Kind::Array;
                while (!peek().is(QLatin1String("]")) && m_pos < m_end) {
                    if (peek().is(QLatin1String("..."))) {
                        m_pos = m_end;
                        return StaticValue::unknown(QStringLiteral("a spread"));
                    }
                    array.items.append(expression());
                    if (!accept(QLatin1String(",")))
                        break;
                }
                if (!accept(QLatin1String("]")))
                    return StaticValue::unknown(QStringLiteral("an array Strata does not read"));
                return array;
            }
            break;
        default:
            break;
        }
        return StaticValue::unknown(QStringLiteral("an expression Strata does not evaluate"));
    }

    StaticValue identifier()
    {
        const QString name = peek().text;
        if (name == QLatin1String("true") || name == QLatin1String("false")) {
            ++m_pos;
            StaticValue v;
            v.kind = StaticValue::Kind::Boolean;
            v.boolean = name == QLatin1String("true");
            return v;
        }
        if (name == QLatin1String("undefined") || name == QLatin1String("null")) {
            ++m_pos;
            StaticValue v;
            v.kind = StaticValue::Kind::Undefined;
            return v;
        }
        if (name == QLatin1String("__dirname")) {
            ++m_pos;
            return StaticValue::string(m_dirname);
        }
        if (name == QLatin1String("process") && peek(1).is(QLatin1String("."))
            && peek(2).is(QLatin1String("env"))) {
            m_pos += 3;
            QString variable;
            if (accept(QLatin1String("."))) {
                if (peek().kind != JsToken::Kind::Identifier)
                    return StaticValue::unknown(QStringLiteral("process.env without a name"));
                variable = peek().text;
                ++m_pos;
            } else if (accept(QLatin1String("["))) {
                if (peek().kind != JsToken::Kind::String)
                    return StaticValue::unknown(QStringLiteral("a computed process.env name"));
                variable = peek().value;
                ++m_pos;
                if (!accept(QLatin1String("]")))
                    return StaticValue::unknown(QStringLiteral("a computed process.env name"));
            } else {
                return StaticValue::unknown(QStringLiteral("process.env as a whole"));
            }
            bool known = false;
            const QString value = m_project.environmentValue(variable, &known);
            if (!known) {
                StaticValue v;
                v.kind = StaticValue::Kind::Undefined;
                return v;
            }
            return StaticValue::string(value);
        }
        // parseInt(x), parseInt(x, 10), Number(x), +x-free numeric conversions.
        if ((name == QLatin1String("parseInt") || name == QLatin1String("Number"))
            && peek(1).is(QLatin1String("("))) {
            ++m_pos;
            const QList<StaticValue> args = arguments();
            if (args.isEmpty() || !args.first().known())
                return args.isEmpty() ? StaticValue::unknown(QStringLiteral("a call")) : args.first();
            if (args.size() > 1
                && !(args[1].kind == StaticValue::Kind::Number && args[1].text == QLatin1String("10")))
                return StaticValue::unknown(QStringLiteral("parseInt with a radix other than 10"));
            static const QRegularExpression leadingInteger(QStringLiteral(R"(^\s*([+-]?\d+))"));
            const QRegularExpressionMatch m = leadingInteger.match(args.first().asString());
            if (!m.hasMatch())
                return StaticValue::unknown(QStringLiteral("a number that is NaN"));
            StaticValue v;
            v.kind = StaticValue::Kind::Number;
            v.text = m.captured(1);
            return v;
        }
        // path.join(...), path.resolve(...), join(...), resolve(...)
        qsizetype callee = 0;
        if (name == QLatin1String("path") && peek(1).is(QLatin1String("."))
            && (peek(2).is(QLatin1String("join")) || peek(2).is(QLatin1String("resolve"))))
            callee = 2;
        else if ((name == QLatin1String("join") || name == QLatin1String("resolve"))
            && peek(1).is(QLatin1String("(")))
            callee = 0;
        else
            return StaticValue::unknown(QStringLiteral("an expression Strata does not evaluate"));
        const bool resolve = peek(callee).is(QLatin1String("resolve"));
        m_pos += callee + 1;
        const QList<StaticValue> args = arguments();
        QString joined;
        for (const StaticValue &a : args) {
            if (a.kind != StaticValue::Kind::String)
                return a.known() ? StaticValue::unknown(QStringLiteral("a path part that is not a string"))
                                 : a;
            if (joined.isEmpty() || (resolve && a.text.startsWith(QLatin1Char('/'))))
                joined = a.text;
            else
                joined += QLatin1Char('/') + a.text;
        }
        return StaticValue::string(QDir::cleanPath(joined));
    }

    const TypeOrmProject &m_project;
    const QList<JsToken> &m_tokens;
    qsizetype m_pos;
    qsizetype m_end;
    QString m_dirname;
    int m_depth = 0;
};

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
        project.readDataSourceModule(QString::fromUtf8(bytes));
    }
    if (project.m_migrationGlobs.isEmpty())
        project.note(0, 0,
            QStringLiteral("no migrations glob could be read from the data source; pass --migrations DIR"));
    qCInfo(lcTypeOrm) << "TypeORM project" << project.m_folder << "config" << project.m_configFile << "globs"
                      << project.m_migrationGlobs << "history" << project.m_history.qualifiedTable();
    return project;
}

void TypeOrmProject::readDataSourceModule(const QString &source)
{
    JsTokenizer tokenizer(source);
    const QList<JsToken> tokens = tokenizer.tokenize();
    if (tokenizer.failed()) {
        note(tokenizer.errorLine(), tokenizer.errorColumn(), tokenizer.error());
        return;
    }
    const QString dirname = QFileInfo(m_configFile).absolutePath();

    // dotenv: `import 'dotenv/config'`, `require('dotenv').config()`,
    // `import { config } from 'dotenv'; config()`, `dotenv.config({ path })`.
    bool dotenv = false;
    QString dotenvPath = QStringLiteral(".env");
    const bool mentionsDotenv = source.contains(QLatin1String("dotenv"));
    bool configUnclosed = false;
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const JsToken &t = tokens[i];
        if (t.kind == JsToken::Kind::String
            && (t.value == QLatin1String("dotenv/config") || t.value == QLatin1String("dotenv")))
            dotenv = dotenv || t.value == QLatin1String("dotenv/config");
        if (t.is(QLatin1String("config")) && i + 1 < tokens.size() && tokens[i + 1].is(QLatin1String("("))
            && mentionsDotenv && !configUnclosed) {
            dotenv = true;
            const qsizetype close = matchingClose(tokens, i + 1);
            // Each `config(` scans to its `)`: one left open, or ones nested in
            // each other, made `config(` repeated quadratic.
            configUnclosed = close < 0;
            for (qsizetype k = i + 2; k + 2 < close; ++k) {
                if (tokens[k].is(QLatin1String("path")) && tokens[k + 1].is(QLatin1String(":"))) {
                    Evaluator e(*this, tokens, k + 2, k + 3, dirname);
                    const StaticValue v = e.evaluateAll();
                    if (v.kind == StaticValue::Kind::String)
                        dotenvPath = v.text;
                    else
                        note(tokens[k].line, tokens[k].column,
                            QStringLiteral("dotenv's path is not a plain string; reading .env"));
                }
            }
            if (close > i)
                i = close;
        }
    }
    if (dotenv) {
        const QString path = resolvePath(dotenvPath);
        if (QFileInfo::exists(path)) {
            Result<EnvFile> env = EnvFile::read(path);
            if (env) {
                m_dotenv = *env;
                m_envFile = path;
            } else {
                m_notes.append(TypeOrmProblem {
                    env.error().file, env.error().line, env.error().column, env.error().message });
            }
        }
    }

    // The options object: `new DataSource({...})`, or `new DataSource(name)`
    // with `const name = {...}` / `name: DataSourceOptions = {...}`, or an
    // ormconfig module's `module.exports = {...}` / `export default {...}`.
    qsizetype open = -1;
    for (qsizetype i = 0; i + 3 < tokens.size() && open < 0; ++i) {
        if (!(tokens[i].is(QLatin1String("new")) && tokens[i + 1].is(QLatin1String("DataSource"))
                && tokens[i + 2].is(QLatin1String("("))))
            continue;
        if (tokens[i + 3].is(QLatin1String("{"))) {
            open = i + 3;
        } else if (tokens[i + 3].kind == JsToken::Kind::Identifier) {
            const QString name = tokens[i + 3].text;
            for (qsizetype k = 0; k + 1 < tokens.size() && open < 0; ++k) {
                if (tokens[k].kind != JsToken::Kind::Identifier || tokens[k].text != name || k == i + 3)
                    continue;
                for (qsizetype j = k + 1; j < std::min(k + 6, tokens.size() - 1); ++j)
                    if (tokens[j].is(QLatin1String("=")) && tokens[j + 1].is(QLatin1String("{"))) {
                        open = j + 1;
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
    if (open < 0) {
        note(0, 0, QStringLiteral("no `new DataSource({...})` options object found"));
        return;
    }
    const qsizetype close = matchingClose(tokens, open);
    if (close < 0) {
        note(tokens[open].line, tokens[open].column, QStringLiteral("the options object is not closed"));
        return;
    }

    // Top-level properties: `key: value` up to the next top-level comma.
    struct Property
    {
        QString key;
        qsizetype from = 0;
        qsizetype to = 0;
        int line = 0;
        int column = 0;
    };
    QList<Property> properties;
    qsizetype i = open + 1;
    while (i < close) {
        qsizetype end = i;
        int depth = 0;
        while (end < close && !(depth == 0 && tokens[end].is(QLatin1String(",")))) {
            if (isOpen(tokens[end]))
                ++depth;
            else if (isClose(tokens[end]))
                --depth;
            ++end;
        }
        const JsToken &first = tokens[i];
        if (first.is(QLatin1String("..."))) {
            note(first.line, first.column,
                QStringLiteral("`%1` spreads options Strata cannot see; they are not read")
                    .arg(sourceText(tokens, i, end, source)));
        } else if (end > i + 1 && tokens[i + 1].is(QLatin1String(":"))) {
            properties.append(Property { first.kind == JsToken::Kind::String ? first.value : first.text,
                i + 2, end, first.line, first.column });
        } else if (end == i + 1 && first.kind == JsToken::Kind::Identifier) {
            note(first.line, first.column,
                QStringLiteral("the shorthand property `%1` is a variable; it is not read").arg(first.text));
        }
        i = end + 1;
    }

    auto evaluate = [&](const Property &p) {
        Evaluator e(*this, tokens, p.from, p.to, dirname);
        StaticValue v = e.evaluateAll();
        if (!v.known())
            note(p.line, p.column,
                QStringLiteral("%1: `%2` cannot be known without running it (%3)")
                    .arg(p.key, sourceText(tokens, p.from, p.to, source),
                        v.kind == StaticValue::Kind::Unknown ? v.text : QStringLiteral("an element of it")));
        return v;
    };
    auto stringOf = [&](const Property &p, QString *out) {
        const StaticValue v = evaluate(p);
        if (v.kind == StaticValue::Kind::String || v.kind == StaticValue::Kind::Number)
            *out = v.text;
        else if (v.kind == StaticValue::Kind::Undefined)
            note(p.line, p.column,
                QStringLiteral("%1: `%2` is not set in the environment or .env and has no default; left to "
                               "libpq's defaults")
                    .arg(p.key, sourceText(tokens, p.from, p.to, source)));
    };

    for (const Property &p : properties) {
        if (p.key == QLatin1String("type")) {
            stringOf(p, &m_type);
            if (!m_type.isEmpty() && m_type != QLatin1String("postgres"))
                note(p.line, p.column,
                    QStringLiteral("type is '%1'; Strata works with PostgreSQL only").arg(m_type));
        } else if (p.key == QLatin1String("host")) {
            stringOf(p, &m_connection.host);
        } else if (p.key == QLatin1String("port")) {
            QString port;
            stringOf(p, &port);
            if (!port.isEmpty()) {
                bool ok = false;
                m_connection.port = port.toInt(&ok);
                if (!ok || m_connection.port <= 0 || m_connection.port > 65535) {
                    m_connection.port = 0;
                    // The expression, not its value: it might read a secret.
                    note(p.line, p.column,
                        QStringLiteral("port: `%1` is not a port number")
                            .arg(sourceText(tokens, p.from, p.to, source)));
                }
            }
        } else if (p.key == QLatin1String("username")) {
            stringOf(p, &m_connection.user);
        } else if (p.key == QLatin1String("password")) {
            // Never the value in a note: only whether it is known.
            const StaticValue v = Evaluator(*this, tokens, p.from, p.to, dirname).evaluateAll();
            if (v.kind == StaticValue::Kind::String || v.kind == StaticValue::Kind::Number)
                m_connection.password = v.text;
            else if (!v.known())
                // Nor its source text: it may hold the password itself, in a
                // literal beside a call (`process.env.X || "fallback"`).
                note(p.line, p.column,
                    QStringLiteral("password: its expression cannot be known without running it; use "
                                   "PGPASSWORD, ~/.pgpass or --password-stdin"));
        } else if (p.key == QLatin1String("database")) {
            stringOf(p, &m_connection.database);
        } else if (p.key == QLatin1String("url")) {
            QString url;
            const StaticValue v = Evaluator(*this, tokens, p.from, p.to, dirname).evaluateAll();
            if (v.kind == StaticValue::Kind::String) {
                Result<ConnectionSettings> dsn = ConnectionSettings::fromDsn(v.text);
                if (dsn) {
                    // TypeORM lets url win over host, port, username, password and database.
                    ConnectionSettings fromUrl = *dsn;
                    m_connection.overrideWith(fromUrl);
                } else {
                    note(p.line, p.column, QStringLiteral("url: not a PostgreSQL connection URL"));
                }
            } else if (!v.known()) {
                // Not its source text: a URL carries the password.
                note(p.line, p.column,
                    QStringLiteral(
                        "url: its expression cannot be known without running it; give the connection "
                        "with --dsn, PG* variables or a profile"));
            }
        } else if (p.key == QLatin1String("schema")) {
            stringOf(p, &m_history.schema);
        } else if (p.key == QLatin1String("migrationsTableName")) {
            QString table;
            stringOf(p, &table);
            if (!table.isEmpty())
                m_history.table = table;
        } else if (p.key == QLatin1String("migrationsTransactionMode")) {
            QString mode;
            stringOf(p, &mode);
            if (mode == QLatin1String("all"))
                m_transactionMode = TransactionMode::All;
            else if (mode == QLatin1String("each"))
                m_transactionMode = TransactionMode::Each;
            else if (mode == QLatin1String("none"))
                m_transactionMode = TransactionMode::None;
            else if (!mode.isEmpty())
                note(p.line, p.column,
                    QStringLiteral("migrationsTransactionMode '%1' is not all, each or none").arg(mode));
        } else if (p.key == QLatin1String("migrations")) {
            const StaticValue v = Evaluator(*this, tokens, p.from, p.to, dirname).evaluateAll();
            const QList<StaticValue> items
                = v.kind == StaticValue::Kind::Array ? v.items : QList<StaticValue> { v };
            for (const StaticValue &item : items) {
                if (item.kind == StaticValue::Kind::String) {
                    addMigrationGlob(item.text, p.line, p.column);
                } else {
                    note(p.line, p.column,
                        QStringLiteral("migrations: an entry of `%1` is not a path or glob (migration "
                                       "classes imported into the data source are not followed); pass "
                                       "--migrations DIR")
                            .arg(sourceText(tokens, p.from, p.to, source)));
                    break;
                }
            }
        }
    }
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
