#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// What SQL does with extensions, read from libpg_query's parse tree: the
// extensions and schemas it creates, the functions it defines, and the
// functions and types it uses that belong to a well-known extension. The
// shadow database leaves to a migration what the migration creates itself; the
// pre-flight names the extension behind a function the target does not have.
class ExtensionUse
{
public:
    struct Use
    {
        QString extension; // e.g. "uuid-ossp"
        QString object; // as a person reads it: "uuid_generate_v4()", "type citext"
        QString name; // the function or type name, folded: "uuid_generate_v4"
        bool isType = false;
    };

    struct Found
    {
        QStringList createdExtensions; // CREATE EXTENSION names
        QStringList createdSchemas; // CREATE SCHEMA names
        // Those of them without IF NOT EXISTS: they fail when the schema is there already.
        QStringList plainlyCreatedSchemas;
        QStringList createdFunctions; // CREATE FUNCTION names, unqualified
        QStringList createdTypes; // CREATE TYPE / DOMAIN names, unqualified
        QList<Use> uses; // calls (also in column defaults) and column types of known extensions
    };

    // One or more statements; nothing when the text does not parse.
    static Found of(const QByteArray &sql);

    // The extension a function (or type) of this name belongs to, from a
    // curated table of the contrib extensions' and PostGIS's well-known names;
    // empty when unknown.
    static QString extensionOfFunction(const QString &name);
    static QString extensionOfType(const QString &name);
};
