#pragma once

#include <QString>

// One step of a schema diff: its DDL in both directions. A diff's up script is
// the changes' upSql in order; its down script is their downSql in reverse order,
// so each step's downSql only has to undo that one step.
struct SchemaChange
{
    enum class Kind { Create, Drop, Alter, Rename };

    QString objectKind; // "table", "column", "index", "constraint", "view", ...
    QString objectName; // qualified
    Kind kind = Kind::Alter;
    bool dataLoss = false; // dropping a table or column, narrowing a type, dropping enum values
    // ALTER TYPE ... ADD VALUE: the new value cannot be used in the transaction
    // that adds it, so a migration using it should run with transaction:false.
    bool outsideTransaction = false;
    QString description; // one line for a list view
    QString upSql; // one or more statements, each ending in ";\n"
    QString downSql;

    static QString kindName(Kind kind); // "create", "drop", "alter", "rename"
};
