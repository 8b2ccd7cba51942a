#pragma once

#include "JsTokens.h"
#include "JsValue.h"

#include <QString>

#include <functional>

// The one reader of JavaScript expressions for the TypeORM readers: the
// arguments of a migration's queryRunner calls and class properties, and the
// option values of a data source. A recursive descent over JsTokens that
// evaluates what can be known without running Node:
//
// - literals, template literals without `${...}`, `-` before a number,
//   arrays, object literals and `new X(...)`;
// - `+` of strings (in one pass) or of numbers (and in a module whose Scope
//   says so, of a string and another primitive), `||` and `??`;
// - TypeScript's `x!` and `x as T`, which change no value;
// - parseInt(x[, 10]) and Number(x);
// - in a module whose Scope says so: `process.env.X`, `__dirname` and
//   path.join / path.resolve (a migration's process.env is that of whatever
//   runs it, so there they stay Computed).
//
// Anything else is Computed, with its source text and the reason, and the
// parser goes on after it. Values nest by recursion, bounded by MaxNesting:
// deeper ones are skipped whole (iteratively) and Computed, and tooDeep()
// says where the first was.
class JsExpressionParser
{
public:
    // Crafted input nested deeper would exhaust the stack; real code stays in
    // single digits.
    static constexpr int MaxNesting = JsTokenizer::MaxNesting;

    // What the free names of a module mean. Empty: nothing, they are variables.
    struct Scope
    {
        // process.env: true with the value when the variable is set.
        std::function<bool(const QString &name, QString *value)> environment;
        QString dirname; // __dirname
        bool pathFunctions = false; // path.join, path.resolve, join, resolve
        // `+` of a string and a number, boolean, null or undefined gives what
        // Node gives ("db" + 1 is "db1"). Off, such a `+` is Computed: SQL is
        // not built from JavaScript's conversions to string.
        bool stringConversions = false;
    };

    // A parser of a migration file's values: no Scope.
    explicit JsExpressionParser(const JsTokens &tokens);
    JsExpressionParser(const JsTokens &tokens, Scope scope);

    // One value from *pos up to where it ends: `,` `)` `]` `}` `;` or the
    // end (and a line break when newlineEnds). *pos is left there.
    JsValue parse(qsizetype *pos, bool newlineEnds = false);
    // The tokens [from, to) as one value: Computed unless they are exactly one.
    JsValue parseRange(qsizetype from, qsizetype to);

    // The token where a value first nested deeper than MaxNesting; nullptr
    // when none did.
    const JsToken *tooDeep() const;

private:
    const JsToken &at(qsizetype i) const;
    bool isOpener(qsizetype i) const;
    bool isDelimiter(qsizetype pos, bool newlineEnds) const;
    void skipRest(qsizetype *pos, bool newlineEnds) const;
    JsValue computed(qsizetype first, qsizetype last, const QString &reason) const;

    JsValue disjunction(qsizetype *pos);
    JsValue additive(qsizetype *pos);
    JsValue postfix(qsizetype *pos);
    JsValue primary(qsizetype *pos);
    JsValue identifier(qsizetype *pos);
    JsValue newExpression(qsizetype *pos);
    JsValue array(qsizetype *pos);
    JsValue object(qsizetype *pos);
    JsValue numberCall(qsizetype *pos);
    JsValue processEnv(qsizetype *pos);
    JsValue pathCall(qsizetype *pos, qsizetype callee);
    // The arguments of a call whose `(` is at *pos; false when it is not closed.
    bool arguments(qsizetype *pos, QList<JsValue> *out);
    // `left + right` into left when both are strings or both numbers (or
    // the Scope converts to string); false otherwise.
    bool add(JsValue *left, const JsValue &right) const;

    const JsTokens &m_tokens;
    Scope m_scope;
    qsizetype m_end; // tokens from here on read as the End token
    JsToken m_endToken;
    int m_depth = 0;
    qsizetype m_tooDeep = -1;
};
