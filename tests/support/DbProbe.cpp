#include "DbProbe.h"

#include <gtest/gtest.h>

DbProbe::DbProbe(const ConnectionSettings &settings)
{
    Result<std::unique_ptr<PgConnection>> c = PgConnection::open(settings);
    EXPECT_TRUE(c.ok()) << (c.ok() ? std::string() : c.error().toString().toStdString());
    if (c)
        m_connection = std::move(c).value();
}

QString DbProbe::scalar(const QByteArray &sql)
{
    // Not connected: the constructor has reported it; fail the query, do not crash.
    if (!m_connection)
        return {};
    PgResult r = m_connection->exec(sql);
    EXPECT_TRUE(r.ok()) << sql.constData() << ": " << r.error().message.toStdString();
    if (!r.ok() || r.rowCount() == 0)
        return {};
    return r.isNull(0, 0) ? QString() : r.value(0, 0);
}

QStringList DbProbe::column(const QByteArray &sql)
{
    if (!m_connection)
        return {};
    PgResult r = m_connection->exec(sql);
    EXPECT_TRUE(r.ok()) << sql.constData() << ": " << r.error().message.toStdString();
    QStringList values;
    for (int i = 0; r.ok() && i < r.rowCount(); ++i)
        values << r.value(i, 0);
    return values;
}

bool DbProbe::exec(const QByteArray &sql)
{
    if (!m_connection)
        return false;
    PgResult r = m_connection->exec(sql);
    EXPECT_TRUE(r.ok()) << sql.constData() << ": " << r.error().message.toStdString();
    return r.ok();
}

bool DbProbe::tableExists(const QString &name)
{
    if (!m_connection)
        return false;
    PgResult r = m_connection->execParams("SELECT to_regclass($1) IS NOT NULL", { name.toUtf8() });
    return r.ok() && r.value(0, 0) == QLatin1String("t");
}

int DbProbe::historyCount(const QString &table)
{
    if (!tableExists(table))
        return 0;
    return scalar(
        QStringLiteral("SELECT count(*) FROM %1").arg(PgConnection::quoteIdentifier(table)).toUtf8())
        .toInt();
}

QString DbProbe::schemaFingerprint()
{
    const QStringList parts = column(
        "SELECT format('%s.%s %s %s %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
        "a.attnotnull, "
        "coalesce(pg_get_expr(d.adbin, d.adrelid), '')) "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
        "LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm', 'p') "
        "AND c.relname NOT IN ('migrations', 'migrations_strata') "
        "UNION ALL SELECT format('constraint %s %s', conname, pg_get_constraintdef(oid)) FROM pg_constraint "
        "WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT IN ('migrations', "
        "'migrations_strata') "
        "UNION ALL SELECT format('index %s', pg_get_indexdef(indexrelid)) FROM pg_index i JOIN pg_class c ON "
        "c.oid = "
        "i.indexrelid WHERE c.relnamespace = 'public'::regnamespace AND i.indrelid::regclass::text NOT IN "
        "('migrations', 'migrations_strata') "
        "UNION ALL SELECT format('extension %s', extname) FROM pg_extension "
        "UNION ALL SELECT format('type %s', typname) FROM pg_type WHERE typnamespace = "
        "'public'::regnamespace "
        "AND typtype IN ('e', 'd') "
        "ORDER BY 1");
    return parts.join(QLatin1Char('\n'));
}
