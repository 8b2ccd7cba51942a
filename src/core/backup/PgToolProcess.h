#pragma once

#include "common/StrataError.h"
#include "db/ConnectionSettings.h"

#include <QProcessEnvironment>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>

// Runs one PostgreSQL client program (pg_dump, pg_restore) for a connection the
// way a careful DBA would: the connection goes through the libpq environment
// (PGHOST, PGPORT, PGUSER, PGDATABASE ...), the password through a private
// password file and never through the arguments, and
// --no-password so the program fails instead of prompting on a terminal.
//
// The password file is an anonymous in-memory file (memfd, mode 0600) that has
// no name in any folder: the program inherits its descriptor and reads it as
// PGPASSFILE=/proc/self/fd/N. It goes away with the last process holding it,
// so not even a kill -9 of Strata can leave it behind.
//
// With settings.ssh the program goes through the shared SSH tunnel (held from
// environment() until this object goes): PGHOSTADDR and PGPORT are the
// tunnel's end on 127.0.0.1, PGHOST the server's real name (for verify-full).
//
// Lives on one thread; only the cancel flag passed to run() is touched from others.
class SshTunnel;

class PgToolProcess
{
public:
    // `database` is the database the program connects to (empty: the settings').
    PgToolProcess(ConnectionSettings settings, QString database);
    ~PgToolProcess();

    PgToolProcess(const PgToolProcess &) = delete;
    PgToolProcess &operator=(const PgToolProcess &) = delete;

    struct Outcome
    {
        bool started = false;
        bool cancelled = false;
        bool crashed = false;
        int exitCode = -1;
        QString startError; // why it did not start
        QStringList problemLines; // error:, detail:, hint: and other non-progress lines
        QByteArray standardOutput;
        bool succeeded() const { return started && !cancelled && !crashed && exitCode == 0; }
    };

    // Runs `program` to its end. `onLine` sees each line of its standard error
    // as it arrives (progress), `onStarted` its pid once it runs. `cancel` is
    // polled: when set the program is terminated (then killed).
    Outcome run(const QString &program, const QStringList &arguments,
        const std::function<void(const QString &line)> &onLine,
        const std::function<void(qint64 pid)> &onStarted, const std::atomic_bool &cancel);

    // The environment the program gets (for tests and for the record: no password in it).
    Result<QProcessEnvironment> environment();

    // PGPASSFILE as the program sees it, /proc/self/fd/N (empty without a password).
    QString passwordFilePath() const;

    // The lines worth showing from a failed run, joined.
    static QString describeProblems(const Outcome &outcome, const QString &program);

private:
    Status writePasswordFile();

    ConnectionSettings m_settings;
    QString m_database;
    std::shared_ptr<SshTunnel> m_tunnel;
    int m_passwordFd = -1; // the memfd, close-on-exec except in the program's child
};
