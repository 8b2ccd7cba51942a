#pragma once

#include "TypeOrmMigrationFile.h"
#include "common/StrataError.h"
#include "db/ConnectionSettings.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <optional>

// What to record: migration files of one TypeORM project, run in the given
// order on a scratch database.
struct TypeOrmRecordRequest
{
    QString projectDir; // where `typeorm`, `pg` and (for .ts) `ts-node` are resolved from, as Node does
    QStringList migrationFiles; // absolute, or relative to projectDir; run in this order
    // An empty scratch database (a shadow): the ups and then the downs run on
    // it for real. The password goes to node on stdin only.
    ConnectionSettings shadow;
    QString nodePath; // empty: `node` on PATH
    int timeoutMs = 300000;
};

// One migration as TypeORM ran it.
struct TypeOrmRecordedMigration
{
    // readBy = TypeOrm; up/down hold each statement as TypeORM issued it, with
    // its parameters inlined as literals (TypeOrmQuery::parameters then holds
    // those literals for display, hasParameters stays false). A failure is
    // also a TypeOrmProblem here, so importable() is false.
    TypeOrmMigrationFile file;
    // A statement of the migration's own code read rows (a SELECT that returned
    // some): what the migration did may depend on the data, and the recording
    // reflects the shadow's data, not the target's.
    bool readsData = false;
    // false: not run, because an earlier migration (or loading a file) failed,
    // or the file exports no class (TypeORM ignores it; `error` says so)
    bool ran = true;
    std::optional<StrataError> error; // TypeORM's own error, with the file, direction and SQLSTATE
};

struct TypeOrmRecording
{
    QString typeOrmVersion; // the project's, e.g. "0.3.31"
    QString nodeVersion;
    QList<TypeOrmRecordedMigration> migrations;
};

// Asks the project's own TypeORM which SQL its migrations issue: runs the
// recorder script (recorder.js, a resource of this library) with `node`, which
// loads the migration files the way TypeORM does, runs each up() and then each
// down() (newest first) through TypeORM's PostgreSQL query runner on the
// shadow database and records every statement the migration's code issues
// (TypeORM's own catalog reads and transaction control left out).
//
// Without node, or without typeorm in the project, record() fails with an
// Environment error saying the migrations are read statically instead.
// record() blocks; cancel() may be called from any thread.
class TypeOrmNodeRecorder
{
public:
    // The node executable: `explicitPath` if given (it must exist), else the
    // first `node` on PATH.
    static Result<QString> findNode(const QString &explicitPath = {});
    // Whether Node would find a `typeorm` package from projectDir
    // (node_modules/typeorm in the folder or one of its parents).
    static bool hasTypeOrm(const QString &projectDir);
    // The recorder script's text.
    static QByteArray script();

    Result<TypeOrmRecording> record(const TypeOrmRecordRequest &request);
    void cancel() { m_cancelled = true; }

    // The recorder's JSON document as TypeOrmRecording (parameters inlined).
    static Result<TypeOrmRecording> parse(const QByteArray &json);

private:
    std::atomic<bool> m_cancelled { false };
};
