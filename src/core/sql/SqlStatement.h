#pragma once

#include <QByteArray>
#include <QString>

// One statement of a migration section, as PostgreSQL's own grammar
// (libpg_query) split it.
struct SqlStatement
{
    QByteArray text; // exactly what is sent to the server
    qsizetype sourceOffset = 0; // byte offset of text's first byte in the source text
    int line = 0; // 1-based position of the statement in the source text
    int column = 0;
    QString nodeType; // the parse tree's statement node, e.g. "CreateStmt"
    // Set when PostgreSQL refuses to run the statement inside a transaction
    // block (CREATE INDEX CONCURRENTLY, VACUUM, ...): the reason, for messages.
    QString notInTransactionReason;
    bool isTransactionControl = false; // BEGIN, COMMIT, SAVEPOINT ...
    // Parsed, but its parse tree is nested too deeply to be read (see
    // SqlScript::parseTrees): nodeType is empty and nothing is known of it.
    bool treeUnreadable = false;

    // The first line of the statement, for progress displays and logs.
    QString summary(int maxLength = 80) const;
};
