#pragma once

#include "JsExpressionParser.h"
#include "JsTokens.h"
#include "JsValue.h"

#include <QList>
#include <QString>

class TypeOrmProject;

// Reads a data source module into its TypeOrmProject without running Node:
// the .env it loads (`import 'dotenv/config'`, `config({ path })` ...), then
// the options object (`new DataSource({...})`, `new DataSource(options)` with
// `const options = {...}`, an ormconfig module's `export default {...}` /
// `module.exports = {...}`), option by option. Values are evaluated by
// JsExpressionParser in the module's scope (process.env, __dirname,
// path.join); what cannot be known becomes a note of the project with its
// line, and never quotes a password or url expression.
class TypeOrmDataSourceReader
{
public:
    static void read(TypeOrmProject *project, const QString &source);

private:
    // A top-level `key: value` of the options object: the value's tokens [from, to).
    struct Property
    {
        QString key;
        qsizetype from = 0;
        qsizetype to = 0;
        int line = 0;
        int column = 0;
    };

    TypeOrmDataSourceReader(TypeOrmProject *project, JsTokens tokens);
    static JsExpressionParser::Scope scopeOf(const TypeOrmProject *project);

    void loadDotenv();
    // The `{` of the options object, or -1.
    qsizetype findOptionsObject() const;
    // The properties between `open` and `close`; spreads and shorthands are noted.
    QList<Property> properties(qsizetype open, qsizetype close);
    void readProperty(const Property &p);
    // The value, with a note naming the property when it cannot be known.
    JsValue evaluate(const Property &p);
    void readString(const Property &p, QString *out);
    QString sourceText(const Property &p) const;

    TypeOrmProject *m_project;
    JsTokens m_tokens;
    JsExpressionParser m_parser;
};
