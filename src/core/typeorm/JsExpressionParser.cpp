#include "JsExpressionParser.h"

#include <QDir>
#include <QRegularExpression>

using Kind = JsToken::Kind;

JsExpressionParser::JsExpressionParser(const JsTokens &tokens)
    : JsExpressionParser(tokens, Scope {})
{
}

JsExpressionParser::JsExpressionParser(const JsTokens &tokens, Scope scope)
    : m_tokens(tokens)
    , m_scope(std::move(scope))
    , m_end(tokens.size() - 1)
    , m_endToken(tokens.at(tokens.size() - 1))
{
    m_endToken.kind = Kind::End;
}

const JsToken *JsExpressionParser::tooDeep() const
{
    return m_tooDeep < 0 ? nullptr : &m_tokens.at(m_tooDeep);
}

const JsToken &JsExpressionParser::at(qsizetype i) const
{
    return i < m_end ? m_tokens.at(i) : m_endToken;
}

bool JsExpressionParser::isOpener(qsizetype i) const
{
    return i < m_end && m_tokens.isOpener(i);
}

bool JsExpressionParser::isDelimiter(qsizetype pos, bool newlineEnds) const
{
    const JsToken &t = at(pos);
    if (t.kind == Kind::End)
        return true;
    if (t.kind == Kind::Punctuator
        && (t.text == QLatin1String(",") || t.text == QLatin1String(")") || t.text == QLatin1String("]")
            || t.text == QLatin1String("}") || t.text == QLatin1String(";")))
        return true;
    return newlineEnds && t.newlineBefore;
}

void JsExpressionParser::skipRest(qsizetype *pos, bool newlineEnds) const
{
    // Bracket to bracket with the pairs JsTokens found: iterative, any depth.
    while (!isDelimiter(*pos, newlineEnds)) {
        if (isOpener(*pos)) {
            const qsizetype close = m_tokens.closer(*pos);
            *pos = close < 0 || close >= m_end ? m_end : close + 1;
        } else {
            ++*pos;
        }
    }
}

JsValue JsExpressionParser::computed(qsizetype first, qsizetype last, const QString &reason) const
{
    JsValue v;
    v.kind = JsValue::Kind::Computed;
    v.text = m_tokens.text(first, qMin(last, m_end - 1));
    v.reason = reason;
    const JsToken &t = at(first);
    v.line = t.line;
    v.column = t.column;
    v.offset = t.offset;
    return v;
}

JsValue JsExpressionParser::parseRange(qsizetype from, qsizetype to)
{
    const qsizetype savedEnd = m_end;
    const JsToken savedEndToken = m_endToken;
    m_end = qBound(qsizetype(0), to, m_tokens.size() - 1);
    m_endToken = m_tokens.at(m_end);
    m_endToken.kind = Kind::End;
    qsizetype pos = from;
    JsValue value = parse(&pos, false);
    if (value.kind != JsValue::Kind::Computed && pos < m_end)
        value = computed(from, m_end - 1, QStringLiteral("an expression Strata does not evaluate"));
    m_end = savedEnd;
    m_endToken = savedEndToken;
    return value;
}

JsValue JsExpressionParser::parse(qsizetype *pos, bool newlineEnds)
{
    const qsizetype start = *pos;
    // Values nest by recursion (parentheses, arrays, objects, calls): past the
    // limit crafted input would overflow the stack, so the rest is skipped.
    if (m_depth >= MaxNesting) {
        if (m_tooDeep < 0)
            m_tooDeep = qMin(start, m_end);
        skipRest(pos, newlineEnds);
        JsValue value
            = computed(start, start, QStringLiteral("values nested more than %1 deep").arg(MaxNesting));
        value.source = value.text;
        return value;
    }
    ++m_depth;
    JsValue value = disjunction(pos);
    if (!isDelimiter(*pos, newlineEnds)) {
        skipRest(pos, newlineEnds);
        value = computed(start, *pos - 1,
            value.kind == JsValue::Kind::Computed ? value.reason : QStringLiteral("an expression"));
    }
    value.source = m_tokens.text(start, qMin(*pos, m_end) - 1);
    --m_depth;
    return value;
}

JsValue JsExpressionParser::disjunction(qsizetype *pos)
{
    const qsizetype start = *pos;
    JsValue left = additive(pos);
    bool combined = false;
    while (at(*pos).is(QLatin1String("||")) || at(*pos).is(QLatin1String("??"))) {
        const bool nullish = at(*pos).is(QLatin1String("??"));
        ++*pos;
        JsValue right = additive(pos);
        combined = true;
        if (left.kind == JsValue::Kind::Computed)
            continue;
        const bool keepLeft = nullish ? !left.isNullish() : left.truthy();
        if (!keepLeft)
            left = std::move(right);
    }
    if (combined && left.kind == JsValue::Kind::Computed)
        left = computed(start, *pos - 1, left.reason);
    return left;
}

JsValue JsExpressionParser::additive(qsizetype *pos)
{
    const qsizetype start = *pos;
    JsValue value = postfix(pos);
    QString reason;
    while (at(*pos).is(QLatin1String("+"))) {
        ++*pos;
        const JsValue right = postfix(pos);
        if (!reason.isEmpty())
            continue;
        if (value.kind == JsValue::Kind::Computed || right.kind == JsValue::Kind::Computed)
            reason = right.kind == JsValue::Kind::Computed ? right.reason : value.reason;
        else if (!add(&value, right))
            reason = QStringLiteral("a concatenation of non-strings");
    }
    // The source text of the whole concatenation is taken once, after it:
    // per `+` it made a long concatenation quadratic.
    if (!reason.isEmpty())
        value = computed(start, *pos - 1, reason);
    return value;
}

bool JsExpressionParser::add(JsValue *left, const JsValue &right) const
{
    using VK = JsValue::Kind;
    if (left->kind == VK::Number && right.kind == VK::Number) {
        left->text = JsValue::numberText(left->number() + right.number());
        return true;
    }
    const bool strings = left->kind == VK::String && right.kind == VK::String;
    const bool converted
        = m_scope.stringConversions && (left->kind == VK::String || right.kind == VK::String);
    QString leftText;
    QString rightText;
    if (!(strings || converted) || !left->toJsString(&leftText) || !right.toJsString(&rightText))
        return false;
    if (left->kind != VK::String) {
        left->kind = VK::String;
        left->text = leftText;
        left->origins = { SourceMap::Segment { 0, left->offset, false } };
    }
    if (right.origins.isEmpty() && !rightText.isEmpty()) {
        // Not a literal (a number, a value of the module's scope): from its expression.
        left->origins.append(SourceMap::Segment { left->text.size(), right.offset, false });
    }
    for (SourceMap::Segment origin : right.origins) {
        origin.synthesized += left->text.size();
        left->origins.append(origin);
    }
    left->text += rightText; // in place: a long concatenation stays linear
    return true;
}

JsValue JsExpressionParser::postfix(qsizetype *pos)
{
    JsValue v = primary(pos);
    for (;;) {
        // TypeScript's non-null assertion `x!` and casts `x as T` change no value.
        if (at(*pos).is(QLatin1String("!")))
            ++*pos;
        else if (at(*pos).is(QLatin1String("as")) && at(*pos + 1).kind == Kind::Identifier)
            *pos += 2;
        else
            return v;
    }
}

JsValue JsExpressionParser::primary(qsizetype *pos)
{
    const qsizetype start = *pos;
    const JsToken &t = at(start);
    JsValue v;
    v.line = t.line;
    v.column = t.column;
    v.offset = t.offset;
    auto take = [&](JsValue::Kind kind, const QString &text) {
        v.kind = kind;
        v.text = text;
        ++*pos;
        return v;
    };
    switch (t.kind) {
    case Kind::String:
        v.origins = t.origins;
        return take(JsValue::Kind::String, t.value);
    case Kind::Template:
        if (t.hasSubstitution) {
            ++*pos;
            return computed(start, start,
                QStringLiteral("a template literal with a substitution `${%1}`").arg(t.substitution));
        }
        v.origins = t.origins;
        return take(JsValue::Kind::String, t.value);
    case Kind::Number:
        return take(JsValue::Kind::Number, t.text);
    case Kind::Identifier:
        return identifier(pos);
    case Kind::Punctuator:
        if (t.text == QLatin1String("-") && at(start + 1).kind == Kind::Number) {
            *pos = start + 2;
            v.kind = JsValue::Kind::Number;
            v.text = QLatin1Char('-') + at(start + 1).text;
            return v;
        }
        if (t.text == QLatin1String("(")) {
            ++*pos;
            JsValue inner = parse(pos, false);
            if (at(*pos).is(QLatin1String(")"))) {
                ++*pos;
                return inner;
            }
            // A comma expression, or brackets that do not pair: not read.
            const qsizetype close = m_tokens.closer(start);
            *pos = close < 0 || close >= m_end ? m_end : close + 1;
            return computed(start, *pos - 1, QStringLiteral("an expression"));
        }
        if (t.text == QLatin1String("["))
            return array(pos);
        if (t.text == QLatin1String("{"))
            return object(pos);
        break;
    case Kind::RegExp:
    case Kind::End:
        break;
    }
    if (t.kind != Kind::End && !isDelimiter(start, false))
        ++*pos;
    return computed(start, start, QStringLiteral("an expression"));
}

JsValue JsExpressionParser::identifier(qsizetype *pos)
{
    const qsizetype start = *pos;
    const JsToken &t = at(start);
    const QString &name = t.text;
    JsValue v;
    v.line = t.line;
    v.column = t.column;
    v.offset = t.offset;
    v.text = name;
    if (name == QLatin1String("true") || name == QLatin1String("false")) {
        ++*pos;
        v.kind = JsValue::Kind::Boolean;
        v.boolean = name == QLatin1String("true");
        return v;
    }
    if (name == QLatin1String("null") || name == QLatin1String("undefined")) {
        ++*pos;
        v.kind = name == QLatin1String("null") ? JsValue::Kind::Null : JsValue::Kind::Undefined;
        return v;
    }
    if (name == QLatin1String("new"))
        return newExpression(pos);
    if (name == QLatin1String("__dirname") && !m_scope.dirname.isEmpty()) {
        ++*pos;
        v.kind = JsValue::Kind::String;
        v.text = m_scope.dirname;
        return v;
    }
    if (name == QLatin1String("process") && m_scope.environment && at(start + 1).is(QLatin1String("."))
        && at(start + 2).is(QLatin1String("env")))
        return processEnv(pos);
    if ((name == QLatin1String("parseInt") || name == QLatin1String("Number"))
        && at(start + 1).is(QLatin1String("(")))
        return numberCall(pos);
    if (m_scope.pathFunctions) {
        if (name == QLatin1String("path") && at(start + 1).is(QLatin1String("."))
            && (at(start + 2).is(QLatin1String("join")) || at(start + 2).is(QLatin1String("resolve"))))
            return pathCall(pos, 2);
        if ((name == QLatin1String("join") || name == QLatin1String("resolve"))
            && at(start + 1).is(QLatin1String("(")))
            return pathCall(pos, 0);
    }
    ++*pos;
    return computed(start, start, QStringLiteral("the variable `%1`").arg(name));
}

JsValue JsExpressionParser::newExpression(qsizetype *pos)
{
    const qsizetype start = *pos;
    qsizetype p = start + 1;
    QString className;
    while (at(p).kind == Kind::Identifier) {
        className = at(p).text; // `new Table` or tsc's `new typeorm_1.Table`
        if (!at(p + 1).is(QLatin1String(".")))
            break;
        p += 2;
    }
    if (className.isEmpty() || !at(p + 1).is(QLatin1String("("))) {
        ++*pos;
        return computed(start, start, QStringLiteral("a `new` expression that cannot be read"));
    }
    JsValue v;
    v.kind = JsValue::Kind::New;
    v.text = className;
    v.line = at(start).line;
    v.column = at(start).column;
    v.offset = at(start).offset;
    *pos = p + 1;
    if (!arguments(pos, &v.items))
        return computed(start, *pos - 1, QStringLiteral("a `new` expression that cannot be read"));
    return v;
}

bool JsExpressionParser::arguments(qsizetype *pos, QList<JsValue> *out)
{
    if (!at(*pos).is(QLatin1String("(")))
        return false;
    ++*pos;
    while (!at(*pos).is(QLatin1String(")")) && at(*pos).kind != Kind::End) {
        out->append(parse(pos, false));
        if (at(*pos).is(QLatin1String(",")))
            ++*pos;
        else
            break;
    }
    if (!at(*pos).is(QLatin1String(")")))
        return false;
    ++*pos;
    return true;
}

JsValue JsExpressionParser::array(qsizetype *pos)
{
    const qsizetype start = *pos;
    JsValue v;
    v.kind = JsValue::Kind::Array;
    v.line = at(start).line;
    v.column = at(start).column;
    v.offset = at(start).offset;
    ++*pos;
    while (!at(*pos).is(QLatin1String("]")) && at(*pos).kind != Kind::End) {
        if (at(*pos).is(QLatin1String("..."))) {
            const qsizetype spread = *pos;
            ++*pos;
            parse(pos, false);
            v.items.append(computed(spread, *pos - 1, QStringLiteral("a spread")));
        } else {
            v.items.append(parse(pos, false));
        }
        if (at(*pos).is(QLatin1String(",")))
            ++*pos;
        else
            break;
    }
    if (!at(*pos).is(QLatin1String("]")))
        return computed(start, *pos - 1, QStringLiteral("an array Strata does not read"));
    ++*pos;
    return v;
}

JsValue JsExpressionParser::object(qsizetype *pos)
{
    const qsizetype start = *pos;
    JsValue v;
    v.kind = JsValue::Kind::Object;
    v.line = at(start).line;
    v.column = at(start).column;
    v.offset = at(start).offset;
    ++*pos;
    while (!at(*pos).is(QLatin1String("}")) && at(*pos).kind != Kind::End) {
        const qsizetype keyAt = *pos;
        const JsToken &key = at(keyAt);
        if (key.is(QLatin1String("..."))) {
            ++*pos;
            parse(pos, false);
            v.fields.append({ QStringLiteral("..."), computed(keyAt, *pos - 1, QStringLiteral("a spread")) });
        } else if (key.kind == Kind::Identifier || key.kind == Kind::String || key.kind == Kind::Number) {
            const QString name = key.kind == Kind::String ? key.value : key.text;
            ++*pos;
            if (at(*pos).is(QLatin1String(":"))) {
                ++*pos;
                v.fields.append({ name, parse(pos, false) });
            } else if (at(*pos).is(QLatin1String(",")) || at(*pos).is(QLatin1String("}"))) {
                v.fields.append(
                    { name, computed(keyAt, keyAt, QStringLiteral("the variable `%1`").arg(name)) });
            } else {
                parse(pos, false); // a method or something stranger
                v.fields.append({ name, computed(keyAt, *pos - 1, QStringLiteral("a method")) });
            }
        } else {
            parse(pos, false); // a computed [key]: value
            if (at(*pos).is(QLatin1String(":"))) {
                ++*pos;
                parse(pos, false);
            }
            v.fields.append({ QString(), computed(keyAt, *pos - 1, QStringLiteral("a computed key")) });
        }
        if (at(*pos).is(QLatin1String(",")))
            ++*pos;
        else
            break;
    }
    if (!at(*pos).is(QLatin1String("}")))
        return computed(start, *pos - 1, QStringLiteral("an object Strata does not read"));
    ++*pos;
    return v;
}

JsValue JsExpressionParser::numberCall(qsizetype *pos)
{
    // parseInt(x), parseInt(x, 10), Number(x).
    const qsizetype start = *pos;
    *pos = start + 1;
    QList<JsValue> args;
    if (!arguments(pos, &args) || args.isEmpty())
        return computed(start, *pos - 1, QStringLiteral("a call"));
    if (const JsValue *c = args.constFirst().firstComputed())
        return computed(start, *pos - 1, c->reason);
    if (args.size() > 1 && !(args[1].kind == JsValue::Kind::Number && args[1].text == QLatin1String("10")))
        return computed(start, *pos - 1, QStringLiteral("parseInt with a radix other than 10"));
    static const QRegularExpression leadingInteger(QStringLiteral(R"(^\s*([+-]?\d+))"));
    QString text;
    const QRegularExpressionMatch m
        = args.constFirst().toJsString(&text) ? leadingInteger.match(text) : QRegularExpressionMatch();
    if (!m.hasMatch())
        return computed(start, *pos - 1, QStringLiteral("a number that is NaN"));
    JsValue v;
    v.kind = JsValue::Kind::Number;
    v.text = m.captured(1);
    v.line = at(start).line;
    v.column = at(start).column;
    v.offset = at(start).offset;
    return v;
}

JsValue JsExpressionParser::processEnv(qsizetype *pos)
{
    const qsizetype start = *pos;
    *pos = start + 3;
    QString variable;
    if (at(*pos).is(QLatin1String("."))) {
        ++*pos;
        if (at(*pos).kind != Kind::Identifier)
            return computed(start, *pos - 1, QStringLiteral("process.env without a name"));
        variable = at(*pos).text;
        ++*pos;
    } else if (at(*pos).is(QLatin1String("["))) {
        const qsizetype open = *pos;
        ++*pos;
        if (at(*pos).kind != Kind::String || !at(*pos + 1).is(QLatin1String("]"))) {
            const qsizetype close = m_tokens.closer(open);
            *pos = close < 0 || close >= m_end ? m_end : close + 1;
            return computed(start, *pos - 1, QStringLiteral("a computed process.env name"));
        }
        variable = at(*pos).value;
        *pos += 2;
    } else {
        return computed(start, *pos - 1, QStringLiteral("process.env as a whole"));
    }
    JsValue v;
    v.line = at(start).line;
    v.column = at(start).column;
    v.offset = at(start).offset;
    QString value;
    if (m_scope.environment(variable, &value)) {
        v.kind = JsValue::Kind::String;
        v.text = value;
    } else {
        v.kind = JsValue::Kind::Undefined;
        v.text = QStringLiteral("undefined");
    }
    return v;
}

JsValue JsExpressionParser::pathCall(qsizetype *pos, qsizetype callee)
{
    // path.join(...), path.resolve(...), join(...), resolve(...)
    const qsizetype start = *pos;
    const bool resolve = at(start + callee).is(QLatin1String("resolve"));
    *pos = start + callee + 1;
    QList<JsValue> args;
    if (!arguments(pos, &args))
        return computed(start, *pos - 1, QStringLiteral("a call"));
    QString joined;
    for (const JsValue &a : args) {
        if (a.kind != JsValue::Kind::String) {
            const JsValue *c = a.firstComputed();
            return computed(
                start, *pos - 1, c ? c->reason : QStringLiteral("a path part that is not a string"));
        }
        if (joined.isEmpty() || (resolve && a.text.startsWith(QLatin1Char('/'))))
            joined = a.text;
        else
            joined += QLatin1Char('/') + a.text;
    }
    JsValue v;
    v.kind = JsValue::Kind::String;
    v.text = QDir::cleanPath(joined);
    v.line = at(start).line;
    v.column = at(start).column;
    v.offset = at(start).offset;
    return v;
}
