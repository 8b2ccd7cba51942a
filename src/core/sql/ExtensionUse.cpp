#include "ExtensionUse.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pg_query.h>

namespace {

QString stringNode(const QJsonValue &v)
{
    return v.toObject().value(QLatin1String("String")).toObject().value(QLatin1String("sval")).toString();
}

// The last part of a qualified name list (funcname, TypeName.names).
QString lastName(const QJsonArray &names)
{
    return names.isEmpty() ? QString() : stringNode(names.last());
}

// Functions of the extensions whose calls migrations most often rely on
// without creating the extension (TypeORM's driver creates uuid-ossp when it
// connects, so its generated migrations never do). Names PostgreSQL itself
// has (gen_random_uuid since 13) are not here.
const QHash<QString, QString> &knownFunctions()
{
    static const QHash<QString, QString> table = [] {
        QHash<QString, QString> t;
        auto add = [&t](const char *extension, std::initializer_list<const char *> names) {
            for (const char *n : names)
                t.insert(QLatin1String(n), QLatin1String(extension));
        };
        add("uuid-ossp",
            { "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v3", "uuid_generate_v4",
                "uuid_generate_v5", "uuid_nil", "uuid_ns_dns", "uuid_ns_url", "uuid_ns_oid",
                "uuid_ns_x500" });
        add("pgcrypto",
            { "crypt", "gen_salt", "digest", "hmac", "gen_random_bytes", "pgp_sym_encrypt", "pgp_sym_decrypt",
                "pgp_sym_encrypt_bytea", "pgp_sym_decrypt_bytea", "pgp_pub_encrypt", "pgp_pub_decrypt",
                "pgp_pub_encrypt_bytea", "pgp_pub_decrypt_bytea", "pgp_key_id", "armor", "dearmor",
                "encrypt_iv", "decrypt_iv" });
        add("pg_trgm",
            { "similarity", "word_similarity", "strict_word_similarity", "show_trgm", "show_limit",
                "set_limit" });
        add("unaccent", { "unaccent" });
        add("fuzzystrmatch",
            { "levenshtein", "levenshtein_less_equal", "soundex", "difference", "metaphone", "dmetaphone",
                "dmetaphone_alt", "daitch_mokotoff" });
        add("hstore",
            { "hstore", "akeys", "avals", "skeys", "svals", "hstore_to_json", "hstore_to_jsonb",
                "hstore_to_array", "hstore_to_matrix", "hstore_to_json_loose", "hstore_to_jsonb_loose" });
        add("ltree", { "nlevel", "subltree", "subpath", "lca", "text2ltree", "ltree2text" });
        add("citext", { "citext" });
        add("tablefunc", { "crosstab", "normal_rand", "connectby" });
        add("intarray", { "intset", "icount", "sort_asc", "sort_desc" });
        add("earthdistance", { "earth_distance", "ll_to_earth", "earth_box", "gc_to_sec", "sec_to_gc" });
        add("cube", { "cube_distance", "cube_dim", "cube_ll_coord", "cube_ur_coord", "cube_subset" });
        add("pg_stat_statements", { "pg_stat_statements_reset" });
        add("postgis",
            { "addgeometrycolumn", "dropgeometrycolumn", "postgis_full_version", "postgis_version",
                "geometry", "geography" });
        return t;
    }();
    return table;
}

const QHash<QString, QString> &knownTypes()
{
    static const QHash<QString, QString> table = [] {
        QHash<QString, QString> t;
        t.insert(QStringLiteral("citext"), QStringLiteral("citext"));
        t.insert(QStringLiteral("hstore"), QStringLiteral("hstore"));
        t.insert(QStringLiteral("ltree"), QStringLiteral("ltree"));
        t.insert(QStringLiteral("lquery"), QStringLiteral("ltree"));
        t.insert(QStringLiteral("cube"), QStringLiteral("cube"));
        t.insert(QStringLiteral("earth"), QStringLiteral("earthdistance"));
        t.insert(QStringLiteral("isbn"), QStringLiteral("isn"));
        t.insert(QStringLiteral("isbn13"), QStringLiteral("isn"));
        t.insert(QStringLiteral("ean13"), QStringLiteral("isn"));
        t.insert(QStringLiteral("geometry"), QStringLiteral("postgis"));
        t.insert(QStringLiteral("geography"), QStringLiteral("postgis"));
        t.insert(QStringLiteral("box2d"), QStringLiteral("postgis"));
        t.insert(QStringLiteral("vector"), QStringLiteral("vector"));
        return t;
    }();
    return table;
}

void addUse(ExtensionUse::Found *found, const QString &extension, const QString &name, bool isType)
{
    for (const ExtensionUse::Use &u : std::as_const(found->uses))
        if (u.name == name && u.isType == isType)
            return;
    ExtensionUse::Use use;
    use.extension = extension;
    use.name = name;
    use.isType = isType;
    use.object = isType ? QStringLiteral("type %1").arg(name) : name + QStringLiteral("()");
    found->uses.append(use);
}

void walk(const QJsonValue &value, ExtensionUse::Found *found)
{
    if (value.isArray()) {
        for (const QJsonValue &v : value.toArray())
            walk(v, found);
        return;
    }
    if (!value.isObject())
        return;
    const QJsonObject object = value.toObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QJsonObject node = it.value().toObject();
        const QString &key = it.key();
        if (key == QLatin1String("CreateExtensionStmt")) {
            found->createdExtensions.append(node.value(QLatin1String("extname")).toString());
        } else if (key == QLatin1String("CreateSchemaStmt")) {
            found->createdSchemas.append(node.value(QLatin1String("schemaname")).toString());
            if (!node.value(QLatin1String("if_not_exists")).toBool())
                found->plainlyCreatedSchemas.append(found->createdSchemas.last());
        } else if (key == QLatin1String("CreateFunctionStmt")) {
            found->createdFunctions.append(lastName(node.value(QLatin1String("funcname")).toArray()));
        } else if (key == QLatin1String("CompositeTypeStmt") || key == QLatin1String("CreateDomainStmt")
            || key == QLatin1String("CreateEnumStmt")) {
            const QJsonValue names = node.contains(QLatin1String("typevar"))
                ? QJsonValue(node.value(QLatin1String("typevar")).toObject().value(QLatin1String("relname")))
                : node.contains(QLatin1String("domainname")) ? node.value(QLatin1String("domainname"))
                                                             : node.value(QLatin1String("typeName"));
            found->createdTypes.append(names.isString() ? names.toString() : lastName(names.toArray()));
        } else if (key == QLatin1String("FuncCall")) {
            const QString name = lastName(node.value(QLatin1String("funcname")).toArray()).toLower();
            QString extension = ExtensionUse::extensionOfFunction(name);
            if (!extension.isEmpty())
                addUse(found, extension, name, false);
        }
        // TypeName sits keyed when it is a Node and unkeyed in fields typed
        // TypeName* (ColumnDef.typeName, TypeCast.typeName).
        if (key == QLatin1String("TypeName") || key == QLatin1String("typeName")) {
            const QString name = lastName(node.value(QLatin1String("names")).toArray()).toLower();
            QString extension = ExtensionUse::extensionOfType(name);
            if (!extension.isEmpty())
                addUse(found, extension, name, true);
        }
        walk(it.value(), found);
    }
}

} // namespace

ExtensionUse::Found ExtensionUse::of(const QByteArray &sql)
{
    Found found;
    PgQueryParseResult parsed = pg_query_parse(sql.constData());
    if (parsed.error) {
        pg_query_free_parse_result(parsed);
        return found;
    }
    const QJsonDocument tree = QJsonDocument::fromJson(QByteArray(parsed.parse_tree));
    pg_query_free_parse_result(parsed);
    walk(tree.object().value(QLatin1String("stmts")), &found);
    // A call of a function the same SQL defines is not the extension's.
    for (qsizetype i = found.uses.size() - 1; i >= 0; --i) {
        const Use &u = found.uses.at(i);
        if ((u.isType ? found.createdTypes : found.createdFunctions).contains(u.name, Qt::CaseInsensitive))
            found.uses.removeAt(i);
    }
    return found;
}

QString ExtensionUse::extensionOfFunction(const QString &name)
{
    const QString folded = name.toLower();
    if (folded.startsWith(QLatin1String("st_")))
        return QStringLiteral("postgis");
    return knownFunctions().value(folded);
}

QString ExtensionUse::extensionOfType(const QString &name)
{
    return knownTypes().value(name.toLower());
}
