#include "SchemaTestSupport.h"

#include "support/TestCluster.h"

#include "sandbox/SandboxCluster.h"
#include "schema/SchemaDiff.h"
#include "service/SchemaSource.h"
#include "sql/SqlScript.h"

#include <QProcess>
#include <QProcessEnvironment>

using namespace Qt::StringLiterals;

namespace SchemaTestSupport {

::testing::AssertionResult openWith(Database &db, const QByteArray &sql)
{
    db.settings = TestCluster::freshDatabase(u"schema"_s);
    auto opened = PgConnection::open(db.settings);
    if (!opened)
        return ::testing::AssertionFailure() << opened.error().toString().toStdString();
    db.connection = std::move(opened.value());
    if (sql.isEmpty())
        return ::testing::AssertionSuccess();
    PgResult r = db.connection->exec(sql);
    if (!r.ok())
        return ::testing::AssertionFailure() << "loading the fixture: " << r.error().toString().toStdString();
    return ::testing::AssertionSuccess();
}

::testing::AssertionResult openWithFile(Database &db, const QString &path)
{
    db.settings = TestCluster::freshDatabase(u"corpus"_s);
    {
        auto loader = PgConnection::open(db.settings);
        if (!loader)
            return ::testing::AssertionFailure() << loader.error().toString().toStdString();
        const Status loaded = SchemaSource::loadSqlFile(*loader.value(), path);
        if (!loaded)
            return ::testing::AssertionFailure()
                << "loading " << path.toStdString() << ": " << loaded.error().toString().toStdString();
    }
    auto opened = PgConnection::open(db.settings);
    if (!opened)
        return ::testing::AssertionFailure() << opened.error().toString().toStdString();
    db.connection = std::move(opened.value());
    return ::testing::AssertionSuccess();
}

QString normalizedDump(
    const ConnectionSettings &s, QString *error, const QStringList &extraArguments, int *entries)
{
    QProcess dump;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PGPASSWORD"_s, s.password);
    dump.setProcessEnvironment(env);
    dump.start(SandboxCluster::postgresBinDir() + u"/pg_dump"_s,
        QStringList { u"--schema-only"_s, u"-h"_s, s.host, u"-p"_s, QString::number(s.port), u"-U"_s, s.user }
            + extraArguments + QStringList { s.database });
    if (!dump.waitForFinished(300000) || dump.exitCode() != 0) {
        *error = QString::fromUtf8(dump.readAllStandardError());
        return {};
    }
    QStringList kept;
    int names = 0;
    const QStringList lines = QString::fromUtf8(dump.readAllStandardOutput()).split(u'\n');
    for (const QString &line : lines) {
        if (line.startsWith(u"-- Name: "_s))
            ++names;
        if (line.isEmpty() || line.startsWith(u"--"_s) || line.startsWith(u"SET "_s)
            || line.startsWith(u"SELECT pg_catalog.set_config('search_path'"_s)
            || line.startsWith(u"\\restrict"_s) || line.startsWith(u"\\unrestrict"_s))
            continue;
        kept << line;
    }
    if (entries)
        *entries = names;
    return kept.join(u'\n');
}

::testing::AssertionResult applyScript(PgConnection &c, const QString &sql, bool outsideTransaction)
{
    if (sql.isEmpty())
        return ::testing::AssertionSuccess();
    if (!outsideTransaction) {
        PgResult r = c.exec((u"BEGIN;\n"_s + sql + u"\nCOMMIT;"_s).toUtf8());
        if (!r.ok()) {
            c.exec("ROLLBACK");
            return ::testing::AssertionFailure() << r.error().toString().toStdString() << "\nin:\n"
                                                 << sql.toStdString();
        }
        return ::testing::AssertionSuccess();
    }
    auto statements = SqlScript::parse(sql.toUtf8(), u"generated"_s);
    if (!statements)
        return ::testing::AssertionFailure() << statements.error().toString().toStdString();
    for (const SqlStatement &s : *statements) {
        PgResult r = c.exec(s.text);
        if (!r.ok())
            return ::testing::AssertionFailure() << r.error().toString().toStdString() << "\nin:\n"
                                                 << sql.toStdString();
    }
    return ::testing::AssertionSuccess();
}

QString describe(const SchemaDiff &diff)
{
    QString text;
    for (const SchemaChange &c : diff.changes())
        text += c.description + u'\n';
    return text + u"-- up:\n"_s + diff.upSql() + u"-- down:\n"_s + diff.downSql();
}

} // namespace SchemaTestSupport
