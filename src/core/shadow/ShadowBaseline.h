#pragma once

#include "common/StrataError.h"
#include "migration/Migration.h"
#include "sql/SqlStatement.h"

#include <QList>
#include <QString>
#include <QStringList>

class PgConnection;
struct ConnectionSettings;

// What a shadow database starts with before migrations replay into it: the
// part of the target database that no migration creates. A chain written for
// a database where `uuid-ossp` was installed by hand (or by TypeORM's driver,
// which creates it when it connects) must run in the shadow as on the target,
// as Atlas's dev database and Flyway's shadow do.
//
// Copied: the target's extensions (with the version the target has, when the
// shadow's server offers it), the schemas they live in, and the database's own
// search_path setting (ALTER DATABASE ... SET search_path), so that unqualified
// calls resolve the same way. Nothing else: tables, types and functions are
// what the migrations are compared on. What the chain creates itself (CREATE
// EXTENSION, or CREATE SCHEMA without IF NOT EXISTS for an extension's schema,
// in any migration) is left out, so the chain's own statement runs as written.
class ShadowBaseline
{
public:
    struct Extension
    {
        QString name;
        QString schema;
        QString version;
    };

    // The target's baseline (source() names the target in messages).
    static Result<ShadowBaseline> read(PgConnection &target);
    static Result<ShadowBaseline> read(const ConnectionSettings &target);

    // Without what these migrations (up and down sections) or statements create themselves.
    ShadowBaseline without(const MigrationList &chain) const;
    ShadowBaseline without(const QList<SqlStatement> &statements) const;

    bool isEmpty() const { return m_extensions.isEmpty() && m_searchPath.isEmpty(); }
    QList<Extension> extensions() const { return m_extensions; }
    QString searchPath() const { return m_searchPath; }
    QString source() const { return m_source; }
    // "extensions uuid-ossp 1.1 (public), pg_trgm 1.6 (public); search_path app, public"
    QString describe() const;

    // The setting the shadow database gets before anyone connects to it
    // (ALTER DATABASE ... SET search_path); empty: none.
    QByteArray alterDatabaseSql(const QString &database) const;
    // Creates the schemas and extensions in the (empty) shadow. An extension
    // the shadow's server does not have is an error naming it, the target it
    // comes from and what to do (`inSandbox`: the shadow is in a local sandbox).
    Status apply(PgConnection &shadow, const QString &shadowDescription, bool inSandbox) const;

    // A replay that failed on a function or type of a well-known extension the
    // shadow lacks ("function uuid_generate_v4() does not exist") gets a hint
    // naming the extension and the two ways to provide it.
    static void explainMissingExtension(StrataError *error);

private:
    ShadowBaseline withoutCreated(const QStringList &extensions, const QStringList &schemas) const;

    QList<Extension> m_extensions;
    QStringList m_schemas; // the extensions' schemas besides public
    QString m_searchPath; // the database's own setting, as the server prints it
    QString m_source; // the target, described
};
