#include "SqlScript.h"

#include "common/Logging.h"
#include "common/TextPosition.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pg_query.h>

namespace {

bool hasConcurrentlyOption(const QJsonArray &params)
{
    for (const QJsonValue &p : params) {
        if (p.toObject().value(QLatin1String("DefElem")).toObject().value(QLatin1String("defname")).toString()
            == QLatin1String("concurrently"))
            return true;
    }
    return false;
}

// The statements for which the server calls PreventInTransactionBlock().
QString notInTransactionReason(const QString &type, const QJsonObject &node)
{
    if (type == QLatin1String("IndexStmt") && node.value(QLatin1String("concurrent")).toBool())
        return QStringLiteral("CREATE INDEX CONCURRENTLY");
    if (type == QLatin1String("DropStmt") && node.value(QLatin1String("concurrent")).toBool())
        return QStringLiteral("DROP INDEX CONCURRENTLY");
    if (type == QLatin1String("ReindexStmt")
        && hasConcurrentlyOption(node.value(QLatin1String("params")).toArray()))
        return QStringLiteral("REINDEX CONCURRENTLY");
    if (type == QLatin1String("VacuumStmt") && node.value(QLatin1String("is_vacuumcmd")).toBool())
        return QStringLiteral("VACUUM");
    if (type == QLatin1String("CreatedbStmt"))
        return QStringLiteral("CREATE DATABASE");
    if (type == QLatin1String("DropdbStmt"))
        return QStringLiteral("DROP DATABASE");
    if (type == QLatin1String("CreateTableSpaceStmt"))
        return QStringLiteral("CREATE TABLESPACE");
    if (type == QLatin1String("DropTableSpaceStmt"))
        return QStringLiteral("DROP TABLESPACE");
    if (type == QLatin1String("AlterSystemStmt"))
        return QStringLiteral("ALTER SYSTEM");
    if (type == QLatin1String("CreateSubscriptionStmt"))
        return QStringLiteral("CREATE SUBSCRIPTION");
    if (type == QLatin1String("AlterTableStmt")) {
        for (const QJsonValue &cmd : node.value(QLatin1String("cmds")).toArray()) {
            const QJsonObject c = cmd.toObject().value(QLatin1String("AlterTableCmd")).toObject();
            if (c.value(QLatin1String("subtype")).toString() == QLatin1String("AT_DetachPartition")
                && c.value(QLatin1String("def"))
                       .toObject()
                       .value(QLatin1String("PartitionCmd"))
                       .toObject()
                       .value(QLatin1String("concurrent"))
                       .toBool())
                return QStringLiteral("DETACH PARTITION CONCURRENTLY");
        }
    }
    return {};
}

// RawStmt locations start right after the previous semicolon, so a statement
// carries the blank lines and comments before it. Positions should point at
// its first word, and the comments are already in the file for the reader.
// (The grammar has already accepted the text; this only steps over what the
// scanner treats as whitespace: blanks, -- lines and nested /* */ blocks.)
qsizetype skipLeadingTrivia(const QByteArray &sql, qsizetype begin, qsizetype end)
{
    for (;;) {
        while (begin < end && QChar::isSpace(static_cast<unsigned char>(sql.at(begin))))
            ++begin;
        if (begin + 1 < end && sql.at(begin) == '-' && sql.at(begin + 1) == '-') {
            const qsizetype newline = sql.indexOf('\n', begin);
            begin = newline < 0 || newline > end ? end : newline + 1;
        } else if (begin + 1 < end && sql.at(begin) == '/' && sql.at(begin + 1) == '*') {
            int depth = 0;
            qsizetype i = begin;
            do {
                if (sql.at(i) == '/' && i + 1 < end && sql.at(i + 1) == '*') {
                    ++depth;
                    i += 2;
                } else if (sql.at(i) == '*' && i + 1 < end && sql.at(i + 1) == '/') {
                    --depth;
                    i += 2;
                } else {
                    ++i;
                }
            } while (depth > 0 && i < end);
            begin = i;
        } else {
            return begin;
        }
    }
}

// Qt's JSON reader stops at 1024 levels of nesting, and libpg_query writes a
// deeply nested expression (a long chain of `+` or `||`, nested CASEs) deeper
// than that. Parsing each statement on its own keeps the others readable.
QJsonArray statementsOneByOne(const QByteArray &sql)
{
    QJsonArray raws;
    PgQuerySplitResult split = pg_query_split_with_parser(sql.constData());
    if (!split.error) {
        for (int i = 0; i < split.n_stmts; ++i) {
            const PgQuerySplitStmt *one = split.stmts[i];
            const qsizetype length = one->stmt_len > 0 ? one->stmt_len : sql.size() - one->stmt_location;
            QJsonObject raw;
            raw[QLatin1String("stmt_location")] = one->stmt_location;
            raw[QLatin1String("stmt_len")] = qint64(length);
            const QByteArray text = sql.mid(one->stmt_location, length);
            PgQueryParseResult parsed = pg_query_parse(text.constData());
            if (!parsed.error) {
                QJsonParseError error;
                const QJsonDocument tree = QJsonDocument::fromJson(QByteArray(parsed.parse_tree), &error);
                const QJsonArray stmts = tree.object().value(QLatin1String("stmts")).toArray();
                if (error.error == QJsonParseError::NoError && stmts.size() == 1)
                    raw[QLatin1String("stmt")] = stmts.at(0).toObject().value(QLatin1String("stmt"));
            }
            pg_query_free_parse_result(parsed);
            if (!raw.contains(QLatin1String("stmt")))
                raw[QLatin1String("unreadable")] = true;
            raws.append(raw);
        }
    }
    pg_query_free_split_result(split);
    return raws;
}

QJsonArray readTrees(const QByteArray &sql, const char *parseTree)
{
    QJsonParseError error;
    const QJsonDocument tree = QJsonDocument::fromJson(QByteArray(parseTree), &error);
    if (error.error == QJsonParseError::NoError)
        return tree.object().value(QLatin1String("stmts")).toArray();
    qCDebug(lcSql) << "parse tree unreadable as a whole (" << error.errorString() << "); one by one";
    return statementsOneByOne(sql);
}

} // namespace

std::optional<QJsonArray> SqlScript::parseTrees(const QByteArray &sql)
{
    PgQueryParseResult parsed = pg_query_parse(sql.constData());
    if (parsed.error) {
        pg_query_free_parse_result(parsed);
        return std::nullopt;
    }
    const QJsonArray raws = readTrees(sql, parsed.parse_tree);
    pg_query_free_parse_result(parsed);
    return raws;
}

Result<QList<SqlStatement>> SqlScript::parse(const QByteArray &sql, const QByteArray &source,
    qsizetype offset, const QString &sourceName, const SourceMap &map, bool allowUnreadableTrees)
{
    // libpg_query reads a C string: whatever follows a NUL byte would be
    // silently left out (not linted, not run), and the server refuses NUL in
    // a query anyway. A TypeORM query("...\0...") or a schema file can hold one.
    const qsizetype nul = sql.indexOf('\0');
    if (nul >= 0) {
        StrataError e = StrataError::make(
            StrataError::Kind::Syntax, QStringLiteral("the SQL contains a NUL byte"), sourceName);
        const TextPosition pos = map.position(source, offset + nul);
        e.line = pos.line;
        e.column = pos.column;
        return e;
    }
    // One parse gives both the split (each RawStmt's byte location and length)
    // and the statement kinds; pg_query_split_with_parser would parse twice.
    PgQueryParseResult parsed = pg_query_parse(sql.constData());
    if (parsed.error) {
        // The parser's own words ("syntax error at or near ...", "unterminated
        // quoted string ..."); prefix only messages that do not say what they are.
        QString message = QString::fromUtf8(parsed.error->message);
        if (!message.startsWith(QLatin1String("syntax error")))
            message = QStringLiteral("syntax error: ") + message;
        StrataError e = StrataError::make(StrataError::Kind::Syntax, message, sourceName);
        // cursorpos counts characters from 1, as the server's error position does.
        const qsizetype at = parsed.error->cursorpos > 0
            ? TextPosition::byteOffsetOfCharacter(sql, parsed.error->cursorpos)
            : 0;
        const TextPosition pos = map.position(source, offset + at);
        e.line = pos.line;
        e.column = pos.column;
        pg_query_free_parse_result(parsed);
        return e;
    }
    const QJsonArray raws = readTrees(sql, parsed.parse_tree);
    pg_query_free_parse_result(parsed);

    QList<SqlStatement> statements;
    qsizetype walkedTo = 0;
    TextPosition walked { 1, 1 };
    for (const QJsonValue &value : raws) {
        const QJsonObject raw = value.toObject();
        qsizetype begin = raw.value(QLatin1String("stmt_location")).toInteger();
        const qint64 length = raw.value(QLatin1String("stmt_len")).toInteger();
        qsizetype end = length > 0 ? begin + length : sql.size();
        begin = skipLeadingTrivia(sql, begin, end);
        while (end > begin && QChar::isSpace(static_cast<unsigned char>(sql.at(end - 1))))
            --end;
        SqlStatement statement;
        statement.text = sql.mid(begin, end - begin);
        statement.sourceOffset = offset + begin;
        if (!map.isEmpty()) {
            const TextPosition at = map.position(source, statement.sourceOffset);
            statement.line = at.line;
            statement.column = at.column;
        } else {
            if (statement.sourceOffset < walkedTo) {
                walkedTo = 0;
                walked = TextPosition { 1, 1 };
            }
            walked = TextPosition::advance(source, walkedTo, walked, statement.sourceOffset);
            walkedTo = statement.sourceOffset;
            statement.line = walked.line;
            statement.column = walked.column;
        }
        const QJsonObject stmt = raw.value(QLatin1String("stmt")).toObject();
        if (!stmt.isEmpty()) {
            statement.nodeType = stmt.constBegin().key();
            const QJsonObject node = stmt.constBegin().value().toObject();
            statement.notInTransactionReason = notInTransactionReason(statement.nodeType, node);
            statement.isTransactionControl = statement.nodeType == QLatin1String("TransactionStmt");
        }
        if (raw.value(QLatin1String("unreadable")).toBool()) {
            // Running it blind would skip the checks every statement gets (no
            // transaction control, nothing that cannot run in a transaction).
            if (!allowUnreadableTrees) {
                StrataError e = StrataError::make(StrataError::Kind::Source,
                    QStringLiteral("this statement is nested too deeply for Strata to read its parse tree "
                                   "(more than 1024 levels); split the expression up, e.g. over several "
                                   "statements or into a function"),
                    sourceName);
                e.line = statement.line;
                e.column = statement.column;
                return e;
            }
            statement.treeUnreadable = true;
        }
        statements.append(std::move(statement));
    }
    qCDebug(lcSql) << sourceName << statements.size() << "statements";
    return statements;
}
