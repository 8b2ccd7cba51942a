# shellcheck shell=bash
# Shared by the benchmark scripts (sourced, not run): a throwaway PostgreSQL
# cluster in a temporary folder, stopped and removed however the script ends.
#
# The caller defines die() and PG_BIN first, then calls
#   bench_start_cluster PREFIX [EXTRA_CONF]
# which sets WORK (the temporary folder, also the current folder and the
# socket directory), PGDATA_DIR and PORT, defines as_pg (runs a command as the
# server's user: `postgres` when run as root), exports PGHOST, PGPORT, PGUSER
# and PGDATABASE=postgres, and clears the libpq variables that would point
# elsewhere. EXTRA_CONF is appended to postgresql.conf.

if ((EUID == 0)); then
    id -u postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' system user to run the server"
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

WORK=
PGDATA_DIR=
PORT=

bench_cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if [[ -n $PGDATA_DIR && -f $PGDATA_DIR/postmaster.pid ]]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 30 stop >/dev/null 2>&1 ||
            as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    if [[ -n $WORK && -d $WORK ]]; then
        cd /
        rm -rf -- "$WORK"
    fi
    exit "$rc"
}

bench_start_cluster() {
    local prefix=$1 extra_conf=${2:-}
    trap bench_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP

    WORK=$(mktemp -d "${TMPDIR:-/tmp}/$prefix.XXXXXX")
    # The socket path (WORK/.s.PGSQL.PORT) must fit in sun_path (107 bytes).
    ((${#WORK} <= 80)) || die "temporary folder path too long for a Unix socket: $WORK (set TMPDIR=/tmp)"
    PGDATA_DIR=$WORK/data
    if ((EUID == 0)); then
        chown postgres: "$WORK"
        as_pg test -w "$WORK" || die "the postgres user cannot write to $WORK (set TMPDIR=/tmp)"
    fi
    cd "$WORK" || die "cannot enter $WORK" # so neither strata-cli nor psql picks up a project's .env or psqlrc from the caller's folder

    PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

    if ! as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$WORK/initdb.log" 2>&1; then
        cat "$WORK/initdb.log" >&2
        die "initdb failed"
    fi
    # fsync and synchronous_commit stay at their defaults (on): commits cost what they cost in production.
    cat >>"$PGDATA_DIR/postgresql.conf" <<CONF

# strata bench
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$WORK'
fsync = on
synchronous_commit = on
max_connections = 20
$extra_conf
CONF
    if ! as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$WORK/postgres.log" -w -t 60 start >/dev/null 2>&1; then
        tail -n 30 "$WORK/postgres.log" >&2 || true
        die "the PostgreSQL server did not start"
    fi

    export PGHOST=$WORK PGPORT=$PORT PGUSER=postgres PGDATABASE=postgres
    unset PGPASSWORD PGPASSFILE PGSERVICE PGSERVICEFILE PGHOSTADDR PGOPTIONS PGSSLMODE PGAPPNAME PGCONNECT_TIMEOUT PSQLRC
}
