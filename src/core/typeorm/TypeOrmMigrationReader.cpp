#include "TypeOrmMigrationReader.h"

#include "JsExpressionParser.h"
#include "JsTokenizer.h"
#include "JsTokens.h"
#include "TypeOrmSchemaTranslator.h"
#include "common/Logging.h"
#include "migration/MigrationName.h"

#include <QFile>
#include <QRegularExpression>
#include <QScopedValueRollback>

namespace {

using Kind = JsToken::Kind;

// Reads the one migration class of a file from its tokens. Positions are the
// tokens', so every problem points at the source a person sees.
class ClassReader
{
public:
    ClassReader(const JsTokens &tokens, TypeOrmMigrationFile *file)
        : m_tokens(tokens)
        , m_parser(tokens)
        , m_file(file)
    {
        findUpMethods();
    }

    // Indices of the `{` of every class body with an up() method.
    QList<qsizetype> migrationClassBodies(QStringList *names);
    void readClass(qsizetype bodyOpen);

private:
    const JsToken &at(qsizetype i) const { return m_tokens.at(i); }
    bool isOpener(qsizetype i) const { return m_tokens.isOpener(i); }
    bool isCloser(qsizetype i) const { return m_tokens.isCloser(i); }
    void findUpMethods();
    qsizetype matching(qsizetype open) const;
    QString sourceText(qsizetype first, qsizetype last) const { return m_tokens.text(first, last); }
    void problem(const JsToken &where, const QString &message);
    void problemAt(int line, int column, const QString &message);
    JsValue parseValue(qsizetype *pos, bool newlineEnds);

    void readMethod(const QString &name, qsizetype paramsOpen, qsizetype bodyOpen);
    void readConstructor(qsizetype bodyOpen);
    void readStatements(qsizetype begin, qsizetype end, const QString &runner, QLatin1String awaitWord,
        QList<TypeOrmQuery> *queries);
    qsizetype skipStatement(qsizetype pos, qsizetype end) const;
    void readCall(const JsToken &callToken, const QString &method, const QList<JsValue> &arguments,
        QList<TypeOrmQuery> *queries);
    void readProperty(const JsToken &nameToken, const JsValue &value);

    const JsTokens &m_tokens;
    JsExpressionParser m_parser;
    TypeOrmMigrationFile *m_file;
    bool m_sawUp = false;
    bool m_sawDown = false;
    // Reading down(): a problem there leaves the up runnable.
    bool m_inDown = false;
    // Computed once, so nothing rescans the file per class (30,000 nested
    // classes took minutes): the openers with `up(` directly inside.
    QList<bool> m_hasUpDirectly;
    bool m_reportedNesting = false;
};

void ClassReader::findUpMethods()
{
    m_hasUpDirectly.fill(false, m_tokens.size());
    for (qsizetype i = 0; i < m_tokens.size(); ++i) {
        const qsizetype open = m_tokens.enclosingOpener(i);
        if (open >= 0 && at(i).kind == Kind::Identifier && at(i).text == QLatin1String("up")
            && at(i + 1).is(QLatin1String("(")))
            m_hasUpDirectly[open] = true;
    }
}

qsizetype ClassReader::matching(qsizetype open) const
{
    const qsizetype close = m_tokens.closer(open);
    return close >= 0 ? close : m_tokens.size() - 1; // unclosed: up to the end
}

// A value, read by the shared expression parser; values nested too deep are
// reported once per file, where the first one is.
JsValue ClassReader::parseValue(qsizetype *pos, bool newlineEnds)
{
    JsValue value = m_parser.parse(pos, newlineEnds);
    if (const JsToken *deep = m_parser.tooDeep(); deep && !m_reportedNesting) {
        m_reportedNesting = true;
        problem(*deep,
            QStringLiteral("values nested more than %1 deep; Strata does not read them")
                .arg(JsExpressionParser::MaxNesting));
    }
    return value;
}

void ClassReader::problem(const JsToken &where, const QString &message)
{
    problemAt(where.line, where.column, message);
}

void ClassReader::problemAt(int line, int column, const QString &message)
{
    TypeOrmProblem p;
    p.file = m_file->path;
    p.line = line;
    p.column = column;
    p.message = message;
    (m_inDown ? m_file->downProblems : m_file->problems).append(p);
}

QList<qsizetype> ClassReader::migrationClassBodies(QStringList *names)
{
    QList<qsizetype> bodies;
    for (qsizetype i = 0; i + 1 < m_tokens.size(); ++i) {
        if (!(at(i).kind == Kind::Identifier && at(i).text == QLatin1String("class")))
            continue;
        if (i > 0 && at(i - 1).is(QLatin1String(".")))
            continue;
        if (at(i + 1).kind != Kind::Identifier)
            continue;
        const QString name = at(i + 1).text;
        qsizetype open = i + 2;
        while (at(open).kind != Kind::End && !at(open).is(QLatin1String("{")))
            ++open;
        if (at(open).kind == Kind::End)
            break;
        // A migration class has an up() method directly in its body. What
        // is nested in one is not another migration TypeORM would load.
        if (m_hasUpDirectly.at(open)) {
            bodies.append(open);
            names->append(name);
            i = matching(open);
        } else {
            i = open;
        }
    }
    return bodies;
}

// Skips one statement we do not understand: to its `;`, or to the end of a
// block followed by a line break, or to the end of the body.
qsizetype ClassReader::skipStatement(qsizetype pos, qsizetype end) const
{
    int depth = 0;
    while (pos < end) {
        if (isOpener(pos)) {
            ++depth;
        } else if (isCloser(pos)) {
            if (--depth == 0 && at(pos).is(QLatin1String("}"))
                && (pos + 1 >= end || at(pos + 1).newlineBefore))
                return pos + 1;
        } else if (depth == 0 && at(pos).is(QLatin1String(";"))) {
            return pos + 1;
        }
        ++pos;
    }
    return end;
}

void ClassReader::readStatements(qsizetype begin, qsizetype end, const QString &runner,
    QLatin1String awaitWord, QList<TypeOrmQuery> *queries)
{
    qsizetype pos = begin;
    while (pos < end) {
        if (at(pos).is(QLatin1String(";"))) {
            ++pos;
            continue;
        }
        const qsizetype start = pos;
        const JsToken &first = at(pos);
        auto refuse = [&](const QString &why) {
            const qsizetype next = skipStatement(start, end);
            QString text = sourceText(start, next - 1);
            if (text.size() > 80)
                text = text.left(77) + QStringLiteral("...");
            problem(first,
                QStringLiteral(
                    "`%1`: %2; only `%3 %4.<method>(...)` statements with static arguments can be read")
                    .arg(text, why, awaitWord, runner));
            pos = next;
        };
        if (!first.is(awaitWord)) {
            refuse(QStringLiteral("not a call of the query runner"));
            continue;
        }
        if (!(at(pos + 1).kind == Kind::Identifier && at(pos + 1).text == runner
                && at(pos + 2).is(QLatin1String(".")) && at(pos + 3).kind == Kind::Identifier
                && at(pos + 4).is(QLatin1String("(")))) {
            refuse(QStringLiteral("not a call of the query runner"));
            continue;
        }
        const QString method = at(pos + 3).text;
        const JsToken &callToken = at(pos + 1);
        const qsizetype close = matching(pos + 4);
        QList<JsValue> arguments;
        qsizetype p = pos + 5;
        while (p < close) {
            arguments.append(parseValue(&p, false));
            if (at(p).is(QLatin1String(",")))
                ++p;
            else
                break;
        }
        if (p != close) {
            refuse(QStringLiteral("arguments that cannot be read"));
            continue;
        }
        pos = close + 1;
        if (at(pos).is(QLatin1String(";")) || pos >= end || at(pos).newlineBefore) {
            readCall(callToken, method, arguments, queries);
            continue;
        }
        refuse(QStringLiteral("more than a plain call"));
    }
}

void ClassReader::readCall(const JsToken &callToken, const QString &method, const QList<JsValue> &arguments,
    QList<TypeOrmQuery> *queries)
{
    TypeOrmQuery query;
    query.line = callToken.line;
    query.column = callToken.column;
    query.offset = callToken.offset;
    const QString call = callToken.text + QLatin1Char('.') + method + QStringLiteral("(...)");
    if (method == QLatin1String("query")) {
        if (arguments.isEmpty()) {
            problem(callToken, QStringLiteral("%1: no SQL given").arg(call));
            return;
        }
        const JsValue &sql = arguments.at(0);
        if (sql.kind != JsValue::Kind::String) {
            problemAt(sql.line, sql.column,
                QStringLiteral("%1: the SQL `%2` cannot be read statically (%3)")
                    .arg(call, sql.text,
                        sql.kind == JsValue::Kind::Computed ? sql.reason : QStringLiteral("not a string")));
            return;
        }
        query.sql = sql.text;
        query.origins = sql.origins;
        if (arguments.size() > 1 && arguments.at(1).kind != JsValue::Kind::Undefined) {
            const JsValue &parameters = arguments.at(1);
            query.hasParameters = true;
            if (parameters.kind == JsValue::Kind::Array) {
                for (const JsValue &item : parameters.items)
                    query.parameters.append(item.source);
            } else {
                query.parameters.append(parameters.source);
            }
        }
        if (arguments.size() > 3)
            problem(callToken, QStringLiteral("%1: more arguments than TypeORM takes").arg(call));
        queries->append(query);
        return;
    }
    const TypeOrmSchemaTranslator::Outcome outcome
        = TypeOrmSchemaTranslator::translate(method, arguments, m_file->typeOrmVersion);
    if (!outcome.ok) {
        problemAt(outcome.line ? outcome.line : callToken.line,
            outcome.line ? outcome.column : callToken.column,
            QStringLiteral("%1: %2").arg(call, outcome.message));
        return;
    }
    for (const QString &sql : outcome.sql) {
        TypeOrmQuery q = query;
        q.sql = sql;
        // SQL a schema-builder call stands for: every position in it is the call's.
        q.origins = { SourceMap::Segment { 0, callToken.offset, false } };
        queries->append(q);
    }
}

void ClassReader::readProperty(const JsToken &nameToken, const JsValue &value)
{
    if (nameToken.text == QLatin1String("name")) {
        if (value.kind == JsValue::Kind::String)
            m_file->nameProperty = value.text;
        else
            problem(nameToken,
                QStringLiteral(
                    "the `name` property `%1` cannot be read statically; TypeORM records it as the "
                    "migration's name")
                    .arg(value.text));
    } else if (nameToken.text == QLatin1String("transaction")) {
        if (value.kind == JsValue::Kind::Boolean)
            m_file->transactionDisabled = !value.boolean;
        else
            problem(nameToken,
                QStringLiteral("the `transaction` property `%1` cannot be read statically").arg(value.text));
    }
}

void ClassReader::readConstructor(qsizetype bodyOpen)
{
    const qsizetype close = matching(bodyOpen);
    for (qsizetype i = bodyOpen + 1; i < close; ++i) {
        if (at(i).is(QLatin1String("this")) && at(i + 1).is(QLatin1String("."))
            && at(i + 2).kind == Kind::Identifier && at(i + 3).is(QLatin1String("="))) {
            qsizetype p = i + 4;
            const JsValue value = parseValue(&p, true);
            readProperty(at(i + 2), value);
            i = p - 1;
        }
    }
}

void ClassReader::readMethod(const QString &name, qsizetype paramsOpen, qsizetype bodyOpen)
{
    const bool isUp = name == QLatin1String("up");
    if (isUp)
        m_sawUp = true;
    else
        m_sawDown = true;
    const QScopedValueRollback inDown(m_inDown, !isUp);
    QList<TypeOrmQuery> *queries = isUp ? &m_file->up : &m_file->down;
    (isUp ? m_file->upOffset : m_file->downOffset) = at(paramsOpen - 1).offset;
    // The query runner is whatever the first parameter is called.
    QString runner;
    if (at(paramsOpen + 1).kind == Kind::Identifier)
        runner = at(paramsOpen + 1).text;
    const qsizetype bodyClose = matching(bodyOpen);
    if (runner.isEmpty()) {
        if (bodyClose > bodyOpen + 1)
            problem(at(paramsOpen), QStringLiteral("%1() takes no query runner parameter").arg(name));
        return;
    }
    // tsc for targets before ES2017 turns an async method into
    // `return __awaiter(this, void 0, void 0, function* () { ... yield ... });`.
    qsizetype b = bodyOpen + 1;
    if (at(b).is(QLatin1String("return"))) {
        qsizetype c = b + 1;
        if (at(c).kind == Kind::Identifier && at(c + 1).is(QLatin1String(".")))
            c += 2; // tslib_1.__awaiter
        if (at(c).is(QLatin1String("__awaiter")) && at(c + 1).is(QLatin1String("("))) {
            const qsizetype callClose = matching(c + 1);
            for (qsizetype f = c + 2; f < callClose; ++f) {
                if (at(f).is(QLatin1String("function")) && at(f + 1).is(QLatin1String("*"))) {
                    qsizetype open = f + 2;
                    while (open < callClose && !at(open).is(QLatin1String("{")))
                        ++open;
                    readStatements(open + 1, matching(open), runner, QLatin1String("yield"), queries);
                    return;
                }
            }
        }
    }
    readStatements(bodyOpen + 1, bodyClose, runner, QLatin1String("await"), queries);
}

void ClassReader::readClass(qsizetype bodyOpen)
{
    const qsizetype close = matching(bodyOpen);
    static const QStringList modifiers
        = { QStringLiteral("public"), QStringLiteral("private"), QStringLiteral("protected"),
              QStringLiteral("static"), QStringLiteral("readonly"), QStringLiteral("async"),
              QStringLiteral("override"), QStringLiteral("declare"), QStringLiteral("abstract") };
    qsizetype pos = bodyOpen + 1;
    while (pos < close) {
        if (at(pos).is(QLatin1String(";"))) {
            ++pos;
            continue;
        }
        while (at(pos).kind == Kind::Identifier && at(pos).text.startsWith(QLatin1Char('@'))) {
            ++pos; // a decorator, with its arguments
            if (at(pos).is(QLatin1String("(")))
                pos = matching(pos) + 1;
        }
        while (at(pos).kind == Kind::Identifier && modifiers.contains(at(pos).text)
            && (at(pos + 1).kind == Kind::Identifier || at(pos + 1).is(QLatin1String("*"))
                || at(pos + 1).is(QLatin1String("["))))
            ++pos;
        if (at(pos).is(QLatin1String("*")))
            ++pos;
        if ((at(pos).is(QLatin1String("get")) || at(pos).is(QLatin1String("set")))
            && at(pos + 1).kind == Kind::Identifier)
            ++pos;
        const qsizetype nameAt = pos;
        if (at(pos).is(QLatin1String("[")))
            pos = matching(pos);
        ++pos;
        if (at(pos).is(QLatin1String("?")) || at(pos).is(QLatin1String("!")))
            ++pos;
        const QString name = at(nameAt).text;
        if (at(pos).is(QLatin1String("("))) {
            const qsizetype paramsOpen = pos;
            qsizetype open = matching(pos) + 1;
            while (open < close && !at(open).is(QLatin1String("{")))
                ++open; // a return type annotation
            if (open >= close)
                break;
            if (name == QLatin1String("constructor"))
                readConstructor(open);
            else if (name == QLatin1String("up") || name == QLatin1String("down"))
                readMethod(name, paramsOpen, open);
            pos = matching(open) + 1;
            continue;
        }
        if (at(pos).is(QLatin1String(":"))) { // a type annotation
            int depth = 0;
            ++pos;
            while (pos < close) {
                if (depth == 0
                    && (at(pos).is(QLatin1String("=")) || at(pos).is(QLatin1String(";"))
                        || at(pos).newlineBefore))
                    break;
                if (isOpener(pos) || at(pos).is(QLatin1String("<")))
                    ++depth;
                else if (isCloser(pos) || at(pos).is(QLatin1String(">")))
                    --depth;
                ++pos;
            }
        }
        if (at(pos).is(QLatin1String("="))) {
            ++pos;
            const JsValue value = parseValue(&pos, true);
            readProperty(at(nameAt), value);
        }
        if (pos == nameAt) // never loop in place on something unexpected
            ++pos;
    }
    if (!m_sawDown) {
        // TypeORM runs such an up; only a revert fails.
        const QScopedValueRollback inDown(m_inDown, true);
        problem(at(bodyOpen), QStringLiteral("the class has no down() method"));
    }
}

} // namespace

Result<TypeOrmMigrationFile> TypeOrmMigrationReader::read(const QString &path, TypeOrmVersion version)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return StrataError::make(
            StrataError::Kind::Io, QStringLiteral("cannot read the file: %1").arg(file.errorString()), path);
    const QByteArray bytes = file.readAll();
    if (!QByteArrayView(bytes).isValidUtf8())
        return StrataError::make(
            StrataError::Kind::Source, QStringLiteral("the file is not valid UTF-8"), path);
    return parse(QString::fromUtf8(bytes), path, version);
}

Result<TypeOrmMigrationFile> TypeOrmMigrationReader::parse(
    const QString &source, const QString &path, TypeOrmVersion version)
{
    JsTokenizer tokenizer(source);
    const QList<JsToken> tokens = tokenizer.tokenize();
    if (tokenizer.failed()) {
        StrataError e = StrataError::make(StrataError::Kind::Source, tokenizer.error(), path);
        e.line = tokenizer.errorLine();
        e.column = tokenizer.errorColumn();
        return e;
    }
    TypeOrmMigrationFile file;
    file.path = path;
    file.source = source;
    file.typeOrmVersion = version;
    const JsTokens paired(source, tokens);
    ClassReader reader(paired, &file);
    QStringList names;
    const QList<qsizetype> bodies = reader.migrationClassBodies(&names);
    if (bodies.isEmpty())
        return StrataError::make(StrataError::Kind::Source,
            QStringLiteral("no migration class (a class with an up() method) in the file"), path);
    file.className = names.constFirst();
    reader.readClass(bodies.constFirst());
    if (bodies.size() > 1) {
        TypeOrmProblem p;
        p.file = path;
        p.message = QStringLiteral(
            "more than one migration class (%1); TypeORM runs each, Strata reads one per file")
                        .arg(names.join(QStringLiteral(", ")));
        file.problems.append(p);
    }
    // TypeORM reads the timestamp from the last 13 characters of the name and
    // refuses a name without one.
    MigrationName name;
    QString reason;
    if (MigrationName::fromHistoryName(file.historyName(), &name, &reason)) {
        file.name = name.stem();
        file.timestamp = name.timestamp();
        file.timestampDigits = name.digits();
    } else {
        TypeOrmProblem p;
        p.file = path;
        p.message = reason;
        file.problems.append(p);
    }
    qCDebug(lcTypeOrm) << "read" << path << file.historyName() << file.up.size() << "up and"
                       << file.down.size() << "down statements," << file.problems.size() << "problems";
    return file;
}
