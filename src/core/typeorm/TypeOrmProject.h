#pragma once

#include "TypeOrmMigrationFile.h"
#include "common/StrataError.h"
#include "db/ConnectionSettings.h"
#include "db/EnvFile.h"
#include "history/HistoryTable.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// A TypeORM project folder as its CLI sees it, read without running Node: the
// data source (`new DataSource({...})` in src/data-source.ts or wherever the
// package.json scripts' `-d` points, or an ormconfig.json / .js / .ts / .env),
// its connection settings, migrations globs, history table and transaction mode.
//
// Values are evaluated statically (TypeOrmDataSourceReader, with the
// JsExpressionParser the migration reader uses too): literals, `process.env.X`,
// `||` and `??` defaults, `parseInt(...)` / `Number(...)`, `__dirname + '...'`
// and path.join(...). The environment is this process's, then the project's .env
// when the data source loads dotenv (dotenv never overrides a set variable).
// Anything else is a note naming the file, line and the expression: reported,
// never guessed.
class TypeOrmProject
{
public:
    // TypeORM's migrationsTransactionMode. Unspecified means TypeORM's default,
    // "all" (one transaction for the whole batch).
    enum class TransactionMode { Unspecified, All, Each, None };

    // The configuration file TypeORM's CLI would be pointed at in `folder`, or
    // empty: the `-d`/`--dataSource` of the package.json scripts, then
    // src/data-source.ts (.js), data-source.ts (.js), then a `data-source.ts`
    // (or .js) up to three folders deep outside node_modules / dist, then
    // ormconfig.json / .js / .ts / .env / .yml.
    static QString findConfigFile(const QString &folder);

    static Result<TypeOrmProject> open(const QString &folder,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    // Reads `configFile` (a data source module or an ormconfig) of the project in `folder`.
    static Result<TypeOrmProject> openConfig(const QString &folder, const QString &configFile,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

    QString folder() const { return m_folder; }
    QString configFile() const { return m_configFile; }
    // The password, when known, is in here and nowhere else: never logged or stored.
    const ConnectionSettings &connection() const { return m_connection; }
    QString databaseType() const { return m_type; }
    // Absolute glob patterns, braces expanded (`*{.ts,.js}` gives two).
    QStringList migrationGlobs() const { return m_migrationGlobs; }
    HistoryTable history() const { return m_history; }
    TransactionMode transactionMode() const { return m_transactionMode; }
    QString transactionModeName() const;
    // The .env file the data source loads (empty when it loads none).
    QString envFile() const { return m_envFile; }
    // What could not be read statically or is not supported, with file and line.
    const QList<TypeOrmProblem> &notes() const { return m_notes; }

    // The migration files the globs match, sorted by file name; `.d.ts` and
    // `.map` files excluded.
    QStringList migrationFiles() const;
    // Folders the globs start from (for display and for file watching).
    QStringList migrationFolders() const;

    // A glob expanding to more patterns than this is refused: `{a,b}` 26 times
    // over is 67 million of them.
    static constexpr qsizetype MaxGlobPatterns = 256;
    // Expands `{a,b}` alternatives; empty when there would be more than
    // MaxGlobPatterns. Exposed for the tests.
    static QStringList expandBraces(const QString &pattern);
    // Files matching an absolute glob with `*`, `?`, `**` and `[...]`.
    static QStringList matchGlob(const QString &pattern);

private:
    void readOrmConfigJson(const QByteArray &bytes);
    void readOrmConfigEnv();
    void note(int line, int column, const QString &message);
    QString environmentValue(const QString &name, bool *known) const;
    QString resolvePath(const QString &path) const;
    // Expands and resolves a migrations glob of the configuration and keeps
    // it if it stays inside the project folder; otherwise a note at line/column.
    void addMigrationGlob(const QString &glob, int line, int column);

    friend class TypeOrmDataSourceReader;

    QString m_folder;
    QString m_configFile;
    QProcessEnvironment m_environment;
    EnvFile m_dotenv;
    QString m_envFile;
    ConnectionSettings m_connection;
    QString m_type;
    QStringList m_migrationGlobs;
    HistoryTable m_history;
    TransactionMode m_transactionMode = TransactionMode::Unspecified;
    QList<TypeOrmProblem> m_notes;
};
